"""Long-lived objects are kept out of full collections (issue 9: 50–80 ms pauses made the questions' p99)."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref
from pathlib import Path

from regkg import heap
from regkg.api.app import create_app
from regkg.settings import Settings


class Node:
    """An object in a reference cycle: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


def test_settle_freezes_survivors_and_still_frees_a_cycle_frozen_earlier() -> None:
    try:
        cyclic = Node()
        alive = weakref.ref(cyclic)
        heap.settle()
        assert gc.get_freeze_count() > 0
        del cyclic
        gc.collect()
        assert alive() is not None  # frozen: the ordinary collections leave it alone
        heap.settle()
        assert alive() is None  # a later settle sees it again and frees it
    finally:
        gc.unfreeze()


def test_the_api_settles_its_heap_at_start_up(tmp_path: Path) -> None:
    gc.unfreeze()
    try:
        app = create_app(Settings(home=tmp_path / "h", neo4j_uri=None))

        async def start_up() -> int:
            async with app.router.lifespan_context(app):  # what uvicorn runs before it accepts requests
                return gc.get_freeze_count()

        counted: list[int] = []  # in a thread of its own: the browser tests leave an event loop in this one
        runner = threading.Thread(target=lambda: counted.append(asyncio.run(start_up())))
        runner.start()
        runner.join(60)
        assert counted and counted[0] > 1000
    finally:
        gc.unfreeze()
