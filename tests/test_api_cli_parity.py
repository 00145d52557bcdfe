"""The CLI and the API are two faces of one question: `GET /duties?…` (all pages) equals `regkg duties … --json`,
and `GET /questions/NAME` equals `regkg ask NAME --json`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest

FILTERS = [
    {"concept": "data centres"},
    {"concept": "数据"},
    {"concept": "数字基础设施", "modality": "obligation"},
    {"concept": "personal information", "regulation": "shanghai_data_2021"},
    {"actor": "工业和信息化部门"},
    {"actor": "工业和信息化部门", "level": "市"},
    {"actor": "市人民政府", "modality": "permission"},
    {"concept": "数据中心", "actor": "工业和信息化部门"},
    {"modality": "prohibition"},
    {"level": "区"},
    {"article": 60, "regulation": "guangzhou_digital_economy_draft"},
    {"regulation": "zhejiang_digital_economy_2020"},
]


def cli(home, *args: str) -> list | dict:
    """`regkg ARGS --json` as a separate process (the installed console entry point)."""
    done = subprocess.run([sys.executable, "-m", "regkg", *args, "--json"], capture_output=True, text=True,
                          env={**os.environ, "REGKG_HOME": str(home), "REGKG_MAX_ROWS": "200"}, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def cli_in_process(home, *args: str) -> list | dict:
    """The same click command run in this process (no interpreter start-up per filter)."""
    from click.testing import CliRunner

    from regkg.cli import _register_commands, app

    _register_commands()
    result = CliRunner().invoke(app, [*args, "--json"], env={"REGKG_HOME": str(home), "REGKG_MAX_ROWS": "200"},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def api_all(base: str, filters: dict) -> list[dict]:
    items, url, params = [], f"{base}/duties", {**filters, "limit": 1000}
    while url:
        page = httpx.get(url, params=params, timeout=60).json()
        items += page["items"]
        url, params = (f"{base}{page['next']}" if page["next"] else None), None
    return items


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()))
def test_api_duties_equal_cli_duties(api, api_home, filters):
    args = [x for key, value in filters.items() for x in (f"--{key}", str(value))]
    run = cli if filters == FILTERS[0] else cli_in_process  # one through a real process, the rest in-process
    expected = run(api_home, "duties", *args)
    assert expected, f"the filter {filters} should find duties"
    assert api_all(api, filters) == expected


def test_paging_concatenates_to_the_whole_answer(api):
    whole = api_all(api, {"concept": "数据"})
    paged, offset = [], 0
    while True:
        page = httpx.get(f"{api}/duties", params={"concept": "数据", "limit": 37, "offset": offset}, timeout=60).json()
        paged += page["items"]
        if page["next"] is None:
            break
        offset += 37
    assert paged == whole and page["total"] == len(whole) > 100


def test_ask_equals_the_api_question(api, api_home):
    expected = cli(api_home, "ask", "cooperation-on-concept", "--param", "concept=数据")
    answer = httpx.get(f"{api}/questions/cooperation-on-concept", params={"concept": "数据"}, timeout=60).json()
    assert answer == expected and answer["rows"]
