# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestBuyingCommittee(TurboCrmDealCommon):
    def test_empty_committee(self):
        lead = self.lead
        self.assertEqual(lead.stakeholder_coverage, 0)
        self.assertTrue(lead.risk_no_decision_maker)
        self.assertTrue(lead.risk_no_coach)
        self.assertFalse(lead.risk_opponent)
        self.assertFalse(lead.risk_stale_contact)

    def test_coverage(self):
        c1, c2, c3, c4, _c5 = self.contacts
        self.add_stakeholder(self.lead, c1, influence=5, attitude="champion")
        self.add_stakeholder(self.lead, c2, influence=3, attitude="supporter")
        self.add_stakeholder(self.lead, c3, influence=4, attitude="neutral")
        opponent = self.add_stakeholder(self.lead, c4, influence=4, attitude="opponent")
        # (5 + 3) / (5 + 3 + 4 + 4) = 50 %
        self.assertAlmostEqual(self.lead.stakeholder_coverage, 50.0)
        opponent.attitude = "supporter"
        self.assertAlmostEqual(self.lead.stakeholder_coverage, 75.0)
        opponent.unlink()
        self.assertAlmostEqual(self.lead.stakeholder_coverage, 100 * 8 / 12)

    def test_decision_maker_and_economic_buyer_flag(self):
        c1, c2 = self.contacts[:2]
        influencer = self.add_stakeholder(self.lead, c1, buying_role="influencer")
        self.assertTrue(self.lead.risk_no_decision_maker)
        influencer.buying_role = "economic_buyer"
        self.assertFalse(self.lead.risk_no_decision_maker)
        influencer.buying_role = "technical_buyer"
        self.add_stakeholder(self.lead, c2, buying_role="decision_maker")
        self.assertFalse(self.lead.risk_no_decision_maker)

    def test_coach_flag(self):
        self.assertTrue(self.lead.risk_no_coach)
        coach = self.add_stakeholder(self.lead, self.contacts[0], buying_role="coach")
        self.assertFalse(self.lead.risk_no_coach)
        coach.buying_role = "gatekeeper"
        self.assertTrue(self.lead.risk_no_coach)

    def test_influential_opponent_flag(self):
        opponent = self.add_stakeholder(
            self.lead, self.contacts[0], attitude="opponent", influence=3
        )
        self.assertFalse(self.lead.risk_opponent, "influence 3 is not key")
        opponent.influence = 4
        self.assertTrue(self.lead.risk_opponent)
        opponent.attitude = "skeptic"
        self.assertFalse(self.lead.risk_opponent)

    def test_pipeline_filters_on_risks(self):
        Lead = self.env["crm.lead"]
        safe = self.lead.copy({"name": "Mapped"})
        self.add_stakeholder(safe, self.contacts[0], buying_role="decision_maker")
        self.add_stakeholder(safe, self.contacts[1], buying_role="coach")
        domain = [("id", "in", (self.lead | safe).ids)]
        self.assertEqual(
            Lead.search(domain + [("risk_no_coach", "=", True)]), self.lead
        )
        self.assertEqual(
            Lead.search(domain + [("risk_no_decision_maker", "=", False)]), safe
        )

    def test_stale_key_contact_after_30_days(self):
        with freeze_time("2026-03-01 10:00:00"):
            key = self.add_stakeholder(self.lead, self.contacts[0], influence=4)
            minor = self.add_stakeholder(self.lead, self.contacts[1], influence=2)
            self.lead.message_post(
                body="Thanks for the visit",
                author_id=key.partner_id.id,
                message_type="comment",
            )
            self.lead.message_post(
                body="Hello", author_id=minor.partner_id.id, message_type="comment"
            )
            self.assertEqual(key.last_contact_date, datetime(2026, 3, 1, 10, 0))
        Lead = self.env["crm.lead"]
        stale = [("id", "=", self.lead.id), ("risk_stale_contact", "=", True)]
        fresh = [("id", "=", self.lead.id), ("risk_stale_contact", "=", False)]
        with freeze_time("2026-03-30 10:00:00"):
            self.lead.invalidate_recordset(["risk_stale_contact"])
            self.assertFalse(self.lead.risk_stale_contact)
            self.assertEqual(Lead.search(fresh), self.lead)
        with freeze_time("2026-04-01 10:00:00"):
            # 31 days: the key stakeholder went cold; the minor one never counts.
            self.lead.invalidate_recordset(["risk_stale_contact"])
            self.assertTrue(self.lead.risk_stale_contact)
            self.assertEqual(Lead.search(stale), self.lead)
            self.assertFalse(Lead.search(fresh))
            minor.influence = 5
            key.influence = 3
            self.lead.invalidate_recordset(["risk_stale_contact"])
            self.assertTrue(self.lead.risk_stale_contact, "minor, now key, is cold")

    def test_member_gone_cold_after_30_days(self):
        """The committee card's last contact turns red only once the person
        has not been contacted for 30 days, not on any past date."""
        with freeze_time("2026-03-01 10:00:00"):
            member = self.add_stakeholder(self.lead, self.contacts[0], influence=2)
            never = self.add_stakeholder(self.lead, self.contacts[1], influence=2)
            self.lead.message_post(
                body="Site visit",
                author_id=member.partner_id.id,
                message_type="comment",
            )
        with freeze_time("2026-03-02 10:00:00"):
            (member | never).invalidate_recordset(["contact_gone_cold"])
            self.assertFalse(member.contact_gone_cold, "contacted yesterday")
            self.assertTrue(never.contact_gone_cold, "never contacted")
        with freeze_time("2026-03-30 10:00:00"):
            member.invalidate_recordset(["contact_gone_cold"])
            self.assertFalse(member.contact_gone_cold)
        with freeze_time("2026-04-01 10:00:00"):
            member.invalidate_recordset(["contact_gone_cold"])
            self.assertTrue(member.contact_gone_cold)

    def test_never_contacted_key_stakeholder_is_stale(self):
        self.add_stakeholder(self.lead, self.contacts[0], influence=5)
        self.assertTrue(self.lead.risk_stale_contact)

    def test_last_contact_from_a_message_to_the_contact(self):
        person = self.add_stakeholder(self.lead, self.contacts[0])
        self.assertFalse(person.last_contact_date)
        with freeze_time("2026-05-04 09:30:00"):
            self.lead.message_post(
                body="Our proposal",
                partner_ids=person.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(person.last_contact_date, datetime(2026, 5, 4, 9, 30))
        # A message on another opportunity is not a contact on this one.
        other = self.lead.copy({"name": "Other deal"})
        with freeze_time("2026-06-01 09:30:00"):
            other.message_post(body="Hi", author_id=person.partner_id.id)
        self.assertEqual(person.last_contact_date, datetime(2026, 5, 4, 9, 30))

    def test_last_contact_from_history_when_added(self):
        with freeze_time("2026-02-10 08:00:00"):
            self.lead.message_post(
                body="Spec attached",
                author_id=self.contacts[2].id,
                message_type="email",
            )
        person = self.add_stakeholder(self.lead, self.contacts[2])
        self.assertEqual(person.last_contact_date, datetime(2026, 2, 10, 8, 0))

    def test_last_contact_from_a_done_activity(self):
        person = self.add_stakeholder(self.lead, self.contacts[0], influence=5)
        bystander = self.add_stakeholder(self.lead, self.contacts[1], influence=5)
        activity = self.lead.activity_schedule(
            "mail.mail_activity_data_call",
            summary="Call about the budget",
            user_id=self.user_salesman.id,
        )
        activity.stakeholder_partner_ids = person.partner_id
        with freeze_time("2026-07-15 14:00:00"):
            activity.with_user(self.user_salesman).action_feedback(feedback="Agreed")
        self.assertEqual(person.last_contact_date, datetime(2026, 7, 15, 14, 0))
        self.assertFalse(bystander.last_contact_date)

    def test_reporting_line_stays_on_the_opportunity(self):
        boss = self.add_stakeholder(self.lead, self.contacts[0])
        report = self.add_stakeholder(self.lead, self.contacts[1], parent_id=boss.id)
        self.assertEqual(boss.child_ids, report)
        with self.assertRaisesRegex(ValidationError, "cannot report to themselves"):
            boss.parent_id = report

    def test_reporting_line_to_another_opportunity_is_refused(self):
        report = self.add_stakeholder(self.lead, self.contacts[1])
        other = self.lead.copy({"name": "Other deal"})
        stranger = self.add_stakeholder(other, self.contacts[2])
        with self.assertRaisesRegex(ValidationError, "same opportunity"):
            report.parent_id = stranger

    def test_merging_opportunities_keeps_the_committee(self):
        other = self.lead.copy({"name": "Duplicate", "stage_id": self.stage_new.id})
        self.add_stakeholder(self.lead, self.contacts[0], buying_role="coach")
        self.add_stakeholder(other, self.contacts[0], buying_role="influencer")
        self.add_stakeholder(other, self.contacts[1], buying_role="decision_maker")
        rival = self.env["crm.competitor"].create({"name": "Merge Rival"})
        self.env["crm.lead.competitor"].create(
            {"lead_id": other.id, "competitor_id": rival.id}
        )
        merged = (self.lead | other).merge_opportunity(auto_unlink=True)
        self.assertFalse((self.lead | other).filtered(lambda l: l != merged).exists())
        roles = {s.partner_id: s.buying_role for s in merged.stakeholder_ids}
        self.assertEqual(len(roles), 2)
        self.assertEqual(roles[self.contacts[1]], "decision_maker")
        self.assertEqual(merged.competitor_ids.competitor_id, rival)
        self.assertFalse(merged.risk_no_decision_maker)

    def test_job_title_defaults_from_the_contact(self):
        self.contacts[0].function = "Chief Engineer"
        person = self.add_stakeholder(self.lead, self.contacts[0])
        self.assertEqual(person.job_title, "Chief Engineer")

    def test_risk_adjusted_probability(self):
        company = self.lead.company_id or self.env.company
        company.write(
            {
                "turbo_risk_adjustment": True,
                "turbo_risk_penalty_no_decision_maker": 20,
                "turbo_risk_penalty_no_coach": 10,
                "turbo_risk_penalty_opponent": 15,
                "turbo_risk_penalty_stale_contact": 10,
                "turbo_risk_penalty_low_coverage": 5,
                "turbo_risk_low_coverage": 50,
            }
        )
        lead = self.lead
        self.assertEqual(lead.probability, 50)
        # Nobody mapped: no decision maker, no coach, no coverage.
        self.assertAlmostEqual(lead.risk_adjusted_probability, 50 - 20 - 10 - 5)
        now = datetime.now()
        self.add_stakeholder(
            lead,
            self.contacts[0],
            buying_role="decision_maker",
            influence=5,
            attitude="champion",
            last_contact_date=now,
        )
        self.add_stakeholder(
            lead,
            self.contacts[1],
            buying_role="coach",
            influence=2,
            attitude="supporter",
            last_contact_date=now,
        )
        self.assertAlmostEqual(lead.risk_adjusted_probability, 50)
        self.assertEqual(lead.probability, 50, "Odoo's probability is untouched")
        self.add_stakeholder(
            lead,
            self.contacts[2],
            influence=5,
            attitude="opponent",
            last_contact_date=now - timedelta(days=40),
        )
        # coverage 7 / 12 = 58 %: opponent and stale contact only
        self.assertAlmostEqual(lead.risk_adjusted_probability, 50 - 15 - 10)

    def test_form_adds_stakeholders(self):
        with Form(self.lead.with_user(self.user_salesman)) as form:
            with form.stakeholder_ids.new() as line:
                line.partner_id = self.contacts[0]
                line.buying_role = "decision_maker"
                line.influence = 5
                line.attitude = "supporter"
            with form.stakeholder_ids.new() as line:
                line.partner_id = self.contacts[1]
                line.buying_role = "coach"
                line.influence = 2
                line.attitude = "champion"
        self.assertFalse(self.lead.risk_no_decision_maker)
        self.assertFalse(self.lead.risk_no_coach)
        self.assertAlmostEqual(self.lead.stakeholder_coverage, 100.0)

    def test_partner_history_of_roles(self):
        other = self.lead.copy({"name": "Other deal"})
        self.add_stakeholder(self.lead, self.contacts[0], buying_role="coach")
        self.add_stakeholder(other, self.contacts[0], buying_role="decision_maker")
        self.assertEqual(self.contacts[0].stakeholder_count, 2)
        action = self.contacts[0].action_view_stakeholder_roles()
        roles = self.env["crm.lead.stakeholder"].search(action["domain"])
        self.assertEqual(set(roles.mapped("buying_role")), {"coach", "decision_maker"})

    def test_opening_an_opportunity_costs_the_same_for_5_and_50(self):
        """The form reads the committee in a fixed number of queries."""
        spec = {
            "name": {},
            "stakeholder_coverage": {},
            "risk_no_decision_maker": {},
            "risk_no_coach": {},
            "risk_opponent": {},
            "risk_stale_contact": {},
            "risk_adjusted_probability": {},
            "stakeholder_count": {},
            "stakeholder_ids": {
                "fields": {
                    "partner_id": {"fields": {"display_name": {}}},
                    "parent_id": {"fields": {"display_name": {}}},
                    "job_title": {},
                    "buying_role": {},
                    "influence": {},
                    "attitude": {},
                    "owner_id": {"fields": {"display_name": {}}},
                    "last_contact_date": {},
                }
            },
        }

        def make(count):
            lead = self.lead.copy({"name": f"{count} stakeholders"})
            partners = self.env["res.partner"].create(
                [
                    {"name": f"P{count}-{i}", "parent_id": self.customer.id}
                    for i in range(count)
                ]
            )
            self.env["crm.lead.stakeholder"].create(
                [
                    {"lead_id": lead.id, "partner_id": p.id, "influence": 1 + i % 5}
                    for i, p in enumerate(partners)
                ]
            )
            self.env.flush_all()
            return lead

        small, large = make(5), make(50)
        counts = []
        for lead in (small, large):
            lead = lead.with_user(self.user_salesman)
            for _warm_up in range(2):  # rules, views and prefetch caches
                self.env.invalidate_all()
                lead.web_read(spec)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with self.assertQueryCount(14):
                lead.web_read(spec)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1], "50 stakeholders cost more queries")
        self.assertLessEqual(counts[1], 14)


