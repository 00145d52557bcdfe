"""Keep long-lived objects out of the garbage collector's full passes, so answers do not pause for them.

A process that answers questions (the API, a benchmark) holds many objects for its whole life: imported
modules, the taxonomy, search indexes, snapshots. CPython's full collection walks all of them, which
measured 50–80 ms pauses in one answer out of 30 (issue 9's p99). After start-up and after a big cache is
rebuilt, `settle()` frees what is garbage and moves the rest to the permanent generation (`gc.freeze`).
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect once over everything (also what an earlier settle froze), then freeze what survives."""
    gc.unfreeze()  # objects frozen earlier may be garbage now (a replaced snapshot): let this pass see them
    gc.collect()
    gc.freeze()
