# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    payment_plan_line_ids = fields.One2many(
        "receivable.payment.plan.line", "order_id", string="Payment Plan", copy=True
    )

    @api.depends("partner_id.commercial_partner_id.credit_hold")
    def _compute_partner_credit_warning(self):
        res = super()._compute_partner_credit_warning()
        for order in self:
            if order.state in ("draft", "sent") and (
                order.partner_id.commercial_partner_id.credit_hold
            ):
                hold = self.env._(
                    "%(customer)s is on credit hold: this quotation cannot be "
                    "confirmed until a credit controller lifts the hold.",
                    customer=order.partner_id.commercial_partner_id.name,
                )
                order.partner_credit_warning = "\n".join(
                    filter(None, [hold, order.partner_credit_warning])
                )
        return res

    def action_confirm(self):
        """Refuse to confirm for a customer on credit hold or over its credit
        limit, unless a credit controller confirms with the context key
        ``credit_hold_approved`` (their approval, given knowingly)."""
        self._compute_partner_credit_warning()  # the limit may have changed
        if self.env.context.get("credit_hold_approved") and (
            self.env.su
            or self.env.user.has_group("turbo_crm_receivable.group_credit_controller")
        ):
            return super().action_confirm()
        blocked = self.filtered(
            lambda order: (
                order.partner_id.commercial_partner_id.credit_hold
                or (
                    order.company_id.account_use_credit_limit
                    and order.partner_credit_warning
                )
            )
        )
        if blocked:
            raise UserError(
                self.env._(
                    "These quotations cannot be confirmed:\n%(reasons)s\nAsk a "
                    "credit controller to lift the hold or raise the credit limit.",
                    reasons="\n".join(
                        f"- {order.name}: {order.partner_credit_warning}"
                        for order in blocked
                    ),
                )
            )
        return super().action_confirm()
