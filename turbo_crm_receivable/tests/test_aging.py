# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.receivable_aging_measures import BUCKETS
from .common import ReceivableCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestAging(ReceivableCommon):
    """On 2026-06-30, in the company currency:

    not due   1,000 due today
    1-30      2,000 due 06-10, 500 paid          1,500
              credit note of 300 dated 06-25      -300
    61-90     3,000 due 04-20
    91-180    4,000 in the other currency at 2 = 2,000, due 01-01 (180 days)
    180+        500 due 2025-12-01
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.metro = cls.customer("Aging Metro")
        cls.invoice(cls.metro, 1_000, "2026-06-01", "2026-06-30")
        partly_paid = cls.invoice(cls.metro, 2_000, "2026-05-11", "2026-06-10")
        cls.pay(partly_paid, 500, "2026-06-20")
        cls.invoice(cls.metro, 300, "2026-06-25", "2026-06-25", move_type="out_refund")
        cls.invoice(cls.metro, 3_000, "2026-03-21", "2026-04-20")
        cls.invoice(cls.metro, 4_000, "2025-12-01", "2026-01-01", cls.other_currency)
        cls.invoice(cls.metro, 500, "2025-11-01", "2025-12-01")
        cls.paid = cls.invoice(cls.metro, 700, "2026-01-01", "2026-01-31")
        cls.pay(cls.paid, 700, "2026-02-01")
        cls.other = cls.customer("Aging Other", user=cls.other_rep)
        cls.invoice(cls.other, 900, "2026-05-01", "2026-05-31")
        cls.Report = cls.env["receivable.aging.report"]

    def buckets(self, partner, Report=None):
        groups = (Report or self.Report)._read_group(
            [("partner_id", "=", partner.id)], ["bucket"], ["amount_residual:sum"]
        )
        return dict(groups)

    def test_bucket_arithmetic(self):
        self.assertEqual(
            self.buckets(self.metro),
            {
                "not_due": 1_000,
                "1_30": 1_200,
                "61_90": 3_000,
                "91_180": 2_000,
                "180_plus": 500,
            },
        )

    def test_one_measure_per_bucket(self):
        [row] = self.Report._read_group(
            [("partner_id", "=", self.metro.id)],
            [],
            [
                "amount_not_due:sum",
                "amount_1_30:sum",
                "amount_31_60:sum",
                "amount_61_90:sum",
                "amount_91_180:sum",
                "amount_180_plus:sum",
                "amount_residual:sum",
                "amount_overdue:sum",
                "days_overdue:max",
            ],
        )
        self.assertEqual(row, (1_000, 1_200, 0, 3_000, 2_000, 500, 7_700, 6_700, 211))

    def test_bucket_edges(self):
        """Each item falls in one bucket, the same in the bucket column and
        in the measures, on both sides of every edge."""
        edges = self.customer("Aging Edges")
        expected = {
            0: "not_due",
            1: "1_30",
            30: "1_30",
            31: "31_60",
            60: "31_60",
            61: "61_90",
            90: "61_90",
            91: "91_180",
            180: "91_180",
            181: "180_plus",
        }
        today = date(2026, 6, 30)
        for days in expected:
            due = today - timedelta(days=days)
            self.invoice(edges, 1_000 + days, due - timedelta(days=30), due)
        measures = [f"amount_{bucket}" for bucket, _label in BUCKETS]
        rows = self.Report.search_read(
            [("partner_id", "=", edges.id)],
            ["days_overdue", "bucket", "amount_residual", "amount_overdue", *measures],
        )
        self.assertEqual({row["days_overdue"]: row["bucket"] for row in rows}, expected)
        for row in rows:
            self.assertEqual(row["amount_residual"], 1_000 + row["days_overdue"])
            for measure in measures:
                self.assertEqual(
                    row[measure],
                    row["amount_residual"]
                    if measure == f"amount_{row['bucket']}"
                    else 0,
                    f"{measure} of an item {row['days_overdue']} days overdue",
                )
            self.assertEqual(
                row["amount_overdue"],
                row["amount_residual"] if row["days_overdue"] else 0,
            )

    def test_open_items_have_their_index(self):
        """The aging report and the collection job read the open items from
        an index of their own, created with the addon."""
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["account_move_line_turbo_open_item_idx"],
        )
        [(definition,)] = self.env.cr.fetchall()
        self.assertIn("(partner_id) INCLUDE", definition)
        self.assertIn("reconciled IS NOT TRUE", definition)

    def test_paid_invoice_is_gone(self):
        self.assertFalse(self.Report.search([("move_id", "=", self.paid.id)]))

    def test_ageing_moves_with_the_date(self):
        with freeze_time("2026-07-15"):
            buckets = self.buckets(self.metro)
        self.assertEqual(buckets["1_30"], 1_000 - 300)  # due 06-30 and the note
        self.assertEqual(buckets["31_60"], 1_500)
        self.assertEqual(buckets["180_plus"], 2_500)  # 195 and 226 days

    def test_salesperson_sees_own_customers_only(self):
        mine = self.Report.with_user(self.rep).search([])
        self.assertEqual(mine.partner_id, self.metro)
        theirs = self.Report.with_user(self.other_rep).search([])
        self.assertEqual(theirs.partner_id, self.other)
        everything = self.Report.with_user(self.controller).search([])
        self.assertLessEqual(self.metro | self.other, everything.partner_id)

    def test_collector_sees_the_customers_in_their_care(self):
        self.other.collector_id = self.rep
        seen = self.Report.with_user(self.rep).search([]).partner_id
        self.assertEqual(seen, self.metro | self.other)

    def test_portal_user_has_no_access(self):
        with self.assertRaises(AccessError):
            self.Report.with_user(
                self.user_demo.copy(
                    {
                        "login": "rcv_no_sales",
                        "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
                    }
                )
            ).search([])

    def test_customer_amounts(self):
        self.assertEqual(self.metro.followup_amount_due, 7_700)
        self.assertEqual(self.metro.followup_amount_overdue, 6_700)
        self.assertEqual(self.metro.followup_days_overdue, 211)
        self.assertEqual(len(self.metro.followup_move_ids), 4)


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestCollectorPerformance(ReceivableCommon):
    """The rep collects from one customer: 90,000 invoiced in the last 90
    days, of which 60,000 paid; an older 10,000 is still owed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor = cls.customer("Performance Debtor")
        cls.invoice(cls.debtor, 10_000, "2026-01-10", "2026-02-10")
        first = cls.invoice(cls.debtor, 60_000, "2026-04-15", "2026-05-15")
        cls.invoice(cls.debtor, 30_000, "2026-06-01", "2026-07-01")
        cls.pay(first, 60_000, "2026-05-20")

    def test_dso_and_collections(self):
        [row] = self.env["receivable.collector.report"].search(
            [("collector_id", "=", self.rep.id)]
        )
        self.assertEqual(row.customer_count, 1)
        self.assertEqual(row.amount_due, 40_000)
        self.assertEqual(row.amount_overdue, 10_000)
        self.assertEqual(row.invoiced_amount, 90_000)
        self.assertEqual(row.collected_amount, 60_000)
        self.assertAlmostEqual(row.dso, 40_000 / 90_000 * 90, places=1)

    def test_salesperson_sees_own_book_only(self):
        Report = self.env["receivable.collector.report"]
        self.assertEqual(Report.with_user(self.rep).search([]).collector_id, self.rep)
        self.assertFalse(
            Report.with_user(self.other_rep)
            .search([])
            .filtered(lambda r: r.collector_id == self.rep)
        )
