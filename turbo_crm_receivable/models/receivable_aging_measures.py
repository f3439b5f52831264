# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

BUCKETS = [
    ("not_due", "Not Due"),
    ("1_30", "1-30 Days"),
    ("31_60", "31-60 Days"),
    ("61_90", "61-90 Days"),
    ("91_180", "91-180 Days"),
    ("180_plus", "Over 180 Days"),
]


class ReceivableAgingMeasures(models.AbstractModel):
    """The amounts of an aging, in the company currency: what is due, and
    how much of it in each bucket."""

    _name = "receivable.aging.measures"
    _description = "Aging Measures"

    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_residual = fields.Monetary(string="Amount Due", readonly=True)
    amount_not_due = fields.Monetary(string="Not Due", readonly=True)
    amount_1_30 = fields.Monetary(string="1-30", readonly=True)
    amount_31_60 = fields.Monetary(string="31-60", readonly=True)
    amount_61_90 = fields.Monetary(string="61-90", readonly=True)
    amount_91_180 = fields.Monetary(string="91-180", readonly=True)
    amount_180_plus = fields.Monetary(string="180+", readonly=True)
    amount_overdue = fields.Monetary(string="Overdue", readonly=True)
