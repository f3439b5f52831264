# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The domain a report opens on, combined as the web client combines it.

The web client ORs the default filters of one group (filters between two
separators) and ANDs the groups; a date filter is a group of its own. Tests
of a report's opening figures read its action through this helper rather than
repeating the action's domain by hand.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.osv import expression
from odoo.tools.safe_eval import datetime, safe_eval, time


def _eval_context(env, today):
    return {
        "uid": env.uid,
        "context_today": lambda: today,
        "datetime": datetime,
        "relativedelta": relativedelta,
        "timedelta": timedelta,
        "time": time,
    }


def _date_filter_domain(field_name, generators, today):
    """The domain of a date filter's default options ("year", "month",
    "month-1", "q1".."q4", "year-1"...)."""
    years = [g for g in generators if g.startswith("year")]
    periods = [g for g in generators if not g.startswith("year")]
    domains = []
    for year_id in years or ["year"]:
        offset = int(year_id[4:] or 0)
        year = today.year + offset
        if not periods:
            start = today.replace(year=year, month=1, day=1)
            end = start + relativedelta(years=1)
            domains.append([(field_name, ">=", start), (field_name, "<", end)])
        for period in periods:
            if period.startswith("q"):
                start = today.replace(year=year, month=3 * int(period[1]) - 2, day=1)
                end = start + relativedelta(months=3)
            else:
                month = today + relativedelta(months=int(period[5:] or 0))
                start = month.replace(year=year, day=1)
                end = start + relativedelta(months=1)
            domains.append([(field_name, ">=", start), (field_name, "<", end)])
    return expression.OR(domains)


def action_default_domain(env, xmlid, today=None):
    """(domain, context) the action's views open on, for ``env``'s user."""
    today = today or fields.Date.context_today(env.user)
    # sudo: as the web client, which loads the action whoever the user is
    action = env.ref(xmlid).sudo()
    eval_context = _eval_context(env, today)
    context = safe_eval(action.context or "{}", eval_context)
    model = env[action.res_model].with_context(**context)
    arch = model.get_views([(action.search_view_id.id or False, "search")])
    root = etree.fromstring(arch["views"]["search"]["arch"])
    defaults = {
        key[len("search_default_") :]: value
        for key, value in context.items()
        if key.startswith("search_default_") and value
    }
    groups, current = [], []

    def close():
        if current:
            groups.append(expression.OR(list(current)))
            current.clear()

    for node in root:
        if node.tag != "filter":
            close()
            continue
        name = node.get("name")
        if node.get("date"):
            close()
            if name in defaults:
                value = defaults[name]
                generators = (
                    value.split(",")
                    if isinstance(value, str) and value.lower() not in ("1", "true")
                    else (node.get("default_period") or "month").split(",")
                )
                groups.append(_date_filter_domain(node.get("date"), generators, today))
            continue
        if node.get("context") and "group_by" in node.get("context"):
            close()
            continue
        if name in defaults:
            current.append(safe_eval(node.get("domain") or "[]", eval_context))
    close()
    action_domain = safe_eval(action.domain or "[]", eval_context)
    return expression.AND([action_domain, *groups]), context
