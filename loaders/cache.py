"""A start-up cache: what the data files compile to (parsed YAML, the built taxonomy), pickled per content hash.

A CLI run would otherwise re-parse the vocabulary YAML and rebuild the taxonomy's label trie every time
(hundreds of ms on a busy 2-core machine). The cache lives in REGKG_CACHE_DIR (default: the per-user cache
dir, created 0700); entries are keyed by the SHA-256 of the data file's bytes and of the code that builds
them, so an edited file or a new regkg version never reads a stale entry. Any cache failure (unwritable
dir, corrupt entry) falls back to building anew: the cache only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
ENV_VAR = "REGKG_CACHE_DIR"
DISABLE_ENV_VAR = "REGKG_NO_CACHE"


def cache_dir() -> Path | None:
    """Where entries live (None when caching is disabled with REGKG_NO_CACHE=1)."""
    if os.environ.get(DISABLE_ENV_VAR, "").strip() not in ("", "0"):
        return None
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("regkg", appauthor=False))


def digest(*parts: bytes | str) -> str:
    """SHA-256 over the parts (a cache key)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def code_digest(*module_files: str) -> str:
    """Digest of the source files whose code decides what an entry holds."""
    return digest(*(Path(f).read_bytes() for f in module_files))


def cached(kind: str, key: str, build: Callable[[], T], keep: int | None = None,
           expect: type | tuple[type, ...] = object) -> T:
    """The entry `kind`/`key` from the cache, else `build()` (stored for next time).

    An entry that is not an `expect` instance is rebuilt. With `keep`, at most that many entries of
    this kind stay: the least recently used go first."""
    directory = usable_dir()
    if directory is None:
        return build()
    path = directory / f"{kind}-{key[:40]}.pickle"
    try:
        value = read_entry(path)
        if not isinstance(value, expect):
            raise TypeError(f"{path} holds a {type(value).__name__}")
        if keep is not None:
            os.utime(path)  # recently used: pruned last
        return value
    except Exception:
        pass
    value = build()
    store(path, value)
    if keep is not None:
        prune(directory, kind, keep)
    return value


def usable_dir() -> Path | None:
    """The cache directory when caching is on and the directory is private (see private_dir), else None."""
    directory = cache_dir()
    return directory if directory is not None and private_dir(directory) else None


def read_entry(path: Path) -> Any:
    """Unpickle one entry: not through a symlink, and only a file this user owns (raises otherwise)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(descriptor, "rb") as handle:
        if os.fstat(descriptor).st_uid != os.getuid():
            raise PermissionError(f"{path} belongs to another user")
        return pickle.load(handle)


_WARNED: set[str] = set()


def private_dir(directory: Path) -> bool:
    """Whether `directory` (created 0700 if missing) is this user's alone: entries are pickles, and loading a
    pickle another user could write would run their code. A shared or foreign directory is not used."""
    import stat

    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(directory)
    except OSError:
        return False
    if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022:
        return True
    if str(directory) in _WARNED:
        return False
    _WARNED.add(str(directory))
    import logging

    logging.getLogger("regkg.cache").warning(
        "regkg: the start-up cache %s is not a directory only this user can write (owner, mode 0%o): it is not "
        "used; point REGKG_CACHE_DIR at a private directory", directory, stat.S_IMODE(info.st_mode))
    return False


def prune(directory: Path, kind: str, keep: int) -> None:
    """Delete all but the `keep` most recently used entries of `kind` (errors ignored)."""
    try:
        entries = sorted(directory.glob(f"{kind}-*.pickle"), key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
        for entry in entries[keep:]:
            entry.unlink()
    except OSError:
        pass


def package_digest(*roots: Path, suffixes: tuple[str, ...] = (".py", ".yaml")) -> str:
    """Digest of every source and data file under `roots` (sorted paths): changes with any edit or upgrade."""
    files = sorted(f for root in roots for f in ([root] if root.is_file() else root.rglob("*"))
                   if f.suffix in suffixes and f.is_file())
    return digest(*(part for f in files for part in (f.name, f.read_bytes())))


def store(path: Path, value: Any) -> None:
    """Write an entry atomically (a reader never sees half a file); errors are ignored."""
    import tempfile

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except Exception:
        pass
