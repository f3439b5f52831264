# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from xmlrpc.client import Fault

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import ReceivableCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestCollectionFields(ReceivableCommon):
    """Hold, level and collector are the credit controllers' to set."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.held = cls.customer("Held Customer")
        cls.invoice(cls.held, 8_000, "2026-01-01", "2026-02-01")
        cls.env["res.partner"]._cron_receivable_followup()
        cls.level_hold = cls.env.ref("turbo_crm_receivable.followup_level_hold")
        cls.theirs = cls.customer("Other Rep Customer", user=cls.other_rep)

    def test_held_customer_is_held(self):
        self.assertTrue(self.held.credit_hold)
        self.assertEqual(self.held.followup_level_id, self.level_hold)

    def test_salesperson_cannot_reset_the_level_or_lift_the_hold(self):
        as_rep = self.held.with_user(self.rep)
        with self.assertRaises(AccessError):
            as_rep.write({"followup_level_id": False})
        with self.assertRaises(AccessError):
            as_rep.write({"credit_hold": False})
        with self.assertRaises(AccessError):
            as_rep.write({"followup_date": False})
        self.assertTrue(self.held.credit_hold)
        self.assertEqual(self.held.followup_level_id, self.level_hold)

    def test_salesperson_cannot_make_herself_collector(self):
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.rep).write({"collector_id": self.rep.id})
        self.assertEqual(self.theirs.collector_id, self.other_rep)

    def test_salesperson_cannot_collect_through_her_own_company(self):
        # A company stays its own commercial partner under a parent: Odoo
        # gives it no collector of the parent, nor may she by the detour.
        own = self.customer("Rep Holding")
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.rep).write(
                {"parent_id": own.id, "collector_id": self.rep.id}
            )
        self.assertEqual(self.theirs.collector_id, self.other_rep)
        # Another rep's person moved under her company would take its
        # collector through Odoo's commercial sync: refused.
        person = self.env["res.partner"].create(
            {"name": "Site Engineer", "user_id": self.other_rep.id}
        )
        as_rep = person.with_user(self.rep)
        with self.assertRaises(AccessError):
            as_rep.write({"parent_id": own.id, "collector_id": self.rep.id})
        with self.assertRaises(AccessError):
            as_rep.write({"parent_id": own.id})
        self.assertEqual(person.collector_id, self.other_rep)
        # A person nobody collects from takes the company's, as Odoo syncs it.
        nobody = self.env["res.partner"].create({"name": "Site Clerk"})
        nobody.with_user(self.rep).write({"parent_id": own.id})
        self.assertEqual(nobody.collector_id, self.rep)

    def test_salesperson_cannot_create_a_customer_held_or_collected(self):
        Partner = self.env["res.partner"].with_user(self.rep)
        with self.assertRaises(AccessError):
            Partner.with_context(default_credit_hold=True).create(
                {"name": "New", "is_company": True}
            )
        with self.assertRaises(AccessError):
            Partner.create(
                {
                    "name": "New",
                    "is_company": True,
                    "user_id": self.other_rep.id,
                    "collector_id": self.rep.id,
                }
            )

    def test_salesperson_keeps_editing_her_customers(self):
        as_rep = self.held.with_user(self.rep)
        # A form saves the values back: unchanged, they pass.
        as_rep.write(
            {
                "phone": "+86 10 1234 5678",
                "credit_hold": True,
                "collector_id": self.rep.id,
            }
        )
        contact = (
            self.env["res.partner"]
            .with_user(self.rep)
            .create({"name": "Accounts clerk", "parent_id": self.theirs.id})
        )
        self.assertEqual(contact.collector_id, self.other_rep)
        new = (
            self.env["res.partner"]
            .with_user(self.rep)
            .create(
                {"name": "New Customer", "is_company": True, "user_id": self.rep.id}
            )
        )
        self.assertEqual(new.collector_id, self.rep)

    def test_salesperson_form_shows_them_read_only(self):
        with Form(self.held.with_user(self.rep)) as form:
            form.phone = "+86 10 8888 0000"
            with self.assertRaises(AssertionError):
                form.collector_id = self.other_rep
        self.assertEqual(self.held.phone, "+86 10 8888 0000")
        self.assertEqual(self.held.collector_id, self.rep)

    def test_credit_controller_sets_them(self):
        self.controller.groups_id = [
            Command.link(self.env.ref("base.group_partner_manager").id)
        ]
        as_controller = self.held.with_user(self.controller)
        as_controller.write({"collector_id": self.controller.id})
        self.assertEqual(self.held.collector_id, self.controller)
        as_controller.action_lift_credit_hold()
        self.assertFalse(self.held.credit_hold)


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestPromiseAccess(ReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls.customer("Promise Mine")
        cls.theirs = cls.customer("Promise Theirs", user=cls.other_rep)
        cls.invoice_theirs = cls.invoice(cls.theirs, 4_000, "2026-05-01", "2026-06-01")
        cls.Promise = cls.env["receivable.payment.promise"]

    def test_salesperson_promises_for_her_customers_only(self):
        with self.assertRaises(AccessError):
            self.Promise.with_user(self.rep).create(
                {
                    "partner_id": self.theirs.id,
                    "user_id": self.rep.id,
                    "amount": 1,
                    "promised_date": "2099-12-31",
                }
            )
        promise = self.Promise.with_user(self.other_rep).create(
            {
                "partner_id": self.theirs.id,
                "move_ids": [Command.set(self.invoice_theirs.ids)],
                "promised_date": "2026-07-31",
            }
        )
        self.assertEqual(promise.amount, 4_000)

    def test_state_changes_only_through_the_job(self):
        promise = self.Promise.with_user(self.other_rep).create(
            {
                "partner_id": self.theirs.id,
                "amount": 100,
                "promised_date": "2026-07-01",
            }
        )
        with self.assertRaises(AccessError):
            promise.with_user(self.other_rep).write({"state": "kept"})
        with self.assertRaises(AccessError):
            promise.with_user(self.controller).write({"state": "broken"})
        with self.assertRaises(AccessError):
            self.Promise.with_user(self.other_rep).create(
                {
                    "partner_id": self.theirs.id,
                    "amount": 100,
                    "promised_date": "2026-07-01",
                    "state": "kept",
                }
            )
        with self.assertRaises(AccessError):
            self.Promise.with_user(self.other_rep).with_context(
                default_state="kept"
            ).create(
                {
                    "partner_id": self.theirs.id,
                    "amount": 100,
                    "promised_date": "2026-07-01",
                }
            )
        self.assertEqual(promise.state, "open")
        with freeze_time("2026-07-02"):
            self.env["res.partner"]._cron_receivable_followup()
        self.assertEqual(promise.state, "broken")

    def test_onchange_sums_only_invoices_the_user_reads(self):
        result = self.Promise.with_user(self.rep).onchange(
            {
                "partner_id": self.theirs.id,
                "move_ids": [Command.set(self.invoice_theirs.ids)],
            },
            ["move_ids"],
            {"partner_id": {}, "move_ids": {}, "amount": {}},
        )
        self.assertFalse(result["value"].get("amount"))


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestFiguresNeedToKnow(ReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor = cls.customer("Figures Customer")
        cls.invoice(cls.debtor, 6_000, "2026-01-01", "2026-06-01")
        cls.technician = new_test_user(
            cls.env, login="rcv_technician", groups="base.group_user"
        )
        cls.billing = new_test_user(
            cls.env, login="rcv_billing", groups="account.group_account_invoice"
        )

    def test_technician_does_not_read_them(self):
        as_technician = self.debtor.with_user(self.technician)
        with self.assertRaises(AccessError):
            as_technician.read(["followup_amount_overdue"])
        with self.assertRaises(AccessError):
            as_technician.search_read(
                [("id", "=", self.debtor.id)], ["followup_amount_due"]
            )
        # Nor through a compute run on her behalf.
        self.assertEqual(as_technician.followup_amount_overdue, 0)
        self.assertFalse(as_technician.followup_move_ids)

    def test_another_salesperson_reads_nothing(self):
        as_other = self.debtor.with_user(self.other_rep)
        self.assertEqual(as_other.followup_amount_due, 0)
        self.assertEqual(as_other.followup_amount_overdue, 0)
        self.assertFalse(as_other.followup_move_ids)

    def test_salesperson_billing_and_controller_read_them(self):
        for user in (self.rep, self.billing, self.controller):
            partner = self.debtor.with_user(user)
            self.assertEqual(partner.followup_amount_overdue, 6_000, user.login)
            self.assertEqual(partner.followup_amount_due, 6_000, user.login)


@tagged("post_install", "-at_install")
class TestInstalmentsBelongToTheirOrder(ReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        buyer = cls.customer("Instalment Customer")
        product = cls.env["product.product"].create(
            {"name": "Instalment Chiller", "taxes_id": [Command.clear()]}
        )

        def order(user):
            return cls.env["sale.order"].create(
                {
                    "partner_id": buyer.id,
                    "user_id": user.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "price_unit": 1_000})
                    ],
                }
            )

        cls.order_mine = order(cls.rep)
        cls.order_theirs = order(cls.other_rep)
        cls.Line = cls.env["receivable.payment.plan.line"]

    def line(self, order, user, **values):
        return self.Line.with_user(user).create(
            {
                "order_id": order.id,
                "name": "Advance",
                "planned_date": "2026-07-01",
                "share": 30,
                **values,
            }
        )

    def test_moving_an_instalment_needs_the_order(self):
        line = self.line(self.order_mine, self.rep)
        with self.assertRaises(AccessError):
            line.with_user(self.rep).write({"order_id": self.order_theirs.id})
        self.assertEqual(line.order_id, self.order_mine)
        with self.assertRaises(AccessError):
            self.line(self.order_theirs, self.rep)

    def test_adding_an_instalment_needs_to_edit_the_order(self):
        # A billing user the database lets read every order but edit only
        # hers (a rule of its own) adds no instalment to another's, whether
        # the order comes in the values or as a default.
        own_orders = self.env["res.groups"].create({"name": "Edit own orders"})
        self.env["ir.rule"].create(
            {
                "name": "Orders: edit own",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "domain_force": "[('user_id', '=', user.id)]",
                "groups": [Command.link(own_orders.id)],
                "perm_read": False,
            }
        )
        billing = new_test_user(
            self.env,
            login="rcv_plan_billing",
            groups="account.group_account_invoice",
        )
        billing.groups_id = [Command.link(own_orders.id)]
        self.order_theirs.with_user(billing).check_access("read")
        with self.assertRaises(AccessError):
            self.line(self.order_theirs, billing)
        with self.assertRaises(AccessError):
            self.Line.with_user(billing).with_context(
                default_order_id=self.order_theirs.id
            ).create({"name": "Advance", "planned_date": "2026-07-01", "share": 30})
        self.assertFalse(self.order_theirs.payment_plan_line_ids)

    def test_an_instalment_never_exceeds_its_order(self):
        with self.assertRaises(ValidationError):
            self.line(self.order_mine, self.rep, share=0, amount=1_500)
        self.line(self.order_mine, self.rep, share=0, amount=600)
        with self.assertRaises(ValidationError):
            self.line(self.order_mine, self.rep, share=0, amount=500)
        self.line(self.order_mine, self.rep, share=0, amount=400)
        self.assertEqual(
            sum(self.order_mine.payment_plan_line_ids.mapped("amount")), 1_000
        )

    def test_onchange_does_not_show_another_reps_order(self):
        result = self.Line.with_user(self.rep).onchange(
            {"order_id": self.order_theirs.id, "share": 50, "name": "Spy"},
            ["order_id", "share"],
            {"order_id": {}, "share": {}, "name": {}, "amount": {}},
        )
        self.assertFalse(result["value"].get("amount"))
        mine = self.Line.with_user(self.rep).onchange(
            {"order_id": self.order_mine.id, "share": 50, "name": "Mine"},
            ["order_id", "share"],
            {"order_id": {}, "share": {}, "name": {}, "amount": {}},
        )
        self.assertEqual(mine["value"]["amount"], 500)


@tagged("post_install", "-at_install")
class TestCollectionOverXmlRpc(HttpCase):
    """The same holes, through the protocol a remote client uses."""

    def setUp(self):
        super().setUp()
        self.rep = new_test_user(
            self.env, login="rcv_rpc_rep", groups="sales_team.group_sale_salesman"
        )
        self.controller = new_test_user(
            self.env,
            login="rcv_rpc_controller",
            groups="turbo_crm_receivable.group_credit_controller",
        )
        self.customer = self.env["res.partner"].create(
            {"name": "RPC Customer", "is_company": True, "user_id": self.rep.id}
        )
        self.customer.sudo().credit_hold = True

    def call(self, user, method, *args):
        return self.xmlrpc_object.execute(
            self.env.cr.dbname,
            user.id,
            user.login + "x" * (8 - len(user.login)),
            "res.partner",
            method,
            *args,
        )

    def test_salesperson_cannot_lift_the_hold_by_a_write(self):
        with self.assertRaises(Fault):
            self.call(self.rep, "write", [self.customer.id], {"credit_hold": False})
        self.customer.invalidate_recordset()
        self.assertTrue(self.customer.credit_hold)

    def test_salesperson_cannot_take_another_reps_customer(self):
        other = new_test_user(
            self.env, login="rcv_rpc_rep2", groups="sales_team.group_sale_salesman"
        )
        theirs = self.env["res.partner"].create(
            {"name": "RPC Other Customer", "is_company": True, "user_id": other.id}
        )
        person = self.env["res.partner"].create(
            {"name": "RPC Other Person", "user_id": other.id}
        )
        with self.assertRaises(Fault):
            self.call(self.rep, "write", [theirs.id], {"user_id": self.rep.id})
        with self.assertRaises(Fault):
            self.call(self.rep, "write", [person.id], {"parent_id": self.customer.id})
        (theirs | person).invalidate_recordset()
        self.assertEqual(theirs.user_id, other)
        self.assertFalse(person.parent_id)
        self.assertEqual(person.collector_id, other)
        # Her own customer she hands over.
        self.assertTrue(
            self.call(self.rep, "write", [self.customer.id], {"user_id": other.id})
        )

    def test_lift_credit_hold_answers_the_client(self):
        result = self.call(
            self.controller, "action_lift_credit_hold", [self.customer.id]
        )
        self.assertTrue(result)
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.credit_hold)
