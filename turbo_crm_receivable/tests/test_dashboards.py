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

    def test_figures_are_the_open_items(self):
        """On the demo, the dashboard's kept rows say what the open items
        say: the buckets sum to what is due, and the largest debtors are the
        customers owing most, in that order."""
        Items = self.env["receivable.aging.report"].with_user(self.billing)
        by_bucket = dict(Items._read_group([], ["bucket"], ["amount_residual:sum"]))
        by_customer = Items._read_group(
            [],
            ["partner_id"],
            ["amount_residual:sum"],
            order="amount_residual:sum desc",
        )
        self.assertGreaterEqual(len(by_customer), 3, "the demo has debtors")
        data = self._dashboard_data(self.dashboard)
        Kept = self.env["receivable.aging.customer"].with_user(self.billing)
        pivot = data["pivots"]["1"]
        [totals] = Kept._read_group(
            pivot["domain"],
            aggregates=[f"{m['fieldName']}:sum" for m in pivot["measures"]],
        )
        totals = dict(
            zip([m["fieldName"] for m in pivot["measures"]], totals, strict=True)
        )
        for bucket, amount in by_bucket.items():
            self.assertAlmostEqual(totals[f"amount_{bucket}"], amount, places=2)
        self.assertAlmostEqual(
            totals["amount_residual"], sum(by_bucket.values()), places=2
        )
        debtors = data["lists"]["1"]
        rows = Kept.search(
            debtors["domain"],
            order=", ".join(
                f"{o['name']} {'asc' if o['asc'] else 'desc'}"
                for o in debtors["orderBy"]
            ),
            limit=3,
        )
        self.assertEqual(
            rows.partner_id,
            self.env["res.partner"].union(*(p for p, _a in by_customer[:3])),
        )
        self.assertEqual(
            [round(r.amount_residual, 2) for r in rows],
            [round(a, 2) for _p, a in by_customer[:3]],
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
        # The demo's customers aged as the daily job leaves them: the
        # browser's reads then find nothing to write (a stale row makes Odoo
        # retry the read-only request on a read/write cursor, with a warning).
        self.env["receivable.aging.customer"]._refresh_if_needed()
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
