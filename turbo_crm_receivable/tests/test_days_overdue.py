# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import ReceivableCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestDaysOverdue(ReceivableCommon):
    """On 30 June 2026 a customer owes 1,000 due on 12 December 2025 (200
    days ago) and 500 due on 20 June (10 days ago), and has paid 1,000 on
    25 June without the payment being matched yet: the December invoice is
    paid, 500 is overdue by 10 days, not 200."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor = cls.customer("Days Debtor")
        cls.december = cls.invoice(cls.debtor, 1_000, "2025-11-12", "2025-12-12")
        cls.june = cls.invoice(cls.debtor, 500, "2026-05-20", "2026-06-20")

    @classmethod
    def unmatched_payment(cls, amount, date):
        payment = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": cls.debtor.id,
                "amount": amount,
                "date": date,
            }
        )
        payment.action_post()
        return payment

    def _figures(self):
        debtor = self.debtor.with_user(self.controller)
        return (
            debtor.followup_amount_due,
            debtor.followup_amount_overdue,
            debtor.followup_days_overdue,
        )

    def test_oldest_unpaid_item_gives_the_days(self):
        self.assertEqual(self._figures(), (1_500, 1_500, 200))

    def test_unmatched_payment_settles_the_oldest_first(self):
        self.unmatched_payment(1_000, "2026-06-25")
        self.assertEqual(self._figures(), (500, 500, 10))

    def test_a_customer_who_owes_nothing_is_not_late(self):
        self.unmatched_payment(1_500, "2026-06-25")
        self.assertEqual(self._figures(), (0, 0, 0))
        # a contact reads its company's figures
        contact = self.env["res.partner"].create(
            {"name": "Days clerk", "parent_id": self.debtor.id}
        )
        self.assertEqual(contact.with_user(self.controller).followup_days_overdue, 0)
