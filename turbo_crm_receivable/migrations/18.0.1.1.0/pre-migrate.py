# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The collection level, last reminder and credit hold of a customer became
each company's (company_dependent, one jsonb column of {company id: value}).
PostgreSQL cannot cast the old integer, date and boolean columns to jsonb,
and a bare value is not that shape: each old value moves to the company it
was reached in, before Odoo updates the table."""

import logging

from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

# Moved in this order: the level, which tells the company, goes last.
COLUMNS = ("credit_hold", "followup_date", "followup_level_id")


def _old_name(column):
    return f"{column}_pre_18_0_1_1_0"


def migrate(cr, version):
    if not version:
        return
    columns = sql.table_columns(cr, "res_partner")
    pending = [
        column
        for column in COLUMNS
        if column in columns and columns[column]["udt_name"] != "jsonb"
    ]
    if not pending:
        return
    for column in pending:
        sql.rename_column(cr, "res_partner", column, _old_name(column))
        sql.create_column(cr, "res_partner", column, "jsonb")
    level = (
        SQL.identifier("partner", _old_name("followup_level_id"))
        if "followup_level_id" in pending
        else SQL("NULL::int4")
    )
    for column in pending:
        old = SQL.identifier("partner", _old_name(column))
        # A hold that is off is no value: the field falls back to False.
        has_value = (
            SQL("%s", old) if column == "credit_hold" else SQL("%s IS NOT NULL", old)
        )
        # The level's company is its policy's; a hold or a date without a
        # level was the customer's company's, else the main company's.
        cr.execute(
            SQL(
                """
                UPDATE res_partner
                   SET %(new)s = jsonb_build_object(owner.company_id::text, owner.value)
                  FROM (
                    SELECT partner.id,
                           %(old)s AS value,
                           COALESCE(
                               policy.company_id,
                               partner.company_id,
                               (SELECT MIN(id) FROM res_company)
                           ) AS company_id
                      FROM res_partner partner
                      LEFT JOIN receivable_followup_level level
                        ON level.id = %(level)s
                      LEFT JOIN receivable_followup_policy policy
                        ON policy.id = level.policy_id
                     WHERE %(has_value)s
                  ) owner
                 WHERE owner.id = res_partner.id
                """,
                new=SQL.identifier(column),
                old=old,
                level=level,
                has_value=has_value,
            )
        )
        _logger.info(
            "res_partner.%s: %s value(s) moved to their company", column, cr.rowcount
        )
    for column in pending:
        cr.execute(
            SQL(
                "ALTER TABLE res_partner DROP COLUMN %s",
                SQL.identifier(_old_name(column)),
            )
        )
