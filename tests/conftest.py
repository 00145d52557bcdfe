"""Shared fixtures: the bundled corpus, parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from regkg.loaders.document import Document
from regkg.loaders.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DRAFT = CORPUS / "guangzhou_digital_economy_draft.txt"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def draft() -> Document:
    """The Guangzhou digital-economy draft, parsed."""
    return parse_file(DRAFT)


@pytest.fixture(scope="session")
def corpus_docs() -> dict[str, Document]:
    """Every bundled regulation, parsed, by file name."""
    return {p.name: parse_file(p) for p in CORPUS_FILES}


# The API's session fixtures (a real `regkg serve` on a loaded private store), shared by tests/test_api_*.py.
from tests.api_server import api, api_home  # noqa: E402, F401

# One headless Chromium per session for every browser test (tests/browser.py).
from tests.browser import browser  # noqa: E402, F401
