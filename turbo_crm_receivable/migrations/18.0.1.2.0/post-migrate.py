# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The record rules are noupdate: the promises' rules read the customer's
collector of the promise's company now (the collector became each
company's); the rules an upgrade leaves as they were get the new domain."""

from odoo import SUPERUSER_ID, api

DOMAINS = {
    "receivable_payment_promise_rule_salesman": (
        "['|', '|', ('partner_id.user_id', '=', user.id), "
        "('customer_collector_id', '=', user.id), ('user_id', '=', user.id)]"
    ),
    "receivable_payment_promise_rule_salesman_write": (
        "['|', ('partner_id.user_id', '=', user.id), "
        "('customer_collector_id', '=', user.id)]"
    ),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for name, domain in DOMAINS.items():
        rule = env.ref(f"turbo_crm_receivable.{name}", raise_if_not_found=False)
        if rule and "partner_id.collector_id" in (rule.domain_force or ""):
            rule.domain_force = domain
