# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestTurboCrmMultiCompany(TurboCrmDealCommon):
    """Company A is the test company, where the common deal lives; company B
    has its own sales manager and rep, who work in company B only. For each
    Turbo CRM model: company B reads none of company A's records, and links
    none of them to its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.lead.company_id = cls.company_a
        cls.team.company_id = cls.company_a
        cls.company_b = cls.env["res.company"].create({"name": "Test Company B"})
        only_b = {
            "company_id": cls.company_b.id,
            "company_ids": [Command.set(cls.company_b.ids)],
        }
        cls.manager_b = new_test_user(
            cls.env,
            login="turbo_manager_b",
            groups="sales_team.group_sale_manager",
            **only_b,
        )
        cls.rep_b = new_test_user(
            cls.env,
            login="turbo_rep_b",
            groups="sales_team.group_sale_salesman",
            **only_b,
        )
        cls.rep_a = new_test_user(
            cls.env,
            login="turbo_rep_a",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.team_b = cls.env["crm.team"].create(
            {"name": "Test Team B", "company_id": cls.company_b.id}
        )
        cls.lead_b = cls.env["crm.lead"].create(
            {
                "name": "Test Deal B",
                "type": "opportunity",
                "company_id": cls.company_b.id,
                "team_id": cls.team_b.id,
                "user_id": cls.rep_b.id,
            }
        )
        # Company A's own records of every kind.
        cls.contact_a = cls.env["res.partner"].create(
            {"name": "Test A-only Contact", "company_id": cls.company_a.id}
        )
        cls.template.company_id = cls.company_a
        cls.stakeholder_a = cls.add_stakeholder(cls.lead, cls.contacts[0])
        cls.member_a = cls.env["crm.lead.team.member"].create(
            {"lead_id": cls.lead.id, "user_id": cls.rep_a.id}
        )
        cls.competitor_a = cls.env["crm.competitor"].create(
            {"name": "Test A Rival", "company_id": cls.company_a.id}
        )
        cls.lead_competitor_a = cls.env["crm.lead.competitor"].create(
            {"lead_id": cls.lead.id, "competitor_id": cls.competitor_a.id}
        )
        cls.quota_a = cls.env["crm.sales.quota"].create(
            {
                "target_type": "team",
                "team_id": cls.team.id,
                "company_id": cls.company_a.id,
                "date_from": "2026-01-01",
                "date_to": "2026-03-31",
                "target_amount": 1000,
            }
        )
        cls.lead.date_deadline = "2026-02-20"
        cls.env["crm.forecast.snapshot"]._take_snapshots(today=date(2026, 2, 4))

    def assertHidden(self, user, records):
        found = (
            self.env[records._name].with_user(user).search([("id", "in", records.ids)])
        )
        self.assertFalse(found, f"{user.login} reads {records}")

    # -- Read --------------------------------------------------------------
    def test_company_b_reads_no_company_a_record(self):
        Snapshot = self.env["crm.forecast.snapshot"]
        snapshots_a = Snapshot.search([("company_id", "=", self.company_a.id)])
        self.assertTrue(snapshots_a)
        Report = self.env["crm.sales.quota.report"]
        report_a = Report.search([("quota_id", "=", self.quota_a.id)])
        self.assertTrue(report_a)
        for records in (
            self.template,
            self.lead.qualification_ids,
            self.stakeholder_a,
            self.member_a,
            self.competitor_a,
            self.lead_competitor_a,
            self.quota_a,
            report_a,
            snapshots_a,
        ):
            self.assertTrue(records)
            self.assertHidden(self.manager_b, records)
            self.assertHidden(self.rep_b, records)

    def test_company_b_reads_no_criterion_of_a_company_a_scorecard(self):
        criteria = self.template.criterion_ids
        self.assertEqual(len(criteria), 3)
        self.assertHidden(self.manager_b, criteria)
        self.assertHidden(self.rep_b, criteria)
        # A shared scorecard's criteria are everyone's.
        self.template.write({"company_id": False, "team_ids": [Command.clear()]})
        Criterion = self.env["crm.qualification.criterion"].with_user(self.rep_b)
        self.assertEqual(Criterion.search([("id", "in", criteria.ids)]), criteria)

    def test_regions_are_shared(self):
        Region = self.env["crm.sales.region"].with_user(self.rep_b)
        self.assertEqual(
            Region.search([("id", "=", self.region_east.id)]), self.region_east
        )

    # -- Link --------------------------------------------------------------
    def test_company_b_quota_on_company_a_team_or_salesperson_is_refused(self):
        Quota = self.env["crm.sales.quota"].with_user(self.manager_b)
        values = {
            "company_id": self.company_b.id,
            "date_from": "2026-01-01",
            "date_to": "2026-03-31",
            "target_amount": 1000,
        }
        for target in (
            {"target_type": "team", "team_id": self.team.id},
            {"target_type": "user", "user_id": self.rep_a.id},
        ):
            with self.assertRaises(UserError):
                Quota.create({**values, **target})
        own = Quota.create({**values, "target_type": "team", "team_id": self.team_b.id})
        with self.assertRaises(UserError):
            own.write({"team_id": self.team.id})
        # Company A's manager sets the quota of company A's rep.
        quota = (
            self.env["crm.sales.quota"]
            .with_user(self.user_sales_manager)
            .create(
                {
                    **values,
                    "company_id": self.company_a.id,
                    "target_type": "user",
                    "user_id": self.rep_a.id,
                }
            )
        )
        self.assertEqual(quota.user_id, self.rep_a)

    def test_company_a_contact_is_refused_on_company_b_committee(self):
        Stakeholder = self.env["crm.lead.stakeholder"].with_user(self.rep_b)
        with self.assertRaises(UserError):
            Stakeholder.create(
                {"lead_id": self.lead_b.id, "partner_id": self.contact_a.id}
            )
        shared = Stakeholder.create(
            {"lead_id": self.lead_b.id, "partner_id": self.customer.id}
        )
        with self.assertRaises(UserError):
            shared.owner_id = self.rep_a
        with self.assertRaises(UserError):
            shared.partner_id = self.contact_a

    def test_company_a_user_is_refused_on_company_b_deal_team(self):
        Member = self.env["crm.lead.team.member"].with_user(self.manager_b)
        with self.assertRaises(UserError):
            Member.create({"lead_id": self.lead_b.id, "user_id": self.rep_a.id})
        member = Member.create({"lead_id": self.lead_b.id, "user_id": self.rep_b.id})
        with self.assertRaises(UserError):
            member.user_id = self.rep_a

    def test_company_b_competitor_is_refused_company_a_links(self):
        Competitor = self.env["crm.competitor"].with_user(self.manager_b)
        with self.assertRaises(UserError):
            Competitor.create(
                {
                    "name": "Test B Rival",
                    "company_id": self.company_b.id,
                    "partner_id": self.contact_a.id,
                }
            )
        Line = self.env["crm.lead.competitor"].with_user(self.rep_b)
        with self.assertRaises(UserError):
            Line.create(
                {"lead_id": self.lead_b.id, "competitor_id": self.competitor_a.id}
            )

    def test_shared_competitor_met_in_company_b_stays_shared(self):
        rival = self.env["crm.competitor"].create({"name": "Test Shared Rival"})
        self.env["crm.lead.competitor"].with_user(self.rep_b).create(
            {"lead_id": self.lead_b.id, "competitor_id": rival.id}
        )
        with self.assertRaises(ValidationError):
            rival.with_user(self.user_salesman).company_id = self.company_a
        self.assertIn(
            rival, self.env["crm.competitor"].with_user(self.rep_b).search([])
        )

    def test_company_b_snapshot_of_company_a_team_is_refused(self):
        with self.assertRaises(UserError):
            self.env["crm.forecast.snapshot"].create(
                {
                    "week_start": date(2026, 2, 2),
                    "snapshot_date": date(2026, 2, 4),
                    "period_type": "month",
                    "period_start": date(2026, 2, 1),
                    "period_end": date(2026, 2, 28),
                    "company_id": self.company_b.id,
                    "team_id": self.team.id,
                }
            )

    def test_company_b_scorecard_refuses_company_a_team(self):
        Template = self.env["crm.qualification.template"].with_user(self.manager_b)
        with self.assertRaises(UserError):
            Template.create(
                {
                    "name": "Test B Scorecard",
                    "company_id": self.company_b.id,
                    "team_ids": [Command.set(self.team.ids)],
                }
            )
