# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .test_project_milestone import WonProjectCommon


class ProfitCommon(WonProjectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("analytic.group_analytic_accounting")
        cls.lead.action_create_analytic_account()
        cls.presales_account = cls.lead.analytic_account_id
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Survey Engineer", "work_email": "survey@example.com"}
        )

    def expense(self, amount):
        expense = self.env["hr.expense"].create(
            {
                "name": "Survey trip",
                "employee_id": self.employee.id,
                "product_id": self.env.ref(
                    "hr_expense.expense_product_travel_accommodation"
                ).id,
                "total_amount_currency": amount,
                "tax_ids": [Command.clear()],
                "payment_mode": "own_account",
                "analytic_distribution": {str(self.presales_account.id): 100},
            }
        )
        sheet = expense._create_sheets_from_expense()
        sheet.action_submit_sheet()
        sheet.action_approve_expense_sheets()
        sheet.action_sheet_move_post()
        return expense

    def bill(self, account, amount, move_type="in_invoice"):
        bill = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.customer.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Ductwork",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": {str(account.id): 100},
                        }
                    )
                ],
            }
        )
        bill.action_post()
        return bill


@tagged("post_install", "-at_install")
class TestProfit(ProfitCommon):
    def test_estimate(self):
        with Form(self.lead) as form:
            with form.cost_line_ids.new() as line:
                line.cost_type = "equipment"
                line.name = "Air handling units"
                line.quantity = 4
                line.unit_cost = 120_000
            with form.cost_line_ids.new() as line:
                line.cost_type = "labour"
                line.name = "Installation"
                line.unit_cost = 70_000
        self.assertEqual(self.lead.estimated_cost, 550_000)
        self.assertEqual(self.lead.estimated_margin, 450_000)

    def test_margin_with_expense_bill_and_refund(self):
        line = self.confirm()
        project = line.project_id
        self.expense(2_000)
        # A pre-sales bill and its partial refund on the deal's account.
        self.bill(self.presales_account, 5_000)
        self.bill(self.presales_account, 1_000, "in_refund")
        # The subcontractor's bill on the project.
        self.bill(project.account_id, 100_000)
        # Design invoiced (300,000), then 50,000 credited.
        self.upload(self.design, self.cat_drawings)
        self.design.action_done()
        invoice = self.order._create_invoices()
        invoice.action_post()
        refund = invoice._reverse_moves(
            [{"invoice_date": fields.Date.today()}], cancel=False
        )
        refund.invoice_line_ids.write({"quantity": 1, "price_unit": 50_000})
        refund.action_post()

        self.assertAlmostEqual(self.lead.presales_cost, 6_000)
        self.assertAlmostEqual(self.lead.actual_revenue, 250_000)
        self.assertAlmostEqual(self.lead.actual_cost, 100_000)
        self.assertAlmostEqual(self.lead.actual_margin, 144_000)
        self.assertAlmostEqual(self.lead.actual_margin_percent, 57.6)
        self.assertAlmostEqual(self.lead.presales_return, 24)
        # Odoo's project profitability panel shows the pre-sales cost too.
        costs = project._get_profitability_items(with_action=True)["costs"]
        presales = [item for item in costs["data"] if item["id"] == "presales"]
        self.assertEqual(len(presales), 1)
        self.assertAlmostEqual(presales[0]["billed"], -6_000)
        self.assertIn("action", presales[0])
        self.assertAlmostEqual(costs["total"]["billed"], -106_000)
        self.assertEqual(
            project._get_profitability_labels()["presales"], "Pre-sales Costs"
        )
        action = project.action_profitability_items(
            "presales", [("account_id", "in", self.presales_account.ids)]
        )
        self.assertEqual(action["res_model"], "account.analytic.line")

    def test_no_presales_account_no_section(self):
        project = self.confirm().project_id
        self.lead.analytic_account_id = False
        costs = project._get_profitability_items(with_action=False)["costs"]
        self.assertFalse([item for item in costs["data"] if item["id"] == "presales"])
        self.assertEqual(self.lead.presales_cost, 0)
        self.assertEqual(self.lead.presales_return, 0)

    def test_closed_loop_overdue(self):
        self.confirm()
        self.upload(self.design, self.cat_drawings)
        self.design.action_done()
        invoice = self.order._create_invoices()
        invoice.invoice_date = fields.Date.add(fields.Date.today(), days=-60)
        invoice.invoice_date_due = fields.Date.add(fields.Date.today(), days=-30)
        invoice.action_post()
        self.assertEqual(self.lead.amount_overdue, 300_000)
        action = self.lead.action_view_overdue_invoices()
        self.assertEqual(action["res_id"], invoice.id)
        self.assertEqual(
            self.lead.action_view_projects()["res_model"], "project.project"
        )


