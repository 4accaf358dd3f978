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
chunk, not the file. A line longer than ``PIECE_BYTES`` is read in overlapping pieces: each piece
carries ``PIECE_OVERLAP`` characters of context on each side (more than any match and what is looked
at around it), and a detection belongs to the piece its start falls in, so a 50 MB line costs no
more memory than a 1 MB one. Detections are produced as the file is read (``iter_scan``), so a
caller that streams them never holds them all. Anything unreadable is an ``InputError`` naming the
file, the line and the fix.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa

from sanctuary.model import InputError, Message

from .detectors import Detection, Scanner, default_scanner, is_text

TEXT_SUFFIXES = frozenset({".txt", ".md", ".log"})
TABLE_SUFFIXES = frozenset({".csv", ".jsonl", ".parquet"})
SUFFIXES = TEXT_SUFFIXES | TABLE_SUFFIXES
CHUNK_BYTES = 4 << 20
MALFORMED_SHOWN = 10
#: Lines longer than this are read and scanned in pieces of this many bytes.
PIECE_BYTES = 1 << 20
#: Characters of context each piece shares with its neighbours (matches are far shorter).
PIECE_OVERLAP = 1024
#: The longest JSONL line that is checked for valid JSON (it must be held whole to be parsed).
MAX_JSONL_LINE_BYTES = 16 << 20


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
    """What was read from a file, and its detections in file order.

    ``detections`` is filled by ``scan_file``; ``iter_scan`` leaves it empty and only counts, so a
    caller that streams the detections never holds them all.
    """

    path: str
    format: str
    detections: list[FileDetection] = field(default_factory=list)
    lines: int = 0
    rows: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    @property
    def found(self) -> int:
        return sum(self.kinds.values())

    def counts(self) -> dict[str, int]:
        return dict(sorted(self.kinds.items()))

    def summary(self) -> dict[str, Any]:
        """Everything but the detections: the JSON a streaming writer puts around them."""
        return {
            "file": self.path,
            "format": self.format,
            "lines": self.lines,
            "rows": self.rows,
            "counts": self.counts(),
        }

    def as_json(self) -> dict[str, Any]:
        return {**self.summary(), "detections": [d.as_json() for d in self.detections]}


