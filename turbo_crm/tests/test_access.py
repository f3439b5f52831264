# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestCommitteeAccess(TurboCrmDealCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.champion = cls.add_stakeholder(
            cls.lead,
            cls.contacts[0],
            attitude="champion",
            influence=5,
            notes="Wants the project to succeed: promotion at stake.",
        )
        # A rep of another team who sees every opportunity.
        cls.outsider = new_test_user(
            cls.env,
            login="turbo_outsider",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.other_team = cls.env["crm.team"].create(
            {"name": "Other Team", "member_ids": [(6, 0, cls.outsider.ids)]}
        )
        cls.presales = new_test_user(
            cls.env, login="turbo_presales", groups="sales_team.group_sale_salesman"
        )
        cls.portal = new_test_user(
            cls.env, login="turbo_portal", groups="base.group_portal"
        )

    def test_salesperson_of_the_opportunity_reads_the_committee(self):
        stakeholder = self.champion.with_user(self.user_salesman)
        self.assertEqual(stakeholder.attitude, "champion")
        self.assertEqual(stakeholder.notes, self.champion.notes)

    def test_sales_team_member_reads_the_committee(self):
        teammate = new_test_user(
            self.env,
            login="turbo_teammate",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        self.team.member_ids = [(4, teammate.id)]
        self.assertEqual(self.champion.with_user(teammate).attitude, "champion")
        # ...but the committee is the salesperson's and deal team's to edit.
        with self.assertRaises(AccessError):
            self.champion.with_user(teammate).write({"attitude": "opponent"})

    def test_salesperson_outside_the_team_cannot_read_attitude(self):
        # They see the opportunity (all documents)...
        self.assertEqual(self.lead.with_user(self.outsider).name, "Test Line 9")
        # ...but not its buying committee.
        Stakeholder = self.env["crm.lead.stakeholder"].with_user(self.outsider)
        self.assertFalse(Stakeholder.search([("lead_id", "=", self.lead.id)]))
        with self.assertRaises(AccessError):
            self.champion.with_user(self.outsider).attitude  # noqa: B018
        with self.assertRaises(AccessError):
            self.champion.with_user(self.outsider).write({"attitude": "opponent"})

    def test_deal_team_member_joins_late_and_sees_everything(self):
        lead = self.lead.with_user(self.presales)
        with self.assertRaises(AccessError):
            lead.read(["name"])
        self.lead.message_post(body="Kick-off notes from the first visit")
        self.env["crm.lead.team.member"].create(
            {"lead_id": self.lead.id, "user_id": self.presales.id, "role": "presales"}
        )
        self.assertIn(self.presales.partner_id, self.lead.message_partner_ids)
        self.assertEqual(lead.name, "Test Line 9")
        self.assertIn(
            "Kick-off notes from the first visit",
            "".join(lead.message_ids.mapped("body")),
        )
        self.assertEqual(self.champion.with_user(self.presales).attitude, "champion")
        # ...and works on it.
        lead.expected_revenue = 1_200_000
        self.env["crm.lead.stakeholder"].with_user(self.presales).create(
            {"lead_id": self.lead.id, "partner_id": self.contacts[1].id}
        )
        self.assertEqual(len(self.lead.stakeholder_ids), 2)
        # Leaving the deal team takes the access and the notifications away.
        self.lead.team_member_ids.unlink()
        self.assertNotIn(self.presales.partner_id, self.lead.message_partner_ids)
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.lead.with_user(self.presales).read(["name"])

    def test_nobody_joins_a_deal_team_on_their_own(self):
        Member = self.env["crm.lead.team.member"].with_user(self.presales)
        with self.assertRaises(AccessError):
            Member.create({"lead_id": self.lead.id, "user_id": self.presales.id})
        own = self.lead.copy({"name": "Presales own deal", "user_id": self.presales.id})
        member = Member.create({"lead_id": own.id, "user_id": self.presales.id})
        with self.assertRaises(AccessError):
            member.write({"lead_id": self.lead.id})
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.lead.with_user(self.presales).read(["name"])

    def test_outsider_sees_the_same_risks_and_can_save(self):
        """The flags judge the whole committee whoever reads them, and an
        outsider who may edit the opportunity saves it without tripping on
        the committee they cannot see."""
        self.env["res.company"].browse(self.lead.company_id.id or self.env.company.id)
        self.lead.company_id.turbo_risk_adjustment = True
        lead_owner = self.lead.with_user(self.user_salesman)
        lead_outsider = self.lead.with_user(self.outsider)
        fields_ = [
            "risk_stale_contact",
            "risk_adjusted_probability",
            "stakeholder_count",
        ]
        self.assertEqual(lead_owner.read(fields_)[0], lead_outsider.read(fields_)[0])
        Lead = self.env["crm.lead"]
        domain = [("id", "=", self.lead.id), ("risk_stale_contact", "=", True)]
        self.assertEqual(Lead.with_user(self.outsider).search(domain), self.lead)
        self.env.invalidate_all()
        other_customer = self.env["res.partner"].create(
            {"name": "Other Customer", "is_company": True}
        )
        lead_outsider.web_save(
            {"partner_id": other_customer.id},
            {"name": {}, "stakeholder_ids": {"fields": {"attitude": {}}}},
        )
        self.assertEqual(self.lead.partner_id, other_customer)

    def test_decision_is_not_a_field_to_type_in(self):
        lead = self.lead.with_user(self.user_salesman)
        # assertRaises rolls the refused write back, as a failed request is.
        with self.assertRaises(UserError) as caught:
            lead.write({"qualification_state": "qualified"})
        self.assertIn("Qualify or No-Go button", str(caught.exception))
        with self.assertRaises(UserError) as caught:
            self.env["crm.lead"].with_user(self.user_salesman).create(
                {"name": "Shortcut", "qualification_state": "qualified"}
            )
        self.assertIn("Qualify or No-Go button", str(caught.exception))
        self.assertEqual(self.lead.qualification_state, "draft")
        # No context key an API client may send opens the way.
        forged = lead.with_context(turbo_qualify_button=True)
        with self.assertRaisesRegex(UserError, "Score every criterion"):
            forged.write({"qualification_state": "qualified"})
        # An import that brings a passing scorecard qualifies as the button.
        self.score(self.lead, ["4", "3", "3"])
        lead.write({"qualification_state": "qualified"})
        self.assertEqual(self.lead.qualification_user_id, self.user_salesman)
        self.assertTrue(self.lead.qualification_date)

    def test_sales_manager_reads_every_committee(self):
        self.assertEqual(
            self.champion.with_user(self.user_sales_manager).attitude, "champion"
        )

    def test_portal_user_reads_no_stakeholder(self):
        with self.assertRaises(AccessError):
            self.env["crm.lead.stakeholder"].with_user(self.portal).search([])
        with self.assertRaises(AccessError):
            self.champion.with_user(self.portal).read(["partner_id"])

    def test_other_company_cannot_see_the_committee(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        manager = new_test_user(
            self.env,
            login="turbo_other_manager",
            groups="sales_team.group_sale_manager",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        self.lead.company_id = self.env.company
        Stakeholder = self.env["crm.lead.stakeholder"].with_user(manager)
        self.assertFalse(Stakeholder.search([("id", "=", self.champion.id)]))

    def test_contact_form_opens_for_staff_outside_sales(self):
        """A technician opens a contact without tripping on the committee."""
        form = Form(self.contacts[0].with_user(self.user_technician))
        self.assertEqual(form.name, "Test Contact 1")

    def test_salesperson_cannot_configure_scorecards(self):
        with self.assertRaises(AccessError):
            self.template.with_user(self.user_salesman).pass_score = 10
        self.template.with_user(self.user_sales_manager).pass_score = 70
        self.assertEqual(self.template.pass_score, 70)
