"""`regkg store start|stop|status`: manage the embedded FalkorDB engine of REGKG_HOME."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from regkg.cli import app

if TYPE_CHECKING:
    from regkg.graph.store.falkordb_server import FalkorDBServer
    from regkg.settings import Settings


def load_settings() -> Settings:
    """Settings from the environment (imported lazily: pydantic-settings costs ~0.1 s at CLI start)."""
    from regkg.settings import load_settings as load

    return load()


def embedded_server(settings: Settings) -> FalkorDBServer:
    """The embedded engine for these settings (the one the embedded store starts on demand)."""
    from regkg.graph.store.falkordb_server import FalkorDBServer

    return FalkorDBServer(settings.home, timeout_default_ms=settings.query_timeout_ms,
                          timeout_max_ms=max(settings.max_query_timeout_ms, settings.write_timeout_ms),
                          server_binary=settings.falkordb_server, module=settings.falkordb_module,
                          start_wait_s=settings.engine_start_timeout_s)


def _neo4j_note(settings: Settings) -> None:
    if settings.neo4j_uri:
        click.echo(f"note: REGKG_NEO4J_URI is set ({settings.neo4j_uri}); regkg uses Neo4j, "
                   "not this embedded engine", err=True)


@app.group("store")
def store_group() -> None:
    """The embedded graph engine (FalkorDB on a unix socket in REGKG_HOME; never a TCP port)."""


@store_group.command("start")
def start_command() -> None:
    """Start the engine (or reuse the running one)."""
    settings = load_settings()
    _neo4j_note(settings)
    server = embedded_server(settings)
    was_running = server.running()
    pid = server.start()
    click.echo(f"{'already running' if was_running else 'started'}: pid {pid}, socket {server.socket_path}")


@store_group.command("stop")
def stop_command() -> None:
    """Stop the engine cleanly (its data is flushed to the append-only file)."""
    server = embedded_server(load_settings())
    click.echo("stopped" if server.stop() else "not running")


@store_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status_command(as_json: bool) -> None:
    """Show whether the engine runs, its pid, socket, version and graphs; with counts when running."""
    import json

    settings = load_settings()
    _neo4j_note(settings)
    from regkg.graph.store.aof_recovery import last_recovery

    server = embedded_server(settings)
    status = server.status()
    recovery = last_recovery(server.data_dir)
    data = {"running": status.running, "hung": status.hung, "pid": status.pid, "socket": str(status.socket),
            "home": str(status.home),
            "version": status.version, "graphs": list(status.graphs), "memory": status.used_memory,
            "last_recovery": recovery.__dict__ if recovery else None}
    if status.running and settings.graph_name in status.graphs:
        from regkg.graph.store.embedded import EmbeddedStore

        store = EmbeddedStore(settings)
        try:
            data["counts"] = store.counts()
            data["regulations"] = [r["id"] for r in store.regulations()]
        finally:
            store.close()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if status.hung:
        click.echo(f"hung: engine pid {status.pid or '?'} holds the data dir but does not answer "
                   f"(home {status.home}); stop it with `regkg store stop` or kill it")
        return
    if not status.running:
        click.echo(f"not running (home {status.home})")
        return
    click.echo(f"running: pid {status.pid}, redis {status.version}, socket {status.socket}, "
               f"memory {status.used_memory}")
    if "counts" in data:
        counts = data["counts"]
        click.echo(f"{counts['nodes']} nodes, {counts['relationships']} relationships; "
                   f"regulations: {', '.join(data['regulations']) or '-'}")
    if recovery:
        import time

        click.echo(f"last recovery ({time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(recovery.at))}): "
                   f"{recovery.message()}")