def file_format(path: Path) -> str:
    """The format named by the extension, or an InputError listing the ones that are read."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        allowed = ", ".join(sorted(SUFFIXES))
        raise InputError(
            "{path}: the extension {extension!r} is not read; allowed: {allowed}.",
            path=path,
            extension=suffix or Message("(none)"),
            allowed=allowed,
        )
    return suffix.lstrip(".")


def check_readable(path: Path) -> None:
    """An InputError unless ``path`` is a non-empty file (and, unless Parquet, not binary)."""
    if not path.exists():
        raise InputError("{path}: no such file.", path=path)
    if not path.is_file():
        raise InputError("{path}: not a regular file.", path=path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        raise InputError("{path}: cannot be read ({reason}).", path=path, reason=exc.strerror or exc) from None
    if size == 0:
        raise InputError("{path}: the file is empty; there is nothing to scan.", path=path)
    if path.suffix.lower() != ".parquet" and b"\x00" in head:
        raise InputError("{path}: the file looks binary (it contains NUL bytes); give a UTF-8 text file.", path=path)


def scan_file(path: str | Path, *, scanner: Scanner | None = None) -> ScanResult:
    """Scan one file; InputError for a missing, empty, binary, malformed or unsupported file."""
    result, detections = iter_scan(path, scanner=scanner)
    result.detections.extend(detections)
    return result


def iter_scan(path: str | Path, *, scanner: Scanner | None = None) -> tuple[ScanResult, Iterator[FileDetection]]:
    """The file's summary and its detections as they are found; the summary is complete once they are.

    The file's name, format and readability are checked at once; a malformed row may only show
    once the scan reaches it, so the iterator can raise InputError after yielding detections.
    """
    target = Path(path)
    fmt = file_format(target)
    check_readable(target)
    engine = scanner or default_scanner()
    result = ScanResult(path=str(target), format=fmt)
    if fmt == "parquet":
        found = _scan_parquet(target, engine, result)
    elif fmt == "csv":
        found = _scan_csv(target, engine, result)
    else:
        found = _scan_lines(target, engine, result, jsonl=fmt == "jsonl")
    return result, _counted(found, result)


def write_json(path: str | Path, stream: TextIO, *, scanner: Scanner | None = None) -> ScanResult:
    """Write ``{file, format, detections, lines, rows, counts}`` as the scan goes: memory stays flat.

    If the file turns out malformed part way, InputError is raised with the JSON unfinished.
    """
    result, detections = iter_scan(path, scanner=scanner)
    head = f'{{\n  "file": {json.dumps(result.path)},\n  "format": {json.dumps(result.format)},\n  "detections": ['
    stream.write(head)
    separator = "\n    "
    for found in detections:
        stream.write(separator + json.dumps(found.as_json(), ensure_ascii=False))
        separator = ",\n    "
    stream.write("\n  ]" if separator != "\n    " else "]")
    for key in ("lines", "rows", "counts"):
        stream.write(f',\n  "{key}": {json.dumps(result.summary()[key])}')
    stream.write("\n}\n")
    return result


def _counted(detections: Iterator[FileDetection], result: ScanResult) -> Iterator[FileDetection]:
    for found in detections:
        result.kinds[found.kind] += 1
        yield found


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
                        "{path}: line {line} is not UTF-8 text ({reason} at byte {byte}); convert the file to UTF-8.",
                        path=path,
                        line=line_no + offset,
                        reason=exc.reason,
                        byte=exc.start,
                    ) from None
                if "\x00" in text:
                    raise InputError(
                        "{path}: line {line} contains NUL bytes; the file looks binary.",
                        path=path,
                        line=line_no + offset,
                    )
                lines.append(text.rstrip("\r\n"))
            if line_no == 1 and lines and lines[0].startswith("\ufeff"):
                lines[0] = lines[0][1:]
            yield line_no, lines
            line_no += len(lines)


@dataclass(frozen=True, slots=True)
class Piece:
    """A line, or a piece of a long one: detections starting in ``text[keep_from:keep_to]`` are its own.

    ``base`` is where ``text`` starts in the line; ``text[fresh:]`` is what the piece before did not
    have; ``last`` says whether the line ends in this piece.
    """

    line: int
    base: int
    text: str
    keep_from: int
    keep_to: int
    last: bool = True
    fresh: int = 0

    @property
    def whole(self) -> bool:
        return self.base == 0 and self.last


def iter_pieces(path: Path, chunk_bytes: int = CHUNK_BYTES) -> Iterator[list[Piece]]:
    """Chunks of whole lines, as ``iter_line_chunks``; a line over PIECE_BYTES comes alone, piece by piece."""
    line_no = 1
    batch: list[Piece] = []
    size = 0
    with path.open("rb") as handle:
        while True:
            raw = handle.readline(PIECE_BYTES)
            if not raw:
                break
            if raw.endswith(b"\n") or len(raw) < PIECE_BYTES:
                text = _decoded(path, line_no, raw).rstrip("\r\n")
                if line_no == 1 and text.startswith("\ufeff"):
                    text = text[1:]
                batch.append(Piece(line_no, 0, text, 0, len(text) + 1))
                size += len(raw)
                line_no += 1
                if size >= chunk_bytes:
                    yield batch
                    batch, size = [], 0
                continue
            if batch:
                yield batch
                batch, size = [], 0
            for piece in _long_line(path, handle, line_no, raw):
                yield [piece]
            line_no += 1
    if batch:
        yield batch


def _decoded(path: Path, line_no: int, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "{path}: line {line} is not UTF-8 text ({reason} at byte {byte}); convert the file to UTF-8.",
            path=path,
            line=line_no,
            reason=exc.reason,
            byte=exc.start,
        ) from None
    if "\x00" in text:
        raise InputError("{path}: line {line} contains NUL bytes; the file looks binary.", path=path, line=line_no)
    return text


def _long_line(path: Path, handle: Any, line_no: int, raw: bytes) -> Iterator[Piece]:
    """The pieces of one long line: each shares 2 x PIECE_OVERLAP characters with the one before."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    carry = ""
    read = 0  # characters of the line decoded so far
    kept = 0  # where in the line the next piece's own detections start
    while True:
        last = raw.endswith(b"\n") or len(raw) < PIECE_BYTES
        try:
            new = decoder.decode(raw, final=last)
        except UnicodeDecodeError as exc:
            raise InputError(
                "{path}: line {line} is not UTF-8 text ({reason}); convert the file to UTF-8.",
                path=path,
                line=line_no,
                reason=exc.reason,
            ) from None
        if "\x00" in new:
            raise InputError("{path}: line {line} contains NUL bytes; the file looks binary.", path=path, line=line_no)
        if last:
            new = new.rstrip("\r\n")
        if line_no == 1 and read == 0 and new.startswith("\ufeff"):
            new = new[1:]
        text = carry + new
        base = read - len(carry)
        read += len(new)
        until = read + 1 if last else max(kept, read - PIECE_OVERLAP)
        yield Piece(line_no, base, text, kept - base, until - base, last, len(carry))
        if last:
            return
        kept = until
        carry = text[-2 * PIECE_OVERLAP :]
        raw = handle.readline(PIECE_BYTES)


