# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a hostile review of order approval found (issue 15): self-approval,
discounts given through the price, approvers who could not read the order,
approval fields open to the portal, voided lines in the way."""

from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.migration import load_script
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.misc import file_path

from odoo.addons.payment.tests.common import PaymentCommon

from .common import TurboCrmApprovalCommon


@tagged("post_install", "-at_install")
class TestSaleApprovalReview(TurboCrmApprovalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Test Review Customer"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Test Review Chiller",
                "list_price": 100.0,
                "standard_price": 10.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.rebate = cls.env["product.product"].create(
            {
                "name": "Test Review Rebate",
                "list_price": 0.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "T Review Pricelist"}
        )
        cls.managers = cls.env.ref("sales_team.group_sale_manager")
        cls.Rule = cls.env["sale.approval.rule"]
        cls.rule_amount = cls.Rule.create(
            {
                "name": "Test review large orders",
                "sequence": 10,
                "amount_untaxed_from": 10_000,
                "approver_team_leader": True,
            }
        )
        cls.rule_discount = cls.Rule.create(
            {
                "name": "Test review discounts",
                "sequence": 20,
                "discount_over": 15,
                "approver_group_id": cls.managers.id,
            }
        )

    def _order(self, user=None, lines=None, **vals):
        user = user or self.user_salesman
        if lines is None:
            lines = [{"product_uom_qty": 10, "price_unit": 100.0}]
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "user_id": user.id,
                    "team_id": self.team.id,
                    "pricelist_id": self.pricelist.id,
                    "order_line": [
                        Command.create({"product_id": self.product.id, **line})
                        for line in lines
                    ],
                    **vals,
                }
            )
        )

    # -- 1. Nobody approves her own order ------------------------------------
    def test_team_leader_does_not_approve_her_own_order(self):
        """She leads the team she sells for: the rule's only approver is
        herself, so the Sales Administrators decide, and say why."""
        order = self._order(user=self.user_leader, lines=[{"product_uom_qty": 200}])
        order.with_user(self.user_leader).action_confirm()
        approval = order.approval_ids
        self.assertEqual(approval.rule_id, self.rule_amount)
        self.assertNotIn(self.user_leader, approval.approver_ids)
        self.assertIn(self.user_sales_manager, approval.approver_ids)
        self.assertEqual(approval.approver_ids, self.managers.users - self.user_leader)
        self.assertIn("Sales Administrators decide it", approval.match_reason)
        self.assertIn("Turbo Leader", approval.match_reason)
        # Her to-do list stays free of her own order; the managers have it.
        self.assertNotIn(self.user_leader, order.activity_ids.user_id)
        self.assertIn(self.user_sales_manager, order.activity_ids.user_id)
        as_leader = order.with_user(self.user_leader)
        self.assertFalse(as_leader.is_my_approval)
        self.assertFalse(
            as_leader.search([("is_my_approval", "=", True), ("id", "=", order.id)])
        )
        with self.assertRaises(UserError) as caught:
            as_leader.action_approve()
        self.assertIn("You sell", str(caught.exception))
        with self.assertRaises(UserError):
            as_leader.action_reject()
        order.with_user(self.user_sales_manager).action_approve()
        self.assertEqual(order.approval_state, "approved")

    def test_salesperson_among_the_approvers_does_not_decide(self):
        """A member of the approver group or a named approver who sells the
        order: the others decide."""
        other_manager = new_test_user(
            self.env,
            login="turbo_review_manager_2",
            name="Turbo Manager 2",
            groups="sales_team.group_sale_manager",
        )
        self.rule_amount.write(
            {
                "approver_team_leader": False,
                "approver_user_ids": [
                    Command.set((self.user_sales_manager | other_manager).ids)
                ],
            }
        )
        order = self._order(
            user=self.user_sales_manager,
            lines=[{"product_uom_qty": 200, "discount": 20}],
        )
        order.with_user(self.user_sales_manager).action_confirm()
        self.assertEqual(
            order.approval_ids.rule_id, self.rule_amount | self.rule_discount
        )
        for approval in order.approval_ids:
            with self.subTest(rule=approval.rule_id.name):
                self.assertNotIn(self.user_sales_manager, approval.approver_ids)
                self.assertIn(other_manager, approval.approver_ids)
                self.assertNotIn("Sales Administrators", approval.match_reason)
        self.assertNotIn(self.user_sales_manager, order.activity_ids.user_id)
        # Even a line written with her as an approver (an older request).
        order.approval_ids.sudo().approver_ids = [
            Command.link(self.user_sales_manager.id)
        ]
        with self.assertRaises(UserError) as caught:
            order.with_user(self.user_sales_manager).action_approve()
        self.assertIn("decided by others", str(caught.exception))
        self.assertEqual(set(order.approval_ids.mapped("state")), {"pending"})

    def test_salesperson_only_manager_cannot_request(self):
        """When she is the only one who could decide, nobody can: said at
        the request."""
        self.managers.users.filtered(
            lambda user: user != self.user_sales_manager
        ).groups_id = [Command.unlink(self.managers.id)]
        self.rule_discount.approver_group_id = self.managers
        order = self._order(
            user=self.user_sales_manager, lines=[{"discount": 20, "product_uom_qty": 1}]
        )
        with self.assertRaises(UserError) as caught:
            order.with_user(self.user_sales_manager).action_confirm()
        self.assertIn("Nobody can approve", str(caught.exception))

    def test_upgrade_leaves_the_salesperson_out_of_pending_approvals(self):
        """Pending approvals requested before 18.0.1.1.0 may name the
        salesperson: the upgrade hands her place to the others, or to the
        Sales Administrators, and moves the to-dos."""
        order = self._order(
            user=self.user_leader, lines=[{"product_uom_qty": 200}]
        ).sudo()
        order.with_user(self.user_leader).action_confirm()
        approval = order.approval_ids
        # As such a request was: the leader approves her own order.
        order.activity_ids.unlink()
        approval.sudo().write(
            {
                "approver_ids": [Command.set(self.user_leader.ids)],
                "match_reason": "Untaxed amount reaches 10,000.",
            }
        )
        order._notify_current_approvers()
        self.assertEqual(order.activity_ids.user_id, self.user_leader)
        script = file_path("turbo_crm/migrations/18.0.1.1.0/post-migrate.py")
        load_script(script, "post-migrate").migrate(self.env.cr, "18.0.1.0.0")
        self.assertEqual(approval.approver_ids, self.managers.users - self.user_leader)
        self.assertIn("Sales Administrators decide it", approval.match_reason)
        self.assertNotIn(self.user_leader, order.activity_ids.user_id)
        self.assertIn(self.user_sales_manager, order.activity_ids.user_id)
        order.with_user(self.user_sales_manager).action_approve()
        self.assertEqual(order.approval_state, "approved")

    # -- 2. A discount is a discount, however it is typed ---------------------
    def test_unit_price_under_the_pricelist_price_is_a_discount(self):
        self.env["product.pricelist.item"].create(
            {
                "pricelist_id": self.pricelist.id,
                "applied_on": "0_product_variant",
                "product_id": self.product.id,
                "compute_price": "fixed",
                "fixed_price": 120.0,
            }
        )
        at_list = self._order(lines=[{"product_uom_qty": 1}])
        self.assertEqual(at_list.order_line.price_unit, 120.0)
        self.assertFalse(self.rule_discount._matches(at_list))
        # 100 typed for 120: 16.67% off, with no discount on the line.
        typed = self._order(lines=[{"product_uom_qty": 1, "price_unit": 100.0}])
        self.assertEqual(typed.order_line.discount, 0)
        reasons = self.rule_discount._matches(typed)
        self.assertTrue(reasons)
        self.assertIn("16.67", reasons[0])
        typed.action_confirm()
        self.assertEqual(typed.approval_state, "to_approve")
        self.assertAlmostEqual(typed.approval_ids.discount_max, 16.67, places=2)
        # The price and the discount field together.
        both = self._order(
            lines=[{"product_uom_qty": 1, "price_unit": 110.0, "discount": 5}]
        )
        self.assertAlmostEqual(both._get_approval_max_discount(), 12.9167, places=3)
        self.assertFalse(self.rule_discount._matches(both))
        # A price above the list keeps the discount field's own figure.
        above = self._order(
            lines=[{"product_uom_qty": 1, "price_unit": 200.0, "discount": 16}]
        )
        self.assertAlmostEqual(above._get_approval_max_discount(), 16.0)
        self.assertTrue(self.rule_discount._matches(above))

    def test_negative_lines_are_a_discount_of_the_order(self):
        """A rebate line of -200 on 1,000 takes 20% off the order; so does a
        returned quantity."""
        cases = {
            "negative price": {
                "product_id": self.rebate.id,
                "product_uom_qty": 1,
                "price_unit": -200.0,
            },
            "negative quantity": {"product_uom_qty": -2, "price_unit": 100.0},
        }
        for label, negative in cases.items():
            with self.subTest(line=label):
                order = self._order(
                    lines=[{"product_uom_qty": 10, "price_unit": 100.0}, negative]
                )
                self.assertEqual(order.amount_untaxed, 800)
                self.assertAlmostEqual(order._get_approval_max_discount(), 20.0)
                order.action_confirm()
                self.assertEqual(order.approval_state, "to_approve")
                self.assertEqual(order.approval_ids.rule_id, self.rule_discount)
                self.assertAlmostEqual(order.approval_ids.discount_max, 20.0)
                self.assertIn("20.0%", order.approval_ids.match_reason)
        small = self._order(
            lines=[
                {"product_uom_qty": 10, "price_unit": 100.0},
                {"product_id": self.rebate.id, "price_unit": -100.0},
            ]
        )
        self.assertFalse(self.rule_discount._matches(small))  # 10%
        self.assertEqual(self._order(lines=[])._get_approval_max_discount(), 0.0)

    # -- 3. Approvers read what they decide ----------------------------------
    def test_team_leader_with_own_documents_decides_another_rep_order(self):
        """The leader of another team, who sees her own documents only,
        opens, approves and rejects the orders waiting for her, and writes
        nothing else on them."""
        leader = new_test_user(
            self.env,
            login="turbo_review_own_leader",
            name="Turbo Own Leader",
            groups="sales_team.group_sale_salesman",
        )
        other_team = self.env["crm.team"].create(
            {"name": "T Review Other Team", "user_id": leader.id}
        )
        waiting, to_reject, unrelated = (
            self._order(team_id=other_team.id, lines=[{"product_uom_qty": qty}])
            for qty in (200, 300, 1)
        )
        (waiting | to_reject).action_confirm()
        self.assertEqual(waiting.approval_ids.approver_ids, leader)
        SaleOrder = self.env["sale.order"].with_user(leader)
        self.assertEqual(
            SaleOrder.search([("id", "in", (waiting | to_reject | unrelated).ids)]),
            waiting | to_reject,
        )
        with self.assertRaises(AccessError):
            unrelated.with_user(leader).read(["name"])
        form = Form(waiting.with_user(leader))
        self.assertEqual(form.approval_state, "to_approve")
        self.assertEqual(len(form.order_line), 1)
        self.assertEqual(len(form.approval_current_ids), 1)
        self.assertTrue(form.is_my_approval)
        self.assertIs(waiting.with_user(leader).action_approve(), True)
        self.assertEqual(waiting.approval_state, "approved")
        self.assertEqual(waiting.approval_ids.decided_by_id, leader)
        self.assertEqual(waiting.message_ids[0].author_id, leader.partner_id)
        # Still readable once decided; never writable.
        waiting.invalidate_recordset()
        self.assertEqual(waiting.with_user(leader).approval_state, "approved")
        with self.assertRaises(AccessError):
            waiting.with_user(leader).write({"note": "Mine now"})
        with self.assertRaises(AccessError):
            waiting.order_line.with_user(leader).write({"price_unit": 1})
        # Reject, through the wizard as the form opens it.
        action = to_reject.with_user(leader).action_reject()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(leader)
            .with_context(**action["context"])
        )
        wizard.reason = "Margin too thin for this customer"
        wizard.save().action_reject()
        self.assertEqual(to_reject.approval_state, "rejected")
        self.assertEqual(to_reject.approval_ids.decided_by_id, leader)

    def test_approver_who_cannot_read_orders_is_refused(self):
        employee = new_test_user(
            self.env, login="turbo_review_employee", groups="base.group_user"
        )
        with self.assertRaises(ValidationError) as caught:
            self.Rule.create(
                {
                    "name": "T Employee Approves",
                    "amount_untaxed_from": 1,
                    "approver_user_ids": [Command.set(employee.ids)],
                }
            )
        self.assertIn("cannot read sales orders", str(caught.exception))

    # -- 4. The approval fields are internal ----------------------------------
    def test_portal_customer_cannot_read_the_approval(self):
        portal = new_test_user(
            self.env, login="turbo_review_portal", groups="base.group_portal"
        )
        order = self._order(
            partner_id=portal.partner_id.id, lines=[{"product_uom_qty": 200}]
        )
        order.message_subscribe(partner_ids=portal.partner_id.ids)
        order.action_confirm()
        as_portal = order.with_user(portal)
        self.assertEqual(as_portal.read(["name"])[0]["name"], order.name)
        for field in (
            "approval_state",
            "approval_fingerprint",
            "approval_ids",
            "approval_current_ids",
            "is_my_approval",
        ):
            with self.subTest(field=field):
                with self.assertRaises(AccessError):
                    as_portal.read([field])
                as_portal.invalidate_recordset()
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(portal).search(
                [("approval_state", "=", "to_approve")]
            )
        # The portal's own flows still judge the approval (in sudo).
        self.assertTrue(order.sudo()._approval_blocks_confirmation())

    # -- 5. The Approvals tab shows the current request ------------------------
    def test_approvals_tab_shows_the_current_request_history_the_rest(self):
        order = self._order(lines=[{"product_uom_qty": 200, "discount": 20}])
        order.action_confirm()
        order.with_user(self.user_leader)._reject_approval("Too deep")
        form = Form(order.with_user(self.user_salesman))
        self.assertEqual(len(form.approval_current_ids), 1)
        self.assertEqual(order.approval_current_ids.mapped("state"), ["rejected"])
        order.with_user(self.user_salesman).order_line.discount = 10
        order.with_user(self.user_salesman).action_confirm()
        self.assertEqual(len(order.approval_ids), 3)  # rejected, void, pending
        form = Form(order.with_user(self.user_salesman))
        self.assertEqual(form.approval_count, 3)
        self.assertEqual(len(form.approval_current_ids), 1)
        self.assertEqual(order.approval_current_ids.mapped("state"), ["pending"])
        action = order.with_user(self.user_salesman).action_view_approval_history()
        self.assertEqual(action["res_model"], "sale.order.approval")
        history = (
            self.env["sale.order.approval"]
            .with_user(self.user_salesman)
            .search(action["domain"])
        )
        self.assertEqual(history, order.approval_ids)


@tagged("post_install", "-at_install")
class TestSaleApprovalPayment(PaymentCommon, TurboCrmApprovalCommon):
    """An online payment of a quotation that waits for its approval."""

    def test_paid_order_awaiting_approval_mails_the_payment(self):
        self.env["sale.approval.rule"].create(
            {
                "name": "Test paid large orders",
                "amount_untaxed_from": 1_000,
                "approver_team_leader": True,
            }
        )
        customer = self.env["res.partner"].create(
            {"name": "Test Paying Customer", "email": "paying@example.com"}
        )
        product = self.env["product.product"].create(
            {"name": "Test Paid Chiller", "list_price": 100.0}
        )
        order = (
            self.env["sale.order"]
            .with_user(self.user_salesman)
            .create(
                {
                    "partner_id": customer.id,
                    "user_id": self.user_salesman.id,
                    "team_id": self.team.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": 20}
                        )
                    ],
                }
            )
        )
        order.action_quotation_sent()
        tx = self._create_transaction(
            flow="redirect",
            sale_order_ids=[order.id],
            state="done",
            amount=order.amount_total,
            currency_id=order.currency_id.id,
            partner_id=customer.id,
        )
        payment_mail = self.env.ref("sale.mail_template_sale_payment_executed")
        with patch.object(
            type(self.env["sale.order"]),
            "_send_order_notification_mail",
            autospec=True,
        ) as sent:
            tx._post_process()
        self.assertEqual(order.state, "sent")
        self.assertEqual(order.approval_state, "to_approve")
        self.assertEqual(
            [(call.args[0], call.args[1]) for call in sent.call_args_list],
            [(order, payment_mail)],
        )
