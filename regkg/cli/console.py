"""One way to make the rich console: full terminal width on a tty, wide lines (no wrapping) when piped."""

from __future__ import annotations

import os
import sys

from rich.console import Console

PIPED_WIDTH = 240


def make_console(*, stderr: bool = False) -> Console:
    """A Console that does not squeeze tables into 80 columns when output goes to a file or a pipe."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() or os.environ.get("COLUMNS") else PIPED_WIDTH
    return Console(stderr=stderr, width=width)
