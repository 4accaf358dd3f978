"""Scanning files: text and table files read in chunks, every line or cell through the detectors.

Where a detection is, in the file (the contract's ``line``, ``start``, ``end``):

* text files (.txt, .md, .log), CSV and JSONL: ``line`` is the 1-based physical line of the file
  (for CSV the header is line 1, and a quoted cell spanning lines keeps its lines); ``start`` and
  ``end`` are character offsets within that line, without its line ending, so
  ``line_text[start:end] == text``. For CSV the ``column`` of the cell is added; for JSONL the raw
  line is scanned as written (JSON escapes are not decoded);
* Parquet has no lines: ``line`` is the 1-based row number, ``start``/``end`` are offsets within the
  cell's text, and ``column`` names the cell's column.

Files are read in chunks of whole lines (or Parquet row batches), so memory stays bounded by the
chunk, not the file. Anything unreadable is an ``InputError`` naming the file, the line and the fix.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from sanctuary.model import InputError

from .detectors import Detection, Scanner, default_scanner, is_text

TEXT_SUFFIXES = frozenset({".txt", ".md", ".log"})
TABLE_SUFFIXES = frozenset({".csv", ".jsonl", ".parquet"})
SUFFIXES = TEXT_SUFFIXES | TABLE_SUFFIXES
CHUNK_BYTES = 4 << 20
MALFORMED_SHOWN = 10


@dataclass(frozen=True, slots=True)
class FileDetection:
    """A detection located in a file (see the module docstring for what line/start/end mean)."""

    line: int
    start: int
    end: int
    kind: str
    text: str
    confidence: float
    column: str | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "text": self.text,
            "confidence": self.confidence,
        }
        if self.column is not None:
            data["column"] = self.column
        return data


@dataclass
class ScanResult:
    """Every detection in a file, in file order, with what was read."""

    path: str
    format: str
    detections: list[FileDetection] = field(default_factory=list)
    lines: int = 0
    rows: int = 0

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(d.kind for d in self.detections).items()))

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "format": self.format,
            "lines": self.lines,
            "rows": self.rows,
            "counts": self.counts(),
            "detections": [d.as_json() for d in self.detections],
        }


def file_format(path: Path) -> str:
    """The format named by the extension, or an InputError listing the ones that are read."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        allowed = ", ".join(sorted(SUFFIXES))
        raise InputError(f"{path}: the extension {suffix or '(none)'!r} is not read; allowed: {allowed}.")
    return suffix.lstrip(".")


def check_readable(path: Path) -> None:
    """An InputError unless ``path`` is a non-empty file (and, unless Parquet, not binary)."""
    if not path.exists():
        raise InputError(f"{path}: no such file.")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file.")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    if size == 0:
        raise InputError(f"{path}: the file is empty; there is nothing to scan.")
    if path.suffix.lower() != ".parquet" and b"\x00" in head:
        raise InputError(f"{path}: the file looks binary (it contains NUL bytes); give a UTF-8 text file.")


def scan_file(path: str | Path, *, scanner: Scanner | None = None) -> ScanResult:
    """Scan one file; InputError for a missing, empty, binary, malformed or unsupported file."""
    target = Path(path)
    fmt = file_format(target)
    check_readable(target)
    engine = scanner or default_scanner()
    result = ScanResult(path=str(target), format=fmt)
    if fmt == "parquet":
        _scan_parquet(target, engine, result)
    elif fmt == "csv":
        _scan_csv(target, engine, result)
    else:
        _scan_lines(target, engine, result, jsonl=fmt == "jsonl")
    return result


def iter_line_chunks(path: Path, chunk_bytes: int = CHUNK_BYTES) -> Iterator[tuple[int, list[str]]]:
    """(first line number, lines) in chunks of whole lines, line endings removed, strictly UTF-8."""
    line_no = 1
    with path.open("rb") as handle:
        while True:
            raw_lines = handle.readlines(chunk_bytes)
            if not raw_lines:
                return
            lines: list[str] = []
            for offset, raw in enumerate(raw_lines):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise InputError(
                        f"{path}: line {line_no + offset} is not UTF-8 text ({exc.reason} at byte {exc.start}); "
                        "convert the file to UTF-8."
                    ) from None
                if "\x00" in text:
                    raise InputError(f"{path}: line {line_no + offset} contains NUL bytes; the file looks binary.")
                lines.append(text.rstrip("\r\n"))
            if line_no == 1 and lines and lines[0].startswith("\ufeff"):
                lines[0] = lines[0][1:]
            yield line_no, lines
            line_no += len(lines)


def listed(items: list[str]) -> str:
    """The first few items of a list of problems, and how many more, so a message stays readable."""
    more = f" and {len(items) - MALFORMED_SHOWN} more" if len(items) > MALFORMED_SHOWN else ""
    return ", ".join(items[:MALFORMED_SHOWN]) + more


def _located(found: Detection, line: int, column: str | None = None) -> FileDetection:
    return FileDetection(
        line=line,
        start=found.start,
        end=found.end,
        kind=found.kind,
        text=found.text,
        confidence=found.confidence,
        column=column,
    )


