# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmLeadQualification(models.Model):
    """The score of one criterion of the scorecard on one opportunity."""

    _name = "crm.lead.qualification"
    _description = "Opportunity Qualification Score"
    _order = "sequence, id"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    criterion_id = fields.Many2one(
        "crm.qualification.criterion", required=True, ondelete="cascade"
    )
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    name = fields.Char(related="criterion_id.name")
    guidance = fields.Text(related="criterion_id.guidance")
    weight = fields.Float(related="criterion_id.weight")
    knockout = fields.Boolean(related="criterion_id.knockout")
    score = fields.Selection(
        [(str(i), str(i)) for i in range(6)],
        help="0: not at all, 5: fully proven.",
    )
    evidence = fields.Text(help="What we know that supports the score.")
    company_id = fields.Many2one(related="lead_id.company_id", store=True)

    def _is_knocked_out(self):
        self.ensure_one()
        return self.criterion_id.knockout and self.score == "0"

    _sql_constraints = [
        (
            "criterion_uniq",
            "unique (lead_id, criterion_id)",
            "A criterion is scored once per opportunity.",
        ),
    ]
