"""A real Neo4j Community server for the tests, from Maven Central: built once from tools/neo4j, run on loopback.

`build()` compiles the pinned Maven module (offline first, `mvn -q -o`, online only when the local Maven
cache lacks something) into build/neo4j/<version>/ (git-ignored) and reuses that jar + classpath while the
module is unchanged. `Neo4jServer` runs it in a temp dir with authentication on and a generated password,
waits until Bolt answers, and stops it (closing its stdin ends the JVM; it also ends when we die).

    python -m tests.neo4j_server build          # what .ci/run does ahead of the tests
    python -m tests.neo4j_server run            # a server for manual work: prints the REGKG_NEO4J_* lines
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "tools" / "neo4j"
POM = MODULE / "pom.xml"
SOURCES = sorted((MODULE / "src").rglob("*.java"))
MAIN_CLASS = "regkg.neo4j.TestServer"
READY = re.compile(r"REGKG-NEO4J READY port=(\d+) version=(\S+)")
START_TIMEOUT_S = 180.0
BUILD_TIMEOUT_S = 1500.0


class Neo4jUnavailable(RuntimeError):
    """The test server cannot be built or started here (no java/mvn, build failed, JVM died)."""


def pinned_version() -> str:
    """The Neo4j version tools/neo4j/pom.xml pins (docker-compose.yml must use the same)."""
    match = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", POM.read_text(encoding="utf-8"))
    if not match:
        raise Neo4jUnavailable(f"{POM}: no <neo4j.version> property")
    return match.group(1).strip()


def java_release(version: str) -> int:
    """The Java release a Neo4j version runs on: 17 for 5.x, 21 for the calendar versions (2025.x and later)."""
    return 17 if version.startswith("5.") else 21


def java_home(release: int) -> Path | None:
    """A JDK home of at least `release`: JAVA_HOME, the `java` on PATH, then /usr/lib/jvm; None if none fits."""
    candidates: list[Path] = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(Path(os.environ["JAVA_HOME"]))
    on_path = shutil.which("java")
    if on_path:
        candidates.append(Path(on_path).resolve().parent.parent)
    jvm = Path("/usr/lib/jvm")
    if jvm.is_dir():
        candidates.extend(sorted(p for p in jvm.iterdir() if (p / "bin" / "java").exists()))
    for home in candidates:
        feature = _java_feature(home)
        if feature and feature >= release:
            return home
    return None


def _java_feature(home: Path) -> int | None:
    release_file = home / "release"
    if release_file.exists():
        match = re.search(r'JAVA_VERSION="(\d+)', release_file.read_text(encoding="utf-8", errors="replace"))
        if match:
            return int(match.group(1))
    java = home / "bin" / "java"
    if not java.exists():
        return None
    out = subprocess.run([str(java), "-version"], capture_output=True, text=True, check=False).stderr
    match = re.search(r'version "(\d+)', out)
    return int(match.group(1)) if match else None


def build_dir(version: str) -> Path:
    return ROOT / "build" / "neo4j" / version


def build(version: str | None = None) -> tuple[list[str], Path]:
    """The server's classpath and the JDK to run it, building the Maven module when the cache is stale."""
    version = version or pinned_version()
    release = java_release(version)
    home = java_home(release)
    if home is None:
        raise Neo4jUnavailable(f"Neo4j {version} needs a JDK {release}+ (none on PATH, JAVA_HOME or /usr/lib/jvm)")
    out = build_dir(version)
    jar, classpath = out / "regkg-neo4j-test-server.jar", out / "classpath.txt"
    newest_input = max(p.stat().st_mtime for p in [POM, *SOURCES])
    if not (jar.exists() and classpath.exists() and jar.stat().st_mtime >= newest_input
            and classpath.stat().st_mtime >= newest_input):
        _maven_package(version, release, home)
    entries = [str(jar), *classpath.read_text(encoding="utf-8").strip().split(os.pathsep)]
    missing = [e for e in entries if not Path(e).exists()]
    if missing:  # the Maven cache was cleaned since the build: build again
        _maven_package(version, release, home)
        entries = [str(jar), *classpath.read_text(encoding="utf-8").strip().split(os.pathsep)]
    return entries, home


def _maven_package(version: str, release: int, home: Path) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jUnavailable("Maven (mvn) is not installed: cannot build tools/neo4j")
    env = {**os.environ, "JAVA_HOME": str(home)}
    command = [mvn, "-q", "-B", "-f", str(POM), f"-Dneo4j.version={version}", f"-Djava.release={release}",
               "package"]
    offline = subprocess.run([*command[:3], "-o", *command[3:]], capture_output=True, text=True, env=env,
                             timeout=BUILD_TIMEOUT_S, check=False)
    if offline.returncode == 0:
        return
    online = subprocess.run(command, capture_output=True, text=True, env=env, timeout=BUILD_TIMEOUT_S, check=False)
    if online.returncode != 0:
        tail = (online.stdout + online.stderr).strip().splitlines()[-15:]
        raise Neo4jUnavailable(f"`{' '.join(command)}` failed ({online.returncode}):\n" + "\n".join(tail))


