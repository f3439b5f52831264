# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo import Command, api, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import BaseCase, new_test_user, tagged
from odoo.tests.common import get_db_name

from .common import ReceivableCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestFollowup(ReceivableCommon):
    """The default policy: reminder email at 7 days, call at 30, letter at
    60, credit hold at 90."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_reminder = cls.env.ref("turbo_crm_receivable.followup_level_reminder")
        cls.level_call = cls.env.ref("turbo_crm_receivable.followup_level_call")
        cls.level_letter = cls.env.ref("turbo_crm_receivable.followup_level_letter")
        cls.level_hold = cls.env.ref("turbo_crm_receivable.followup_level_hold")
        cls.customers = {}
        for days in (3, 10, 40, 70, 100):
            customer = cls.customer(f"Followup {days}")
            cls.invoice(customer, 1_000 * days, "2026-01-01", cls._days_ago(days))
            cls.customers[days] = customer
        cls.Partner = cls.env["res.partner"]

    @staticmethod
    def _days_ago(days):
        from datetime import date, timedelta

        return date(2026, 6, 30) - timedelta(days=days)

    def run_job(self):
        Mail = self.env["mail.mail"]
        emails = [("model", "=", "res.partner")]
        mails_before = Mail.search_count(emails)
        activities_before = self.env["mail.activity"].search_count([])
        logs = self.Partner.browse(
            [c.id for c in self.customers.values()]
        )._run_followup()
        return (
            logs,
            Mail.search_count(emails) - mails_before,
            self.env["mail.activity"].search_count([]) - activities_before,
        )

    def test_each_level_and_its_actions(self):
        logs, mails, activities = self.run_job()
        level = {days: c.followup_level_id for days, c in self.customers.items()}
        self.assertFalse(level[3], "3 days late is before the first level")
        self.assertEqual(level[10], self.level_reminder)
        self.assertEqual(level[40], self.level_call)
        self.assertEqual(level[70], self.level_letter)
        self.assertEqual(level[100], self.level_hold)
        self.assertEqual(len(logs), 4)
        self.assertEqual(mails, 2, "the reminder and the call send an email")
        self.assertEqual(activities, 3, "call, letter and hold each ask the collector")
        by_partner = {log.partner_id: log for log in logs}
        reminder = by_partner[self.customers[10]]
        self.assertTrue(reminder.email_sent)
        self.assertFalse(reminder.activity_created)
        self.assertEqual(reminder.amount_overdue, 10_000)
        self.assertEqual(reminder.days_overdue, 10)
        self.assertEqual(len(reminder.move_ids), 1)
        self.assertTrue(by_partner[self.customers[70]].letter_to_print)
        self.assertTrue(self.customers[100].credit_hold)
        self.assertFalse(self.customers[70].credit_hold)
        activity = self.customers[40].activity_ids
        self.assertEqual(activity.user_id, self.rep, "the collector calls")
        self.assertEqual(activity.activity_type_id, self.level_call.activity_type_id)
        mail = self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.customers[10].id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("Payment reminder", mail.subject)
        self.assertIn(self.customers[10].invoice_ids.name, mail.body_html)
        self.assertEqual(mail.recipient_ids, self.customers[10])

    def test_twice_in_a_day_acts_once(self):
        first = self.run_job()
        second = self.run_job()
        self.assertEqual(len(first[0]), 4)
        self.assertEqual(second, (self.env["receivable.followup.log"], 0, 0))

    def test_escalates_as_the_days_pass(self):
        self.run_job()
        with freeze_time("2026-07-25"):  # 35 days for the one at 10
            logs = self.run_job()[0]
        self.assertEqual(self.customers[10].followup_level_id, self.level_call)
        self.assertIn(self.customers[10], logs.partner_id)
        self.assertEqual(self.customers[3].followup_level_id, self.level_reminder)

    def test_paid_customer_starts_afresh(self):
        self.run_job()
        customer = self.customers[10]
        self.pay(customer.invoice_ids, 10_000, "2026-06-30")
        self.run_job()
        self.assertFalse(customer.followup_level_id)
        self.invoice(customer, 500, "2026-05-01", "2026-06-15")
        logs = self.run_job()[0]
        self.assertEqual(customer.followup_level_id, self.level_reminder)
        self.assertIn(customer, logs.partner_id)

    def test_credit_hold_refuses_confirmation(self):
        self.run_job()
        held = self.customers[100]
        product = self.env["product.product"].create({"name": "Chiller"})
        order = self.env["sale.order"].create(
            {
                "partner_id": held.id,
                "user_id": self.rep.id,
                "order_line": [
                    Command.create({"product_id": product.id, "price_unit": 10})
                ],
            }
        )
        self.assertIn("credit hold", order.partner_credit_warning)
        with self.assertRaisesRegex(UserError, "need an approval"):
            order.write({"state": "sale"})
        # Confirming asks the credit controllers, not the rep, to approve.
        approver = new_test_user(
            self.env,
            login="rcv_hold_approver",
            groups="sales_team.group_sale_salesman_all_leads,"
            "turbo_crm_receivable.group_credit_controller",
        )
        approved = order.copy()
        approved.with_user(self.rep).action_confirm()
        self.assertEqual(approved.state, "draft")
        self.assertEqual(approved.approval_state, "to_approve")
        with self.assertRaises(UserError):  # she sells it
            approved.with_user(self.rep).action_approve()
        approved.with_user(approver).action_approve()
        approved.with_user(self.rep).action_confirm()
        self.assertEqual(approved.state, "sale")
        with self.assertRaises(AccessError):
            held.with_user(self.rep).action_lift_credit_hold()
        held.with_user(self.controller).action_lift_credit_hold()
        self.assertFalse(held.credit_hold)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_activity_in_the_language_of_its_collector(self):
        """A summary is stored once: the job writes it in the collector's
        language, and lifting the hold, in English, still closes it."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.level_hold.update_field_translations(
            "activity_summary", {"zh_CN": "客户信用冻结：商定付款计划"}
        )
        self.rep.lang = "zh_CN"
        self.run_job()
        held = self.customers[100]
        self.assertEqual(held.activity_ids.summary, "客户信用冻结：商定付款计划")
        held.with_user(self.controller).with_context(
            lang="en_US"
        ).action_lift_credit_hold()
        self.assertFalse(held.activity_ids, "the hold's activity is done")

    def test_lifting_the_hold_goes_back_a_level_and_closes_its_activity(self):
        self.run_job()
        held = self.customers[100]
        hold_activity = held.activity_ids
        self.assertEqual(hold_activity.summary, self.level_hold.activity_summary)
        held.with_user(self.controller).action_lift_credit_hold()
        self.assertFalse(held.credit_hold)
        self.assertEqual(
            held.followup_level_id,
            self.level_letter,
            "back to the last level before the hold",
        )
        self.assertFalse(held.activity_ids, "the hold's activity is done")
        self.assertFalse(hold_activity.exists())
        done = held.message_ids.filtered(
            lambda m: m.mail_activity_type_id == self.level_hold.activity_type_id
        )
        self.assertIn("Credit hold lifted.", done[:1].body)
        # The job does not put the hold back in this spell...
        with freeze_time("2026-07-10"):
            logs = self.run_job()[0]
        self.assertNotIn(held, logs.partner_id)
        self.assertFalse(held.credit_hold)
        self.assertEqual(held.followup_level_id, self.level_letter)
        # ... but does in the next one, once everything was paid.
        self.pay(held.invoice_ids, 100_000, "2026-07-10")
        with freeze_time("2026-07-11"):
            self.run_job()
        self.assertFalse(held.followup_level_id)
        self.assertFalse(held.credit_hold_lifted)
        self.invoice(held, 500, "2026-01-01", "2026-03-01")
        with freeze_time("2026-07-12"):
            self.run_job()
        self.assertTrue(held.credit_hold)
        self.assertEqual(held.followup_level_id, self.level_hold)

    def test_credit_limit_refuses_confirmation(self):
        self.company.account_use_credit_limit = True
        self.company._create_credit_approval_rules(over_credit_limit=True)
        customer = self.customers[3]
        customer.credit_limit = 5_000  # owes 3,000
        product = self.env["product.product"].create({"name": "Chiller"})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "price_unit": 4_000})
                ],
            }
        )
        order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.approval_state, "to_approve")
        self.assertIn("exceeds its credit limit", order.approval_ids.match_reason)
        customer.credit_limit = 10_000
        order = order.copy()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_manual_run_from_the_customer(self):
        customer = self.customers[40]
        with self.assertRaises(AccessError):
            customer.with_user(self.rep).action_run_followup()
        customer.with_user(self.controller).action_run_followup()
        self.assertEqual(customer.followup_level_id, self.level_call)
        self.assertTrue(customer.followup_log_ids.manual)
        self.assertEqual(
            self.customers[10].followup_level_id.id, False, "only this one"
        )

    def test_salesperson_reads_own_collection_history(self):
        self.run_job()
        Log = self.env["receivable.followup.log"]
        self.assertEqual(len(Log.with_user(self.rep).search([])), 4)
        self.assertFalse(Log.with_user(self.other_rep).search([]))

    def test_credit_controller_configures_the_policy(self):
        menu = self.env.ref("turbo_crm_receivable.receivable_followup_policy_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.controller)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.rep)._visible_menu_ids())
        self.level_call.with_user(self.controller).delay = 35
        with self.assertRaises(AccessError):
            self.level_call.with_user(self.rep).delay = 40

    def test_level_needs_its_template(self):
        with self.assertRaisesRegex(ValidationError, "No template"):
            self.env["receivable.followup.level"].create(
                {
                    "policy_id": self.level_reminder.policy_id.id,
                    "name": "No template",
                    "delay": 15,
                    "send_email": True,
                }
            )

    def test_letter_prints(self):
        self.run_job()
        html = self.env["ir.actions.report"]._render_qweb_html(
            "turbo_crm_receivable.report_followup_letter", self.customers[70].ids
        )[0]
        self.assertIn(b"Payment Reminder", html)
        self.assertIn(self.customers[70].invoice_ids.name.encode(), html)


@tagged("post_install", "-at_install")
class TestFollowupConcurrency(BaseCase):
    """Two workers run the job at the same moment, in real, separate
    database transactions (committed, not the test cursor): the customer
    gets one reminder."""

    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(get_db_name())

    def test_two_workers_send_one_reminder(self):
        with self.db.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            partner = env["res.partner"].create(
                {
                    "name": "Concurrent Customer",
                    "is_company": True,
                    "email": "cc@example.com",
                }
            )
            move = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": "2026-01-01",
                    "invoice_date_due": "2026-01-10",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "x",
                                "quantity": 1,
                                "price_unit": 100,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
            )
            move.invoice_date_due = "2026-01-10"
            move.action_post()
            partner_id, move_id = partner.id, move.id
        cr1 = self.db.cursor()
        try:
            results = {}
            env1 = api.Environment(cr1, api.SUPERUSER_ID, {})
            # The first worker claims the customer and holds it...
            results["first"] = len(
                env1["res.partner"]
                .browse(partner_id)
                ._run_followup(today=_date("2026-01-20"))
            )

            # ...while the second, in its own transaction, runs at the same
            # moment; were it to wait for the first, it would fail here.
            with self.db.cursor() as cr2:
                cr2.execute("SET LOCAL lock_timeout = '5s'")
                env2 = api.Environment(cr2, api.SUPERUSER_ID, {})
                results["second"] = len(
                    env2["res.partner"]
                    .browse(partner_id)
                    ._run_followup(today=_date("2026-01-20"))
                )
            cr1.commit()
            cr1.close()
            self.assertEqual((results["first"], results["second"]), (1, 0))
            # Once the first has committed, a new run finds nothing to do.
            with self.db.cursor() as cr3:
                env3 = api.Environment(cr3, api.SUPERUSER_ID, {})
                again = (
                    env3["res.partner"]
                    .browse(partner_id)
                    ._run_followup(today=_date("2026-01-20"))
                )
                self.assertFalse(again)
                logs = env3["receivable.followup.log"].search(
                    [("partner_id", "=", partner_id)]
                )
                self.assertEqual(len(logs), 1)
                mails = env3["mail.mail"].search(
                    [("model", "=", "res.partner"), ("res_id", "=", partner_id)]
                )
                self.assertEqual(len(mails), 1)
        finally:
            if not cr1.closed:
                cr1.rollback()
                cr1.close()
            with self.db.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                env["receivable.followup.log"].search(
                    [("partner_id", "=", partner_id)]
                ).unlink()
                env["mail.mail"].search(
                    [("model", "=", "res.partner"), ("res_id", "=", partner_id)]
                ).unlink()
                env["mail.message"].search(
                    [("model", "=", "res.partner"), ("res_id", "=", partner_id)]
                ).unlink()
                env["mail.activity"].search(
                    [("res_model", "=", "res.partner"), ("res_id", "=", partner_id)]
                ).unlink()
                move = env["account.move"].browse(move_id)
                move.button_draft()
                move.with_context(force_delete=True).unlink()
                env["res.partner"].browse(partner_id).unlink()


