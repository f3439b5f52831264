# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import TurboCrmApprovalCommon


@tagged("post_install", "-at_install")
class TestSaleApprovalReport(TurboCrmApprovalCommon):
    """Three decisions on orders requested at 8:00 on 2 March 2026: the
    leader approves one at 10:00 (2 h) and one at 14:00 (6 h), the sales
    manager rejects one at 9:30 (1.5 h) for its price; a fourth waits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls.env["sale.approval.rule"].create(
            {
                "name": "Test report rule",
                "amount_untaxed_from": 1,
                "approver_team_leader": True,
                "approver_user_ids": [Command.set(cls.user_sales_manager.ids)],
            }
        )
        customer = cls.env["res.partner"].create({"name": "Test Report Customer"})
        product = cls.env["product.product"].create({"name": "Test Pump"})
        cls.orders = cls.env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "user_id": cls.user_salesman.id,
                    "team_id": cls.team.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "price_unit": 100})
                    ],
                }
                for _i in range(4)
            ]
        )
        cls.orders.action_confirm()
        first, second, rejected, _waiting = cls.orders
        (first | second).with_user(cls.user_leader).action_approve()
        rejected.with_user(cls.user_sales_manager)._reject_approval("Price too low")
        cls.env.flush_all()
        for order, decided in (
            (first, "2026-03-02 10:00:00"),
            (second, "2026-03-02 14:00:00"),
            (rejected, "2026-03-02 09:30:00"),
        ):
            cls.env.cr.execute(
                SQL(
                    "UPDATE sale_order_approval SET create_date = %s, "
                    "decided_on = %s WHERE order_id = %s",
                    "2026-03-02 08:00:00",
                    decided,
                    order.id,
                )
            )
        cls.env.invalidate_all()
        cls.Report = cls.env["sale.order.approval.report"]

    def test_one_row_per_decision_with_its_hours(self):
        rows = self.Report.search([("order_id", "in", self.orders.ids)])
        first, second, rejected, waiting = self.orders
        self.assertEqual(rows.order_id, first | second | rejected)
        self.assertNotIn(waiting, rows.order_id)
        row = rows.filtered(lambda r: r.order_id == rejected)
        self.assertEqual(
            (row.decided_by_id, row.state, row.reason, row.hours_to_decide),
            (self.user_sales_manager, "rejected", "Price too low", 1.5),
        )
        self.assertEqual(
            (row.rule_id, row.user_id, row.team_id, row.company_id),
            (self.rule, self.user_salesman, self.team, self.env.company),
        )
        self.assertEqual(str(row.requested_on), "2026-03-02 08:00:00")

    def test_average_hours_by_approver_and_decision(self):
        groups = self.Report._read_group(
            [("order_id", "in", self.orders.ids)],
            ["decided_by_id", "state"],
            ["hours_to_decide:avg", "__count"],
        )
        self.assertEqual(
            {(user, state): (hours, count) for user, state, hours, count in groups},
            {
                (self.user_leader, "approved"): (4.0, 2),
                (self.user_sales_manager, "rejected"): (1.5, 1),
            },
        )
        by_reason = self.Report._read_group(
            [("order_id", "in", self.orders.ids), ("state", "=", "rejected")],
            ["reason"],
            ["__count"],
        )
        self.assertEqual(by_reason, [("Price too low", 1)])

    def test_a_later_step_is_requested_by_the_approval_before(self):
        """Asked at 8:00, the leader approves at 10:00; the sales manager,
        asked then, approves the discount at 11:00: 2 h and 1 h."""
        self.env["sale.approval.rule"].create(
            {
                "name": "Test report discounts",
                "sequence": 20,
                "discount_over": 15,
                "approver_user_ids": [Command.set(self.user_sales_manager.ids)],
            }
        )
        order = self.orders[0].copy()
        order.order_line.discount = 20
        order.action_confirm()
        order.with_user(self.user_leader).action_approve()
        order.with_user(self.user_sales_manager).action_approve()
        self.env.flush_all()
        for step, decided in ((10, "2026-03-02 10:00:00"), (20, "2026-03-02 11:00:00")):
            self.env.cr.execute(
                SQL(
                    "UPDATE sale_order_approval SET create_date = %s, "
                    "decided_on = %s WHERE order_id = %s AND step = %s",
                    "2026-03-02 08:00:00",
                    decided,
                    order.id,
                    step,
                )
            )
        self.env.invalidate_all()
        rows = self.Report.search([("order_id", "=", order.id)], order="step")
        self.assertEqual(
            [(row.step, str(row.requested_on), row.hours_to_decide) for row in rows],
            [(10, "2026-03-02 08:00:00", 2.0), (20, "2026-03-02 10:00:00", 1.0)],
        )

    def test_sales_managers_read_it(self):
        domain = [("order_id", "in", self.orders.ids)]
        self.assertEqual(
            self.Report.with_user(self.user_sales_manager).search_count(domain), 3
        )
        with self.assertRaises(AccessError):
            self.Report.with_user(self.user_salesman).search(domain)

    def test_other_companies_rows_are_hidden(self):
        other = self.env["res.company"].create({"name": "Test Report Other Co"})
        self.user_sales_manager.company_ids = [Command.link(other.id)]
        domain = [("order_id", "in", self.orders.ids)]
        as_manager = self.Report.with_user(self.user_sales_manager)
        self.assertEqual(
            as_manager.with_context(allowed_company_ids=other.ids).search_count(domain),
            0,
        )
