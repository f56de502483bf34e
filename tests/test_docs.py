"""Every command and every option says what it does (as sqlite-utils' test_docs does)."""

from __future__ import annotations

import click
import pytest

from citykg.cli import main


def _commands(group: click.Group, prefix: str = "citykg"):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        yield f"{prefix} {name}", cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, f"{prefix} {name}")


COMMANDS = [("citykg", main), *_commands(main)]
OPTIONS = [
    (name, param)
    for name, cmd in COMMANDS
    for param in cmd.params
    if isinstance(param, click.Option) and param.name != "help"
]


def test_there_are_commands_and_options_to_check():
    assert len(COMMANDS) >= 12 and len(OPTIONS) >= 40


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help(name, cmd):
    assert (cmd.help or "").strip(), f"{name} has no help text"


@pytest.mark.parametrize("name,option", OPTIONS, ids=[f"{n} {o.opts[0]}" for n, o in OPTIONS])
def test_every_option_has_help(name, option):
    assert (option.help or "").strip(), f"{name} {'/'.join(option.opts)} has no help text"


def test_time_and_count_options_name_their_unit():
    """A number whose unit is not obvious says it (seconds, bytes)."""
    units = ("second", "byte", "mib", "kib")
    for name, option in OPTIONS:
        if option.name in ("timeout", "doc_timeout", "max_bytes", "max_doc_bytes"):
            assert any(u in option.help.lower() for u in units), (
                f"{name} {option.opts[0]}: {option.help}"
            )
    push = dict(COMMANDS)["citykg push"]
    retries = next(p for p in push.params if p.name == "retries")
    assert "retr" in retries.help.lower() and "attempt" in retries.help.lower()


def test_language_options_take_the_same_choices():
    """``export --lang`` takes [en|fr] like ``view --lang``."""
    by_cmd = dict(COMMANDS)
    choices = {}
    for cmd in ("citykg export", "citykg view"):
        lang = next(p for p in by_cmd[cmd].params if p.name == "lang")
        assert isinstance(lang.type, click.Choice), cmd
        choices[cmd] = list(lang.type.choices)
    assert choices["citykg export"] == choices["citykg view"] == ["en", "fr"]


def test_reason_says_inferred_is_a_named_graph():
    build = dict(COMMANDS)["citykg build"]
    reason = next(p for p in build.params if p.name == "reason")
    assert "named graph" in reason.help


def test_no_deprecation_warnings_at_install_and_run(repo_root):
    """setuptools >= 77 wants an SPDX string for the licence; click 9 drops get_text_stream."""
    import tomllib

    meta = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(meta["project"]["license"], str)
    assert "setuptools>=77" in meta["build-system"]["requires"]
    uses = [
        p.relative_to(repo_root).as_posix()
        for p in (repo_root / "src").rglob("*.py")
        if "get_text_stream" in p.read_text(encoding="utf-8")
    ]
    assert uses == []


def test_help_runs_without_warnings(repo_root):
    import subprocess
    import sys

    for args in ([], ["build"], ["export"], ["view"]):
        r = subprocess.run(
            [
                sys.executable,
                "-W",
                "error::DeprecationWarning",
                "-m",
                "citykg.cli",
                *args,
                "--help",
            ],
            capture_output=True,
            text=True,
            cwd=repo_root,
        )
        assert r.returncode == 0 and "Warning" not in r.stderr, r.stderr


def test_verbose_logs_stages_and_documents(tmp_path, repo_root, caplog):
    """-v (INFO) logs each stage with its time and counts; -vv (DEBUG) each document."""
    import logging

    from citykg.pipeline import build

    doc = repo_root / "seeds" / "000_5f95242ee82ac56f.txt"
    (tmp_path / "bad.txt").write_bytes(b"")
    with caplog.at_level(logging.DEBUG, logger="citykg"):
        build([doc, tmp_path / "bad.txt"], tmp_path / "out", view=False)
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    for stage in ("extract", "resolve", "rdf", "write"):
        line = next((m for m in info if m.startswith(f"{stage}: ")), None)
        assert line is not None and line.endswith(" s") and any(c.isdigit() for c in line), info
    assert any("000_5f95242ee82ac56f.txt: document" in m and "entities" in m for m in debug)
    assert any("bad.txt: not built:" in m for m in debug)


def test_verbose_flag_sets_the_log_level(repo_root):
    import subprocess
    import sys

    code = (
        "import logging, sys; from citykg.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(logging.getLogger().level)"
    )
    levels = []
    for flags in ([], ["-v"], ["-vv"]):
        r = subprocess.run(
            [sys.executable, "-c", code, *flags, "queries"], capture_output=True, text=True
        )
        levels.append(int(r.stdout.strip().splitlines()[-1]))
    assert levels == [30, 20, 10]


def test_shared_fixture_skips_outside_ci_and_fails_under_ci(monkeypatch):
    """A fresh clone has no ../shared: skip with the reason; CI=true must have it."""
    from conftest import shared_path

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="needs .*no-such-folder.*CI=true"):
        shared_path("no-such-folder")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true, so it must be there"):
        shared_path("no-such-folder")


def test_tests_reading_shared_use_the_fixture(repo_root):
    """Every test module that reads ../shared goes through conftest's shared_dir."""
    offenders = []
    for path in sorted((repo_root / "tests").glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        if ('"shared"' in text or "../shared" in text) and "shared_dir" not in text:
            offenders.append(path.name)
    assert offenders == []
