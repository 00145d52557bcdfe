"""Recovery from a torn append-only file: drop an unacknowledged last write, refuse to drop anything else.

The engine is started with `aof-load-truncated no`, so a file cut short stops the start instead of being
loaded as whatever is left. Two causes look the same in the file and need opposite answers:
- the engine was killed in the middle of writing a command (`kill -9`, OOM killer): the torn command was
  never acknowledged (the engine writes its append-only file before it replies), so dropping it loses
  nothing anybody was told was stored, and the store must come back up by itself;
- the file lost bytes of acknowledged writes (copied short, restored from an older copy, disk trouble):
  starting from what is left would silently lose regulations that a load reported as stored.

regkg tells them apart with a small ledger beside the files (`store/acknowledged.aof`): after every
acknowledged write the writer records how long the current incremental file was (`record_acknowledged`).
Before a start, a current file shorter than the ledger says is refused, even when what is left is well
formed (`check_before_start`). When the engine refuses a torn last file, it is cut back to its last
complete command only when the log names that file and the cut keeps every acknowledged byte; the torn
bytes are kept aside first and the recovery is journalled, so a failure half-way changes nothing.
An unreadable ledger counts as "unknown": the store still starts from a whole file, but nothing is cut.
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
from dataclasses import asdict, dataclass
from pathlib import Path

from regkg.errors import StoreUnavailableError

log = logging.getLogger("regkg.store")

MANIFEST_NAME = "appendonly.aof.manifest"
LEDGER_NAME = "acknowledged.aof"
LEDGER_LOCK_NAME = "acknowledged.lock"
RECOVERY_LOG_NAME = "recovered.jsonl"
TORN_DIR_NAME = "torn-writes"
CHECK_TIMEOUT_S = 120
MAX_LEDGER_BYTES = 4096
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
                f"{self.kept_as}; the acknowledged loads before it were kept")


def last_incremental_file(aof_dir: Path) -> Path | None:
    """The incremental file the engine appends to now (the manifest's last `type i` entry), if any."""
    try:
        lines = (aof_dir / MANIFEST_NAME).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    names = []
    for line in lines:
        fields = line.split()
        info = dict(zip(fields[::2], fields[1::2], strict=False))
        if info.get("type") == "i" and "file" in info and "/" not in info["file"]:
            names.append(info["file"])
    return aof_dir / names[-1] if names else None


# -- the ledger ------------------------------------------------------------------------------------------
def read_ledger(data_dir: Path) -> dict[str, int] | None:
    """{incremental file name: acknowledged length}; None when there is no ledger or it cannot be read."""
    try:
        with (data_dir / LEDGER_NAME).open("rb") as ledger:
            raw = ledger.read(MAX_LEDGER_BYTES + 1)
        if len(raw) > MAX_LEDGER_BYTES:
            return None
        data = json.loads(raw.decode("utf-8")) if raw.strip() else {}
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not all(isinstance(k, str) and type(v) is int and v >= 0
                                             for k, v in data.items()):
        return None
    return data


def _write_ledger(data_dir: Path, data: dict[str, int]) -> None:
    """Replace the ledger atomically (a reader sees the old or the new one, never an empty file)."""
    path = data_dir / LEDGER_NAME
    temporary = data_dir / f".{LEDGER_NAME}.{os.getpid()}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(json.dumps(data))
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


@contextlib.contextmanager
def _ledger_lock(data_dir: Path):
    descriptor = os.open(data_dir / LEDGER_LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def record_acknowledged(data_dir: Path, aof_dir: Path) -> None:
    """After an acknowledged write: remember how long the current incremental file is (never raises).

    Concurrent writers keep the larger length; a length for an older file is dropped (a rewrite folded
    that file into the base, which the engine writes whole and renames, so it cannot be torn)."""
    try:
        current = last_incremental_file(aof_dir)
        if current is None:
            return
        size = current.stat().st_size
        with _ledger_lock(data_dir):
            known = read_ledger(data_dir) or {}
            if known.get(current.name, -1) >= size:
                return
            _write_ledger(data_dir, {current.name: size})
    except Exception as error:  # the write itself succeeded: a ledger problem must never fail it
        log.warning("regkg: could not record the acknowledged write in %s: %s", data_dir / LEDGER_NAME, error)


def start_ledger(data_dir: Path, aof_dir: Path) -> None:
    """A store with no append-only files at all starts with an empty ledger (also after they were all removed).

    A directory that still holds files but whose manifest is missing keeps its ledger: check_before_start
    refuses it, since the engine would start empty or from the base alone."""
    try:
        if aof_dir.exists() and any(aof_dir.iterdir()):
            return
    except OSError:
        return
    with _ledger_lock(data_dir):
        if read_ledger(data_dir) != {}:
            _write_ledger(data_dir, {})


_SEQUENCE = re.compile(r"\.(\d+)\.incr\.aof$")


def _sequence(name: str) -> int | None:
    match = _SEQUENCE.search(name)
    return int(match.group(1)) if match else None


def check_before_start(data_dir: Path, aof_dir: Path) -> None:
    """Refuse to start from append-only files that lack acknowledged writes (loads would silently go).

    Refused: no manifest or no incremental file while the ledger records acknowledged writes; a current
    file older than the one the ledger names (an older copy put back after a rewrite); a current file
    shorter than its acknowledged length (cut short, even at a command boundary)."""
    ledger = read_ledger(data_dir)
    if not ledger:
        return
    accept = (f"Put back a complete copy of {aof_dir}; or, to accept the store as it is, delete "
              f"{data_dir / LEDGER_NAME} and start again (then load the missing regulations again)")
    recorded, acknowledged = max(ledger.items(), key=lambda item: (_sequence(item[0]) or -1, item[1]))
    current = last_incremental_file(aof_dir)
    if current is None:
        raise StoreUnavailableError(
            f"the append-only manifest in {aof_dir} is missing or names no incremental file, but {acknowledged:,} "
            f"bytes of acknowledged loads were recorded in {recorded}: the engine would start without them, so it "
            f"was not started. {accept}")
    newer, now = _sequence(recorded), _sequence(current.name)
    if newer is not None and now is not None and newer > now:
        raise StoreUnavailableError(
            f"the append-only files in {aof_dir} are older than the last acknowledged loads (the manifest's current "
            f"file is {current.name}, the loads were recorded in {recorded}): an older copy was put back, so the "
            f"engine was not started. {accept}")
    if recorded != current.name:
        return  # an older file, folded into the base by a rewrite since
    try:
        size = current.stat().st_size
    except OSError:
        return  # the engine reports a missing file itself
    if size < acknowledged:
        raise StoreUnavailableError(
            f"the append-only file {current} is {size:,} bytes, but {acknowledged:,} bytes of it were acknowledged "
            f"to loads: {acknowledged - size:,} bytes of stored regulations are missing (the file was cut short, "
            f"restored from an older copy or repaired by hand), so the engine was not started. {accept}")


# -- the repair -----------------------------------------------------------------------------------------
def valid_prefix(server_binary: Path, path: Path) -> int | None:
    """Bytes of `path` made of complete commands, from the engine's own checker (redis-check-aof mode)."""
    try:
        done = subprocess.run(["redis-check-aof", str(path)], executable=str(server_binary), capture_output=True,
                              text=True, timeout=CHECK_TIMEOUT_S, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    match = _OK_UP_TO.search(done.stdout + done.stderr)
    return int(match.group(1)) if match else None


def names_the_file(engine_log: str, name: str, markers: tuple[str, ...]) -> bool:
    """The engine's refusal is about `name` (a marker line naming it), not about another file."""
    return any(name in line and any(marker in line for marker in markers) for line in engine_log.splitlines())


def repair_torn_tail(server_binary: Path, data_dir: Path, aof_dir: Path, engine_log: str,
                     markers: tuple[str, ...]) -> Recovery | None:
    """Cut the last incremental file back to its last complete command if that drops nothing acknowledged.

    Returns what was done, or None when the log blames another file, the checker cannot tell, there is no
    readable ledger, or the cut would lose acknowledged bytes (then nothing is changed). The torn bytes
    are written aside and the recovery journalled before the file is cut; a failure is StoreUnavailableError.
    """
    torn = last_incremental_file(aof_dir)
    if torn is None or not torn.is_file() or not names_the_file(engine_log, torn.name, markers):
        return None
    size = torn.stat().st_size
    valid = valid_prefix(server_binary, torn)
    ledger = read_ledger(data_dir)
    acknowledged = None if ledger is None else ledger.get(torn.name, 0)
    if valid is None or valid >= size or acknowledged is None or valid < acknowledged:
        return None
    at = time.time()
    kept = data_dir / TORN_DIR_NAME / f"{torn.name}.{time.strftime('%Y%m%dT%H%M%S', time.gmtime(at))}.{valid}"
    recovery = Recovery(file=torn.name, valid_bytes=valid, dropped_bytes=size - valid, kept_as=str(kept), at=at)
    try:
        kept.parent.mkdir(mode=0o700, exist_ok=True)
        with torn.open("r+b") as damaged:
            damaged.seek(valid)
            tail = damaged.read()
            temporary = kept.with_name(kept.name + ".tmp")
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as aside:
                aside.write(tail)
                aside.flush()
                os.fsync(aside.fileno())
            os.replace(temporary, kept)
            descriptor = os.open(data_dir / RECOVERY_LOG_NAME, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(descriptor, "a", encoding="utf-8") as journal:
                journal.write(json.dumps(asdict(recovery), ensure_ascii=False) + "\n")
            damaged.truncate(valid)  # last: everything before it can fail without changing the store
            damaged.flush()
            os.fsync(damaged.fileno())
    except OSError as error:
        raise StoreUnavailableError(
            f"the engine was stopped in the middle of a write and its torn last write ({size - valid} bytes of "
            f"{torn}) could not be set aside ({error.strerror or error}: {error.filename or kept}); the file was "
            "not changed. Free space or fix that path and start again") from error
    log.warning("regkg: %s", recovery.message())
    return recovery


def last_recovery(data_dir: Path) -> Recovery | None:
    """The most recent start-up repair of this data dir (shown by `regkg store status`), if any."""
    try:
        with (data_dir / RECOVERY_LOG_NAME).open("rb") as journal:
            lines = journal.read(1 << 20).decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        try:
            data = json.loads(line)
            recovery = Recovery(file=str(data["file"]), valid_bytes=int(data["valid_bytes"]),
                                dropped_bytes=int(data["dropped_bytes"]), kept_as=str(data["kept_as"]),
                                at=float(data["at"]))
            time.gmtime(recovery.at)
            return recovery
        except (ValueError, TypeError, KeyError, OverflowError, OSError, RecursionError):
            continue
    return None
