"""Run an audit over a whole log: stream batches, apply the kind's rules, spool findings, sum up as we go.

Nothing holds the whole file: batches come from the reader with bounded memory, findings go to an
Arrow IPC spool file on disk, and the summary (counts by severity, rule, user and agency) is added to
per batch. Memory grows only with the number of distinct users and agencies.
"""

from __future__ import annotations

import os
import queue
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.ipc as ipc

from sanctuary.dataguard.audits._alpr import AlprOptions, alpr_keys, audit_alpr_frame
from sanctuary.dataguard.audits._db import DbOptions, audit_db_frame, db_keys
from sanctuary.dataguard.audits._email import EmailOptions, audit_email_frame, email_keys
from sanctuary.dataguard.audits._frame import AGENCY, SEARCH_TYPE, USER, to_polars
from sanctuary.dataguard.audits._reader import LINE, Batch, LogReader, Restart
from sanctuary.dataguard.audits._rules import RULES, SEVERITY_ORDER, Severity, check_kind, rules_for
from sanctuary.dataguard.audits._sources import expand_paths

MAX_CELL = 300
BLANK = "(blank)"
ROW_NAMES = {"alpr": "searches", "db": "queries", "email": "messages"}
MAX_FILE_WORKERS = 4
# Rows counted together in the per-agency and per-user rates (ALPR manual searches only).
RATE_RULES = {
    "immigration": ("alpr.reason.immigration", "alpr.reason.immigration_dropdown"),
    "vague": ("alpr.reason.vague", "alpr.reason.missing"),
    "network_wide": ("alpr.search.many_networks",),
}
RATE_OF = {rule: name for name, rules in RATE_RULES.items() for rule in rules}


@dataclass(frozen=True, slots=True)
class AuditOptions:
    """Every threshold in one place (documented in docs/audits.md)."""

    alpr: AlprOptions = field(default_factory=AlprOptions)
    db: DbOptions = field(default_factory=DbOptions)
    email: EmailOptions = field(default_factory=EmailOptions)
    min_searches: int = 20

    def as_json(self, kind: str) -> dict[str, Any]:
        """The thresholds that apply to one kind of log."""
        return {
            "alpr": {"max_networks": self.alpr.max_networks, "min_searches": self.min_searches},
            "db": {"bulk_rows": self.db.bulk_rows},
            "email": {"bulk_attachment_bytes": self.email.bulk_bytes},
        }[kind]


_KEYS: dict[str, Callable[[pl.DataFrame], pl.DataFrame]] = {"alpr": alpr_keys, "db": db_keys, "email": email_keys}


def audit_batch(kind: str, batch: pa.RecordBatch, options: AuditOptions | None = None) -> pa.Table:
    """The findings of one batch of ``kind`` (a pure function; what a distributed engine would map)."""
    check_kind(kind)
    return audit_frame(kind, _KEYS[kind](to_polars(batch)), options or AuditOptions())


def audit_frame(kind: str, frame: pl.DataFrame, options: AuditOptions) -> pa.Table:
    """``audit_batch`` over a Polars frame already converted from the batch and keyed (``_KEYS``)."""
    if kind == "alpr":
        return audit_alpr_frame(frame, options.alpr)
    if kind == "db":
        return audit_db_frame(frame, options.db)
    return audit_email_frame(frame, options.email)


@dataclass(slots=True)
class Tally:
    """Rows and findings of one user or agency, manual searches and hotlist lookups apart, and rate counts."""

    rows: int = 0
    findings: int = 0
    lookups: int = 0
    lookup_findings: int = 0
    flagged: Counter[str] = field(default_factory=Counter)

    def merge(self, other: Tally) -> None:
        self.rows += other.rows
        self.findings += other.findings
        self.lookups += other.lookups
        self.lookup_findings += other.lookup_findings
        self.flagged.update(other.flagged)


