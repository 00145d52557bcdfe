"""Reading the vocabulary data files (YAML) fast: from the start-up cache, else libyaml's C loader when present."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any


def packaged(name: str) -> Traversable:
    """A data file shipped inside the `regkg.loaders` package (found in a wheel or a checkout alike)."""
    return files("regkg.loaders") / name


def load_yaml(path: str | Path | Traversable) -> Any:
    """Parse a YAML data file (safe subset); libyaml when present, and the result cached per content hash."""
    from regkg.loaders import cache

    source = path if isinstance(path, Traversable) else Path(path)
    raw = source.read_bytes()
    return cache.cached("yaml", cache.digest(raw), lambda: _parse(raw), expect=(dict, list))


def _parse(raw: bytes) -> Any:
    import yaml

    return yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
