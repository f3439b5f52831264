# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class AccountAccount(models.Model):
    _inherit = "account.account"

    def write(self, vals):
        result = super().write(vals)
        # An account becoming (or ceasing to be) a receivable, or reconcilable
        # (Odoo then sets its items' residuals in SQL), changes what every
        # customer owes: age them all again.
        if {"account_type", "reconcile"}.intersection(vals):
            self.env["receivable.aging.customer"]._touch()
        return result
