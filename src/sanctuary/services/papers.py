"""Reading an uploaded paper in a process of its own, with a time, page and memory limit.

The reader parses PDFs and runs Tesseract; on a hostile or merely large paper that takes seconds
and much memory. Run inside a server it would hold up every other request, so the web app reads
each paper in a child process forked from a small, clean server process (``forkserver``): the
child is its own process group, so when the time is up the child and its Tesseracts are killed
together, and its address space is capped so that a paper cannot take the server's memory (the
Tesseracts reading a scan's pages side by side share that cap). The child tells the caller as each
page is read (``on_page``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import multiprocessing
import os
import resource
import signal
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from pathlib import Path

from sanctuary.documents import SUPPORTED, DocumentError, OnPage, max_bytes, read
from sanctuary.model import InputError, Message, Reading

SECONDS_ENV = "SANCTUARY_READ_SECONDS"
PAGES_ENV = "SANCTUARY_READ_PAGES"
MEMORY_ENV = "SANCTUARY_READ_MEMORY_MB"


@dataclass(frozen=True)
class ReadLimits:
    """What one reading may take: wall-clock seconds (Tesseract included), PDF pages, address space."""

    seconds: float = 60.0
    pages: int = 30
    memory_mb: int = 2048

    @classmethod
    def from_env(cls) -> ReadLimits:
        """The defaults, overridden by ``SANCTUARY_READ_SECONDS``, ``_PAGES`` and ``_MEMORY_MB``."""
        default = cls()
        return cls(
            seconds=_positive(SECONDS_ENV, default.seconds),
            pages=int(_positive(PAGES_ENV, default.pages)),
            memory_mb=int(_positive(MEMORY_ENV, default.memory_mb)),
        )


def _positive(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise InputError("{name}={raw!r} is not a positive number.", name=name, raw=raw)
    return value


def upload_limit() -> int:
    """The largest paper accepted, in bytes: the reader's own limit."""
    return max_bytes()


