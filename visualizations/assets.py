"""The vendored front-end files (vis-network, the explorer's page) read from the installed package, never the web."""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

VIS_NETWORK_VERSION = "9.1.9"
VIS_NETWORK = "static/vendor/vis-network/vis-network.min.js"
EXPLORER_DIR = "static/explorer"
SWAGGER_UI_VERSION = "5.35.0"
SWAGGER_UI_DIR = "static/vendor/swagger-ui"


def asset(path: str) -> Traversable:
    """A file shipped inside regkg.visualizations (`static/...`, `templates/...`)."""
    node = resources.files(__package__)
    for part in path.split("/"):
        node = node.joinpath(part)
    return node


@cache
def asset_text(path: str) -> str:
    """A shipped text file's content (cached: the files never change while running)."""
    return asset(path).read_text(encoding="utf-8")


def vis_network_js() -> str:
    """vis-network's standalone UMD build (with its CSS), as vendored."""
    return asset_text(VIS_NETWORK)
