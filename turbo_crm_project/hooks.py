# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.turbo_crm.hooks import remove_demo_accounting


def uninstall_hook(env):
    """Let the demo project, its invoices and its expense report go."""
    data = env["ir.model.data"].search(
        [("module", "=", "turbo_crm_project"), ("model", "=", "hr.expense")]
    )
    sheets = env["hr.expense"].browse(data.mapped("res_id")).exists().sheet_id
    sheets.account_move_ids.filtered(lambda m: m.state == "posted").button_draft()
    sheets.account_move_ids.with_context(force_delete=True).unlink()
    sheets.action_reset_expense_sheets()
    sheets.unlink()
    remove_demo_accounting(env, "turbo_crm_project")
