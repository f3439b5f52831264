# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from requests import HTTPError

from odoo.tests import HttpCase, new_test_user, tagged
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
