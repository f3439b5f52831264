# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ProjectDealCommon


@tagged("post_install", "-at_install")
class TestProjectAccess(ProjectDealCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.milestones = cls.lead._apply_milestone_template(cls.START)
        cls.cost = cls.env["crm.lead.cost.line"].create(
            {"lead_id": cls.lead.id, "name": "AHUs", "unit_cost": 100}
        )

    def test_owner_and_deal_team_work_on_milestones(self):
        Milestone = self.env["crm.lead.milestone"]
        domain = [("lead_id", "=", self.lead.id)]
        self.assertEqual(Milestone.with_user(self.rep).search(domain), self.milestones)
        self.assertEqual(Milestone.with_user(self.pm).search(domain), self.milestones)
        self.upload(self.milestones[2], self.cat_drawings, user=self.pm)
        self.milestones[2].with_user(self.pm).action_done()
        self.assertEqual(self.milestones[2].state, "done")

    def test_other_rep_sees_nothing(self):
        Milestone = self.env["crm.lead.milestone"].with_user(self.other_rep)
        self.assertFalse(Milestone.search([("lead_id", "=", self.lead.id)]))
        with self.assertRaises(AccessError):
            self.milestones[0].with_user(self.other_rep).read(["name"])
        Cost = self.env["crm.lead.cost.line"].with_user(self.other_rep)
        self.assertFalse(Cost.search([("lead_id", "=", self.lead.id)]))
        with self.assertRaises(AccessError):
            self.env["crm.lead.milestone"].with_user(self.other_rep).create(
                {"lead_id": self.lead.id, "name": "Intrusion"}
            )

    def test_managers_configure_plans(self):
        with self.assertRaises(AccessError):
            self.template.with_user(self.rep).write({"name": "Mine"})
        self.assertTrue(
            self.env["crm.milestone.template"].with_user(self.rep).search_count([])
        )
        self.template.with_user(self.manager).write({"name": "Turnkey plan v2"})
        self.assertEqual(
            self.env["crm.lead.milestone"]
            .with_user(self.manager)
            .search_count([("lead_id", "=", self.lead.id)]),
            4,
        )

    def test_documents_follow_the_deal(self):
        document = self.upload(self.milestones[0], self.cat_proposal, user=self.rep)
        self.assertEqual(document.create_uid, self.rep)
        with self.assertRaises(AccessError):
            document.with_user(self.other_rep).read(["datas"])

    def test_other_company_isolated(self):
        other_company = self.env["res.company"].create({"name": "Other HVAC Co."})
        self.rep.write(
            {
                "company_ids": [(4, other_company.id)],
                "company_id": other_company.id,
            }
        )
        Milestone = (
            self.env["crm.lead.milestone"]
            .with_user(self.rep)
            .with_context(allowed_company_ids=other_company.ids)
        )
        self.assertFalse(Milestone.search([("lead_id", "=", self.lead.id)]))
