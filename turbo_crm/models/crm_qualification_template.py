# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

# What the cached default scorecard of a team depends on.
DEFAULT_TEMPLATE_FIELDS = frozenset({"active", "sequence", "company_id", "team_ids"})


class CrmQualificationTemplate(models.Model):
    """A go/no-go scorecard (立项评估) for deciding whether to pursue a
    project opportunity."""

    _name = "crm.qualification.template"
    _description = "Qualification Scorecard"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the scorecard between companies.",
    )
    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        check_company=True,
        help="Opportunities of these teams get this scorecard by default. "
        "A scorecard without teams is the default of every other team.",
    )
    criterion_ids = fields.One2many(
        "crm.qualification.criterion", "template_id", string="Criteria", copy=True
    )
    pass_score = fields.Float(
        default=60.0,
        help="Lowest score (0 to 100) at which an opportunity can be qualified.",
    )
    description = fields.Html(translate=True)
    total_weight = fields.Float(compute="_compute_total_weight")

    @api.depends("criterion_ids.weight")
    def _compute_total_weight(self):
        for template in self:
            template.total_weight = sum(template.criterion_ids.mapped("weight"))

    @api.constrains("pass_score")
    def _check_pass_score(self):
        for template in self:
            if not 0 <= template.pass_score <= 100:
                raise ValidationError(
                    self.env._(
                        "The pass score of %(template)s must lie between 0 and 100.",
                        template=template.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _get_scorecards
        return super().create(vals_list)

    def write(self, vals):
        if DEFAULT_TEMPLATE_FIELDS & vals.keys():
            self.env.registry.clear_cache()  # _get_scorecards
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()  # _get_scorecards
        return super().unlink()

    @api.model
    def _get_default_for_team(self, team):
        """The scorecard of a team: its own, else the shared default."""
        company_id = (team.company_id or self.env.company).id
        scorecards = [
            (template_id, team_ids)
            for template_id, template_company_id, team_ids in self._get_scorecards()
            if template_company_id in (False, company_id)
        ]
        own = [t for t, team_ids in scorecards if team.id in team_ids]
        shared = [t for t, team_ids in scorecards if not team_ids]
        return self.browse((own or shared)[:1])

    @api.model
    @tools.ormcache()
    def _get_scorecards(self):
        """((id, company id, team ids), ...) of the active scorecards, in
        sequence. Every new or converted opportunity asks (lead assignment
        converts them one by one): cached, cleared when scorecards change."""
        # sudo: the same default for every user; the company is filtered
        # by the caller.
        return tuple(
            (template.id, template.company_id.id, frozenset(template.team_ids.ids))
            for template in self.sudo().search_fetch([], ["company_id", "team_ids"])
        )
