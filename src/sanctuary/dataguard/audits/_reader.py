"""Stream a log file as Arrow record batches of strings, each row carrying its 1-based line in the file.

CSV (the fast path): pyarrow's streaming reader with ``newlines_in_values`` (Flock's ``Time Frame``
is a two-line quoted cell). Every column is read as a string, so a redacted ``***`` in a numeric
column cannot stop the run. A row's line is ``first data line + row index + newlines inside the
quoted cells of the rows before it``, computed per batch with a vectorised count; blank lines are kept
by the parser as all-empty rows, so they stay in the count, and are skipped by the audit.

CSV (the exact path): when the fast path meets a malformed row (wrong number of fields) or bytes
that are not UTF-8, pyarrow cannot say where the row was, so the file is read again with Python's
``csv`` module, which knows each record's line; malformed rows are reported with their lines and
counted, never silently dropped. This path is slower and is only taken for such files.

JSON Lines: read in chunks of lines (each line is one record, so lines are exact), parsed by
pyarrow's JSON reader, with a per-line fallback that reports malformed lines.

XLSX, PDF (tables with a text layer) and Parquet releases: read by ``_sheets`` with every cell as
text; a row's line is its worksheet row (XLSX), its position in the tables (PDF, header 1) or its
1-based row number (Parquet). Rows with another number of cells than the header are malformed.

Memory stays bounded by the batch size in every path.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.json as pa_json

from sanctuary.dataguard.audits import _sheets
from sanctuary.dataguard.audits._columns import ColumnMap, resolve
from sanctuary.model import InputError

LINE = "__line"
# What the reader yields: a record batch, or a table of several small ones (its columns chunked, not copied).
Batch: TypeAlias = pa.RecordBatch | pa.Table
# pyarrow's streaming CSV reader reads a few dozen blocks ahead, so memory is bounded by the block size:
# small blocks, merged into batches of about BATCH_ROWS rows for the audit (fewer, larger kernel calls).
BLOCK_BYTES = 1 << 20
BATCH_ROWS = 65_536
EXACT_BATCH_ROWS = 50_000
JSON_BATCH_LINES = 50_000
HEADER_PROBE_BYTES = 1 << 20
HEADER_BYTES = 1 << 16
MAX_LISTED_MALFORMED = 1000
NEWLINE = ord("\n")


@dataclass(slots=True)
class ReadStats:
    """What the reader saw besides good rows: blank rows, malformed rows (first ones listed), the path taken."""

    blank_rows: int = 0
    malformed_rows: int = 0
    malformed: list[dict[str, Any]] = field(default_factory=list)
    path: str = "fast"
    replaced_bytes: bool = False

    def add_malformed(self, line: int, problem: str) -> None:
        self.malformed_rows += 1
        if len(self.malformed) < MAX_LISTED_MALFORMED:
            self.malformed.append({"line": line, "problem": problem})


class _FallBack(Exception):
    """The fast CSV path met a row it cannot place; read the file again on the exact path."""


SHEET_FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".pdf": "pdf", ".parquet": "parquet"}


def _check_file(path: Path) -> bytes:
    if not path.exists():
        raise InputError("The log file {path!r} does not exist.", path=str(path))
    if not path.is_file():
        raise InputError("The log {path!r} is not a regular file.", path=str(path))
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEADER_PROBE_BYTES)
    except OSError as exc:
        raise InputError(
            "Cannot read the log file {path!r}: {reason}.", path=str(path), reason=exc.strerror or exc
        ) from None
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise InputError(
            "The log file {path!r} is empty; it needs a header row and at least one record.", path=str(path)
        )
    if head.startswith(b"PK\x03\x04") and path.suffix.lower() not in SHEET_FORMATS:
        raise InputError(
            "The log file {path!r} looks like a spreadsheet (XLSX/ZIP) but is not named .xlsx: "
            "rename it to .xlsx, or save it as CSV (UTF-8).",
            path=str(path),
        )
    return head


def sniff_format(path: Path, head: bytes) -> str:
    """csv, jsonl, xlsx, pdf or parquet: by the name's suffix for binary releases, by content otherwise."""
    by_suffix = SHEET_FORMATS.get(path.suffix.lower())
    if by_suffix is not None:
        return by_suffix
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PAR1"):
        return "parquet"
    return "jsonl" if is_json_lines(head) else "csv"