@dataclass
class Neo4jServer:
    """One Neo4j Community DBMS on 127.0.0.1 with auth on; `start()` returns when Bolt answers a query."""

    version: str = field(default_factory=pinned_version)
    user: str = "neo4j"
    password: str = field(default_factory=lambda: "t-" + secrets.token_urlsafe(18))
    port: int = 0
    started_version: str = ""
    start_seconds: float = 0.0
    _process: subprocess.Popen | None = None
    _workdir: Path | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """The REGKG_NEO4J_* variables that point regkg at this server."""
        return {"REGKG_NEO4J_URI": self.uri, "REGKG_NEO4J_USER": self.user, "REGKG_NEO4J_PASSWORD": self.password,
                "REGKG_NEO4J_DATABASE": "neo4j"}

    def start(self) -> Neo4jServer:
        started = time.monotonic()
        classpath, home = build(self.version)
        self._workdir = Path(tempfile.mkdtemp(prefix="regkg-neo4j-"))
        secret = self._workdir / "password"
        secret.touch(mode=0o600)
        secret.write_text(self.password, encoding="utf-8")
        argfile = self._workdir / "java.args"  # a 200-jar classpath is kept off the command line
        argfile.write_text(f"-cp\n{os.pathsep.join(classpath)}\n", encoding="utf-8")
        log = (self._workdir / "server.log").open("wb")
        self._process = subprocess.Popen(
            [str(home / "bin" / "java"), "-Xms256m", "-Xmx1g", "-XX:+UseSerialGC", f"@{argfile}", MAIN_CLASS,
             str(self._workdir / "home"), str(secret)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, cwd=self._workdir)
        try:
            self.port, self.started_version = self._wait_ready()
            self._wait_bolt()
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - started
        return self

    def _wait_ready(self) -> tuple[int, str]:
        assert self._process and self._process.stdout
        found: list[tuple[int, str]] = []
        stdout = self._process.stdout

        def read() -> None:
            for raw in stdout:
                match = READY.search(raw.decode("utf-8", "replace"))
                if match:
                    found.append((int(match.group(1)), match.group(2)))
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_S)
        if not found:
            code = self._process.poll()
            why = f"exited with {code}" if code is not None else f"not ready after {START_TIMEOUT_S:.0f} s"
            raise Neo4jUnavailable(f"Neo4j {self.version} {why}; log tail:\n{self.log_tail()}")
        return found[0]

    def _wait_bolt(self) -> None:
        import neo4j

        deadline = time.monotonic() + 60
        while True:
            try:
                with neo4j.GraphDatabase.driver(self.uri, auth=(self.user, self.password)) as driver:
                    driver.execute_query("RETURN 1 AS ok", database_="neo4j")
                return
            except Exception as error:  # Bolt not answering yet: retry until the deadline
                if time.monotonic() > deadline or (self._process and self._process.poll() is not None):
                    raise Neo4jUnavailable(f"Bolt on {self.uri} does not answer: {error}") from error
                time.sleep(0.2)

    def log_tail(self, lines: int = 20) -> str:
        log = self._workdir / "server.log" if self._workdir else None
        if not log or not log.exists():
            return ""
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Shut the DBMS down (close stdin, then terminate, then kill) and remove its data directory."""
        process, self._process = self._process, None
        if process is not None:
            try:
                if process.stdin:
                    process.stdin.close()
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            finally:
                if process.stdout:
                    process.stdout.close()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def __enter__(self) -> Neo4jServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str]) -> int:
    """`build [VERSION]` builds the module; `run [VERSION]` starts a server until Enter or Ctrl-C."""
    if not argv or argv[0] not in ("build", "run"):
        print(__doc__, file=sys.stderr)
        return 2
    version = argv[1] if len(argv) > 1 else pinned_version()
    started = time.monotonic()
    if argv[0] == "build":
        classpath, home = build(version)
        print(f"Neo4j {version}: {len(classpath)} jars, JDK {home}, ready in {time.monotonic() - started:.1f} s")
        return 0
    with Neo4jServer(version=version) as server:
        print(f"Neo4j {server.started_version} on {server.uri} (started in {server.start_seconds:.1f} s)", flush=True)
        for key, value in server.env().items():
            print(f"export {key}={value}", flush=True)
        with contextlib.suppress(EOFError, KeyboardInterrupt):
            input("Enter stops it.\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
