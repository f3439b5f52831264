# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    turbo_risk_adjustment = fields.Boolean(
        related="company_id.turbo_risk_adjustment", readonly=False
    )
    turbo_risk_penalty_no_decision_maker = fields.Float(
        related="company_id.turbo_risk_penalty_no_decision_maker", readonly=False
    )
    turbo_risk_penalty_no_coach = fields.Float(
        related="company_id.turbo_risk_penalty_no_coach", readonly=False
    )
    turbo_risk_penalty_opponent = fields.Float(
        related="company_id.turbo_risk_penalty_opponent", readonly=False
    )
    turbo_risk_penalty_stale_contact = fields.Float(
        related="company_id.turbo_risk_penalty_stale_contact", readonly=False
    )
    turbo_risk_penalty_low_coverage = fields.Float(
        related="company_id.turbo_risk_penalty_low_coverage", readonly=False
    )
    turbo_risk_low_coverage = fields.Float(
        related="company_id.turbo_risk_low_coverage", readonly=False
    )
