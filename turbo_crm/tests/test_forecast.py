# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestForecastSnapshot(TurboCrmDealCommon):
    """February 2026, for the team's rep: commit 100,000 at 80%, best case
    50,000 at 50%, pipeline 20,000 at 10%, and 30,000 already won."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_rep = new_test_user(
            cls.env, login="turbo_forecast_rep", groups="sales_team.group_sale_salesman"
        )
        Lead = cls.env["crm.lead"]
        common = {
            "type": "opportunity",
            "team_id": cls.team.id,
            "user_id": cls.user_salesman.id,
            "stage_id": cls.stage_new.id,
            "date_deadline": "2026-02-20",
        }
        cls.commit, cls.best, cls.pipeline, cls.won, cls.others = Lead.create(
            [
                {
                    **common,
                    "name": "Commit",
                    "expected_revenue": 100_000,
                    "probability": 80,
                },
                {
                    **common,
                    "name": "Best",
                    "expected_revenue": 50_000,
                    "probability": 50,
                },
                {
                    **common,
                    "name": "Pipe",
                    "expected_revenue": 20_000,
                    "probability": 10,
                },
                {
                    **common,
                    "name": "Won",
                    "expected_revenue": 30_000,
                    "probability": 90,
                },
                {
                    **common,
                    "name": "Theirs",
                    "user_id": cls.other_rep.id,
                    "expected_revenue": 40_000,
                    "probability": 75,
                },
            ]
        )
        cls._win(cls.won, "2026-02-03 10:00:00")
        cls.Snapshot = cls.env["crm.forecast.snapshot"]

    @classmethod
    def _win(cls, lead, closed):
        cls.qualify(lead)
        lead.stage_id = cls.stage_won
        lead.date_closed = closed

    def _mine(self, snapshots, period_type="month"):
        return snapshots.filtered(
            lambda s: s.user_id == self.user_salesman and s.period_type == period_type
        )

    def test_categories_follow_probability(self):
        self.assertEqual(
            (self.commit | self.best | self.pipeline | self.won).mapped(
                "forecast_category"
            ),
            ["commit", "best_case", "pipeline", "closed"],
        )

    def test_snapshot_amounts(self):
        snapshots = self.Snapshot._take_snapshots(today=date(2026, 2, 4))
        month = self._mine(snapshots)
        self.assertEqual(len(month), 1)
        self.assertEqual(month.week_start, date(2026, 2, 2))
        self.assertEqual(month.period_start, date(2026, 2, 1))
        self.assertEqual(month.period_end, date(2026, 2, 28))
        self.assertEqual(month.period_week, 1)
        self.assertEqual(month.team_id, self.team)
        self.assertEqual(month.commit_amount, 100_000)
        self.assertEqual(month.best_case_amount, 50_000)
        self.assertEqual(month.pipeline_amount, 20_000)
        self.assertEqual(month.closed_amount, 30_000)
        self.assertEqual(month.forecast_amount, 130_000)
        self.assertEqual(month.weighted_amount, 30_000 + 80_000 + 25_000 + 2_000)
        quarter = self._mine(snapshots, "quarter")
        self.assertEqual(
            (quarter.period_start, quarter.period_end),
            (date(2026, 1, 1), date(2026, 3, 31)),
        )
        self.assertEqual(quarter.forecast_amount, 130_000)
        theirs = snapshots.filtered(lambda s: s.user_id == self.other_rep)
        self.assertEqual(theirs.mapped("commit_amount"), [40_000, 40_000])

    def test_twice_in_a_week_writes_once(self):
        first = self.Snapshot._take_snapshots(today=date(2026, 2, 4))
        self.assertTrue(first)
        self.best.probability = 90  # the pipeline moves during the week...
        again = self.Snapshot._take_snapshots(today=date(2026, 2, 6))
        self.assertFalse(again)
        week = self.Snapshot.search([("week_start", "=", date(2026, 2, 2))])
        self.assertEqual(week, first)
        self.assertEqual(
            self._mine(week).commit_amount, 100_000
        )  # ...the snapshot stays
        next_week = self.Snapshot._take_snapshots(today=date(2026, 2, 9))
        self.assertEqual(self._mine(next_week).commit_amount, 150_000)
        self.assertEqual(self._mine(next_week).period_week, 2)

    def test_a_second_worker_cannot_duplicate_a_snapshot(self):
        snapshot = self._mine(self.Snapshot._take_snapshots(today=date(2026, 2, 4)))
        values = snapshot.copy_data()[0]
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.Snapshot.create(values)

    def test_accuracy_arithmetic(self):
        accuracy = self.Snapshot._accuracy
        self.assertEqual(accuracy(100, 100), 100)
        self.assertEqual(accuracy(80, 100), 80)
        self.assertEqual(accuracy(130, 100), 70)
        self.assertEqual(accuracy(300, 100), 0)
        self.assertEqual(accuracy(0, 0), 100)
        self.assertEqual(accuracy(10, 0), 0)

    def test_closed_period_gets_won_amount_and_accuracy(self):
        february = self._mine(self.Snapshot._take_snapshots(today=date(2026, 2, 4)))
        self._win(self.commit, "2026-02-25 16:00:00")
        self._win(self.best, "2026-03-02 09:00:00")  # too late for February
        self.Snapshot._take_snapshots(today=date(2026, 2, 26))
        self.assertFalse(february.period_closed)
        self.Snapshot._take_snapshots(today=date(2026, 3, 2))
        self.assertTrue(february.period_closed)
        self.assertEqual(february.won_amount, 130_000)
        self.assertEqual(february.accuracy, 100)
        late = self.Snapshot.search(
            [
                ("user_id", "=", self.user_salesman.id),
                ("week_start", "=", date(2026, 2, 23)),
                ("period_type", "=", "month"),
            ]
        )
        self.assertEqual(late.forecast_amount, 130_000)
        self.assertEqual(late.accuracy, 100)
        quarter = self._mine(february | self.Snapshot.search([]), "quarter")
        self.assertFalse(any(quarter.mapped("period_closed")))

    def test_forecast_by_month_and_category(self):
        groups = self.env["crm.lead"]._read_group(
            [("user_id", "=", self.user_salesman.id), ("date_deadline", "!=", False)],
            ["date_deadline:month", "forecast_category"],
            ["expected_revenue:sum", "prorated_revenue:sum"],
        )
        by_category = {
            category: (amount, weighted) for _m, category, amount, weighted in groups
        }
        self.assertEqual(by_category["commit"], (100_000, 80_000))
        self.assertEqual(by_category["best_case"], (50_000, 25_000))

    def test_access(self):
        self.Snapshot._take_snapshots(today=date(2026, 2, 4))
        mine = self.Snapshot.with_user(self.user_salesman).search([])
        self.assertEqual(mine.user_id, self.user_salesman)
        everyone = self.Snapshot.with_user(self.user_sales_manager).search([])
        self.assertLessEqual(self.user_salesman | self.other_rep, everyone.user_id)
        with self.assertRaises(AccessError):
            mine[:1].with_user(self.user_salesman).commit_amount = 1
        with self.assertRaises(AccessError):
            self.Snapshot.with_user(self.user_salesman).action_take_snapshot()
        with self.assertRaises(AccessError):
            mine.with_user(self.user_salesman).unlink()
