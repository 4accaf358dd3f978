"""Tesseract on the pictures of one paper: a scan's pages several at once, a photo as Tesseract itself reads it.

Each picture is one ``tesseract`` process with one thread (``OMP_THREAD_LIMIT=1``): OpenMP's
threads gain little on one page and, on a busy machine, made a page three to four times slower.
The pages of a scan run side by side instead, one process per core available, in page order
whatever order they finish in. Under an address-space cap (a reading in the server's child process)
the processes share the cap, so a scan read four pages at once takes no more memory than one read a
page at a time.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from types import TracebackType
from typing import Any

from sanctuary.model import InputError

from ._errors import DocumentError

#: ``on_page(done, total)``: told as each page of a paper is read, in the order they finish.
OnPage = Callable[[int, int], None]

WORKERS_ENV = "SANCTUARY_OCR_WORKERS"
#: Seconds Tesseract may spend on one picture.
OCR_TIMEOUT_SECONDS = 60
#: Address space one Tesseract needs for a page (its model, a page and its layout, with room).
MIN_TESSERACT_MB = 384
#: Narrow pictures are scaled up to this width for OCR, by at most MAX_UPSCALE times; a picture at
#: least OCR_KEEP_WIDTH wide is read at its own size (a letter page at 150 dpi and up).
OCR_WIDTH = 1600
OCR_KEEP_WIDTH = 1200
MAX_UPSCALE = 4.0
#: Pixels handed to OCR after scaling: a letter page at 300 dpi is 8.4 million.
MAX_OCR_PIXELS = 12_000_000
_TESSERACT_ARGS = ("stdout", "-l", "eng", "--psm", "3")


def fit(width: int, height: int, pixels: int) -> tuple[int, int]:
    """The size within ``pixels`` with the same shape (never larger than it is)."""
    ratio = min(1.0, (pixels / max(width * height, 1)) ** 0.5)
    return max(1, int(width * ratio)), max(1, int(height * ratio))


def ocr_size(width: int, height: int) -> tuple[int, int]:
    """The size OCR reads a picture at: narrow ones scaled up towards OCR_WIDTH (at most MAX_UPSCALE
    times), and never more than MAX_OCR_PIXELS, whatever the shape."""
    scale = 1.0 if width >= OCR_KEEP_WIDTH else min(max(1.0, OCR_WIDTH / max(width, 1)), MAX_UPSCALE)
    return fit(max(1, int(width * scale)), max(1, int(height * scale)), MAX_OCR_PIXELS)


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counted is not None:
        return max(1, int(counted() or 1))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _memory_cap() -> int | None:
    """This process's address-space cap in bytes, or None when it has none."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else soft