@tagged("post_install", "-at_install")
class TestProfitReaders(ProfitCommon):
    """The Project & Profit tab of the won deal, read by its salesperson, by
    the project manager of its deal team, and by another rep. By hand:
    pre-sales 2,000 + 5,000 - 1,000 = 6,000; revenue 300,000 - 50,000 =
    250,000; cost 100,000; margin 250,000 - 100,000 - 6,000 = 144,000;
    invoiced 250,000, nothing paid, all of it overdue (the credit note keeps
    the due date of the invoice it corrects)."""

    FIGURES = [
        "profit_scope",
        "actual_revenue",
        "actual_cost",
        "presales_cost",
        "actual_margin",
        "amount_invoiced",
        "amount_paid",
        "amount_overdue",
    ]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order.action_confirm()
        cls.project = cls.order.order_line.project_id
        cls.upload(cls.design, cls.cat_drawings)
        cls.design.action_done()
        invoice = cls.order._create_invoices()
        invoice.invoice_date = fields.Date.add(fields.Date.today(), days=-60)
        invoice.invoice_date_due = fields.Date.add(fields.Date.today(), days=-30)
        invoice.action_post()
        refund = invoice._reverse_moves(
            [{"invoice_date": fields.Date.today()}], cancel=False
        )
        refund.invoice_line_ids.write({"quantity": 1, "price_unit": 50_000})
        refund.action_post()

    def setUp(self):
        super().setUp()
        self.expense(2_000)
        self.bill(self.presales_account, 5_000)
        self.bill(self.presales_account, 1_000, "in_refund")
        self.bill(self.project.account_id, 100_000)
        self.env.invalidate_all()

    def figures(self, user):
        return self.lead.with_user(user).read(self.FIGURES)[0]

    def test_salesperson_sees_every_figure(self):
        figures = self.figures(self.rep)
        self.assertEqual(figures["profit_scope"], "deal")
        self.assertAlmostEqual(figures["actual_revenue"], 250_000)
        self.assertAlmostEqual(figures["actual_cost"], 100_000)
        self.assertAlmostEqual(figures["presales_cost"], 6_000)
        self.assertAlmostEqual(figures["actual_margin"], 144_000)
        self.assertAlmostEqual(figures["amount_invoiced"], 250_000)
        self.assertAlmostEqual(figures["amount_paid"], 0)
        self.assertAlmostEqual(figures["amount_overdue"], 250_000)
        form = Form(self.lead.with_user(self.rep))
        self.assertFalse(form._get_modifier("amount_paid", "invisible"))

    def test_project_manager_sees_his_projects_figures(self):
        # He may not read the order, but he may read its project.
        with self.assertRaises(AccessError):
            self.order.with_user(self.pm).read(["amount_total"])
        self.assertTrue(self.project.with_user(self.pm).read(["name"]))
        figures = self.figures(self.pm)
        # Revenue and costs as the project's profitability panel shows them
        # to him, the deal's pre-sales cost on top.
        self.assertEqual(figures["profit_scope"], "project")
        self.assertAlmostEqual(figures["actual_revenue"], 250_000)
        self.assertAlmostEqual(figures["actual_cost"], 100_000)
        self.assertAlmostEqual(figures["presales_cost"], 6_000)
        self.assertAlmostEqual(figures["actual_margin"], 144_000)
        # The customer's account is not his: the tab says it is hidden, and
        # shows no figure for it.
        form = Form(self.lead.with_user(self.pm))
        self.assertEqual(form.profit_scope, "project")
        self.assertEqual(self.lead.with_user(self.pm).project_ids, self.project)
        self.assertTrue(form._get_modifier("amount_paid", "invisible"))
        self.assertFalse(form._get_modifier("actual_revenue", "invisible"))

    def test_team_member_without_project_sees_figures_hidden(self):
        presales = self.env["res.users"].create(
            {
                "name": "Pre-sales Engineer",
                "login": "prj_presales",
                "groups_id": [
                    Command.set(self.env.ref("sales_team.group_sale_salesman").ids)
                ],
            }
        )
        self.lead.team_member_ids = [
            Command.create({"user_id": presales.id, "role": "presales"})
        ]
        figures = self.figures(presales)
        self.assertEqual(figures["profit_scope"], "hidden")
        form = Form(self.lead.with_user(presales))
        self.assertTrue(form._get_modifier("actual_revenue", "invisible"))
        self.assertTrue(form._get_modifier("amount_paid", "invisible"))

    def test_other_rep_reads_no_figure(self):
        with self.assertRaises(AccessError):
            self.figures(self.other_rep)
        # A new deal pointed at this deal's pre-sales account, or linked to
        # its order, shows nothing of them.
        Lead = self.env["crm.lead"].with_user(self.other_rep)
        with Form(Lead.with_context(default_type="opportunity")) as form:
            form.name = "Probe"
            form.analytic_account_id = self.presales_account
            self.assertEqual(form.presales_cost, 0)
            self.assertEqual(form.profit_scope, "hidden")
            form.analytic_account_id = self.env["account.analytic.account"]
        probe = Lead.new(
            {"type": "opportunity", "order_ids": [Command.link(self.order.id)]}
        )
        self.assertEqual(probe.profit_scope, "hidden")
        self.assertEqual(probe.amount_invoiced, 0)
        self.assertEqual(probe.amount_overdue, 0)
        self.assertEqual(probe.actual_revenue, 0)

    def test_figures_follow_the_readers_companies(self):
        company_b = self.env["res.company"].create({"name": "Second HVAC Co."})
        self.rep.company_ids += company_b
        lead = self.lead.with_user(self.rep)
        self.assertEqual(lead.profit_scope, "deal")
        self.assertAlmostEqual(lead.actual_revenue, 250_000)
        self.assertAlmostEqual(lead.amount_invoiced, 250_000)
        # With only the other company selected, the order is not his to read.
        in_b = lead.with_context(allowed_company_ids=company_b.ids)
        self.assertEqual(in_b.profit_scope, "hidden")
        self.assertEqual(in_b.actual_revenue, 0)
        self.assertEqual(in_b.amount_invoiced, 0)

    def test_closed_loop_follows_the_presales_account(self):
        """Pointed, in the form, at the pre-sales account of a deal he may
        not read, the deal hides its invoices too."""
        other_account = self.env["account.analytic.account"].create(
            {
                "name": "Other deal pre-sales",
                "plan_id": self.presales_account.plan_id.id,
            }
        )
        self.env["crm.lead"].create(
            {
                "name": "Other rep's deal",
                "user_id": self.other_rep.id,
                "analytic_account_id": other_account.id,
            }
        )
        form = Form(self.lead.with_user(self.rep))
        self.assertAlmostEqual(form.amount_invoiced, 250_000)
        form.analytic_account_id = other_account
        self.assertEqual(form.profit_scope, "hidden")
        self.assertEqual(form.amount_invoiced, 0)
        self.assertEqual(form.amount_overdue, 0)

    def test_project_without_panel_shows_no_figure(self):
        """A project that is not billable shows no profitability panel: the
        project manager reads no figure of it on the deal either."""
        self.project.allow_billable = False
        self.assertFalse(self.project._show_profitability())
        figures = self.figures(self.pm)
        self.assertEqual(figures["profit_scope"], "project")
        self.assertEqual(figures["actual_revenue"], 0)
        self.assertEqual(figures["actual_cost"], 0)

    def test_presales_account_is_one_deals(self):
        with self.assertRaisesMessage(ValidationError, "already holds the pre-sales"):
            self.env["crm.lead"].create(
                {"name": "Copycat", "analytic_account_id": self.presales_account.id}
            )
