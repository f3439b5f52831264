# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    turbo_credit_limit_blocks = fields.Boolean(
        related="company_id.turbo_credit_limit_blocks", readonly=False
    )
