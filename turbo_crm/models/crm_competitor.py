# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCompetitor(models.Model):
    _name = "crm.competitor"
    _description = "Competitor"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        check_company=True,
        help="The competitor as a contact.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the competitor."
    )
    color = fields.Integer()
    strengths = fields.Text()
    weaknesses = fields.Text()
    lead_competitor_ids = fields.One2many(
        "crm.lead.competitor", "competitor_id", string="Opportunities"
    )
    won_count = fields.Integer(compute="_compute_results", string="Won Against")
    lost_count = fields.Integer(compute="_compute_results", string="Lost To")
    open_count = fields.Integer(compute="_compute_results", string="Open")
    win_rate = fields.Float(
        compute="_compute_results",
        help="Opportunities won against this competitor, out of those closed.",
    )

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A competitor with this name exists."),
    ]

    @api.depends("lead_competitor_ids.lead_state")
    def _compute_results(self):
        counts = {
            (competitor.id, state): count
            for competitor, state, count in self.env["crm.lead.competitor"]._read_group(
                [("competitor_id", "in", self.ids)],
                ["competitor_id", "lead_state"],
                ["__count"],
            )
        }
        for competitor in self:
            won = counts.get((competitor.id, "won"), 0)
            lost = counts.get((competitor.id, "lost"), 0)
            competitor.won_count = won
            competitor.lost_count = lost
            competitor.open_count = counts.get((competitor.id, "open"), 0)
            competitor.win_rate = 100.0 * won / (won + lost) if won + lost else 0.0

    @api.constrains("company_id")
    def _check_company_of_opportunities(self):
        """A competitor met on another company's opportunities stays shared:
        giving it a company would hide it from them."""
        # sudo: the opportunities of other companies are those the writer
        # may not read.
        lines = (
            self.env["crm.lead.competitor"]
            .sudo()
            .search(
                [
                    ("competitor_id", "in", self.filtered("company_id").ids),
                    ("company_id", "!=", False),
                ]
            )
        )
        for line in lines:
            if line.company_id != line.competitor_id.company_id:
                # Which companies is theirs to know, not the writer's.
                raise ValidationError(
                    self.env._(
                        "%(competitor)s is on opportunities of another "
                        "company: it must stay shared between companies.",
                        competitor=line.competitor_id.name,
                    )
                )

    def action_view_analysis(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.crm_lead_competitor_action_analysis"
        )
        action["domain"] = [("competitor_id", "in", self.ids)]
        return action
