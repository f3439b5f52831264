# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .crm_customer_value_model import APPLIES_TO, SEGMENTS

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
    of each model is the VIP ranking.
    """

    _name = "crm.customer.value.snapshot"
    _description = "Customer Value Snapshot"
    _order = "date desc, model_id, rank"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", required=True, readonly=True, index=True, ondelete="cascade"
    )
    model_id = fields.Many2one(
        "crm.customer.value.model",
        string="Value Model",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    applies_to = fields.Selection(APPLIES_TO, readonly=True)
    date = fields.Date(required=True, readonly=True, index=True)
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
    movement = fields.Selection(MOVEMENTS, readonly=True, index=True)
    in_top = fields.Boolean(string="In the Top", readonly=True)
    is_latest = fields.Boolean(string="Latest Run", readonly=True, index=True)
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

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for snapshot in self:
            snapshot.display_name = (
                f"{snapshot.partner_id.display_name} {snapshot.date or ''}"
            )
