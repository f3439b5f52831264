# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Repository-wide static checks: what no single addon's tests can see."""

import ast
import csv
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import ADDONS, ROOT, po_entries

SPEC_DEPENDS = {
    "turbo_crm": {
        "crm",
        "sale_management",
        "sale_crm",
        "contacts",
        "mail",
        "base_import",
        "web_hierarchy",
        "spreadsheet_dashboard",
    },
    "turbo_crm_project": {"turbo_crm", "sale_project", "project_hr_expense"},
    "turbo_crm_receivable": {"turbo_crm", "account"},
    # the glue SPEC asks for: auto-installed with both
    "turbo_crm_project_receivable": {"turbo_crm_project", "turbo_crm_receivable"},
}


def manifest(addon):
    return ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())


def python_files(addon):
    return sorted((ROOT / addon).rglob("*.py"))


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest(addon):
    data = manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", data["version"])
    assert data["license"] == "LGPL-3"
    assert SPEC_DEPENDS[addon] <= set(data["depends"])
    for key in ("data", "demo"):
        for path in data.get(key, []):
            assert (ROOT / addon / path).is_file(), f"{addon}: {path} is missing"
    data_files = data.get("data", [])
    security = [f for f in data_files if f.startswith("security/")]
    assert data_files[: len(security)] == security, "security files load first"
    menus = [f for f in data_files if f.endswith("_menus.xml")]
    assert not menus or data_files[-len(menus) :] == menus, "menus load last"


@pytest.mark.parametrize("addon", ADDONS)
def test_addon_layout(addon):
    for path in (
        "__init__.py",
        "pyproject.toml",
        "security/ir.model.access.csv",
        "readme/DESCRIPTION.md",
        "static/description/icon.png",
        f"i18n/{addon}.pot",
        "i18n/zh_CN.po",
        "tests/__init__.py",
    ):
        assert (ROOT / addon / path).is_file(), f"{addon}/{path} is missing"


@pytest.mark.parametrize("addon", ADDONS)
def test_xml_files_parse(addon):
    for path in sorted((ROOT / addon).rglob("*.xml")):
        ET.parse(path)


def _defined_models(addon):
    """`_name`s of the models an addon defines (not those it inherits), but
    abstract ones: they have no records to give access to."""
    names = set()
    for path in python_files(addon):
        if "/tests/" in str(path):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            if any(ast.unparse(base).endswith("AbstractModel") for base in node.bases):
                continue
            attrs = {
                target.id: stmt.value
                for stmt in node.body
                if isinstance(stmt, ast.Assign)
                for target in stmt.targets
                if isinstance(target, ast.Name)
            }
            if "_name" in attrs and isinstance(attrs["_name"], ast.Constant):
                names.add(attrs["_name"].value)
    return names


@pytest.mark.parametrize("addon", ADDONS)
def test_every_model_has_access_rules(addon):
    with open(ROOT / addon / "security/ir.model.access.csv") as csv_file:
        rows = list(csv.DictReader(csv_file))
    covered = {row["model_id:id"].split(".")[-1] for row in rows}
    for model in _defined_models(addon):
        assert f"model_{model.replace('.', '_')}" in covered, (
            f"{addon}: {model} has no line in ir.model.access.csv"
        )


@pytest.mark.parametrize("addon", ADDONS)
def test_no_commit_and_no_string_built_sql(addon):
    string_sql = re.compile(
        r"""\.execute\(\s*(f["']|["'][^"']*["']\s*%|["'][^"']*["']\s*\.format)"""
    )
    for path in python_files(addon):
        text = path.read_text()
        assert "cr.commit()" not in text, f"{path}: cr.commit() in addon code"
        assert not string_sql.search(text), f"{path}: SQL built from strings"


@pytest.mark.parametrize("addon", ADDONS)
def test_zh_cn_translation_is_complete(addon):
    template = po_entries((ROOT / addon / "i18n" / f"{addon}.pot").read_text())
    chinese = po_entries((ROOT / addon / "i18n" / "zh_CN.po").read_text())
    assert template, f"{addon}: the .pot is empty"
    missing = [msgid for msgid in template if not chinese.get(msgid)]
    assert not missing, f"{addon}: untranslated in zh_CN.po: {missing[:10]}"


@pytest.mark.parametrize("addon", ADDONS)
def test_chinese_never_calls_our_channels_the_pipeline(addon):
    """渠道 is what a Chinese seller reads for Odoo's pipeline: our channel
    partners are 经销伙伴, everywhere."""
    chinese = po_entries((ROOT / addon / "i18n" / "zh_CN.po").read_text())
    mixed = [msgid for msgid, msgstr in chinese.items() if "渠道" in msgstr]
    assert not mixed, f"{addon}: 渠道 in zh_CN.po for {mixed[:5]}"
