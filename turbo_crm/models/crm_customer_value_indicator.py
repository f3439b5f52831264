# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCustomerValueIndicator(models.Model):
    """One weighted indicator of a value model."""

    _name = "crm.customer.value.indicator"
    _description = "Customer Value Indicator"
    _order = "model_id, sequence, id"

    model_id = fields.Many2one(
        "crm.customer.value.model",
        string="Value Model",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="model_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    indicator = fields.Selection(
        selection="_selection_indicator",
        required=True,
        help="What is measured, from the orders, opportunities, receivables "
        "and service records of the partner and its contacts.",
    )
    indicator_applies_to = fields.Char(compute="_compute_indicator_applies_to")
    name = fields.Char(compute="_compute_name")
    weight = fields.Float(
        default=10.0,
        help="Share of this indicator in the score: its points at most are "
        "its weight over the sum of the weights, times 100.",
    )
    direction = fields.Selection(
        [("higher", "Higher is better"), ("lower", "Lower is better")],
        required=True,
        default="higher",
    )
    normalisation = fields.Selection(
        [("percentile", "Percentile Rank"), ("minmax", "Min-Max")],
        required=True,
        default="percentile",
        help="Percentile rank: the share of partners this one beats. Min-max: "
        "where the value lies between the lowest and the highest, values "
        "above the cap counting as the cap.",
    )
    cap = fields.Float(
        help="Min-max only: values above the cap count as the cap, so that one "
        "giant does not flatten everybody else. 0: no cap.",
    )
    period_months = fields.Integer(
        string="Period (Months)",
        default=12,
        help="The indicator reads the last months up to the day of the run.",
    )
    max_points = fields.Float(compute="_compute_max_points", digits=(16, 2))

    _sql_constraints = [
        (
            "period_positive",
            "CHECK(period_months > 0)",
            "The period of an indicator is at least one month.",
        ),
        ("cap_positive", "CHECK(cap >= 0)", "The cap cannot be negative."),
    ]

    @api.constrains("weight", "cap", "period_months")
    def _check_weight(self):
        for line in self:
            if line.weight < 0:
                raise ValidationError(
                    self.env._(
                        "The weight of %(indicator)s cannot be negative: a "
                        "worse value counts against a partner with the "
                        "direction 'Lower is better'.",
                        indicator=line.name,
                    )
                )

    @api.constrains("indicator", "model_id")
    def _check_indicator_target(self):
        for line in self:
            if line.indicator_applies_to != line.model_id.applies_to:
                raise ValidationError(
                    self.env._(
                        "The indicator %(indicator)s does not apply to the "
                        "partners of %(model)s.",
                        indicator=line.name,
                        model=line.model_id.name,
                    )
                )

    @api.model
    def _selection_indicator(self):
        return self.env["crm.customer.value.model"]._selection_indicator()

    @api.depends("indicator")
    def _compute_indicator_applies_to(self):
        registry = self.env["crm.customer.value.model"]._get_value_indicators()
        for line in self:
            line.indicator_applies_to = registry.get(line.indicator, {}).get(
                "applies_to"
            )

    @api.depends("indicator", "period_months")
    def _compute_name(self):
        labels = dict(self._fields["indicator"]._description_selection(self.env))
        for line in self:
            label = labels.get(line.indicator, "")
            line.name = self.env._(
                "%(indicator)s, %(months)s months",
                indicator=label,
                months=line.period_months,
            )

    @api.depends("weight", "model_id.indicator_ids.weight")
    def _compute_max_points(self):
        for line in self:
            total = sum(line.model_id.indicator_ids.mapped("weight"))
            line.max_points = 100.0 * line.weight / total if total else 0.0