def check_upload(filename: str, content: bytes) -> str:
    """The paper's suffix, or an InputError for a type the reader does not take, an empty file or a large one."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(
            "The file type {suffix!r} cannot be read; supported types: {supported}.",
            suffix=suffix or Message("(none)"),
            supported=", ".join(SUPPORTED),
        )
    if len(content) > upload_limit():
        raise InputError("The file is larger than the limit of {mb} MB.", mb=upload_limit() // 1_000_000)
    if not content:
        raise InputError("The file is empty.")
    return suffix


def read_bytes(
    filename: str,
    content: bytes,
    *,
    max_pages: int | None = None,
    today: dt.date | None = None,
    home_state: str | None = None,
    on_page: OnPage | None = None,
) -> Reading:
    """Read an uploaded paper from a private temporary file, against ``home_state`` (a court of that
    state binds here); InputError for a wrong type, size or page count. ``on_page(done, total)`` is
    called once per page as each is read."""
    suffix = check_upload(filename, content)
    if suffix == ".pdf" and max_pages is not None:
        pages = _pdf_pages(content)
        if pages is not None and pages > max_pages:
            raise InputError(
                "The PDF has {pages} pages; at most {most} are read here. Send the pages of the paper itself.",
                pages=pages,
                most=max_pages,
            )
    if suffix in {".tif", ".tiff"} and max_pages is not None and _tiff_has_more_pages(content, max_pages):
        raise InputError(
            "The TIFF has more than {most} pages; at most {most} are read here. Send the pages of the paper itself.",
            most=max_pages,
        )
    with tempfile.TemporaryDirectory(prefix="sanctuary-upload-") as folder:
        path = Path(folder) / f"paper{suffix}"
        path.write_bytes(content)
        return read(path, today=today, home_state=home_state, on_page=on_page)


def _pdf_pages(content: bytes) -> int | None:
    """How many pages the PDF says it has (None if it cannot tell: the reader then says what is wrong)."""
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(content), strict=False).pages)
    except Exception:  # a damaged PDF: the reader's own message names the problem
        return None


def _tiff_has_more_pages(content: bytes, most: int) -> bool:
    """Whether the TIFF holds more than ``most`` pages, counted from its headers (False if it cannot
    tell: the reader then says what is wrong)."""
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(content), formats=["TIFF"])
        image.seek(most)  # reads the headers of the pages before it, no picture
    except Exception:  # fewer pages, or a damaged TIFF: the reader's own message names the problem
        return False
    return True


def read_isolated(
    filename: str,
    content: bytes,
    *,
    limits: ReadLimits | None = None,
    today: dt.date | None = None,
    home_state: str | None = None,
    on_page: OnPage | None = None,
) -> Reading:
    """:func:`read_bytes` in a child process; blocks the calling thread until it answers or is killed.

    ``on_page(done, total)`` is called in the calling thread once per page as the child reads it.
    InputError (the reader's own message, or what limit the paper exceeded) for anything that
    does not read within the limits.
    """
    limits = limits or ReadLimits.from_env()
    check_upload(filename, content)  # the cheap refusals need no process
    receiver, sender = _context().Pipe(duplex=False)
    process = _context().Process(
        target=_child, args=(sender, filename, content, limits, today, home_state, on_page is not None), daemon=True
    )
    process.start()
    sender.close()
    deadline = time.monotonic() + limits.seconds
    try:
        while True:
            if not receiver.poll(max(0.0, deadline - time.monotonic())):
                raise DocumentError(
                    "Reading the paper took longer than {seconds:g} seconds and was stopped; "
                    "send a clearer or shorter copy (a photo of each page, or the PDF of the paper alone).",
                    seconds=limits.seconds,
                )
            try:
                kind, payload = receiver.recv()
            except EOFError:
                kind, payload = "died", ""
            if kind != "page":
                break
            if on_page is not None:
                done, total = payload
                on_page(done, total)
    finally:
        receiver.close()
        _end(process)
    if kind == "ok":
        return Reading.model_validate_json(payload)
    if kind == "refused":  # the child's own refusal, kept as a template to be shown in any language
        raise DocumentError(payload.message)
    if kind in {"memory", "died"}:
        raise DocumentError(
            "Reading the paper needed more than the {mb} MB allowed and was stopped; "
            "send a smaller picture or a shorter PDF.",
            mb=limits.memory_mb,
        )
    raise DocumentError("The paper could not be read ({error}); send another copy of it.", error=payload)


def _end(process: multiprocessing.process.BaseProcess) -> None:
    """Kill the child's process group (the child and any Tesseract it started), then reap the child."""
    if process.pid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone, with its group
            os.killpg(process.pid, signal.SIGKILL)
    process.join(5)


def _child(
    sender: Connection,
    filename: str,
    content: bytes,
    limits: ReadLimits,
    today: dt.date | None,
    home_state: str | None,
    progress: bool,
) -> None:  # pragma: no cover - runs in the child process
    os.setpgid(0, 0)
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    def on_page(done: int, total: int) -> None:
        sender.send(("page", (done, total)))

    try:
        reading = read_bytes(
            filename,
            content,
            max_pages=limits.pages,
            today=today,
            home_state=home_state,
            on_page=on_page if progress else None,
        )
        sender.send(("ok", reading.model_dump_json()))
    except InputError as exc:
        # A plain InputError of the same message pickles whole (the template and its values), whatever it was.
        sender.send(("refused", InputError(exc.message)))
    except MemoryError:
        sender.send(("memory", ""))
    except Exception as exc:
        sender.send(("failed", type(exc).__name__))
    finally:
        sender.close()


@functools.cache
def _context() -> ForkServerContext:
    """The forkserver context, its server preloaded with the reader (started on first use)."""
    context = multiprocessing.get_context("forkserver")
    assert isinstance(context, ForkServerContext)
    context.set_forkserver_preload(["sanctuary.services.papers", "PIL.Image", "pypdf"])
    return context
