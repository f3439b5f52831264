# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    turbo_credit_limit_blocks = fields.Boolean(
        string="Stop Orders over the Credit Limit",
        help="Quotations of a customer over its credit limit are not "
        "confirmed: a credit controller confirms them. Otherwise, as in Odoo, "
        "the credit limit only warns. Customers on credit hold are always "
        "stopped.",
    )
