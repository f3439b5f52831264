# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.tests import tagged

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestRecompute(TurboCrmDealCommon):
    """Computed values follow every field they are computed from, within
    the transaction that changes it (the form the user has open, the next
    line of a script), not only after the next request."""

    def test_risk_adjusted_probability_follows_the_company_penalties(self):
        company = self.lead.company_id or self.env.company
        company.write(
            {
                "turbo_risk_penalty_no_decision_maker": 20,
                "turbo_risk_penalty_no_coach": 10,
                "turbo_risk_penalty_opponent": 15,
                "turbo_risk_penalty_stale_contact": 10,
                "turbo_risk_penalty_low_coverage": 5,
                "turbo_risk_low_coverage": 50,
            }
        )
        lead = self.lead.with_user(self.user_sales_manager)
        # Nobody mapped: no decision maker, no coach, no coverage.
        self.assertAlmostEqual(lead.risk_adjusted_probability, 50 - 20 - 10 - 5)
        company.turbo_risk_penalty_no_coach = 0
        self.assertAlmostEqual(lead.risk_adjusted_probability, 50 - 20 - 5)
        company.turbo_risk_low_coverage = 0
        self.assertAlmostEqual(lead.risk_adjusted_probability, 50 - 20)

    def test_snapshot_name_follows_the_salesperson(self):
        self.lead.date_deadline = date(2026, 2, 20)
        Snapshot = self.env["crm.forecast.snapshot"]
        Snapshot._take_snapshots(today=date(2026, 2, 2))
        snapshot = Snapshot.with_user(self.user_sales_manager).search(
            [("user_id", "=", self.user_salesman.id)], limit=1
        )
        self.assertEqual(snapshot.display_name, "Turbo Rep 2026-02-02")
        self.user_salesman.name = "Turbo Rep Wang"
        self.assertEqual(snapshot.display_name, "Turbo Rep Wang 2026-02-02")

    def test_quotation_takes_the_channel_recorded_later_on_its_opportunity(self):
        channel = self.env["res.partner"].create(
            {
                "name": "Test Integrator",
                "is_company": True,
                "is_channel": True,
                "channel_type": "integrator",
            }
        )
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "opportunity_id": self.lead.id}
        )
        self.assertFalse(order.channel_partner_id)
        self.lead.with_user(self.user_salesman).channel_partner_id = channel
        self.assertEqual(order.channel_partner_id, channel)
        # A channel chosen on the quotation stays.
        other = channel.copy({"name": "Test Agent"})
        order.channel_partner_id = other
        self.lead.channel_partner_id = False
        self.assertEqual(order.channel_partner_id, other)

    def test_job_title_filled_when_the_contact_gets_one(self):
        contact = self.contacts[0]
        contact.function = False
        person = self.add_stakeholder(self.lead, contact)
        self.assertFalse(person.job_title)
        contact.function = "Chief Engineer"
        self.assertEqual(person.job_title, "Chief Engineer")
        # A title given on the committee stays.
        person.job_title = "Acting Chief Engineer"
        contact.function = "Deputy Director"
        self.assertEqual(person.job_title, "Acting Chief Engineer")
        # A row still showing the contact's title follows its next change.
        other = self.add_stakeholder(self.lead.copy(), contact)
        self.assertEqual(other.job_title, "Deputy Director")
        contact.with_user(self.user_salesman).function = "Director"
        self.assertEqual(other.job_title, "Director")
        self.assertEqual(person.job_title, "Acting Chief Engineer")
