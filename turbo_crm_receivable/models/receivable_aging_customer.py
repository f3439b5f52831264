# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL

from .receivable_aging_measures import BUCKETS

_logger = logging.getLogger(__name__)

PENDING = "turbo_crm_receivable.aging_partners"
ALL = 0  # in the queue: every customer (a receivable account changed)


class LeftToAnother(Exception):
    """Another transaction is doing the refresh."""


class ReceivableAgingCustomer(models.Model):
    """What each customer owes, aged: one row per customer and company.

    The rows are kept current by the addon, not typed in: when a
    receivable journal item of a customer is posted, reconciled, changed or
    deleted, that customer's row is recomputed from its open items before
    anyone reads it; the first read of a new day, or the daily job, ages
    every row again. A list of customers then reads these rows instead of
    grouping every open item.
    """

    _name = "receivable.aging.customer"
    _inherit = ["receivable.aging.measures"]
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
    # The customer's, copied by each refresh (not related fields: the ORM
    # would write these rows from every change of a customer, in the
    # writer's transaction; a change of the customer's queues it instead).
    user_id = fields.Many2one(
        "res.users", string="Salesperson", readonly=True, index=True
    )
    collector_id = fields.Many2one("res.users", readonly=True, index=True)
    sales_region_id = fields.Many2one("crm.sales.region", readonly=True, index=True)
    date = fields.Date(
        string="Aged On",
        readonly=True,
        required=True,
        index=True,
        help="The day the amounts are aged on: today in the time zone of the "
        "main company, once the report is read.",
    )
    item_count = fields.Integer(string="Open Items", readonly=True)
    days_overdue = fields.Integer(
        readonly=True,
        aggregator="max",
        help="Days since the due date of the oldest overdue invoice still "
        "unpaid, once the credit notes and payments not matched yet are set "
        "against the oldest invoices first.",
    )

    _sql_constraints = [
        (
            "partner_company_uniq",
            "UNIQUE (partner_id, company_id)",
            "A customer has one aging row per company.",
        ),
    ]

    def init(self):
        result = super().init()
        # Installed on a database that already has invoices: every customer
        # is aged on first read (not here, where the other models of the
        # addon may still lack their columns).
        self._touch()
        return result

    # -- Keeping the rows current -------------------------------------------
    # A transaction that changes journal items only notes their customers
    # (_touch) and, as it commits, queues them: an INSERT, which never waits
    # for nor conflicts with another writer. Readers of the report apply the
    # queue, and the changes of their own transaction, before they read.
    @api.model
    def _touch(self, partner_ids=None):
        """Have these customers' rows (all rows when None) recomputed before
        they are next read, in this transaction or any later one."""
        if partner_ids is not None and not partner_ids:
            return
        data = self.env.cr.precommit.data
        if PENDING not in data:
            data[PENDING] = set()
            self.env.cr.precommit.add(self._queue_pending)
        if partner_ids is None:
            data[PENDING].add(ALL)
        else:
            data[PENDING].update(pid for pid in partner_ids if pid)

    @api.model
    def _queue_pending(self):
        partner_ids = self.env.cr.precommit.data.pop(PENDING, None)
        if partner_ids:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO receivable_aging_queue (partner_id) "
                    "SELECT unnest(%s::int[])",
                    sorted(partner_ids),
                )
            )

    @api.model
    def _aging_today(self):
        """The day every row is aged on, the same whoever reads or writes:
        today in the time zone of the main company (UTC when it has none)."""
        self.env.cr.execute(
            """
            SELECT partner.tz
              FROM res_company company
              JOIN res_partner partner ON partner.id = company.partner_id
             ORDER BY company.id
             LIMIT 1
            """
        )
        row = self.env.cr.fetchone()
        tz = (row and row[0]) or "UTC"
        return fields.Date.context_today(self.with_context(tz=tz))

    @api.model
    def _refresh(self, partner_ids=None, today=None):
        """Age the open items of these customers (all when None) as of today
        and write their rows, in one statement: a row whose customer owes
        nothing any more goes."""
        today = today or self._aging_today()
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
                WITH aml AS (
                    -- Each overdue item with what the customer owes up to
                    -- it (oldest first), and the customer's unmatched
                    -- credit: an item the credit covers is not late, as on
                    -- the customer's form (_followup_unpaid_days).
                    SELECT aml.id, aml.partner_id, aml.company_id,
                           aml.amount_residual, aml.date_maturity, aml.date,
                           SUM(aml.amount_residual)
                               FILTER (WHERE aml.amount_residual > 0
                                       AND %(due)s < %(today)s)
                               OVER (PARTITION BY aml.partner_id, aml.company_id
                                     ORDER BY %(due)s, aml.id) AS owed_to_date,
                           -SUM(aml.amount_residual)
                               FILTER (WHERE aml.amount_residual < 0)
                               OVER (PARTITION BY aml.partner_id, aml.company_id)
                               AS credit
                      FROM account_move_line aml
                     WHERE aml.account_id = ANY(%(accounts)s)
                       AND %(open_item)s
                       AND %(in_scope)s
                ), fresh AS (
                    SELECT aml.partner_id, aml.company_id,
                           COUNT(*) AS item_count,
                           MAX(%(today)s - %(due)s)
                               FILTER (WHERE %(due)s < %(today)s
                                       AND aml.amount_residual > 0
                                       AND aml.owed_to_date
                                           > COALESCE(aml.credit, 0))
                               AS days_overdue,
                           SUM(aml.amount_residual) AS amount_residual,
                           %(bucket_sums)s,
                           SUM(aml.amount_residual) FILTER (WHERE %(due)s < %(today)s)
                               AS amount_overdue
                      FROM aml
                     GROUP BY aml.partner_id, aml.company_id
                ), kept AS (
                    INSERT INTO receivable_aging_customer (
                        partner_id, company_id, user_id, collector_id,
                        sales_region_id, date, item_count, days_overdue,
                        amount_residual, %(columns)s, amount_overdue,
                        create_uid, create_date, write_uid, write_date)
                    SELECT fresh.partner_id, fresh.company_id, partner.user_id,
                           %(collector)s, partner.sales_region_id,
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
                collector=self.env["res.partner"]._collector_sql(
                    "partner", SQL("fresh.company_id")
                ),
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
            ),
            # A read-only cursor (Odoo retries on a read/write one), or a
            # concurrent reader (see _refresh_if_needed): not worth an error.
            log_exceptions=False,
        )
        self.invalidate_model()

    @api.model
    def _refresh_if_needed(self):
        """Bring the rows up to date before they are read: the customers
        queued by committed transactions and those changed in this one, or
        every row on a new day.

        Most reads find nothing to do and write nothing (a read-only cursor
        of Odoo's replica mode then serves them; otherwise Odoo retries on a
        read/write one). What this transaction changed stays noted for its
        commit: a savepoint rolled back must not lose it.
        """
        cr = self.env.cr
        self.env.flush_all()
        partner_ids = set(cr.precommit.data.get(PENDING, ()))
        cr.execute("SELECT EXISTS (SELECT 1 FROM receivable_aging_queue)")
        queued = cr.fetchone()[0]
        today = self._aging_today()
        # Both ends of the date index: two probes, whatever the statistics.
        cr.execute("SELECT MIN(date), MAX(date) FROM receivable_aging_customer")
        oldest, newest = cr.fetchone()
        stale = oldest is not None and (oldest != today or newest != today)
        if not (queued or stale or partner_ids):
            return
        try:
            with cr.savepoint(flush=False):
                if queued:
                    # SKIP LOCKED: not waiting for another reader applying it.
                    cr.execute(
                        """
                        DELETE FROM receivable_aging_queue
                         WHERE id IN (SELECT id FROM receivable_aging_queue
                                      FOR UPDATE SKIP LOCKED)
                     RETURNING partner_id
                        """,
                        log_exceptions=False,
                    )
                    partner_ids.update(row[0] for row in cr.fetchall())
                if ALL in partner_ids or stale:
                    if not self._lock_full_refresh():
                        # Another worker is ageing every row: the queue
                        # stays for after it (the savepoint takes it back).
                        raise LeftToAnother
                    self._refresh(today=today)
                elif partner_ids:
                    self._refresh(partner_ids, today=today)
        except (LeftToAnother, psycopg2.errors.SerializationFailure):
            # Another reader applied the same entries, or aged the same
            # rows, since this transaction began: this read shows the rows
            # as they were, the next one shows its work.
            _logger.info("Aging by customer: left to a concurrent reader")

    @api.model
    def _lock_full_refresh(self):
        """Whether this transaction may age every row: one at a time, the
        others read the rows as they are meanwhile."""
        self.env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", self._name)
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _cron_age_customers(self):
        """Daily, just after midnight: age every customer's row, so that the
        first reader of the day does not wait for it, and so that nothing
        missed (items written in SQL, say) outlives a day. Idempotent; a
        second worker finding the first one at it leaves it be."""
        if self._lock_full_refresh():
            self.env.cr.execute("DELETE FROM receivable_aging_queue")
            self._refresh()

    # The reads of the report (lists, counts, pivots, graphs) bring the rows
    # up to date first; reading given rows (fetch) does not. The web
    # client's calls make two reads each (rows and count, groups and their
    # count): they check once.
    def _refresh_once(self):
        if not self.env.context.get("turbo_aging_fresh"):
            self._refresh_if_needed()
        return self.with_context(turbo_aging_fresh=True)

    @api.model
    def web_search_read(self, domain, specification, **kwargs):
        return super(ReceivableAgingCustomer, self._refresh_once()).web_search_read(
            domain, specification, **kwargs
        )

    @api.model
    def web_read_group(self, domain, fields, groupby, **kwargs):
        return super(ReceivableAgingCustomer, self._refresh_once()).web_read_group(
            domain, fields, groupby, **kwargs
        )

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        records = super(ReceivableAgingCustomer, self._refresh_once()).search_fetch(
            domain, field_names, offset=offset, limit=limit, order=order
        )
        return records.with_env(self.env)

    @api.model
    def search_count(self, domain, limit=None):
        return super(ReceivableAgingCustomer, self._refresh_once()).search_count(
            domain, limit=limit
        )

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), **kwargs):
        return super(ReceivableAgingCustomer, self._refresh_once())._read_group(
            domain, groupby, aggregates, having, **kwargs
        )

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


class ReceivableAgingQueue(models.Model):
    """Customers whose aging row is to be recomputed, queued by the
    transactions that changed their journal items (see _touch)."""

    _name = "receivable.aging.queue"
    _description = "Aging Queue"
    _log_access = False

    partner_id = fields.Integer(required=True)
