# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import float_round, format_amount

NOTES = [
    ("no_data", "No data"),
    ("all_equal", "All partners equal"),
    ("adjustment", "Manager adjustment"),
]


class CrmCustomerValueSnapshotLine(models.Model):
    """What one indicator (or the manager's adjustment) gave a partner."""

    _name = "crm.customer.value.snapshot.line"
    _description = "Customer Value Snapshot Line"
    _order = "snapshot_id, sequence, id"
    # Written by the scoring job only, 700,000 rows a run for 100,000
    # customers of 7 indicators: no log of who wrote them (two foreign keys
    # fewer to check per row).
    _log_access = False

    snapshot_id = fields.Many2one(
        "crm.customer.value.snapshot",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(related="snapshot_id.partner_id")
    date = fields.Date(related="snapshot_id.date")
    company_id = fields.Many2one(related="snapshot_id.company_id")
    indicator_id = fields.Many2one(
        "crm.customer.value.indicator",
        string="Value Indicator",
        readonly=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(readonly=True)
    name = fields.Char(compute="_compute_name", string="Indicator")
    raw_value = fields.Float(string="Value", readonly=True)
    raw_value_display = fields.Char(string="Value ", compute="_compute_name")
    normalised = fields.Float(readonly=True, digits=(16, 3))
    points = fields.Float(readonly=True, digits=(16, 2))
    max_points = fields.Float(string="Of", readonly=True, digits=(16, 2))
    points_change = fields.Float(
        string="Since Last Run",
        readonly=True,
        digits=(16, 2),
        help="Points won or lost since the previous run.",
    )
    note = fields.Selection(NOTES, readonly=True)
    adjustment_reason = fields.Char(readonly=True)

    @api.depends("indicator_id", "raw_value", "note", "adjustment_reason")
    def _compute_name(self):
        registry = self.env["crm.customer.value.model"]._get_value_indicators()
        for line in self:
            if line.note == "adjustment":
                line.name = self.env._(
                    "Manager adjustment: %(reason)s",
                    reason=line.adjustment_reason or "",
                )
                line.raw_value_display = ""
                continue
            line.name = line.indicator_id.name
            if line.note == "no_data":
                line.raw_value_display = self.env._("no data")
                continue
            unit = registry.get(line.indicator_id.indicator, {}).get("unit")
            line.raw_value_display = line._format_raw(unit)

    def _format_raw(self, unit):
        value = self.raw_value
        if unit == "amount":
            currency = self.snapshot_id.company_id.currency_id
            for size, suffix in ((1e9, " B"), (1e6, " M"), (1e3, " K")):
                if abs(value) >= size:
                    return f"{currency.symbol or ''}{value / size:.1f}{suffix}"
            return format_amount(self.env, value, currency)
        if unit == "percent":
            return f"{float_round(value, 1):g} %"
        # The figures are formatted before the call: Babel, which extracts
        # the terms, cannot read an f-string among a call's arguments.
        if unit == "days":
            days = f"{value:.0f}"
            return self.env._("%(days)s days", days=days)
        if unit == "rating":
            rating = f"{value:.1f}"
            return self.env._("%(rating)s of 5", rating=rating)
        if unit == "years":
            years = f"{value:.1f}"
            return self.env._("%(years)s years", years=years)
        return f"{value:g}"
