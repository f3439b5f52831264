# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.receivable_aging_measures import BUCKETS

# Upper bound in days overdue of each bucket but the last.
BUCKET_LIMITS = [
    ("not_due", 0),
    ("1_30", 30),
    ("31_60", 60),
    ("61_90", 90),
    ("91_180", 180),
]


class ReceivableAgingReport(models.Model):
    """One row per open receivable journal item, aged on its due date.

    Amounts are the residual in the company currency, so partial payments
    are deducted and credit notes not yet matched count negative. The day of
    reference is today in the user's time zone, taken when the report is
    read.
    """

    _name = "receivable.aging.report"
    _inherit = ["receivable.aging.measures"]
    _description = "Receivable Aging"
    _auto = False
    _order = "date_due, id"
    _rec_name = "move_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    move_type = fields.Selection(
        selection=lambda self: (
            self.env["account.move"]
            ._fields["move_type"]
            ._description_selection(self.env)
        ),
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    collector_id = fields.Many2one("res.users", readonly=True)
    channel_partner_id = fields.Many2one("res.partner", string="Channel", readonly=True)
    sales_region_id = fields.Many2one("crm.sales.region", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    invoice_date = fields.Date(readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    bucket = fields.Selection(BUCKETS, readonly=True)

    @property
    def _table_query(self):
        self.env["res.partner"].flush_model(
            ["collector_id", "user_id", "sales_region_id"]
        )
        self.env["account.move"].flush_model(["invoice_user_id", "channel_partner_id"])
        self.env["account.move.line"].flush_model()
        today = fields.Date.context_today(self)
        due = SQL("COALESCE(aml.date_maturity, aml.date)")
        residual = SQL("aml.amount_residual::float8")
        ranges = self._bucket_ranges(today, due)
        bucket = SQL(
            "CASE %s ELSE '180_plus' END",
            SQL(" ").join(
                SQL("WHEN %s >= %s THEN %s", due, today - timedelta(days=days), name)
                for name, days in BUCKET_LIMITS
            ),
        )
        amounts = SQL(", ").join(
            SQL(
                "CASE WHEN %s THEN %s ELSE 0 END AS %s",
                ranges[name],
                residual,
                SQL.identifier(f"amount_{name}"),
            )
            for name, _label in BUCKETS
        )
        return SQL(
            """
            SELECT aml.id, aml.partner_id, aml.move_id, move.move_type,
                   COALESCE(move.invoice_user_id, partner.user_id) AS user_id,
                   %(collector)s AS collector_id, move.channel_partner_id,
                   partner.sales_region_id, aml.company_id,
                   company.currency_id, move.invoice_date,
                   %(due)s AS date_due,
                   GREATEST(%(today)s - %(due)s, 0) AS days_overdue,
                   %(bucket)s AS bucket,
                   %(residual)s AS amount_residual,
                   %(amounts)s,
                   CASE WHEN %(due)s < %(today)s THEN %(residual)s ELSE 0 END
                       AS amount_overdue
              FROM account_move_line aml
              LEFT JOIN account_move move ON move.id = aml.move_id
              LEFT JOIN res_company company ON company.id = aml.company_id
              LEFT JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE aml.account_id = ANY(%(accounts)s)
               AND %(open_item)s
            """,
            due=due,
            today=today,
            collector=self.env["res.partner"]._collector_sql(
                "partner", SQL("aml.company_id")
            ),
            bucket=bucket,
            residual=residual,
            amounts=amounts,
            # The accounts as values: PostgreSQL then knows from its
            # statistics how many items they hold.
            accounts=self._receivable_account_ids(),
            open_item=self.env["account.move.line"]._turbo_open_item_sql(),
        )

    @api.model
    def _bucket_ranges(self, today, due):
        """{bucket: SQL condition on the due date} on the given day.

        Each bucket is a range of due dates, computed here once: per item, a
        measure costs one or two date comparisons.
        """
        ranges = {}
        newer = None
        for name, days in BUCKET_LIMITS:
            oldest = today - timedelta(days=days)
            ranges[name] = (
                SQL("%s >= %s", due, oldest)
                if newer is None
                else SQL("%s >= %s AND %s < %s", due, oldest, due, newer)
            )
            newer = oldest
        ranges["180_plus"] = SQL("%s < %s", due, newer)
        return ranges

    def _receivable_account_ids(self):
        Account = self.env["account.account"].sudo().with_context(active_test=False)
        return Account.search([("account_type", "=", "asset_receivable")]).ids

    def action_open_move(self):
        """A row opens its invoice or credit note."""
        self.ensure_one()
        return self.move_id._get_records_action()
