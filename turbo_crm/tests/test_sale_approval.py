# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .boolean_search import assert_boolean_search
from .common import TurboCrmApprovalCommon

PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6"
    "kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestSaleApproval(TurboCrmApprovalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.customer = cls.env["res.partner"].create(
            {"name": "Test Approval Customer", "customer_segment": "enterprise"}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Test Chiller",
                "list_price": 100.0,
                "standard_price": 60.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.term_30 = cls.env["account.payment.term"].create({"name": "T 30 days"})
        cls.term_180 = cls.env["account.payment.term"].create({"name": "T 180 days"})
        cls.Rule = cls.env["sale.approval.rule"]
        cls.rule_amount = cls.Rule.create(
            {
                "name": "Test large orders",
                "sequence": 10,
                "amount_untaxed_from": 10_000,
                "approver_team_leader": True,
            }
        )
        cls.rule_discount = cls.Rule.create(
            {
                "name": "Test deep discounts",
                "sequence": 20,
                "discount_over": 15,
                "approver_group_id": cls.env.ref("sales_team.group_sale_manager").id,
            }
        )

    def _order(self, qty=10, discount=0.0, **vals):
        return (
            self.env["sale.order"]
            .with_user(self.user_salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.user_salesman.id,
                    "team_id": self.team.id,
                    "payment_term_id": self.term_30.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": qty,
                                "price_unit": 100.0,
                                "discount": discount,
                            }
                        )
                    ],
                    **vals,
                }
            )
        )

    def _approved_order(self, **kwargs):
        order = self._order(qty=200, **kwargs)
        order.action_confirm()
        order.with_user(self.user_leader).action_approve()
        self.assertEqual(order.approval_state, "approved")
        return order

    # -- Rules -----------------------------------------------------------------
    def test_rule_needs_a_condition_and_an_approver(self):
        with self.assertRaises(ValidationError):
            self.Rule.create({"name": "No condition", "approver_team_leader": True})
        with self.assertRaises(ValidationError):
            self.Rule.create({"name": "No approver", "discount_over": 10})
        with self.assertRaises(ValidationError):
            self.rule_amount.approver_team_leader = False

    def test_salesman_reads_rules_manager_edits_them(self):
        rule = self.rule_amount.with_user(self.user_salesman)
        self.assertEqual(rule.name, "Test large orders")
        with self.assertRaises(AccessError):
            rule.amount_untaxed_from = 1
        self.rule_amount.with_user(self.user_sales_manager).amount_untaxed_from = 5
        self.assertEqual(self.rule_amount.amount_untaxed_from, 5)

    def test_each_condition_matches(self):
        pricelist, special = self.env["product.pricelist"].create(
            [{"name": "T Standard"}, {"name": "T Special"}]
        )
        # 1,000, no discount, 40% margin
        order = self._order(qty=10, pricelist_id=pricelist.id)
        manager_group = self.env.ref("sales_team.group_sale_manager")
        cases = [
            ({"amount_untaxed_from": 1_000}, {"amount_untaxed_from": 1_000.01}),
            ({"margin_under": 41}, {"margin_under": 40}),
            (
                {"payment_term_ids": [Command.set(self.term_180.ids)]},
                {"payment_term_ids": [Command.set(self.term_30.ids)]},
            ),
            (
                {"pricelist_ids": [Command.set(pricelist.ids)]},
                {"pricelist_ids": [Command.set(special.ids)]},
            ),
            ({"customer_segment": "enterprise"}, {"customer_segment": "government"}),
        ]
        for matching, not_matching in cases:
            with self.subTest(condition=matching):
                rule = self.Rule.create(
                    {"name": "T", "approver_group_id": manager_group.id, **matching}
                )
                self.assertTrue(rule._matches(order))
                rule.write(not_matching)
                self.assertFalse(rule._matches(order))
        discounted = self._order(qty=10, discount=16)
        self.assertTrue(self.rule_discount._matches(discounted))
        self.assertFalse(self.rule_discount._matches(self._order(discount=15)))
        self.customer.customer_tier = "c"
        rule = self.Rule.create(
            {"name": "T", "approver_group_id": manager_group.id, "customer_tier": "c"}
        )
        self.assertIn("Customer tier C", rule._matches(order)[0])
        self.customer.customer_tier = "a"
        self.assertFalse(rule._matches(order))

    def test_rule_applies_to_its_teams(self):
        order = self._order(qty=200)
        self.assertTrue(self.Rule._get_applicable_rules(order) & self.rule_amount)
        self.rule_amount.team_ids = self.env["crm.team"].create({"name": "T Other"})
        self.assertFalse(self.Rule._get_applicable_rules(order) & self.rule_amount)
        self.assertFalse(order._approval_blocks_confirmation())

    # -- Request -------------------------------------------------------------
    def test_confirm_requests_approval_and_confirms_the_others(self):
        order = self._order(qty=200, discount=20)
        small = self._order(qty=1)
        action = (order | small).action_confirm()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(small.state, "sale")
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.approval_state, "to_approve")
        approvals = order.approval_ids
        self.assertEqual(approvals.rule_id, self.rule_amount | self.rule_discount)
        self.assertEqual(set(approvals.mapped("state")), {"pending"})
        first = approvals.filtered(lambda a: a.rule_id == self.rule_amount)
        self.assertEqual(first.approver_ids, self.user_leader)
        self.assertEqual(first.amount_untaxed, 16_000)
        self.assertEqual(first.discount_max, 20)
        self.assertAlmostEqual(first.margin_percent, 25.0)
        self.assertIn("16,000", first.match_reason)
        # Only the first step's approvers have a to-do.
        self.assertEqual(order.activity_ids.user_id, self.user_leader)
        self.assertIn(
            self.user_leader.partner_id,
            order.message_ids.partner_ids,
        )
        # Confirming again while it waits asks nothing twice.
        order.action_confirm()
        self.assertEqual(order.approval_ids, approvals)

    def test_steps_are_decided_in_order(self):
        order = self._order(qty=200, discount=20)
        order.action_confirm()
        as_manager = order.with_user(self.user_sales_manager)
        self.assertFalse(as_manager.is_my_approval)
        with self.assertRaises(AccessError):
            as_manager.action_approve()
        as_leader = order.with_user(self.user_leader)
        self.assertTrue(as_leader.is_my_approval)
        self.assertIs(as_leader.action_approve(), True)
        self.assertEqual(order.approval_state, "to_approve")
        self.assertIn(self.user_sales_manager, order.activity_ids.user_id)
        self.assertNotIn(self.user_leader, order.activity_ids.user_id)
        self.assertFalse(as_leader.is_my_approval)
        as_manager.invalidate_recordset(["is_my_approval"])
        self.assertTrue(as_manager.is_my_approval)
        as_manager.action_approve()
        self.assertEqual(order.approval_state, "approved")
        self.assertFalse(order.activity_ids)
        self.assertEqual(order.state, "draft", "approving does not confirm")
        self.assertEqual(
            order.approval_ids.mapped("decided_by_id"),
            self.user_leader | self.user_sales_manager,
        )
        self.assertIs(order.with_user(self.user_salesman).action_confirm(), True)
        self.assertEqual(order.state, "sale")

    def test_non_approver_cannot_decide(self):
        order = self._order(qty=200)
        order.action_confirm()
        # The salesperson is told she sells it; anyone else that he is not
        # an approver.
        for user, error in (
            (self.user_salesman, UserError),
            (self.user_sales_manager, AccessError),
        ):
            with self.subTest(user=user.name):
                with self.assertRaises(error):
                    order.with_user(user).action_approve()
                with self.assertRaises(error):
                    order.with_user(user).action_reject()
        self.assertEqual(order.approval_state, "to_approve")

    def test_approve_selected_orders_from_the_list(self):
        """The list's Approve checks each order: one the leader may not
        approve (its step is the sales managers') stops the batch, and
        nothing is approved; without it, every order is."""
        first, second = self._order(qty=200), self._order(qty=300)
        discounted = self._order(qty=10, discount=20)  # sales managers'
        (first | second | discounted).action_confirm()
        action = self.env.ref("turbo_crm.sale_order_action_server_approve")
        self.assertEqual(action.binding_model_id.model, "sale.order")
        run = action.with_user(self.user_leader).with_context(active_model="sale.order")
        with self.assertRaisesRegex(UserError, discounted.name) as refusal:
            run.with_context(active_ids=(first | discounted | second).ids).run()
        self.assertNotIn(first.name, str(refusal.exception))
        self.assertEqual(
            (first | second | discounted).mapped("approval_state"),
            ["to_approve"] * 3,
        )
        self.assertFalse((first | second).approval_ids.decided_by_id)
        result = run.with_context(active_ids=(first | second).ids).run()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(
            (first | second).mapped("approval_state"), ["approved", "approved"]
        )
        self.assertEqual((first | second).approval_ids.decided_by_id, self.user_leader)
        # A changed order is refused too.
        third = self._order(qty=200)
        third.action_confirm()
        third.order_line.product_uom_qty = 250
        with self.assertRaisesRegex(UserError, third.name):
            run.with_context(active_ids=third.ids).run()

    def test_salesman_cannot_write_approvals(self):
        order = self._order(qty=200)
        order.action_confirm()
        approval = order.approval_ids.with_user(self.user_salesman)
        self.assertEqual(approval.state, "pending")
        with self.assertRaises(AccessError):
            approval.state = "approved"
        with self.assertRaises(AccessError):
            approval.unlink()
        with self.assertRaises(AccessError):
            approval.create(
                {"order_id": order.id, "rule_id": self.rule_amount.id, "step": 1}
            )
        with self.assertRaises(AccessError):
            order.with_user(self.user_salesman).approval_state = "approved"
        with self.assertRaises(AccessError):
            order.with_user(self.user_sales_manager).write(
                {"approval_fingerprint": order._get_approval_fingerprint()}
            )
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.user_salesman).with_context(
                default_approval_state="approved"
            ).create({"partner_id": self.customer.id})

    def test_approvals_follow_the_order_visibility(self):
        order = self._order(qty=200)
        order.action_confirm()
        other_rep = new_test_user(
            self.env,
            login="turbo_rep_2",
            name="Turbo Rep 2",
            groups="sales_team.group_sale_salesman",
        )
        Approval = self.env["sale.order.approval"]
        self.assertFalse(
            Approval.with_user(other_rep).search([("order_id", "=", order.id)])
        )
        self.assertEqual(
            Approval.with_user(self.user_salesman).search(
                [("order_id", "=", order.id)]
            ),
            order.approval_ids,
        )
        # A wizard made by hand decides nothing.
        wizard = (
            self.env["sale.order.approval.reject.wizard"]
            .with_user(self.user_salesman)
            .create({"order_id": order.id, "reason": "No"})
        )
        with self.assertRaises(UserError):
            wizard.action_reject()
        self.assertEqual(order.approval_state, "to_approve")

    # -- Every path to a confirmed order -----------------------------------------
    def test_write_or_create_state_sale_refused(self):
        order = self._order(qty=200)
        for env_order in (
            order,
            order.sudo(),
            order.with_context(credit_hold_approved=True, tracking_disable=True),
        ):
            with self.subTest(env=env_order.env.su), self.assertRaises(UserError):
                env_order.write({"state": "sale"})
        with self.assertRaises(UserError):
            self.env["sale.order"].sudo().create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "state": "sale",
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 200}
                        )
                    ],
                }
            )
        self.assertEqual(order.state, "draft")

    def test_sudo_and_context_keys_still_request_approval(self):
        order = self._order(qty=200)
        order.sudo().with_context(credit_hold_approved=True).action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.approval_state, "to_approve")

    def test_portal_signature_awaits_approval(self):
        """The portal's acceptance, as sale's controller does it in sudo:
        signature written, then the order validated."""
        order = self._order(qty=200, require_signature=True, require_payment=False)
        order.action_quotation_sent()
        order_sudo = order.sudo()
        self.assertTrue(order_sudo._has_to_be_signed())
        order_sudo.write(
            {
                "signed_by": "Li Wei",
                "signed_on": "2026-12-01 10:00:00",
                "signature": PIXEL,
            }
        )
        order_sudo._validate_order()
        self.assertEqual(order.state, "sent")
        self.assertEqual(order.approval_state, "to_approve")
        self.assertEqual(order.signed_by, "Li Wei")
        self.assertTrue(order.signature)
        self.assertFalse(order_sudo._has_to_be_signed())
        order.with_user(self.user_leader).action_approve()
        order.with_user(self.user_salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    # -- Fingerprint -------------------------------------------------------------
    def test_change_voids_the_approval(self):
        changes = [
            ("order_line", lambda o: o.order_line.write({"product_uom_qty": 300})),
            ("order_line", lambda o: o.order_line.write({"discount": 1})),
            (
                "payment_term_id",
                lambda o: o.write({"payment_term_id": self.term_180.id}),
            ),
            (
                "partner_id",
                lambda o: o.write(
                    {"partner_id": self.customer.copy({"name": "T Other"}).id}
                ),
            ),
        ]
        for label, change in changes:
            with self.subTest(change=label):
                order = self._approved_order()
                approvals = order.approval_ids
                change(order.with_user(self.user_salesman))
                self.assertEqual(order.approval_state, "not_required")
                self.assertEqual(set(approvals.mapped("state")), {"void"})
                self.assertIn("The approval is void", order.message_ids[0].body)
                with self.assertRaises(UserError):
                    order.write({"state": "sale"})
                order.with_user(self.user_salesman).action_confirm()
                self.assertEqual(order.approval_state, "to_approve")
                self.assertEqual(order.state, "draft")
                self.assertEqual(len(order.approval_ids - approvals), 1)

    def test_change_names_what_changed(self):
        order = self._approved_order()
        order.with_user(self.user_salesman).order_line.price_unit = 90
        body = order.message_ids[0].body
        self.assertIn("Order Lines", body)
        self.assertIn("Total", body)
        self.assertNotIn("Payment Terms", body)

    def test_other_changes_keep_the_approval(self):
        order = self._approved_order()
        tag = self.env["crm.tag"].create({"name": "T Tag"})
        order.with_user(self.user_salesman).write(
            {
                "note": "Delivery at the site gate",
                "tag_ids": [Command.link(tag.id)],
                "commitment_date": "2027-01-15 08:00:00",
            }
        )
        self.assertEqual(order.approval_state, "approved")
        order.with_user(self.user_salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_changed_order_cannot_be_approved(self):
        order = self._order(qty=200)
        order.action_confirm()
        # A change that no write of the order or its lines saw.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order_line SET price_unit = 99 WHERE order_id = %s",
            (order.id,),
        )
        self.env.invalidate_all()
        with self.assertRaisesRegex(UserError, "changed since"):
            order.with_user(self.user_leader).action_approve()
        self.assertEqual(order.approval_ids.state, "pending")

    def test_duplicate_needs_its_own_approval(self):
        order = self._approved_order()
        copy = order.with_user(self.user_salesman).copy()
        self.assertEqual(copy.approval_state, "not_required")
        self.assertFalse(copy.approval_ids)
        self.assertFalse(copy.approval_fingerprint)
        with self.assertRaises(UserError):
            copy.write({"state": "sale"})

    # -- Reject ---------------------------------------------------------------------
    def test_reject_with_a_reason_then_ask_again(self):
        order = self._order(qty=200, discount=20)
        order.action_confirm()
        action = order.with_user(self.user_leader).action_reject()
        self.assertEqual(action["res_model"], "sale.order.approval.reject.wizard")
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.user_leader)
            .with_context(**action["context"])
        )
        with self.assertRaises(AssertionError):
            wizard_form.save()  # the reason is required
        wizard_form.reason = "Discount too deep for a 30-day term"
        wizard_form.save().action_reject()
        self.assertEqual(order.approval_state, "rejected")
        self.assertEqual(order.state, "draft")
        rejected = order.approval_ids.filtered(lambda a: a.state == "rejected")
        self.assertEqual(rejected.rule_id, self.rule_amount)
        self.assertEqual(rejected.reason, "Discount too deep for a 30-day term")
        self.assertEqual((order.approval_ids - rejected).mapped("state"), ["void"])
        self.assertIn("Discount too deep", order.message_ids[0].body)
        self.assertFalse(order.activity_ids)
        with self.assertRaises(UserError):
            order.with_user(self.user_leader).action_approve()
        # The salesperson changes the order and asks again.
        order.with_user(self.user_salesman).order_line.discount = 10
        order.with_user(self.user_salesman).action_confirm()
        self.assertEqual(order.approval_state, "to_approve")
        fresh = order.approval_ids.filtered(lambda a: a.state == "pending")
        self.assertEqual(fresh.rule_id, self.rule_amount)
        self.assertEqual(len(order.approval_ids), 3)

    def test_decided_approval_cannot_be_decided_again(self):
        order = self._order(qty=200)
        order.action_confirm()
        approval = order.approval_ids
        # The second approver's request read the approval before the first
        # one's decision.
        approval._lock_for_decision()
        approval.sudo().state = "approved"
        with self.assertRaisesRegex(UserError, "already been decided"):
            approval._lock_for_decision()

    # -- Search -------------------------------------------------------------------
    def test_search_waiting_for_my_approval(self):
        waiting = self._order(qty=200)
        waiting.action_confirm()
        other = self._order(qty=1)
        orders = (waiting | other).with_user(self.user_leader)
        assert_boolean_search(self, orders, "is_my_approval")
        found = (
            self.env["sale.order"]
            .with_user(self.user_leader)
            .search([("is_my_approval", "=", True)])
        )
        self.assertEqual(found, waiting)
        grouped = self.env["sale.order"]._read_group(
            [("id", "in", (waiting | other).ids)], ["approval_state"], ["__count"]
        )
        self.assertEqual(dict(grouped), {"to_approve": 1, "not_required": 1})

    # -- Multi-company ------------------------------------------------------------
    def test_rules_of_another_company_do_not_apply(self):
        other_company = self.env["res.company"].create({"name": "T Other Co"})
        self.rule_amount.company_id = other_company
        self.assertFalse(self._order(qty=200)._approval_blocks_confirmation())
        self.team.company_id = self.company
        with self.assertRaises(UserError):
            self.rule_amount.team_ids = self.team

    # -- What a hostile review found --------------------------------------------
    def test_cancelled_order_cannot_be_written_confirmed(self):
        order = self._order(qty=200)
        order.with_user(self.user_salesman).action_cancel()
        with self.assertRaises(UserError):
            order.with_user(self.user_salesman).write({"state": "sale"})
        self.assertEqual(order.state, "cancel")

    def test_another_team_or_none_does_not_escape_the_rules(self):
        other_team = self.env["crm.team"].create({"name": "T Team Without Rules"})
        self.rule_amount.team_ids = self.team
        for team in (other_team, self.env["crm.team"]):
            with self.subTest(team=team.name):
                order = self._order(qty=200, team_id=team.id)
                self.assertTrue(order._approval_blocks_confirmation())

    def test_team_or_salesperson_change_voids_the_approval(self):
        other_team = self.env["crm.team"].create({"name": "T Other Team"})
        order = self._approved_order()
        order.with_user(self.user_salesman).team_id = other_team
        self.assertEqual(order.approval_state, "not_required")
        order = self._approved_order()
        order.sudo().user_id = self.user_sales_manager
        self.assertEqual(order.approval_state, "not_required")

    def test_unit_and_cost_changes_void_the_approval(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        changes = {
            "product_uom": {"product_uom": dozen.id, "price_unit": 100.0},
            "purchase_price": {"purchase_price": 99.0},
        }
        for label, values in changes.items():
            with self.subTest(change=label):
                order = self._approved_order()
                order.order_line.with_user(self.user_salesman).write(values)
                self.assertEqual(order.approval_state, "not_required")

    def test_confirmed_order_keeps_to_what_was_approved(self):
        small = self._order(qty=1)
        small.with_user(self.user_salesman).action_confirm()
        self.assertEqual(small.state, "sale")
        line = small.order_line.with_user(self.user_salesman)
        with self.assertRaises(UserError) as caught:
            line.write({"product_uom_qty": 500})
        self.assertIn("needs an approval", str(caught.exception))
        with self.assertRaises(UserError) as caught:
            line.create(
                {
                    "order_id": small.id,
                    "product_id": self.product.id,
                    "product_uom_qty": 500,
                }
            )
        self.assertIn("needs an approval", str(caught.exception))
        approved = self._approved_order()
        approved.with_user(self.user_salesman).action_confirm()
        self.assertEqual(approved.state, "sale")
        with self.assertRaises(UserError) as caught:
            approved.order_line.with_user(self.user_salesman).price_unit = 150
        self.assertIn("needs an approval", str(caught.exception))
        # What needs no approval still changes: a smaller quantity on the
        # small order, a line's description on the approved one.
        line.product_uom_qty = 2
        approved.order_line.with_user(self.user_salesman).name = "Chiller, site B"
        self.assertEqual(approved.approval_state, "approved")

    def test_rejection_needs_a_reason(self):
        order = self._order(qty=200)
        order.action_confirm()
        for reason in ("", "   "):
            with self.assertRaises(UserError):
                order.with_user(self.user_leader)._reject_approval(reason)
        self.assertEqual(order.approval_state, "to_approve")

    def test_empty_rule_refused(self):
        with self.assertRaises(ValidationError):
            self.Rule.create({"name": "Empty"})

    def test_archived_rules_stay_archived_whatever_the_context(self):
        self.rule_amount.active = False
        order = self._order(qty=200).with_context(active_test=False)
        self.assertFalse(order._approval_blocks_confirmation())

    def test_salesperson_cannot_delete_the_approvers_todo(self):
        order = self._order(qty=200)
        order.with_user(self.user_salesman).action_confirm()
        todo = order.approval_ids.activity_ids
        self.assertEqual(todo.user_id, self.user_leader)
        for close in ("unlink", "action_done"):
            with self.subTest(close=close), self.assertRaises(AccessError):
                getattr(todo.with_user(self.user_salesman), close)()
        self.assertTrue(todo.exists())
        # The approver's decision closes it.
        order.with_user(self.user_leader).action_approve()
        self.assertFalse(todo.exists())
