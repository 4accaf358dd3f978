"""Atomic output files: a reader sees either the old file or the whole new one, never half.

Every output Sanctuary writes (exports, reports, guarded datasets) goes through here: a temporary
file in the same folder, flushed and fsynced, then ``os.replace``. A crash leaves the old file.
CSV meant for people is written with ``spreadsheet_safe`` cells, so opening it runs nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from sanctuary.model import InputError


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on failure it is removed.

    For writers that want a file name rather than a handle (Parquet, Arrow, PDF libraries).
    """
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError("Cannot write {path}: {reason}.", path=path, reason=exc.strerror or exc) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise InputError("Cannot write {path}: {reason}.", path=path, reason=exc.strerror or exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_atomic(path: Path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path`` so that ``path`` is either the old file or the whole new one."""
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)


#: What starts a formula when a spreadsheet opens a CSV: =, +, -, @, and a tab or carriage return
#: (which some spreadsheets skip before reading the =). An RE2 pattern, for Arrow's kernels too.
FORMULA_START = r"^[=+\-@\t\r]"
#: A plain number ("-12", "+3.5") starts with + or - but is no formula: left as written.
PLAIN_NUMBER = r"^[+-]?[0-9]+(?:\.[0-9]+)?$"
_FORMULA = re.compile(FORMULA_START)
_NUMBER = re.compile(PLAIN_NUMBER)


def spreadsheet_safe(cell: str) -> str:
    """The cell, with a leading apostrophe if a spreadsheet would run it as a formula (OWASP's advice).

    The apostrophe shows in the cell and tells the reader the text was neutralised; numbers stay numbers.
    """
    if _FORMULA.match(cell) and not _NUMBER.match(cell):
        return "'" + cell
    return cell
