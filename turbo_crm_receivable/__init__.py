from odoo.tools import SQL

from . import models
from . import report
from . import wizard
from odoo.addons.turbo_crm.hooks import remove_demo_accounting


def uninstall_hook(env):
    remove_demo_accounting(env, "turbo_crm_receivable")
    # Odoo drops the addon's tables and columns; the index it added to the
    # journal items goes too.
    env.cr.execute(
        SQL(
            "DROP INDEX IF EXISTS %s",
            SQL.identifier(models.account_move_line.OPEN_ITEM_INDEX),
        )
    )
