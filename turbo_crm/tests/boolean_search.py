# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Search a non-stored boolean field with every operator Odoo 18 may pass
its search method, and compare with the field's computed values."""

import operator as py_operator

from odoo.exceptions import UserError

# (operator, value) as a domain, the web client's filters or a negated
# domain ('!' turns = into !=) hand them to the search method.
BOOLEAN_SEARCHES = [
    ("=", True),
    ("=", False),
    ("=", None),
    ("!=", True),
    ("!=", False),
    ("!=", None),
    ("in", [True]),
    ("in", [False]),
    ("in", [True, False]),
    ("in", []),
    ("not in", [True]),
    ("not in", [False]),
    ("not in", [True, False]),
    ("not in", []),
    ("=?", True),
    ("=?", False),
    ("<", True),
    ("<=", False),
    (">", False),
    (">=", True),
]
COMPARE = {
    "=": py_operator.eq,
    "!=": py_operator.ne,
    "<": py_operator.lt,
    "<=": py_operator.le,
    ">": py_operator.gt,
    ">=": py_operator.ge,
}


def _matches(flag, operator, value):
    if operator == "in":
        return flag in {bool(item) for item in value}
    if operator == "not in":
        return flag not in {bool(item) for item in value}
    if operator == "=?":
        return True if value is None or value is False else flag == bool(value)
    return COMPARE[operator](flag, bool(value))


def assert_boolean_search(case, records, field_name):
    """`records` (as the user who searches) hold the field both set and not
    set; each search among them finds exactly those whose computed value
    matches, and an operator with no meaning on a flag is refused."""
    values = {record: record[field_name] for record in records}
    case.assertEqual(
        set(values.values()), {True, False}, "records with the flag set and not set"
    )
    model = records.browse()
    among = [("id", "in", records.ids)]
    for operator, value in BOOLEAN_SEARCHES:
        with case.subTest(operator=operator, value=value):
            expected = records.filtered(
                lambda record, op=operator, val=value: _matches(values[record], op, val)
            )
            found = model.search([*among, (field_name, operator, value)])
            case.assertEqual(found, expected)
    with case.subTest(operator="!"):
        found = model.search([*among, "!", (field_name, "=", True)])
        case.assertEqual(found, records.filtered(lambda record: not values[record]))
    for operator in ("ilike", "not like", "child_of"):
        with case.subTest(operator=operator), case.assertRaises(UserError):
            model.search([*among, (field_name, operator, "x")])
