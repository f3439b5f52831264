# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The value job's snapshots keep no log of who wrote them, their latest run
is the model's last run date (no longer a column rewritten on every row at
every run), and a partner's latest snapshot, its date, previous rank and
movement are read from it (the job rewrites a partner only when its score,
rank or tier moved), and the rows of the ranking (in the top or just out
of it) are marked, for an index that reads them in rank order:
the columns and indexes they leave behind go, with their foreign keys, which
every run checked on every row (and, for the partners' column, which the
deletion of a day's snapshots checked against every partner)."""

from odoo.tools import SQL, sql

COLUMNS = {
    "crm_customer_value_snapshot": (
        "is_latest",
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
    ),
    "crm_customer_value_snapshot_line": (
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
    ),
    "res_partner": (
        "value_snapshot_id",
        "value_date",
        "value_rank_previous",
        "value_rank_change",
        "value_movement",
    ),
}
INDEXES = (
    "crm_customer_value_snapshot__date_index",
    "crm_customer_value_snapshot__model_id_index",
    "crm_customer_value_snapshot__movement_index",
)


def migrate(cr, version):
    if not version:
        return
    for table, columns in COLUMNS.items():
        for column in columns:
            if sql.column_exists(cr, table, column):
                cr.execute(
                    SQL(
                        "ALTER TABLE %s DROP COLUMN %s",
                        SQL.identifier(table),
                        SQL.identifier(column),
                    )
                )
    for index in INDEXES:
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
    cr.execute(
        SQL(
            "UPDATE crm_customer_value_snapshot "
            "SET in_ranking = COALESCE(in_top, FALSE) OR movement = 'out'"
        )
    )
    # The last run date is the latest day of each model's snapshots.
    cr.execute(
        SQL(
            """
        UPDATE crm_customer_value_model m
           SET last_run_date = (SELECT MAX(date)
                                  FROM crm_customer_value_snapshot s
                                 WHERE s.model_id = m.id)
            """
        )
    )
