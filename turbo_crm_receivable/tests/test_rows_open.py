# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.tests import tagged

from .common import ReceivableCommon


@tagged("post_install", "-at_install")
class TestReportRowsOpen(ReceivableCommon):
    """A click on a row of the collection reports opens what it is about."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env["res.partner"])
        cls.buyer = cls.customer("Rows Overdue Customer")
        cls.move = cls.invoice(
            cls.buyer, 3_000, today - timedelta(days=60), today - timedelta(days=40)
        )

    def assert_row_opens(self, model, method, record):
        arch = self.env[model].get_views([(False, "list")])["views"]["list"]["arch"]
        root = etree.fromstring(arch)
        self.assertEqual((root.get("action"), root.get("type")), (method, "object"))
        row = (
            self.env[model]
            .with_user(self.controller)
            .search([("partner_id", "=", self.buyer.id)], limit=1)
        )
        self.assertTrue(row, model)
        action = getattr(row, method)()
        if record:
            self.assertEqual((action["res_model"], action["res_id"]), record)
        else:
            self.assertEqual(
                self.env[action["res_model"]].search(action["domain"]).partner_id,
                self.buyer,
            )

    def test_aging_by_customer_row_opens_its_items(self):
        self.assert_row_opens("receivable.aging.customer", "action_open_items", None)

    def test_aging_item_opens_its_invoice(self):
        self.assert_row_opens(
            "receivable.aging.report",
            "action_open_move",
            ("account.move", self.move.id),
        )

    def test_cash_in_row_opens_its_invoice(self):
        self.assert_row_opens(
            "receivable.cash.in.forecast",
            "action_open_document",
            ("account.move", self.move.id),
        )

    def test_log_row_opens_the_customer(self):
        self.buyer._run_followup()
        self.assert_row_opens(
            "receivable.followup.log",
            "action_open_partner",
            ("res.partner", self.buyer.id),
        )
