"""POST /regulations through a real server: only with REGKG_API_TOKEN set, and only with that token.
The same server has CORS configured (REGKG_API_CORS_ORIGINS), which is off by default."""

from __future__ import annotations

import httpx
import pytest

from tests.api_server import serving, stop_engine
from tests.conftest import CORPUS
from tests.test_api_endpoints import assert_problem

TOKEN = "a-long-test-token-0123456789"
LIMIT = 100_000


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """A server with an upload token and a 100 KB upload limit, on an empty private store."""
    root = tmp_path_factory.mktemp("upload")
    env = {"REGKG_HOME": str(root / "home"), "REGKG_API_TOKEN": TOKEN, "REGKG_API_UPLOAD_MAX_BYTES": str(LIMIT),
           "REGKG_API_CORS_ORIGINS": "http://explorer.example"}
    try:
        with serving(env, root / "serve.log") as base:
            yield base
    finally:
        stop_engine(root / "home")


def upload(base: str, data: bytes, token: str | None = TOKEN, regulation: str = "charity") -> httpx.Response:
    headers = {"content-type": "text/plain; charset=utf-8"}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return httpx.post(f"{base}/regulations", params={"id": regulation}, content=data, headers=headers, timeout=120)


def stored(base: str) -> list[str]:
    return [r["id"] for r in httpx.get(f"{base}/regulations", timeout=30).json()]


def test_upload_needs_the_token(guarded):
    text = (CORPUS / "guangzhou_charity_promotion_2021.txt").read_bytes()
    missing = assert_problem(upload(guarded, text, token=None), 401, "/regulations")
    assert "Bearer" in missing["detail"]
    assert_problem(upload(guarded, text, token="not-the-token-at-all-000"), 401)
    assert stored(guarded) == []


def test_upload_with_the_right_token_loads_and_is_seen_at_once(guarded):
    before = httpx.get(f"{guarded}/duties", params={"regulation": "charity"}, timeout=30)
    assert before.status_code == 404
    response = upload(guarded, (CORPUS / "guangzhou_charity_promotion_2021.txt").read_bytes())
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["regulation"] == "charity" and body["articles"] == 39 and body["duties"] > 50
    assert response.headers["location"] == "/regulations/charity"
    assert stored(guarded) == ["charity"]
    duties = httpx.get(f"{guarded}/duties", params={"regulation": "charity"}, timeout=30).json()
    assert duties["total"] == body["duties"]
    again = upload(guarded, (CORPUS / "guangzhou_charity_promotion_2021.txt").read_bytes())
    assert again.status_code == 201 and again.json() == body, "loading twice gives the same graph"


def test_oversized_and_bad_texts_write_nothing(guarded):
    counts = httpx.get(f"{guarded}/health", timeout=30).json()["counts"]
    big = (CORPUS / "guangzhou_digital_economy_draft.txt").read_bytes() * 2
    assert len(big) > LIMIT
    assert_problem(upload(guarded, big, regulation="big"), 413)
    prose = "这只是一段普通的文字，没有任何条文。\n".encode()
    not_a_regulation = assert_problem(upload(guarded, prose, regulation="prose"), 422)
    assert not_a_regulation["title"] == "not a well-formed regulation"
    broken = "示例条例\n第一条 为了测试，制定本条例。\n第三条 本条例自公布之日起施行。\n".encode()
    numbering = assert_problem(upload(guarded, broken, regulation="broken"), 422)
    assert numbering["line"] == 3
    assert_problem(upload(guarded, b"\x00\x01\x02binary", regulation="binary"), 422)
    assert_problem(upload(guarded, b"", regulation="empty"), 422)
    assert_problem(upload(guarded, b"x", regulation="Bad Id!"), 422)
    assert "big" not in stored(guarded) and "prose" not in stored(guarded)
    assert httpx.get(f"{guarded}/health", timeout=30).json()["counts"] == counts


def test_cors_allows_only_the_configured_origin(guarded):
    allowed = httpx.get(f"{guarded}/regulations", headers={"Origin": "http://explorer.example"}, timeout=30)
    assert allowed.headers["access-control-allow-origin"] == "http://explorer.example"
    other = httpx.get(f"{guarded}/regulations", headers={"Origin": "http://evil.example"}, timeout=30)
    assert "access-control-allow-origin" not in other.headers, "a cached answer must not repeat another origin's"
    preflight = httpx.options(f"{guarded}/cypher", timeout=30, headers={
        "Origin": "http://explorer.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]
