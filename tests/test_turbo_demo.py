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
    created = []
    monkeypatch.setattr(
        turbo,
        "create_db",
        lambda odoo, db, **kwargs: created.append((db, kwargs)),
    )
    installed = []
    monkeypatch.setattr(
        turbo,
        "install_modules",
        lambda odoo, db, modules: installed.append((db, modules)),
    )
    options = types.SimpleNamespace(db="turbo_demo", port=8069)
    assert turbo.cmd_demo(options) == 0
    # A new demo database is created as Odoo's database manager creates
    # one for a company in China, and Accounting is installed on it (with
    # China's chart of accounts) before our addons: Huatong keeps its books
    # in yuan.
    assert created == (
        [] if exists else [("turbo_demo", {"lang": "zh_CN", "country": "CN"})]
    )
    assert installed == ([] if exists else [("turbo_demo", ["account"])])
    (args,) = started
    assert ("-u" if exists else "-i") in args
    assert [a for a in args if a.startswith("--load-language")] == [
        "--load-language=zh_CN,en_US"
    ]


def test_database_created_by_odoo_database_manager(monkeypatch, tmp_path):
    """create_db runs Odoo's own exp_create_database with the language and
    country asked for, and a failure is fatal with Odoo's last words."""
    turbo = load_turbo()
    commands = []

    def run(args, **kwargs):
        commands.append(args)
        return turbo.subprocess.CompletedProcess(args, 1, "", "boom\nKeyError: 'XX'")

    monkeypatch.setattr(turbo.subprocess, "run", run)
    monkeypatch.setattr(turbo, "db_exists", lambda odoo, db: False)
    odoo = (["python3", "-m", "odoo"], "python3", [])
    with pytest.raises(turbo.Fatal, match="KeyError: 'XX'"):
        turbo.create_db(odoo, "demo_db", tmp_path, lang="zh_CN", country="XX")
    ((python, flag, code, *args),) = commands
    assert (python, flag) == ("python3", "-c")
    assert "exp_create_database" in code
    assert args[:4] == ["demo_db", "zh_CN", "XX", "demo"]
    assert f"--data-dir={tmp_path}" in args
