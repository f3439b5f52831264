# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    payment_plan_line_ids = fields.One2many(
        "receivable.payment.plan.line", "order_id", string="Payment Plan", copy=True
    )

    @api.depends(
        "state",
        "partner_id.commercial_partner_id.credit_hold",
        "partner_invoice_id.commercial_partner_id.credit_hold",
        "partner_shipping_id.commercial_partner_id.credit_hold",
    )
    def _compute_partner_credit_warning(self):
        res = super()._compute_partner_credit_warning()
        for order in self:
            if order.state not in ("draft", "sent"):
                continue
            held = order._get_credit_hold_partners()
            if held:
                hold = self.env._(
                    "%(customer)s is on credit hold: confirming this quotation "
                    "asks for a credit controller's approval.",
                    customer=", ".join(held.mapped("display_name")),
                )
                order.partner_credit_warning = "\n".join(
                    filter(None, [hold, order.partner_credit_warning])
                )
        return res

    # -- What the credit conditions of the approval rules read ---------------
    def _get_credit_hold_partners(self):
        """The customers of this order on credit hold in its company: the
        ordering partner, the invoice and delivery addresses and their
        commercial entities."""
        self.ensure_one()
        # sudo: the hold binds whoever confirms, even one who may not read
        # the addresses or their company.
        partners_sudo = (
            self.partner_id | self.partner_invoice_id | self.partner_shipping_id
        ).sudo()
        partners_sudo = partners_sudo.with_company(self.company_id)
        partners_sudo |= partners_sudo.commercial_partner_id
        return partners_sudo.filtered("credit_hold")

    def _get_credit_exposure(self):
        """(customer, exposure, credit limit) in the order's company, as
        Odoo's credit limit warning counts them: the commercial entity's
        receivables, its orders to invoice and this order. No limit when the
        company does not use credit limits."""
        self.ensure_one()
        # sudo: as sale's warning, the reader may not see the credit.
        order_sudo = self.sudo().with_company(self.company_id)
        customer = order_sudo.partner_id.commercial_partner_id
        if not order_sudo.company_id.account_use_credit_limit:
            return customer, 0.0, 0.0
        # Confirmed orders count in the customer's credit to invoice already.
        current = (
            order_sudo.amount_total / order_sudo.currency_rate
            if order_sudo.state in ("draft", "sent") and order_sudo.currency_rate
            else 0.0
        )
        exposure = customer.credit + customer.credit_to_invoice + current
        return customer, exposure, customer.credit_limit

    def _get_credit_days_overdue(self):
        """The days overdue of the oldest unpaid invoice of the customer or
        of the invoice address, in the order's company."""
        self.ensure_one()
        # sudo: the collection figures are the credit controllers'; the rule
        # binds whoever confirms.
        customers_sudo = (
            (self.partner_id | self.partner_invoice_id)
            .sudo()
            .with_company(self.company_id)
            .commercial_partner_id
        )
        return max(customers_sudo.mapped("followup_days_overdue"), default=0)
