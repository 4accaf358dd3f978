"""Blocking work off the event loop: bounded thread pools, and papers read in a child process.

The app runs on one event loop: anything that holds it (argon2, a PDF, Tesseract, a full ledger
verification, a report) holds every other user's page. Such work runs here instead, in a thread
(the loop stays free) taken from a small pool, so that a flood of it queues rather than taking
the machine's memory: argon2 takes 64 MiB per hash. Papers are read in a child process with a
time, page and memory limit (:func:`sanctuary.services.site.read_isolated`); a reading that waits
too long for its turn is refused with 503, so a queue of slow papers cannot grow without end.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread
from fastapi import Request
from starlette.exceptions import HTTPException

from sanctuary.model import Reading
from sanctuary.services.site import ReadLimits, home_state, read_isolated

T = TypeVar("T")

#: Papers read at once (each in its own process); the machine's cores are the real bound.
READERS = 2
#: Password hashes computed at once (argon2: 64 MiB and one core each).
HASHERS = 4
#: Other blocking calls (ledger verification, reports, saving a case) at once.
BLOCKING = 8
#: How long a paper may wait for a reader before the answer is "busy, try again".
READ_QUEUE_SECONDS = 30.0


class Pools:
    """The app's capacity limiters (made on first use, inside the event loop, as anyio requires)."""

    def __init__(self, read_limits: ReadLimits) -> None:
        self.read_limits = read_limits
        self._limiters: dict[str, anyio.CapacityLimiter] = {}

    def limiter(self, name: str, size: int) -> anyio.CapacityLimiter:
        if name not in self._limiters:
            self._limiters[name] = anyio.CapacityLimiter(size)
        return self._limiters[name]


def pools(request: Request) -> Pools:
    found: Pools = request.app.state.pools
    return found


async def blocking(request: Request, function: Callable[..., T], *args: object, **options: object) -> T:
    """``function(*args, **options)`` in a worker thread, at most :data:`BLOCKING` at once."""
    call = functools.partial(function, *args, **options)
    return await anyio.to_thread.run_sync(call, limiter=pools(request).limiter("blocking", BLOCKING))


async def hashing(request: Request, function: Callable[..., T], *args: object, **options: object) -> T:
    """A call that computes argon2 hashes, in a worker thread, at most :data:`HASHERS` at once."""
    call = functools.partial(function, *args, **options)
    return await anyio.to_thread.run_sync(call, limiter=pools(request).limiter("hashing", HASHERS))


async def read_paper(request: Request, filename: str, content: bytes, *, pack: str | None = None) -> Reading:
    """The reader's verdict on an uploaded paper, read in a child process within the app's limits,
    against the pack's state (the default pack's unless named), so another state's court is told apart.

    InputError (a 422) when the paper is refused or exceeds a limit; 503 when every reader stayed
    busy for :data:`READ_QUEUE_SECONDS`.
    """
    found = pools(request)
    limiter = found.limiter("reading", READERS)
    try:
        with anyio.fail_after(READ_QUEUE_SECONDS):
            await limiter.acquire()
    except TimeoutError:
        raise HTTPException(503, "Every paper reader is busy; try again in a minute.") from None
    try:
        call = functools.partial(
            read_isolated, filename, content, limits=found.read_limits, home_state=home_state(pack)
        )
        return await anyio.to_thread.run_sync(call)
    finally:
        limiter.release()
