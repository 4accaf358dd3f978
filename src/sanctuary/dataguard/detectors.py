"""Detectors: functions over Arrow string arrays that find immigration identifiers and protected terms.

One Hyperscan block scan covers a whole array: the rows are joined with newlines into one buffer
(in Arrow's C++ kernels, not in Python), every recognizer runs in the same pass, and each match is
mapped back to its row with a binary search over the row start offsets. Memory is bounded by the
array, never by the file, so the same functions can run batch by batch over a file larger than RAM
or inside a distributed engine that hands out Arrow record batches (Spark's ``mapInArrow``).

Offsets in results are **character** offsets into the row's text (Python ``str`` indexing), so
``row_text[start:end] == text`` always holds, whatever the encoding of other characters in the row.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import hyperscan
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .recognizers import KINDS, RECOGNIZERS, Recognizer

_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}
_NO_DIGITS = str.maketrans("", "", "0123456789")


class Detection(NamedTuple):
    """One finding: ``row`` is 0-based in the array; ``start``/``end`` are character offsets in that row.

    A named tuple rather than a dataclass: detections are made by the hundred thousand per second.
    """

    row: int
    start: int
    end: int
    kind: str
    text: str
    confidence: float
    recognizer: str

    def as_json(self) -> dict[str, Any]:
        return self._asdict()


DETECTION_SCHEMA = pa.schema(
    [
        pa.field("row", pa.int64(), nullable=False),
        pa.field("start", pa.int32(), nullable=False),
        pa.field("end", pa.int32(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("confidence", pa.float32(), nullable=False),
        pa.field("recognizer", pa.string(), nullable=False),
    ]
)


class Scanner:
    """A compiled Hyperscan database for a set of recognizers (compiling takes a fraction of a second)."""

    def __init__(self, recognizers: Sequence[Recognizer] = RECOGNIZERS) -> None:
        self.recognizers = tuple(recognizers)
        self._db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._db.compile(
            expressions=[rec.pattern.encode("utf-8") for rec in self.recognizers],
            ids=list(range(len(self.recognizers))),
            flags=[hyperscan.HS_FLAG_CASELESS if rec.caseless else 0 for rec in self.recognizers],
        )
        # Hyperscan's scratch space may serve one scan at a time: one per thread (a web worker pool, say).
        self._local = threading.local()

    def _scratch(self) -> Any:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._db)
        return scratch

    def scan_array(self, array: pa.Array | pa.ChunkedArray, *, row_offset: int = 0) -> list[Detection]:
        """All detections in a string array, sorted by row and start; null rows have none."""
        if isinstance(array, pa.ChunkedArray):
            found: list[Detection] = []
            offset = row_offset
            for chunk in array.chunks:
                found.extend(self.scan_array(chunk, row_offset=offset))
                offset += len(chunk)
            return found
        if len(array) == 0:
            return []
        if pa.types.is_large_string(array.type) or pa.types.is_string_view(array.type):
            array = array.cast(pa.string())
        elif not pa.types.is_string(array.type):
            raise TypeError(f"detectors scan string arrays, not {array.type}")
        filled = pc.fill_null(array, "") if array.null_count else array
        # Row i starts in the joined buffer at its Arrow offset (rebased to 0) plus i newlines.
        offsets = np.frombuffer(filled.buffers()[1], dtype=np.int32)[filled.offset : filled.offset + len(filled) + 1]
        if offsets[-1] == offsets[0]:
            return []
        starts = offsets[:-1].astype(np.int64) - int(offsets[0]) + np.arange(len(filled), dtype=np.int64)
        joined = pc.binary_join(pa.ListArray.from_arrays(pa.array([0, len(filled)], pa.int32()), filled), "\n")
        buffer = joined[0].as_buffer()  # scanned in place: Hyperscan reads Arrow's memory, nothing is copied
        ends: list[tuple[int, int]] = []
        append = ends.append

        def on_match(rec_id: int, _start: int, end: int, _flags: int, _ctx: Any) -> None:
            append((rec_id, end))

        self._db.scan(buffer, match_event_handler=on_match, scratch=self._scratch())
        if not ends:
            return []
        return _resolve(ends, self.recognizers, buffer, starts, row_offset)

    def scan_texts(self, texts: Iterable[str | None]) -> list[Detection]:
        """Convenience for tests and small inputs: the detections in a list of strings."""
        return self.scan_array(pa.array(list(texts), pa.string()))


def _resolve(
    ends: list[tuple[int, int]],
    recognizers: Sequence[Recognizer],
    buffer: Any,
    row_starts: np.ndarray[Any, Any],
    row_offset: int,
) -> list[Detection]:
    """Turn raw (recognizer, byte end) matches into merged, per-row character spans.

    Hyperscan reports matches in order of their end offset, so rows come out in order and the
    matches of one row are contiguous: the grouping is done with numpy, not a dictionary.
    """
    memory = memoryview(buffer)
    raw = np.asarray(ends, dtype=np.int64)
    rows = np.searchsorted(row_starts, raw[:, 1] - 1, side="right") - 1
    local = (raw[:, 1] - row_starts[rows]).tolist()
    ids = raw[:, 0].tolist()
    cuts = [0, *(np.flatnonzero(np.diff(rows)) + 1).tolist(), len(ends)]
    group_rows = rows[cuts[:-1]]
    begins = row_starts[group_rows].tolist()
    stops = np.append(row_starts, len(memory) + 1)[group_rows + 1].tolist()
    found: list[Detection] = []
    for index, row in enumerate(group_rows.tolist()):
        first, last = cuts[index], cuts[index + 1]
        row_bytes = memory[begins[index] : stops[index] - 1].tobytes()
        if last - first == 1 and row_bytes.isascii():
            rec = recognizers[ids[first]]
            if rec.length and rec.unless is None and not rec.min_digits:
                end = local[first]
                start = end - rec.length
                text = row_bytes[start:end].decode("ascii")
                found.append(Detection(row + row_offset, start, end, rec.kind, text, rec.confidence, rec.name))
                continue
        matches = list(zip(ids[first:last], local[first:last], strict=True))
        found.extend(_row_detections(matches, recognizers, row_bytes, row + row_offset))
    return found


def _row_detections(
    matches: list[tuple[int, int]], recognizers: Sequence[Recognizer], row_bytes: bytes, row: int
) -> list[Detection]:
    ascii_row = row_bytes.isascii()
    text = row_bytes.decode("ascii" if ascii_row else "utf-8")
    chars_before = None if ascii_row else _chars_before(row_bytes)
    spans: list[tuple[int, int, str, float, str]] = []
    for rec_id, byte_end in matches:
        rec = recognizers[rec_id]
        end = byte_end if chars_before is None else int(chars_before[byte_end])
        if rec.length:
            start = end - rec.length
        else:
            assert rec.locate is not None
            located = rec.locate.search(text, max(0, end - rec.window), end)
            if located is None:
                continue
            start = located.start()
        if rec.min_digits and end - start - len(text[start:end].translate(_NO_DIGITS)) < rec.min_digits:
            continue
        if rec.unless is not None and any(
            hit.start() < end and start < hit.end()
            for hit in rec.unless.finditer(text, max(0, start - 48), min(len(text), end + 48))
        ):
            continue
        spans.append((start, end, rec.kind, rec.confidence, rec.name))
    if len(spans) > 1:
        spans.sort()
        reach = -1
        for span in spans:
            if span[0] < reach:
                return _merge(spans, text, row)
            reach = span[1]
    return [Detection(row, s, e, k, text[s:e], c, n) for s, e, k, c, n in spans]


def _chars_before(row_bytes: bytes) -> np.ndarray[Any, Any]:
    """For each byte offset of a UTF-8 row, the characters before it: one pass, not one decode per match."""
    starts = (np.frombuffer(row_bytes, dtype=np.uint8) & 0xC0) != 0x80
    counts = np.zeros(len(row_bytes) + 1, dtype=np.int64)
    np.cumsum(starts, out=counts[1:])
    return counts


def _merge(spans: list[tuple[int, int, str, float, str]], text: str, row: int) -> list[Detection]:
    """Resolve overlapping spans: one span per kind where they overlap, then one kind per stretch of text.

    Spans that touch no other span are kept as they are; only each cluster of overlapping spans is
    resolved, so a row with a hundred thousand detections costs no more per detection than one with two.
    """
    # Merge overlapping spans of one kind (a context match and a shape match of the same number,
    # "green card" inside "green card holder"), keeping the highest confidence.
    merged: list[list[Any]] = []
    open_by_kind: dict[str, list[Any]] = {}
    for start, end, kind, conf, name in sorted(spans, key=lambda x: (x[0], -x[1], -x[3])):
        last = open_by_kind.get(kind)
        if last is not None and start < last[1]:
            last[1] = max(last[1], end)
            if conf > last[3]:
                last[3], last[4] = conf, name
        else:
            opened: list[Any] = [start, end, kind, conf, name]
            merged.append(opened)
            open_by_kind[kind] = opened
    # Where two kinds claim overlapping text, the more specific kind wins (KINDS order), then the
    # longer span; this is decided within each cluster of spans that overlap one another.
    kept: list[list[Any]] = []
    cluster: list[list[Any]] = []
    reach = 0
    for item in merged:
        start, end = int(item[0]), int(item[1])
        if cluster and start >= reach:
            kept.extend(_resolve_cluster(cluster))
            cluster = []
        reach = max(reach, end) if cluster else end
        cluster.append(item)
    kept.extend(_resolve_cluster(cluster))
    return [Detection(row, s, e, k, text[s:e], c, n) for s, e, k, c, n in kept]


def _resolve_cluster(cluster: list[list[Any]]) -> list[list[Any]]:
    """The spans of one cluster that survive, most specific kind first, left to right."""
    if len(cluster) == 1:
        return cluster
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[list[Any]] = []
    for span in sorted(cluster, key=lambda x: (_PRIORITY[x[2]], x[0] - x[1])):
        # The chosen spans never overlap: only the neighbours where this one would go can clash.
        at = bisect.bisect_left(starts, span[0])
        if (at and ends[at - 1] > span[0]) or (at < len(starts) and starts[at] < span[1]):
            continue
        starts.insert(at, span[0])
        ends.insert(at, span[1])
        chosen.insert(at, span)
    return chosen


_SCANNER: Scanner | None = None
_SCANNER_LOCK = threading.Lock()


def default_scanner() -> Scanner:
    """The scanner over all built-in recognizers, compiled on first use."""
    global _SCANNER
    if _SCANNER is None:
        with _SCANNER_LOCK:
            if _SCANNER is None:
                _SCANNER = Scanner()
    return _SCANNER


def detect_array(array: pa.Array | pa.ChunkedArray, *, row_offset: int = 0) -> list[Detection]:
    """The detections in one Arrow string array (rows numbered from ``row_offset``)."""
    return default_scanner().scan_array(array, row_offset=row_offset)


def detect_texts(texts: Iterable[str | None]) -> list[Detection]:
    """The detections in a list of strings (row = index in the list)."""
    return default_scanner().scan_texts(texts)


def detect_batch(batch: pa.RecordBatch, columns: Sequence[str] | None = None) -> pa.RecordBatch:
    """Detections in the string columns of a record batch, with a ``column`` field: Arrow in, Arrow out.

    This is the shape of a ``mapInArrow`` function: it needs nothing but the batch it is given.
    """
    names = list(columns) if columns is not None else [f.name for f in batch.schema if is_text(f.type)]
    rows: list[dict[str, Any]] = []
    for name in names:
        for found in detect_array(batch.column(name)):
            rows.append({**found.as_json(), "column": name})
    schema = DETECTION_SCHEMA.append(pa.field("column", pa.string(), nullable=False))
    return pa.RecordBatch.from_pylist(rows, schema=schema)


def detect_batches(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """``detect_batch`` over a stream: the signature Spark's ``DataFrame.mapInArrow`` expects.

    Row numbers are per input batch; carry an id column in the data to join detections back.
    """
    for batch in batches:
        yield detect_batch(batch)


def is_text(data_type: pa.DataType) -> bool:
    """Whether a column holds strings the detectors can scan."""
    return bool(pa.types.is_string(data_type) or pa.types.is_large_string(data_type))
