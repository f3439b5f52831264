# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmQualificationCriterion(models.Model):
    _name = "crm.qualification.criterion"
    _description = "Qualification Criterion"
    _order = "sequence, id"

    template_id = fields.Many2one(
        "crm.qualification.template",
        string="Scorecard",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    guidance = fields.Text(
        translate=True,
        help="What a score of 0 and a score of 5 look like: the evidence the "
        "rep should look for.",
    )
    weight = fields.Float(default=1.0, help="Relative weight in the score.")
    knockout = fields.Boolean(
        help="A score of 0 on this criterion rejects the whole assessment, "
        "whatever the other scores.",
    )

    _sql_constraints = [
        (
            "weight_positive",
            "CHECK (weight > 0)",
            "The weight of a qualification criterion must be positive.",
        ),
    ]
