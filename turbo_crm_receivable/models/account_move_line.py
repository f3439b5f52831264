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
REHOMING_COLUMNS = frozenset({"partner_id", "account_id", "parent_state"})


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
        records._turbo_touch_aging()
        return records

    def _write_multi(self, vals_list):
        if not any(AGING_COLUMNS.intersection(vals) for vals in vals_list):
            return super()._write_multi(vals_list)
        # The items as they were (posted, receivable, whose)...
        self._turbo_touch_aging()
        result = super()._write_multi(vals_list)
        # ...and as they are, when they changed state, account or customer.
        if any(REHOMING_COLUMNS.intersection(vals) for vals in vals_list):
            self._turbo_touch_aging()
        return result

    def unlink(self):
        # Posted items are deleted with force_delete (bank statement lines).
        self._turbo_touch_aging()
        return super().unlink()

    def _turbo_touch_aging(self):
        """Have the customers of these items aged again (receivable.aging.
        customer) if the items are posted receivables, reading them from the
        database: during a flush, the cache may hold values to compute."""
        if not self.ids:
            return
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT aml.partner_id
                  FROM account_move_line aml
                  JOIN account_account account ON account.id = aml.account_id
                 WHERE aml.id = ANY(%s)
                   AND aml.partner_id IS NOT NULL
                   AND aml.parent_state = 'posted'
                   AND account.account_type = 'asset_receivable'
                """,
                self.ids,
            )
        )
        partner_ids = [row[0] for row in self.env.cr.fetchall()]
        if partner_ids:
            self.env["receivable.aging.customer"]._touch(partner_ids)

    def _turbo_open_item_sql(self, alias="aml"):
        """The condition of an open item, written the same in the index and
        in the queries (aging, collection) so that PostgreSQL uses it."""
        return SQL(
            "%(a)s.parent_state = 'posted' AND %(a)s.reconciled IS NOT TRUE "
            "AND %(a)s.amount_residual != 0",
            a=SQL.identifier(alias),
        )
