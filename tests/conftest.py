# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Fixtures of the repository tests.

The end-to-end tests talk to a real Odoo server from outside, as an external
client would: `./turbo test` installs the addons in a throwaway database and
names it in TURBO_TEST_DB, with the Odoo command line in TURBO_ODOO_ARGS.
"""

import ast
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xmlrpc.client
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = (
    "turbo_crm",
    "turbo_crm_project",
    "turbo_crm_receivable",
    "turbo_crm_project_receivable",
)


def po_entries(text):
    """msgid -> msgstr of a .po file (multi-line strings joined)."""
    entries, msgid, msgstr, current = {}, None, None, None
    for line in text.splitlines() + [""]:
        if line.startswith("msgid "):
            if msgid is not None:
                entries[msgid] = msgstr
            msgid, msgstr, current = ast.literal_eval(line[6:]), None, "id"
        elif line.startswith("msgstr "):
            msgstr, current = ast.literal_eval(line[7:]), "str"
        elif line.startswith('"') and current == "id":
            msgid += ast.literal_eval(line)
        elif line.startswith('"') and current == "str":
            msgstr += ast.literal_eval(line)
    if msgid is not None:
        entries[msgid] = msgstr
    entries.pop("", None)  # the header
    return entries


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory):
    """Start Odoo on a free port against the test database; yield its URL."""
    db = os.environ.get("TURBO_TEST_DB")
    args = os.environ.get("TURBO_ODOO_ARGS")
    if not db or not args:
        pytest.fail(
            "The end-to-end tests need a database with the addons installed: "
            "run them through `./turbo test`."
        )
    port = _free_port()
    log = tmp_path_factory.mktemp("odoo") / "server.log"
    with open(log, "w") as log_file:
        proc = subprocess.Popen(
            [
                *json.loads(args),
                f"--http-port={port}",
                "--http-interface=127.0.0.1",
                f"--db-filter=^{db}$",
                "--max-cron-threads=0",
                "--workers=0",
                "--log-level=warn",
            ],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline, last_error = time.time() + 120, None
    while True:
        try:
            with urllib.request.urlopen(f"{url}/web/health", timeout=5) as resp:
                if resp.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last_error = exc  # not up yet
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            pytest.fail(
                f"Odoo did not start ({last_error}):\n{log.read_text()[-3000:]}"
            )
        time.sleep(0.5)
    server = type("OdooServer", (), {"url": url, "db": db, "log": log})()
    yield server
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()


class JsonRpcSession:
    """A browser-like JSON-RPC client with its session cookie."""

    def __init__(self, url, db):
        self.url, self.db = url, db
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        self._id = 0

    def call(self, path, **params):
        self._id += 1
        body = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "params": params, "id": self._id}
        ).encode()
        request = urllib.request.Request(
            self.url + path, body, {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=60) as resp:
            reply = json.load(resp)
        if "error" in reply:
            raise RuntimeError(reply["error"]["data"]["message"])
        return reply["result"]

    def login(self, login, password):
        return self.call(
            "/web/session/authenticate", db=self.db, login=login, password=password
        )

    def call_kw(self, model, method, args, kwargs=None):
        return self.call(
            f"/web/dataset/call_kw/{model}/{method}",
            model=model,
            method=method,
            args=args,
            kwargs=kwargs or {},
        )


@pytest.fixture
def jsonrpc(odoo_server):
    return JsonRpcSession(odoo_server.url, odoo_server.db)


class XmlRpcUser:
    """An external integration (an ERP, a script) over XML-RPC."""

    def __init__(self, url, db, login, password):
        self.db, self.password = db, password
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        self.uid = common.authenticate(db, login, password, {})
        self.models = xmlrpc.client.ServerProxy(
            f"{url}/xmlrpc/2/object", allow_none=True
        )

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )


@pytest.fixture
def xmlrpc_as(odoo_server):
    def connect(login, password=None):
        user = XmlRpcUser(odoo_server.url, odoo_server.db, login, password or login)
        assert user.uid, f"{login} could not log in over XML-RPC"
        return user

    return connect
