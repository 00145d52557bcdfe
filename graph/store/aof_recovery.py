"""Recovery from a torn append-only file: drop an unacknowledged last write, refuse to drop anything else.

The engine is started with `aof-load-truncated no`, so a file cut short stops the start instead of being
loaded as whatever is left. Two causes look the same in the file and need opposite answers:
- the engine was killed in the middle of writing a command (`kill -9`, OOM killer): the torn command was
  never acknowledged (the engine writes its append-only file before it replies), so dropping it loses
  nothing anybody was told was stored, and the store must come back up by itself;
- the file lost bytes of acknowledged writes (copied short, disk trouble): starting from what is left
  would silently lose regulations that a load reported as stored.

regkg tells them apart with a small ledger it keeps beside the files: after every acknowledged write the
writer records how long the current incremental file was (`record_acknowledged`). At start-up a torn
last file is cut back to its last complete command only when that keeps every acknowledged byte; the torn
bytes are kept aside in the data dir and the recovery is logged. Anything else stays a clear refusal.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("regkg.store")

MANIFEST_NAME = "appendonly.aof.manifest"
LEDGER_NAME = "acknowledged.aof"
RECOVERY_LOG_NAME = "recovered.jsonl"
TORN_DIR_NAME = "torn-writes"
CHECK_TIMEOUT_S = 120
_OK_UP_TO = re.compile(r"ok_up_to=(\d+)")


@dataclass(frozen=True)
class Recovery:
    """What a start-up repair did: the file cut back, the bytes dropped, where they were kept."""

    file: str
    valid_bytes: int
    dropped_bytes: int
    kept_as: str
    at: float

    def message(self) -> str:
        """The one-line notice shown to the operator (CLI stderr, `store status`)."""
        return (f"the engine had been stopped in the middle of a write: its last, unacknowledged write "
                f"({self.dropped_bytes} bytes of {self.file}) was never stored and was set aside in "
                f"{self.kept_as}; every acknowledged load is intact")


def last_incremental_file(aof_dir: Path) -> Path | None:
    """The incremental file the engine appends to now (the manifest's last `type i` entry), if any."""
    try:
        lines = (aof_dir / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    names = []
    for line in lines:
        fields = line.split()
        info = dict(zip(fields[::2], fields[1::2], strict=False))
        if info.get("type") == "i" and "file" in info:
            names.append(info["file"])
    return aof_dir / names[-1] if names else None


def record_acknowledged(data_dir: Path, aof_dir: Path) -> None:
    """After an acknowledged write: remember how long the current incremental file is (ledger, max per file)."""
    current = last_incremental_file(aof_dir)
    if current is None:
        return
    with contextlib.suppress(OSError):
        size = current.stat().st_size
        descriptor = os.open(data_dir / LEDGER_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "r+", encoding="utf-8") as ledger:
            fcntl.flock(ledger, fcntl.LOCK_EX)  # concurrent loaders: keep the larger length
            known = _parse_ledger(ledger.read())
            if known.get(current.name, -1) >= size:
                return
            ledger.seek(0)
            ledger.truncate()
            ledger.write(json.dumps({current.name: size}))  # older files are folded into the base by now


def acknowledged_length(data_dir: Path, file_name: str) -> int | None:
    """Bytes of `file_name` known to hold acknowledged writes; None when there is no ledger at all."""
    try:
        text = (data_dir / LEDGER_NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return None
    return _parse_ledger(text).get(file_name, 0)


def start_ledger(data_dir: Path, aof_dir: Path) -> None:
    """A new store (no append-only files yet) starts with an empty ledger, so its first torn write is known."""
    path = data_dir / LEDGER_NAME
    if path.exists() or last_incremental_file(aof_dir) is not None:
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _parse_ledger(text: str) -> dict[str, int]:
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError:
        return {}
    return {str(k): int(v) for k, v in data.items() if isinstance(v, int)} if isinstance(data, dict) else {}


def valid_prefix(server_binary: Path, path: Path) -> int | None:
    """Bytes of `path` made of complete commands, from the engine's own checker (redis-check-aof mode)."""
    try:
        done = subprocess.run(["redis-check-aof", str(path)], executable=str(server_binary), capture_output=True,
                              text=True, timeout=CHECK_TIMEOUT_S, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    match = _OK_UP_TO.search(done.stdout + done.stderr)
    return int(match.group(1)) if match else None


def repair_torn_tail(server_binary: Path, data_dir: Path, aof_dir: Path) -> Recovery | None:
    """Cut the last incremental file back to its last complete command if that drops nothing acknowledged.

    Returns what was done, or None when the damage is elsewhere, the checker cannot tell, or the cut
    would lose acknowledged bytes (then the caller refuses to start, and nothing is changed).
    """
    torn = last_incremental_file(aof_dir)
    if torn is None or not torn.is_file():
        return None
    size = torn.stat().st_size
    valid = valid_prefix(server_binary, torn)
    acknowledged = acknowledged_length(data_dir, torn.name)
    if valid is None or valid >= size or acknowledged is None or valid < acknowledged:
        return None
    at = time.time()
    keep_dir = data_dir / TORN_DIR_NAME
    keep_dir.mkdir(mode=0o700, exist_ok=True)
    kept = keep_dir / f"{torn.name}.{time.strftime('%Y%m%dT%H%M%S', time.gmtime(at))}.{valid}"
    with torn.open("r+b") as damaged:
        damaged.seek(valid)
        tail = damaged.read()
        descriptor = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as aside:
            aside.write(tail)
            aside.flush()
            os.fsync(aside.fileno())
        damaged.truncate(valid)
        damaged.flush()
        os.fsync(damaged.fileno())
    recovery = Recovery(file=torn.name, valid_bytes=valid, dropped_bytes=size - valid, kept_as=str(kept), at=at)
    descriptor = os.open(data_dir / RECOVERY_LOG_NAME, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as journal:
        journal.write(json.dumps(recovery.__dict__, ensure_ascii=False) + "\n")
    log.warning("regkg: %s", recovery.message())
    return recovery


def last_recovery(data_dir: Path) -> Recovery | None:
    """The most recent start-up repair of this data dir (shown by `regkg store status`), if any."""
    try:
        lines = (data_dir / RECOVERY_LOG_NAME).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        with contextlib.suppress(ValueError, TypeError):
            return Recovery(**json.loads(line))
    return None
