# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class CrmLeadCompetitor(models.Model):
    """A competitor on one opportunity: its price position and threat."""

    _name = "crm.lead.competitor"
    _description = "Competitor on an Opportunity"
    _order = "threat desc, id"
    _rec_name = "competitor_id"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    competitor_id = fields.Many2one(
        "crm.competitor",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    price_position = fields.Selection(
        [
            ("lower", "Cheaper than us"),
            ("similar", "Similar price"),
            ("higher", "Dearer than us"),
        ],
    )
    threat = fields.Integer(
        default=3, aggregator="avg", help="1 (harmless) to 5 (likely winner)."
    )
    notes = fields.Text()
    lead_state = fields.Selection(
        [("open", "Open"), ("won", "Won"), ("lost", "Lost")],
        string="Outcome",
        compute="_compute_lead_state",
        store=True,
    )
    user_id = fields.Many2one(
        related="lead_id.user_id", store=True, string="Salesperson"
    )
    team_id = fields.Many2one(related="lead_id.team_id", store=True)
    expected_revenue = fields.Monetary(
        related="lead_id.expected_revenue", store=True, currency_field="currency_id"
    )
    currency_id = fields.Many2one(related="lead_id.company_currency")

    _sql_constraints = [
        (
            "competitor_uniq",
            "unique (lead_id, competitor_id)",
            "This competitor is already on the opportunity.",
        ),
        ("threat_range", "CHECK (threat BETWEEN 1 AND 5)", "Threat goes from 1 to 5."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # A competitor line is part of its opportunity: adding one is editing
        # the opportunity (checked once created, defaults included).
        lines.lead_id.check_access("write")
        return lines

    def write(self, vals):
        if "lead_id" in vals:
            # Moving a line onto another opportunity edits both.
            leads = self.lead_id | self.env["crm.lead"].browse(vals["lead_id"])
            leads.check_access("write")
        return super().write(vals)

    @api.depends("lead_id.active", "lead_id.stage_id.is_won", "lead_id.probability")
    def _compute_lead_state(self):
        for line in self:
            lead = line.lead_id
            if lead.stage_id.is_won:
                line.lead_state = "won"
            elif not lead.active and not lead.probability:
                line.lead_state = "lost"
            else:
                line.lead_state = "open"
