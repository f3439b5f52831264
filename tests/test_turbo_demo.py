# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""`./turbo demo` gives the demo database both of its languages."""

import importlib.machinery
import importlib.util
import types

import pytest
from conftest import ROOT


def load_turbo():
    loader = importlib.machinery.SourceFileLoader("turbo_script", str(ROOT / "turbo"))
    spec = importlib.util.spec_from_loader("turbo_script", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.mark.parametrize("exists", [False, True], ids=["create", "update"])
def test_demo_loads_chinese_then_english(monkeypatch, exists):
    """Chinese first (Odoo makes the first language of a new database
    everyone's default), English beside it so that users can switch; an
    update loads both too, mending a database created with Chinese only."""
    turbo = load_turbo()
    started = []

    class Server:
        def __init__(self, args):
            started.append(args)

        def wait(self):
            return 0

    monkeypatch.setattr(turbo, "find_odoo", lambda: (["odoo"], "python3", []))
    monkeypatch.setattr(turbo, "ensure_postgres", lambda python: None)
    monkeypatch.setattr(turbo, "db_exists", lambda odoo, db: exists)
    monkeypatch.setattr(turbo.subprocess, "Popen", Server)
    options = types.SimpleNamespace(db="turbo_demo", port=8069)
    assert turbo.cmd_demo(options) == 0
    (args,) = started
    assert ("-u" if exists else "-i") in args
    assert [a for a in args if a.startswith("--load-language")] == [
        "--load-language=zh_CN,en_US"
    ]
