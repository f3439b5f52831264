# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


class ReceivableCashInForecast(models.Model):
    """The cash still to come in, by the date it is expected, in the company
    currency.

    Three sources, never counted twice: the unpaid part of the instalments
    of the confirmed orders that have a payment plan; the open items of the customer
    invoices and credit notes of every other order or of none, at their due
    date; and the open promises to pay, which move what they promise from
    today (it is overdue) to the promised date. What is late falls today:
    it is cash expected now, not in a month already gone. What is paid is
    not there.
    """

    _name = "receivable.cash.in.forecast"
    _description = "Cash-in Forecast"
    _auto = False
    _order = "date, partner_id"
    _rec_name = "partner_id"
    _depends = {
        "receivable.payment.plan.line": [
            "order_id",
            "planned_date",
            "amount_to_collect",
            "partner_id",
            "user_id",
            "company_id",
        ],
        "receivable.payment.promise": [
            "partner_id",
            "amount",
            "promised_date",
            "state",
            "company_id",
        ],
        "account.move.line": [
            "amount_residual",
            "date_maturity",
            "reconciled",
            "parent_state",
            "partner_id",
            "account_id",
            "move_id",
            "sale_line_ids",
        ],
        "account.move": ["move_type", "invoice_user_id"],
        "sale.order": ["currency_rate", "state"],
    }

    date = fields.Date(
        string="Expected Date",
        readonly=True,
        help="When the cash is expected: the planned date of the instalment, "
        "the due date of the invoice or the promised date; today when that "
        "date has passed.",
    )
    date_planned = fields.Date(
        string="Planned or Due Date",
        readonly=True,
        help="The instalment's planned date, the invoice's due date or the "
        "promised date, even when it has passed.",
    )
    origin = fields.Selection(
        [
            ("instalment", "Payment Plan"),
            ("invoice", "Invoice"),
            ("promise", "Promise to Pay"),
        ],
        string="Source",
        readonly=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        readonly=True,
        help="Its planned or due date has passed: it is expected today.",
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(
        string="Expected Cash",
        readonly=True,
        help="In the company currency. A promise adds its amount at the "
        "promised date and takes it off today's overdue cash.",
    )
    order_id = fields.Many2one("sale.order", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    promise_id = fields.Many2one("receivable.payment.promise", readonly=True)

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        return SQL(
            """
            SELECT rows.*
              FROM (
                -- ids stay the same from one query to the next: the source
                -- record's id, times 4, plus the source
                SELECT plan.id * 4 AS id, 'instalment' AS origin,
                       GREATEST(plan.planned_date, %(today)s) AS date,
                       plan.planned_date AS date_planned,
                       plan.planned_date < %(today)s AS is_overdue,
                       plan.partner_id, plan.user_id, plan.company_id,
                       company.currency_id,
                       plan.amount_to_collect
                           / COALESCE(NULLIF(sale.currency_rate, 0), 1) AS amount,
                       plan.order_id, NULL::integer AS move_id,
                       NULL::integer AS promise_id
                  FROM receivable_payment_plan_line plan
                  JOIN sale_order sale ON sale.id = plan.order_id
                  JOIN res_company company ON company.id = plan.company_id
                 WHERE plan.amount_to_collect > 0
                   AND sale.state = 'sale'
                 UNION ALL
                SELECT aml.id * 4 + 1, 'invoice',
                       GREATEST(COALESCE(aml.date_maturity, aml.date), %(today)s),
                       COALESCE(aml.date_maturity, aml.date),
                       COALESCE(aml.date_maturity, aml.date) < %(today)s,
                       aml.partner_id, move.invoice_user_id, aml.company_id,
                       aml.company_currency_id, aml.amount_residual,
                       NULL, aml.move_id, NULL
                  FROM account_move_line aml
                  JOIN account_move move ON move.id = aml.move_id
                  JOIN account_account account
                    ON account.id = aml.account_id
                   AND account.account_type = 'asset_receivable'
                 WHERE %(open_item)s
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND NOT EXISTS (
                       SELECT 1
                         FROM account_move_line invoice_line
                         JOIN sale_order_line_invoice_rel rel
                           ON rel.invoice_line_id = invoice_line.id
                         JOIN sale_order_line order_line
                           ON order_line.id = rel.order_line_id
                         JOIN receivable_payment_plan_line plan
                           ON plan.order_id = order_line.order_id
                        WHERE invoice_line.move_id = aml.move_id
                   )
                 UNION ALL
                SELECT promise.id * 4 + (CASE WHEN sign.sign > 0 THEN 2 ELSE 3 END),
                       'promise',
                       CASE WHEN sign.sign > 0 THEN promise.promised_date
                            ELSE %(today)s END,
                       promise.promised_date, sign.sign < 0,
                       promise.partner_id, partner.user_id, promise.company_id,
                       company.currency_id, sign.sign * promise.amount,
                       NULL, NULL, promise.id
                  FROM receivable_payment_promise promise
                  JOIN res_partner partner ON partner.id = promise.partner_id
                  JOIN res_company company ON company.id = promise.company_id
                 CROSS JOIN (VALUES (1), (-1)) AS sign (sign)
                 WHERE promise.state = 'open'
                   AND promise.promised_date > %(today)s
              ) rows
            """,
            today=today,
            open_item=self.env["account.move.line"]._turbo_open_item_sql(),
        )

    def action_open_document(self):
        """A row opens the invoice it expects, or the order of its instalment."""
        self.ensure_one()
        return (self.move_id or self.order_id)._get_records_action()
