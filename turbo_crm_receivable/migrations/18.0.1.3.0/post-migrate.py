# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The credit hold and the company option "Stop Orders over the Credit
Limit" stopped confirmations with their own block; approval rules decided by
the credit controllers replace them: every company gets the credit hold rule,
and the companies that had the option on the credit limit rule. The option's
column is read here, before the upgrade drops it."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, sql


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    companies = env["res.company"].with_context(active_test=False).search([])
    companies._create_credit_approval_rules()
    if sql.column_exists(cr, "res_company", "turbo_credit_limit_blocks"):
        cr.execute(
            SQL("SELECT id FROM res_company WHERE turbo_credit_limit_blocks IS TRUE")
        )
        stopping = companies.browse(row[0] for row in cr.fetchall())
        stopping._create_credit_approval_rules(over_credit_limit=True)
