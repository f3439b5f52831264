# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    collector_id = fields.Many2one(
        "res.users",
        compute="_compute_collector_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Who reminds this customer of its overdue invoices (催收). "
        "Defaults to the salesperson; set it to hand collection to a credit "
        "controller.",
    )

    @api.depends("user_id")
    def _compute_collector_id(self):
        for partner in self:
            partner.collector_id = partner.collector_id or partner.user_id

    @api.model
    def _commercial_fields(self):
        # The company's collector collects for its contacts too.
        return super()._commercial_fields() + ["collector_id"]
