# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


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

    @api.constrains("criterion_type", "field_id")
    def _check_field_id(self):
        Lead = self.env["crm.lead"]
        for criterion in self.filtered(lambda c: c.criterion_type == "field"):
            field = criterion.sudo().field_id  # reps may not read the fields
            if field.model != Lead._name or field.name not in Lead._fields:
                raise ValidationError(
                    self.env._(
                        "The exit criterion %(criterion)s of %(stage)s checks "
                        "%(field)s, which is not a field of the opportunities: "
                        "choose one of theirs.",
                        criterion=criterion.name,
                        stage=criterion.stage_id.name,
                        field=field.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # crm.stage._get_gate_stages
        return super().create(vals_list)

    def write(self, vals):
        if "stage_id" in vals:
            self.env.registry.clear_cache()  # crm.stage._get_gate_stages
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()  # crm.stage._get_gate_stages
        return super().unlink()

    def _is_met(self, lead):
        self.ensure_one()
        if self.criterion_type == "field":
            # Reps may not read ir.model.fields; the field's name is no secret.
            fname = self.sudo().field_id.name
            # A field gone with its module is missing, not a crash.
            return fname in lead._fields and bool(lead[fname])
        return self in lead.checklist_done_ids
