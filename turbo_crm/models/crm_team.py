# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


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

    @api.model
    def action_your_pipeline(self):
        """Someone who sells nothing himself but works on deal teams (a
        project manager, a pre-sales engineer) lands on the deals whose team
        he is on rather than on an empty "My Pipeline"."""
        action = super().action_your_pipeline()
        context = action.get("context")
        if isinstance(context, dict) and context.get("search_default_assigned_to_me"):
            Lead = self.env["crm.lead"]
            uid = self.env.uid
            if not Lead.search_count(
                [("type", "=", "opportunity"), ("user_id", "=", uid)], limit=1
            ) and Lead.search_count(
                [("type", "=", "opportunity"), ("team_member_ids.user_id", "=", uid)],
                limit=1,
            ):
                context = dict(context, search_default_my_deal_teams=1)
                context.pop("search_default_assigned_to_me")
                action["context"] = context
        return action
