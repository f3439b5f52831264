# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from dateutil.relativedelta import relativedelta
from psycopg2.errors import SerializationFailure, UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

_logger = logging.getLogger(__name__)


class CrmCustomerValueModelScoring(models.AbstractModel):
    """The scoring run: who is scored, the indicators' values, their
    normalisation and points, and one snapshot per partner in set-based SQL.

    Part of `crm.customer.value.model`, which inherits it.
    """

    _name = "crm.customer.value.scoring"
    _description = "Customer Value Scoring"

    # -- Who is scored -------------------------------------------------------
    def _scored_partners_query(self):
        """The commercial entities this model scores: for customers, those
        of its segment (or, for a model without segment, of no segment with
        a model of its own); for channels, the channels."""
        self.ensure_one()
        conditions = [
            SQL("p.active"),
            SQL("p.id = p.commercial_partner_id"),
            SQL("(p.company_id IS NULL OR p.company_id = %s)", self.company_id.id),
            SQL("p.id NOT IN (SELECT partner_id FROM res_company)"),
        ]
        if self.applies_to == "channel":
            conditions.append(SQL("p.is_channel"))
        else:
            conditions.append(SQL("NOT COALESCE(p.is_channel, FALSE)"))
            conditions.append(
                SQL("(p.customer_rank > 0 OR p.customer_segment IS NOT NULL)")
            )
            if self.customer_segment:
                conditions.append(SQL("p.customer_segment = %s", self.customer_segment))
            else:
                others = self.search(
                    [
                        ("company_id", "=", self.company_id.id),
                        ("applies_to", "=", "customer"),
                        ("customer_segment", "!=", False),
                    ]
                ).mapped("customer_segment")
                if others:
                    conditions.append(
                        SQL(
                            "(p.customer_segment IS NULL "
                            "OR p.customer_segment NOT IN %s)",
                            tuple(others),
                        )
                    )
        return SQL(
            "SELECT p.id AS partner_id FROM res_partner p WHERE %s",
            SQL(" AND ").join(conditions),
        )

    # -- The computation -------------------------------------------------------
    def _check_computable(self):
        for model in self:
            if not model.indicator_ids:
                raise UserError(
                    self.env._(
                        "The value model %(model)s has no indicator: add at "
                        "least one before computing scores.",
                        model=model.name,
                    )
                )
            wrong = model.indicator_ids.filtered(
                lambda i, m=model: i.indicator_applies_to != m.applies_to
            )
            if wrong:
                raise UserError(
                    self.env._(
                        "The indicator %(indicator)s does not apply to the "
                        "partners of %(model)s.",
                        indicator=wrong[0].name,
                        model=model.name,
                    )
                )

    @api.model
    def _lock_scores(self):
        """One worker at a time computes scores (the job and the button); the
        others skip rather than wait."""
        self.env.cr.execute(
            SQL(
                "SELECT pg_try_advisory_xact_lock(%s::regclass::oid::bigint)",
                self._table,
            )
        )
        return self.env.cr.fetchone()[0]

    def _compute_scores(self, date=None):
        """Score every partner of these models as of `date` (today): returns
        True, or False when another worker holds the lock or wrote the same
        day's snapshots meanwhile (nothing is written then)."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        if not self._lock_scores():
            _logger.info("Customer value scores are being computed by another worker.")
            return False
        self._check_computable()
        self.env.flush_all()
        # The job sorts and hashes a row per partner and indicator (700,000
        # for 100,000 customers): in memory rather than in temporary files,
        # for this job only.
        self.env.cr.execute(SQL("SET LOCAL work_mem = '64MB'"))
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                for model in self:
                    model._compute_scores_sql(date)
        except (UniqueViolation, SerializationFailure):
            # Another worker wrote these snapshots in a transaction ours
            # started before it ended.
            _logger.info("Customer value scores of %s were computed meanwhile.", date)
            self.env.cr.execute(SQL("RESET work_mem"))
            self.env.invalidate_all()
            return False
        self.env.cr.execute(SQL("RESET work_mem"))
        self.env.invalidate_all()
        self._schedule_rank_alerts(date)
        return True

    def _indicator_table_sql(self, date):
        """(indicator_id, partner_id, value) for every indicator of the model
        and every scored partner: one aggregate per indicator."""
        registry = self._get_value_indicators()
        branches = []
        for indicator in self.indicator_ids:
            if indicator.indicator not in registry:
                continue
            date_from = date - relativedelta(months=indicator.period_months)
            query = getattr(self, f"_value_indicator_{indicator.indicator}")(
                date_from, date
            )
            branches.append(
                SQL(
                    "SELECT %(id)s AS indicator_id, r.partner_id, r.value::float "
                    "AS value FROM (%(query)s) r",
                    id=indicator.id,
                    query=query,
                )
            )
        return SQL(" UNION ALL ").join(branches)

    def _compute_scores_sql(self, date):
        self.ensure_one()
        cr = self.env.cr
        indicators = self.indicator_ids
        total_weight = sum(indicators.mapped("weight")) or 1.0
        registry = self._get_value_indicators()
        # The previous run: the latest day before this one.
        cr.execute(
            SQL(
                "SELECT MAX(date) FROM crm_customer_value_snapshot "
                "WHERE model_id = %s AND date < %s",
                self.id,
                date,
            )
        )
        previous_date = cr.fetchone()[0]
        cr.execute(
            SQL(
                "DELETE FROM crm_customer_value_snapshot "
                "WHERE model_id = %s AND date = %s",
                self.id,
                date,
            )
        )
        # Raw values, normalised values and points, one row per partner and
        # indicator, in a temporary table the next statements read.
        cr.execute(SQL("DROP TABLE IF EXISTS turbo_value_points"))
        cr.execute(
            SQL(
                """
            CREATE TEMPORARY TABLE turbo_value_points ON COMMIT DROP AS
            WITH scored AS (%(scored)s),
            params AS (
                SELECT * FROM unnest(%(ids)s::int[], %(weights)s::float[],
                                     %(lower)s::bool[], %(minmax)s::bool[],
                                     %(caps)s::float[], %(zero_fill)s::bool[])
                       AS t(indicator_id, weight, lower_better, minmax, cap,
                            zero_fill)
            ),
            found AS (%(raw)s),
            raw AS (
                SELECT prm.*, s.partner_id, f.raw_value,
                       CASE WHEN prm.minmax AND prm.cap > 0
                            THEN LEAST(f.raw_value, prm.cap)
                            ELSE f.raw_value END AS v
                  FROM scored s
                 CROSS JOIN params prm
                  LEFT JOIN (SELECT indicator_id, partner_id, SUM(value) AS value
                               FROM found GROUP BY 1, 2) g
                    ON g.partner_id = s.partner_id
                   AND g.indicator_id = prm.indicator_id
                 CROSS JOIN LATERAL (
                       SELECT CASE WHEN prm.zero_fill THEN COALESCE(g.value, 0)
                                   ELSE g.value END AS raw_value) f
            ),
            stats AS (
                SELECT indicator_id, MIN(v) AS lo, MAX(v) AS hi
                  FROM raw GROUP BY indicator_id
            ),
            normalised AS (
                SELECT raw.*, stats.lo, stats.hi,
                       CASE
                       WHEN raw.v IS NULL OR stats.hi = stats.lo THEN 0.0
                       WHEN raw.minmax AND raw.lower_better
                            THEN (stats.hi - raw.v) / (stats.hi - stats.lo)
                       WHEN raw.minmax THEN (raw.v - stats.lo) / (stats.hi - stats.lo)
                       ELSE percent_rank() OVER (
                                PARTITION BY raw.indicator_id, raw.v IS NULL
                                ORDER BY CASE WHEN raw.lower_better
                                              THEN -raw.v ELSE raw.v END)
                       END AS normalised
                  FROM raw JOIN stats USING (indicator_id)
            )
            SELECT indicator_id, partner_id, raw_value, normalised,
                   100.0 * weight / %(total)s AS max_points,
                   ROUND((100.0 * weight / %(total)s * normalised)::numeric, 2)
                       AS points,
                   CASE WHEN raw_value IS NULL THEN 'no_data'
                        WHEN hi = lo THEN 'all_equal' END AS note
              FROM normalised
                """,
                scored=self._scored_partners_query(),
                ids=indicators.ids,
                weights=indicators.mapped("weight"),
                lower=[i.direction == "lower" for i in indicators],
                minmax=[i.normalisation == "minmax" for i in indicators],
                caps=[i.cap or 0.0 for i in indicators],
                zero_fill=[
                    registry[i.indicator]["unit"] in ("amount", "count", "years")
                    for i in indicators
                ],
                raw=self._indicator_table_sql(date),
                total=total_weight,
            )
        )
        # Statistics, so that the joins below are planned for 100,000
        # partners rather than for an empty table.
        cr.execute(SQL("ANALYZE turbo_value_points"))
        # One snapshot per partner: score, rank, movement since the last run.
        cr.execute(
            SQL(
                """
            WITH base AS (
                SELECT partner_id, SUM(points) AS base_score,
                       BOOL_AND(COALESCE(note = 'no_data', FALSE)) AS no_data,
                       BOOL_AND(note IS NOT NULL) AS no_signal
                  FROM turbo_value_points GROUP BY partner_id
            ),
            scores AS (
                SELECT b.partner_id, b.base_score, b.no_data, b.no_signal,
                       COALESCE(p.value_adjustment, 0) AS adjustment,
                       LEAST(100, GREATEST(0, b.base_score
                             + COALESCE(p.value_adjustment, 0))) AS score,
                       p.user_id, p.sales_region_id, p.customer_segment,
                       p.customer_tier, COALESCE(p.customer_tier_manual, FALSE)
                           AS tier_manual
                  FROM base b JOIN res_partner p ON p.id = b.partner_id
            ),
            ranked AS (
                SELECT s.*, ROW_NUMBER() OVER (
                           ORDER BY s.score DESC, s.base_score DESC, s.partner_id
                       ) AS rank
                  FROM scores s
            )
            INSERT INTO crm_customer_value_snapshot (
                partner_id, model_id, company_id, applies_to, date, score,
                base_score, adjustment, rank, rank_previous, rank_change,
                movement, in_top, in_ranking, tier, tier_manual, user_id,
                sales_region_id, customer_segment, reason)
            SELECT r.partner_id, %(model)s, %(company)s, %(applies_to)s,
                   %(date)s, r.score, r.base_score, r.adjustment, r.rank,
                   prev.rank, prev.rank - r.rank,
                   CASE WHEN r.rank <= %(top)s
                             AND (prev.rank IS NULL OR prev.rank > %(top)s)
                            THEN 'new'
                        WHEN r.rank > %(top)s AND prev.rank <= %(top)s
                            THEN 'out'
                        WHEN prev.rank IS NULL THEN 'new'
                        WHEN prev.rank > r.rank THEN 'up'
                        WHEN prev.rank < r.rank THEN 'down'
                        ELSE 'same' END,
                   r.rank <= %(top)s,
                   COALESCE(r.rank <= %(top)s OR prev.rank <= %(top)s, FALSE),
                   CASE WHEN r.tier_manual THEN r.customer_tier
                        WHEN r.score >= %(vip)s THEN 'vip'
                        WHEN r.score >= %(a)s THEN 'a'
                        WHEN r.score >= %(b)s THEN 'b'
                        ELSE 'c' END,
                   r.tier_manual, r.user_id, r.sales_region_id,
                   r.customer_segment,
                   CASE WHEN r.no_data THEN 'no_data'
                        WHEN r.no_signal THEN 'no_signal' END
              FROM ranked r
              LEFT JOIN crm_customer_value_snapshot prev
                ON prev.model_id = %(model)s
               AND prev.date = %(previous_date)s
               AND prev.partner_id = r.partner_id
                """,
                model=self.id,
                company=self.company_id.id,
                applies_to=self.applies_to,
                date=date,
                top=self.top_n,
                vip=self.threshold_vip,
                a=self.threshold_a,
                b=self.threshold_b,
                previous_date=previous_date,
            )
        )
        # Statistics that count the day's 100,000 new rows, or the planner
        # takes them for a handful and loops over them per partner.
        cr.execute(SQL("ANALYZE crm_customer_value_snapshot"))
        # The explanation: one line per indicator, and the manager's
        # adjustment as a line of its own.
        cr.execute(
            SQL(
                """
            INSERT INTO crm_customer_value_snapshot_line (
                snapshot_id, indicator_id, sequence, raw_value, normalised,
                points, max_points, points_change, note, adjustment_reason)
            SELECT snap.id, pts.indicator_id, ind.sequence, pts.raw_value,
                   pts.normalised, pts.points, pts.max_points,
                   pts.points - prev_line.points, pts.note, NULL
              FROM turbo_value_points pts
              JOIN crm_customer_value_indicator ind ON ind.id = pts.indicator_id
              JOIN crm_customer_value_snapshot snap
                ON snap.model_id = %(model)s AND snap.date = %(date)s
               AND snap.partner_id = pts.partner_id
              LEFT JOIN crm_customer_value_snapshot prev
                ON prev.model_id = %(model)s AND prev.date = %(previous_date)s
               AND prev.partner_id = pts.partner_id
              LEFT JOIN crm_customer_value_snapshot_line prev_line
                ON prev_line.snapshot_id = prev.id
               AND prev_line.indicator_id = pts.indicator_id
             UNION ALL
            SELECT snap.id, NULL, 10000, NULL, NULL, snap.adjustment, NULL,
                   NULL, 'adjustment', p.value_adjustment_reason
              FROM crm_customer_value_snapshot snap
              JOIN res_partner p ON p.id = snap.partner_id
             WHERE snap.model_id = %(model)s AND snap.date = %(date)s
               AND snap.adjustment != 0
                """,
                model=self.id,
                date=date,
                previous_date=previous_date,
            )
        )
        # The latest run is the model's last run date: the snapshots of that
        # day are the ranking (`is_latest`), copied onto the partners.
        cr.execute(
            SQL(
                """
            UPDATE crm_customer_value_model
               SET last_run_date = GREATEST(last_run_date, %(date)s)
             WHERE id = %(model)s
         RETURNING last_run_date
                """,
                model=self.id,
                date=date,
            )
        )
        if cr.fetchone()[0] == date:
            self._write_partner_values(date)
