# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import create_index

from .crm_customer_value_indicators import APPLIES_TO, SEGMENTS

MOVEMENTS = [
    ("up", "Up"),
    ("down", "Down"),
    ("same", "Unchanged"),
    ("new", "New"),
    ("out", "Out of the Top"),
]
TIERS = [("vip", "VIP"), ("a", "A"), ("b", "B"), ("c", "C")]
REASONS = [
    ("no_data", "No data for any indicator"),
    ("no_signal", "No indicator tells the partners apart"),
]


class CrmCustomerValueSnapshot(models.Model):
    """A partner's score and rank in a value model on the day of a run.

    Only the scoring job writes snapshots (in SQL, see
    `crm.customer.value.model._compute_scores`): one per model, partner and
    day, a second run on the same day replacing the first. The latest run
    of each model (its last run date) is the VIP ranking. Nobody else
    writes them, so they keep no log of who wrote them last: a run adds
    100,000 rows at once, and each foreign key checks every row.
    """

    _name = "crm.customer.value.snapshot"
    _description = "Customer Value Snapshot"
    _order = "date desc, model_id, rank"
    _rec_name = "partner_id"
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", required=True, readonly=True, index=True, ondelete="cascade"
    )
    model_id = fields.Many2one(
        "crm.customer.value.model",
        string="Value Model",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    applies_to = fields.Selection(APPLIES_TO, readonly=True)
    date = fields.Date(required=True, readonly=True)
    score = fields.Float(readonly=True, digits=(16, 2), aggregator="avg")
    base_score = fields.Float(
        string="Score from Indicators", readonly=True, digits=(16, 2)
    )
    adjustment = fields.Float(readonly=True, digits=(16, 2), aggregator="avg")
    rank = fields.Integer(readonly=True, aggregator="min")
    rank_previous = fields.Integer(
        string="Previous Rank", readonly=True, aggregator="min"
    )
    rank_change = fields.Integer(
        readonly=True,
        aggregator="sum",
        help="Places gained since the previous run (negative: lost).",
    )
    movement = fields.Selection(MOVEMENTS, readonly=True)
    in_top = fields.Boolean(string="In the Top", readonly=True)
    in_ranking = fields.Boolean(
        string="In the Ranking",
        readonly=True,
        help="In the top, or just out of it since the previous run: the rows "
        "of the VIP ranking.",
    )
    is_latest = fields.Boolean(
        string="Latest Run",
        compute="_compute_is_latest",
        search="_search_is_latest",
        help="The snapshot belongs to its value model's last run.",
    )
    tier = fields.Selection(TIERS, readonly=True)
    tier_manual = fields.Boolean(string="Tier Set by Hand", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    sales_region_id = fields.Many2one("crm.sales.region", readonly=True)
    customer_segment = fields.Selection(SEGMENTS, string="Segment", readonly=True)
    reason = fields.Selection(
        REASONS,
        string="Why 0",
        readonly=True,
        help="Why the partner scored nothing.",
    )
    line_ids = fields.One2many(
        "crm.customer.value.snapshot.line",
        "snapshot_id",
        string="Explanation",
        readonly=True,
    )

    _sql_constraints = [
        (
            "partner_model_date_unique",
            "UNIQUE(model_id, partner_id, date)",
            "A partner has one snapshot per value model and day.",
        )
    ]

    def init(self):
        # A model's day by rank (the dashboards' top 20, and the latest day
        # of a model), and its ranking by rank; the unique constraint serves
        # a partner's history.
        create_index(
            self.env.cr,
            "crm_customer_value_snapshot_model_date_rank_index",
            self._table,
            ["model_id", "date", "rank"],
        )
        create_index(
            self.env.cr,
            "crm_customer_value_snapshot_ranking_index",
            self._table,
            ["model_id", "date", "rank"],
            where="in_ranking",
        )

    @api.depends("date", "model_id.last_run_date")
    def _compute_is_latest(self):
        for snapshot in self:
            snapshot.is_latest = snapshot.date == snapshot.model_id.last_run_date

    def _search_is_latest(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        # sudo: which day is the latest is no secret; archived models keep
        # their last ranking.
        models_ = (
            self.env["crm.customer.value.model"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([("last_run_date", "!=", False)], ["last_run_date"])
        )
        latest = expression.OR(
            [
                [("model_id", "=", model.id), ("date", "=", model.last_run_date)]
                for model in models_
            ]
            or [expression.FALSE_DOMAIN]
        )
        if (operator == "=") == bool(value):
            return latest
        return ["!", *latest]

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for snapshot in self:
            snapshot.display_name = (
                f"{snapshot.partner_id.display_name} {snapshot.date or ''}"
            )
