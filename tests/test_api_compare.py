"""GET /compare, /compare/view, /diff and POST /lint on the real API (regkg serve) over a real embedded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from regkg.cli.commands.compare import comparison
from regkg.graph.build import build_graph
from regkg.loaders.lint import lint_file, lint_report
from regkg.loaders.parse import parse_file
from regkg.loaders.pipeline import extract_facts
from regkg.loaders.taxonomy import load_taxonomy
from tests.conftest import CORPUS, DRAFT
from tests.diff_fixtures import modified_draft
from tests.test_api_health import serving

ZJ = CORPUS / "zhejiang_digital_economy_2020.txt"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Iterator[str]:
    """The draft, Zhejiang and a modified draft (id draft_v2) loaded into a private store, served over HTTP."""
    from regkg.graph.store.embedded import EmbeddedStore
    from regkg.settings import load_settings

    tmp = tmp_path_factory.mktemp("api-compare")
    home = tmp / "home"
    store = EmbeddedStore(load_settings(home=home))
    try:
        taxonomy = load_taxonomy().concepts
        for path, rid in ((DRAFT, None), (ZJ, None), (modified_draft(tmp), "draft_v2")):
            doc = parse_file(path, rid)
            store.load_regulation(build_graph(doc, extract_facts(doc), taxonomy), doc.id)
        store.close()
        with serving({"REGKG_HOME": str(home), "REGKG_API_UPLOAD_MAX_BYTES": "200000"}, tmp / "serve.log") as url:
            yield url
    finally:
        store.close()
        store.server.stop()


def test_get_compare_equals_the_cli_json(base):
    got = httpx.get(f"{base}/compare", params={"regulation": ["guangzhou_digital_economy_draft",
                                                              "zhejiang_digital_economy_2020"],
                                               "concept": "公共数据"}, timeout=60)
    assert got.status_code == 200, got.text
    expected = comparison([str(DRAFT), str(ZJ)], concept="公共数据")
    assert got.json()["concepts"] == expected["concepts"]
    assert got.json()["functions"] == expected["functions"]


def test_compare_all_on_public_data_is_one_request_and_one_page(base):
    got = httpx.get(f"{base}/compare", params={"all": "true", "concept": "public data"}, timeout=60).json()
    assert [r["id"] for r in got["regulations"]] == ["draft_v2", "guangzhou_digital_economy_draft",
                                                      "zhejiang_digital_economy_2020"]
    sides = got["concepts"][0]["regulations"]
    assert all(side["count"] > 0 and side["bearerKinds"] for side in sides.values())
    page = httpx.get(f"{base}/compare/view", params={"all": "true", "concept": "公共数据"}, timeout=60)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "公共数据" in page.text and "浙江省数字经济促进条例" in page.text and "<script" not in page.text


def test_compare_errors_are_problems(base):
    one = httpx.get(f"{base}/compare", params={"regulation": "guangzhou_digital_economy_draft"}, timeout=30)
    assert one.status_code == 400 and one.headers["content-type"].startswith("application/problem+json")
    missing = httpx.get(f"{base}/compare", params={"regulation": ["guangzhou_digital_economy_draft", "nope"]},
                        timeout=30)
    assert missing.status_code == 404
    concept = httpx.get(f"{base}/compare", params={"all": "true", "concept": "数据中新"}, timeout=30)
    assert concept.status_code == 404


def test_get_diff_between_two_loaded_versions(base):
    got = httpx.get(f"{base}/diff", params={"old": "guangzhou_digital_economy_draft", "new": "draft_v2"}, timeout=60)
    assert got.status_code == 200, got.text
    real = sorted((c["kind"], c["old"]["cite"], c["new"]["cite"]) for c in got.json()["changes"]
                  if c["kind"] != "renumbered")
    assert real == [("bearers", "60.1", "60.1"), ("modality", "25.1", "25.1"), ("moved", "26.1", "29.1")]
    assert httpx.get(f"{base}/diff", params={"old": "nope", "new": "draft_v2"}, timeout=30).status_code == 404


def test_post_lint_equals_the_cli_json(base):
    got = httpx.post(f"{base}/lint", params={"name": str(DRAFT)}, content=Path(DRAFT).read_bytes(), timeout=60)
    assert got.status_code == 200, got.text
    _doc, findings = lint_file(DRAFT)
    assert got.json() == lint_report(str(DRAFT), findings)
    sarif = httpx.post(f"{base}/lint", params={"format": "sarif"}, content=Path(DRAFT).read_bytes(), timeout=60)
    assert sarif.json()["version"] == "2.1.0"
    bad = httpx.post(f"{base}/lint", content=b"not a regulation", timeout=30)
    assert bad.status_code == 422 and "detail" in bad.json()
    binary = httpx.post(f"{base}/lint", content=bytes(range(256)) * 40, timeout=30)
    assert binary.status_code == 422
    big = httpx.post(f"{base}/lint", content=Path(DRAFT).read_bytes() * 4, timeout=30)   # 270 KB > 200 KB limit
    assert big.status_code == 413
