# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.tests import Form, tagged

from odoo.addons.turbo_crm_project.tests.test_project_milestone import (
    WonProjectCommon,
)


@tagged("post_install", "-at_install")
class TestPlanByMilestone(WonProjectCommon):
    """The deal's billed milestones drive the order's payment plan and so the
    cash-in forecast: created on confirmation, dated by the milestones,
    invoiced and paid as Odoo's milestone invoicing bills them."""

    def plan(self):
        return self.order.payment_plan_line_ids.sorted("sequence")

    def test_confirmation_plans_an_instalment_per_billed_milestone(self):
        self.confirm()
        design, acceptance = self.plan()
        self.assertEqual(design.milestone_id, self.design)
        self.assertEqual(acceptance.milestone_id, self.acceptance)
        self.assertEqual(self.plan().mapped("share"), [30, 70])
        self.assertEqual(self.plan().mapped("amount"), [300_000, 700_000])
        self.assertEqual(design.planned_date, date(2026, 5, 1))
        self.assertEqual(acceptance.planned_date, date(2026, 6, 30))
        self.assertEqual(self.design.payment_plan_line_ids, design)

    def test_instalments_follow_the_milestones(self):
        self.confirm()
        design, acceptance = self.plan()
        self.acceptance.deadline = date(2026, 8, 14)
        self.assertEqual(acceptance.planned_date, date(2026, 8, 14))
        # Reached, then invoiced by Odoo's milestone invoicing and half paid.
        self.upload(self.design, self.cat_drawings)
        self.design.write({"state": "done", "reached_date": date(2026, 5, 8)})
        self.assertEqual(design.planned_date, date(2026, 5, 8))
        invoice = self.order._create_invoices()
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 150_000})._create_payments()
        self.assertEqual(design.invoiced_amount, 300_000)
        self.assertEqual(design.paid_amount, 150_000)
        self.assertEqual(design.state, "partial")
        self.assertEqual(acceptance.state, "planned")
        # The cash-in forecast counts what is left, month by month.
        forecast = dict(
            self.env["receivable.payment.plan.line"]._read_group(
                [("order_id", "=", self.order.id)],
                ["planned_date:month"],
                ["amount_to_collect:sum"],
            )
        )
        self.assertEqual(sorted(forecast.values()), [150_000, 700_000])

    def test_plan_set_by_hand_is_kept(self):
        with Form(self.order) as form, form.payment_plan_line_ids.new() as line:
            line.name = "Advance"
            line.share = 100
            line.planned_date = date(2026, 4, 1)
        self.confirm()
        self.assertEqual(self.plan().mapped("name"), ["Advance"])
        self.assertFalse(self.plan().milestone_id)

    def test_order_without_milestones_has_no_plan(self):
        self.milestones.unlink()
        self.confirm()
        self.assertFalse(self.order.payment_plan_line_ids)

    def test_hand_made_line_on_a_milestone_takes_its_date(self):
        self.confirm()
        self.order.payment_plan_line_ids.unlink()
        self.order.payment_plan_line_ids = [
            Command.create(
                {
                    "name": "Retention",
                    "share": 10,
                    "milestone_id": self.acceptance.id,
                }
            )
        ]
        self.assertEqual(self.plan().planned_date, date(2026, 6, 30))
        # A date set by hand holds until the milestone moves.
        self.plan().planned_date = date(2027, 1, 1)
        self.acceptance.deadline = date(2026, 7, 15)
        self.assertEqual(self.plan().planned_date, date(2026, 7, 15))
