# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# What the credit check of a confirmation reads: written together with the
# confirmation, they are written first and judged.
CREDIT_FIELDS = frozenset(
    {
        "partner_id",
        "partner_invoice_id",
        "company_id",
        "order_line",
        "pricelist_id",
        "currency_id",
    }
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    payment_plan_line_ids = fields.One2many(
        "receivable.payment.plan.line", "order_id", string="Payment Plan", copy=True
    )

    @api.depends(
        "state",
        "partner_id.commercial_partner_id.credit_hold",
        "partner_invoice_id.commercial_partner_id.credit_hold",
    )
    def _compute_partner_credit_warning(self):
        res = super()._compute_partner_credit_warning()
        for order in self:
            if order.state not in ("draft", "sent"):
                continue
            held = order._get_credit_hold_partners()
            if held:
                hold = self.env._(
                    "%(customer)s is on credit hold: this quotation cannot be "
                    "confirmed until a credit controller lifts the hold.",
                    customer=", ".join(held.mapped("display_name")),
                )
                order.partner_credit_warning = "\n".join(
                    filter(None, [hold, order.partner_credit_warning])
                )
        return res

    # -- Credit check of the confirmation ------------------------------------
    def _get_credit_hold_partners(self):
        """The customers of this order on credit hold in its company: the
        ordering partner, the invoice address and their commercial entities."""
        self.ensure_one()
        # sudo: the hold binds whoever confirms, even one who may not read
        # the invoice address or its company.
        partners_sudo = (self.partner_id | self.partner_invoice_id).sudo()
        partners_sudo = partners_sudo.with_company(self.company_id)
        partners_sudo |= partners_sudo.commercial_partner_id
        return partners_sudo.filtered("credit_hold")

    def _get_credit_limit_excess(self):
        """Odoo's credit limit warning, when the company stops the orders over
        the limit rather than only warning."""
        self.ensure_one()
        company = self.company_id
        if not (company.turbo_credit_limit_blocks and company.account_use_credit_limit):
            return ""
        # Confirmed orders count in the customer's credit to invoice already.
        current = self.amount_total / self.currency_rate if self.currency_rate else 0
        return self.env["account.move"]._build_credit_warning_message(
            self.sudo(),  # as sale does: the reader may not see the credit
            current_amount=0.0 if self.state == "sale" else current,
        )

    def _get_credit_block_reasons(self):
        """Why this order needs a credit controller to be confirmed."""
        self.ensure_one()
        reasons = []
        held = self._get_credit_hold_partners()
        if held:
            reasons.append(
                self.env._(
                    "%(customer)s is on credit hold.",
                    customer=", ".join(held.mapped("display_name")),
                )
            )
        excess = self._get_credit_limit_excess()
        if excess:
            reasons.append(excess)
        return reasons

    def _is_credit_approved(self):
        """A credit controller confirms knowingly, with the context key
        ``credit_hold_approved`` that their button gives."""
        return bool(self.env.context.get("credit_hold_approved")) and (
            self.env.su
            or self.env.user.has_group("turbo_crm_receivable.group_credit_controller")
        )

    def _check_credit_on_confirmation(self):
        """Refuse to confirm orders of a customer on credit hold, or over
        its credit limit when the company stops such orders."""
        if self._is_credit_approved():
            return
        blocked = [
            (order, reasons)
            for order in self
            if (reasons := order._get_credit_block_reasons())
        ]
        if blocked:
            raise UserError(
                self.env._(
                    "These quotations cannot be confirmed:\n%(reasons)s\n"
                    "A credit controller confirms them with the “Confirm "
                    "(Credit Approved)” button, lifts the credit hold or raises "
                    "the credit limit.",
                    reasons="\n".join(
                        f"- {order.name}: {' '.join(reasons)}"
                        for order, reasons in blocked
                    ),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered(
            lambda order: order.state == "sale"
        )._check_credit_on_confirmation()
        return orders

    def write(self, vals):
        # Every confirmation writes the state: the button, the portal, the
        # online payment, the API.
        if vals.get("state") != "sale" or self._is_credit_approved():
            return super().write(vals)
        confirming = self.filtered(lambda order: order.state in ("draft", "sent"))
        if not confirming:
            return super().write(vals)
        if CREDIT_FIELDS & vals.keys():
            # The customer or the lines the same write sets are judged.
            vals = dict(vals)
            state = vals.pop("state")
            super().write(vals)
            vals = {"state": state}
        confirming._check_credit_on_confirmation()
        return super().write(vals)

    def action_confirm_credit_approved(self):
        """The credit controller's confirmation of quotations stopped by a
        credit hold or the credit limit, logged on each order."""
        if not self.env.user.has_group("turbo_crm_receivable.group_credit_controller"):
            raise AccessError(
                self.env._("Only a credit controller confirms over a credit hold.")
            )
        for order in self:
            reasons = order._get_credit_block_reasons()
            if reasons:
                order.message_post(
                    body=self.env._(
                        "Confirmed by a credit controller despite: %(reasons)s",
                        reasons=" ".join(reasons),
                    )
                )
        return self.with_context(credit_hold_approved=True).action_confirm()