def is_json_lines(head: bytes) -> bool:
    """JSON Lines when the first non-blank character is '{'; CSV otherwise."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


class LogReader:
    """One log file: its format, its columns (by role), and a stream of record batches with lines."""

    def __init__(self, path: Path, kind: str, source: str | None = None) -> None:
        self.path = path
        self.kind = kind
        self.source = source or str(path)
        head = _check_file(path)
        self.format = sniff_format(path, head)
        self.stats = ReadStats()
        self._sheet_rows: _sheets.Rows | None = None
        self._parquet: Iterator[pa.RecordBatch] | None = None
        if self.format == "csv":
            self._raw_headers, self.header_lines = _csv_header(head, self.source)
            self.headers = [cell.strip() for cell in self._raw_headers]
        elif self.format in {"xlsx", "pdf"}:
            opener = _sheets.xlsx_header_and_rows if self.format == "xlsx" else _sheets.pdf_header_and_rows
            self._raw_headers, self._sheet_rows = opener(path, self.source)
            self.headers = [cell.strip() for cell in self._raw_headers]
            self.header_lines = 1
        elif self.format == "parquet":
            self._raw_headers, self._parquet = _sheets.parquet_header_and_batches(path, self.source, BATCH_ROWS)
            self.headers = list(self._raw_headers)
            self.header_lines = 0
        else:
            self.headers, self.header_lines = _json_keys(path, self.source), 0
            self._raw_headers = list(self.headers)
        self.columns: ColumnMap = resolve(kind, self.headers, self.source)
        self._json_text_fields = pa.schema([])

    def batches(self) -> Iterator[Batch]:
        """Record batches with one string column per resolved role and the ``__line`` column (int64).

        If the fast path has to fall back, the exception :class:`Restart` is raised once, before any batch
        of the exact path: the consumer discards what it accumulated and iterates again.
        """
        if self.format == "jsonl":
            yield from self._json_batches()
        elif self.format in {"xlsx", "pdf"}:
            yield from self._sheet_batches()
        elif self.format == "parquet":
            yield from self._parquet_batches()
        elif self.stats.path == "exact":
            yield from self._exact_batches()
        else:
            try:
                yield from self._fast_batches()
            except _FallBack:
                self.stats = ReadStats(path="exact")
                raise Restart from None

    # -- CSV, fast path ------------------------------------------------------------------------------

    def _fast_batches(self) -> Iterator[Batch]:
        def invalid(_row: Any) -> str:
            return "error"

        names = list(self._raw_headers)
        try:
            reader = pa_csv.open_csv(
                self.path,
                read_options=pa_csv.ReadOptions(block_size=BLOCK_BYTES, use_threads=False),
                parse_options=pa_csv.ParseOptions(
                    newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=invalid
                ),
                convert_options=pa_csv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except (pa.ArrowInvalid, OSError, UnicodeError):
            raise _FallBack from None
        if [f.name for f in reader.schema] != names or any(f.type != pa.string() for f in reader.schema):
            raise _FallBack
        next_line = self.header_lines + 1
        pending: list[pa.RecordBatch] = []
        rows = 0
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except (pa.ArrowInvalid, UnicodeError):
                raise _FallBack from None
            if batch.num_rows == 0:
                continue
            lines, next_line = _line_numbers(batch, next_line)
            pending.append(self._roles_batch(batch.columns, lines))
            rows += batch.num_rows
            if rows >= BATCH_ROWS:
                yield _merge(pending)
                pending, rows = [], 0
        if pending:
            yield _merge(pending)

    def _roles_batch(self, columns: list[pa.Array], lines: pa.Array) -> pa.RecordBatch:
        """Keep the role columns (renamed to their role) and the line; drop blank rows, counting them."""
        batch = self._batch([columns[index] for index in self.columns.roles.values()], lines)
        blank = _blank_mask(columns)
        if blank is None:
            return batch
        self.stats.blank_rows += int(pc.sum(blank).as_py() or 0)
        return batch.filter(pc.invert(blank))

    # -- XLSX, PDF, Parquet --------------------------------------------------------------------------

    def _sheet_batches(self) -> Iterator[pa.RecordBatch]:
        """Rows of a workbook or PDF: one pass (the reader is a stream), blank and malformed rows counted."""
        if self._sheet_rows is None:
            raise InputError(
                "{source}: a workbook or PDF is read once; open it again to read it again.", source=self.source
            )
        rows, self._sheet_rows = self._sheet_rows, None
        self.stats.path = "exact"
        yield from self._batched(self._sheet_records(rows))

    def _sheet_records(self, rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
        """The sheet's rows that fit the header, with their line; blank and malformed rows counted."""
        width = len(self.headers)
        for line, cells in rows:
            while len(cells) > width and not cells[-1]:
                cells.pop()  # trailing empty cells of a wider sheet
            if not any(cell.strip() for cell in cells):
                self.stats.blank_rows += 1
                continue
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells)) if self.format == "xlsx" else cells
            if len(cells) != width:
                self.stats.add_malformed(line, f"{len(cells)} cells, the header has {width}")
                continue
            yield line, cells

    def _batched(self, records: Iterator[tuple[int, list[str]]]) -> Iterator[pa.RecordBatch]:
        """Rows (line, cells of the header's width) gathered column by column into exact batches."""
        width = len(self.headers)
        buffers: list[list[str]] = [[] for _ in range(width)]
        lines: list[int] = []
        for line, cells in records:
            for column, cell in zip(buffers, cells, strict=True):
                column.append(cell)
            lines.append(line)
            if len(lines) >= EXACT_BATCH_ROWS:
                yield self._exact_batch(buffers, lines)
                buffers = [[] for _ in range(width)]
                lines = []
        if lines:
            yield self._exact_batch(buffers, lines)

    def _parquet_batches(self) -> Iterator[pa.RecordBatch]:
        if self._parquet is None:
            self._raw_headers, self._parquet = _sheets.parquet_header_and_batches(self.path, self.source, BATCH_ROWS)
        batches, self._parquet = self._parquet, None
        first = 1
        for batch in batches:
            count = batch.num_rows
            lines = pa.array(range(first, first + count), pa.int64())
            first += count
            if count:
                yield self._roles_batch(batch.columns, lines)

    # -- CSV, exact path -----------------------------------------------------------------------------

    def _exact_batches(self) -> Iterator[pa.RecordBatch]:
        yield from self._batched(self._csv_records())

    def _csv_records(self) -> Iterator[tuple[int, list[str]]]:
        """The CSV's records that fit the header, with their first line; blank and malformed rows counted."""
        width = len(self.headers)
        with open(self.path, encoding="utf-8-sig", errors="replace", newline="") as handle:
            reader = _records(csv.reader(handle), self.source)
            start = 1
            header_done = False
            for record in reader:
                # Lines are counted as on the fast path: one per record plus the LFs inside its cells.
                here, start = start, start + 1 + sum(cell.count("\n") for cell in record)
                if not header_done:
                    header_done = True
                    continue
                if not record or all(not cell for cell in record):
                    self.stats.blank_rows += 1
                    continue
                if len(record) != width:
                    self.stats.add_malformed(here, f"{len(record)} fields, the header has {width}")
                    continue
                if any("\ufffd" in cell for cell in record):
                    self.stats.replaced_bytes = True
                yield here, record

    def _exact_batch(self, buffers: list[list[str]], lines: list[int]) -> pa.RecordBatch:
        arrays = [pa.array(buffers[index], pa.string()) for index in self.columns.roles.values()]
        return self._batch(arrays, pa.array(lines, pa.int64()))

    def _batch(self, arrays: list[pa.Array], lines: pa.Array) -> pa.RecordBatch:
        """The role columns, named by their role, and the ``__line`` column: every path's output."""
        return pa.RecordBatch.from_arrays([*arrays, lines], names=[*self.columns.roles, LINE])

    # -- JSON Lines ----------------------------------------------------------------------------------

    def _json_batches(self) -> Iterator[pa.RecordBatch]:
        chunk: list[bytes] = []
        numbers: list[int] = []
        with open(self.path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                text = raw.strip()
                if number == 1 and text.startswith(b"\xef\xbb\xbf"):
                    text = text[3:]
                if not text:
                    self.stats.blank_rows += 1
                    continue
                chunk.append(text)
                numbers.append(number)
                if len(chunk) >= JSON_BATCH_LINES:
                    yield from self._json_chunk(chunk, numbers)
                    chunk, numbers = [], []
        if chunk:
            yield from self._json_chunk(chunk, numbers)

    def _json_parse(self, data: bytes) -> pa.Table:
        """pyarrow's JSON reader; fields it would turn into timestamps are kept as the text written."""
        options = pa_json.ParseOptions(explicit_schema=self._json_text_fields, unexpected_field_behavior="infer")
        table = pa_json.read_json(io.BytesIO(data), parse_options=options)
        temporal = [f.name for f in table.schema if pa.types.is_temporal(f.type)]
        if not temporal:
            return table
        self._json_text_fields = pa.schema([*self._json_text_fields, *((n, pa.string()) for n in temporal)])
        return self._json_parse(data)

    def _json_chunk(self, chunk: list[bytes], numbers: list[int]) -> Iterator[pa.RecordBatch]:
        try:
            table = self._json_parse(b"\n".join(chunk))
            if table.num_rows != len(chunk):
                raise ValueError("row count")
        except (pa.ArrowInvalid, ValueError):
            table, numbers = self._json_slow(chunk, numbers)
        if table.num_rows == 0:
            return
        arrays = []
        for index in self.columns.roles.values():
            name = self.headers[index]
            if name in table.column_names:
                arrays.append(_as_strings(table.column(name)))
            else:
                arrays.append(pa.nulls(table.num_rows, pa.string()))
        yield self._batch(arrays, pa.array(numbers, pa.int64()))

    def _json_slow(self, chunk: list[bytes], numbers: list[int]) -> tuple[pa.Table, list[int]]:
        """Parse line by line: a line that is not a JSON object is reported with its number."""
        rows: list[dict[str, Any]] = []
        kept: list[int] = []
        for text, number in zip(chunk, numbers, strict=True):
            try:
                value = json.loads(text)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                self.stats.add_malformed(number, f"not valid JSON ({exc.msg if hasattr(exc, 'msg') else exc})")
                continue
            if not isinstance(value, dict):
                self.stats.add_malformed(number, "not a JSON object")
                continue
            rows.append({key: _json_text(item) for key, item in value.items()})
            kept.append(number)
        names = list(self.headers)
        columns = {name: pa.array([row.get(name) for row in rows], pa.string()) for name in names}
        return pa.table(columns), kept


def _records(reader: Any, source: str) -> Iterator[list[str]]:
    """The parser's records; a row it gives up on is an InputError with the line, not a traceback."""
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(
                "{source}: line {line} is not readable CSV ({reason}); cells are at most {limit:,} characters.",
                source=source,
                line=reader.line_num,
                reason=str(exc),
                limit=csv.field_size_limit(),
            ) from None
        yield record


class Restart(Exception):
    """Raised by :meth:`LogReader.batches` when the fast path must give way to the exact path."""


def _csv_header(head: bytes, source: str) -> tuple[list[str], int]:
    """The header row as written (via Python's csv, which understands quotes) and how many lines it spans."""
    # The header is near the top: decoding the whole probe would cost more than reading a small file.
    text = head[:HEADER_BYTES].decode("utf-8-sig", errors="replace")
    try:
        row = next(csv.reader(io.StringIO(text, newline="")))
    except (StopIteration, csv.Error) as exc:
        raise InputError(
            "{source}: the first line is not a CSV header row ({reason}).", source=source, reason=str(exc)
        ) from None
    if not any(cell.strip() for cell in row):
        raise InputError("{source}: the first line is empty; the file must start with a header row.", source=source)
    return row, 1 + sum(cell.count("\n") for cell in row)


def _json_keys(path: Path, source: str) -> list[str]:
    """The keys of the JSON Lines file, in first-seen order over its first records."""
    keys: dict[str, None] = {}
    with open(path, "rb") as handle:
        for count, raw in enumerate(handle):
            if count >= 1000:
                break
            text = raw.strip().removeprefix(b"\xef\xbb\xbf")
            if not text:
                continue
            try:
                value = json.loads(text)
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue
            if isinstance(value, dict):
                keys.update(dict.fromkeys(str(k) for k in value))
    if not keys:
        raise InputError("{source}: no JSON object with field names was found in its first lines.", source=source)
    return list(keys)


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(str(item) if not isinstance(item, dict | list) else json.dumps(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).lower() if isinstance(value, bool) else str(value)


def _as_strings(column: pa.ChunkedArray) -> pa.Array:
    """Any JSON-typed column as strings: numbers cast, lists joined with ', ', objects as JSON text."""
    array = column.combine_chunks()
    kind = array.type
    if pa.types.is_string(kind):
        return array
    if pa.types.is_large_string(kind) or pa.types.is_integer(kind) or pa.types.is_floating(kind):
        return pc.cast(array, pa.string())
    if pa.types.is_null(kind):
        return pa.nulls(len(array), pa.string())
    if pa.types.is_list(kind) and (pa.types.is_string(kind.value_type) or pa.types.is_null(kind.value_type)):
        return pc.binary_join(pc.cast(array, pa.list_(pa.string())), ", ")
    return pa.array([_json_text(value) for value in array.to_pylist()], pa.string())


def _merge(batches: list[pa.RecordBatch]) -> Batch:
    """One batch from several with the same schema: a table whose columns are their chunks (no copy)."""
    if len(batches) == 1:
        return batches[0]
    return pa.Table.from_batches(batches)


def _line_numbers(batch: pa.RecordBatch, first: int) -> tuple[pa.Array, int]:
    """Each row's first line: ``first + index + newlines inside the cells of earlier rows of the batch``."""
    count = batch.num_rows
    newlines: np.ndarray | None = None
    for column in batch.columns:
        inner = _newlines(column)
        if inner is not None:
            newlines = inner if newlines is None else newlines + inner
    lines = np.arange(first, first + count, dtype=np.int64)
    if newlines is None:
        return pa.array(lines), first + count
    before = np.cumsum(newlines) - newlines
    return pa.array(lines + before), first + count + int(newlines.sum())


def _newlines(column: pa.Array) -> np.ndarray | None:
    """How many newlines each value of a string array holds, or None when none does.

    Read straight from the array's buffers: one pass over its bytes finds the newlines, and a binary
    search of their positions in the value offsets gives each row's count (no kernel call per row).
    """
    if len(column) == 0:
        return None
    if column.type != pa.string():
        counts = pc.count_substring(column, "\n").to_numpy(zero_copy_only=False)
        return counts.astype(np.int64) if counts.any() else None
    _validity, offsets_buffer, data = column.buffers()
    if data is None:
        return None
    offsets = np.frombuffer(offsets_buffer, np.int32, len(column) + 1, column.offset * 4)
    start, end = int(offsets[0]), int(offsets[-1])
    found = np.flatnonzero(np.frombuffer(data, np.uint8, end - start, start) == NEWLINE)
    if found.size == 0:
        return None
    return np.diff(np.searchsorted(found + start, offsets))


def _blank_mask(columns: list[pa.Array]) -> pa.Array | None:
    """True for rows whose every cell is empty (blank lines in the file); None when there are none."""
    # Scalars are typed: a bare Python int makes pyarrow try an optional import on every call.
    zero = pa.scalar(0, pa.int32())
    first = columns[0]
    candidates = pc.equal(pc.binary_length(first), zero)
    if not pc.any(candidates).as_py():
        return None
    mask = candidates
    for column in columns[1:]:
        mask = pc.and_(mask, pc.equal(pc.binary_length(column), zero))
    return mask if pc.any(mask).as_py() else None
