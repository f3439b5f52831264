# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from dateutil.relativedelta import relativedelta
from psycopg2.errors import SerializationFailure, UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, LazyTranslate, mute_logger

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

APPLIES_TO = [("customer", "Customers"), ("channel", "Channels")]
SEGMENTS = [
    ("group", "Group"),
    ("enterprise", "Enterprise"),
    ("government", "Government"),
    ("individual", "Individual"),
]
# What the job writes on each partner it scores (and nothing else).
PARTNER_VALUE_COLUMNS = (
    "value_score",
    "value_rank",
    "value_model_id",
)


class CrmCustomerValueModel(models.Model):
    """How much a customer (or a channel) is worth to us, as a weighted sum
    of indicators read from the orders, opportunities and receivables.

    The indicators come from a registry (`_get_value_indicators`) that other
    addons extend: each indicator is one SQL aggregate over all the partners
    of the company at once, by commercial entity, in the company currency
    (`_value_indicator_<code>`). `_compute_scores` turns them into raw and
    normalised values, points, a score of 0 to 100 and a rank, writes one
    snapshot per partner and day and updates the partners, in a fixed
    number of queries whatever the number of partners.
    """

    _name = "crm.customer.value.model"
    _description = "Customer Value Model"
    _inherit = ["mail.thread"]
    _order = "company_id, applies_to, customer_segment, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    applies_to = fields.Selection(
        APPLIES_TO,
        required=True,
        default="customer",
        tracking=True,
        help="Customers: the companies and people we sell to. Channels: the "
        "distributors, agents and integrators we sell through.",
    )
    customer_segment = fields.Selection(
        SEGMENTS,
        string="Segment",
        tracking=True,
        help="Score only the customers of this segment. Empty: the customers "
        "no model of their own segment scores.",
    )
    indicator_ids = fields.One2many(
        "crm.customer.value.indicator", "model_id", string="Indicators", copy=True
    )
    threshold_vip = fields.Float(
        string="VIP from",
        default=80.0,
        tracking=True,
        help="Score from which a customer is VIP.",
    )
    threshold_a = fields.Float(string="A from", default=60.0, tracking=True)
    threshold_b = fields.Float(
        string="B from",
        default=40.0,
        tracking=True,
        help="Score from which a customer is B; below it, C.",
    )
    top_n = fields.Integer(
        string="Ranking Size",
        default=20,
        tracking=True,
        help="How many partners the VIP ranking shows (the top N).",
    )
    rank_alert_threshold = fields.Integer(
        string="Alert on Rank Change of",
        default=5,
        tracking=True,
        help="A VIP partner whose rank moves by at least this many places "
        "gets an activity for its salesperson. 0: no alert.",
    )
    last_run_date = fields.Date(readonly=True, copy=False)
    partner_count = fields.Integer(
        string="Scored Partners", compute="_compute_partner_count"
    )

    _sql_constraints = [
        (
            "top_n_positive",
            "CHECK(top_n > 0)",
            "The ranking shows at least one partner.",
        ),
        (
            "rank_alert_threshold_positive",
            "CHECK(rank_alert_threshold >= 0)",
            "The rank change that raises an alert cannot be negative.",
        ),
    ]

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("value_model_id", "in", self.ids)], ["value_model_id"], ["__count"]
            )
        )
        for model in self:
            model.partner_count = counts.get(model, 0)

    # -- Configuration checks ------------------------------------------------
    @api.constrains("threshold_vip", "threshold_a", "threshold_b")
    def _check_thresholds(self):
        for model in self:
            if not (0 <= model.threshold_b < model.threshold_a < model.threshold_vip):
                raise ValidationError(
                    self.env._(
                        "The tier thresholds of %(model)s must rise from B to A "
                        "to VIP (0 <= B < A < VIP).",
                        model=model.name,
                    )
                )
            if model.threshold_vip > 100:
                raise ValidationError(
                    self.env._(
                        "A score is at most 100: the VIP threshold of %(model)s "
                        "cannot be higher.",
                        model=model.name,
                    )
                )

    @api.constrains("indicator_ids")
    def _check_weights(self):
        for model in self:
            if model.indicator_ids and not sum(model.indicator_ids.mapped("weight")):
                raise ValidationError(
                    self.env._(
                        "The weights of the indicators of %(model)s add up to "
                        "zero: give at least one indicator a positive weight.",
                        model=model.name,
                    )
                )

    @api.constrains("active", "company_id", "applies_to", "customer_segment")
    def _check_one_active_model(self):
        for model in self.filtered("active"):
            domain = [
                ("id", "!=", model.id),
                ("company_id", "=", model.company_id.id),
                ("applies_to", "=", model.applies_to),
                ("customer_segment", "=", model.customer_segment),
            ]
            if self.sudo().search_count(domain, limit=1):
                raise ValidationError(
                    self.env._(
                        "%(company)s already has an active value model for "
                        "these partners and this segment: archive it before "
                        "activating %(model)s.",
                        company=model.company_id.name,
                        model=model.name,
                    )
                )

    # -- The registry --------------------------------------------------------
    @api.model
    def _get_value_indicators(self):
        """The indicators a model can use: {code: {"name", "applies_to",
        "unit"}}. Extend it (call super) and add a method
        `_value_indicator_<code>(date_from, date_to)` returning an SQL query
        of (partner_id, value) rows: one aggregate over all the company's
        partners, by commercial entity, in the company currency. `unit` says
        how the raw value reads: amount, count, percent, years or days.
        """
        return {
            "revenue": {
                "name": _lt("Revenue"),
                "applies_to": "customer",
                "unit": "amount",
            },
            "gross_margin": {
                "name": _lt("Gross Margin"),
                "applies_to": "customer",
                "unit": "amount",
            },
            "order_count": {
                "name": _lt("Number of Orders"),
                "applies_to": "customer",
                "unit": "count",
            },
            "won_count": {
                "name": _lt("Won Opportunities"),
                "applies_to": "customer",
                "unit": "count",
            },
            "win_rate": {
                "name": _lt("Win Rate"),
                "applies_to": "customer",
                "unit": "percent",
            },
            "open_pipeline": {
                "name": _lt("Open Weighted Pipeline"),
                "applies_to": "customer",
                "unit": "amount",
            },
            "customer_years": {
                "name": _lt("Years as a Customer"),
                "applies_to": "customer",
                "unit": "years",
            },
            "channel_revenue": {
                "name": _lt("Revenue through the Channel"),
                "applies_to": "channel",
                "unit": "amount",
            },
            "channel_deal_count": {
                "name": _lt("Deals Registered"),
                "applies_to": "channel",
                "unit": "count",
            },
            "channel_win_rate": {
                "name": _lt("Channel Win Rate"),
                "applies_to": "channel",
                "unit": "percent",
            },
            "channel_quota_attainment": {
                "name": _lt("Quota Attainment"),
                "applies_to": "channel",
                "unit": "percent",
            },
        }

    # Shared pieces of the indicator queries.
    def _sql_order_sums(self, date_from, date_to, partner_column, expression):
        """Confirmed orders of the company in the period, by commercial
        entity of `partner_column`; amounts in the company currency."""
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, %(expression)s AS value
              FROM sale_order so
              JOIN res_partner p ON p.id = so.%(column)s
             WHERE so.state = 'sale'
               AND so.company_id = %(company)s
               AND so.date_order >= %(date_from)s
               AND so.date_order < %(date_to)s::date + 1
             GROUP BY p.commercial_partner_id
            """,
            expression=expression,
            column=SQL.identifier(partner_column),
            company=self.company_id.id,
            date_from=date_from,
            date_to=date_to,
        )

    def _sql_win_rate(self, date_from, date_to, partner_column):
        """Won / (won + lost) opportunities closed in the period, in %."""
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   100.0 * COUNT(*) FILTER (WHERE stage.is_won)
                   / COUNT(*) AS value
              FROM crm_lead lead
              JOIN res_partner p ON p.id = lead.%(column)s
              LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
             WHERE lead.type = 'opportunity'
               AND lead.company_id = %(company)s
               AND lead.date_closed >= %(date_from)s
               AND lead.date_closed < %(date_to)s::date + 1
               AND ((lead.active AND stage.is_won)
                    OR (NOT lead.active AND lead.probability = 0))
             GROUP BY p.commercial_partner_id
            """,
            column=SQL.identifier(partner_column),
            company=self.company_id.id,
            date_from=date_from,
            date_to=date_to,
        )

    _ORDER_AMOUNT = SQL(
        "SUM(so.amount_untaxed / CASE COALESCE(so.currency_rate, 0) "
        "WHEN 0 THEN 1.0 ELSE so.currency_rate END)"
    )

    def _value_indicator_revenue(self, date_from, date_to):
        return self._sql_order_sums(
            date_from, date_to, "partner_id", self._ORDER_AMOUNT
        )

    def _value_indicator_gross_margin(self, date_from, date_to):
        return self._sql_order_sums(
            date_from,
            date_to,
            "partner_id",
            SQL(
                "SUM(COALESCE(so.margin, 0) / CASE COALESCE(so.currency_rate, 0) "
                "WHEN 0 THEN 1.0 ELSE so.currency_rate END)"
            ),
        )

    def _value_indicator_order_count(self, date_from, date_to):
        return self._sql_order_sums(date_from, date_to, "partner_id", SQL("COUNT(*)"))

    def _value_indicator_won_count(self, date_from, date_to):
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, COUNT(*) AS value
              FROM crm_lead lead
              JOIN res_partner p ON p.id = lead.partner_id
              JOIN crm_stage stage ON stage.id = lead.stage_id AND stage.is_won
             WHERE lead.active
               AND lead.type = 'opportunity'
               AND lead.company_id = %(company)s
               AND lead.date_closed >= %(date_from)s
               AND lead.date_closed < %(date_to)s::date + 1
             GROUP BY p.commercial_partner_id
            """,
            company=self.company_id.id,
            date_from=date_from,
            date_to=date_to,
        )

    def _value_indicator_win_rate(self, date_from, date_to):
        return self._sql_win_rate(date_from, date_to, "partner_id")

    def _value_indicator_open_pipeline(self, date_from, date_to):
        # What is open now: the period does not apply. Expected revenue is
        # in the company currency.
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   SUM(lead.expected_revenue * lead.probability / 100.0) AS value
              FROM crm_lead lead
              JOIN res_partner p ON p.id = lead.partner_id
              LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
             WHERE lead.active
               AND lead.type = 'opportunity'
               AND lead.company_id = %(company)s
               AND NOT COALESCE(stage.is_won, FALSE)
               AND lead.create_date < %(date_to)s::date + 1
             GROUP BY p.commercial_partner_id
            """,
            company=self.company_id.id,
            date_to=date_to,
        )

    def _value_indicator_customer_years(self, date_from, date_to):
        # Since the first confirmed order ever, whatever the period.
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   GREATEST(0, (%(date_to)s::date - MIN(so.date_order)::date)
                               / 365.25) AS value
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.state = 'sale'
               AND so.company_id = %(company)s
               AND so.date_order < %(date_to)s::date + 1
             GROUP BY p.commercial_partner_id
            """,
            company=self.company_id.id,
            date_to=date_to,
        )

    def _value_indicator_channel_revenue(self, date_from, date_to):
        return self._sql_order_sums(
            date_from, date_to, "channel_partner_id", self._ORDER_AMOUNT
        )

    def _value_indicator_channel_deal_count(self, date_from, date_to):
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, COUNT(*) AS value
              FROM crm_lead lead
              JOIN res_partner p ON p.id = lead.channel_partner_id
             WHERE lead.company_id = %(company)s
               AND lead.create_date >= %(date_from)s
               AND lead.create_date < %(date_to)s::date + 1
             GROUP BY p.commercial_partner_id
            """,
            company=self.company_id.id,
            date_from=date_from,
            date_to=date_to,
        )

    def _value_indicator_channel_win_rate(self, date_from, date_to):
        return self._sql_win_rate(date_from, date_to, "channel_partner_id")

    def _value_indicator_channel_quota_attainment(self, date_from, date_to):
        """Achieved / target of the channel's quotas that overlap the period,
        in %: the quotas' own grouped query gives what each achieved."""
        Quota = self.env["crm.sales.quota"].sudo()
        quotas = Quota.search(
            [
                ("target_type", "=", "channel"),
                ("company_id", "=", self.company_id.id),
                ("date_from", "<=", date_to),
                ("date_to", ">=", date_from),
            ]
        )
        achieved = Quota._achieved_amount_query(quotas) if quotas else None
        if not achieved:
            return SQL("SELECT NULL::int AS partner_id, NULL::float AS value LIMIT 0")
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   100.0 * SUM(COALESCE(a.achieved_amount, 0))
                   / NULLIF(SUM(q.target_amount), 0) AS value
              FROM crm_sales_quota q
              JOIN res_partner p ON p.id = q.partner_id
              LEFT JOIN (%(achieved)s) a ON a.quota_id = q.id
             WHERE q.id = ANY(%(ids)s)
             GROUP BY p.commercial_partner_id
            """,
            achieved=achieved,
            ids=quotas.ids,
        )

    @api.model
    def _selection_indicator(self):
        lang = self.env.lang or "en_US"
        return [
            (code, getattr(name, "_translate", lambda _lang, n=name: n)(lang))
            for code, name in (
                (code, spec["name"])
                for code, spec in self._get_value_indicators().items()
            )
        ]

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
                    registry[i.indicator]["unit"] not in ("percent", "days")
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

    def _write_partner_values(self, date):
        """Copy the day's snapshots onto the partners (and the tier onto
        their contacts, as Odoo's commercial fields are), and forget the
        scores of the partners this model no longer scores."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """
            UPDATE res_partner p
               SET value_score = snap.score,
                   value_rank = snap.rank,
                   value_model_id = snap.model_id,
                   customer_tier = snap.tier
              FROM crm_customer_value_snapshot snap
             WHERE snap.model_id = %(model)s AND snap.date = %(date)s
               AND p.id = snap.partner_id
               -- A day that changes nothing rewrites no partner.
               AND (p.value_score, p.value_rank, p.value_model_id,
                    p.customer_tier)
                   IS DISTINCT FROM
                   (snap.score, snap.rank, snap.model_id, snap.tier)
                """,
                model=self.id,
                date=date,
            )
        )
        written = cr.rowcount
        cr.execute(
            SQL(
                """
            UPDATE res_partner p
               SET customer_tier = snap.tier
              FROM crm_customer_value_snapshot snap
             WHERE snap.model_id = %(model)s AND snap.date = %(date)s
               AND p.commercial_partner_id = snap.partner_id
               AND p.id != snap.partner_id
               AND p.customer_tier IS DISTINCT FROM snap.tier
                """,
                model=self.id,
                date=date,
            )
        )
        written += cr.rowcount
        cr.execute(
            SQL(
                """
            UPDATE res_partner p
               SET value_score = 0, value_rank = NULL, value_model_id = NULL
             WHERE p.value_model_id = %(model)s
               AND NOT EXISTS (
                   SELECT 1 FROM crm_customer_value_snapshot snap
                    WHERE snap.model_id = %(model)s AND snap.date = %(date)s
                      AND snap.partner_id = p.id)
                """,
                model=self.id,
                date=date,
            )
        )
        written += cr.rowcount
        if written > 1000:
            # New tiers and ranks for many partners: statistics that know
            # them, so that the VIP filter and the ranks are planned on what
            # the partners now hold (autovacuum would, some time after).
            cr.execute(SQL("ANALYZE res_partner"))

    def _schedule_rank_alerts(self, date):
        """An activity for the salesperson of each VIP whose rank moved by
        at least the model's threshold."""
        Snapshot = self.env["crm.customer.value.snapshot"].sudo()
        activity_type = self.env.ref(
            "mail.mail_activity_data_todo", raise_if_not_found=False
        )
        partner_model = self.env["ir.model"]._get_id("res.partner")
        values = []
        for model in self.filtered("rank_alert_threshold"):
            movers = Snapshot.search(
                [
                    ("model_id", "=", model.id),
                    ("date", "=", date),
                    ("tier", "=", "vip"),
                    ("rank_previous", "!=", False),
                    ("user_id", "!=", False),
                    "|",
                    ("rank_change", ">=", model.rank_alert_threshold),
                    ("rank_change", "<=", -model.rank_alert_threshold),
                ]
            )
            for snapshot in movers:
                # In the language of the salesperson who reads it: a summary
                # is stored once, not translated.
                env = self.with_context(lang=snapshot.user_id.lang).env
                values.append(
                    {
                        "res_model_id": partner_model,
                        "res_id": snapshot.partner_id.id,
                        "activity_type_id": activity_type.id
                        if activity_type
                        else False,
                        "user_id": snapshot.user_id.id,
                        "date_deadline": date,
                        "summary": env._(
                            "VIP rank moved from %(previous)s to %(rank)s",
                            previous=snapshot.rank_previous,
                            rank=snapshot.rank,
                        ),
                        "note": env._(
                            "%(partner)s moved from rank %(previous)s to "
                            "%(rank)s in %(model)s: see its Value tab for "
                            "what moved it.",
                            partner=snapshot.partner_id.name,
                            previous=snapshot.rank_previous,
                            rank=snapshot.rank,
                            model=model.with_env(env).name,
                        ),
                    }
                )
        if values:
            self.env["mail.activity"].sudo().create(values)

    # -- Job and buttons -----------------------------------------------------
    @api.model
    def _cron_compute_value_scores(self):
        """The daily job: every active model of every company."""
        models_ = self.sudo().search([("indicator_ids", "!=", False)])
        if models_:
            models_._compute_scores()
        return True

    def action_compute_scores(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._("Only sales administrators can compute value scores.")
            )
        self._check_computable()
        if not self.sudo()._compute_scores():
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "message": self.env._(
                        "Value scores are being computed already. Reload the "
                        "page in a moment to see them."
                    ),
                },
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Value scores computed."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_view_ranking(self):
        self.ensure_one()
        xmlid = (
            "turbo_crm.crm_customer_value_snapshot_action_channel_ranking"
            if self.applies_to == "channel"
            else "turbo_crm.crm_customer_value_snapshot_action_customer_ranking"
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [
            ("model_id", "=", self.id),
            ("is_latest", "=", True),
            ("in_ranking", "=", True),
        ]
        return action

    def action_view_partners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("value_model_id", "=", self.id)],
            "context": {"search_default_order_by_value_rank": 1},
        }
