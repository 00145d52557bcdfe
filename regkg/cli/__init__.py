"""The `regkg` command: one click group; each command lives in regkg/cli/commands/<name>.py."""

from __future__ import annotations

import sys

import click

from regkg import __version__
from regkg.errors import InputError, NotFoundError, QueryError, QueryTimeoutError, RegkgError, StoreUnavailableError

COMMAND_MODULES = ("parse", "duties", "actors", "export", "serve", "store", "load", "cypher", "concepts", "eval",
                   "ask", "view", "lint", "diff", "compare")


# What `regkg --help` lists for each command, so the list needs no command module imported (a test keeps these
# equal to the commands' own docstrings; a command missing here is imported to ask it).
SHORT_HELP = {
    "parse": "Parse a regulation and print its outline (chapters, article ranges, counts) or its JSON tree.",
    "duties": "List duties: from FILE when given (no store needed), else from the store.",
    "actors": "List actors (canonical names, kind, English name, duty counts): from FILE when given, else from the "
              "store.",
    "export": "Export the graph of FILE… (parsed and extracted now), or of the whole store when no FILE is given.",
    "serve": "Serve the API (OpenAPI at /docs) over the configured store until interrupted.",
    "store": "The embedded graph engine (FalkorDB on a unix socket in REGKG_HOME; never a TCP port).",
    "load": "Load regulations into the graph store; each replaces its previous version atomically.",
    "cypher": "Run a read-only QUERY; writes (CREATE, MERGE, SET, DELETE, REMOVE, DROP, …) are refused before "
              "sending.",
    "concepts": "Concepts a regulation concerns: from FILE (duty and mention counts) or the store; --unknown FILE: "
                "gaps.",
    "eval": "Precision/recall/F1 of bearers and partners, modality accuracy and implicit duties against GOLD, then "
            "the misses and false alarms; or, with --coverage FILE, trigger coverage counts.",
    "ask": "Run the named question NAME; without NAME, list the questions with their parameters.",
    "view": "Write one self-contained HTML view (works offline): an actor, a concept, an article, or the overview.",
    "lint": "Lint a regulation draft: variant names, duties without bearers, missing references, garbled wording.",
    "diff": "Duty-level changes from OLD to NEW: added, removed, moved, bearers, modality, concepts (matched by "
            "content).",
    "compare": "Compare regulations (FILEs or loaded ids): duties per concept, bodies aligned by function, gaps.",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when that command runs (start-up stays fast)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            import importlib

            importlib.import_module(f"regkg.cli.commands.{cmd_name}")
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names), default=0)
        rows = []
        for name in names:
            text = SHORT_HELP.get(name) if name not in self.commands else None
            if text is not None:
                rows.append((name, click.Command(name, help=text).get_short_help_str(limit)))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="regkg", message="%(prog)s %(version)s")
def app() -> None:
    """Regulation knowledge graph: parse Chinese regulations into who-must-do-what facts and query them."""


def _register_commands() -> None:
    """Import every command module; each adds its commands to `app` (the CLI itself imports them on demand)."""
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"regkg.cli.commands.{name}")


def exit_code_for(error: RegkgError) -> int:
    """Exit codes: 2 for bad input or query (like a usage error), 3 when the store is down, 4 for a query
    that ran past its time limit, 1 otherwise."""
    if isinstance(error, QueryTimeoutError):
        return 4
    if isinstance(error, InputError | QueryError | NotFoundError):
        return 2
    if isinstance(error, StoreUnavailableError):
        return 3
    return 1


def main(argv: list[str] | None = None) -> None:
    """Run the CLI, turning regkg's typed errors into one clear stderr line and an exit code."""
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
