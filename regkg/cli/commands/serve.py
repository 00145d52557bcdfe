"""`regkg serve [--host 127.0.0.1] [--port 8000]`: run the HTTP API with uvicorn."""

from __future__ import annotations

import click

from regkg.cli import app


@app.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (0.0.0.0 only inside a container or behind a proxy).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]), help="uvicorn log level.")
def serve_command(host: str, port: int, log_level: str) -> None:
    """Serve the API (OpenAPI at /docs) over the configured store until interrupted."""
    import uvicorn

    from regkg.api.app import create_app

    shown = f"[{host}]" if ":" in host else ("127.0.0.1" if host in ("0.0.0.0", "") else host)
    click.echo(f"regkg: explorer at http://{shown}:{port}/  (API docs at /docs; Ctrl-C to stop)", err=True)
    uvicorn.run(create_app(), host=host, port=port, log_level=log_level, proxy_headers=False)
