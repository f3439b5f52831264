# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The collector of a customer became each company's (company_dependent,
one jsonb column of {company id: user id}), the salesperson where a company
has none. The old value was every company's: it moves to the customer's
company, or to every company for a customer shared by all, before Odoo
updates the table. Stored even where it is the salesperson: the collector
stayed when the salesperson changed, and stays so."""

import logging

from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

COLUMN = "collector_id"
OLD = f"{COLUMN}_pre_18_0_1_2_0"


def migrate(cr, version):
    if not version:
        return
    columns = sql.table_columns(cr, "res_partner")
    if COLUMN not in columns or columns[COLUMN]["udt_name"] == "jsonb":
        return
    sql.rename_column(cr, "res_partner", COLUMN, OLD)
    sql.create_column(cr, "res_partner", COLUMN, "jsonb")
    cr.execute(
        SQL(
            """
            UPDATE res_partner partner
               SET %(new)s = (
                       SELECT jsonb_object_agg(company.id::text, partner.%(old)s)
                         FROM res_company company
                        WHERE partner.company_id IS NULL
                           OR company.id = partner.company_id
                   )
             WHERE partner.%(old)s IS NOT NULL
            """,
            new=SQL.identifier(COLUMN),
            old=SQL.identifier(OLD),
        )
    )
    _logger.info(
        "res_partner.%s: %s value(s) moved to their companies", COLUMN, cr.rowcount
    )
    cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN %s", SQL.identifier(OLD)))