@dataclass(slots=True)
class Summary:
    """Counts accumulated batch by batch (or added up from a distributed engine's aggregations)."""

    kind: str
    rows: int = 0
    findings: int = 0
    lookups: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    lookup_by_rule: Counter[str] = field(default_factory=Counter)
    users: dict[str, Tally] = field(default_factory=dict)
    agencies: dict[str, Tally] = field(default_factory=dict)

    def add_rows(self, users: pl.Series, agencies: pl.Series, lookups: pl.Series | None = None) -> None:
        self.rows += len(users)
        looked = int(lookups.sum()) if lookups is not None else 0
        self.lookups += looked
        for table, keys in ((self.users, users), (self.agencies, agencies)):
            if not looked:
                for key, count in keys.value_counts().iter_rows():
                    self.tally(table, key).rows += count
                continue
            assert lookups is not None
            frame = pl.DataFrame({"key": keys, "lookup": lookups})
            for key, count, lookup_count in frame.group_by("key").agg(pl.len(), pl.col("lookup").sum()).iter_rows():
                tally = self.tally(table, key)
                tally.rows += count
                tally.lookups += lookup_count

    @staticmethod
    def tally(table: dict[str, Tally], key: str | None) -> Tally:
        name = key or BLANK
        found = table.get(name)
        if found is None:
            found = table[name] = Tally()
        return found

    def add_findings(self, findings: pa.Table) -> None:
        if findings.num_rows == 0:
            return
        names = ["rule", USER, AGENCY, LINE] + ([SEARCH_TYPE] if SEARCH_TYPE in findings.column_names else [])
        frame = pl.from_arrow(findings.select(names))
        assert isinstance(frame, pl.DataFrame)
        if SEARCH_TYPE not in frame.columns:
            frame = frame.with_columns(pl.lit("search").alias(SEARCH_TYPE))
        frame = frame.with_columns((pl.col(SEARCH_TYPE) == "lookup").alias("lookup"))
        self.findings += frame.height
        for rule, lookup, count in frame.group_by("rule", "lookup").len().iter_rows():
            self.by_rule[rule] += count
            self.by_severity[RULES[rule].severity.value] += count
            if lookup:
                self.lookup_by_rule[rule] += count
        rated = frame.filter(~pl.col("lookup") & pl.col("rule").is_in(list(RATE_OF)))
        rated = rated.with_columns(pl.col("rule").replace_strict(RATE_OF).alias("rate"))
        for table, column in ((self.users, USER), (self.agencies, AGENCY)):
            for key, lookup, count in frame.group_by(column, "lookup").len().iter_rows():
                tally = self.tally(table, key)
                tally.findings += count
                if lookup:
                    tally.lookup_findings += count
            # A row counts once per rate, even when two of the rate's rules found it.
            for key, rate, count in rated.unique([column, "rate", LINE]).group_by(column, "rate").len().iter_rows():
                self.tally(table, key).flagged[rate] += count

    def merge(self, other: Summary) -> None:
        self.rows += other.rows
        self.findings += other.findings
        self.lookups += other.lookups
        self.by_severity.update(other.by_severity)
        self.by_rule.update(other.by_rule)
        self.lookup_by_rule.update(other.lookup_by_rule)
        for mine, theirs in ((self.users, other.users), (self.agencies, other.agencies)):
            for key, tally in theirs.items():
                self.tally(mine, key).merge(tally)

    def as_json(self, min_searches: int = 20) -> dict[str, Any]:
        name = ROW_NAMES[self.kind]
        alpr = self.kind == "alpr"

        def counts(t: Tally) -> dict[str, int]:
            if not alpr:
                return {name: t.rows, "rows": t.rows, "findings": t.findings}
            return {
                name: t.rows - t.lookups,
                "lookups": t.lookups,
                "rows": t.rows,
                "findings": t.findings,
                "search_findings": t.findings - t.lookup_findings,
                "lookup_findings": t.lookup_findings,
            }

        def tallies(table: dict[str, Tally]) -> dict[str, dict[str, int]]:
            ordered = sorted(table.items(), key=lambda item: (-item[1].findings, -item[1].rows, item[0]))
            return {key: counts(t) for key, t in ordered}

        data: dict[str, Any] = {
            "rows": self.rows,
            name: self.rows - self.lookups if alpr else self.rows,
            "findings": self.findings,
            "by_severity": {s.value: self.by_severity.get(s.value, 0) for s in Severity},
            "by_rule": {r.id: self.by_rule.get(r.id, 0) for r in rules_for(self.kind)},
            "users": tallies(self.users),
            "agencies": tallies(self.agencies),
        }
        if alpr:
            data["lookups"] = self.lookups
            data["by_search_type"] = {
                "search": {
                    "rows": self.rows - self.lookups,
                    "findings": self.findings - sum(self.lookup_by_rule.values()),
                    "by_rule": {
                        r.id: self.by_rule.get(r.id, 0) - self.lookup_by_rule.get(r.id, 0) for r in rules_for("alpr")
                    },
                },
                "lookup": {
                    "rows": self.lookups,
                    "findings": sum(self.lookup_by_rule.values()),
                    "by_rule": {r.id: self.lookup_by_rule.get(r.id, 0) for r in rules_for("alpr")},
                },
            }
            data["rates"] = {
                "min_searches": min_searches,
                "over": "manual searches (hotlist lookups are not counted)",
                "agencies": _rates(self.agencies, min_searches),
                "users": _rates(self.users, min_searches),
            }
        return data


