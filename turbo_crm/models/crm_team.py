# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    def _assign_and_convert_leads(self, force_quota=False):
        """Lead assignment converts the leads one by one, flushing each: their
        scorecards are given once, to all of them, at the end."""
        result = super(
            CrmTeam, self.with_context(turbo_defer_scorecard=True)
        )._assign_and_convert_leads(force_quota=force_quota)
        assigned = self.env["crm.lead"].union(
            *(data["assigned"] for data in result.values())
        )
        assigned.exists()._assign_default_scorecard()
        return result