@tagged("post_install", "-at_install")
class TestStakeholderJobTitle(TurboCrmDealCommon):
    """The job title belongs to the contact: changing the contact of a row
    brings the new person's title, not the previous one's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contacts[0].function = "Chief Engineer"
        cls.contacts[1].function = "Purchasing Director"

    def test_new_contact_brings_own_title_in_form(self):
        row = self.add_stakeholder(self.lead, self.contacts[0])
        self.assertEqual(row.job_title, "Chief Engineer")
        with Form(row.with_user(self.user_salesman)) as form:
            form.partner_id = self.contacts[1]
            self.assertEqual(form.job_title, "Purchasing Director")
            form.partner_id = self.contacts[2]  # no title of her own
            self.assertFalse(form.job_title)
        self.assertFalse(row.job_title)

    def test_new_contact_brings_own_title_on_write(self):
        row = self.add_stakeholder(self.lead, self.contacts[0])
        row.with_user(self.user_salesman).partner_id = self.contacts[1]
        self.assertEqual(row.job_title, "Purchasing Director")

    def test_title_typed_by_hand(self):
        row = self.add_stakeholder(self.lead, self.contacts[0], job_title="Sponsor")
        self.assertEqual(row.job_title, "Sponsor")
        row.job_title = "Project Sponsor"
        row.department = "Board"  # another field: the title stays
        self.assertEqual(row.job_title, "Project Sponsor")
        row.write({"partner_id": self.contacts[1].id, "job_title": "Board Member"})
        self.assertEqual(row.job_title, "Board Member")


@tagged("post_install", "-at_install")
class TestLastContactDisplay(TurboCrmDealCommon):
    """The last contact is a day in the committee's story: the committee's
    lists and forms show its date, never the time of the email it came from."""

    def _last_contact_nodes(self, model, view_type, xpath):
        arch = self.env[model].get_views([(False, view_type)])["views"][view_type][
            "arch"
        ]
        nodes = etree.fromstring(arch).xpath(xpath)
        self.assertTrue(nodes, f"no last contact on the {model} {view_type} view")
        return nodes

    def test_committee_shows_the_date_of_the_last_contact(self):
        nodes = [
            *self._last_contact_nodes(
                "crm.lead.stakeholder",
                "list",
                "/list/field[@name='last_contact_date']",
            ),
            *self._last_contact_nodes(
                "crm.lead.stakeholder",
                "form",
                "//field[@name='last_contact_date']",
            ),
            *self._last_contact_nodes(
                "crm.lead",
                "form",
                "//field[@name='stakeholder_ids']//field[@name='last_contact_date']",
            ),
        ]
        for node in nodes:
            options = safe_eval(node.get("options") or "{}")
            self.assertFalse(
                options.get("show_time", True),
                f"last contact shows its time: {etree.tostring(node)}",
            )
