# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_segment = fields.Selection(
        [
            ("group", "Group"),
            ("enterprise", "Enterprise"),
            ("government", "Government"),
            ("individual", "Individual"),
        ],
        index=True,
        tracking=True,
        help="Group: a customer group with several buying units (集团客户). "
        "Enterprise: a single company. Government: a public body or "
        "state-owned institution. Individual: a private person.",
    )
    customer_tier = fields.Selection(
        [
            ("vip", "VIP"),
            ("a", "A"),
            ("b", "B"),
            ("c", "C"),
        ],
        index=True,
        tracking=True,
        help="Commercial importance of the customer, VIP being the highest.",
    )
    sales_region_id = fields.Many2one(
        "crm.sales.region",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        help="Region whose sales organisation covers this customer.",
    )

    @api.model
    def _commercial_fields(self):
        # Contacts share the classification of their company.
        return super()._commercial_fields() + [
            "customer_segment",
            "customer_tier",
            "sales_region_id",
        ]
