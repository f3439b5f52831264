# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.turbo_crm.tests.search_defaults import action_default_domain

from .common import ReceivableCommon

ACTION = "turbo_crm_receivable.receivable_payment_plan_line_action"


@tagged("post_install", "-at_install")
@freeze_time("2026-04-10")
class TestCashInForecast(ReceivableCommon):
    """On 10 April 2026. An order of 100,000 with a plan: the January advance
    of 30,000 invoiced and paid, the March delivery instalment of 60,000
    invoiced and unpaid, a December retention of 10,000. Another customer,
    without a plan: 25,000 due on 20 May, 8,000 overdue since 1 February
    that he promised to pay on 15 June, 4,000 paid.

    Expected: April 60,000 (the late delivery instalment; the promised 8,000
    has moved to June), May 25,000, June 8,000, December 10,000."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing = new_test_user(
            cls.env, login="rcv_cash_billing", groups="account.group_account_invoice"
        )
        cls.buyer = cls.customer("Cash Plan Customer")
        cls.walk_in = cls.customer("Cash Walk-in Customer", user=cls.other_rep)
        product = cls.env["product.product"].create(
            {
                "name": "Cash Chiller",
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
        advance = cls.bill(30_000, "2026-01-15")
        cls.pay(advance, 30_000, "2026-01-20")
        cls.bill(60_000, "2026-03-15")
        cls.invoice(cls.walk_in, 25_000, "2026-04-01", "2026-05-20")
        cls.late = cls.invoice(cls.walk_in, 8_000, "2026-01-01", "2026-02-01")
        cls.pay(
            cls.invoice(cls.walk_in, 4_000, "2026-03-01", "2026-03-31"),
            4_000,
            "2026-03-20",
        )
        cls.promise = cls.env["receivable.payment.promise"].create(
            {
                "partner_id": cls.walk_in.id,
                "move_ids": [Command.set(cls.late.ids)],
                "promised_date": "2026-06-15",
            }
        )

    @classmethod
    def bill(cls, amount, date):
        invoice = cls.invoice(cls.buyer, amount, date, date)
        # Link the invoice to the order as Odoo's invoicing does.
        invoice.invoice_line_ids.sale_line_ids = cls.order.order_line
        return invoice

    def _by_month(self, user, extra_domain=()):
        env = self.env(user=user)
        domain, context = action_default_domain(env, ACTION)
        Report = env[self.env.ref(ACTION).res_model].with_context(**context)
        groups = Report._read_group(
            domain
            + [("partner_id", "in", (self.buyer | self.walk_in).ids)]
            + list(extra_domain),
            ["date:month"],
            ["amount:sum"],
        )
        return {month.strftime("%Y-%m"): amount for month, amount in groups}

    def test_opening_figures(self):
        self.assertEqual(
            self._by_month(self.billing),
            {
                "2026-04": 60_000,
                "2026-05": 25_000,
                "2026-06": 8_000,
                "2026-12": 10_000,
            },
        )

    def test_late_cash_is_expected_now(self):
        self.assertEqual(
            self._by_month(self.billing, [("is_overdue", "=", True)]),
            {"2026-04": 60_000 + 8_000 - 8_000},
        )

    def test_promise_kept_or_broken_moves_nothing(self):
        self.promise.state = "broken"
        self.assertEqual(self._by_month(self.billing)["2026-04"], 60_000 + 8_000)
        self.assertNotIn("2026-06", self._by_month(self.billing))

    def test_quotations_and_cancelled_orders_bring_no_cash(self):
        quotation = self.order.copy(
            {
                "payment_plan_line_ids": [
                    Command.create(
                        {"name": "Advance", "planned_date": "2026-05-05", "share": 100}
                    )
                ]
            }
        )
        self.assertEqual(self._by_month(self.billing)["2026-05"], 25_000)
        quotation.action_confirm()
        self.assertEqual(self._by_month(self.billing)["2026-05"], 125_000)
        quotation._action_cancel()
        self.assertEqual(self._by_month(self.billing)["2026-05"], 25_000)

    def test_salesperson_sees_own_customers(self):
        self.assertEqual(
            self._by_month(self.rep), {"2026-04": 60_000, "2026-12": 10_000}
        )
        self.assertEqual(
            self._by_month(self.other_rep),
            {"2026-04": 0, "2026-05": 25_000, "2026-06": 8_000},
        )
