"""The `regkg` command: one click group; each command lives in regkg/cli/commands/<name>.py."""

from __future__ import annotations

import sys

import click

from regkg import __version__
from regkg.errors import InputError, NotFoundError, QueryError, RegkgError, StoreUnavailableError

COMMAND_MODULES = ("parse", "duties", "actors", "export", "serve", "store", "load", "cypher", "concepts", "eval",
                   "ask", "view", "lint", "diff", "compare")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="regkg", message="%(prog)s %(version)s")
def app() -> None:
    """Regulation knowledge graph: parse Chinese regulations into who-must-do-what facts and query them."""


def _register_commands() -> None:
    """Import every command module; each adds its commands to `app`."""
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"regkg.cli.commands.{name}")


def exit_code_for(error: RegkgError) -> int:
    """Exit codes: 2 for bad input or query (like a usage error), 3 when the store is down, 1 otherwise."""
    if isinstance(error, InputError | QueryError | NotFoundError):
        return 2
    if isinstance(error, StoreUnavailableError):
        return 3
    return 1


def main(argv: list[str] | None = None) -> None:
    """Run the CLI, turning regkg's typed errors into one clear stderr line and an exit code."""
    _register_commands()
    try:
        app.main(args=argv, prog_name="regkg", standalone_mode=False)
    except RegkgError as error:
        click.echo(f"regkg: error: {error}", err=True)
        suggestions = error.details.get("suggestions")
        if suggestions:
            click.echo(f"regkg: did you mean: {', '.join(map(str, suggestions))}?", err=True)
        sys.exit(exit_code_for(error))
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as usage:
        usage.show()
        sys.exit(usage.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
