"""A CLI that starts fast: --help imports no command, an answer from a file imports only what it needs, and the
start-up cache (compiled data files) is keyed by content so an edit is never answered from a stale entry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from regkg.cli import COMMAND_MODULES, SHORT_HELP, _register_commands, app
from tests.conftest import DRAFT

HEAVY = ("networkx", "cn2an", "pypinyin", "rich", "yaml", "pydantic", "falkordb", "redis", "fastapi", "neo4j",
         "regkg.loaders.evaluate")


def imported_by(args: list[str], tmp_path: Path) -> set[str]:
    """Modules a real `regkg ARGS` run has imported when it exits."""
    code = ("import sys, json, atexit\n"
            "atexit.register(lambda: print('\\nMODULES=' + json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
            "from regkg.cli import main\n"
            f"main({args!r})\n")
    env = {**os.environ, "REGKG_HOME": str(tmp_path / "home"), "REGKG_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)}


def test_help_imports_no_command_and_nothing_heavy(tmp_path: Path) -> None:
    modules = imported_by(["--help"], tmp_path)
    assert heavy(modules) == set()
    assert not {m for m in modules if m.startswith(("regkg.cli.commands.", "regkg.loaders", "regkg.graph"))}


def test_an_answer_from_a_file_imports_only_what_it_needs(tmp_path: Path) -> None:
    args = ["duties", str(DRAFT), "--concept", "数据中心", "--json"]
    imported_by(args, tmp_path)  # the first run fills the start-up cache
    modules = imported_by(args, tmp_path)
    assert heavy(modules) == set()  # no networkx either: the file's light graph comes from the start-up cache
    assert not {m for m in modules if m.startswith("regkg.cli.commands.") and m != "regkg.cli.commands.duties"}


def test_the_listed_short_help_is_each_commands_own() -> None:
    _register_commands()
    missing = set(COMMAND_MODULES) - set(SHORT_HELP)
    assert not missing, f"add the short help of {missing} to SHORT_HELP in regkg/cli/__init__.py"
    for name in COMMAND_MODULES:
        command = app.commands[name]
        assert click.Command(name, help=SHORT_HELP[name]).get_short_help_str(60) == command.get_short_help_str(60), name


def test_the_cache_follows_the_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from regkg.loaders import cache
    from regkg.loaders.datafile import load_yaml

    monkeypatch.setenv("REGKG_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "vocabulary.yaml"
    data.write_text("words: [一]\n", encoding="utf-8")
    assert load_yaml(data) == {"words": ["一"]}
    data.write_text("words: [二]\n", encoding="utf-8")
    assert load_yaml(data) == {"words": ["二"]}  # new content, new key: never the stale entry
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b"not a pickle")  # a corrupt entry is rebuilt, not an error
    assert load_yaml(data) == {"words": ["二"]}
    assert oct((tmp_path / "cache").stat().st_mode & 0o777) == "0o700"
    monkeypatch.setenv("REGKG_NO_CACHE", "1")
    assert cache.cache_dir() is None and load_yaml(data) == {"words": ["二"]}
