# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmStage(models.Model):
    """Stage playbook: Odoo's `requirements` text is the rep's guidance;
    the gate is what must hold to enter or leave the stage."""

    _inherit = "crm.stage"

    # The playbook is read by every seller, in his own language.
    requirements = fields.Text(translate=True)
    requires_qualification = fields.Boolean(
        help="Only opportunities whose go/no-go assessment is qualified can "
        "enter this stage.",
    )
    forecast_category = fields.Selection(
        [
            ("pipeline", "Pipeline"),
            ("best_case", "Best Case"),
            ("commit", "Commit"),
        ],
        help="Forecast category of the opportunities entering this stage. "
        "Leave empty to derive it from their probability.",
    )
    exit_criterion_ids = fields.One2many(
        "crm.stage.exit.criterion",
        "stage_id",
        string="Exit Criteria",
        copy=True,
        help="What must be done before an opportunity moves on to a later "
        "stage. Moving back is always allowed.",
    )


class CrmStageExitCriterion(models.Model):
    _name = "crm.stage.exit.criterion"
    _description = "Stage Exit Criterion"
    _order = "sequence, id"

    stage_id = fields.Many2one(
        "crm.stage", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    criterion_type = fields.Selection(
        [("field", "Field is set"), ("checklist", "Checklist item")],
        string="Type",
        required=True,
        default="checklist",
    )
    field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="cascade",
        domain="[('model', '=', 'crm.lead'), ('store', '=', True), "
        "('ttype', 'not in', ('binary', 'boolean'))]",
        help="The opportunity's field that must be set.",
    )

    _sql_constraints = [
        (
            "field_type",
            "CHECK (criterion_type != 'field' OR field_id IS NOT NULL)",
            "An exit criterion of type 'Field is set' needs a field.",
        ),
    ]

    def _is_met(self, lead):
        self.ensure_one()
        if self.criterion_type == "field":
            # Reps may not read ir.model.fields; the field's name is no secret.
            return bool(lead[self.sudo().field_id.name])
        return self in lead.checklist_done_ids
