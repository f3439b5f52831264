# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestTurboCrmUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env,
            login="turbo_tour_rep",
            name="Tour Rep",
            groups="sales_team.group_sale_salesman",
        )
        region = cls.env["crm.sales.region"].create(
            {"name": "Tour Region", "code": "TOUR"}
        )
        customer = cls.env["res.partner"].create(
            {
                "name": "Tour Group Customer",
                "is_company": True,
                "customer_tier": "vip",
                "sales_region_id": region.id,
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Tour Clean Room Project",
                "type": "opportunity",
                "partner_id": customer.id,
                "user_id": cls.rep.id,
                "expected_revenue": 4800000,
            }
        )

    def test_pipeline_tour(self):
        self.assertEqual(self.lead.stage_id, self.env.ref("crm.stage_lead1"))
        self.start_tour("/odoo", "turbo_crm_pipeline_tour", login="turbo_tour_rep")
        # The rep moved the opportunity to the next stage from its form.
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.stage_id, self.env.ref("crm.stage_lead2"))


@tagged("post_install", "-at_install")
class TestCommitteeTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env,
            login="turbo_committee_rep",
            name="Committee Rep",
            groups="sales_team.group_sale_salesman",
        )
        team = cls.env["crm.team"].create(
            {"name": "Tour Team", "member_ids": [(6, 0, cls.rep.ids)]}
        )
        cls.env["crm.qualification.template"].create(
            {
                "name": "Tour Scorecard",
                "team_ids": [(6, 0, team.ids)],
                "pass_score": 60,
                "criterion_ids": [
                    (0, 0, {"name": "Budget", "weight": 1, "sequence": 1}),
                    (0, 0, {"name": "Need", "weight": 1, "sequence": 2}),
                ],
            }
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour Metro", "is_company": True}
        )
        cls.env["res.partner"].create(
            [
                {"name": name, "parent_id": customer.id}
                for name in ("Tour Boss", "Tour Engineer", "Tour Insider")
            ]
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Tour Committee Project",
                "type": "opportunity",
                "partner_id": customer.id,
                "user_id": cls.rep.id,
                "team_id": team.id,
                "expected_revenue": 2_000_000,
            }
        )

    def test_committee_tour(self):
        self.start_tour(
            "/odoo", "turbo_crm_committee_tour", login="turbo_committee_rep"
        )
        lead = self.lead
        lead.invalidate_recordset()
        self.assertEqual(lead.qualification_state, "qualified")
        self.assertAlmostEqual(lead.qualification_score, 70.0)
        by_name = {s.partner_id.name: s for s in lead.stakeholder_ids}
        self.assertEqual(set(by_name), {"Tour Boss", "Tour Engineer", "Tour Insider"})
        self.assertEqual(by_name["Tour Insider"].parent_id, by_name["Tour Engineer"])
        self.assertEqual(by_name["Tour Engineer"].parent_id, by_name["Tour Boss"])
        self.assertFalse(lead.risk_no_coach)
        self.assertFalse(lead.risk_no_decision_maker)


@tagged("post_install", "-at_install")
class TestCommitteeCardsTour(HttpCase):
    def test_committee_cards_tour(self):
        """The committee's cards redden the last contact of the people not
        met for 30 days, not every past date."""
        rep = new_test_user(
            self.env,
            login="turbo_cards_rep",
            name="Cards Rep",
            groups="sales_team.group_sale_salesman",
        )
        customer = self.env["res.partner"].create(
            {"name": "Card Metro", "is_company": True}
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Card Project",
                "type": "opportunity",
                "partner_id": customer.id,
                "user_id": rep.id,
            }
        )
        now = datetime.now()
        self.env["crm.lead.stakeholder"].create(
            [
                {
                    "lead_id": lead.id,
                    "partner_id": self.env["res.partner"]
                    .create({"name": name, "parent_id": customer.id})
                    .id,
                    "last_contact_date": date,
                }
                for name, date in (
                    ("Card Warm Contact", now - timedelta(days=3)),
                    ("Card Cold Contact", now - timedelta(days=60)),
                    ("Card New Contact", False),
                )
            ]
        )
        self.start_tour(
            "/odoo/action-turbo_crm.crm_lead_stakeholder_action?view_type=kanban",
            "turbo_crm_committee_cards_tour",
            login="turbo_cards_rep",
        )


@tagged("post_install", "-at_install")
class TestQuotaTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel_manager = new_test_user(
            cls.env,
            login="turbo_quota_channel_manager",
            name="Quota Channel Manager",
            groups="turbo_crm.group_channel_manager",
        )
        gold, silver = cls.env["res.partner"].create(
            [
                {
                    "name": "Tour Gold Distributor",
                    "is_company": True,
                    "is_channel": True,
                    "channel_type": "distributor",
                    "channel_level": "gold",
                },
                {
                    "name": "Tour Silver Agent",
                    "is_company": True,
                    "is_channel": True,
                    "channel_type": "agent",
                    "channel_level": "silver",
                },
            ]
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour Plant", "is_company": True}
        )
        product = cls.env["product.product"].create(
            {"name": "Tour Air Handler", "taxes_id": [(5, 0, 0)]}
        )
        today = date.today()
        for channel, amount in ((gold, 50_000), (silver, 10_000)):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "channel_partner_id": channel.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "price_unit": amount})
                    ],
                }
            )
            order.action_confirm()
            cls.env["crm.sales.quota"].create(
                {
                    "target_type": "channel",
                    "partner_id": channel.id,
                    "date_from": today.replace(day=1),
                    "date_to": today.replace(day=1) + relativedelta(months=1, days=-1),
                    "target_amount": 100_000 if channel == gold else 40_000,
                }
            )

    def test_quota_tour(self):
        self.start_tour(
            "/odoo", "turbo_crm_quota_tour", login="turbo_quota_channel_manager"
        )


