"""What every verb of the `sanctuary` command shares: consoles, error handling, input files and dates.

Bad input is one clear message and exit code 2, never a traceback. Nothing here imports Rich, the
models or the policy at import time: a one-shot command imports what its verb needs when it runs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, Protocol, TypeVar

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from sanctuary.model import Message

NOTICE = "Not legal advice. A jurisdiction's counsel must review its pack before use."


MAX_REQUEST_BYTES = 1_000_000


#: The largest ledger index or size a command takes (the databases store them as 32-bit integers).
MAX_INDEX = 2**31 - 1


#: The most days a command looks back (a century; dates before year 1 do not exist).
MAX_DAYS = 36_500


class _LazyConsole:
    """A Rich console made on first use: a command that prints only JSON never imports Rich."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def made(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.made(), name)


def console_of(console: Console) -> Console:
    """The Rich console itself, to hand to Rich (a progress bar enters it as a context manager)."""
    return console.made() if isinstance(console, _LazyConsole) else console


out: Console = _LazyConsole(soft_wrap=False)  # type: ignore[assignment]


err: Console = _LazyConsole(stderr=True, soft_wrap=True)  # type: ignore[assignment]


def escape(text: str) -> str:
    """Rich markup characters in ``text`` escaped (Rich imported only when something is printed)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


#: ``SANCTUARY_PROGRESS=off`` hides progress bars even on a terminal.
PROGRESS_ENV = "SANCTUARY_PROGRESS"


def show_progress(*, as_json: bool = False) -> bool:
    """Whether a progress bar is shown: only on a terminal's standard error, and not for a command
    asked for JSON (a program reads it), so a bar never mixes with piped or JSON output."""
    if as_json or os.environ.get(PROGRESS_ENV, "").lower() == "off":
        return False
    return bool(err.is_terminal)


class Advance(Protocol):
    """Reports progress: ``done`` of ``total`` (0 when the total is not known), and what is being done now."""

    def __call__(self, done: int, total: int, what: str | None = None) -> None: ...


@contextmanager
def progress_bar(what: str, unit: str, *, as_json: bool = False) -> Iterator[Advance | None]:
    """A progress bar on standard error while the block runs: ``what``, then ``done/total unit``.

    Yields ``advance(done, total, what=None)`` to report progress, or None when no bar is shown
    (``show_progress``); the bar is removed when the block ends. Until the first report, and while
    the total is unknown (0), the bar pulses and the elapsed time runs.
    """
    if not show_progress(as_json=as_json):
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[detail]}"), TimeElapsedColumn())
    with Progress(*columns, console=console_of(err), transient=True) as bar:
        task = bar.add_task(what, total=None, detail="")

        def advance(done: int, total: int, what: str | None = None) -> None:
            detail = f"{done:,}/{total:,} {unit}" if total > 0 else f"{done:,} {unit}"
            changes: dict[str, Any] = {"description": what} if what else {}
            bar.update(task, completed=done, total=total if total > 0 else None, detail=detail, **changes)

        yield advance


P = ParamSpec("P")


R = TypeVar("R")


def _refuse(message: Message, options: dict[str, Any]) -> NoReturn:
    """Print ``message`` as the command's error, in the user's language, and exit 2.

    The command's own ``--lang`` (after its verb) names the user's language too, when it is one."""
    from .words import LANGUAGES, language_now

    chosen = options.get("lang")
    asked = chosen.strip().lower() if isinstance(chosen, str) else ""
    language = asked if asked in LANGUAGES else language_now()
    err.print(f"[bold red]error:[/] {escape(message.render(language))}")
    raise typer.Exit(2) from None


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn InputError into a message on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except Exception as exc:
            import csv

            from sanctuary.model import InputError, Message

            if isinstance(exc, InputError):
                _refuse(exc.message, kwargs)
            if isinstance(exc, csv.Error):
                # A CSV the parser gives up on (a cell over 131,072 characters, a stray NUL) is bad input too.
                _refuse(Message("a CSV file could not be read: {reason}.", {"reason": str(exc)[:200]}), kwargs)
            raise

    return wrapper


def records_errors(func: Callable[P, R]) -> Callable[P, R]:
    """InputError, and a database that fails mid-command, as one message and exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return user_errors(func)(*args, **kwargs)
        except typer.Exit:
            raise
        except Exception as exc:
            from sqlalchemy.exc import SQLAlchemyError

            if not isinstance(exc, SQLAlchemyError):
                raise
            from sanctuary.model import Message

            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            _refuse(Message("the records database failed: {reason}", {"reason": reason}), kwargs)

    return wrapper


@contextmanager
def open_store() -> Iterator[Any]:
    """The store named by the environment (SANCTUARY_DATABASE_URL, SANCTUARY_DATA_DIR, SANCTUARY_KEY_DIR)."""
    from sanctuary.records import Store

    store = Store.open()
    try:
        yield store
    finally:
        store.close()


def read_request_file(source: str) -> Any:
    """The raw request from a JSON or YAML file, or from stdin when ``source`` is '-'."""
    from sanctuary.model import InputError, Message
    from sanctuary.services.inputs import parse_request_text

    if source == "-":
        text = sys.stdin.read(MAX_REQUEST_BYTES + 1)
        shown: str | Message = Message("standard input")
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError("The request file {source!r} does not exist or is not a file.", source=source)
        if path.stat().st_size > MAX_REQUEST_BYTES:
            raise InputError(
                "The request file {source!r} is larger than {limit:,} bytes.", source=source, limit=MAX_REQUEST_BYTES
            )
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                "The request file {source!r} cannot be read as UTF-8 text ({reason}).", source=source, reason=exc
            ) from None
        shown = source
    if len(text) > MAX_REQUEST_BYTES:
        raise InputError("The request on {name} is larger than {limit:,} bytes.", name=shown, limit=MAX_REQUEST_BYTES)
    if not text.strip():
        raise InputError("The request on {name} is empty; it needs at least an 'action' field.", name=shown)
    return parse_request_text(text, shown)


def parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    from sanctuary.model import InputError

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            "--on {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-07-01.", value=value
        ) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
