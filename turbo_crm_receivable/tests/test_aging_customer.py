# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import contextlib
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, api, sql_db
from odoo.exceptions import AccessError
from odoo.tests import BaseCase, new_test_user, tagged
from odoo.tests.common import get_db_name

from ..models import receivable_aging_customer as aging_customer
from ..models.receivable_aging_customer import ReceivableAgingCustomer
from .common import ReceivableCommon


class RollBack(Exception):
    pass


MEASURES = [
    "amount_residual",
    "amount_not_due",
    "amount_1_30",
    "amount_31_60",
    "amount_61_90",
    "amount_91_180",
    "amount_180_plus",
    "amount_overdue",
]


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30 12:00:00")
class TestAgingCustomer(ReceivableCommon):
    """Aging by customer is kept by the addon: every posting, payment or
    reset shows in the customer's row before anyone reads it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.metro = cls.customer("Aged Metro")
        cls.due_today = cls.invoice(cls.metro, 1_000, "2026-06-01", "2026-06-30")
        partly_paid = cls.invoice(cls.metro, 2_000, "2026-05-11", "2026-06-10")
        cls.pay(partly_paid, 500, "2026-06-20")
        cls.invoice(cls.metro, 300, "2026-06-25", "2026-06-25", move_type="out_refund")
        cls.invoice(cls.metro, 3_000, "2026-03-21", "2026-04-20")
        cls.invoice(cls.metro, 500, "2025-11-01", "2025-12-01")
        cls.other = cls.customer("Aged Other", user=cls.other_rep)
        cls.other_invoice = cls.invoice(cls.other, 900, "2026-05-01", "2026-05-31")
        cls.Aging = cls.env["receivable.aging.customer"]
        # What a commit does at the end of the transaction that posted them.
        cls.env.cr.flush()

    def row(self, partner, Aging=None):
        return (Aging or self.Aging).search([("partner_id", "=", partner.id)])

    def amounts(self, partner):
        row = self.row(partner)
        return row and [row[measure] for measure in MEASURES]

    def test_row_is_the_sum_of_the_items(self):
        row = self.row(self.metro)
        self.assertEqual(row.date, date(2026, 6, 30))
        self.assertEqual(row.item_count, 5)
        self.assertEqual(row.days_overdue, 211)
        self.assertEqual(
            self.amounts(self.metro), [5_700, 1_000, 1_200, 0, 3_000, 0, 500, 4_700]
        )
        [items] = self.env["receivable.aging.report"]._read_group(
            [("partner_id", "=", self.metro.id)],
            [],
            [f"{measure}:sum" for measure in MEASURES],
        )
        self.assertEqual(list(items), self.amounts(self.metro))

    def test_a_payment_shows_at_once(self):
        self.pay(self.due_today, 1_000, "2026-06-30")
        self.assertEqual(
            self.amounts(self.metro), [4_700, 0, 1_200, 0, 3_000, 0, 500, 4_700]
        )

    def queued(self):
        self.env.cr.execute("SELECT partner_id FROM receivable_aging_queue")
        return {row[0] for row in self.env.cr.fetchall()}

    def test_a_commit_queues_the_customer_for_the_next_reader(self):
        """A transaction that pays only queues the customer as it commits
        (no write on the row that another payment could conflict with); the
        next reader applies the queue."""
        self.pay(self.due_today, 400, "2026-06-30")
        self.env.cr.flush()
        self.assertIn(self.metro.id, self.queued())
        self.assertEqual(self.row(self.metro).amount_not_due, 600)
        self.assertNotIn(self.metro.id, self.queued())

    def test_a_rolled_back_savepoint_loses_nothing(self):
        self.assertEqual(self.row(self.metro).amount_not_due, 1_000)
        self.assertFalse(self.queued())
        self.pay(self.due_today, 400, "2026-06-30")
        for flush in (False, True):
            with self.subTest(flush=flush):
                with (
                    contextlib.suppress(RollBack),
                    self.env.cr.savepoint(flush=flush),
                ):
                    self.assertEqual(self.row(self.metro).amount_not_due, 600)
                    raise RollBack
                self.env.invalidate_all()
                self.assertEqual(self.row(self.metro).amount_not_due, 600)

    def test_deleting_posted_items(self):
        """Bank statement lines delete posted items with force_delete."""
        newcomer = self.customer("Aged Deleted")
        move = self.invoice(newcomer, 800, "2026-06-15", "2026-07-15")
        self.assertTrue(self.row(newcomer))
        move.with_context(force_delete=True).unlink()
        self.assertFalse(self.row(newcomer))

    def test_merging_customers(self):
        """Odoo's merge moves the journal items to the kept contact in SQL."""
        twin = self.customer("Aged Metro Twin")
        self.invoice(twin, 800, "2026-06-15", "2026-07-15")
        self.assertTrue(self.row(twin))
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (twin | self.metro).ids, self.metro, extra_checks=False
        )
        self.assertFalse(self.row(twin))
        self.assertEqual(self.row(self.metro).amount_not_due, 1_000 + 800)

    def test_an_account_becoming_receivable(self):
        newcomer = self.customer("Aged Other Account")
        account = self.env["account.account"].create(
            {
                "name": "Retention receivable",
                "code": "TURBO1",
                "account_type": "asset_current",
                "reconcile": True,
            }
        )
        income = self.env["account.account"].search(
            [
                ("account_type", "=", "income"),
                ("company_ids", "in", self.company.id),
            ],
            limit=1,
        )
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2026-06-01",
                "line_ids": [
                    Command.create(
                        {
                            "account_id": account.id,
                            "partner_id": newcomer.id,
                            "debit": 250,
                            "date_maturity": "2026-06-20",
                        }
                    ),
                    Command.create({"account_id": income.id, "credit": 250}),
                ],
            }
        )
        entry.action_post()
        self.assertFalse(self.row(newcomer))
        account.account_type = "asset_receivable"
        self.assertEqual(self.amounts(newcomer), [250, 0, 250, 0, 0, 0, 0, 250])

    def test_posting_and_resetting_an_invoice(self):
        newcomer = self.customer("Aged Newcomer")
        self.assertFalse(self.row(newcomer))
        move = self.invoice(newcomer, 800, "2026-06-15", "2026-07-15")
        self.assertEqual(self.amounts(newcomer), [800, 800, 0, 0, 0, 0, 0, 0])
        move.button_draft()
        self.assertFalse(self.row(newcomer))
        move.action_post()
        self.assertEqual(self.row(newcomer).amount_not_due, 800)
        move.button_cancel()
        self.assertFalse(self.row(newcomer))

    def test_a_customer_who_pays_everything_leaves(self):
        self.pay(self.other_invoice, 900, "2026-06-30")
        self.assertFalse(self.row(self.other))
        self.assertTrue(self.row(self.metro))

    def test_unmatched_credit_pays_the_oldest_items_first(self):
        """As on the customer's form: a credit note or payment not matched
        yet is set against the oldest items, and a customer who owes
        nothing is not late."""
        self.invoice(self.other, 200, "2026-04-01", "2026-04-30")
        self.assertEqual(self.row(self.other).days_overdue, 61)
        self.invoice(
            self.other, 250, "2026-06-25", "2026-06-25", move_type="out_refund"
        )
        row = self.row(self.other)
        self.assertEqual(row.days_overdue, 30, "the April invoice is covered")
        self.assertEqual(row.amount_residual, 850)
        self.invoice(
            self.other, 850, "2026-06-26", "2026-06-26", move_type="out_refund"
        )
        row = self.row(self.other)
        self.assertEqual(row.amount_residual, 0)
        self.assertEqual(row.days_overdue, 0)

    def test_a_new_day_ages_every_row(self):
        with freeze_time("2026-07-15 12:00:00"):
            row = self.row(self.metro)
            self.assertEqual(row.date, date(2026, 7, 15))
            self.assertEqual(row.amount_1_30, 1_000 - 300)  # due 06-30 and the note
            self.assertEqual(row.amount_31_60, 1_500)
            self.assertEqual(row.amount_61_90, 3_000)
            self.assertEqual(row.amount_180_plus, 500)
            self.assertEqual(row.days_overdue, 226)
            self.assertEqual(self.row(self.other).amount_31_60, 900)

    def test_one_day_for_every_reader(self):
        """Rows are aged on the main company's day (UTC here), not on each
        reader's: a reader already in tomorrow sees the same buckets."""
        self.rep.tz = "Asia/Shanghai"
        with freeze_time("2026-06-30 23:00:00"):
            row = self.row(self.metro, self.Aging.with_user(self.rep))
            self.assertEqual(row.date, date(2026, 6, 30))
            self.assertEqual(row.amount_not_due, 1_000)

    def test_the_daily_job_twice(self):
        with freeze_time("2026-07-01 12:00:00"):
            self.Aging._cron_age_customers()
            self.env.cr.execute(
                "SELECT COUNT(*), MIN(date) FROM receivable_aging_customer "
                "WHERE partner_id IN %s",
                [(self.metro.id, self.other.id)],
            )
            self.assertEqual(self.env.cr.fetchone(), (2, date(2026, 7, 1)))
            before = self.row(self.metro).read(MEASURES)
            self.Aging._cron_age_customers()
            self.assertEqual(self.row(self.metro).read(MEASURES), before)
            self.assertEqual(self.row(self.metro).amount_1_30, 1_000 + 1_200)

    def test_salespeople_see_their_customers(self):
        self.assertEqual(
            self.Aging.with_user(self.rep).search([]).partner_id, self.metro
        )
        self.assertEqual(
            self.Aging.with_user(self.other_rep).search([]).partner_id, self.other
        )
        everyone = self.Aging.with_user(self.controller).search([]).partner_id
        self.assertIn(self.metro, everyone)
        self.assertIn(self.other, everyone)
        portal = new_test_user(
            self.env, login="rcv_aging_portal", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            self.Aging.with_user(portal).search([])

    def test_a_new_salesperson_takes_the_line_along(self):
        self.metro.user_id = self.other_rep
        self.assertEqual(
            self.Aging.with_user(self.other_rep).search([]).partner_id,
            self.metro | self.other,
        )
        # Still its collector: collecting stays with whom it was handed to.
        self.assertEqual(self.row(self.metro).collector_id, self.rep)
        self.assertEqual(self.row(self.metro).user_id, self.other_rep)

    def test_open_the_items_of_a_customer(self):
        action = self.row(self.metro).action_open_items()
        items = self.env["receivable.aging.report"].search(action["domain"])
        self.assertEqual(len(items), 5)
        self.assertEqual(items.partner_id, self.metro)


@tagged("post_install", "-at_install")
class TestAgingCustomerConcurrency(BaseCase):
    """Two workers start the daily aging at the same moment, in real,
    separate transactions: the second leaves it to the first, without
    waiting for it."""

    def test_second_worker_leaves_it_to_the_first(self):
        db = sql_db.db_connect(get_db_name())
        cr1 = db.cursor()
        try:
            api.Environment(cr1, api.SUPERUSER_ID, {})[
                "receivable.aging.customer"
            ]._cron_age_customers()
            with patch.object(
                ReceivableAgingCustomer, "_refresh", autospec=True
            ) as refresh:
                for waits_for_nobody in (True, False):
                    if not waits_for_nobody:
                        cr1.rollback()  # the first worker is done
                    cr2 = db.cursor()
                    try:
                        cr2.execute("SET LOCAL lock_timeout = '5s'")
                        api.Environment(cr2, api.SUPERUSER_ID, {})[
                            "receivable.aging.customer"
                        ]._cron_age_customers()
                    finally:
                        cr2.rollback()
                        cr2.close()
                    self.assertEqual(refresh.call_count, 0 if waits_for_nobody else 1)
        finally:
            cr1.rollback()
            cr1.close()

    def test_two_readers_apply_the_queue_at_once(self):
        """A reader whose transaction began before another one applied the
        queue and committed reads the rows as they were, without an error."""
        db = sql_db.db_connect(get_db_name())
        with db.cursor() as cr:
            cr.execute(
                "INSERT INTO receivable_aging_queue (partner_id) "
                "SELECT partner_id FROM res_company ORDER BY id LIMIT 1 "
                "RETURNING partner_id"
            )
            [(partner_id,)] = cr.fetchall()
        late = db.cursor()
        try:
            late.execute("SELECT 1")  # its snapshot is taken
            with db.cursor() as first:
                api.Environment(first, api.SUPERUSER_ID, {})[
                    "receivable.aging.customer"
                ].search([])
            with patch.object(aging_customer._logger, "info") as info:
                api.Environment(late, api.SUPERUSER_ID, {})[
                    "receivable.aging.customer"
                ].search([("partner_id", "=", partner_id)])
            info.assert_called_once_with(
                "Aging by customer: left to a concurrent reader"
            )
        finally:
            late.rollback()
            late.close()
        with db.cursor() as cr:
            cr.execute("SELECT COUNT(*) FROM receivable_aging_queue")
            self.assertEqual(cr.fetchone()[0], 0)
