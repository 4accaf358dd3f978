"""What every verb of the `sanctuary` command shares: consoles, error handling, input files and dates.

Bad input is one clear message and exit code 2, never a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from sanctuary.model import InputError
from sanctuary.services.inputs import parse_request_text

NOTICE = "Not legal advice. A jurisdiction's counsel must review its pack before use."


MAX_REQUEST_BYTES = 1_000_000


#: The largest ledger index or size a command takes (the databases store them as 32-bit integers).
MAX_INDEX = 2**31 - 1


#: The most days a command looks back (a century; dates before year 1 do not exist).
MAX_DAYS = 36_500


out = Console(soft_wrap=False)


err = Console(stderr=True, soft_wrap=True)


P = ParamSpec("P")


R = TypeVar("R")


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn InputError into a message on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}")
            raise typer.Exit(2) from None
        except csv.Error as exc:
            # A CSV the parser gives up on (a cell over 131,072 characters, a stray NUL) is bad input too.
            err.print(f"[bold red]error:[/] a CSV file could not be read: {escape(str(exc)[:200])}.")
            raise typer.Exit(2) from None

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
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            err.print(f"[bold red]error:[/] the records database failed: {escape(reason)}")
            raise typer.Exit(2) from None

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
    if source == "-":
        text = sys.stdin.read(MAX_REQUEST_BYTES + 1)
        name = "standard input"
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"The request file {source!r} does not exist or is not a file.")
        if path.stat().st_size > MAX_REQUEST_BYTES:
            raise InputError(f"The request file {source!r} is larger than {MAX_REQUEST_BYTES:,} bytes.")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"The request file {source!r} cannot be read as UTF-8 text ({exc}).") from None
        name = source
    if len(text) > MAX_REQUEST_BYTES:
        raise InputError(f"The request on {name} is larger than {MAX_REQUEST_BYTES:,} bytes.")
    if not text.strip():
        raise InputError(f"The request on {name} is empty; it needs at least an 'action' field.")
    return parse_request_text(text, name)


def parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--on {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-07-01.") from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