def _scan_lines(path: Path, scanner: Scanner, result: ScanResult, *, jsonl: bool) -> None:
    malformed: list[int] = []
    for first, lines in iter_line_chunks(path):
        if jsonl:
            for offset, line in enumerate(lines):
                if not line.strip():
                    continue
                try:
                    json.loads(line)
                except json.JSONDecodeError:
                    malformed.append(first + offset)
                else:
                    result.rows += 1
        for found in scanner.scan_array(pa.array(lines, pa.string())):
            result.detections.append(_located(found, first + found.row))
        result.lines = first + len(lines) - 1
    if not jsonl:
        result.rows = result.lines
    if malformed:
        shown = listed([str(n) for n in malformed])
        raise InputError(
            f"{path}: {len(malformed)} line(s) are not valid JSON (line {shown}); JSONL needs one JSON object per line."
        )


class CsvLineTracker:
    """Follows CSV quoting across physical lines, cheaply: which field a line offset falls in, and
    whether each record has as many fields as the header.

    Quotes toggle the quoted state (an escaped quote ``""`` toggles twice), so the state at any
    offset is the parity of the quotes before it; commas outside quotes separate fields. Lines are
    split on quotes with ``str.split`` (C speed), never walked character by character.
    """

    def __init__(self, delimiter: str = ",") -> None:
        self.delimiter = delimiter
        self.in_quote = False
        self.field = 0

    def state_at(self, line: str, offset: int, in_quote: bool, field: int) -> tuple[bool, int]:
        """(in quotes, field index) after ``line[:offset]`` from the given start state."""
        parts = line[:offset].split('"')
        for index, part in enumerate(parts):
            quoted = in_quote if index % 2 == 0 else not in_quote
            if not quoted:
                field += part.count(self.delimiter)
        return (in_quote if len(parts) % 2 == 1 else not in_quote), field

    def feed(self, line: str) -> tuple[bool, int, int | None]:
        """Advance over one line; returns (start in quotes, start field, fields of a record ending here)."""
        start_quote, start_field = self.in_quote, self.field
        if '"' not in line and not start_quote:
            end_quote, end_field = False, start_field + line.count(self.delimiter)
        else:
            end_quote, end_field = self.state_at(line, len(line), start_quote, start_field)
        if end_quote:
            self.in_quote, self.field = True, end_field
            return start_quote, start_field, None
        self.in_quote, self.field = False, 0
        return start_quote, start_field, end_field + 1


def _scan_csv(path: Path, scanner: Scanner, result: ScanResult) -> None:
    tracker = CsvLineTracker()
    header: list[str] | None = None
    expected = 0
    malformed: list[tuple[int, int]] = []
    record_first_line = 1
    for first, lines in iter_line_chunks(path):
        states: list[tuple[bool, int]] = []
        for offset, line in enumerate(lines):
            line_no = first + offset
            start_quote, start_field, fields = tracker.feed(line)
            states.append((start_quote, start_field))
            if header is None:
                if fields is None:
                    continue
                header_text = "\n".join(lines[: offset + 1]) if first == 1 else line
                header = next(csv.reader([header_text]), [])
                expected = fields
                if not any(name.strip() for name in header):
                    raise InputError(f"{path}: line 1 should be the header row with the column names; it is empty.")
                record_first_line = line_no + 1
                continue
            if fields is not None:
                if fields != expected and line.strip():
                    malformed.append((record_first_line, fields))
                elif line.strip():
                    result.rows += 1
                record_first_line = line_no + 1
        for found in scanner.scan_array(pa.array(lines, pa.string())):
            start_quote, start_field = states[found.row]
            _, column_index = tracker.state_at(lines[found.row], found.start, start_quote, start_field)
            names = header or []
            column = names[column_index] if column_index < len(names) else f"#{column_index + 1}"
            result.detections.append(_located(found, first + found.row, column))
        result.lines = first + len(lines) - 1
    if tracker.in_quote:
        raise InputError(
            f"{path}: a quoted cell opened on line {record_first_line} is never closed; the CSV is malformed."
        )
    if header is None:
        raise InputError(f"{path}: the CSV has no header row.")
    if malformed:
        shown = listed([f"line {line} ({count} fields)" for line, count in malformed])
        raise InputError(
            f"{path}: {len(malformed)} row(s) do not have the header's {expected} fields: {shown}. "
            "Quote cells that contain commas, or fix those rows."
        )


def _scan_parquet(path: Path, scanner: Scanner, result: ScanResult) -> None:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        names = [f.name for f in parquet.schema_arrow if is_text(f.type)]
        row = 0
        for batch in parquet.iter_batches(batch_size=65_536, columns=names or None):
            found_rows: list[FileDetection] = []
            for name in names:
                for found in scanner.scan_array(batch.column(name)):
                    found_rows.append(_located(found, row + found.row + 1, name))
            found_rows.sort(key=lambda d: (d.line, d.start))
            result.detections.extend(found_rows)
            row += batch.num_rows
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({exc}).") from None
    result.rows = row
    result.lines = row
