# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Checks of shipped spreadsheet dashboards, beyond Odoo's own.

Odoo checks, when a dashboard file is loaded, that the fields its data
sources name exist; it does not look at the global filters' field chains
(their ``fieldMatching`` is read as if it were one chain per data source),
nor at the formulas, the measures, the group-bys' granularity or the
domains. A wrong chain only shows when a user sets the filter. This mixin
reads every data source of a dashboard and checks everything the
spreadsheet will ask of the server, then reads each data source as a user
of the dashboard would.
"""

import json
import re

from odoo.osv import expression
from odoo.tools import file_open

FORMULA_CALL = re.compile(r"(PIVOT\.VALUE|PIVOT\.HEADER|PIVOT|ODOO\.LIST)\(([^()]*)\)")
VIEW_LINK = re.compile(r"^\[[^\[]+\]\(odoo://view/(.+)\)$")
CELL_REFERENCE = r"^[A-Z]{1,3}[1-9][0-9]*$"
DATE_GRANULARITIES = {"day", "week", "month", "quarter", "year"}
RELATIONAL = {"many2one", "many2many", "one2many"}


def split_args(args):
    """The arguments of a formula call, strings unquoted."""
    return [
        arg.strip().strip('"')
        for arg in re.findall(r'"[^"]*"|[^,]+', args)
        if arg.strip()
    ]


class DashboardCheckMixin:
    """To mix into a TransactionCase; `assertDashboard` does every check."""

    def _dashboard_data(self, dashboard):
        return json.loads(dashboard.spreadsheet_data)

    def _data_sources(self, data):
        """(kind, id, model, domain, group-bys, measures, fieldMatching)."""
        sources = []
        for pid, pivot in data.get("pivots", {}).items():
            self.assertEqual(pivot.get("type", "ODOO"), "ODOO")
            groupbys = [d["fieldName"] for d in pivot["rows"] + pivot["columns"]]
            measures = [m["fieldName"] for m in pivot["measures"]]
            sources.append(
                (
                    "pivot",
                    pid,
                    pivot["model"],
                    pivot["domain"],
                    groupbys,
                    measures,
                    pivot.get("fieldMatching", {}),
                )
            )
        for lid, list_ in data.get("lists", {}).items():
            sources.append(
                (
                    "list",
                    lid,
                    list_["model"],
                    list_["domain"],
                    [],
                    [],
                    list_.get("fieldMatching", {}),
                )
            )
        for sheet in data["sheets"]:
            for figure in sheet.get("figures", []):
                chart = figure["data"]
                if figure["tag"] != "chart" or not chart["type"].startswith("odoo_"):
                    continue
                meta = chart["metaData"]
                self.assertEqual(meta["groupBy"], chart["searchParams"]["groupBy"])
                sources.append(
                    (
                        "chart",
                        figure["id"],
                        meta["resModel"],
                        chart["searchParams"]["domain"],
                        meta["groupBy"],
                        [meta["measure"]],
                        chart.get("fieldMatching", {}),
                    )
                )
        return sources

    def _field_of_chain(self, model, chain):
        """The last field of a dotted chain, failing on any unknown step."""
        field = None
        for name in chain.split("."):
            self.assertTrue(
                name in self.env[model]._fields,
                f"{chain!r}: no field {name!r} on {model}",
            )
            field = self.env[model]._fields[name]
            if field.relational:
                model = field.comodel_name
        return field

    def _assertGroupby(self, model, spec, where):
        name, _sep, granularity = spec.partition(":")
        field = self._field_of_chain(model, name)
        self.assertNotIn(".", name, f"{where}: group-by {spec!r} is not a field")
        self.assertTrue(
            field._description_groupable(self.env),
            f"{where}: cannot group {model} by {name!r}",
        )
        if granularity:
            self.assertIn(field.type, ("date", "datetime"), f"{where}: {spec!r}")
            self.assertIn(granularity, DATE_GRANULARITIES, f"{where}: {spec!r}")

    def _assertMeasure(self, model, measure, where):
        if measure == "__count":
            return
        field = self._field_of_chain(model, measure)
        self.assertIn(
            field.type,
            ("integer", "float", "monetary"),
            f"{where}: {measure!r} is not a number",
        )
        self.assertTrue(
            field._description_aggregator(self.env),
            f"{where}: {model}.{measure} cannot be summed by the server",
        )

    def _assertDomain(self, model, domain, where):
        for leaf in domain:
            if isinstance(leaf, (list, tuple)):
                self._field_of_chain(model, leaf[0])
        # the ORM parses it: operators and values are valid
        self.env[model]._search(expression.normalize_domain(domain or []))

    def _assertFieldMatching(self, model, matching, filters, where):
        for filter_id, match in matching.items():
            self.assertIn(filter_id, filters, f"{where}: unknown filter {filter_id}")
            if not match.get("chain"):
                continue
            gfilter = filters[filter_id]
            field = self._field_of_chain(model, match["chain"])
            label = f"{where}: filter {gfilter['label']!r} on {match['chain']!r}"
            self.assertEqual(match["type"], field.type, label)
            if gfilter["type"] == "relation":
                self.assertIn(field.type, RELATIONAL, label)
                self.assertEqual(field.comodel_name, gfilter["modelName"], label)
            elif gfilter["type"] == "date":
                self.assertIn(field.type, ("date", "datetime"), label)
            # the domain the spreadsheet will send when the filter is set
            if gfilter["type"] == "relation":
                value = [self.env[gfilter["modelName"]].search([], limit=1).id or 0]
                operator = "child_of" if gfilter.get("includeChildren") else "in"
                domain = [(match["chain"], operator, value)]
            elif gfilter["type"] == "date":
                domain = [(match["chain"], ">=", "2026-01-01")]
            else:
                domain = [(match["chain"], "ilike", "x")]
            self.env[model]._search(domain)

    def _assertFormulas(self, data, sources):
        pivots = {s[1]: s for s in sources if s[0] == "pivot"}
        lists = {lid: spec for lid, spec in data.get("lists", {}).items()}
        for sheet in data["sheets"]:
            for xc, cell in sheet.get("cells", {}).items():
                self.assertRegex(xc, CELL_REFERENCE)
                content = cell.get("content", "")
                where = f"{sheet['name']}!{xc}"
                link = VIEW_LINK.match(content)
                if link:
                    view = json.loads(link.group(1))
                    model = view["action"]["modelName"]
                    self._assertDomain(model, view["action"]["domain"], where)
                    for spec in view["action"]["context"].get("group_by", []):
                        self._assertGroupby(model, spec, where)
                for function, args in FORMULA_CALL.findall(content):
                    args = split_args(args)
                    if function == "ODOO.LIST":
                        self.assertIn(args[0], lists, where)
                        self.assertIn(args[2], lists[args[0]]["columns"], where)
                        continue
                    self.assertIn(args[0], pivots, f"{where}: no pivot {args[0]}")
                    _kind, _id, _model, _dom, groupbys, measures, _fm = pivots[args[0]]
                    pairs = args[1:]
                    if function == "PIVOT.VALUE":
                        self.assertIn(pairs[0], measures, where)
                        pairs = pairs[1:]
                    elif function == "PIVOT":
                        continue
                    self.assertFalse(len(pairs) % 2, f"{where}: {content}")
                    for name, value in zip(pairs[::2], pairs[1::2], strict=True):
                        if name == "measure":
                            # a measure's own header: its field's label
                            self.assertIn(value, measures, where)
                            continue
                        self.assertIn(name.lstrip("#"), groupbys, where)

    def _read_source(self, user, source):
        kind, _sid, model, domain, groupbys, measures, _fm = source
        Model = self.env[model].with_user(user)
        aggregates = [
            "__count" if m == "__count" else f"{m}:{Model._fields[m].aggregator}"
            for m in measures
        ]
        if kind == "list":
            return Model.search(domain, limit=1)
        return Model._read_group(
            domain, groupby=groupbys, aggregates=aggregates or ["__count"]
        )

    def _filter_domain(self, data, matching, values):
        """The domain the spreadsheet adds to a data source whose field
        matching is `matching` when its global filters are set to `values`
        ({label: records} for a relation filter, {label: (first, last)}
        dates for a date filter)."""
        filters = {f["label"]: f for f in data["globalFilters"]}
        domain = []
        for label, value in values.items():
            gfilter = filters[label]
            match = matching.get(gfilter["id"], {})
            if not match.get("chain"):
                continue
            chain = match["chain"]
            if gfilter["type"] == "relation":
                operator = "child_of" if gfilter.get("includeChildren") else "in"
                leaf = [(chain, operator, value.ids)]
            else:
                leaf = [(chain, ">=", value[0]), (chain, "<=", value[1])]
            domain = expression.AND([domain, leaf])
        return domain

    def _read_pivot(self, user, data, pivot_id, filters=None, groupby=None):
        """A pivot of the dashboard as `user` reads it with the global
        filters set to `filters`: {group values: {measure: value}}, grouped
        by the pivot's rows and columns, or by `groupby` (() for the
        totals)."""
        pivot = data["pivots"][pivot_id]
        Model = self.env[pivot["model"]].with_user(user)
        if groupby is None:
            groupby = [d["fieldName"] for d in pivot["rows"] + pivot["columns"]]
        measures = [m["fieldName"] for m in pivot["measures"]]
        aggregates = [
            "__count" if m == "__count" else f"{m}:{Model._fields[m].aggregator}"
            for m in measures
        ]
        domain = expression.AND(
            [
                pivot["domain"],
                self._filter_domain(
                    data, pivot.get("fieldMatching", {}), filters or {}
                ),
            ]
        )
        return {
            row[: len(groupby)]: dict(zip(measures, row[len(groupby) :], strict=True))
            for row in Model._read_group(domain, list(groupby), aggregates)
        }

    def assertDashboard(self, dashboard, user):
        """Every check of `dashboard`; `user` must see data in every source."""
        data = self._dashboard_data(dashboard)
        self.assertTrue(
            dashboard.with_user(user).has_access("read"),
            f"{user.login} does not see {dashboard.name}",
        )
        filters = {f["id"]: f for f in data.get("globalFilters", [])}
        sources = self._data_sources(data)
        self.assertTrue(sources, f"{dashboard.name} reads no data")
        matched = set()
        for source in sources:
            kind, sid, model, domain, groupbys, measures, matching = source
            where = f"{dashboard.name}: {kind} {sid}"
            self.assertIn(model, self.env, where)
            self._assertDomain(model, domain, where)
            for spec in groupbys:
                self._assertGroupby(model, spec, where)
            for measure in measures:
                self._assertMeasure(model, measure, where)
            self._assertFieldMatching(model, matching, filters, where)
            matched |= {fid for fid, m in matching.items() if m.get("chain")}
            result = self._read_source(user, source)
            self.assertTrue(result, f"{where} is empty for {user.login} on the demo")
        for pid, pivot in data.get("pivots", {}).items():
            sort = pivot.get("sortedColumn")
            if sort:
                measures = [m["fieldName"] for m in pivot["measures"]]
                self.assertIn(
                    sort["measure"], measures, f"{dashboard.name}: pivot {pid}"
                )
        for lid, list_ in data.get("lists", {}).items():
            for column in list_["columns"]:
                self._field_of_chain(list_["model"], column)
            for order in list_.get("orderBy", []):
                field = self._field_of_chain(list_["model"], order["name"])
                self.assertTrue(field.store, f"{dashboard.name}: list {lid} order")
        for fid, gfilter in filters.items():
            self.assertIn(fid, matched, f"{gfilter['label']!r} filters nothing")
            if gfilter["type"] == "relation":
                self.assertIn(gfilter["modelName"], self.env)
        self._assertFormulas(data, sources)

    def assertSampleDashboard(self, dashboard):
        """The sample shown on an empty database: no data source at all."""
        self.assertTrue(dashboard.sample_dashboard_file_path)
        with file_open(dashboard.sample_dashboard_file_path) as sample_file:
            sample = json.load(sample_file)
        self.assertFalse(sample.get("pivots"))
        self.assertFalse(sample.get("lists"))
        self.assertFalse(sample.get("globalFilters"))
        sheet_names = {sheet["name"] for sheet in sample["sheets"]}
        for sheet in sample["sheets"]:
            for figure in sheet.get("figures", []):
                chart = figure["data"]
                self.assertFalse(chart["type"].startswith("odoo_"), figure["id"])
                ranges = [d["dataRange"] for d in chart.get("dataSets", [])]
                for ref in ranges + [chart.get("labelRange") or chart.get("keyValue")]:
                    if ref and "!" in ref:
                        self.assertIn(ref.split("!")[0], sheet_names, figure["id"])
            for xc, cell in sheet.get("cells", {}).items():
                self.assertRegex(xc, CELL_REFERENCE)
                self.assertNotIn("PIVOT", cell.get("content", ""), xc)
                self.assertNotIn("ODOO.", cell.get("content", ""), xc)
        return sample
