# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from requests import HTTPError

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestControllerLogsNotes(HttpCase):
    """A credit controller, who does not manage contacts, logs a note on a
    customer's chatter as the web client does; a user who may only read
    contacts still cannot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env,
            login="rcv_note_controller",
            groups="base.group_user,turbo_crm_receivable.group_credit_controller",
        )
        cls.reader = new_test_user(
            cls.env, login="rcv_note_reader", groups="base.group_user"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Note Overdue Customer", "is_company": True}
        )

    def post_note(self, login):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "res.partner",
                "thread_id": self.customer.id,
                "post_data": {
                    "body": "Promised to pay on Friday.",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_note",
                },
            },
        )

    def test_controller_logs_a_note(self):
        self.assertFalse(self.customer.with_user(self.controller).has_access("write"))
        self.authenticate("rcv_note_controller", "rcv_note_controller")
        data = self.make_jsonrpc_request(
            "/mail/thread/data",
            {
                "thread_model": "res.partner",
                "thread_id": self.customer.id,
                "request_list": ["followers", "attachments"],
            },
        )
        [thread] = [
            t
            for t in data["mail.thread"]
            if t["model"] == "res.partner" and t["id"] == self.customer.id
        ]
        self.assertTrue(thread["canPostOnReadonly"], "the chatter offers Log note")
        self.post_note("rcv_note_controller")
        note = self.customer.message_ids.filtered(
            lambda m: "Promised to pay" in str(m.body)
        )
        self.assertEqual(note.author_id, self.controller.partner_id)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))

    def test_reader_cannot_post(self):
        refused = False
        try:
            self.post_note("rcv_note_reader")
        except (JsonRpcException, HTTPError):
            refused = True
        self.assertTrue(refused, "posting needs write access on the contact")
        self.assertFalse(
            self.customer.message_ids.filtered(
                lambda m: "Promised to pay" in str(m.body)
            )
        )


@tagged("post_install", "-at_install")
class TestDemoChatterLanguage(TransactionCase):
    """The demo's invoices were posted and paid in Chinese: the chatter's
    payment status lines read in Chinese too, not in the language of
    whoever installed the addon."""

    def test_payment_status_tracked_in_chinese(self):
        # The cold-chain order's invoice (made by an addon installed before):
        # its 30% advance is paid in this addon's demo.
        invoices = self.env.ref("turbo_crm.sale_order_north_port").invoice_ids
        changes = invoices.message_ids.sudo().tracking_value_ids.filtered(
            lambda t: t.field_id.name == "payment_state"
        )
        self.assertTrue(changes, "the advance is tracked")
        chinese = dict(
            invoices._fields["payment_state"]._description_selection(
                self.env(context={"lang": "zh_CN"})
            )
        )
        self.assertEqual(changes[:1].new_value_char, chinese["partial"])
        self.assertEqual(changes[:1].old_value_char, chinese["not_paid"])
