# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ReceivableCommon


@tagged("post_install", "-at_install")
class TestCreditCheck(ReceivableCommon):
    """Confirming an order: the credit hold asks for a credit controller's
    approval (the rule every company gets); the credit limit warns unless
    the company has the rule "Over the credit limit"."""

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
        cls.hold_rule = cls.env["sale.approval.rule"].search(
            [("company_id", "=", cls.company.id), ("on_credit_hold", "=", True)]
        )

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

    def assertAwaitsCreditApproval(self, order, rule=None):
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.approval_state, "to_approve")
        self.assertEqual(order.approval_ids.rule_id, rule or self.hold_rule)
        self.assertIn(self.approver, order.approval_ids.approver_ids)
        self.assertNotIn(self.rep, order.approval_ids.approver_ids)

    def test_every_company_has_the_credit_hold_rule(self):
        self.assertEqual(len(self.hold_rule), 1)
        self.assertEqual(
            self.hold_rule.approver_group_id,
            self.env.ref("turbo_crm_receivable.group_credit_controller"),
        )
        self.assertEqual(self.hold_rule.sequence, 90)
        # New companies get it too, named in every installed language.
        self.env["res.lang"]._activate_lang("zh_CN")
        companies = self.env["res.company"].create(
            [{"name": "New Credit Co"}, {"name": "Newer Credit Co"}]
        )
        rules = self.env["sale.approval.rule"].search(
            [("company_id", "in", companies.ids)]
        )
        self.assertEqual(rules.company_id, companies)
        self.assertEqual(rules.mapped("on_credit_hold"), [True, True])
        self.assertEqual(rules.mapped("name"), ["Customer on credit hold"] * 2)
        self.assertEqual(
            rules.with_context(lang="zh_CN").mapped("name"),
            ["客户处于信用冻结"] * 2,
        )

    def test_a_credit_rule_needs_no_other_condition(self):
        rule = self.env["sale.approval.rule"].create(
            {
                "name": "Late payers",
                "overdue_days_over": 30,
                "approver_user_ids": [Command.set(self.approver.ids)],
            }
        )
        with self.assertRaisesRegex(ValidationError, "no condition"):
            rule.overdue_days_over = 0

    def test_over_the_limit_only_warns_by_default(self):
        self.company.account_use_credit_limit = True
        self.buyer.credit_limit = 50
        order = self.quotation(self.buyer)
        self.assertIn("credit limit", order.partner_credit_warning)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.approval_state, "not_required")

    def test_credit_limit_rule_stops_orders_over_the_limit(self):
        self.company.account_use_credit_limit = True
        rule = self.company._create_credit_approval_rules(over_credit_limit=True)
        self.assertEqual(rule.name, "Over the credit limit")
        self.buyer.credit_limit = 50
        order = self.quotation(self.buyer)
        order.action_confirm()
        self.assertAwaitsCreditApproval(order, rule)
        approval = order.approval_ids
        self.assertEqual((approval.credit_exposure, approval.credit_limit), (100, 50))
        self.assertIn("exceeds its credit limit", approval.match_reason)
        self.assertIn("Sound Buyer", approval.match_reason)
        with self.assertRaises(UserError):  # she sells it
            order.with_user(self.rep).action_approve()
        order.with_user(self.approver).action_approve()
        self.assertEqual(order.approval_state, "approved")
        order.with_user(self.rep).action_confirm()
        self.assertEqual(order.state, "sale")
        # Under the limit, nothing to approve; nor without credit limits.
        self.buyer.credit_limit = 10_000
        self.quotation(self.buyer).action_confirm()
        self.buyer.credit_limit = 50
        self.company.account_use_credit_limit = False
        order = self.quotation(self.buyer)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_hold_stops_writing_the_state(self):
        order = self.quotation(self.held)
        with self.assertRaisesRegex(UserError, "need an approval"):
            order.write({"state": "sale"})
        self.assertEqual(order.state, "draft")
        # Nor by changing the customer in the same write.
        order = self.quotation(self.buyer)
        with self.assertRaisesRegex(UserError, "need an approval"):
            order.write({"state": "sale", "partner_id": self.held.id})

    def test_hold_stops_an_order_created_confirmed(self):
        with self.assertRaisesRegex(UserError, "needs? an approval"):
            self.quotation(self.held, state="sale")

    def test_hold_binds_through_every_address_and_the_commercial_entity(self):
        order = self.quotation(self.buyer, partner_invoice_id=self.held_office.id)
        self.assertIn("credit hold", order.partner_credit_warning)
        order.action_confirm()
        self.assertAwaitsCreditApproval(order)
        self.assertIn("Held Group", order.approval_ids.match_reason)
        order = self.quotation(self.buyer, partner_shipping_id=self.held_office.id)
        order.action_confirm()
        self.assertAwaitsCreditApproval(order)
        contact = self.env["res.partner"].create(
            {"name": "Held buyer", "parent_id": self.held.id}
        )
        order = self.quotation(contact)
        order.action_confirm()
        self.assertAwaitsCreditApproval(order)

    def test_hold_of_another_company_does_not_bind(self):
        other = self.env["res.company"].create({"name": "Other Credit Co"})
        buyer = self.customer("Held Elsewhere")
        buyer.with_company(other).credit_hold = True
        self.assertFalse(buyer.credit_hold)
        order = self.quotation(buyer)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_credit_controller_approves_over_the_hold(self):
        order = self.quotation(self.held)
        order.with_user(self.rep).action_confirm()
        self.assertAwaitsCreditApproval(order)
        self.assertIn("Held Group is on credit hold.", order.approval_ids.match_reason)
        with self.assertRaises(UserError):  # she sells it
            order.with_user(self.rep).action_approve()
        order.with_user(self.approver).action_approve()
        self.assertEqual(order.approval_ids.decided_by_id, self.approver)
        order.with_user(self.rep).action_confirm()
        self.assertEqual(order.state, "sale")
        # A credit controller without sales rights decides too, from the list.
        order = self.quotation(self.held)
        order.action_confirm()
        as_controller = order.with_user(self.controller)
        self.assertTrue(as_controller.is_my_approval)
        as_controller.action_approve_selected()
        self.assertEqual(order.approval_ids.decided_by_id, self.controller)

    def test_accountant_only_controller_opens_approves_and_rejects(self):
        """A credit controller with accounting rights only reads the orders
        waiting for her as their form does, approvals included, approves
        and rejects them; the approvals of other orders stay hidden."""
        self.assertFalse(self.controller.has_group("sales_team.group_sale_salesman"))
        waiting, to_reject = self.quotation(self.held), self.quotation(self.held)
        (waiting | to_reject).with_user(self.rep).action_confirm()
        sales_rule = self.env["sale.approval.rule"].create(
            {
                "name": "Every order of the buyer",
                "amount_untaxed_from": 1,
                "approver_user_ids": [Command.set(self.approver.ids)],
            }
        )
        others = self.quotation(self.buyer)
        others.with_user(self.rep).action_confirm()
        self.assertEqual(others.approval_ids.rule_id, sales_rule)
        # Her menu under Accounting lists them.
        menu = self.env.ref(
            "turbo_crm_receivable.sale_order_to_approve_receivable_menu"
        )
        self.assertIn(
            menu.id,
            self.env["ir.ui.menu"].with_user(self.controller)._visible_menu_ids(),
        )
        self.assertEqual(
            self.env["sale.order"]
            .with_user(self.controller)
            .search([("is_my_approval", "=", True)]),
            waiting | to_reject,
        )
        # What the order form reads of its header, lines and Approvals tab
        # (the whole form, with sale_pdf_quote_builder installed, reads the
        # quotation templates and documents, which Odoo keeps from
        # accountants).
        [values] = waiting.with_user(self.controller).web_read(
            {
                "name": {},
                "approval_state": {},
                "is_my_approval": {},
                "approval_count": {},
                "order_line": {"fields": {"product_id": {}, "price_subtotal": {}}},
                "approval_current_ids": {
                    "fields": {
                        "rule_id": {"fields": {"display_name": {}}},
                        "approver_ids": {"fields": {"display_name": {}}},
                        "state": {},
                        "match_reason": {},
                        "credit_exposure": {},
                    }
                },
            }
        )
        self.assertEqual(values["approval_state"], "to_approve")
        self.assertTrue(values["is_my_approval"])
        self.assertEqual(len(values["order_line"]), 1)
        [approval] = values["approval_current_ids"]
        self.assertEqual(approval["rule_id"]["display_name"], self.hold_rule.name)
        self.assertIn("credit hold", approval["match_reason"])
        Approval = self.env["sale.order.approval"].with_user(self.controller)
        self.assertEqual(
            Approval.search([("order_id", "in", (waiting | others).ids)]),
            waiting.approval_ids,
        )
        self.assertIs(waiting.with_user(self.controller).action_approve(), True)
        self.assertEqual(waiting.approval_state, "approved")
        self.assertEqual(waiting.approval_ids.decided_by_id, self.controller)
        action = to_reject.with_user(self.controller).action_reject()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.controller)
            .with_context(**action["context"])
        )
        wizard.reason = "Pay the invoices of March first"
        wizard.save().action_reject()
        self.assertEqual(to_reject.approval_state, "rejected")
        self.assertIn("Pay the invoices", to_reject.message_ids[0].body)

    def test_approval_rules_and_the_credit_hold_both_apply(self):
        """The credit hold's step comes after the sales approval."""
        manager = new_test_user(
            self.env,
            login="rcv_credit_sales_approver",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        rule = self.env["sale.approval.rule"].create(
            {
                "name": "Every order of the test",
                "amount_untaxed_from": 1,
                "approver_user_ids": [Command.set(manager.ids)],
            }
        )
        order = self.quotation(self.held)
        order.action_confirm()
        self.assertEqual(order.approval_ids.rule_id, rule | self.hold_rule)
        with self.assertRaises(AccessError):
            order.with_user(self.approver).action_approve()
        order.with_user(manager).action_approve()
        self.assertEqual(order.approval_state, "to_approve")
        with self.assertRaisesRegex(UserError, "need an approval"):
            order.write({"state": "sale"})
        order.with_user(self.approver).action_approve()
        order.with_user(self.rep).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.approval_state, "approved")

    @freeze_time("2026-06-30")
    def test_invoices_overdue_more_than_days(self):
        rule = self.env["sale.approval.rule"].create(
            {
                "name": "Late payers",
                "overdue_days_over": 30,
                "sequence": 80,
                "approver_user_ids": [Command.set(self.approver.ids)],
            }
        )
        late = self.customer("Late Payer")
        self.invoice(late, 1_000, "2026-04-01", "2026-05-01")  # 60 days
        prompt = self.customer("Prompt Payer")
        self.invoice(prompt, 1_000, "2026-05-01", "2026-06-10")  # 20 days
        order = self.quotation(late)
        order.action_confirm()
        self.assertAwaitsCreditApproval(order, rule)
        self.assertEqual(order.approval_ids.days_overdue, 60)
        self.assertIn(
            "Invoices overdue by 60 days, more than 30.",
            order.approval_ids.match_reason,
        )
        # Through the invoice address too.
        order = self.quotation(self.buyer, partner_invoice_id=late.id)
        order.action_confirm()
        self.assertAwaitsCreditApproval(order, rule)
        order = self.quotation(prompt)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
