# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


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

    @api.model_create_multi
    def create(self, vals_list):
        # A score belongs to its opportunity: only who may edit it scores it.
        self.env["crm.lead"].browse(
            {vals["lead_id"] for vals in vals_list if vals.get("lead_id")}
        ).check_access("write")
        return super().create(vals_list)

    def write(self, vals):
        if "lead_id" in vals:
            leads = self.lead_id | self.env["crm.lead"].browse(vals["lead_id"])
            leads.check_access("write")
        lowered = self.env["crm.lead"]
        if "score" in vals:
            lowered = self.filtered(
                lambda line: (
                    line.lead_id.qualification_state == "qualified"
                    and line._is_lowered_by(vals["score"])
                )
            ).lead_id
        result = super().write(vals)
        # The decision stood on the old scores: lowering one reopens it.
        lowered._reopen_qualification()
        return result

    def _is_lowered_by(self, score):
        self.ensure_one()
        return bool(self.score) and (not score or int(score) < int(self.score))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_scorecard_criterion(self):
        """A criterion of the scorecard stays on the opportunity: removing
        it would leave the assessment judged on fewer criteria. The lines go
        when the scorecard changes."""
        kept = self.filtered(
            lambda line: (
                line.criterion_id
                in line.lead_id.qualification_template_id.criterion_ids
            )
        )
        if kept:
            raise UserError(
                self.env._(
                    "The criteria of the scorecard cannot be removed from "
                    "%(leads)s: score them (0 if need be), or choose another "
                    "scorecard.",
                    leads=", ".join(kept.lead_id.mapped("name")),
                )
            )

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
