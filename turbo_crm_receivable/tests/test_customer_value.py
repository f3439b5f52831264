# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common import ReceivableCommon

DAY = date(2031, 6, 30)


@tagged("post_install", "-at_install")
class TestCustomerValueReceivables(ReceivableCommon):
    """The receivable indicators, on invoices counted by hand:

    - Prompt: 1,000 invoiced on 1 May, paid on 11 May (10 days); 3,000 on
      1 June, paid 1,000 on 21 June and 2,000 on 1 July... after the run:
      open, not due (due 31 July). Overdue ratio 0 %, days to pay 10.
    - Late: 2,000 due 31 May, open; 2,000 due 31 July, open: 50 % overdue;
      1,000 invoiced 1 April, paid 31 May (60 days).
    - Silent: no invoice: no data for either.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prompt, cls.late, cls.silent = (
            cls.customer(name, customer_segment="individual", customer_rank=1)
            for name in ("Value Prompt", "Value Late", "Value Silent")
        )
        paid = cls.invoice(cls.prompt, 1000, date(2031, 5, 1), date(2031, 5, 31))
        cls.pay(paid, 1000, date(2031, 5, 11))
        partly = cls.invoice(cls.prompt, 3000, date(2031, 6, 1), date(2031, 7, 31))
        cls.pay(partly, 1000, date(2031, 6, 21))
        cls.invoice(cls.late, 2000, date(2031, 5, 1), date(2031, 5, 31))
        cls.invoice(cls.late, 2000, date(2031, 6, 1), date(2031, 7, 31))
        old = cls.invoice(cls.late, 1000, date(2031, 4, 1), date(2031, 4, 30))
        cls.pay(old, 1000, date(2031, 5, 31))
        cls.model = cls.env["crm.customer.value.model"].create(
            {
                "name": "Individuals by payment",
                "customer_segment": "individual",
                "indicator_ids": [
                    Command.create(
                        {
                            "indicator": "overdue_ratio",
                            "direction": "lower",
                            "normalisation": "minmax",
                            "weight": 50,
                        }
                    ),
                    Command.create(
                        {
                            "indicator": "days_to_pay",
                            "direction": "lower",
                            "normalisation": "minmax",
                            "weight": 50,
                        }
                    ),
                ],
            }
        )

    def test_overdue_ratio_and_days_to_pay(self):
        self.model._compute_scores(DAY)
        snapshots = self.env["crm.customer.value.snapshot"].search(
            [("model_id", "=", self.model.id), ("date", "=", DAY)]
        )
        lines = {
            (s.partner_id, li.indicator_id.indicator): li
            for s in snapshots
            for li in s.line_ids
        }
        self.assertEqual(lines[self.prompt, "overdue_ratio"].raw_value, 0.0)
        self.assertFalse(lines[self.prompt, "overdue_ratio"].note)
        self.assertEqual(lines[self.late, "overdue_ratio"].raw_value, 50.0)
        self.assertEqual(lines[self.silent, "overdue_ratio"].note, "no_data")
        self.assertEqual(lines[self.prompt, "days_to_pay"].raw_value, 10.0)
        self.assertEqual(lines[self.late, "days_to_pay"].raw_value, 60.0)
        self.assertEqual(lines[self.silent, "days_to_pay"].note, "no_data")
        self.assertEqual(lines[self.late, "days_to_pay"].raw_value_display, "60 days")
        # Lower is better: the prompt payer takes all the points.
        score = {s.partner_id: s.score for s in snapshots}
        self.assertEqual(score[self.prompt], 100.0)
        self.assertEqual(score[self.late], 0.0)
        self.assertEqual(score[self.silent], 0.0)
