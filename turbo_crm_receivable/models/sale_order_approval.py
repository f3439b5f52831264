# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleOrderApproval(models.Model):
    _inherit = "sale.order.approval"

    # What the credit conditions read, when the approval was requested.
    credit_exposure = fields.Monetary(
        currency_field="company_currency_id",
        help="The customer's receivables, orders to invoice and this order.",
    )
    credit_limit = fields.Monetary(currency_field="company_currency_id")
    days_overdue = fields.Integer()