@tagged("post_install", "-at_install")
class TestRefusedStageTour(HttpCase):
    """A stage move the server refuses leaves the form and the pipeline on
    the stage the deal is really in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env,
            login="turbo_gate_rep",
            name="Gate Rep",
            groups="sales_team.group_sale_salesman",
        )
        team = cls.env["crm.team"].create(
            {"name": "Gate Tour Team", "member_ids": [(6, 0, cls.rep.ids)]}
        )
        Stage = cls.env["crm.stage"]
        cls.survey = Stage.create(
            {"name": "Gate Survey", "sequence": 1, "team_id": team.id}
        )
        cls.tender = Stage.create(
            {
                "name": "Gate Tender",
                "sequence": 2,
                "team_id": team.id,
                "requires_qualification": True,
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Gate Tour Tender Deal",
                "type": "opportunity",
                "partner_id": cls.env["res.partner"]
                .create({"name": "Gate Tour Customer", "is_company": True})
                .id,
                "user_id": cls.rep.id,
                "team_id": team.id,
                "stage_id": cls.survey.id,
                "expected_revenue": 900000,
            }
        )

    @mute_logger("odoo.http")  # the refusals the tour provokes, on purpose
    def test_refused_stage_tour(self):
        self.start_tour("/odoo", "turbo_crm_refused_stage_tour", login="turbo_gate_rep")
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.stage_id, self.survey)


@tagged("post_install", "-at_install")
class TestValueTour(HttpCase):
    """The sales director opens the customer ranking, sees who moved up and
    why, in the customer's Value tab."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="turbo_value_director",
            name="Value Director",
            groups="sales_team.group_sale_manager",
        )
        climber, leader = cls.env["res.partner"].create(
            [
                {
                    "name": f"Tour Value {name}",
                    "is_company": True,
                    "customer_segment": "individual",
                    "customer_rank": 1,
                }
                for name in ("Climber", "Leader")
            ]
        )
        product = cls.env["product.product"].create(
            {"name": "Tour Chiller", "taxes_id": [(5, 0, 0)]}
        )

        def order(partner, amount, day):
            so = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "price_unit": amount})
                    ],
                }
            )
            so.action_confirm()
            so.date_order = day

        model = cls.env["crm.customer.value.model"].create(
            {
                "name": "Tour individuals",
                "customer_segment": "individual",
                "indicator_ids": [
                    (0, 0, {"indicator": "revenue", "normalisation": "minmax"})
                ],
            }
        )
        today = date.today()
        order(leader, 5_000, today - relativedelta(months=2))
        model._compute_scores(today - relativedelta(months=1))
        order(climber, 90_000, today)
        model._compute_scores(date.today())

    def test_value_tour(self):
        self.start_tour("/odoo", "turbo_crm_value_tour", login="turbo_value_director")


@tagged("post_install", "-at_install")
class TestApprovalTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["sale.approval.rule"].search([]).active = False
        cls.rep = new_test_user(
            cls.env,
            login="turbo_approval_rep",
            name="Approval Rep",
            groups="sales_team.group_sale_salesman",
        )
        cls.leader = new_test_user(
            cls.env,
            login="turbo_approval_leader",
            name="Approval Leader",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        team = cls.env["crm.team"].create(
            {
                "name": "Tour Approval Team",
                "user_id": cls.leader.id,
                "member_ids": [(6, 0, cls.rep.ids)],
            }
        )
        cls.env["sale.approval.rule"].create(
            {
                "name": "Tour large orders",
                "team_ids": [(6, 0, team.ids)],
                "amount_untaxed_from": 1_000_000,
                "approver_team_leader": True,
            }
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour Approval Metro", "is_company": True}
        )
        product = cls.env["product.product"].create(
            {"name": "Tour Chiller", "list_price": 1_200_000}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": cls.rep.id,
                "team_id": team.id,
                "order_line": [(0, 0, {"product_id": product.id})],
            }
        )

    def test_approval_tour(self):
        self.start_tour(
            "/odoo", "turbo_crm_approval_request_tour", login="turbo_approval_rep"
        )
        self.assertEqual(self.order.state, "draft")
        self.assertEqual(self.order.approval_state, "to_approve")
        self.start_tour(
            "/odoo", "turbo_crm_approval_decision_tour", login="turbo_approval_leader"
        )
        self.assertEqual(self.order.approval_state, "approved")
        self.assertEqual(self.order.approval_ids.decided_by_id, self.leader)


@tagged("post_install", "-at_install")
class TestServiceTour(HttpCase):
    """A technician opens a planned visit of the maintenance campaign and
    closes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician = new_test_user(
            cls.env,
            login="turbo_tour_technician",
            name="Tour Technician",
            groups="turbo_crm.group_service_user",
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Tour Hospital",
                "is_company": True,
                "service_user_id": cls.technician.id,
            }
        )
        today = date.today()
        cls.campaign = cls.env["crm.service.campaign"].create(
            {
                "name": "Tour After-SARS Maintenance",
                "partner_domain": str([("id", "=", cls.customer.id)]),
                "date_start": today,
                "date_end": today + relativedelta(months=1),
            }
        )
        cls.campaign.action_start()

    def test_service_tour(self):
        record = self.campaign.record_ids
        self.assertEqual(record.state, "planned")
        self.assertEqual(record.user_id, self.technician)
        self.start_tour(
            "/odoo", "turbo_crm_service_tour", login="turbo_tour_technician"
        )
        self.assertEqual(record.state, "done")
        self.assertTrue(record.closed_at)
        self.assertEqual(record.outcome, "Filters replaced, coils disinfected")
        self.assertEqual(self.campaign.done_count, 1)
