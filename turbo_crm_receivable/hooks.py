# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL

from odoo.addons.turbo_crm.hooks import remove_demo_accounting
from odoo.addons.turbo_crm.models.sale_approval_rule import SaleApprovalRule

from .models.account_move_line import OPEN_ITEM_INDEX


def post_init_hook(env):
    # The credit hold stops orders through the approval rules: one rule per
    # company, decided by the credit controllers.
    env["res.company"].search([])._create_credit_approval_rules()


def uninstall_hook(env):
    remove_demo_accounting(env, "turbo_crm_receivable")
    # The rules left with none of turbo_crm's conditions would match nothing.
    credit_rules = (
        env["sale.approval.rule"]
        .with_context(active_test=False)
        .search(
            [
                "|",
                "|",
                ("on_credit_hold", "=", True),
                ("over_credit_limit", "=", True),
                ("overdue_days_over", ">", 0),
            ]
        )
    )
    credit_rules.filtered(
        lambda rule: not SaleApprovalRule._has_condition(rule)
    ).active = False
    # Odoo drops the addon's tables and columns; the index it added to the
    # journal items goes too.
    env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(OPEN_ITEM_INDEX)))