def _rates(table: dict[str, Tally], min_searches: int) -> list[dict[str, Any]]:
    """Per name with at least ``min_searches`` manual searches: how many and what share were flagged."""
    rows = []
    for key, tally in table.items():
        searches = tally.rows - tally.lookups
        if searches < min_searches:
            continue
        entry: dict[str, Any] = {"name": key, "searches": searches}
        for rate in RATE_RULES:
            entry[rate] = tally.flagged.get(rate, 0)
            entry[f"{rate}_rate"] = round(entry[rate] / searches, 4)
        rows.append(entry)
    rows.sort(key=lambda e: (-e["immigration_rate"], -e["vague_rate"], -e["network_wide_rate"], e["name"]))
    return rows


_DONE = object()


def prefetch(batches: Iterator[Batch], depth: int = 2) -> Iterator[Batch]:
    """Read the next batches in a background thread while this one is audited.

    Parsing (pyarrow) and matching (Polars) both release the GIL, so on two cores they overlap; the
    queue holds at most ``depth`` batches, so memory stays bounded. Exceptions (including the reader's
    ``Restart``) are raised here, in order.
    """
    slots: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for batch in batches:
                if stop.is_set():
                    return
                slots.put(batch)
        except BaseException as exc:  # handed to the consumer, re-raised there
            slots.put(exc)
            return
        slots.put(_DONE)

    worker = threading.Thread(target=produce, name="audit-reader", daemon=True)
    worker.start()
    try:
        while True:
            item = slots.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, pa.RecordBatch | pa.Table)
            yield item
    finally:
        stop.set()
        while worker.is_alive():
            try:
                slots.get_nowait()
            except queue.Empty:
                worker.join(timeout=0.05)


class FileAudit:
    """The audit of one file into its own spool and summary: what a worker does with one file.

    The file is read once, or twice when the CSV fast path meets a row it cannot place (the first
    pass's findings and counts are then discarded), so findings appear once whatever happens.
    """

    def __init__(self, reader: LogReader, kind: str, options: AuditOptions, spool: Path) -> None:
        self.reader = reader
        self.kind = kind
        self.options = options
        self.spool = spool
        self.summary = Summary(kind)
        self.schema: pa.Schema | None = None

    def run(self, progress: Callable[[int], None] | None = None) -> FileAudit:
        keys = _KEYS[self.kind]
        for _attempt in range(2):
            self.summary = Summary(self.kind)
            self.schema = None
            writer: ipc.RecordBatchStreamWriter | None = None
            try:
                with open(self.spool, "wb") as sink:
                    for batch in prefetch(self.reader.batches()):
                        frame = keys(to_polars(batch))
                        lookups = frame[SEARCH_TYPE] == "lookup" if SEARCH_TYPE in frame.columns else None
                        self.summary.add_rows(frame[USER], frame[AGENCY], lookups)
                        findings = audit_frame(self.kind, frame, self.options)
                        self.summary.add_findings(findings)
                        if progress is not None:
                            progress(batch.num_rows)
                        if findings.num_rows:
                            if writer is None:
                                self.schema = findings.schema
                                writer = ipc.new_stream(sink, findings.schema)
                            writer.write_table(findings.cast(self.schema))
                    if writer is not None:
                        writer.close()
                return self
            except Restart:
                continue
        raise AssertionError("the exact path does not restart")  # pragma: no cover

    def tables(self) -> Iterator[pa.RecordBatch]:
        """The spooled findings, batch by batch, in line order."""
        if self.schema is None or not self.spool.exists():
            return
        with open(self.spool, "rb") as handle:
            yield from ipc.open_stream(handle)

    def findings(self) -> Iterator[dict[str, Any]]:
        """Each finding as the contract's JSON object."""
        for batch in self.tables():
            yield from finding_json(self.reader, batch)


def finding_json(reader: LogReader, batch: pa.RecordBatch) -> Iterator[dict[str, Any]]:
    """The contract's JSON object of each finding of a spooled batch of ``reader``'s file."""
    columns = reader.columns
    file = reader.source
    roles = [name for name in batch.schema.names if name in columns.roles]
    for row in batch.to_pylist():
        rule = RULES[row["rule"]]
        cells = {}
        for role in roles:
            value = row[role]
            if value is None or value == "":
                continue
            cells[columns.header(role)] = value if len(value) <= MAX_CELL else value[:MAX_CELL] + "…"
        evidence: dict[str, Any] = {"file": file, "line": row[LINE], "cells": cells}
        if row["column"] in columns.roles:
            evidence["column"] = columns.header(row["column"])
        if row["matched"]:
            evidence["matched"] = row["matched"]
        if row.get("category"):
            evidence["category"] = row["category"]
        yield {
            "file": file,
            "line": row[LINE],
            "severity": rule.severity.value,
            "rule": rule.id,
            "citation": rule.primary.citation,
            "source": rule.primary.source,
            "confidence": rule.primary.confidence,
            "citations": [c.as_json() for c in rule.citations],
            "text": rule.title,
            "user": row[USER] or None,
            "agency": row[AGENCY] or None,
            "evidence": evidence,
        }


