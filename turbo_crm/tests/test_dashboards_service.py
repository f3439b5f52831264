# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import date, timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import TurboCrmServiceCommon
from .dashboard_check import DashboardCheckMixin


@tagged("post_install", "-at_install")
class TestServiceDashboard(DashboardCheckMixin, TurboCrmServiceCommon):
    """The Service dashboard: everything it asks of the server exists, a
    service manager sees data in each of its sources on the demo, only
    service managers see it, and its figures on a dataset worked out by
    hand below, with its global filters set as a manager would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref("turbo_crm.spreadsheet_dashboard_service")
        cls.data = json.loads(cls.dashboard.spreadsheet_data)
        today = fields.Date.context_today(cls.env["crm.service.equipment"])
        # The technician's units: the hospital's warranty ended yesterday,
        # the data centre's ends today (still covered), a third one at the
        # data centre has no warranty date, one more is retired.
        cls.unit_hospital.warranty_end = today - timedelta(days=1)
        cls.unit_datacenter.warranty_end = today
        Equipment = cls.env["crm.service.equipment"]
        Equipment.create(
            {
                "name": "CH-02",
                "partner_id": cls.customer_datacenter.id,
                "product_id": cls.product_chiller.id,
                "serial": "T-0004",
                "technician_id": cls.user_technician.id,
            }
        )
        Equipment.create(
            {
                "name": "CH-00",
                "partner_id": cls.customer_datacenter.id,
                "product_id": cls.product_chiller.id,
                "serial": "T-0005",
                "technician_id": cls.user_technician.id,
                "warranty_end": today + timedelta(days=365),
                "state": "retired",
            }
        )
        # Technician 1 (service rep of the hospital, in the North, and of
        # the data centre, in Shanghai under the East):
        # R1 hospital repair in January 2030, answered 2 h after the
        # request, closed 10 h after it, rated 4; R2 the hospital again 20
        # days later (0.5 h, 4 h, rated 2): R1 not fixed first time, R2 a
        # revisit and fixed; R3 data centre maintenance in February (4 h,
        # 8 h, rated 5). One visit planned, one in progress, one cancelled.
        cls._done_services()
        cls._record(partner=cls.customer_datacenter, date=date(2030, 2, 11))
        cls._record(
            partner=cls.customer_hospital, date=date(2030, 2, 12), state="in_progress"
        )
        cls._record(cls.unit_hospital, date=date(2030, 2, 13), state="cancelled")
        cls.filter_me = {"Technician": cls.user_technician}

    def _row(self, pivot_id, filters, groupby=None):
        return self._read_pivot(
            self.user_service_manager, self.data, pivot_id, filters, groupby
        )

    def test_dashboard_check(self):
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref("turbo_crm.spreadsheet_dashboard_group_turbo_crm"),
        )
        self.assertDashboard(self.dashboard, self.user_service_manager)
        self.assertEqual(
            {f["label"] for f in self.data["globalFilters"]},
            {"Period", "Technician", "Region"},
        )

    def test_dashboard_on_demo(self):
        """Each source shows data to a service manager of the demo."""
        demo_manager = self.env.ref("turbo_crm.user_service_manager")
        self.assertDashboard(self.dashboard, demo_manager)

    def test_visible_to_service_managers_only(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertEqual(
            Dashboard.with_user(self.user_service_manager).search(
                [("id", "=", self.dashboard.id)]
            ),
            self.dashboard,
        )
        for user in (
            self.user_technician,
            self.user_sales_manager,
            self.user_salesman,
        ):
            self.assertFalse(
                Dashboard.with_user(user).search([("id", "=", self.dashboard.id)]),
                user.login,
            )
            self.assertFalse(self.dashboard.with_user(user).has_access("read"))

    def test_kpis_by_technician(self):
        """Pivot 1, filtered on the technician: his three services."""
        rows = self._row("1", self.filter_me)
        self.assertEqual(list(rows), [(self.user_technician,)])
        kpis = rows[(self.user_technician,)]
        self.assertEqual(kpis["record_count"], 3)
        self.assertEqual(kpis["repair_count"], 2)
        # R1 revisited, R2 not: 1 of 2 repairs fixed first time
        self.assertAlmostEqual(kpis["first_time_fix_rate"], 50.0)
        self.assertEqual(kpis["revisit_count"], 1)
        self.assertAlmostEqual(kpis["response_hours"], (2 + 0.5 + 4) / 3)
        self.assertAlmostEqual(kpis["resolution_hours"], (10 + 4 + 8) / 3)
        self.assertAlmostEqual(kpis["satisfaction"], (4 + 2 + 5) / 3)

    def test_period_filter(self):
        """January 2030: R1 and R2 only; the customers in his care are
        counted whatever the period (their table is not dated)."""
        filters = dict(self.filter_me, Period=(date(2030, 1, 1), date(2030, 1, 31)))
        kpis = self._row("1", filters)[(self.user_technician,)]
        self.assertEqual(kpis["record_count"], 2)
        self.assertEqual(kpis["repair_count"], 2)
        self.assertAlmostEqual(kpis["first_time_fix_rate"], 50.0)
        self.assertAlmostEqual(kpis["satisfaction"], 3.0)
        care = self._row("2", filters)
        self.assertEqual(care, {(self.user_technician,): {"customer_count": 2}})
        # Open services whatever the period: the one in progress since
        # February is still open in January's view (overdue ones most of all).
        self.assertEqual(self._row("3", filters), self._row("3", self.filter_me))
        self.assertIn((self.user_technician, "in_progress"), self._row("3", filters))

    def test_region_filter(self):
        """The East and its children: the data centre (Shanghai) only."""
        filters = dict(self.filter_me, Region=self.region_east)
        kpis = self._row("1", filters)[(self.user_technician,)]
        self.assertEqual(kpis["record_count"], 1)
        self.assertEqual(kpis["repair_count"], 0)
        self.assertEqual(
            self._row("2", filters)[(self.user_technician,)]["customer_count"], 1
        )
        # Installed base in the East: CH-01 (covered until today), CH-02
        # (no warranty date); the retired unit is not installed base.
        self.assertEqual(
            self._row("4", filters),
            {
                (self.category_hvac, "under_warranty"): {"__count": 1},
                (self.category_hvac, "out_of_warranty"): {"__count": 1},
            },
        )

    def test_open_services_and_installed_base(self):
        self.assertEqual(
            self._row("3", self.filter_me),
            {
                (self.user_technician, "planned"): {"__count": 1},
                (self.user_technician, "in_progress"): {"__count": 1},
            },
        )
        # the hospital's warranty ended yesterday
        self.assertEqual(
            self._row("4", self.filter_me),
            {
                (self.category_hvac, "under_warranty"): {"__count": 1},
                (self.category_hvac, "out_of_warranty"): {"__count": 2},
            },
        )
        self.assertEqual(
            self._row("4", self.filter_me, groupby=()), {(): {"__count": 3}}
        )

    def test_chart_of_services_by_month(self):
        chart = next(
            figure["data"]
            for figure in self.data["sheets"][0]["figures"]
            if figure["data"]["metaData"]["resModel"] == "crm.service.record"
            and figure["data"]["type"] == "odoo_bar"
        )
        domain = (
            self._filter_domain(self.data, chart["fieldMatching"], self.filter_me)
            + chart["searchParams"]["domain"]
        )
        counts = {
            (month, service_type): count
            for month, service_type, count in self.env["crm.service.record"]
            .with_user(self.user_service_manager)
            ._read_group(domain, chart["metaData"]["groupBy"], ["__count"])
        }
        self.assertEqual(
            counts,
            {
                (date(2030, 1, 1), "repair"): 2,
                (date(2030, 2, 1), "maintenance"): 1,
            },
        )

    def test_running_campaigns(self):
        campaign = self.env["crm.service.campaign"].create(
            {
                "name": "Test Dashboard Campaign",
                "partner_domain": repr([("id", "=", self.customer_hospital.id)]),
                "date_start": date(2030, 1, 1),
                "date_end": date(2099, 1, 1),
            }
        )
        campaigns = self.data["lists"]["1"]
        Campaign = self.env["crm.service.campaign"].with_user(self.user_service_manager)
        self.assertNotIn(campaign, Campaign.search(campaigns["domain"]))
        campaign.action_start()
        self.assertIn(campaign, Campaign.search(campaigns["domain"]))
        row = Campaign.browse(campaign.id).read(campaigns["columns"])[0]
        self.assertEqual(
            (row["target_count"], row["generated_count"], row["done_count"]),
            (1, 1, 0),
        )

    def test_sample(self):
        self.assertSampleDashboard(self.dashboard)
        result = self.dashboard.with_user(
            self.user_service_manager
        ).get_readonly_dashboard()
        self.assertFalse(result.get("is_sample"))
        self.env["crm.service.record"].search([]).unlink()
        result = self.dashboard.with_user(
            self.user_service_manager
        ).get_readonly_dashboard()
        self.assertTrue(result["is_sample"])
        self.assertEqual(
            [sheet["name"] for sheet in result["snapshot"]["sheets"]],
            ["Dashboard", "Data"],
        )


@tagged("post_install", "-at_install")
class TestEquipmentWarranty(TurboCrmServiceCommon):
    """A unit is under warranty until its warranty end, included; without
    a warranty end it is not. Searched and grouped the same way."""

    def test_warranty_state(self):
        Equipment = self.env["crm.service.equipment"]
        today = fields.Date.context_today(Equipment)
        self.unit_hospital.warranty_end = today
        self.unit_datacenter.warranty_end = today - timedelta(days=1)
        self.unit_pharma.warranty_end = False
        units = self.unit_hospital | self.unit_datacenter | self.unit_pharma
        self.assertEqual(
            units.mapped("warranty_state"),
            ["under_warranty", "out_of_warranty", "out_of_warranty"],
        )
        mine = [("id", "in", units.ids)]
        covered, others = self.unit_hospital, units - self.unit_hospital
        for domain, expected in (
            ([("warranty_state", "=", "under_warranty")], covered),
            ([("warranty_state", "!=", "under_warranty")], others),
            ([("warranty_state", "in", ["out_of_warranty"])], others),
            ([("warranty_state", "not in", ["out_of_warranty"])], covered),
            ([("warranty_state", "in", ["under_warranty", "out_of_warranty"])], units),
            ([("warranty_state", "=", False)], Equipment),
        ):
            self.assertEqual(Equipment.search(mine + domain), expected, domain)
        self.assertEqual(
            dict(Equipment._read_group(mine, ["warranty_state"], ["__count"])),
            {"under_warranty": 1, "out_of_warranty": 2},
        )


@tagged("post_install", "-at_install")
class TestServiceDashboardTour(HttpCase):
    def test_service_manager_opens_dashboard(self):
        new_test_user(
            self.env,
            login="turbo_service_dash_tour",
            name="Service Dashboard Tour Manager",
            groups="turbo_crm.group_service_manager",
        )
        self.start_tour(
            "/odoo/dashboards",
            "turbo_crm_service_dashboard_tour",
            login="turbo_service_dash_tour",
        )

    def test_sample_on_empty_database(self):
        """Without service records, the Service dashboard draws its sample."""
        self.env["crm.service.record"].search([]).unlink()
        new_test_user(
            self.env,
            login="turbo_service_dash_sample",
            name="Service Dashboard Sample Manager",
            groups="turbo_crm.group_service_manager",
        )
        self.start_tour(
            "/odoo/dashboards",
            "turbo_crm_service_dashboard_sample_tour",
            login="turbo_service_dash_sample",
        )
