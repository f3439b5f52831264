# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # A line's change may change what an approval approved.
    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        )
        confirmed = orders._get_confirmed_fingerprints()
        lines = super().create(vals_list)
        lines.order_id._void_approval_if_changed()
        lines.order_id._check_confirmed_approval(confirmed)
        return lines

    def write(self, vals):
        orders = self.order_id  # a line moved leaves its order changed too
        if "order_id" in vals:
            orders |= orders.browse(vals["order_id"])
        confirmed = orders._get_confirmed_fingerprints()
        res = super().write(vals)
        orders._void_approval_if_changed()
        orders._check_confirmed_approval(confirmed)
        return res

    def unlink(self):
        orders = self.order_id
        confirmed = orders._get_confirmed_fingerprints()
        res = super().unlink()
        orders._void_approval_if_changed()
        orders._check_confirmed_approval(confirmed)
        return res
