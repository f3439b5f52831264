# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmErpImportValueMap(models.Model):
    _name = "crm.erp.import.value.map"
    _description = "ERP import value map"
    _order = "profile_id, kind, source_value"

    profile_id = fields.Many2one(
        "crm.erp.import.profile", required=True, ondelete="cascade", index=True
    )
    kind = fields.Selection(
        [
            ("region", "Sales region"),
            ("tier", "Tier"),
            ("segment", "Segment"),
            ("salesperson", "Salesperson"),
            ("technician", "Technician"),
            ("service_type", "Service type"),
        ],
        required=True,
    )
    source_value = fields.Char(
        string="ERP value", required=True, help="The value as the ERP writes it."
    )
    region_id = fields.Many2one("crm.sales.region", string="Sales region")
    customer_tier = fields.Selection(
        selection=lambda self: (
            self.env["res.partner"]
            ._fields["customer_tier"]
            ._description_selection(self.env)
        ),
        string="Tier",
    )
    customer_segment = fields.Selection(
        selection=lambda self: (
            self.env["res.partner"]
            ._fields["customer_segment"]
            ._description_selection(self.env)
        ),
        string="Segment",
    )
    user_id = fields.Many2one("res.users")
    service_type = fields.Selection(
        selection=lambda self: (
            self.env["crm.service.record"]
            ._fields["service_type"]
            ._description_selection(self.env)
        ),
    )

    _sql_constraints = [
        (
            "source_value_unique",
            "unique(profile_id, kind, source_value)",
            "An ERP value is mapped once per profile.",
        ),
    ]

    def _get_target(self):
        self.ensure_one()
        return {
            "region": self.region_id,
            "tier": self.customer_tier,
            "segment": self.customer_segment,
            "salesperson": self.user_id,
            "technician": self.user_id,
            "service_type": self.service_type,
        }[self.kind]
