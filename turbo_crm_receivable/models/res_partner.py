# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

AGING_PARTNER_FIELDS = frozenset({"user_id", "collector_id", "sales_region_id"})
# Written by credit controllers and the collection job only.
# In this order in the chatter.
COLLECTION_FIELDS = (
    "collector_id",
    "followup_level_id",
    "followup_date",
    "credit_hold",
)
# The flag that keeps a lifted hold lifted is theirs too, but not tracked.
COLLECTION_FIELDS_SET = frozenset(COLLECTION_FIELDS) | {"credit_hold_lifted"}
# Who owes what: for the customer's salesperson and collector, billing users
# and credit controllers (see _filter_followup_readable).
FOLLOWUP_AMOUNT_GROUPS = "sales_team.group_sale_salesman,account.group_account_invoice"
# Set in the context by code of this addon only (a remote caller cannot
# build this object): the merge wizard carries the merged contacts' values.
COLLECTION_SYNC = object()


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Each company's, as the level, date and hold below: a shared customer
    # may be collected by someone else for each company. Not set for a
    # company, the salesperson collects (see _field_to_sql). No
    # btree_not_null index: Odoo would then skip the partners without a
    # value, who are collected by their salesperson.
    collector_id = fields.Many2one(
        "res.users",
        company_dependent=True,
        index=False,
        domain="[('share', '=', False)]",
        help="Who reminds this customer of its overdue invoices (催收) for "
        "the current company. Defaults to the salesperson; a credit "
        "controller sets it to hand collection to someone else.",
    )
    # Level, date and hold are each company's: a customer shared by two
    # companies owes each of them apart.
    followup_level_id = fields.Many2one(
        "receivable.followup.level",
        string="Collection Level",
        company_dependent=True,
        check_company=True,
        readonly=True,
        copy=False,
        help="The last collection level reached in the current overdue spell "
        "with the current company; cleared when nothing is overdue any more.",
    )
    followup_date = fields.Date(
        string="Last Reminder",
        company_dependent=True,
        readonly=True,
        copy=False,
    )
    followup_log_ids = fields.One2many(
        "receivable.followup.log", "partner_id", string="Collection History"
    )
    payment_promise_ids = fields.One2many(
        "receivable.payment.promise", "partner_id", string="Promises to Pay"
    )
    credit_hold = fields.Boolean(
        company_dependent=True,
        readonly=True,
        copy=False,
        help="New quotations of this customer in the current company cannot "
        "be confirmed. Set by a collection level; a credit controller lifts it.",
    )
    credit_hold_lifted = fields.Boolean(
        company_dependent=True,
        readonly=True,
        copy=False,
        help="A credit controller lifted the hold in the current overdue "
        "spell with the current company: the collection job does not put it "
        "back until nothing is overdue and a new spell starts.",
    )
    followup_amount_due = fields.Monetary(
        string="Amount Due",
        compute="_compute_followup_amounts",
        currency_field="followup_currency_id",
        groups=FOLLOWUP_AMOUNT_GROUPS,
    )
    followup_amount_overdue = fields.Monetary(
        string="Amount Overdue",
        compute="_compute_followup_amounts",
        currency_field="followup_currency_id",
        groups=FOLLOWUP_AMOUNT_GROUPS,
    )
    followup_days_overdue = fields.Integer(
        string="Days Overdue",
        compute="_compute_followup_amounts",
        groups=FOLLOWUP_AMOUNT_GROUPS,
    )
    followup_currency_id = fields.Many2one(
        "res.currency", compute="_compute_followup_amounts"
    )
    followup_move_ids = fields.Many2many(
        "account.move",
        string="Overdue Invoices",
        compute="_compute_followup_amounts",
        groups=FOLLOWUP_AMOUNT_GROUPS,
    )

    # -- The collector: each company's, else the salesperson ----------------
    def _field_to_sql(self, alias, fname, query=None, flush=True):
        # Reads, searches, groupings and record rules all see the collector
        # of the current company, the salesperson when it has none.
        result = super()._field_to_sql(alias, fname, query, flush)
        if fname == "collector_id":
            result = SQL(
                "COALESCE(%s, %s)",
                result,
                super()._field_to_sql(alias, "user_id", query, flush),
            )
        return result

    @api.model
    def _collector_sql(self, alias, company):
        """SQL: the collector of the partner of table alias `alias` for the
        company `company` (an SQL expression, e.g. the company of a journal
        item): the one set for that company, else the salesperson. For
        reports that read several companies at once."""
        return SQL(
            "COALESCE((%s->>(%s)::text)::int4, %s)",
            SQL.identifier(alias, "collector_id"),
            company,
            SQL.identifier(alias, "user_id"),
        )

    @api.onchange("user_id")
    def _onchange_user_id_collector(self):
        # A new customer's form shows who will collect.
        for partner in self:
            if not partner.collector_id:
                partner.collector_id = partner.user_id

    def _keep_collectors(self, vals):
        """The collector stays when the salesperson changes: where a company
        has no collector of its own, the salesperson leaving was it; she
        becomes it explicitly, in every company."""
        if "user_id" not in vals:
            return
        new_user = vals["user_id"] or False
        leaving = self.filtered(
            lambda partner: partner.user_id and partner.user_id.id != new_user
        )
        if not leaving:
            return
        self.env["res.partner"].flush_model(["collector_id", "user_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner partner
                   SET collector_id = (
                           SELECT jsonb_object_agg(company.id::text, partner.user_id)
                             FROM res_company company
                       ) || jsonb_strip_nulls(COALESCE(partner.collector_id, '{}'))
                 WHERE partner.id = ANY(%s)
                """,
                leaving.ids,
            )
        )
        leaving.invalidate_recordset(["collector_id"])

    @api.model
    def _commercial_fields(self):
        # The company's collector collects for its contacts too. Its level
        # and hold stay on the company (read through commercial_partner_id):
        # copying them to every contact would cost a write per contact.
        return super()._commercial_fields() + ["collector_id"]

    # -- Who writes the collection fields --------------------------------
    def _is_collection_writer(self):
        return (
            self.env.su
            or self.env.user.has_group("turbo_crm_receivable.group_credit_controller")
            or self.env.context.get("turbo_collection_sync") is COLLECTION_SYNC
        )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        # Created without a collector, the ORM caches none; the salesperson
        # collects (see _field_to_sql).
        partners.invalidate_recordset(["collector_id"])
        if not self._is_collection_writer():
            # Checked once created: default_* keys of the context count too.
            for partner in partners.sudo():
                collector = partner.collector_id
                allowed = (
                    partner.commercial_partner_id.collector_id
                    if partner.commercial_partner_id != partner
                    else partner.user_id
                )
                if (
                    partner.credit_hold
                    or partner.followup_level_id
                    or partner.followup_date
                    or (collector and collector not in allowed)
                ):
                    raise AccessError(self._collection_fields_error())
        return partners

    @property
    def _mail_post_access(self):
        """Credit controllers log notes and write to the customers they
        follow up from the chatter without managing contacts: for them,
        posting needs read access, as on invoices (``account.move``). One
        attribute read by mail everywhere (the chatter's buttons, the post
        and attachment routes, the message's access check)."""
        if self.env.user.has_group("turbo_crm_receivable.group_credit_controller"):
            return "read"
        return super()._mail_post_access

    def write(self, vals):
        if not self._is_collection_writer():
            if "parent_id" in vals:
                self._check_collection_move(vals)
            if COLLECTION_FIELDS_SET.intersection(vals):
                self._check_collection_write(vals)
        if "user_id" in vals:
            self._check_salesperson_write(vals)
            self._keep_collectors(vals)
        tracked = self._collection_tracked_fields(vals)
        before = (
            {
                partner.id: {name: partner[name] for name in tracked}
                for partner in self.sudo()
            }
            if tracked
            else {}
        )
        result = super().write(vals)
        if "user_id" in vals:
            # Where no collector is set, the new salesperson collects.
            self.invalidate_recordset(["collector_id"])
        if tracked:
            self._log_collection_changes(before, tracked)
        return result

    # -- Who changes the salesperson ---------------------------------------
    def _check_salesperson_write(self, vals):
        """The salesperson tells who reads a customer's money (see
        _filter_followup_readable): once a customer has one, only she and
        the sales managers change it. Giving one to a customer without is
        open to every salesperson, as in Odoo."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        new_user = vals["user_id"] or False
        for partner in self.sudo():
            current = partner.user_id
            if current and current.id != new_user and current != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(salesperson)s, the salesperson of %(customer)s, "
                        "and the sales managers can give the customer another "
                        "salesperson.",
                        salesperson=current.name,
                        customer=partner.display_name,
                    )
                )

    def _check_collection_move(self, vals):
        """Moving a contact under another company gives it that company's
        collector (Odoo's commercial sync, run as superuser): refused to
        whoever may not set collectors when it would change the collector
        the contact has, and with it who reads its open items."""
        for partner in self.sudo():
            commercial = partner._commercial_partner_after(vals)
            if commercial in (partner, partner.commercial_partner_id):
                continue
            if partner.collector_id and commercial.collector_id != partner.collector_id:
                raise AccessError(
                    self.env._(
                        "%(contact)s is collected by %(collector)s: only credit "
                        "controllers move it under %(company)s, which another "
                        "collector collects from.",
                        contact=partner.display_name,
                        collector=partner.collector_id.name,
                        company=commercial.display_name,
                    )
                )

    # -- The chatter names the company -------------------------------------
    def _collection_tracked_fields(self, vals):
        if self.env.context.get("tracking_disable") or self.env.context.get(
            "mail_notrack"
        ):
            return []
        return [name for name in COLLECTION_FIELDS if name in vals]

    def _log_collection_changes(self, before, tracked):
        """Log the changes of the collection fields, which are each
        company's, naming the company: Odoo's tracking of a shared customer
        would not say whose hold or level changed. The tracking values keep
        the company; the chatter shows it in the reader's language."""
        Tracking = self.env["mail.tracking.value"].sudo()
        infos = self.sudo().fields_get(
            tracked, attributes=("string", "type", "selection", "currency_field")
        )
        company = self.env.company
        for partner in self.sudo():
            tracking_values = [
                Command.create(
                    {
                        **Tracking._create_tracking_values(
                            before[partner.id][name],
                            partner[name],
                            name,
                            infos[name],
                            partner,
                        ),
                        "company_id": company.id,
                    }
                )
                for name in tracked
                if before[partner.id][name] != partner[name]
            ]
            if tracking_values:
                partner._message_log(tracking_value_ids=tracking_values)

    def _check_collection_write(self, vals):
        """Refuse a change of the collection fields by someone who is not a
        credit controller. Writing the values they have is fine (a form
        saves them back), and so is a contact taking the collector of the
        company it belongs to once written (what Odoo's commercial sync
        gives it when it is created or moved)."""
        for partner in self.sudo():
            for name in COLLECTION_FIELDS_SET.intersection(vals):
                field = self._fields[name]
                new = field.convert_to_record(
                    field.convert_to_cache(vals[name], partner), partner
                )
                old = partner[name]
                if new == old:
                    continue
                if name == "collector_id":
                    commercial = partner._commercial_partner_after(vals)
                    user = (
                        self.env["res.users"].browse(vals["user_id"])
                        if "user_id" in vals
                        else partner.user_id
                    )
                    if (commercial != partner and new == commercial.collector_id) or (
                        not old and new == user
                    ):
                        continue
                raise AccessError(self._collection_fields_error())

    def _commercial_partner_after(self, vals):
        """The commercial partner this partner has once vals are written: a
        company stays its own even under a parent, so a parent it is given
        is no reason for it to take the parent's collector."""
        self.ensure_one()
        parent = (
            self.browse(vals["parent_id"]) if "parent_id" in vals else self.parent_id
        )
        is_company = vals.get("is_company", self.is_company)
        if is_company or not parent:
            return self
        return parent.commercial_partner_id

    def _collection_fields_error(self):
        return self.env._(
            "Only credit controllers set a customer's collector, collection "
            "level and credit hold."
        )

    def _write_multi(self, vals_list):
        result = super()._write_multi(vals_list)
        # The customer's line in Aging by Customer carries these. Its items
        # are on the commercial partner: contacts, which get the collector
        # of their company, have no line.
        if any(AGING_PARTNER_FIELDS.intersection(vals) for vals in vals_list):
            self.env["receivable.aging.customer"]._touch(
                self.filtered(lambda partner: not partner.parent_id).ids
            )
        return result

    def _commercial_sync_to_children(self, fields_to_sync=None):
        # Stock Odoo walks down every contact and writes nothing when a
        # company is written without a commercial field; the collection job
        # writes thousands of companies at once.
        if fields_to_sync is not None and not fields_to_sync:
            return True
        return super()._commercial_sync_to_children(fields_to_sync)

    # -- What is owed ------------------------------------------------------
    @api.model
    def _followup_overdue_query(self, today, partner_ids=None):
        """(partner, company, days overdue of the oldest item, overdue amount,
        invoices) of every customer that owes something overdue, in the
        company currency, net of its unmatched credit notes."""
        where = (
            SQL("aml.partner_id = ANY(%s)", list(partner_ids))
            if partner_ids
            else SQL("TRUE")
        )
        return SQL(
            """
            SELECT partner_id, company_id, days, amount, move_ids FROM (
                SELECT aml.partner_id, aml.company_id,
                       MAX(%(today)s - COALESCE(aml.date_maturity, aml.date))
                           FILTER (WHERE %(overdue)s AND aml.amount_residual > 0)
                           AS days,
                       SUM(aml.amount_residual)
                           FILTER (WHERE %(overdue)s OR aml.amount_residual < 0)
                           AS amount,
                       ARRAY_AGG(DISTINCT aml.move_id)
                           FILTER (WHERE %(overdue)s AND aml.amount_residual > 0)
                           AS move_ids
                  FROM account_move_line aml
                  JOIN account_account account
                    ON account.id = aml.account_id
                   AND account.account_type = 'asset_receivable'
                 WHERE %(open_item)s
                   AND aml.partner_id IS NOT NULL
                   AND %(where)s
                 GROUP BY aml.partner_id, aml.company_id
            ) owed
             WHERE days IS NOT NULL AND amount > 0
            """,
            today=today,
            overdue=SQL("COALESCE(aml.date_maturity, aml.date) < %s", today),
            where=where,
            open_item=self.env["account.move.line"]._turbo_open_item_sql(),
        )

    @api.depends_context("company", "uid")
    def _compute_followup_amounts(self):
        readable = self._filter_followup_readable()
        (self - readable).update(
            {
                "followup_currency_id": self.env.company.currency_id,
                "followup_amount_due": 0.0,
                "followup_amount_overdue": 0.0,
                "followup_days_overdue": 0,
                "followup_move_ids": [(5, 0, 0)],
            }
        )
        readable._compute_followup_figures()

    def _filter_followup_readable(self):
        """The customers whose figures the user may read: a billing user's,
        a credit controller's and a sales manager's all; a salesperson's, the
        customers she sells to or collects from."""
        user = self.env.user
        if self.env.su or user.has_group("account.group_account_invoice"):
            return self
        if user.has_group("sales_team.group_sale_salesman_all_leads"):
            return self
        return self.filtered(
            lambda partner: (
                user
                in (
                    partner.commercial_partner_id.sudo().user_id
                    | partner.commercial_partner_id.sudo().collector_id
                )
            )
        )

    def _compute_followup_figures(self):
        today = fields.Date.context_today(self)
        commercial = self.commercial_partner_id
        rows = {}
        if commercial.ids:
            self.env["account.move.line"].flush_model()
            self.env.cr.execute(self._followup_overdue_query(today, commercial.ids))
            for (
                partner_id,
                company_id,
                days,
                overdue,
                move_ids,
            ) in self.env.cr.fetchall():
                if company_id == self.env.company.id:
                    rows[partner_id] = (days, overdue, move_ids)
            self.env.cr.execute(
                SQL(
                    """
                SELECT aml.partner_id, SUM(aml.amount_residual)
                  FROM account_move_line aml
                  JOIN account_account account
                    ON account.id = aml.account_id
                   AND account.account_type = 'asset_receivable'
                 WHERE %s
                   AND aml.partner_id = ANY(%s)
                   AND aml.company_id = %s
                 GROUP BY aml.partner_id
                    """,
                    self.env["account.move.line"]._turbo_open_item_sql(),
                    commercial.ids,
                    self.env.company.id,
                )
            )
            due = dict(self.env.cr.fetchall())
            unpaid_days = self._followup_unpaid_days(today, list(rows))
        else:
            due = unpaid_days = {}
        for partner in self:
            key = partner.commercial_partner_id.id
            _days, overdue, move_ids = rows.get(key, (0, 0.0, []))
            partner.followup_currency_id = self.env.company.currency_id
            partner.followup_amount_due = due.get(key, 0.0)
            partner.followup_amount_overdue = overdue
            partner.followup_days_overdue = unpaid_days.get(key, 0)
            partner.followup_move_ids = [(6, 0, move_ids or [])]

    @api.model
    def _followup_unpaid_days(self, today, partner_ids):
        """{partner id: days overdue of its oldest overdue item still unpaid}
        in the current company, once the customer's unmatched payments and
        credit notes are set against its oldest items first: an invoice
        the customer has paid, the payment not matched yet, is not late."""
        if not partner_ids:
            return {}
        self.env.cr.execute(
            SQL(
                """
            WITH items AS (
                SELECT aml.id, aml.partner_id, aml.amount_residual AS residual,
                       COALESCE(aml.date_maturity, aml.date) AS due
                  FROM account_move_line aml
                  JOIN account_account account
                    ON account.id = aml.account_id
                   AND account.account_type = 'asset_receivable'
                 WHERE %(open_item)s
                   AND aml.partner_id = ANY(%(partners)s)
                   AND aml.company_id = %(company)s
            ), credits AS (
                SELECT partner_id, -SUM(residual) AS credit
                  FROM items
                 WHERE residual < 0
                 GROUP BY partner_id
            ), overdue AS (
                SELECT partner_id, due,
                       SUM(residual) OVER (
                           PARTITION BY partner_id ORDER BY due, id
                       ) AS owed_to_date
                  FROM items
                 WHERE residual > 0 AND due < %(today)s
            )
            SELECT overdue.partner_id, %(today)s - MIN(overdue.due)
              FROM overdue
              LEFT JOIN credits USING (partner_id)
             WHERE overdue.owed_to_date > COALESCE(credits.credit, 0)
             GROUP BY overdue.partner_id
                """,
                open_item=self.env["account.move.line"]._turbo_open_item_sql(),
                partners=list(partner_ids),
                company=self.env.company.id,
                today=today,
            )
        )
        return dict(self.env.cr.fetchall())

    # -- The follow-up -----------------------------------------------------
    # A customer's level, date and hold are each company's: every step below
    # works on (customer, company) pairs, in the company of the pair.
    @api.model
    def _cron_receivable_followup(self, today=None):
        """Daily: settle the promises to pay, raise the customers who broke
        theirs one level, and bring every other overdue customer to its
        collection level once."""
        today = today or fields.Date.context_today(self)
        broken = self.env["receivable.payment.promise"]._check_promises(today)
        logs = self._escalate_broken_promises(broken, today)
        return logs | self._run_followup(today=today)

    @api.model
    def _escalate_broken_promises(self, promises, today):
        partners = promises.partner_id.commercial_partner_id
        overdue = partners._followup_overdue(today) if partners else {}
        levels_by_company = self._followup_levels_by_company()
        targets = {}
        for promise in promises:
            company = promise.company_id
            partner = promise.partner_id.commercial_partner_id.with_company(company)
            levels = levels_by_company.get(company.id)
            if (partner.id, company.id) not in overdue or not levels:
                continue
            current = partner.followup_level_id
            following = levels.filtered(
                lambda level, c=current: not c or level.delay > c.delay
            )[:1]
            if following:
                targets[partner.id, company.id] = following
        return self._apply_followup(targets, overdue, today)

    def _run_followup(self, today=None, manual=False, companies=None):
        """Raise the customers in self (all when empty) to the collection
        level their oldest overdue invoice with each company (of companies,
        all when None) calls for, doing its actions once.

        Customers are claimed with FOR NO KEY UPDATE SKIP LOCKED: a second run
        at the same moment, in another worker, skips those the first one is
        handling, and finds them at their new level once it has committed.
        """
        today = today or fields.Date.context_today(self)
        Partner = self.sudo()
        if companies is None:
            # Every company: a handful of rows, and each needs its pass.
            companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        overdue = {
            key: value
            for key, value in self._followup_overdue(today).items()
            if key[1] in companies.ids
        }
        # A spell is over once nothing is overdue: the next one starts afresh.
        for company in companies:
            settled = Partner.with_company(company).search(
                [
                    "|",
                    ("followup_level_id", "!=", False),
                    ("credit_hold_lifted", "=", True),
                    (
                        "id",
                        "not in",
                        [pid for pid, cid in overdue if cid == company.id],
                    ),
                ]
                + ([("id", "in", self.ids)] if self else [])
            )
            settled.with_context(tracking_disable=True).write(
                {"followup_level_id": False, "credit_hold_lifted": False}
            )
        # A customer who promised a company to pay by a date to come is left
        # alone by that company.
        promised = {
            (promise.partner_id.id, promise.company_id.id)
            for promise in self.env["receivable.payment.promise"]
            .sudo()
            .search([("state", "=", "open"), ("promised_date", ">=", today)])
        }
        levels_by_company = self._followup_levels_by_company()
        targets = {}
        pending = defaultdict(list)
        for partner_id, company_id in set(overdue) - promised:
            if company_id in levels_by_company:
                pending[company_id].append(partner_id)
        for company_id, partner_ids in pending.items():
            levels = levels_by_company[company_id]
            for partner in Partner.with_company(company_id).browse(partner_ids):
                days = overdue[partner.id, company_id][0]
                # A hold lifted by a credit controller stays lifted in this spell.
                lifted = partner.credit_hold_lifted
                reached = levels.filtered(
                    lambda level, d=days, lifted=lifted: (
                        level.delay <= d and not (lifted and level.credit_hold)
                    )
                )[-1:]
                current = partner.followup_level_id
                if reached and (not current or current.delay < reached.delay):
                    targets[partner.id, company_id] = reached
        return self._apply_followup(targets, overdue, today, manual=manual)

    def _followup_overdue(self, today):
        """{(partner id, company id): (days, amount, invoice ids)} of the
        customers in self (all when empty) with something overdue."""
        self.env["account.move.line"].flush_model()
        self.env.cr.execute(self._followup_overdue_query(today, self.ids or None))
        return {
            (partner_id, company_id): (days, amount, move_ids)
            for partner_id, company_id, days, amount, move_ids in self.env.cr.fetchall()
            if days
        }

    @api.model
    def _followup_levels_by_company(self):
        Policy = self.env["receivable.followup.policy"].sudo()
        return {
            policy.company_id.id: policy.level_ids.sorted("delay")
            for policy in Policy.search([("active", "=", True)])
        }

    @api.model
    def _apply_followup(self, targets, overdue, today, manual=False):
        """Bring each customer of each company {(id, company id): level} to
        its level and do its actions, claiming the customers first so that
        nobody is acted on twice."""
        Partner = self.sudo()
        if not targets:
            return self.env["receivable.followup.log"]
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id = ANY(%s) "
                "ORDER BY id FOR NO KEY UPDATE SKIP LOCKED",
                sorted({partner_id for partner_id, _company_id in targets}),
            )
        )
        claimed = {row[0] for row in self.env.cr.fetchall()}
        log_values = []
        by_level = defaultdict(list)
        for (partner_id, _company_id), level in targets.items():
            if partner_id in claimed:
                by_level[level].append(partner_id)
        for level, partner_ids in by_level.items():
            company = level.company_id
            partners = Partner.with_company(company).browse(partner_ids)
            with_email = partners.filtered("email")
            if level.send_email and with_email:
                # Rendered in batches and queued: the mail queue sends them.
                level.mail_template_id.with_company(company).send_mail_batch(
                    with_email.ids
                )
            if level.create_activity:
                for collector, group in partners.grouped(
                    lambda p: p.collector_id or p.user_id or self.env.user
                ).items():
                    # One activity each, in the collector's activity menu,
                    # without one email per customer on top; in his language
                    # (a summary is stored once, not translated).
                    level_in_lang = level.with_context(lang=collector.lang)
                    group.with_context(
                        mail_activity_quick_update=True
                    ).activity_schedule(
                        activity_type_id=level.activity_type_id.id,
                        summary=level_in_lang._get_activity_summary(),
                        note=level_in_lang.activity_note,
                        user_id=collector.id,
                        date_deadline=today,
                    )
            # The log records each change: no chatter tracking per customer.
            partners.with_context(tracking_disable=True).write(
                {
                    "followup_level_id": level.id,
                    "followup_date": today,
                    **({"credit_hold": True} if level.credit_hold else {}),
                }
            )
            for partner in partners:
                days, amount, move_ids = overdue[partner.id, company.id]
                log_values.append(
                    {
                        "partner_id": partner.id,
                        "level_id": level.id,
                        "company_id": company.id,
                        "date": today,
                        "user_id": partner.collector_id.id,
                        "move_ids": [(6, 0, move_ids or [])],
                        "amount_overdue": amount,
                        "days_overdue": days,
                        "email_sent": bool(level.send_email and partner.email),
                        "activity_created": level.create_activity,
                        "letter_to_print": level.print_letter,
                        "credit_hold": level.credit_hold,
                        "manual": manual,
                    }
                )
        return self.env["receivable.followup.log"].sudo().create(log_values)

    def action_run_followup(self):
        """Run the follow-up of this customer now (credit controllers), for
        the companies the user works in."""
        self._check_credit_controller()
        logs = self.commercial_partner_id._run_followup(
            manual=True, companies=self.env.companies
        )
        message = (
            self.env._("%(count)s collection action(s) done.", count=len(logs))
            if logs
            else self.env._("Nothing to do: no new collection level is reached.")
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if logs else "info",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_lift_credit_hold(self):
        """Lift the hold of the current company (credit controllers)."""
        self._check_credit_controller()
        # Credit controllers need not manage contacts to lift a hold; the
        # hold written is the current company's, one of the user's.
        self.commercial_partner_id.sudo()._lift_credit_hold()
        return True

    def _lift_credit_hold(self):
        """Lift the current company's hold. The customer goes back to the
        last level of the policy before the hold (no level when there is
        none), the activity the hold level scheduled is done, and the job
        leaves the hold lifted for the rest of this overdue spell."""
        for partner in self.filtered("credit_hold"):
            level = partner.followup_level_id
            back = level
            if level.credit_hold:
                back = level.policy_id.level_ids.filtered(
                    lambda other, level=level: (
                        other.delay < level.delay and not other.credit_hold
                    )
                ).sorted("delay")[-1:]
                partner._get_followup_level_activities(level).action_feedback(
                    feedback=self.env._("Credit hold lifted.")
                )
            partner.write(
                {
                    "credit_hold": False,
                    "credit_hold_lifted": True,
                    "followup_level_id": back.id,
                }
            )

    def _get_followup_level_activities(self, level):
        """The open activities this level scheduled on the customer."""
        self.ensure_one()
        if not level.create_activity:
            return self.env["mail.activity"]
        return self.activity_ids.filtered(
            lambda activity: (
                activity.activity_type_id == level.activity_type_id
                and activity.summary
                in (
                    level._get_activity_summary(),
                    level.with_context(
                        lang=activity.user_id.lang
                    )._get_activity_summary(),
                )
            )
        )

    def _check_credit_controller(self):
        if not self.env.user.has_group("turbo_crm_receivable.group_credit_controller"):
            raise AccessError(
                self.env._(
                    "Only credit controllers can run collections or lift a credit hold."
                )
            )
        # The customers must be the user's to see, in her companies.
        self.check_access("read")
