# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Uninstall and reinstall the suite on the running server, as an
administrator would from Apps. Runs last: it changes the database."""

from conftest import ADDONS


def _states(admin):
    return {
        m["name"]: m["state"]
        for m in admin(
            "ir.module.module",
            "search_read",
            [("name", "in", list(ADDONS))],
            fields=["name", "state"],
        )
    }


def test_upgrade_changes_no_data(xmlrpc_as):
    """Updating the addons (as `./turbo demo` does on an existing database)
    re-applies their data files without duplicating or changing records."""
    admin = xmlrpc_as("admin", "admin")

    def snapshot():
        counts = {
            model: admin(model, "search_count", [])
            for model in (
                "crm.lead.stakeholder",
                "crm.lead.qualification",
                "crm.lead.competitor",
                "crm.lead.team.member",
                "crm.qualification.criterion",
                "crm.stage.exit.criterion",
                "crm.sales.region",
            )
        }
        line9 = admin(
            "crm.lead",
            "search_read",
            [("name", "=", "Metro Line 9: station ventilation and air conditioning")],
            fields=["qualification_score", "stakeholder_coverage", "stage_id"],
        )
        return counts, line9

    before = snapshot()
    ids = admin("ir.module.module", "search", [("name", "in", list(ADDONS))])
    admin("ir.module.module", "button_immediate_upgrade", ids)
    assert snapshot() == before


def test_uninstall_then_reinstall(xmlrpc_as):
    admin = xmlrpc_as("admin", "admin")
    base_id = admin("ir.module.module", "search", [("name", "=", "turbo_crm")])
    admin("ir.module.module", "button_immediate_uninstall", base_id)

    # Uninstalling the base addon takes its dependents along, and leaves
    # nothing behind: models, columns, groups.
    assert set(_states(admin).values()) == {"uninstalled"}
    assert not admin("ir.model", "search", [("model", "=", "crm.sales.region")])
    assert not admin("ir.model", "search", [("model", "=", "crm.document.category")])
    partner_fields = admin("res.partner", "fields_get", [], attributes=["type"])
    assert not {"customer_tier", "sales_region_id", "collector_id"} & set(
        partner_fields
    )
    assert not admin(
        "ir.model.data",
        "search",
        [("module", "in", list(ADDONS)), ("model", "=", "res.groups")],
    )

    ids = admin("ir.module.module", "search", [("name", "in", list(ADDONS))])
    admin("ir.module.module", "button_immediate_install", ids)
    assert _states(admin) == dict.fromkeys(ADDONS, "installed")
    assert admin("ir.model", "search", [("model", "=", "crm.sales.region")])
    assert "sales_region_id" in admin(
        "res.partner", "fields_get", [], attributes=["type"]
    )
