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


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_test_shards_run_every_test_module_once(jobs):
    """`./turbo test --jobs N`: the first N-1 runs name their test modules,
    the last runs our whole addons but those, so that every test module,
    one added later too, runs in exactly one of them."""
    turbo = load_turbo()
    shards = turbo.test_shards(jobs)
    assert len(shards) == jobs
    files = {
        f"/odoo/addons/{path.relative_to(turbo.ROOT).as_posix()}"
        for path in turbo.test_files()
    }
    assert len(files) > 20
    *named, last = [shard.split(",") for shard in shards]
    named_files = [spec for shard in named for spec in shard]
    assert len(named_files) == len(set(named_files))
    assert set(named_files) <= files
    assert all(shard for shard in named), "no run left without a test"
    addons = [f"/{addon}" for addon in turbo.ADDONS]
    assert last[: len(addons)] == addons
    assert sorted(last[len(addons) :]) == sorted(f"-{spec}" for spec in named_files)
    if jobs > 1:
        # Balanced: no run is given more than twice the lightest's share.
        loads = [
            sum(
                turbo.test_weight(turbo.ROOT / spec[len("/odoo/addons/") :])
                for spec in shard
            )
            for shard in named
        ] + [
            sum(
                turbo.test_weight(turbo.ROOT / p[len("/odoo/addons/") :])
                for p in files - set(named_files)
            )
        ]
        assert max(loads) < 2 * min(loads)


def test_test_shard_tags_select_files_as_odoo_does():
    """Odoo's own tag selector, in the Python that runs Odoo, takes the file
    specs test_shards writes: a named module is selected by its run and
    excluded from the last, another module the other way round."""
    turbo = load_turbo()
    named, last = turbo.test_shards(2)
    first = named.split(",")[0][len("/odoo/addons/") :]
    other = next(
        path.relative_to(turbo.ROOT).as_posix()
        for path in turbo.test_files()
        if f"/odoo/addons/{path.relative_to(turbo.ROOT).as_posix()}" not in named
    )
    code = """
import sys
from odoo.tests.tag_selector import TagsSelector
named, last = TagsSelector(sys.argv[1]), TagsSelector(sys.argv[2])
for path in sys.argv[3:]:
    addon, _tests, name = path.split("/")
    test = type("Test", (), {
        "test_tags": {"standard", "at_install"}, "test_module": addon,
        "test_class": "TestX", "_testMethodName": "test_y",
        "__module__": f"odoo.addons.{addon}.tests.{name[:-3]}",
    })()
    print(named.check(test), last.check(test))
"""
    python = turbo.find_odoo()[1]
    out = subprocess.run(
        [python, "-c", code, named, last, first, other],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["True", "False", "False", "True"]
