# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    turbo_risk_adjustment = fields.Boolean(
        string="Risk-adjusted Probability",
        help="Show beside each opportunity's probability a probability "
        "lowered by the risks of its buying committee.",
    )
    turbo_risk_penalty_no_decision_maker = fields.Float(default=20.0)
    turbo_risk_penalty_no_coach = fields.Float(default=10.0)
    turbo_risk_penalty_opponent = fields.Float(default=15.0)
    turbo_risk_penalty_stale_contact = fields.Float(default=10.0)
    turbo_risk_penalty_low_coverage = fields.Float(default=10.0)
    turbo_risk_low_coverage = fields.Float(
        default=50.0, help="Coverage (%) under which the low coverage penalty applies."
    )
