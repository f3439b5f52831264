# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models, tools

# What the cached gates of the stages depend on.
GATE_STAGE_FIELDS = frozenset({"sequence", "team_id", "requires_qualification"})


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

    @api.model
    @tools.ormcache()
    def _get_gate_stages(self):
        """{stage id: (sequence, team id)} of the stages with a gate (exit
        criteria or a required qualification). Every move of an opportunity
        reads it: cached, cleared when stages or their criteria change."""
        # sudo: the gates bind every user, whatever stages they may read.
        stages = self.sudo().search(
            [
                "|",
                ("requires_qualification", "=", True),
                ("exit_criterion_ids", "!=", False),
            ]
        )
        return {stage.id: (stage.sequence, stage.team_id.id) for stage in stages}

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _get_gate_stages
        return super().create(vals_list)

    def write(self, vals):
        if GATE_STAGE_FIELDS & vals.keys():
            self.env.registry.clear_cache()  # _get_gate_stages
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()  # _get_gate_stages
        return super().unlink()