def workers_for(pages: int, requested: int | None = None) -> int:
    """How many Tesseracts run at once for ``pages`` pictures: ``requested`` (or SANCTUARY_OCR_WORKERS,
    or the cores available), no more than the pages, nor than the memory cap holds."""
    if requested is None:
        raw = os.environ.get(WORKERS_ENV)
        try:
            requested = int(raw) if raw else available_cores()
        except ValueError:
            raise InputError(
                "{variable}={raw!r} is not a whole number of processes.", variable=WORKERS_ENV, raw=raw
            ) from None
        if requested < 1:
            raise InputError("{variable}={raw!r} is not a positive number of processes.", variable=WORKERS_ENV, raw=raw)
    count = max(1, min(requested, pages))
    cap = _memory_cap()
    if cap is not None:
        count = max(1, min(count, cap // (MIN_TESSERACT_MB * 1024 * 1024)))
    return count


def tesseract_command() -> str:
    found = shutil.which("tesseract")
    if found is None:
        raise DocumentError(
            "Tesseract OCR is not installed, so photos and scans cannot be read "
            "(Debian/Ubuntu: apt-get install tesseract-ocr; or run `make install`)."
        )
    return found


class PageReader:
    """The OCR of one paper's pictures, at most ``workers`` Tesseracts at a time.

    Pages are handed over in order (:meth:`text_page` for a page read without OCR, :meth:`picture`
    or :meth:`file` for one to OCR); :meth:`texts` waits for them and gives each page's OCR text.
    ``on_page`` is called from the calling thread only, once per page, as each page is done.
    A picture is written to a private folder as it is handed over, and handing over waits while all
    workers are busy, so pages are decoded no faster than they are read and at most ``workers``
    pictures wait on disk. Leaving the ``with`` block early stops the Tesseracts still running.
    """

    def __init__(
        self,
        name: str,
        total: int,
        *,
        paged: bool = True,
        workers: int | None = None,
        on_page: OnPage | None = None,
    ) -> None:
        self.name = name
        self.paged = paged
        self.total = total
        self.workers = workers_for(total, workers)
        self.on_page = on_page
        self.done = 0
        cap = _memory_cap()
        self._each_cap = None if cap is None else cap // self.workers
        self._folder = tempfile.TemporaryDirectory(prefix="sanctuary-ocr-")
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="ocr")
        self._pending: dict[Future[str], int] = {}
        self._texts: dict[int, str] = {}
        self._running: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._command: str | None = None  # looked up with the first picture: a text PDF needs no Tesseract

    def __enter__(self) -> PageReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stopped.set()
        with self._lock:
            for process in self._running:
                process.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._folder.cleanup()

    def text_page(self) -> None:
        """A page done without OCR."""
        self._finished()

    def file(self, number: int, data: bytes, suffix: str) -> None:
        """OCR of a picture file's own bytes, exactly as ``tesseract`` reads that file."""
        path = Path(self._folder.name) / f"page-{number}{suffix}"
        path.write_bytes(data)
        self._submit(number, path)

    def picture(self, number: int, image: Any) -> None:
        """OCR of a decoded picture: in gray, at :func:`ocr_size`."""
        from PIL import Image, ImageOps

        gray = ImageOps.grayscale(ImageOps.exif_transpose(image) or image)
        size = ocr_size(gray.width, gray.height)
        if size != gray.size:
            gray = gray.resize(size, Image.Resampling.LANCZOS)
        path = Path(self._folder.name) / f"page-{number}.pgm"
        gray.save(path, "PPM")  # uncompressed: nothing to encode, nothing for Tesseract to inflate
        self._submit(number, path)

    def texts(self) -> dict[int, str]:
        """Each OCR page's text by page number, once all are read."""
        while self._pending:
            self._collect(wait(self._pending, return_when=FIRST_COMPLETED).done)
        return dict(self._texts)

    def _submit(self, number: int, path: Path) -> None:
        if self._command is None:
            self._command = tesseract_command()
        while len(self._pending) >= self.workers:
            self._collect(wait(self._pending, return_when=FIRST_COMPLETED).done)
        self._pending[self._pool.submit(self._tesseract, number, path)] = number
        self._collect({future for future in self._pending if future.done()})

    def _collect(self, finished: set[Future[str]]) -> None:
        for future in sorted(finished, key=self._pending.__getitem__):
            number = self._pending.pop(future)
            self._texts[number] = future.result()  # a page's error stops the paper's reading
            self._finished()

    def _finished(self) -> None:
        self.done += 1
        if self.on_page is not None:
            self.on_page(self.done, self.total)

    def _tesseract(self, number: int, path: Path) -> str:
        assert self._command is not None
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        with self._lock:
            if self._stopped.is_set():
                return ""
            process = subprocess.Popen(  # noqa: S603 - a fixed program on a file of our own
                [self._command, str(path), *_TESSERACT_ARGS],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            self._running.add(process)
        try:
            if self._each_cap is not None:
                # The workers share this process's cap; a Tesseract past its share fails on its next allocation.
                resource.prlimit(process.pid, resource.RLIMIT_AS, (self._each_cap, self._each_cap))
            try:
                out, _ = process.communicate(timeout=OCR_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                if self.paged:
                    raise DocumentError(
                        "OCR of {name} page {number} took longer than {seconds} s and was stopped; "
                        "send a clearer or smaller scan.",
                        name=self.name,
                        number=number,
                        seconds=OCR_TIMEOUT_SECONDS,
                    ) from None
                raise DocumentError(
                    "OCR of {name} took longer than {seconds} s and was stopped; send a clearer or smaller scan.",
                    name=self.name,
                    seconds=OCR_TIMEOUT_SECONDS,
                ) from None
        except ProcessLookupError:  # ended before its cap was set: its exit status says how
            out, _ = process.communicate()
        finally:
            with self._lock:
                self._running.discard(process)
        if process.returncode != 0:
            if self._stopped.is_set():
                return ""
            if process.returncode < 0 and self._each_cap is not None:
                megabytes = self._each_cap // 1_048_576
                if self.paged:
                    raise DocumentError(
                        "OCR of {name} page {number} needed more than the {megabytes} MB allowed and was stopped; "
                        "send a smaller picture.",
                        name=self.name,
                        number=number,
                        megabytes=megabytes,
                    )
                raise DocumentError(
                    "OCR of {name} needed more than the {megabytes} MB allowed and was stopped; "
                    "send a smaller picture.",
                    name=self.name,
                    megabytes=megabytes,
                )
            # Tesseract's own message names its files: say what failed, not where.
            if self.paged:
                raise DocumentError(
                    "OCR failed on {name} page {number}; send a clearer scan or a PDF with a text layer.",
                    name=self.name,
                    number=number,
                )
            raise DocumentError("OCR failed on {name}; send a clearer scan or a PDF with a text layer.", name=self.name)
        return out.decode("utf-8", errors="replace")