def open_readers(paths: Path | str | Sequence[Path | str], kind: str) -> tuple[str, list[LogReader]]:
    """The files named (a file, a folder, a glob, or several), each opened with its header checked."""
    check_kind(kind)
    label, files = expand_paths(paths)
    return label, [LogReader(path, kind) for path in files]


def run_summary_json(
    kind: str, label: str, readers: list[LogReader], summary: Summary, options: AuditOptions
) -> dict[str, Any]:
    """The summary of a run over ``readers``: one shape for the local and the distributed engine."""
    data = summary.as_json(options.min_searches)
    many = len(readers) > 1
    formats = sorted({r.format for r in readers})
    malformed: list[dict[str, Any]] = []
    for reader in readers:
        for entry in reader.stats.malformed:
            if len(malformed) < 1000:
                malformed.append({"file": reader.source, **entry} if many else dict(entry))
    data.update(
        {
            "file": label,
            "kind": kind,
            "format": formats[0] if len(formats) == 1 else "mixed",
            "columns": readers[0].columns.as_json(),
            "blank_rows": sum(r.stats.blank_rows for r in readers),
            "malformed_rows": sum(r.stats.malformed_rows for r in readers),
            "malformed": malformed,
            "read_path": "exact" if any(r.stats.path == "exact" for r in readers) else "fast",
            "undecodable_bytes_replaced": any(r.stats.replaced_bytes for r in readers),
            "thresholds": options.as_json(kind),
            "rules": [
                {
                    "id": r.id,
                    "severity": r.severity.value,
                    "text": r.title,
                    "citations": [c.as_json() for c in r.citations],
                }
                for r in sorted(rules_for(kind), key=lambda r: SEVERITY_ORDER[r.severity])
            ],
        }
    )
    if many:
        data["files"] = [
            {
                "file": r.source,
                "format": r.format,
                "columns": r.columns.as_json(),
                "blank_rows": r.stats.blank_rows,
                "malformed_rows": r.stats.malformed_rows,
            }
            for r in readers
        ]
    return data


class AuditRun:
    """One audit of one or more files (a folder or glob of monthly exports). Use as a context manager;
    findings stay on disk until iterated, file by file in the order the files are named."""

    def __init__(
        self,
        path: Path | str | Sequence[Path | str],
        kind: str,
        options: AuditOptions | None = None,
        *,
        source: str | None = None,
    ) -> None:
        """``source``: the name findings give one file by (an upload's own name, not where it was spooled)."""
        self.kind = kind
        if source is not None and isinstance(path, str | Path):
            check_kind(kind)
            self.label, self.readers = source, [LogReader(Path(path), kind, source)]
        else:
            self.label, self.readers = open_readers(path, kind)
        self.path = Path(self.label)
        self.reader = self.readers[0]
        self.options = options or AuditOptions()
        self.summary = Summary(kind)
        self._dir = Path(tempfile.mkdtemp(prefix="sanctuary-audit-"))
        self._files: list[FileAudit] = []

    def __enter__(self) -> AuditRun:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        shutil.rmtree(self._dir, ignore_errors=True)

    def run(self, progress: Callable[[int], None] | None = None) -> AuditRun:
        """Read every file once (a CSV twice if its exact path is needed), spooling findings;
        ``progress`` is called with the rows of each batch audited."""
        self.summary = Summary(self.kind)
        files = [
            FileAudit(reader, self.kind, self.options, self._dir / f"findings-{index}.arrows")
            for index, reader in enumerate(self.readers)
        ]
        # Several files are audited side by side (the readers and Polars release the GIL); the summary
        # is merged in file order, so the result does not depend on which finished first.
        workers = min(len(files), os.cpu_count() or 1, MAX_FILE_WORKERS)
        if workers > 1:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="audit-file") as pool:
                done = list(pool.map(lambda one: one.run(progress), files))
        else:
            done = [one.run(progress) for one in files]
        for one in done:
            self.summary.merge(one.summary)
        self._files = done
        return self

    def tables(self) -> Iterator[pa.RecordBatch]:
        """The spooled findings of every file, batch by batch, in file and line order."""
        for one in self._files:
            yield from one.tables()

    def findings(self) -> Iterator[dict[str, Any]]:
        """Each finding as the contract's JSON object."""
        for one in self._files:
            yield from one.findings()

    def summary_json(self) -> dict[str, Any]:
        return run_summary_json(self.kind, self.label, self.readers, self.summary, self.options)


def audit(path: Path | str, kind: str, options: AuditOptions | None = None) -> dict[str, Any]:
    """The whole report in memory, ``{findings, summary}``: for small logs and tests (the CLI streams)."""
    with AuditRun(path, kind, options) as run:
        run.run()
        return {"findings": list(run.findings()), "summary": run.summary_json()}
