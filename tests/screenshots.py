# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Take the README's screenshots from a running demo (`./turbo demo`).

    python3 tests/screenshots.py [--url URL] [--db turbo_demo] [file.png ...]

Logs in over JSON-RPC, hands the session cookie to a headless Chromium
through the DevTools protocol, opens each page and saves a PNG in
docs/screenshots/. Needs Chromium and the websocket-client package.
"""
# pylint: disable=print-used

import argparse
import base64
import http.cookiejar
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

ROOT = Path(__file__).resolve().parent.parent
LINE9 = "{lead_huaxia_line9}"
HOSPITAL = "{lead_hospital_or}"
SHOTS = [
    # (file, login, path, CSS selectors to click in turn, then one to wait for)
    (
        "sales_regions_hierarchy.png",
        "admin",
        "/odoo/action-turbo_crm.crm_sales_region_action?view_type=hierarchy",
        [],
        ".o_hierarchy_node",
    ),
    (
        "contacts_by_region.png",
        "admin",
        "/odoo/action-contacts.action_contacts?view_type=list",
        [],
        ".o_data_row",
    ),
    (
        "pipeline.png",
        "zhangwei",
        "/odoo/crm",
        [],
        ".o_kanban_record",
    ),
    (
        "opportunity_qualification.png",
        "zhangwei",
        f"/odoo/crm/{LINE9}",
        ["a.nav-link[name=turbo_qualification]"],
        ".o_field_widget[name=qualification_ids] .o_data_row",
    ),
    (
        "opportunity_committee.png",
        "zhangwei",
        f"/odoo/crm/{LINE9}",
        ["a.nav-link[name=turbo_committee]"],
        ".o_field_widget[name=stakeholder_ids] .o_data_row",
    ),
    (
        "buying_committee_org_chart.png",
        "zhangwei",
        f"/odoo/crm/{LINE9}",
        ["button[name=action_open_org_chart]"],
        ".o_hierarchy_node",
    ),
    (
        "channel_quota_attainment.png",
        "chenjing",
        "/odoo/action-turbo_crm.crm_sales_quota_report_action",
        [],
        ".o_pivot .o_pivot_cell_value",
    ),
    (
        "my_quotas.png",
        "zhangwei",
        "/odoo/action-turbo_crm.crm_sales_quota_action_my",
        [],
        ".o_kanban_record",
    ),
    (
        "receivable_aging.png",
        "zhaomin",
        "/odoo/action-turbo_crm_receivable.receivable_aging_report_action",
        [],
        ".o_pivot .o_pivot_cell_value",
    ),
    (
        "aging_by_customer.png",
        "zhaomin",
        "/odoo/action-turbo_crm_receivable.receivable_aging_customer_action",
        [],
        ".o_list_renderer .o_data_row",
    ),
    (
        "customer_collections.png",
        "zhaomin",
        "/odoo/contacts/{partner_bj_hospitals}",
        ["a.nav-link[name=turbo_collections]"],
        ".o_field_widget[name=followup_log_ids] .o_data_row",
    ),
    (
        "forecast_trend.png",
        "wangqiang",
        "/odoo/action-turbo_crm.crm_forecast_snapshot_action_trend",
        [],
        ".o_graph_renderer canvas",
    ),
    (
        "deal_closed_loop.png",
        "zhangwei",
        f"/odoo/crm/{HOSPITAL}",
        ["a.nav-link[name=profit]"],
        ".o_field_widget[name=cost_line_ids] .o_data_row",
    ),
    (
        "deal_milestones.png",
        "guofang",
        f"/odoo/crm/{HOSPITAL}",
        ["a.nav-link[name=milestones]"],
        ".o_field_widget[name=milestone_ids] .o_data_row",
    ),
    (
        "customer_ranking.png",
        "wangqiang",
        "/odoo/action-turbo_crm.crm_customer_value_snapshot_action_customer_ranking",
        [],
        ".o_list_renderer .o_data_row",
    ),
    (
        "customer_value_tab.png",
        "wangqiang",
        "/odoo/contacts/{partner_huaxia_metro}",
        ["a.nav-link[name=turbo_value]"],
        ".o_field_widget[name=value_line_ids] .o_data_row",
    ),
    (
        "service_records.png",
        "liuyang",
        "/odoo/action-turbo_crm.crm_service_record_action?view_type=kanban",
        [],
        ".o_kanban_record",
    ),
    (
        "service_dashboard.png",
        "sunli",
        "/odoo/dashboards?dashboard_id={spreadsheet_dashboard_service}",
        [],
        ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status)) .o-grid",
    ),
    (
        "order_approval.png",
        "wangqiang",
        "/odoo/action-sale.action_orders/{sale_order_huaxia_line9}",
        ["a.nav-link[name=approvals]"],
        ".o_field_widget[name=approval_current_ids] .o_data_row",
    ),
]


def session_cookie(url, db, login, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": db, "login": login, "password": password},
        }
    ).encode()
    request = urllib.request.Request(
        f"{url}/web/session/authenticate", body, {"Content-Type": "application/json"}
    )
    with opener.open(request, timeout=60) as resp:
        reply = json.load(resp)
    if "error" in reply:
        raise SystemExit(f"login {login} failed: {reply['error']['data']['message']}")
    return next(c.value for c in jar if c.name == "session_id")


def xmlids(url, db):
    """Database ids of the demo records the shots open, by XML id."""
    cookie = session_cookie(url, db, "admin", "admin")
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "ir.model.data",
                "method": "search_read",
                "args": [
                    [
                        ("module", "=", "turbo_crm"),
                        (
                            "model",
                            "in",
                            [
                                "crm.lead",
                                "res.partner",
                                "sale.order",
                                "spreadsheet.dashboard",
                            ],
                        ),
                    ]
                ],
                "kwargs": {"fields": ["name", "res_id"]},
            },
        }
    ).encode()
    request = urllib.request.Request(
        f"{url}/web/dataset/call_kw",
        body,
        {"Content-Type": "application/json", "Cookie": f"session_id={cookie}"},
    )
    with urllib.request.urlopen(request, timeout=60) as resp:
        rows = json.load(resp)["result"]
    return {row["name"]: row["res_id"] for row in rows}


class Chrome:
    def __init__(self):
        self.profile = tempfile.mkdtemp()
        self.proc = subprocess.Popen(
            [
                shutil.which("chromium") or shutil.which("google-chrome"),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--window-size=1440,900",
                "--remote-debugging-port=9333",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _i in range(50):
            try:
                with urllib.request.urlopen(
                    "http://127.0.0.1:9333/json", timeout=2
                ) as resp:
                    pages = [t for t in json.load(resp) if t["type"] == "page"]
                if pages:
                    break
            except OSError:
                time.sleep(0.2)
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], suppress_origin=True
        )
        self._id = 0

    def send(self, method, **params):
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self._id:
                return message.get("result", {})

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.send(
                "Runtime.evaluate",
                expression=f"!!document.querySelector({json.dumps(selector)})",
            )
            if found.get("result", {}).get("value"):
                time.sleep(1.5)  # let the view settle
                return
            time.sleep(0.3)
        raise SystemExit(f"{selector} did not show")

    def close(self):
        self.proc.terminate()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="turbo_demo")
    parser.add_argument(
        "names", nargs="*", help="the files to take again (default: all of them)"
    )
    options = parser.parse_args()
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    chrome = Chrome()
    try:
        chrome.send("Network.enable")
        chrome.send(
            "Emulation.setDeviceMetricsOverride",
            width=1440,
            height=1000,
            deviceScaleFactor=1,
            mobile=False,
        )
        ids = xmlids(options.url, options.db)
        for name, login, path, clicks, selector in SHOTS:
            if options.names and name not in options.names:
                continue
            cookie = session_cookie(
                options.url, options.db, login, "admin" if login == "admin" else login
            )
            chrome.send("Network.clearBrowserCookies")
            chrome.send(
                "Network.setCookie",
                name="session_id",
                value=cookie,
                url=options.url,
            )
            chrome.send("Page.navigate", url=options.url + path.format(**ids))
            for click in clicks:
                chrome.wait_for(click)
                chrome.send(
                    "Runtime.evaluate",
                    expression=f"document.querySelector({json.dumps(click)}).click()",
                )
            chrome.wait_for(selector)
            shot = chrome.send("Page.captureScreenshot", format="png")
            (out / name).write_bytes(base64.b64decode(shot["data"]))
            print(f"wrote docs/screenshots/{name}")
    finally:
        chrome.close()


if __name__ == "__main__":
    main()
