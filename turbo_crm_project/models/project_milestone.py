# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .crm_lead_milestone import MILESTONE_SYNC


class ProjectMilestone(models.Model):
    """A delivery milestone of the deal, on the project: reaching it here or
    on the opportunity is the same thing, and it needs the same documents."""

    _inherit = "project.milestone"

    crm_lead_milestone_ids = fields.One2many(
        "crm.lead.milestone", "project_milestone_id", string="Deal Milestones"
    )

    def _check_company_domain(self, companies):
        # A project milestone is in its project's company: the deal milestones
        # of a company's deal are checked against it; a deal shared by every
        # company may be sold into a project of any.
        if not companies:
            return []
        return [
            (f"project_id.{fname}", operator, value)
            for fname, operator, value in super()._check_company_domain(companies)
        ]

    def write(self, vals):
        result = super().write(vals)
        if (
            "is_reached" in vals
            and self.env.context.get("turbo_milestone_sync") is not MILESTONE_SYNC
        ):
            # Checked against the deal's required documents, whoever reaches it.
            # Only from a project of the deal.
            lead_milestones = self.sudo().crm_lead_milestone_ids.filtered(
                lambda m: (
                    (m.state == "done") != bool(vals["is_reached"])
                    and m._is_on_deal_project(m.project_milestone_id)
                )
            )
            lead_milestones.with_context(turbo_milestone_sync=MILESTONE_SYNC).write(
                {"state": "done" if vals["is_reached"] else "in_progress"}
            )
        return result
