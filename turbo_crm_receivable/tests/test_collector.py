# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.tests import Form, new_test_user, tagged

from odoo.addons.base.tests.common import TransactionCaseWithUserDemo

from .common import ReceivableCommon


@tagged("post_install", "-at_install")
class TestCollector(TransactionCaseWithUserDemo):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, login="rcv_rep", groups="sales_team.group_sale_salesman"
        )
        cls.rep2 = new_test_user(
            cls.env, login="rcv_rep2", groups="sales_team.group_sale_salesman"
        )
        cls.controller = new_test_user(
            cls.env,
            login="rcv_controller",
            groups="turbo_crm_receivable.group_credit_controller",
        )

    def test_collector_defaults_to_salesperson(self):
        partner = self.env["res.partner"].create(
            {"name": "Customer", "is_company": True, "user_id": self.rep.id}
        )
        self.assertEqual(partner.collector_id, self.rep)

    def test_collector_set_by_hand_stays(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Customer",
                "is_company": True,
                "user_id": self.rep.id,
                "collector_id": self.controller.id,
            }
        )
        self.assertEqual(partner.collector_id, self.controller)
        partner.user_id = self.rep2
        self.assertEqual(partner.collector_id, self.controller)

    def test_contacts_share_the_collector(self):
        company = self.env["res.partner"].create(
            {
                "name": "Group",
                "is_company": True,
                "user_id": self.rep.id,
                "collector_id": self.controller.id,
            }
        )
        contact = self.env["res.partner"].create(
            {"name": "Accounts payable clerk", "parent_id": company.id}
        )
        self.assertEqual(contact.collector_id, self.controller)

    def test_form_fills_the_collector_from_the_salesperson(self):
        form = Form(self.env["res.partner"])
        form.company_type = "company"
        form.name = "Form customer"
        form.user_id = self.rep
        self.assertEqual(form.collector_id, self.rep)
        form.collector_id = self.controller
        partner = form.save()
        self.assertEqual(partner.collector_id, self.controller)
        self.assertEqual(
            self.env["res.partner"].search(
                [
                    ("collector_id", "=", self.controller.id),
                    ("name", "=", "Form customer"),
                ]
            ),
            partner,
        )


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestCollectorDso(ReceivableCommon):
    """On 30 June 2026 the rep's only customer owes 50,000 invoiced on
    31 January and 30,000 invoiced on 28 February, all overdue, and nothing
    was invoiced since April: the 90-day ratio has nothing to divide by. Counting
    back, the 80,000 owed is covered from 31 January on: 150 days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor = cls.customer("Dso Debtor")
        cls.invoice(cls.debtor, 50_000, "2026-01-31", "2026-03-02")
        cls.invoice(cls.debtor, 30_000, "2026-02-28", "2026-03-30")

    def _row(self):
        return (
            self.env["receivable.collector.report"]
            .with_user(self.controller)
            .search([("collector_id", "=", self.rep.id)])
        )

    def test_all_overdue_book_counts_back(self):
        row = self._row()
        self.assertEqual(row.amount_due, 80_000)
        self.assertEqual(row.amount_overdue, 80_000)
        self.assertEqual(row.invoiced_amount, 0)
        self.assertEqual(row.dso, 150)

    def test_partly_paid_counts_back_to_the_invoice_that_covers_it(self):
        # 30,000 still owed: the February invoice alone covers it: 122 days.
        january = self.env["account.move"].search(
            [("partner_id", "=", self.debtor.id), ("amount_total", "=", 50_000)]
        )
        self.pay(january, 50_000, "2026-03-01")
        self.assertEqual(self._row().dso, 122)

    def test_a_book_that_owes_nothing_has_no_dso(self):
        for move in self.env["account.move"].search(
            [("partner_id", "=", self.debtor.id)]
        ):
            self.pay(move, move.amount_total, "2026-06-01")
        self.assertEqual(self._row().dso, 0)
