# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import TransactionCaseWithUserDemo


class TurboCrmCommon(TransactionCaseWithUserDemo):
    """Users in each Turbo CRM role and a small region tree."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_salesman = new_test_user(
            cls.env,
            login="turbo_rep",
            name="Turbo Rep",
            groups="sales_team.group_sale_salesman",
        )
        cls.user_sales_manager = new_test_user(
            cls.env,
            login="turbo_manager",
            name="Turbo Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.user_channel_manager = new_test_user(
            cls.env,
            login="turbo_channel",
            name="Turbo Channel Manager",
            groups="turbo_crm.group_channel_manager",
        )
        cls.user_technician = new_test_user(
            cls.env,
            login="turbo_tech",
            name="Turbo Technician",
            groups="turbo_crm.group_service_user",
        )
        cls.user_service_manager = new_test_user(
            cls.env,
            login="turbo_service_manager",
            name="Turbo Service Manager",
            groups="turbo_crm.group_service_manager",
        )
        Region = cls.env["crm.sales.region"]
        cls.region_cn = Region.create({"name": "Test China", "code": "T-CN"})
        cls.region_east = Region.create(
            {"name": "Test East", "code": "T-E", "parent_id": cls.region_cn.id}
        )
        cls.region_shanghai = Region.create(
            {"name": "Test Shanghai", "code": "T-SH", "parent_id": cls.region_east.id}
        )
        cls.region_north = Region.create(
            {"name": "Test North", "code": "T-N", "parent_id": cls.region_cn.id}
        )


class TurboCrmApprovalCommon(TurboCrmCommon):
    """The rules of the demo out of the way, and a sales team whose leader
    approves the orders of its rep."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["sale.approval.rule"].search([]).active = False
        cls.user_leader = new_test_user(
            cls.env,
            login="turbo_leader",
            name="Turbo Leader",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Test Approval Team",
                "user_id": cls.user_leader.id,
                "member_ids": [Command.set(cls.user_salesman.ids)],
            }
        )