def _date(value):
    from datetime import date

    return date.fromisoformat(value)


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestPaymentPromise(ReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a = cls.customer("Promise Customer")
        cls.invoice_a = cls.invoice(cls.customer_a, 5_000, "2026-05-01", "2026-06-10")
        cls.Partner = cls.env["res.partner"]
        cls.Promise = cls.env["receivable.payment.promise"]
        cls.level_reminder = cls.env.ref("turbo_crm_receivable.followup_level_reminder")
        cls.level_call = cls.env.ref("turbo_crm_receivable.followup_level_call")

    def promise(self, date):
        return self.Promise.with_user(self.rep).create(
            {
                "partner_id": self.customer_a.id,
                "move_ids": [Command.set(self.invoice_a.ids)],
                "promised_date": date,
            }
        )

    def test_amount_defaults_to_what_is_owed(self):
        self.assertEqual(self.promise("2026-07-10").amount, 5_000)

    def test_open_promise_holds_the_follow_up(self):
        self.promise("2026-07-10")
        self.Partner._cron_receivable_followup()
        self.assertFalse(self.customer_a.followup_level_id)

    def test_kept_promise(self):
        promise = self.promise("2026-07-10")
        self.pay(self.invoice_a, 5_000, "2026-07-05")
        with freeze_time("2026-07-06"):
            self.Partner._cron_receivable_followup()
        self.assertEqual(promise.state, "kept")
        self.assertFalse(self.customer_a.followup_level_id)

    def test_broken_promise_escalates_one_level(self):
        self.Partner._cron_receivable_followup()  # 20 days late: reminder
        self.assertEqual(self.customer_a.followup_level_id, self.level_reminder)
        promise = self.promise("2026-07-03")
        self.pay(self.invoice_a, 1_000, "2026-07-02")  # not what was promised
        with freeze_time("2026-07-04"):  # 24 days late: still the reminder...
            logs = self.Partner._cron_receivable_followup()
        self.assertEqual(promise.state, "broken")
        # ...but the broken promise raises the customer to the next level.
        self.assertEqual(self.customer_a.followup_level_id, self.level_call)
        self.assertEqual(logs.level_id, self.level_call)
        with freeze_time("2026-07-04"):
            self.assertFalse(self.Partner._cron_receivable_followup())

    def test_invoices_must_be_the_customers(self):
        other = self.customer("Promise Other")
        theirs = self.invoice(other, 100, "2026-05-01", "2026-06-01")
        with self.assertRaisesRegex(ValidationError, theirs.name):
            self.Promise.create(
                {
                    "partner_id": self.customer_a.id,
                    "move_ids": [Command.set(theirs.ids)],
                    "promised_date": "2026-07-10",
                }
            )

    def test_other_salesperson_cannot_see_the_promise(self):
        promise = self.promise("2026-07-10")
        self.assertFalse(
            self.Promise.with_user(self.other_rep).search([("id", "=", promise.id)])
        )
