# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestDealTeamPipeline(TurboCrmDealCommon):
    """A project manager who sells nothing himself finds in CRM the deals
    whose team he is on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project_manager = new_test_user(
            cls.env,
            login="turbo_deal_pm",
            groups="sales_team.group_sale_salesman",
        )
        cls.env["crm.lead.team.member"].create(
            {
                "lead_id": cls.lead.id,
                "user_id": cls.project_manager.id,
                "role": "project_manager",
            }
        )

    def filter_domain(self, user, name):
        arch = (
            self.env["crm.lead"]
            .with_user(user)
            .get_views([(False, "search")])["views"]["search"]["arch"]
        )
        [node] = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")
        return safe_eval(node.get("domain"), {"uid": user.id})

    def test_my_deal_teams_filter(self):
        domain = self.filter_domain(self.project_manager, "my_deal_teams")
        Lead = self.env["crm.lead"].with_user(self.project_manager)
        self.assertEqual(Lead.search(domain), self.lead)

    def test_crm_opens_on_his_deal_teams(self):
        action = (
            self.env["crm.team"].with_user(self.project_manager).action_your_pipeline()
        )
        self.assertEqual(action["context"].get("search_default_my_deal_teams"), 1)
        self.assertNotIn("search_default_assigned_to_me", action["context"])

    def test_a_seller_still_opens_on_his_pipeline(self):
        action = (
            self.env["crm.team"].with_user(self.user_salesman).action_your_pipeline()
        )
        self.assertEqual(action["context"].get("search_default_assigned_to_me"), 1)
        self.assertNotIn("search_default_my_deal_teams", action["context"])


@tagged("post_install", "-at_install")
class TestOpportunityButtons(TurboCrmDealCommon):
    """Closed-loop buttons come first on the opportunity and empty ones are
    hidden, so that Odoo's "More" folds what is empty, not what counts."""

    def test_committee_before_odoo_buttons_and_hidden_when_empty(self):
        arch = (
            self.env["crm.lead"]
            .with_user(self.user_salesman)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        buttons = etree.fromstring(arch).xpath("//div[@name='button_box']/button")
        names = [button.get("name") for button in buttons]
        self.assertLess(
            names.index("action_open_org_chart"), names.index("action_schedule_meeting")
        )
        invisible = {button.get("name"): button.get("invisible") for button in buttons}
        self.assertIn("not stakeholder_count", invisible["action_open_org_chart"])
        self.assertIn("not quotation_count", invisible["action_view_sale_quotation"])
