"""Atomic output files: a reader sees either the old file or the whole new one, never half.

Every output Sanctuary writes (exports, reports, guarded datasets) goes through here: a temporary
file in the same folder, flushed and fsynced, then ``os.replace``. A crash leaves the old file.
"""

from __future__ import annotations

import contextlib
import os
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
        raise InputError(f"Cannot write {path}: {exc.strerror or exc}.") from None
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
        raise InputError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_atomic(path: Path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path`` so that ``path`` is either the old file or the whole new one."""
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
