# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.turbo_crm_project.models.crm_milestone_template import (
    CrmMilestoneTemplate,
)

from .common import ProjectDealCommon


@tagged("post_install", "-at_install")
class TestMilestonePlanChoice(ProjectDealCommon):
    """Choosing the plan costs one search per batch, none for plain leads
    (lead assignment writes thousands of them)."""

    def test_one_search_per_batch_none_for_leads(self):
        Lead = self.env["crm.lead"]
        leads = Lead.create([{"name": f"Card {i}", "type": "lead"} for i in range(5)])
        deals = Lead.create(
            [
                {"name": f"Deal {i}", "type": "opportunity", "team_id": self.team.id}
                for i in range(5)
            ]
        )
        self.env.flush_all()
        with patch.object(
            CrmMilestoneTemplate,
            "_find_for_leads",
            autospec=True,
            side_effect=CrmMilestoneTemplate._find_for_leads,
        ) as find:
            leads.write({"team_id": self.team.id})
            self.env.flush_all()
            self.assertEqual(find.call_count, 0)
            deals.write({"tag_ids": [(6, 0, self.tag.ids)]})
            self.env.flush_all()
            self.assertEqual(find.call_count, 1)
        self.assertEqual(deals.milestone_template_id, self.template)
