# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# The mixins this model inherits are defined first, whichever module is
# imported first.
from . import (  # noqa: F401  pylint: disable=unused-import
    crm_customer_value_results,
    crm_customer_value_scoring,
)
from .crm_customer_value_indicators import APPLIES_TO, SEGMENTS


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
    _inherit = [
        "mail.thread",
        "crm.customer.value.indicators",
        "crm.customer.value.scoring",
        "crm.customer.value.results",
    ]
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
