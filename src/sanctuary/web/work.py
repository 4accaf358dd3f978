"""Blocking work off the event loop: bounded thread pools, and papers read in a child process.

The app runs on one event loop: anything that holds it (argon2, a PDF, Tesseract, a full ledger
verification, a report) holds every other user's page. Such work runs here instead, in a thread
(the loop stays free) taken from a small pool, so that a flood of it queues rather than taking
the machine's memory: argon2 takes 64 MiB per hash. Papers are read in a child process with a
time, page and memory limit (:func:`sanctuary.services.site.read_isolated`); a reading that waits
too long for its turn is refused with 503, so a queue of slow papers cannot grow without end.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread
from fastapi import Request
from starlette.exceptions import HTTPException

from sanctuary.model import InputError, Message, Reading
from sanctuary.services.site import ReadingStatus, ReadLimits, Site, home_state, read_isolated

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Papers read at once (each in its own process); the machine's cores are the real bound.
READERS = 2
#: Password hashes computed at once (argon2: 64 MiB and one core each).
HASHERS = 4
#: Other blocking calls (ledger verification, reports, saving a case) at once.
BLOCKING = 8
#: How long a paper may wait for a reader before the answer is "busy, try again".
READ_QUEUE_SECONDS = 30.0
#: How long a paper read in the background may wait for a reader before it is given up.
BACKGROUND_QUEUE_SECONDS = 300.0
#: How long an upload waits for its reading before answering with the progress page instead.
ANSWER_WITHIN_SECONDS = 1.5


class Pools:
    """The app's capacity limiters (made on first use, inside the event loop, as anyio requires)."""

    def __init__(self, read_limits: ReadLimits, answer_within: float = ANSWER_WITHIN_SECONDS) -> None:
        self.read_limits = read_limits
        self.answer_within = answer_within
        self._limiters: dict[str, anyio.CapacityLimiter] = {}
        #: Papers being read in the background (kept referenced until they finish).
        self.tasks: set[asyncio.Task[None]] = set()

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


async def start_reading(
    request: Request, owner: str, language: str, filename: str, content: bytes, *, pack: str | None = None
) -> str:
    """Start reading an uploaded paper in the background for ``owner``; returns the reading's id.

    The reading's progress and result are kept in the records store (any server process can say how
    far it got), and the form that uploaded the paper carries only the id. InputError (a 422) at once
    for a paper the reader does not take (type, size, empty). A reading that fails later keeps its
    message in ``language``, the owner's, since only the owner is shown it.
    """
    from sanctuary.services.site import check_upload

    check_upload(filename, content)
    site: Site = request.app.state.site
    state = home_state(pack)
    digest = hashlib.sha256(content).hexdigest()
    reading_id = await blocking(request, site.start_reading, owner, digest, state)
    found = pools(request)
    task = asyncio.get_running_loop().create_task(_read(found, site, reading_id, language, filename, content, state))
    found.tasks.add(task)
    task.add_done_callback(found.tasks.discard)
    return reading_id


async def _read(
    found: Pools, site: Site, reading_id: str, language: str, filename: str, content: bytes, state: str | None
) -> None:
    limiter = found.limiter("reading", READERS)
    try:
        try:
            with anyio.fail_after(BACKGROUND_QUEUE_SECONDS):
                await limiter.acquire()
        except TimeoutError:
            raise InputError("Every paper reader stayed busy; upload the paper again in a minute.") from None
        try:
            # The isolated reader reports each page it has read: the progress page says "Reading page 2 of 3…".
            progress = functools.partial(site.reading_progress, reading_id)
            call = functools.partial(
                read_isolated, filename, content, limits=found.read_limits, home_state=state, on_page=progress
            )
            reading = await anyio.to_thread.run_sync(call)
        finally:
            limiter.release()
        await anyio.to_thread.run_sync(site.finish_reading, reading_id, reading)
    except InputError as exc:
        await anyio.to_thread.run_sync(functools.partial(site.fail_reading, reading_id, exc, language=language))
    except Exception as exc:  # never lose a reading silently: the page says it failed
        log.warning("reading a paper failed: %s", type(exc).__name__)
        failed = Message("The paper could not be read; upload it again.")
        await anyio.to_thread.run_sync(functools.partial(site.fail_reading, reading_id, failed, language=language))


async def reading_status(request: Request, reading_id: str, owner: str, *, wait: float = 0.0) -> ReadingStatus | None:
    """Where the reading is; waits up to ``wait`` seconds for it to end (fast papers answer at once)."""
    site: Site = request.app.state.site
    deadline = anyio.current_time() + wait
    while True:
        status = await blocking(request, site.reading_status, reading_id, owner)
        if status is None or status.status != "reading" or anyio.current_time() >= deadline:
            return status
        await anyio.sleep(0.1)
