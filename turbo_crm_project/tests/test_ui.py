# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMilestoneTour(HttpCase):
    def test_project_manager_uploads_then_marks_done(self):
        pm = new_test_user(
            self.env,
            login="prj_tour_pm",
            name="Tour Project Manager",
            groups="sales_team.group_sale_salesman,project.group_project_manager",
        )
        category = self.env["crm.document.category"].create(
            {"name": "Tour Design Drawings"}
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour clean-room deal",
                "type": "opportunity",
                "partner_id": self.env["res.partner"]
                .create({"name": "Tour Hospital", "is_company": True})
                .id,
                "team_member_ids": [
                    Command.create({"user_id": pm.id, "role": "project_manager"})
                ],
            }
        )
        milestone = self.env["crm.lead.milestone"].create(
            {
                "lead_id": lead.id,
                "name": "Tour design approval",
                "user_id": pm.id,
                "required_category_ids": [Command.set(category.ids)],
            }
        )
        self.start_tour(
            f"/odoo/action-turbo_crm_project.crm_lead_milestone_action/{milestone.id}",
            "turbo_crm_project_milestone_tour",
            login="prj_tour_pm",
        )
        self.assertEqual(milestone.state, "done")
        self.assertEqual(milestone.document_ids.crm_document_category_id, category)
        self.assertEqual(milestone.document_ids.create_uid, pm)
