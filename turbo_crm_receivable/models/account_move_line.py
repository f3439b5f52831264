# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import SQL
from odoo.tools.sql import index_exists

OPEN_ITEM_INDEX = "account_move_line_turbo_open_item_idx"
# The columns that decide whether and how an item ages, and whose.
AGING_COLUMNS = frozenset(
    {
        "partner_id",
        "company_id",
        "account_id",
        "parent_state",
        "reconciled",
        "amount_residual",
        "date_maturity",
        "date",
    }
)


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def init(self):
        result = super().init()
        # Open items by customer, with what aging them needs: the aging report
        # and the collection job read this index instead of the journal items,
        # which grow with every closed item of the ledger.
        if index_exists(self.env.cr, OPEN_ITEM_INDEX):
            return result
        self.env.cr.execute(
            SQL(
                "CREATE INDEX %s ON %s (partner_id) INCLUDE (move_id, company_id, "
                "account_id, date_maturity, date, amount_residual) WHERE %s",
                SQL.identifier(OPEN_ITEM_INDEX),
                SQL.identifier(self._table),
                self._turbo_open_item_sql(alias=self._table),
            )
        )
        return result

    # The ORM writes every stored value through these two, computed ones
    # (residual, reconciled, the move's state) included.
    @api.model
    def _create(self, data_list):
        records = super()._create(data_list)
        self._turbo_touch_aging(records.ids)
        return records

    def _write_multi(self, vals_list):
        if not any(AGING_COLUMNS.intersection(vals) for vals in vals_list):
            return super()._write_multi(vals_list)
        # The customer before and after: an item may change hands.
        self._turbo_touch_aging(self.ids)
        result = super()._write_multi(vals_list)
        if any("partner_id" in vals for vals in vals_list):
            self._turbo_touch_aging(self.ids)
        return result

    def _turbo_touch_aging(self, ids):
        """Have the customers of these items aged again (receivable.aging.
        customer), reading them from the database: at this point of a flush
        the cache may hold values still to be computed."""
        if not ids:
            return
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT partner_id FROM account_move_line "
                "WHERE id = ANY(%s) AND partner_id IS NOT NULL",
                list(ids),
            )
        )
        self.env["receivable.aging.customer"]._touch(
            row[0] for row in self.env.cr.fetchall()
        )

    def _turbo_open_item_sql(self, alias="aml"):
        """The condition of an open item, written the same in the index and
        in the queries (aging, collection) so that PostgreSQL uses it."""
        return SQL(
            "%(a)s.parent_state = 'posted' AND %(a)s.reconciled IS NOT TRUE "
            "AND %(a)s.amount_residual != 0",
            a=SQL.identifier(alias),
        )
