"""Rows of the releases agencies hand out besides CSV: XLSX workbooks, PDF tables, Parquet files.

Each reader yields ``(line, cells)`` with every cell as text, so the audit sees exactly what a CSV
export of the same log would hold. ``line`` is where a person finds the row: the worksheet's row
number for XLSX (the header is row 1 when it is the first row), the row's position for PDF (the
header is 1; a header repeated at the top of later pages is skipped and not counted) and Parquet
(1-based, no header).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sanctuary.model import InputError

Rows = Iterator[tuple[int, list[str]]]


def cell_text(value: Any) -> str:
    """A spreadsheet value as the text a CSV export would hold (whole numbers without '.0')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def is_header(cells: list[str]) -> bool:
    """A header row names at least two columns; a release's title or note above it names one."""
    return sum(1 for cell in cells if cell.strip()) >= 2


def xlsx_header_and_rows(path: Path, source: str) -> tuple[list[str], Rows]:
    """The first worksheet's header (its first row with two or more cells: a title above it is skipped),
    then its rows (streamed, read-only)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors for a bad workbook
        raise InputError(
            "{source}: not a readable XLSX workbook ({error}: {reason}).",
            source=source,
            error=type(exc).__name__,
            reason=str(exc),
        ) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    number = 0
    for values in rows:
        number += 1
        cells = [cell_text(v) for v in values]
        if is_header(cells):
            header = cells
            break
    else:
        book.close()
        raise InputError(
            "{source}: the first worksheet is empty; it needs a header row and at least one record.", source=source
        )

    def body() -> Rows:
        try:
            for index, values in enumerate(rows, start=number + 1):
                yield index, [cell_text(v) for v in values]
        finally:
            book.close()

    return header, body()


def pdf_header_and_rows(path: Path, source: str) -> tuple[list[str], Rows]:
    """The tables of a PDF with a text layer, page by page (pdfplumber); the first row is the header."""
    import pdfplumber

    try:
        document = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds of errors for a damaged file
        raise InputError(
            "{source}: not a readable PDF ({error}: {reason}).",
            source=source,
            error=type(exc).__name__,
            reason=str(exc),
        ) from None
    tables = _pdf_tables(document)
    header: list[str] | None = None
    for table in tables:
        for row in table:
            cells = [cell_text(c) for c in row]
            if is_header(cells):
                header = cells
                break
        if header is not None:
            break
    if header is None:
        document.close()
        raise InputError(
            "{source}: no table was found in the PDF. A scanned release has no text layer: "
            "run it through OCR or ask for the CSV export.",
            source=source,
        )
    first = header

    def body() -> Rows:
        line = 1
        seen_header = False
        try:
            for part in _chain(table, tables):
                for row in part:
                    cells = [cell_text(c) for c in row]
                    if cells == first:
                        seen_header = True
                        continue  # the header, or the header repeated at the top of a later page
                    if not seen_header:
                        continue
                    line += 1
                    yield line, cells
        finally:
            document.close()

    return header, body()


def _chain(current: list[list[Any]], rest: Iterator[list[list[Any]]]) -> Iterator[list[list[Any]]]:
    yield current
    yield from rest


def _pdf_tables(document: Any) -> Iterator[list[list[Any]]]:
    for page in document.pages:
        yield from page.extract_tables()
        page.flush_cache()


def parquet_header_and_batches(path: Path, source: str, batch_rows: int) -> tuple[list[str], Iterator[pa.RecordBatch]]:
    """The file's column names and its row batches with every column cast to text."""
    try:
        handle = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError("{source}: not a readable Parquet file ({reason}).", source=source, reason=str(exc)) from None
    names = list(handle.schema_arrow.names)

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in handle.iter_batches(batch_size=batch_rows):
            columns = [as_text(column) for column in batch.columns]
            yield pa.RecordBatch.from_arrays(columns, names=names)

    return names, batches()


def as_text(column: pa.Array) -> pa.Array:
    """A Parquet column as strings (temporal and numeric values cast; text kept as written)."""
    if column.type == pa.string():
        return column
    if pa.types.is_large_string(column.type) or pa.types.is_string_view(column.type):
        return column.cast(pa.string())
    if pa.types.is_dictionary(column.type):
        return as_text(column.dictionary_decode())
    try:
        return column.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.array([None if v is None else str(v) for v in column.to_pylist()], pa.string())
