# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL

DSO_DAYS = 90


class ReceivableCollectorReport(models.Model):
    """Each collector's book: what their customers owe, what they invoiced
    and what was collected over the last 90 days, and the days sales
    outstanding (DSO = owed / invoiced over 90 days x 90; counted back
    through older invoices when those of the last 90 days do not cover what
    is owed, so that a book all overdue does not read 0)."""

    _name = "receivable.collector.report"
    _description = "Collector Performance"
    _auto = False
    _order = "amount_due desc"
    _rec_name = "collector_id"

    collector_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    customer_count = fields.Integer(string="Customers Owing", readonly=True)
    amount_due = fields.Monetary(readonly=True)
    amount_overdue = fields.Monetary(readonly=True)
    invoiced_amount = fields.Monetary(
        string="Invoiced (90 Days)",
        readonly=True,
        help="Customer invoices net of credit notes dated in the last 90 days.",
    )
    collected_amount = fields.Monetary(
        string="Collected (90 Days)",
        readonly=True,
        help="Payments matched with customer invoices in the last 90 days.",
    )
    dso = fields.Float(
        string="DSO (Days)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Days sales outstanding: amount due divided by what was invoiced "
        "in the last 90 days, times 90. When the last 90 days' invoices do "
        "not cover what is owed, the days back to the invoice from which on "
        "they do (count-back).",
    )
    action_count = fields.Integer(string="Collection Actions (30 Days)", readonly=True)
    broken_promise_count = fields.Integer(string="Broken Promises", readonly=True)

    @property
    def _table_query(self):
        self.env["res.partner"].flush_model(["collector_id", "user_id"])
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.env["receivable.followup.log"].flush_model()
        self.env["receivable.payment.promise"].flush_model()
        today = fields.Date.context_today(self)
        accounts = self.env["receivable.aging.report"]._receivable_account_ids()

        def collector(alias):
            # The customer's collector for the company of the row.
            return self.env["res.partner"]._collector_sql(
                "partner", SQL.identifier(alias, "company_id")
            )

        return SQL(
            """
            WITH owed AS (
                SELECT %(aml_collector)s AS collector_id, aml.company_id,
                       COUNT(DISTINCT aml.partner_id) AS customers,
                       SUM(aml.amount_residual) AS due,
                       SUM(aml.amount_residual) FILTER (
                           WHERE COALESCE(aml.date_maturity, aml.date) < %(today)s
                       ) AS overdue,
                       MIN(aml.date) AS oldest
                  FROM account_move_line aml
                  JOIN res_partner partner ON partner.id = aml.partner_id
                 WHERE aml.account_id = ANY(%(accounts)s)
                   AND %(open_item)s
                 GROUP BY 1, 2
            ), days AS (
                -- what was invoiced each day: the count-back walks days,
                -- not invoices
                SELECT %(move_collector)s AS collector_id, move.company_id,
                       move.invoice_date, SUM(move.amount_total_signed) AS amount
                  FROM account_move move
                  JOIN res_partner partner ON partner.id = move.commercial_partner_id
                 WHERE move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.invoice_date <= %(today)s
                 GROUP BY 1, 2, 3
            ), invoiced AS (
                SELECT collector_id, company_id, SUM(amount) AS amount
                  FROM days
                 WHERE invoice_date > %(since)s
                 GROUP BY 1, 2
            ), recent AS (
                -- every day, newest first, with what was invoiced from it to
                -- today
                SELECT collector_id, company_id, invoice_date,
                       SUM(amount) OVER (
                           PARTITION BY collector_id, company_id
                           ORDER BY invoice_date DESC
                       ) AS since_then
                  FROM days
            ), countback AS (
                -- the days back to the newest invoice from which on what was
                -- invoiced covers what is owed
                SELECT owed.collector_id, owed.company_id,
                       %(today)s - MAX(recent.invoice_date) AS days
                  FROM owed
                  JOIN recent USING (collector_id, company_id)
                 WHERE recent.since_then >= owed.due
                 GROUP BY 1, 2
            ), collected AS (
                SELECT %(aml_collector)s AS collector_id, aml.company_id,
                       SUM(apr.amount) AS amount
                  FROM account_partial_reconcile apr
                  JOIN account_move_line aml ON aml.id = apr.debit_move_id
                  JOIN account_move move ON move.id = aml.move_id
                  JOIN res_partner partner ON partner.id = aml.partner_id
                 WHERE aml.account_id = ANY(%(accounts)s)
                   AND move.move_type = 'out_invoice'
                   AND apr.max_date > %(since)s
                   AND apr.max_date <= %(today)s
                 GROUP BY 1, 2
            ), actions AS (
                SELECT user_id AS collector_id, company_id, COUNT(*) AS count
                  FROM receivable_followup_log
                 WHERE date > %(today)s - 30
                 GROUP BY 1, 2
            ), broken AS (
                SELECT %(promise_collector)s AS collector_id, promise.company_id,
                       COUNT(*) AS count
                  FROM receivable_payment_promise promise
                  JOIN res_partner partner ON partner.id = promise.partner_id
                 WHERE promise.state = 'broken'
                 GROUP BY 1, 2
            ), books AS (
                SELECT collector_id, company_id FROM owed
                 UNION SELECT collector_id, company_id FROM invoiced
                 UNION SELECT collector_id, company_id FROM collected
            )
            SELECT ROW_NUMBER() OVER (ORDER BY books.company_id, books.collector_id)
                       AS id,
                   books.collector_id, books.company_id, company.currency_id,
                   COALESCE(owed.customers, 0) AS customer_count,
                   COALESCE(owed.due, 0) AS amount_due,
                   COALESCE(owed.overdue, 0) AS amount_overdue,
                   COALESCE(invoiced.amount, 0) AS invoiced_amount,
                   COALESCE(collected.amount, 0) AS collected_amount,
                   CASE
                       WHEN COALESCE(owed.due, 0) <= 0 THEN 0
                       WHEN owed.due <= invoiced.amount
                           THEN ROUND((owed.due * %(days)s
                                       / invoiced.amount)::numeric, 1)
                       ELSE COALESCE(countback.days, %(today)s - owed.oldest)
                   END AS dso,
                   COALESCE(actions.count, 0) AS action_count,
                   COALESCE(broken.count, 0) AS broken_promise_count
              FROM books
              JOIN res_company company ON company.id = books.company_id
              LEFT JOIN owed USING (collector_id, company_id)
              LEFT JOIN invoiced USING (collector_id, company_id)
              LEFT JOIN countback USING (collector_id, company_id)
              LEFT JOIN collected USING (collector_id, company_id)
              LEFT JOIN actions USING (collector_id, company_id)
              LEFT JOIN broken USING (collector_id, company_id)
            """,
            today=today,
            aml_collector=collector("aml"),
            move_collector=collector("move"),
            promise_collector=collector("promise"),
            since=fields.Date.subtract(today, days=DSO_DAYS),
            days=DSO_DAYS,
            accounts=accounts,
            open_item=self.env["account.move.line"]._turbo_open_item_sql(),
        )
