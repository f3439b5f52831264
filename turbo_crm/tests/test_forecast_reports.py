# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.tests import new_test_user, tagged

from .common import TurboCrmDealCommon
from .search_defaults import action_default_domain


@tagged("post_install", "-at_install")
class TestForecastReports(TurboCrmDealCommon):
    """The figures the three forecast reports open on, as a sales manager
    sees them: each report's default filters, combined as the web client
    combines them, on opportunities and snapshots whose sums are worked out
    by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep_b = new_test_user(
            cls.env, login="turbo_report_rep_b", groups="sales_team.group_sale_salesman"
        )
        cls.rep_c = new_test_user(
            cls.env, login="turbo_report_rep_c", groups="sales_team.group_sale_salesman"
        )
        cls.reps = cls.user_salesman | cls.rep_b | cls.rep_c
        cls.Lead = cls.env["crm.lead"]
        cls.Snapshot = cls.env["crm.forecast.snapshot"]

    @classmethod
    def _lead(cls, name, user, revenue, probability, deadline):
        return cls.Lead.create(
            {
                "name": name,
                "type": "opportunity",
                "team_id": cls.team.id,
                "user_id": user.id,
                "stage_id": cls.stage_new.id,
                "expected_revenue": revenue,
                "probability": probability,
                "date_deadline": deadline,
            }
        )

    @classmethod
    def _win(cls, lead, closed):
        cls.qualify(lead)
        lead.stage_id = cls.stage_won
        lead.date_closed = closed

    def _sums(self, xmlid, fields, extra_domain, today=None):
        domain, context = action_default_domain(
            self.env(user=self.user_sales_manager), xmlid, today=today
        )
        model = self.env[self.env.ref(xmlid).res_model].with_user(
            self.user_sales_manager
        )
        [sums] = model.with_context(**context)._read_group(
            domain + extra_domain, [], [f"{field}:sum" for field in fields]
        )
        return sums

    def test_accuracy_opens_on_first_snapshot_against_won(self):
        """First quarter 2026, snapshots on 5 and 12 January and 4 February.
        Rep A: commit 100,000 and 30,000 won from the start (forecast
        130,000), wins the commit in March: 130,000 won. Rep B: commit 40,000
        throughout, never won. Rep C's only deal (commit 60,000) comes in
        February and is won in March: his first snapshot is in week 5.
        Opening figures: forecast 130 + 40 + 60 = 230,000 against 130 + 0 +
        60 = 190,000 won, each snapshot key counted once."""
        commit = self._lead("A commit", self.user_salesman, 100_000, 80, "2026-02-20")
        won = self._lead("A won", self.user_salesman, 30_000, 90, "2026-01-20")
        self._win(won, "2026-01-02 10:00:00")
        self._lead("B commit", self.rep_b, 40_000, 80, "2026-03-20")
        self.Snapshot._take_snapshots(today=date(2026, 1, 5))
        self.Snapshot._take_snapshots(today=date(2026, 1, 12))
        late = self._lead("C commit", self.rep_c, 60_000, 80, "2026-03-10")
        self.Snapshot._take_snapshots(today=date(2026, 2, 4))
        self._win(commit, "2026-03-10 10:00:00")
        self._win(late, "2026-03-12 10:00:00")
        self.Snapshot._take_snapshots(today=date(2026, 4, 6))

        quarter = [
            ("period_start", "=", "2026-01-01"),
            ("user_id", "in", self.reps.ids),
        ]
        snapshots = self.Snapshot.search(quarter + [("period_type", "=", "quarter")])
        self.assertEqual(len(snapshots), 3 + 3 + 1)
        self.assertTrue(all(snapshots.mapped("period_closed")))
        first = self.Snapshot.search(
            quarter
            + [("period_type", "=", "quarter"), ("is_first_of_period", "=", True)]
        )
        self.assertEqual(
            sorted(first.mapped(lambda s: (s.user_id.login, s.week_start))),
            [
                ("turbo_rep", date(2026, 1, 5)),
                ("turbo_report_rep_b", date(2026, 1, 5)),
                ("turbo_report_rep_c", date(2026, 2, 2)),
            ],
        )
        self.assertEqual(first.mapped("is_first_of_period"), [True] * 3)
        self.assertEqual((snapshots - first).mapped("is_first_of_period"), [False] * 4)
        forecast, won_amount = self._sums(
            "turbo_crm.crm_forecast_snapshot_action_accuracy",
            ["forecast_amount", "won_amount"],
            quarter,
        )
        self.assertEqual(forecast, 230_000)
        self.assertEqual(won_amount, 190_000)

    def test_forecast_by_category_opens_on_open_pipeline_and_quarter_won(self):
        """On 10 February 2026: every open deal counts, whenever it is
        expected to close (one slipped to December 2025, one next year), and
        the deals won this quarter; a deal won last quarter does not."""
        today = date(2026, 2, 10)
        leads = (
            self._lead("Commit", self.user_salesman, 100_000, 80, "2026-02-20")
            | self._lead("Best", self.user_salesman, 50_000, 50, "2026-03-20")
            | self._lead("Slipped", self.user_salesman, 20_000, 10, "2025-12-15")
            | self._lead("Next year", self.rep_b, 70_000, 85, "2027-01-15")
        )
        won_now = self._lead("Won now", self.user_salesman, 30_000, 90, "2026-01-20")
        self._win(won_now, "2026-02-03 10:00:00")
        won_before = self._lead("Won Q4", self.rep_b, 45_000, 90, "2025-11-20")
        self._win(won_before, "2025-11-25 10:00:00")
        leads |= won_now | won_before

        domain, _context = action_default_domain(
            self.env(user=self.user_sales_manager),
            "turbo_crm.crm_lead_action_forecast_category",
            today=today,
        )
        groups = self.Lead.with_user(self.user_sales_manager)._read_group(
            domain + [("id", "in", leads.ids)],
            ["forecast_category"],
            ["expected_revenue:sum"],
        )
        self.assertEqual(
            dict(groups),
            {
                "commit": 100_000 + 70_000,
                "best_case": 50_000,
                "pipeline": 20_000,
                "closed": 30_000,
            },
        )

    def test_trend_fills_every_week(self):
        """Snapshots on 5 and 26 January: the trend has the four weeks from
        5 to 26 January, the two in between empty, not a line from the
        first to the last."""
        self._lead("Commit", self.user_salesman, 100_000, 80, "2026-02-20")
        self.Snapshot._take_snapshots(today=date(2026, 1, 5))
        self.Snapshot._take_snapshots(today=date(2026, 1, 26))
        domain, context = action_default_domain(
            self.env(user=self.user_sales_manager),
            "turbo_crm.crm_forecast_snapshot_action_trend",
        )
        # The graph view asks for fill_temporal unless the action says not to.
        graph_context = {"fill_temporal": True, **context}
        groups = (
            self.Snapshot.with_user(self.user_sales_manager)
            .with_context(**graph_context)
            .web_read_group(
                domain
                + [
                    ("user_id", "=", self.user_salesman.id),
                    ("week_start", ">=", "2026-01-01"),
                    ("week_start", "<", "2026-02-01"),
                ],
                ["forecast_amount:sum"],
                ["week_start:week"],
            )["groups"]
        )
        self.assertEqual(
            [group["forecast_amount"] for group in groups],
            [100_000, 0, 0, 100_000],
        )

    def test_trend_measures_have_distinct_names(self):
        """No measure of the trend is named by part of another's name
        (Won and Won So Far could not be told apart)."""
        fields = self.Snapshot.fields_get(attributes=["string", "type"])
        labels = [
            field["string"]
            for field in fields.values()
            if field["type"] in ("monetary", "float")
        ]
        self.assertEqual(len(labels), len(set(labels)))
        for label in labels:
            for other in labels:
                if other != label:
                    self.assertFalse(
                        other.lower().startswith(label.lower() + " "),
                        f"{label!r} and {other!r} read alike",
                    )

    def test_snapshot_of_a_past_week_leaves_out_later_wins(self):
        """Snapshots taken for 5 and 19 January of a quarter whose only deal,
        30,000, was won on 12 January: nothing was won by the 5th (no
        snapshot), 30,000 by the 19th, and 30,000 won once the quarter
        closed."""
        won = self._lead("Won", self.user_salesman, 30_000, 90, "2026-01-20")
        self._win(won, "2026-01-12 10:00:00")
        self.Snapshot._take_snapshots(today=date(2026, 1, 5))
        self.Snapshot._take_snapshots(today=date(2026, 1, 19))
        self.Snapshot._take_snapshots(today=date(2026, 4, 6))
        snapshots = self.Snapshot.search(
            [
                ("user_id", "=", self.user_salesman.id),
                ("period_type", "=", "quarter"),
                ("period_start", "=", "2026-01-01"),
            ],
            order="week_start",
        )
        self.assertEqual(snapshots.mapped("week_start"), [date(2026, 1, 19)])
        self.assertEqual(snapshots.closed_amount, 30_000)
        self.assertEqual(snapshots.won_amount, 30_000)
