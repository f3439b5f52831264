# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""`./turbo` uses Odoo's own commands, honours Odoo's exit code, and counts
every problem of Odoo's log, Odoo's own included."""

import re
import subprocess

import pytest
from test_turbo_demo import load_turbo

ODOO = (["odoo"], "python3", [])
RECORDS = [
    ("INFO", "odoo.modules.loading", "Modules loaded."),
    ("WARNING", "odoo.addons.base.models.ir_ui_view", "a view of Odoo's"),
    ("WARNING", "odoo.addons.mail.models.harmless", "known and harmless"),
    ("ERROR", "odoo.addons.turbo_crm.tests.test_x", "FAIL: TestX.test_y"),
    ("ERROR", "odoo.sql_db", "bad query: SELECT"),
    ("CRITICAL", "odoo.service.server", "Failed to initialize database"),
    ("INFO", "odoo.addons.turbo_crm.tests.test_z", "skipped TestZ.test_w : no chrome"),
    (
        "ERROR",
        "odoo.tests.result",
        "1 failed, 0 error(s) of 9 tests when loading database 'db'",
    ),
]
LOG = "".join(
    f"2026-01-05 10:00:0{i},001 42 {level} db {logger}: {msg}\n"
    + ("Traceback (most recent call last):\nAssertionError: 1 != 2\n" if i == 3 else "")
    for i, (level, logger, msg) in enumerate(RECORDS)
)


def test_every_problem_of_odoo_log_counts_but_the_known_ones(monkeypatch, tmp_path):
    turbo = load_turbo()
    monkeypatch.setattr(
        turbo,
        "KNOWN_ODOO_WARNINGS",
        [("WARNING", "odoo.addons.mail.models.harmless", r"^known", "a reason")],
    )
    log = tmp_path / "odoo.log"
    log.write_text(LOG)
    failed, errors, run, skipped, problems, allowed = turbo.parse_odoo_log(log)
    assert (failed, errors, run) == (1, 0, 9)
    assert skipped == [("TestZ.test_w", "no chrome")]
    # Odoo's own warning, an error and a critical record; the failed test's
    # report is in the counts, not twice.
    assert [(level, logger) for level, logger, _msg in problems] == [
        ("WARNING", "odoo.addons.base.models.ir_ui_view"),
        ("ERROR", "odoo.sql_db"),
        ("CRITICAL", "odoo.service.server"),
    ]
    assert [logger for _level, logger, _msg in allowed] == [
        "odoo.addons.mail.models.harmless"
    ]


def test_known_odoo_warnings_say_why():
    turbo = load_turbo()
    for level, logger, pattern, reason in turbo.KNOWN_ODOO_WARNINGS:
        assert level in ("WARNING", "ERROR"), f"{logger}: never a {level}"
        assert "turbo" not in logger, f"{logger}: ours are never harmless"
        re.compile(pattern)
        assert len(reason) > 20, f"{logger}: say why it is harmless"
    assert not turbo.known_odoo_warning("ERROR", "odoo.sql_db", "anything")


def test_chrome_preconnect_timeout_allowed(tmp_path):
    """The one error record of Odoo's test server allowed: an idle
    connection of the browser closed, not a request that failed."""
    turbo = load_turbo()
    log = tmp_path / "odoo.log"
    log.write_text(
        "2026-12-02 07:02:42,867 11795 ERROR ? werkzeug: 127.0.0.1 - - "
        "[02/Dec/2026 07:02:42] Request timed out: TimeoutError('timed out') - - -\n"
        "2026-12-02 07:02:43,867 11795 ERROR db werkzeug: 127.0.0.1 - - "
        '[02/Dec/2026 07:02:43] "GET /odoo HTTP/1.1" 500 - 3 0.1 0.2\n'
    )
    _f, _e, _r, _s, problems, allowed = turbo.parse_odoo_log(log)
    assert len(allowed) == 1
    assert [msg for _level, _logger, msg in problems] == [
        '127.0.0.1 - - [02/Dec/2026 07:02:43] "GET /odoo HTTP/1.1" 500 - 3 0.1 0.2'
    ]


class Run:
    """subprocess.run's stand-in: records the commands, answers `returncode`."""

    def __init__(self, returncode=0, stderr=""):
        self.returncode, self.stderr, self.commands = returncode, stderr, []

    def __call__(self, args, **kwargs):
        self.commands.append(args)
        return subprocess.CompletedProcess(args, self.returncode, "", self.stderr)


def test_databases_dropped_and_copied_by_odoo_db(monkeypatch, tmp_path):
    turbo = load_turbo()
    run = Run()
    monkeypatch.setattr(turbo.subprocess, "run", run)
    monkeypatch.setattr(turbo, "db_exists", lambda odoo, db: db == "there")
    turbo.drop_db(ODOO, "there", tmp_path)
    turbo.drop_db(ODOO, "gone", tmp_path)
    turbo.clone_db(ODOO, "there", "copy", tmp_path)
    assert [command[:2] for command in run.commands] == [["odoo", "db"]] * 2
    assert f"--data-dir={tmp_path}" in run.commands[0]
    assert run.commands[0][-2:] == ["drop", "there"]
    assert run.commands[1][-4:] == ["duplicate", "--force", "there", "copy"]


def test_odoo_db_failure_is_fatal(monkeypatch, tmp_path):
    turbo = load_turbo()
    run = Run(returncode=1, stderr="Couldn't drop database there: in use")
    monkeypatch.setattr(turbo.subprocess, "run", run)
    monkeypatch.setattr(turbo, "db_exists", lambda odoo, db: True)
    with pytest.raises(turbo.Fatal, match="exit code 1.*in use"):
        turbo.drop_db(ODOO, "there", tmp_path)


@pytest.mark.parametrize(
    ("rc", "failed", "fatal"),
    [(0, set(), False), (1, {"t2"}, False), (1, set(), True), (255, set(), True)],
    ids=["passed", "failures", "failure-not-in-log", "registry-failed"],
)
def test_upstream_run_honours_odoo_exit_code(monkeypatch, tmp_path, rc, failed, fatal):
    turbo = load_turbo()
    monkeypatch.setattr(turbo, "run_streamed", lambda *args, **kwargs: rc)
    monkeypatch.setattr(
        turbo, "parse_upstream_log", lambda path: ({"t1", "t2"}, failed, set())
    )
    odoo = (["python3", "-m", "odoo"], "python3", [])
    if fatal:
        with pytest.raises(turbo.Fatal, match=f"exited with code {rc}"):
            turbo.upstream_run(odoo, "db", ["crm"], tmp_path, "Odoo alone")
    else:
        result = turbo.upstream_run(odoo, "db", ["crm"], tmp_path, "Odoo alone")
        assert result == ({"t1", "t2"}, failed, set())