class TurboCrmDealCommon(TurboCrmCommon):
    """A team with its own pipeline, a scorecard and a customer with a
    buying committee to map."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Test Projects Team",
                "member_ids": [(6, 0, cls.user_salesman.ids)],
            }
        )
        Stage = cls.env["crm.stage"]
        # As crm's tests do: the test pipeline comes first, the shared
        # stages (with their gates in the demo data) after it.
        Stage.search([]).write({"sequence": 9999})
        cls.stage_new, cls.stage_qualified, cls.stage_proposal = Stage.create(
            [
                {"name": "T New", "sequence": 1, "team_id": cls.team.id},
                {"name": "T Qualified", "sequence": 2, "team_id": cls.team.id},
                {
                    "name": "T Proposal",
                    "sequence": 3,
                    "team_id": cls.team.id,
                    "requires_qualification": True,
                },
            ]
        )
        cls.stage_won = Stage.create(
            {"name": "T Won", "sequence": 4, "team_id": cls.team.id, "is_won": True}
        )
        cls.template = cls.env["crm.qualification.template"].create(
            {
                "name": "Test Scorecard",
                "team_ids": [(6, 0, cls.team.ids)],
                "pass_score": 60,
                "criterion_ids": [
                    (0, 0, {"name": "Budget", "weight": 2, "sequence": 1}),
                    (
                        0,
                        0,
                        {
                            "name": "Need",
                            "weight": 1,
                            "knockout": True,
                            "sequence": 2,
                        },
                    ),
                    (0, 0, {"name": "Timing", "weight": 1, "sequence": 3}),
                ],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Test Metro Group", "is_company": True}
        )
        cls.contacts = cls.env["res.partner"].create(
            [
                {"name": f"Test Contact {i}", "parent_id": cls.customer.id}
                for i in range(1, 6)
            ]
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Test Line 9",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.user_salesman.id,
                "team_id": cls.team.id,
                "stage_id": cls.stage_new.id,
                "expected_revenue": 1_000_000,
                "probability": 50,
            }
        )

    @classmethod
    def score(cls, lead, scores):
        """Score the criteria in order: scores like ['5', '0', '3']."""
        lines = lead.qualification_ids.sorted("sequence")[: len(scores)]
        for line, score in zip(lines, scores, strict=True):
            line.score = score

    @classmethod
    def qualify(cls, lead):
        """A passing scorecard and the decision: what Won needs past T Proposal."""
        cls.score(lead, ["4", "3", "3"])
        lead.action_qualify()

    @classmethod
    def add_stakeholder(cls, lead, partner, **values):
        return cls.env["crm.lead.stakeholder"].create(
            {"lead_id": lead.id, "partner_id": partner.id, **values}
        )


class TurboCrmServiceCommon(TurboCrmCommon):
    """Two technicians, each the service rep of his own customers, and a
    unit of equipment at each customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_technician_2 = new_test_user(
            cls.env,
            login="turbo_tech_2",
            name="Turbo Technician 2",
            groups="turbo_crm.group_service_user",
        )
        Partner = cls.env["res.partner"]
        cls.customer_hospital = Partner.create(
            {
                "name": "Test City Hospital",
                "is_company": True,
                "customer_segment": "government",
                "customer_tier": "vip",
                "sales_region_id": cls.region_north.id,
                "service_user_id": cls.user_technician.id,
            }
        )
        cls.contact_hospital = Partner.create(
            {"name": "Test Plant Room Chief", "parent_id": cls.customer_hospital.id}
        )
        cls.customer_datacenter = Partner.create(
            {
                "name": "Test Data Centre",
                "is_company": True,
                "customer_segment": "enterprise",
                "customer_tier": "a",
                "sales_region_id": cls.region_shanghai.id,
                "service_user_id": cls.user_technician.id,
            }
        )
        cls.customer_pharma = Partner.create(
            {
                "name": "Test Pharma",
                "is_company": True,
                "customer_segment": "enterprise",
                "customer_tier": "b",
                "sales_region_id": cls.region_east.id,
                "service_user_id": cls.user_technician_2.id,
            }
        )
        cls.category_hvac = cls.env["product.category"].create({"name": "Test HVAC"})
        cls.product_chiller = cls.env["product.product"].create(
            {
                "name": "Test Chiller",
                "type": "consu",
                "categ_id": cls.category_hvac.id,
                "is_serviceable": True,
            }
        )
        Equipment = cls.env["crm.service.equipment"]
        cls.unit_hospital = Equipment.create(
            {
                "name": "CH-01",
                "partner_id": cls.customer_hospital.id,
                "product_id": cls.product_chiller.id,
                "serial": "T-0001",
                "installed_on": date(2029, 1, 10),
                "warranty_end": date(2030, 1, 15),
                "technician_id": cls.user_technician.id,
            }
        )
        cls.unit_datacenter = Equipment.create(
            {
                "name": "CH-01",
                "partner_id": cls.customer_datacenter.id,
                "product_id": cls.product_chiller.id,
                "serial": "T-0002",
                "installed_on": date(2029, 6, 1),
                "technician_id": cls.user_technician.id,
            }
        )
        cls.unit_pharma = Equipment.create(
            {
                "name": "AHU-01",
                "partner_id": cls.customer_pharma.id,
                "product_id": cls.product_chiller.id,
                "serial": "T-0003",
                "installed_on": date(2029, 3, 1),
                "technician_id": cls.user_technician_2.id,
            }
        )

    @classmethod
    def _record(cls, unit=None, **values):
        partner = values.pop("partner", None) or unit.partner_id
        return cls.env["crm.service.record"].create(
            {
                "partner_id": partner.id,
                "equipment_id": unit.id if unit else False,
                "user_id": cls.user_technician.id,
                "service_type": "repair",
                **values,
            }
        )

    @classmethod
    def _done_services(cls):
        """The first technician's three done services the KPI figures are
        worked out on: R1 hospital repair in January 2030, answered 2 h
        after the request, closed 10 h after it, rated 4; R2 the hospital
        again 20 days later (0.5 h, 4 h, rated 2), so R1 is not fixed first
        time and R2 is a revisit; R3 data centre maintenance in February
        (4 h, 8 h, rated 5)."""
        cls._record(
            cls.unit_hospital,
            date=date(2030, 1, 10),
            requested_at=datetime(2030, 1, 10, 8),
            first_response_at=datetime(2030, 1, 10, 10),
            arrival_at=datetime(2030, 1, 10, 12),
            closed_at=datetime(2030, 1, 10, 18),
            satisfaction="4",
            state="done",
        )
        cls._record(
            cls.unit_hospital,
            date=date(2030, 1, 30),
            requested_at=datetime(2030, 1, 30, 9),
            first_response_at=datetime(2030, 1, 30, 9, 30),
            closed_at=datetime(2030, 1, 30, 13),
            satisfaction="2",
            state="done",
        )
        cls._record(
            cls.unit_datacenter,
            service_type="maintenance",
            date=date(2030, 2, 10),
            requested_at=datetime(2030, 2, 10, 8),
            first_response_at=datetime(2030, 2, 10, 12),
            closed_at=datetime(2030, 2, 10, 16),
            satisfaction="5",
            state="done",
        )
