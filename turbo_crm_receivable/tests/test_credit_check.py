# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ReceivableCommon


@tagged("post_install", "-at_install")
class TestCreditCheck(ReceivableCommon):
    """Confirming an order: the credit hold always stops it, the credit
    limit warns unless the company stops orders over it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approver = new_test_user(
            cls.env,
            login="rcv_credit_approver",
            groups="sales_team.group_sale_salesman_all_leads,"
            "turbo_crm_receivable.group_credit_controller",
        )
        cls.product = cls.env["product.product"].create({"name": "Chiller"})
        cls.held = cls.customer("Held Group")
        cls.held.credit_hold = True
        cls.held_office = cls.env["res.partner"].create(
            {
                "name": "Held Group, accounts",
                "parent_id": cls.held.id,
                "type": "invoice",
            }
        )
        cls.buyer = cls.customer("Sound Buyer")

    def quotation(self, partner, amount=100, **values):
        return (
            self.env["sale.order"]
            .with_user(self.rep)
            .create(
                {
                    "partner_id": partner.id,
                    "user_id": self.rep.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": amount,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                    **values,
                }
            )
        )

    def test_over_the_limit_only_warns_by_default(self):
        self.company.account_use_credit_limit = True
        self.buyer.credit_limit = 50
        order = self.quotation(self.buyer)
        self.assertIn("credit limit", order.partner_credit_warning)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_company_stops_orders_over_the_limit(self):
        self.company.account_use_credit_limit = True
        self.company.turbo_credit_limit_blocks = True
        self.buyer.credit_limit = 50
        order = self.quotation(self.buyer)
        with self.assertRaisesRegex(UserError, "A credit controller confirms them"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        with self.assertRaises(AccessError):
            order.action_confirm_credit_approved()
        self.assertIs(
            order.with_user(self.approver).action_confirm_credit_approved(), True
        )
        self.assertEqual(order.state, "sale")
        self.assertIn("credit limit", order.message_ids[:1].body)
        self.buyer.credit_limit = 10_000
        self.quotation(self.buyer).action_confirm()

    def test_hold_stops_writing_the_state(self):
        order = self.quotation(self.held)
        with self.assertRaisesRegex(UserError, "Held Group is on credit hold"):
            order.write({"state": "sale"})
        self.assertEqual(order.state, "draft")
        # Nor by changing the customer in the same write.
        order = self.quotation(self.buyer)
        with self.assertRaisesRegex(UserError, "on credit hold"):
            order.write({"state": "sale", "partner_id": self.held.id})

    def test_hold_stops_an_order_created_confirmed(self):
        with self.assertRaisesRegex(UserError, "on credit hold"):
            self.quotation(self.held, state="sale")

    def test_hold_binds_through_the_invoice_address(self):
        order = self.quotation(self.buyer, partner_invoice_id=self.held_office.id)
        self.assertIn("credit hold", order.partner_credit_warning)
        with self.assertRaisesRegex(UserError, "on credit hold"):
            order.action_confirm()
        contact = self.env["res.partner"].create(
            {"name": "Held buyer", "parent_id": self.held.id}
        )
        with self.assertRaisesRegex(UserError, "on credit hold"):
            self.quotation(contact).action_confirm()

    def test_credit_controller_confirms_over_the_hold(self):
        order = self.quotation(self.held)
        order.with_user(self.approver).action_confirm_credit_approved()
        self.assertEqual(order.state, "sale")
        self.assertIn("on credit hold", order.message_ids[:1].body)

    def test_approval_rules_and_the_credit_hold_both_apply(self):
        """An order that needs an approval waits for it, even through the
        credit controller's button; once approved, the hold still stops it
        until a credit controller confirms it."""
        self.env["sale.approval.rule"].create(
            {
                "name": "Every order of the test",
                "amount_untaxed_from": 1,
                "approver_user_ids": [Command.set(self.approver.ids)],
            }
        )
        order = self.quotation(self.held)
        order.with_user(self.approver).action_confirm_credit_approved()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.approval_state, "to_approve")
        order.with_user(self.approver).action_approve()
        with self.assertRaisesRegex(UserError, "on credit hold"):
            order.with_user(self.rep).action_confirm()
        self.assertEqual(order.state, "draft")
        order.with_user(self.approver).action_confirm_credit_approved()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.approval_state, "approved")
