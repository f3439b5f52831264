# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Since 18.0.1.1.0 an order's salesperson never decides its approvals.
Approvals requested before and still pending may name her: she is left out,
and when she was the only approver the Sales Administrators decide."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["sale.order.approval"].search(
        [("state", "=", "pending")]
    )._leave_out_salespersons()
