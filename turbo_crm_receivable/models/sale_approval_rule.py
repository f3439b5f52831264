# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import format_amount


class SaleApprovalRule(models.Model):
    _inherit = "sale.approval.rule"

    on_credit_hold = fields.Boolean(
        string="Customer on Credit Hold",
        help="Orders match when the customer, its invoice or delivery address "
        "or their commercial entity is on credit hold in the order's company.",
    )
    over_credit_limit = fields.Boolean(
        string="Customer over its Credit Limit",
        help="Orders match when the customer's receivables, its orders still "
        "to invoice and this order exceed its credit limit in the order's "
        "company (when the company uses credit limits: Accounting settings).",
    )
    overdue_days_over = fields.Integer(
        string="Invoices Overdue More Than (Days)",
        help="Orders match when the customer's oldest unpaid invoice is "
        "overdue by more than this many days in the order's company. Zero: "
        "no overdue condition.",
    )

    def _has_condition(self):
        return super()._has_condition() or bool(
            self.on_credit_hold or self.over_credit_limit or self.overdue_days_over
        )

    @api.constrains("on_credit_hold", "over_credit_limit", "overdue_days_over")
    def _check_credit_conditions(self):
        self._check_conditions_and_approvers()

    def _matches(self, order):
        reasons = super()._matches(order) or []
        company = order.company_id
        if self.on_credit_hold:
            held = order._get_credit_hold_partners()
            if held:
                reasons.append(
                    self.env._(
                        "%(customer)s is on credit hold.",
                        customer=", ".join(held.mapped("display_name")),
                    )
                )
        if self.over_credit_limit:
            customer, exposure, limit = order._get_credit_exposure()
            if limit and company.currency_id.compare_amounts(exposure, limit) > 0:
                reasons.append(
                    self.env._(
                        "The credit exposure of %(customer)s, %(exposure)s with "
                        "this order, exceeds its credit limit of %(limit)s.",
                        customer=customer.display_name,
                        exposure=format_amount(self.env, exposure, company.currency_id),
                        limit=format_amount(self.env, limit, company.currency_id),
                    )
                )
        if self.overdue_days_over:
            days = order._get_credit_days_overdue()
            if days > self.overdue_days_over:
                reasons.append(
                    self.env._(
                        "Invoices overdue by %(days)s days, more than %(threshold)s.",
                        days=days,
                        threshold=self.overdue_days_over,
                    )
                )
        return reasons or False

    def _prepare_order_approval_values(self, order, reasons):
        values = super()._prepare_order_approval_values(order, reasons)
        if self.over_credit_limit:
            _customer, exposure, limit = order._get_credit_exposure()
            values.update(credit_exposure=exposure, credit_limit=limit)
        if self.overdue_days_over:
            values["days_overdue"] = order._get_credit_days_overdue()
        return values
