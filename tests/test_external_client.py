# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""External clients (a browser's JSON-RPC, an integration's XML-RPC) against a
running Odoo with the three addons and their demo data."""

import base64
import xmlrpc.client

import pytest
from conftest import ADDONS, ROOT, po_entries


def test_server_is_odoo_18(odoo_server):
    common = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/common")
    assert common.version()["server_serie"] == "18.0"


def test_addons_are_installed(xmlrpc_as):
    admin = xmlrpc_as("admin", "admin")
    modules = admin(
        "ir.module.module",
        "search_read",
        [("name", "in", list(ADDONS))],
        fields=["name", "state"],
    )
    assert {m["name"]: m["state"] for m in modules} == dict.fromkeys(
        ADDONS, "installed"
    )


def test_jsonrpc_login_and_read_demo_opportunities(jsonrpc):
    session = jsonrpc.login("admin", "admin")
    assert session["uid"]
    leads = jsonrpc.call_kw(
        "crm.lead",
        "search_read",
        [[("type", "=", "opportunity"), ("partner_id.customer_tier", "=", "vip")]],
        {"fields": ["name", "partner_id", "expected_revenue", "stage_id"]},
    )
    names = {lead["name"] for lead in leads}
    assert "Metro Line 9: station ventilation and air conditioning" in names
    assert "GMP clean-room HVAC for the Pudong injectables plant" in names
    line9 = next(lead for lead in leads if lead["name"].startswith("Metro Line 9"))
    assert line9["expected_revenue"] == 12_500_000
    assert line9["partner_id"][1] == "Huaxia Metro Group (华夏地铁集团)"


def test_jsonrpc_wrong_password_is_refused(jsonrpc):
    with pytest.raises(RuntimeError, match="Access Denied|Wrong login"):
        jsonrpc.login("admin", "not-the-password")


def test_salesperson_sees_own_pipeline_only(xmlrpc_as):
    """Zhang Wei (North China) works his deals; Li Na's stay hers."""
    rep = xmlrpc_as("zhangwei")
    names = {
        lead["name"]
        for lead in rep(
            "crm.lead",
            "search_read",
            [("type", "=", "opportunity")],
            fields=["name"],
        )
    }
    assert "Metro Line 9: station ventilation and air conditioning" in names
    assert "GMP clean-room HVAC for the Pudong injectables plant" not in names


def test_customers_by_region_over_xmlrpc(xmlrpc_as):
    """An executive's question: how many group customers per region."""
    manager = xmlrpc_as("wangqiang")
    north = manager("crm.sales.region", "search", [("code", "=", "CN-N")], limit=1)
    customers = manager(
        "res.partner",
        "search_read",
        [("sales_region_id", "child_of", north), ("is_company", "=", True)],
        fields=["name", "customer_segment", "customer_tier"],
    )
    by_name = {c["name"]: c for c in customers}
    assert by_name["Huaxia Metro Group (华夏地铁集团)"]["customer_tier"] == "vip"
    assert (
        by_name["Beijing Municipal Hospital Authority (北京市医院管理局)"][
            "customer_segment"
        ]
        == "government"
    )
    assert "Eastern Pharma Group (东方制药集团)" not in by_name


def test_credit_controller_has_no_pipeline(xmlrpc_as):
    controller = xmlrpc_as("zhaomin")
    with pytest.raises(xmlrpc.client.Fault, match="not allowed to access"):
        controller("crm.lead", "search_read", [], fields=["name"], limit=1)
    # ... but collects: the group customers are hers.
    mine = controller(
        "res.partner",
        "search_read",
        [("collector_id.login", "=", "zhaomin"), ("is_company", "=", True)],
        fields=["name"],
    )
    assert "Huaxia Metro Group (华夏地铁集团)" in {p["name"] for p in mine}


@pytest.mark.parametrize("addon", ADDONS)
def test_translation_template_is_current(xmlrpc_as, addon):
    """The committed .pot holds exactly the terms Odoo exports for the addon
    (regenerate with `./turbo pot`, then translate the new terms)."""
    admin = xmlrpc_as("admin", "admin")
    module = admin("ir.module.module", "search", [("name", "=", addon)])
    wizard = admin(
        "base.language.export",
        "create",
        {"lang": "__new__", "format": "po", "modules": [(6, 0, module)]},
    )
    admin("base.language.export", "act_getfile", [wizard])
    exported = admin("base.language.export", "read", [wizard], ["data"])[0]["data"]
    server_terms = set(po_entries(base64.b64decode(exported).decode()))
    committed = (ROOT / addon / "i18n" / f"{addon}.pot").read_text()
    committed_terms = set(po_entries(committed))
    assert server_terms - committed_terms == set(), "terms missing from the .pot"
    assert committed_terms - server_terms == set(), "stale terms in the .pot"
