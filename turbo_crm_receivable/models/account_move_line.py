# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools import SQL
from odoo.tools.sql import index_exists

OPEN_ITEM_INDEX = "account_move_line_turbo_open_item_idx"


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def init(self):
        super().init()
        # Open items by customer, with what aging them needs: the aging report
        # and the collection job read this index instead of the journal items,
        # which grow with every closed item of the ledger.
        if index_exists(self.env.cr, OPEN_ITEM_INDEX):
            return
        self.env.cr.execute(
            SQL(
                "CREATE INDEX %s ON %s (partner_id) INCLUDE (move_id, company_id, "
                "account_id, date_maturity, date, amount_residual) WHERE %s",
                SQL.identifier(OPEN_ITEM_INDEX),
                SQL.identifier(self._table),
                self._turbo_open_item_sql(alias=self._table),
            )
        )

    def _turbo_open_item_sql(self, alias="aml"):
        """The condition of an open item, written the same in the index and
        in the queries (aging, collection) so that PostgreSQL uses it."""
        return SQL(
            "%(a)s.parent_state = 'posted' AND %(a)s.reconciled IS NOT TRUE "
            "AND %(a)s.amount_residual != 0",
            a=SQL.identifier(alias),
        )
