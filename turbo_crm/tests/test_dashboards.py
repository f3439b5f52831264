# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .dashboard_check import DashboardCheckMixin


@tagged("post_install", "-at_install")
class TestTurboCrmDashboards(DashboardCheckMixin, TransactionCase):
    """The Customers and Sales dashboards: every model, field, measure,
    group-by, domain, formula and global filter chain they use exists, and
    each of their data sources shows data to a sales manager on the demo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="turbo_dash_manager",
            name="Dashboard Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.rep = new_test_user(
            cls.env,
            login="turbo_dash_rep",
            name="Dashboard Rep",
            groups="sales_team.group_sale_salesman",
        )
        cls.group = cls.env.ref("turbo_crm.spreadsheet_dashboard_group_turbo_crm")
        cls.customers = cls.env.ref("turbo_crm.spreadsheet_dashboard_customers")
        cls.sales = cls.env.ref("turbo_crm.spreadsheet_dashboard_sales")

    def test_group(self):
        self.assertEqual(self.group.name, "Turbo CRM")
        self.assertLessEqual(
            self.customers | self.sales, self.group.published_dashboard_ids
        )

    def test_names_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["turbo_crm"], ["zh_CN"])
        self.assertEqual(self.group.with_context(lang="zh_CN").name, "Turbo CRM")
        self.assertEqual(self.customers.with_context(lang="zh_CN").name, "客户")
        self.assertEqual(self.sales.with_context(lang="zh_CN").name, "销售")
        # the spreadsheet's own terms are translated in the browser
        translations = {
            message["id"]: message["string"]
            for message in self.env["ir.http"].get_translations_for_webclient(
                ["turbo_crm"], "zh_CN"
            )[0]["turbo_crm"]["messages"]
        }
        self.assertEqual(translations["Pipeline by Stage"], "按阶段的销售管道")
        self.assertEqual(translations["Region"], "销售区域")

    def test_customers_dashboard(self):
        self.assertDashboard(self.customers, self.manager)

    def test_sales_dashboard(self):
        self.assertDashboard(self.sales, self.manager)

    def test_visible_to_sales_managers_only(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertEqual(
            Dashboard.with_user(self.manager).search(
                [("dashboard_group_id", "=", self.group.id)]
            )
            & (self.customers | self.sales),
            self.customers | self.sales,
        )
        self.assertFalse(
            Dashboard.with_user(self.rep).search(
                [("id", "in", (self.customers | self.sales).ids)]
            )
        )

    def test_filter_chains_checked(self):
        """The check catches what Odoo's does not: a global filter matched
        on a chain that does not exist, or on a field of another model."""
        data = self._dashboard_data(self.sales)
        filters = {f["id"]: f for f in data["globalFilters"]}
        region = next(f for f in filters.values() if f["label"] == "Region")
        salesperson = next(f for f in filters.values() if f["label"] == "Salesperson")
        with self.assertRaises(AssertionError):
            self._assertFieldMatching(
                "crm.lead",
                {region["id"]: {"chain": "partner_id.region_id", "type": "many2one"}},
                filters,
                "test",
            )
        with self.assertRaises(AssertionError):
            self._assertFieldMatching(
                "crm.lead",
                {salesperson["id"]: {"chain": "team_id", "type": "many2one"}},
                filters,
                "test",
            )
        with self.assertRaises(AssertionError):
            self._assertGroupby("crm.lead", "expected_revenue:month", "test")
        with self.assertRaises(AssertionError):
            self._assertMeasure("crm.lead", "stage_id", "test")

    def test_readonly_dashboard_and_sample(self):
        for dashboard in self.customers | self.sales:
            self.assertSampleDashboard(dashboard)
            result = dashboard.with_user(self.manager).get_readonly_dashboard()
            self.assertFalse(result.get("is_sample"), dashboard.name)
        # no opportunity yet: the Sales dashboard shows its sample
        self.env["crm.lead"].with_context(active_test=False).search([]).unlink()
        result = self.sales.with_user(self.manager).get_readonly_dashboard()
        self.assertTrue(result["is_sample"])
        self.assertEqual(result["snapshot"]["sheets"][0]["name"], "Dashboard")


@tagged("post_install", "-at_install")
class TestTurboCrmDashboardTour(HttpCase):
    def test_sales_manager_opens_dashboards(self):
        new_test_user(
            self.env,
            login="turbo_dash_tour_manager",
            name="Dashboard Tour Manager",
            groups="sales_team.group_sale_manager",
        )
        self.start_tour(
            "/odoo/dashboards",
            "turbo_crm_dashboard_tour",
            login="turbo_dash_tour_manager",
        )

    def test_samples_on_empty_database(self):
        """Without opportunities, the Sales dashboard draws its sample;
        the Customers one likewise without orders (stood in for by the
        opportunities here: the demo's orders are invoiced, they cannot be
        deleted)."""
        self.env["crm.lead"].with_context(active_test=False).search([]).unlink()
        self.env.ref(
            "turbo_crm.spreadsheet_dashboard_customers"
        ).main_data_model_ids = self.env.ref("crm.model_crm_lead")
        self.start_tour(
            "/odoo/dashboards", "turbo_crm_dashboard_sample_tour", login="admin"
        )
