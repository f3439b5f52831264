# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """The orders the payment confirmed: not those that wait for their
        approval instead, so that sale sends their customer the mail of a
        payment received, as for any order the payment does not confirm."""
        orders = super()._check_amount_and_confirm_order()
        return orders.filtered(lambda order: order.state == "sale")
