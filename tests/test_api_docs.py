"""`/docs` works offline: Swagger UI from vendored files, nothing fetched from another host (review finding)."""

from __future__ import annotations

import re

import httpx


def test_the_docs_page_refers_only_to_this_server(api: str) -> None:
    page = httpx.get(f"{api}/docs", timeout=10)
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    refs = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert refs and all(ref.startswith("/") for ref in refs), refs
    assert "cdn." not in page.text and '"validatorUrl": null' in page.text
    for ref in refs:
        if ref != "/favicon.ico":
            served = httpx.get(f"{api}{ref}", timeout=10)
            assert served.status_code == 200 and len(served.content) > 100_000, ref
    assert httpx.get(f"{api}/docs/vendor/..%2Fapp.py", timeout=10).status_code == 404
    assert httpx.get(f"{api}/redoc", timeout=10).status_code == 404
