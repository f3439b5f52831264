# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ReceivableCommon


@tagged("post_install", "-at_install")
class TestPaymentPlan(ReceivableCommon):
    """An order of 100,000: 30% advance in January, 60% on delivery in March,
    10% retention in December."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.customer("Plan Customer")
        product = cls.env["product.product"].create(
            {
                "name": "Plan Chiller",
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.buyer.id,
                "user_id": cls.rep.id,
                "order_line": [
                    Command.create({"product_id": product.id, "price_unit": 100_000})
                ],
                "payment_plan_line_ids": [
                    Command.create(
                        {"name": "Advance", "planned_date": "2026-01-15", "share": 30}
                    ),
                    Command.create(
                        {"name": "Delivery", "planned_date": "2026-03-15", "share": 60}
                    ),
                    Command.create(
                        {"name": "Retention", "planned_date": "2026-12-15", "share": 10}
                    ),
                ],
            }
        )
        cls.order.action_confirm()
        cls.advance, cls.delivery, cls.retention = cls.order.payment_plan_line_ids

    def bill(self, amount, date):
        invoice = self.invoice(self.buyer, amount, date, date)
        # Link the invoice to the order as Odoo's invoicing does.
        invoice.invoice_line_ids.sale_line_ids = self.order.order_line
        return invoice

    def test_amounts_from_shares(self):
        self.assertEqual(
            self.order.payment_plan_line_ids.mapped("amount"), [30_000, 60_000, 10_000]
        )
        self.assertEqual(
            set(self.order.payment_plan_line_ids.mapped("state")), {"planned"}
        )

    def test_invoices_and_payments_fill_the_instalments_in_order(self):
        advance_invoice = self.bill(30_000, "2026-01-15")
        self.assertEqual(self.order.invoice_ids, advance_invoice)
        self.assertEqual(self.advance.state, "invoiced")
        self.pay(advance_invoice, 30_000, "2026-01-20")
        self.assertEqual(self.advance.state, "paid")
        delivery_invoice = self.bill(60_000, "2026-03-15")
        self.pay(delivery_invoice, 20_000, "2026-03-30")
        self.assertEqual(
            (
                self.delivery.invoiced_amount,
                self.delivery.paid_amount,
                self.delivery.state,
            ),
            (60_000, 20_000, "partial"),
        )
        self.assertEqual(self.retention.state, "planned")
        self.assertEqual(self.delivery.amount_to_collect, 40_000)

    def test_cash_in_forecast_by_month(self):
        self.pay(self.bill(30_000, "2026-01-15"), 30_000, "2026-01-20")
        groups = self.env["receivable.payment.plan.line"]._read_group(
            [("order_id", "=", self.order.id)],
            ["planned_date:month"],
            ["amount_to_collect:sum"],
        )
        by_month = {month.strftime("%Y-%m"): amount for month, amount in groups}
        self.assertEqual(by_month, {"2026-01": 0, "2026-03": 60_000, "2026-12": 10_000})

    def test_more_than_the_order_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "more than 100"):
            self.retention.share = 20

    def test_other_salesperson_does_not_see_the_plan(self):
        Plan = self.env["receivable.payment.plan.line"]
        self.assertEqual(
            Plan.with_user(self.rep).search([("order_id", "=", self.order.id)]),
            self.order.payment_plan_line_ids,
        )
        self.assertFalse(
            Plan.with_user(self.other_rep).search([("order_id", "=", self.order.id)])
        )
