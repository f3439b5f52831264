# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

from .receivable_aging_report import BUCKETS

PENDING = "turbo_crm_receivable.aging_partners"


class ReceivableAgingCustomer(models.Model):
    """What each customer owes, aged: one row per customer and company.

    The rows are kept current by the addon, not typed in: when a journal
    item of a customer is posted, reconciled or changed, that customer's
    row is recomputed from its open items at the end of the transaction (or
    before the next read in the same one); the first read of a new day, or
    the daily job, ages every row again. A list of customers by name then
    reads these rows instead of grouping every open item.
    """

    _name = "receivable.aging.customer"
    _description = "Aging by Customer"
    _order = "amount_residual desc, id"
    _rec_name = "partner_id"

    # A customer or company deleted takes its row along: it can only be
    # deleted once it has no journal items, hence nothing to age.
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", readonly=True, required=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", store=True, index=True
    )
    collector_id = fields.Many2one(
        related="partner_id.collector_id", store=True, index=True
    )
    sales_region_id = fields.Many2one(
        related="partner_id.sales_region_id", store=True, index=True
    )
    date = fields.Date(
        string="Aged On",
        readonly=True,
        required=True,
        index=True,
        help="The day the amounts are aged on: today once the report is read.",
    )
    item_count = fields.Integer(string="Open Items", readonly=True)
    days_overdue = fields.Integer(
        readonly=True,
        aggregator="max",
        help="Days since the due date of the oldest overdue invoice.",
    )
    amount_residual = fields.Monetary(string="Amount Due", readonly=True)
    amount_not_due = fields.Monetary(string="Not Due", readonly=True)
    amount_1_30 = fields.Monetary(string="1-30", readonly=True)
    amount_31_60 = fields.Monetary(string="31-60", readonly=True)
    amount_61_90 = fields.Monetary(string="61-90", readonly=True)
    amount_91_180 = fields.Monetary(string="91-180", readonly=True)
    amount_180_plus = fields.Monetary(string="180+", readonly=True)
    amount_overdue = fields.Monetary(string="Overdue", readonly=True)

    _sql_constraints = [
        (
            "partner_company_uniq",
            "UNIQUE (partner_id, company_id)",
            "A customer has one aging row per company.",
        ),
    ]

    def init(self):
        result = super().init()
        # Installed on a database that already has invoices.
        self._refresh()
        return result

    # -- Keeping the rows current -------------------------------------------
    @api.model
    def _touch(self, partner_ids):
        """Recompute these customers' rows before this transaction commits
        or this model is read again, whichever comes first."""
        partner_ids = {pid for pid in partner_ids if pid}
        if not partner_ids:
            return
        data = self.env.cr.precommit.data
        if PENDING not in data:
            data[PENDING] = set()
            self.env.cr.precommit.add(self._refresh_pending)
        data[PENDING] |= partner_ids

    @api.model
    def _refresh_pending(self):
        partner_ids = self.env.cr.precommit.data.pop(PENDING, None)
        if partner_ids:
            self._refresh(partner_ids)

    @api.model
    def _refresh(self, partner_ids=None):
        """Age the open items of these customers (all when None) as of today
        and write their rows, in one statement: a row whose customer owes
        nothing any more goes. Two transactions refreshing the same customer
        conflict on its row, and Odoo retries the later one."""
        today = fields.Date.context_today(self)
        Report = self.env["receivable.aging.report"]
        due = SQL("COALESCE(aml.date_maturity, aml.date)")
        ranges = Report._bucket_ranges(today, due)
        columns = [f"amount_{name}" for name, _label in BUCKETS]
        in_scope = (
            SQL("aml.partner_id = ANY(%s)", sorted(partner_ids))
            if partner_ids is not None
            else SQL("aml.partner_id IS NOT NULL")
        )
        row_in_scope = (
            SQL("row.partner_id = ANY(%s)", sorted(partner_ids))
            if partner_ids is not None
            else SQL("TRUE")
        )
        self.env.cr.execute(
            SQL(
                """
                WITH fresh AS (
                    SELECT aml.partner_id, aml.company_id,
                           COUNT(*) AS item_count,
                           MAX(%(today)s - %(due)s)
                               FILTER (WHERE %(due)s < %(today)s
                                       AND aml.amount_residual > 0) AS days_overdue,
                           SUM(aml.amount_residual) AS amount_residual,
                           %(bucket_sums)s,
                           SUM(aml.amount_residual) FILTER (WHERE %(due)s < %(today)s)
                               AS amount_overdue
                      FROM account_move_line aml
                     WHERE aml.account_id = ANY(%(accounts)s)
                       AND %(open_item)s
                       AND %(in_scope)s
                     GROUP BY aml.partner_id, aml.company_id
                ), kept AS (
                    INSERT INTO receivable_aging_customer (
                        partner_id, company_id, user_id, collector_id,
                        sales_region_id, date, item_count, days_overdue,
                        amount_residual, %(columns)s, amount_overdue,
                        create_uid, create_date, write_uid, write_date)
                    SELECT fresh.partner_id, fresh.company_id, partner.user_id,
                           partner.collector_id, partner.sales_region_id,
                           %(today)s, fresh.item_count,
                           COALESCE(fresh.days_overdue, 0),
                           fresh.amount_residual, %(fresh_columns)s,
                           COALESCE(fresh.amount_overdue, 0),
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM fresh
                      JOIN res_partner partner ON partner.id = fresh.partner_id
                    ON CONFLICT (partner_id, company_id) DO UPDATE SET
                        user_id = EXCLUDED.user_id,
                        collector_id = EXCLUDED.collector_id,
                        sales_region_id = EXCLUDED.sales_region_id,
                        date = EXCLUDED.date,
                        item_count = EXCLUDED.item_count,
                        days_overdue = EXCLUDED.days_overdue,
                        amount_residual = EXCLUDED.amount_residual,
                        %(updates)s,
                        amount_overdue = EXCLUDED.amount_overdue,
                        write_uid = EXCLUDED.write_uid,
                        write_date = EXCLUDED.write_date
                    RETURNING id
                )
                DELETE FROM receivable_aging_customer row
                 WHERE %(row_in_scope)s
                   AND row.id NOT IN (SELECT id FROM kept)
                """,
                today=today,
                due=due,
                bucket_sums=SQL(", ").join(
                    SQL(
                        "COALESCE(SUM(aml.amount_residual) FILTER (WHERE %s), 0) AS %s",
                        ranges[name],
                        SQL.identifier(f"amount_{name}"),
                    )
                    for name, _label in BUCKETS
                ),
                accounts=Report._receivable_account_ids(),
                open_item=self.env["account.move.line"]._turbo_open_item_sql(),
                in_scope=in_scope,
                row_in_scope=row_in_scope,
                columns=SQL(", ").join(SQL.identifier(c) for c in columns),
                fresh_columns=SQL(", ").join(
                    SQL.identifier("fresh", c) for c in columns
                ),
                updates=SQL(", ").join(
                    SQL("%s = EXCLUDED.%s", SQL.identifier(c), SQL.identifier(c))
                    for c in columns
                ),
                uid=self.env.uid,
                now=self.env.cr.now(),
            )
        )
        self.invalidate_model()

    @api.model
    def _refresh_if_needed(self):
        """Bring the rows up to date before they are read: the customers
        changed in this transaction, and every row on a new day."""
        self.env.flush_all()
        self._refresh_pending()
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM receivable_aging_customer WHERE date < %s LIMIT 1",
                fields.Date.context_today(self),
            )
        )
        if self.env.cr.fetchone():
            self._refresh()

    @api.model
    def _cron_age_customers(self):
        """Daily, just after midnight: age every customer's row, so that the
        first reader of the day does not wait for it. Idempotent; a second
        worker finding the first one at it leaves it be."""
        self.env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", self._name)
        )
        if self.env.cr.fetchone()[0]:
            self._refresh_if_needed()

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        self._refresh_if_needed()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def action_open_items(self):
        """The customer's open items in the aging report."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm_receivable.receivable_aging_report_action"
        )
        action.update(
            {
                "display_name": self.env._("Aging: %s", self.partner_id.display_name),
                "domain": [
                    ("partner_id", "=", self.partner_id.id),
                    ("company_id", "=", self.company_id.id),
                ],
                "view_mode": "list,pivot,graph",
                "views": [(False, "list"), (False, "pivot"), (False, "graph")],
            }
        )
        return action