@dataclass(frozen=True, slots=True)
class Listed:
    """Items of a message joined by commas, then how many more: a message value shown in its reader's language."""

    items: tuple[str | Message, ...]
    more: int = 0

    def in_language(self, language: str) -> str:
        text = ", ".join(item.render(language) if isinstance(item, Message) else item for item in self.items)
        if self.more:
            return Message("{items} and {more} more", {"items": text, "more": self.more}).render(language)
        return text

    def __str__(self) -> str:
        return self.in_language("en")


def listed(items: Sequence[str | Message]) -> Listed:
    """The first few items of a list of problems, and how many more, so a message stays readable."""
    return Listed(tuple(items[:MALFORMED_SHOWN]), max(0, len(items) - MALFORMED_SHOWN))


def _located(found: Detection, line: int, column: str | None = None, *, base: int = 0) -> FileDetection:
    return FileDetection(
        line=line,
        start=base + found.start,
        end=base + found.end,
        kind=found.kind,
        text=found.text,
        confidence=found.confidence,
        column=column,
    )


def _own(piece: Piece, found: Detection) -> bool:
    return piece.keep_from <= found.start < piece.keep_to


def _scan_lines(path: Path, scanner: Scanner, result: ScanResult, *, jsonl: bool) -> Iterator[FileDetection]:
    malformed: list[int] = []
    parts: list[str] = []  # the pieces of a long JSONL line, to check it once it ends
    held = 0
    for pieces in iter_pieces(path):
        if jsonl:
            for piece in pieces:
                if piece.whole:
                    _check_json(piece.line, piece.text, result, malformed)
                    continue
                parts.append(piece.text[piece.fresh :])
                held += len(parts[-1])
                if held > MAX_JSONL_LINE_BYTES:
                    raise InputError(
                        "{path}: line {line} is over {megabytes} MB; a JSONL record that "
                        "long is not checked. Split it, or scan the text as .txt.",
                        path=path,
                        line=piece.line,
                        megabytes=MAX_JSONL_LINE_BYTES >> 20,
                    )
                if piece.last:
                    _check_json(piece.line, "".join(parts), result, malformed)
                    parts, held = [], 0
        for found in scanner.scan_array(pa.array([piece.text for piece in pieces], pa.string())):
            piece = pieces[found.row]
            if _own(piece, found):
                yield _located(found, piece.line, base=piece.base)
        result.lines = pieces[-1].line
    if not jsonl:
        result.rows = result.lines
    if malformed:
        shown = listed([str(n) for n in malformed])
        raise InputError(
            "{path}: {count} line(s) are not valid JSON (line {shown}); JSONL needs one JSON object per line.",
            path=path,
            count=len(malformed),
            shown=shown,
        )


def _check_json(line_no: int, text: str, result: ScanResult, malformed: list[int]) -> None:
    if not text.strip():
        return
    try:
        json.loads(text)
    except (json.JSONDecodeError, RecursionError):  # RecursionError: nested deeper than the parser goes
        malformed.append(line_no)
    else:
        result.rows += 1


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
            self.field = start_field + line.count(self.delimiter)
        else:
            self.advance(line)
        return start_quote, start_field, self.end_line()

    def advance(self, text: str) -> None:
        """Move over part of a line (a piece of a long one) without ending it."""
        self.in_quote, self.field = self.state_at(text, len(text), self.in_quote, self.field)

    def end_line(self) -> int | None:
        """The line ends here: the fields of the record it ends, or None when a quoted cell goes on."""
        if self.in_quote:
            return None
        fields, self.field = self.field + 1, 0
        return fields


