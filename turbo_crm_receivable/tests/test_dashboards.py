# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.turbo_crm.tests.dashboard_check import DashboardCheckMixin


@tagged("post_install", "-at_install")
class TestReceivablesDashboard(DashboardCheckMixin, TransactionCase):
    """The Receivables dashboard: everything it asks of the server exists,
    and billing users and credit controllers see data in each of its data
    sources on the demo, sales managers do not see it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing = new_test_user(
            cls.env,
            login="rcv_dash_billing",
            name="Dashboard Billing",
            groups="account.group_account_invoice",
        )
        cls.controller = new_test_user(
            cls.env,
            login="rcv_dash_controller",
            name="Dashboard Controller",
            groups="turbo_crm_receivable.group_credit_controller",
        )
        cls.manager = new_test_user(
            cls.env,
            login="rcv_dash_manager",
            name="Dashboard Sales Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.dashboard = cls.env.ref(
            "turbo_crm_receivable.spreadsheet_dashboard_receivables"
        )

    def test_in_turbo_crm_group(self):
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref("turbo_crm.spreadsheet_dashboard_group_turbo_crm"),
        )

    def test_name_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["turbo_crm_receivable"], ["zh_CN"]
        )
        self.assertEqual(self.dashboard.with_context(lang="zh_CN").name, "应收账款")

    def test_receivables_dashboard_billing(self):
        self.assertDashboard(self.dashboard, self.billing)

    def test_receivables_dashboard_credit_controller(self):
        self.assertDashboard(self.dashboard, self.controller)

    def test_hidden_from_sales_managers(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertFalse(
            Dashboard.with_user(self.manager).search([("id", "=", self.dashboard.id)])
        )
        self.assertFalse(
            Dashboard.with_user(self.controller).search(
                [
                    (
                        "id",
                        "in",
                        [
                            self.env.ref(
                                "turbo_crm.spreadsheet_dashboard_customers"
                            ).id,
                            self.env.ref("turbo_crm.spreadsheet_dashboard_sales").id,
                        ],
                    )
                ]
            )
        )

    def test_sample(self):
        sample = self.assertSampleDashboard(self.dashboard)
        result = self.dashboard.with_user(self.billing).get_readonly_dashboard()
        self.assertFalse(result.get("is_sample"))
        # until the first invoice, the sample shows
        self.assertEqual(
            self.dashboard.main_data_model_ids,
            self.env.ref("account.model_account_move"),
        )
        self.assertEqual(self.dashboard._get_sample_dashboard(), sample)


@tagged("post_install", "-at_install")
class TestReceivablesDashboardTour(HttpCase):
    def test_credit_controller_opens_dashboard(self):
        new_test_user(
            self.env,
            login="rcv_dash_tour_controller",
            name="Dashboard Tour Controller",
            groups="turbo_crm_receivable.group_credit_controller",
        )
        self.start_tour(
            "/odoo/dashboards",
            "turbo_crm_receivable_dashboard_tour",
            login="rcv_dash_tour_controller",
        )

    def test_sample_on_empty_database(self):
        """Without invoices, the Receivables dashboard draws its sample (the
        demo's posted invoices cannot be deleted: an empty model stands in
        for them)."""
        self.env["crm.lead"].with_context(active_test=False).search([]).unlink()
        self.env.ref(
            "turbo_crm_receivable.spreadsheet_dashboard_receivables"
        ).main_data_model_ids = self.env.ref("crm.model_crm_lead")
        self.start_tour(
            "/odoo/dashboards",
            "turbo_crm_receivable_dashboard_sample_tour",
            login="admin",
        )
