# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleOrderApprovalRejectWizard(models.TransientModel):
    _name = "sale.order.approval.reject.wizard"
    _description = "Reject a Sales Order Approval"

    order_id = fields.Many2one("sale.order", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        self.order_id._reject_approval(self.reason)
        return {"type": "ir.actions.act_window_close"}
