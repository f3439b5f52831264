# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The record rules are noupdate: an upgrade creates the new ones but leaves
the existing ones as they were. A salesperson now only reads the promises
of the customers she sells to or collects from through this rule; she
writes them through receivable_payment_promise_rule_salesman_write."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref(
        "turbo_crm_receivable.receivable_payment_promise_rule_salesman",
        raise_if_not_found=False,
    )
    if rule:
        rule.write({"perm_write": False, "perm_create": False, "perm_unlink": False})
