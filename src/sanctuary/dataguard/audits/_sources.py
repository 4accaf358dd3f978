"""Which files an audit reads: one file, a folder of monthly exports, a glob, or several of these.

Releases come as one file per month (a Texas city's network audit was 32 monthly CSV files), so a
folder or a glob is read as one log, file by file in name order. Inside a folder only log files are
taken (CSV, JSON Lines, XLSX, PDF, Parquet); hidden files and anything else are left alone.
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

from sanctuary.model import InputError

LOG_SUFFIXES = frozenset({".csv", ".jsonl", ".ndjson", ".xlsx", ".xlsm", ".pdf", ".parquet"})
# What ``guard scan`` reads in a folder: text files and tables.
SCAN_SUFFIXES = frozenset({".txt", ".md", ".log", ".csv", ".jsonl", ".parquet"})


def expand_paths(paths: Path | str | Sequence[Path | str], *, scannable: bool = False) -> tuple[str, list[Path]]:
    """``(label, files)``: the files named, folders and globs expanded (sorted), duplicates removed.

    ``label`` names the input in reports: the path as given when there is one, else the names joined.
    A folder contributes its log files, or with ``scannable`` the files ``guard scan`` reads.
    """
    suffixes = SCAN_SUFFIXES if scannable else LOG_SUFFIXES
    given = [paths] if isinstance(paths, str | Path) else list(paths)
    if not given:
        raise InputError("Name at least one log file, folder or glob.")
    files: list[Path] = []
    for item in given:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in suffixes
            )
            if not found:
                raise InputError(
                    "The folder {folder!r} holds no file to read ({suffixes}).",
                    folder=text,
                    suffixes=", ".join(sorted(suffixes)),
                )
            files.extend(found)
        elif not path.exists() and glob.has_magic(text):
            matched = sorted(Path(m) for m in glob.glob(text) if Path(m).is_file())
            if not matched:
                raise InputError("No file matches {pattern!r}.", pattern=text)
            files.extend(matched)
        else:
            files.append(path)
    unique = list(dict.fromkeys(files))
    label = str(Path(str(given[0]))) if len(given) == 1 else ", ".join(str(g) for g in given)
    return label, unique