def _scan_csv(path: Path, scanner: Scanner, result: ScanResult) -> Iterator[FileDetection]:
    tracker = CsvLineTracker()
    header: list[str] | None = None
    header_lines: list[str] = []
    expected = 0
    malformed: list[tuple[int, int]] = []
    record_first_line = 1
    carried = (False, 0)  # the state where the next piece of a long line starts
    for pieces in iter_pieces(path):
        states: list[tuple[bool, int]] = []
        for piece in pieces:
            if piece.whole:
                start_quote, start_field, fields = tracker.feed(piece.text)
                states.append((start_quote, start_field))
            else:
                if header is None:
                    raise InputError(
                        "{path}: line {line}, in the header row, is over {megabytes} MB; "
                        "line 1 should be the header row with the column names.",
                        path=path,
                        line=piece.line,
                        megabytes=PIECE_BYTES >> 20,
                    )
                states.append(carried if piece.base else (tracker.in_quote, tracker.field))
                tracker.advance(piece.text[piece.fresh :])
                next_base = max(0, len(piece.text) - 2 * PIECE_OVERLAP)
                carried = tracker.state_at(piece.text, next_base, *states[-1])
                if not piece.last:
                    continue
                fields = tracker.end_line()
            line_no = piece.line
            if header is None:
                header_lines.append(piece.text)
                if fields is None:
                    if sum(map(len, header_lines)) > PIECE_BYTES:
                        raise InputError(
                            "{path}: the header row does not end within {megabytes} MB (a quote never closed?).",
                            path=path,
                            megabytes=PIECE_BYTES >> 20,
                        )
                    continue
                header = _header(path, "\n".join(header_lines))
                header_lines = []
                expected = fields
                record_first_line = line_no + 1
                continue
            if fields is not None:
                blank = piece.whole and not piece.text.strip()
                if fields != expected and not blank:
                    malformed.append((record_first_line, fields))
                elif not blank:
                    result.rows += 1
                record_first_line = line_no + 1
        cursor = (-1, 0, (False, 0))  # (row, offset, state there): columns found left to right, in one pass
        for found in scanner.scan_array(pa.array([piece.text for piece in pieces], pa.string())):
            piece = pieces[found.row]
            if not _own(piece, found):
                continue
            row, offset, state = cursor
            if row != found.row or found.start < offset:
                row, offset, state = found.row, 0, states[found.row]
            state = tracker.state_at(piece.text[offset : found.start], found.start - offset, *state)
            cursor = (row, found.start, state)
            names = header or []
            column = names[state[1]] if state[1] < len(names) else f"#{state[1] + 1}"
            yield _located(found, piece.line, column, base=piece.base)
        result.lines = pieces[-1].line
    if tracker.in_quote:
        raise InputError(
            "{path}: a quoted cell opened on line {line} is never closed; the CSV is malformed.",
            path=path,
            line=record_first_line,
        )
    if header is None:
        raise InputError("{path}: the CSV has no header row.", path=path)
    if malformed:
        shown = listed(
            [Message("line {line} ({count} fields)", {"line": line, "count": count}) for line, count in malformed]
        )
        raise InputError(
            "{path}: {count} row(s) do not have the header's {expected} fields: {shown}. "
            "Quote cells that contain commas, or fix those rows.",
            path=path,
            count=len(malformed),
            expected=expected,
            shown=shown,
        )


def _header(path: Path, text: str) -> list[str]:
    try:
        header = next(csv.reader([text]), [])
    except csv.Error:
        raise InputError(
            "{path}: line 1, the header row, is not readable CSV (a column name too long?).", path=path
        ) from None
    if not any(name.strip() for name in header):
        raise InputError("{path}: line 1 should be the header row with the column names; it is empty.", path=path)
    return header


def _scan_parquet(path: Path, scanner: Scanner, result: ScanResult) -> Iterator[FileDetection]:
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
            yield from found_rows
            row += batch.num_rows
            result.rows = result.lines = row
    except (OSError, pa.ArrowException) as exc:
        raise InputError("{path}: not a readable Parquet file ({reason}).", path=path, reason=str(exc)) from None
