"""`regkg duties` and `regkg actors` answer the same from a file and from the store, for every filter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DRAFT
from tests.store_fixtures import run_cli, stop_engine


@pytest.fixture(scope="module")
def loaded_home(tmp_path_factory: pytest.TempPathFactory):
    """A store holding the draft, shared by this module's tests; its engine is stopped afterwards."""
    home = tmp_path_factory.mktemp("regkg-home")
    try:
        done = run_cli(home, "load", str(DRAFT))
        assert done.returncode == 0, done.stderr
        yield home
    finally:
        stop_engine(home)


def both(home: Path, command: str, *args: str) -> tuple[list, list]:
    from_store = run_cli(home, command, *args, "--json")
    from_file = run_cli(home, command, str(DRAFT), *args, "--json")
    assert from_store.returncode == 0, from_store.stderr
    assert from_file.returncode == 0, from_file.stderr
    return json.loads(from_store.stdout), json.loads(from_file.stdout)


@pytest.mark.parametrize("args", [
    ("--actor", "工业和信息化主管部门", "--level", "市"),
    ("--actor", "industry and information technology department"),
    ("--modality", "prohibition"),
    ("--article", "60"),
    ("--concept", "算力基础设施", "--modality", "obligation"),
], ids=["actor-level", "actor-english", "modality", "article", "concept-modality"])
def test_duties_filters_agree(loaded_home: Path, args: tuple[str, ...]) -> None:
    store, file = both(loaded_home, "duties", *args)
    assert store == file != []


def test_duties_filter_semantics(loaded_home: Path) -> None:
    store, _ = both(loaded_home, "duties", "--actor", "工业和信息化部门", "--level", "市")
    assert all(any(b["name"] == "工业和信息化部门" and b["level"] == "市" for b in d["bearers"]) for d in store)
    assert "60.1" in {d["citation"]["cite"] for d in store}
    prohibitions, _ = both(loaded_home, "duties", "--modality", "prohibition")
    assert {d["modality"] for d in prohibitions} == {"prohibition"}
    article, _ = both(loaded_home, "duties", "--article", "60")
    assert {d["citation"]["article"] for d in article} == {60}


def test_actors_agree(loaded_home: Path) -> None:
    store, file = both(loaded_home, "actors")
    assert store == file
    top = {a["name"]: a for a in store}
    assert top["市人民政府"]["kind"] == "government" and top["市人民政府"]["duties"] > 50
    assert "工业和信息化主管部门" in top["工业和信息化部门"]["aliases"]


def test_unknown_actor_suggests(loaded_home: Path) -> None:
    done = run_cli(loaded_home, "duties", str(DRAFT), "--actor", "工业信息化局")
    assert done.returncode == 2
    assert "no actor named" in done.stderr and "did you mean" in done.stderr


def test_unknown_regulation_is_named_with_the_loaded_ones(loaded_home: Path) -> None:
    done = run_cli(loaded_home, "duties", "--regulation", "no_such_regulation")
    assert done.returncode == 2
    assert "no regulation 'no_such_regulation' in the store" in done.stderr
    assert "guangzhou_digital_economy_draft" in done.stderr


def test_an_empty_store_says_how_to_fill_it(tmp_path: Path) -> None:
    try:
        for command in ("duties", "actors", "concepts"):
            done = run_cli(tmp_path, command)
            assert done.returncode == 2, command
            assert "regkg load FILE" in done.stderr
    finally:
        stop_engine(tmp_path)
