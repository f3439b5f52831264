# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL

from odoo.addons.turbo_crm.hooks import remove_demo_accounting

from .models.account_move_line import OPEN_ITEM_INDEX


def uninstall_hook(env):
    remove_demo_accounting(env, "turbo_crm_receivable")
    # Odoo drops the addon's tables and columns; the index it added to the
    # journal items goes too.
    env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(OPEN_ITEM_INDEX)))
