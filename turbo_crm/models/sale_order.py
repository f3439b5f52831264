# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    channel_partner_id = fields.Many2one(
        "res.partner",
        string="Channel",
        compute="_compute_channel_partner_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        domain="[('is_channel', '=', True)]",
        help="The distributor, agent or integrator through which the deal is "
        "made; carried from the opportunity.",
    )

    @api.depends("opportunity_id.channel_partner_id")
    def _compute_channel_partner_id(self):
        for order in self:
            order.channel_partner_id = (
                order.channel_partner_id or order.opportunity_id.channel_partner_id
            )
