# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL, date_utils, mute_logger

from ..tools import boolean_search_domain

_logger = logging.getLogger(__name__)

PERIOD_TYPES = [("month", "Month"), ("quarter", "Quarter")]
OPEN_CATEGORIES = {
    "pipeline": "pipeline_amount",
    "best_case": "best_case_amount",
    "commit": "commit_amount",
}


class CrmForecastSnapshot(models.Model):
    """What the pipeline promised for a period, as it stood one week.

    The weekly job writes one snapshot per week, company, salesperson, sales
    team and period (the current month and quarter); a unique index makes a
    second run, even from another worker at the same moment, write nothing
    more. Once the period has closed, the job adds what was really won and
    the forecast accuracy of every snapshot of that period.
    """

    _name = "crm.forecast.snapshot"
    _description = "Forecast Snapshot"
    _order = "week_start desc, period_start, team_id, user_id"
    _rec_name = "week_start"
    _check_company_auto = True

    week_start = fields.Date(
        string="Week",
        required=True,
        readonly=True,
        index=True,
        help="Monday of the week the snapshot was taken.",
    )
    snapshot_date = fields.Date(string="Taken On", required=True, readonly=True)
    period_type = fields.Selection(PERIOD_TYPES, required=True, readonly=True)
    period_start = fields.Date(required=True, readonly=True, index=True)
    period_end = fields.Date(required=True, readonly=True)
    period_week = fields.Integer(
        string="Week of Period",
        readonly=True,
        aggregator=False,
        help="1 for a snapshot taken in the first week of the period: the "
        "forecast at the start, which the accuracy report compares with "
        "what was won.",
    )
    is_first_of_period = fields.Boolean(
        string="First Snapshot of the Period",
        compute="_compute_is_first_of_period",
        search="_search_is_first_of_period",
        help="The earliest snapshot of its salesperson and team in the period: "
        "the forecast at the start, which the accuracy report compares with "
        "what was won.",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    # No check_company on the salesperson: the job records who owned the
    # deals, and a rep who has since lost access to their company must not
    # stop the weekly job (only the job creates snapshots).
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", readonly=True, check_company=True
    )
    pipeline_amount = fields.Monetary(
        string="Pipeline",
        readonly=True,
        help="Expected revenue of the open opportunities in Pipeline.",
    )
    best_case_amount = fields.Monetary(string="Best Case", readonly=True)
    commit_amount = fields.Monetary(string="Commit", readonly=True)
    closed_amount = fields.Monetary(
        string="Won at Snapshot",
        readonly=True,
        help="Expected revenue of the opportunities already won in the period "
        "when the snapshot was taken.",
    )
    weighted_amount = fields.Monetary(
        string="Weighted",
        readonly=True,
        help="Won so far plus the open expected revenue weighted by probability.",
    )
    forecast_amount = fields.Monetary(
        string="Forecast",
        readonly=True,
        help="Won at snapshot plus Commit: what the salesperson commits to.",
    )
    period_closed = fields.Boolean(readonly=True)
    won_amount = fields.Monetary(
        string="Won in Period",
        readonly=True,
        help="Expected revenue of the opportunities won in the period, known "
        "once the period has closed.",
    )
    accuracy = fields.Float(
        string="Accuracy (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="100% when the forecast equals what was won; lower by the gap as "
        "a share of what was won, never below 0.",
    )

    def init(self):
        tools.create_unique_index(
            self.env.cr,
            "crm_forecast_snapshot_unique_week",
            self._table,
            [
                "week_start",
                "period_type",
                "period_start",
                "company_id",
                "COALESCE(user_id, 0)",
                "COALESCE(team_id, 0)",
            ],
        )

    @api.depends("week_start", "user_id.name", "team_id.name")
    def _compute_display_name(self):
        for snapshot in self:
            who = (
                snapshot.user_id.name
                or snapshot.team_id.name
                or self.env._("Unassigned")
            )
            snapshot.display_name = f"{who} {snapshot.week_start}"

    def _period_key(self):
        return (
            self.period_type,
            self.period_start,
            self.company_id.id,
            self.user_id.id,
            self.team_id.id,
        )

    @api.depends(
        "week_start", "period_type", "period_start", "company_id", "user_id", "team_id"
    )
    def _compute_is_first_of_period(self):
        # sudo: which snapshot came first is a fact about every snapshot of
        # the key, whoever reads it (readers only see their own keys anyway).
        groups = self.sudo()._read_group(
            [("period_start", "in", list(set(self.mapped("period_start"))))],
            ["period_type", "period_start:day", "company_id", "user_id", "team_id"],
            ["week_start:min"],
        )
        first_weeks = {
            (period_type, start, company.id, user.id, team.id): first_week
            for period_type, start, company, user, team, first_week in groups
        }
        for snapshot in self:
            snapshot.is_first_of_period = (
                first_weeks.get(snapshot._period_key()) == snapshot.week_start
            )

    def _search_is_first_of_period(self, operator, value):
        self.flush_model(
            ["week_start", "period_type", "period_start", "company_id", "user_id"]
            + ["team_id"]
        )
        # sudo: which snapshot came first does not depend on the reader; the
        # outer search applies the reader's rules.
        query = self.sudo()._search([])
        query.add_where(
            SQL(
                """NOT EXISTS (
                    SELECT 1 FROM crm_forecast_snapshot earlier
                     WHERE earlier.period_type = %(table)s.period_type
                       AND earlier.period_start = %(table)s.period_start
                       AND earlier.company_id = %(table)s.company_id
                       AND earlier.user_id IS NOT DISTINCT FROM %(table)s.user_id
                       AND earlier.team_id IS NOT DISTINCT FROM %(table)s.team_id
                       AND earlier.week_start < %(table)s.week_start
                )""",
                table=SQL.identifier(query.table),
            )
        )
        return boolean_search_domain(
            self, "is_first_of_period", operator, value, [("id", "in", query)]
        )

    # -- Arithmetic ----------------------------------------------------------
    @api.model
    def _accuracy(self, forecast, won):
        """Forecast accuracy in %: 100 for a perfect forecast, minus the gap
        as a share of what was won, floored at 0."""
        if not won:
            return 100.0 if not forecast else 0.0
        return max(0.0, 100.0 * (1 - abs(forecast - won) / won))

    @api.model
    def _periods(self, day):
        return [
            ("month", *date_utils.get_month(day)),
            ("quarter", *date_utils.get_quarter(day)),
        ]

    @api.model
    def _won_amounts(self, start, end):
        """{(company, user, team): won expected revenue} for a period."""
        groups = (
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [
                    ("type", "=", "opportunity"),
                    ("stage_id.is_won", "=", True),
                    ("date_closed", ">=", datetime.combine(start, time.min)),
                    (
                        "date_closed",
                        "<",
                        datetime.combine(end + timedelta(days=1), time.min),
                    ),
                ],
                ["company_id", "user_id", "team_id"],
                ["expected_revenue:sum"],
            )
        )
        return {
            (company.id, user.id, team.id): amount
            for company, user, team, amount in groups
        }

    # -- The weekly job --------------------------------------------------------
    @api.model
    def _take_snapshots(self, today=None):
        """Snapshot the forecast of the current month and quarter, once per
        week, and settle the accuracy of the periods that have closed."""
        today = today or fields.Date.context_today(self)
        week_start = today - timedelta(days=today.weekday())
        if not self._lock_snapshots():
            _logger.info("Forecast snapshots are being taken by another worker.")
            return self.browse()
        Lead = self.env["crm.lead"].sudo()
        values = []
        for period_type, start, end in self._periods(today):
            amounts = defaultdict(lambda: defaultdict(float))
            for company, user, team, category, revenue, weighted in Lead._read_group(
                [
                    ("type", "=", "opportunity"),
                    ("stage_id.is_won", "=", False),
                    ("date_deadline", ">=", start),
                    ("date_deadline", "<=", end),
                    ("forecast_category", "in", list(OPEN_CATEGORIES)),
                ],
                ["company_id", "user_id", "team_id", "forecast_category"],
                ["expected_revenue:sum", "prorated_revenue:sum"],
            ):
                row = amounts[company.id, user.id, team.id]
                row[OPEN_CATEGORIES[category]] += revenue
                row["weighted_amount"] += weighted
            # Won at snapshot: what was won in the period by the snapshot's
            # day, not a deal won after it (a snapshot taken for a past week).
            for key, won in self._won_amounts(start, min(end, today)).items():
                amounts[key]["closed_amount"] += won
                amounts[key]["weighted_amount"] += won
            for (company_id, user_id, team_id), row in amounts.items():
                if not company_id:
                    continue
                values.append(
                    {
                        "week_start": week_start,
                        "snapshot_date": today,
                        "period_type": period_type,
                        "period_start": start,
                        "period_end": end,
                        "period_week": (today - start).days // 7 + 1,
                        "company_id": company_id,
                        "user_id": user_id or False,
                        "team_id": team_id or False,
                        "forecast_amount": row["closed_amount"] + row["commit_amount"],
                        **row,
                    }
                )
        existing = {
            (s.period_type, s.period_start, s.company_id.id, s.user_id.id, s.team_id.id)
            for s in self.sudo().search([("week_start", "=", week_start)])
        }
        missing = [
            vals
            for vals in values
            if (
                vals["period_type"],
                vals["period_start"],
                vals["company_id"],
                vals["user_id"] or None,
                vals["team_id"] or None,
            )
            not in existing
        ]
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                created = self.sudo().create(missing)
        except UniqueViolation:
            # Another worker took this week's snapshots and settled the
            # closed periods in a transaction ours started before it ended.
            _logger.info("Forecast snapshots of %s were taken meanwhile.", week_start)
            return self.browse()
        self._settle_closed_periods(today)
        return created

    @api.model
    def _lock_snapshots(self):
        """Whether this transaction may take the snapshots: one worker at a
        time (the button and the job alike), the others skip rather than
        wait for it."""
        self.env.cr.execute(
            SQL(
                "SELECT pg_try_advisory_xact_lock(%s::regclass::oid::bigint)",
                self._table,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _settle_closed_periods(self, today):
        open_snapshots = self.sudo().search(
            [("period_closed", "=", False), ("period_end", "<", today)]
        )
        for (start, end), snapshots in open_snapshots.grouped(
            lambda s: (s.period_start, s.period_end)
        ).items():
            won = self._won_amounts(start, end)
            for snapshot in snapshots:
                amount = won.get(
                    (snapshot.company_id.id, snapshot.user_id.id, snapshot.team_id.id),
                    0.0,
                )
                snapshot.write(
                    {
                        "period_closed": True,
                        "won_amount": amount,
                        "accuracy": self._accuracy(snapshot.forecast_amount, amount),
                    }
                )

    def action_take_snapshot(self):
        """Take this week's snapshot now (sales managers), e.g. before a
        forecast meeting; the weekly job then adds nothing for the week."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._("Only sales administrators can take forecast snapshots.")
            )
        # The lock is the transaction's: taking it here first, the job's
        # own attempt below succeeds too.
        if not self._lock_snapshots():
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "message": self.env._(
                        "A forecast snapshot is being taken already. Reload "
                        "the page in a moment to see it."
                    ),
                },
            }
        self._take_snapshots()
        return {"type": "ir.actions.client", "tag": "soft_reload"}
