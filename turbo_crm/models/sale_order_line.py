# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # A line's change may change what an approval approved.
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._void_approval_if_changed()
        return lines

    def write(self, vals):
        res = super().write(vals)
        self.order_id._void_approval_if_changed()
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders._void_approval_if_changed()
        return res
