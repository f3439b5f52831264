# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFollowupTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env,
            login="rcv_tour_controller",
            name="Tour Credit Controller",
            groups="turbo_crm_receivable.group_credit_controller",
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Tour Overdue Customer",
                "is_company": True,
                "email": "ap@tour-overdue.example.com",
                "collector_id": cls.controller.id,
            }
        )
        today = fields.Date.context_today(cls.env["res.partner"])
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "invoice_date": today - timedelta(days=70),
                "invoice_date_due": today - timedelta(days=40),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Chiller overhaul", "quantity": 1, "price_unit": 8_000}
                    )
                ],
            }
        )
        cls.invoice.invoice_date_due = today - timedelta(days=40)
        cls.invoice.action_post()
        # Committed, then read by someone: the customer's aging row is there.
        cls.env.cr.flush()
        cls.env["receivable.aging.customer"].search([])

    def test_followup_tour(self):
        self.start_tour(
            f"/odoo/contacts/{self.customer.id}",
            "turbo_crm_receivable_followup_tour",
            login="rcv_tour_controller",
        )
        call = self.env.ref("turbo_crm_receivable.followup_level_call")
        self.assertEqual(self.customer.followup_level_id, call)
        [log] = self.customer.followup_log_ids
        self.assertTrue(log.manual)
        self.assertEqual(log.move_ids, self.invoice)
        self.assertEqual(self.customer.activity_ids.user_id, self.controller)

    def test_aging_by_customer_tour(self):
        self.start_tour(
            "/odoo/action-turbo_crm_receivable.receivable_aging_customer_action",
            "turbo_crm_receivable_aging_tour",
            login="rcv_tour_controller",
        )
