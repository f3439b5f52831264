# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools import SQL, LazyTranslate

_lt = LazyTranslate(__name__)


class CrmCustomerValueModel(models.Model):
    _inherit = "crm.customer.value.model"

    def _get_value_indicators(self):
        return {
            **super()._get_value_indicators(),
            "overdue_ratio": {
                "name": _lt("Overdue Receivable Ratio"),
                "applies_to": "customer",
                "unit": "percent",
            },
            "days_to_pay": {
                "name": _lt("Average Days to Pay"),
                "applies_to": "customer",
                "unit": "days",
            },
        }

    def _value_indicator_overdue_ratio(self, date_from, date_to):
        """Overdue share of what the customer owes now, in %: open
        receivable items due before the day of the run over all its open
        items (company currency)."""
        Line = self.env["account.move.line"]
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   100.0 * COALESCE(SUM(aml.amount_residual) FILTER (
                       WHERE COALESCE(aml.date_maturity, aml.date) < %(day)s), 0)
                   / NULLIF(SUM(aml.amount_residual), 0) AS value
              FROM account_move_line aml
              JOIN res_partner p ON p.id = aml.partner_id
             WHERE aml.company_id = %(company)s
               AND aml.account_id = ANY(%(accounts)s)
               AND %(open_item)s
             GROUP BY p.commercial_partner_id
            HAVING SUM(aml.amount_residual) > 0
            """,
            day=date_to,
            company=self.company_id.id,
            accounts=self.env["receivable.aging.report"]._receivable_account_ids(),
            open_item=Line._turbo_open_item_sql(),
        )

    def _value_indicator_days_to_pay(self, date_from, date_to):
        """Days from the invoice to its last payment, on average over the
        customer's invoices of the period that are paid."""
        return SQL(
            """
            SELECT partner_id, AVG(days) AS value
              FROM (
                SELECT p.commercial_partner_id AS partner_id,
                       MAX(apr.max_date) - move.invoice_date AS days
                  FROM account_move move
                  JOIN res_partner p ON p.id = move.partner_id
                  JOIN account_move_line aml
                    ON aml.move_id = move.id
                   AND aml.account_id = ANY(%(accounts)s)
                  JOIN account_partial_reconcile apr ON apr.debit_move_id = aml.id
                 WHERE move.company_id = %(company)s
                   AND move.move_type = 'out_invoice'
                   AND move.state = 'posted'
                   AND move.payment_state IN ('paid', 'in_payment')
                   AND move.invoice_date >= %(date_from)s
                   AND move.invoice_date <= %(date_to)s
                 GROUP BY p.commercial_partner_id, move.id
              ) paid
             GROUP BY partner_id
            """,
            accounts=self.env["receivable.aging.report"]._receivable_account_ids(),
            company=self.company_id.id,
            date_from=date_from,
            date_to=date_to,
        )
