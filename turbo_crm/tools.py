# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Helpers shared by the Turbo CRM addons."""

import operator as py_operator

from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

# How each operator Odoo 18 may pass a boolean's search method compares a
# field's value with the searched one; the like operators, child_of,
# parent_of, any and not any have no meaning on a flag.
BOOLEAN_COMPARISONS = {
    "=": py_operator.eq,
    "!=": py_operator.ne,
    "<": py_operator.lt,
    "<=": py_operator.le,
    ">": py_operator.gt,
    ">=": py_operator.ge,
    "in": lambda flag, values: flag in values,
    "not in": lambda flag, values: flag not in values,
}


def boolean_search_domain(records, field_name, operator, value, set_domain):
    """The domain of a search method of the non-stored boolean field
    `field_name` of `records`' model, given `set_domain`, the domain of the
    records on which the field is set.

    It takes every operator Odoo 18 passes to such a method with the value
    it passes: `=` and `!=` with True, False or None (the "is set" and "is
    not set" of the web client), `in` and `not in` with a list of them,
    `=?` (any record when the value is empty), and the comparisons, on the
    value as a boolean, as Odoo compares a stored boolean. Odoo 18 does not
    accept `NotImplemented` (Odoo 19's protocol); any other operator raises
    a UserError that names the field."""
    if operator == "=?":
        if value is None or value is False:
            return expression.TRUE_DOMAIN
        operator = "="
    compare = BOOLEAN_COMPARISONS.get(operator)
    if compare is None:
        field = records._fields[field_name]
        raise UserError(
            records.env._(
                "%(field)s can only be searched as set or not set.",
                field=field._description_string(records.env),
            )
        )
    if operator in ("in", "not in"):
        if isinstance(value, (list, tuple, set, frozenset)):
            value = {bool(item) for item in value}
        else:
            value = {bool(value)}
    else:
        value = bool(value)
    wanted = {flag for flag in (True, False) if compare(flag, value)}
    if wanted == {True}:
        return list(set_domain)
    if wanted == {False}:
        return ["!", *expression.normalize_domain(list(set_domain))]
    return expression.TRUE_DOMAIN if wanted else expression.FALSE_DOMAIN


def check_service_write(records, vals, user_field, creating=False):
    """What a technician (not a service manager) may write on a service
    record or unit: never a stored field derived from others (computed or
    related, with no inverse: RPC writes them all the same), never another
    technician in ``user_field``, and never a campaign. Raises AccessError."""
    env = records.env
    if env.su or env.user.has_group("turbo_crm.group_service_manager"):
        return
    forged = {
        name
        for name in vals
        if (field := records._fields.get(name))
        and field.store
        and (field.compute or field.related)
        and field.readonly
    }
    if forged:
        raise AccessError(
            env._(
                "%(fields)s follow from the other fields: they cannot be written.",
                fields=", ".join(
                    records._fields[name].get_description(env)["string"]
                    for name in sorted(forged)
                ),
            )
        )
    if (
        user_field in vals
        and vals[user_field] != env.uid
        and (vals[user_field] or not creating)
    ):
        # Nor takes himself off one (it would leave his figures).
        raise AccessError(
            env._("Only service managers give a service to another technician.")
        )
    if vals.get("campaign_id") or (not creating and "campaign_id" in vals):
        # A campaign's visits are its manager's to make (a record of the
        # campaign made by hand would be linked to its target).
        raise AccessError(env._("Only service managers put services in a campaign."))
