# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


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
        if "qty_delivered" in vals:
            self._create_service_equipment()
        return res

    def unlink(self):
        orders = self.order_id
        confirmed = orders._get_confirmed_fingerprints()
        res = super().unlink()
        orders._void_approval_if_changed()
        orders._check_confirmed_approval(confirmed)
        return res

    # -- Approval: what a line gives away ---------------------------------------
    def _get_approval_list_price(self):
        """The unit price Odoo gives the line: its pricelist's for the
        product, quantity and unit (before a discount the pricelist shows),
        with the included taxes the line's price has."""
        self.ensure_one()
        line = self.with_company(self.company_id)
        return line.product_id._get_tax_included_unit_price_from_price(
            line._get_display_price(),
            product_taxes=line.product_id.taxes_id.filtered(
                lambda tax: tax.company_id == line.env.company
            ),
            fiscal_position=line.order_id.fiscal_position_id,
        )

    def _get_approval_discount(self):
        """The line's discount in %: its discount field, or how far its net
        unit price is under the list price when that is deeper. A negative
        line (a discount product, a negative quantity) lowers the order, not
        its own price: the order judges it."""
        self.ensure_one()
        if self.product_uom_qty <= 0 or self.price_unit < 0:
            return self.discount
        list_price = self._get_approval_list_price()
        if self.currency_id.compare_amounts(list_price, 0) <= 0:
            return self.discount
        net_price = self.price_unit * (1 - self.discount / 100)
        return max(self.discount, 100 * (1 - net_price / list_price))

    # -- The installed base: delivered units of serviceable products ----------
    def _prepare_service_equipment_values(self):
        self.ensure_one()
        order = self.order_id
        return {
            "name": self.product_id.default_code or self.product_id.name,
            "company_id": order.company_id.id,
            "partner_id": order.partner_shipping_id.id or order.partner_id.id,
            "product_id": self.product_id.id,
            "installed_on": fields.Date.context_today(self),
            "sale_line_id": self.id,
            "technician_id": order.partner_id.commercial_partner_id.service_user_id.id,
        }

    def _create_service_equipment(self):
        """One unit of equipment per delivered unit of a serviceable product
        that has none yet: delivering more adds units, never twice."""
        lines = self.filtered(
            lambda line: (
                line.product_id.is_serviceable
                and line.state == "sale"
                and line.qty_delivered > 0
            )
        )
        if not lines:
            return self.env["crm.service.equipment"]
        # sudo: the installed base follows the delivery, whoever delivers.
        Equipment = self.env["crm.service.equipment"].sudo()
        existing = dict(
            Equipment.with_context(active_test=False)._read_group(
                [("sale_line_id", "in", lines.ids)], ["sale_line_id"], ["__count"]
            )
        )
        vals_list = []
        for line in lines:
            # Never more units than were sold, whatever is typed as delivered.
            delivered = min(line.qty_delivered, line.product_uom_qty)
            missing = int(delivered) - existing.get(line, 0)
            vals_list += [line._prepare_service_equipment_values()] * max(missing, 0)
        return Equipment.create(vals_list)
