# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged

from .search_defaults import action_default_domain


@tagged("post_install", "-at_install")
class TestDemoFigures(TransactionCase):
    """The demo tells a coherent story: what its screens open on is not
    empty, and a won deal went through the process it preaches."""

    def test_won_deal_was_qualified_with_its_committee(self):
        lead = self.env.ref("turbo_crm.lead_hospital_or")
        self.assertTrue(lead.stage_id.is_won)
        self.assertEqual(lead.qualification_state, "qualified")
        self.assertTrue(lead.qualification_ids)
        self.assertTrue(all(lead.qualification_ids.mapped("score")))
        self.assertEqual(
            set(lead.stakeholder_ids.mapped("buying_role")),
            {"decision_maker", "coach"},
        )
        self.assertFalse(
            lead.risk_no_decision_maker
            or lead.risk_no_coach
            or lead.risk_opponent
            or lead.risk_stale_contact
        )

    def test_forecast_by_category_opens_on_demo_deals(self):
        """Every open demo opportunity is on the forecast as it opens,
        whenever it is expected to close (all of them in later months)."""
        manager = self.env.ref("turbo_crm.user_sales_manager")
        domain, _context = action_default_domain(
            self.env(user=manager), "turbo_crm.crm_lead_action_forecast_category"
        )
        demo_ids = (
            self.env["ir.model.data"]
            .search([("module", "=", "turbo_crm"), ("model", "=", "crm.lead")])
            .mapped("res_id")
        )
        Lead = self.env["crm.lead"].with_user(manager)
        open_demo = Lead.search(
            [("id", "in", demo_ids), ("type", "=", "opportunity")]
        ).filtered(lambda lead: not lead.stage_id.is_won)
        self.assertGreaterEqual(len(open_demo), 5)
        self.assertEqual(Lead.search(domain) & open_demo, open_demo)
