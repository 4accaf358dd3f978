"""Run an audit over a whole log: stream batches, apply the kind's rules, spool findings, sum up as we go.

Nothing holds the whole file: batches come from the reader with bounded memory, findings go to an
Arrow IPC spool file on disk, and the summary (counts by severity, rule, user and agency) is added to
per batch. Memory grows only with the number of distinct users and agencies.
"""

from __future__ import annotations

import queue
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.ipc as ipc

from sanctuary.dataguard.audits._alpr import AlprOptions, alpr_keys, audit_alpr_frame
from sanctuary.dataguard.audits._db import DbOptions, audit_db_frame, db_keys
from sanctuary.dataguard.audits._email import EmailOptions, audit_email_frame, email_keys
from sanctuary.dataguard.audits._frame import AGENCY, USER, to_polars
from sanctuary.dataguard.audits._reader import LINE, LogReader, Restart
from sanctuary.dataguard.audits._rules import RULES, SEVERITY_ORDER, Severity, check_kind, rules_for

MAX_CELL = 300
BLANK = "(blank)"
ROW_NAMES = {"alpr": "searches", "db": "queries", "email": "messages"}


@dataclass(frozen=True, slots=True)
class AuditOptions:
    """Every threshold in one place (documented in docs/audits.md)."""

    alpr: AlprOptions = field(default_factory=AlprOptions)
    db: DbOptions = field(default_factory=DbOptions)
    email: EmailOptions = field(default_factory=EmailOptions)

    def as_json(self, kind: str) -> dict[str, Any]:
        """The thresholds that apply to one kind of log."""
        return {
            "alpr": {"max_networks": self.alpr.max_networks},
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
class _Tally:
    rows: int = 0
    findings: int = 0


@dataclass(slots=True)
class Summary:
    """Counts accumulated batch by batch."""

    kind: str
    rows: int = 0
    findings: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    users: dict[str, _Tally] = field(default_factory=dict)
    agencies: dict[str, _Tally] = field(default_factory=dict)

    def add_rows(self, users: pl.Series, agencies: pl.Series) -> None:
        self.rows += len(users)
        for table, keys in ((self.users, users), (self.agencies, agencies)):
            counts = keys.value_counts()
            for key, count in counts.iter_rows():
                table.setdefault(key or BLANK, _Tally()).rows += count

    def add_findings(self, findings: pa.Table) -> None:
        if findings.num_rows == 0:
            return
        frame = pl.from_arrow(findings.select(["rule", USER, AGENCY]))
        assert isinstance(frame, pl.DataFrame)
        self.findings += frame.height
        for rule, count in frame["rule"].value_counts().iter_rows():
            self.by_rule[rule] += count
            self.by_severity[RULES[rule].severity.value] += count
        for table, column in ((self.users, USER), (self.agencies, AGENCY)):
            for key, count in frame[column].value_counts().iter_rows():
                table.setdefault(key or BLANK, _Tally()).findings += count

    def as_json(self) -> dict[str, Any]:
        name = ROW_NAMES[self.kind]

        def tallies(table: dict[str, _Tally]) -> dict[str, dict[str, int]]:
            ordered = sorted(table.items(), key=lambda item: (-item[1].findings, -item[1].rows, item[0]))
            return {key: {name: t.rows, "rows": t.rows, "findings": t.findings} for key, t in ordered}

        return {
            "rows": self.rows,
            name: self.rows,
            "findings": self.findings,
            "by_severity": {s.value: self.by_severity.get(s.value, 0) for s in Severity},
            "by_rule": {r.id: self.by_rule.get(r.id, 0) for r in rules_for(self.kind)},
            "users": tallies(self.users),
            "agencies": tallies(self.agencies),
        }


_DONE = object()


def prefetch(batches: Iterator[pa.RecordBatch], depth: int = 2) -> Iterator[pa.RecordBatch]:
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
            assert isinstance(item, pa.RecordBatch)
            yield item
    finally:
        stop.set()
        while worker.is_alive():
            try:
                slots.get_nowait()
            except queue.Empty:
                worker.join(timeout=0.05)


class AuditRun:
    """One audit of one file. Use as a context manager; findings stay on disk until iterated."""

    def __init__(self, path: Path | str, kind: str, options: AuditOptions | None = None) -> None:
        check_kind(kind)
        self.path = Path(path)
        self.kind = kind
        self.options = options or AuditOptions()
        self.reader = LogReader(self.path, kind)
        self.summary = Summary(kind)
        self._dir = Path(tempfile.mkdtemp(prefix="sanctuary-audit-"))
        self._spool = self._dir / "findings.arrows"
        self._schema: pa.Schema | None = None

    def __enter__(self) -> AuditRun:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        shutil.rmtree(self._dir, ignore_errors=True)

    def run(self) -> AuditRun:
        """Read the whole log once (twice if the exact path is needed), spooling findings."""
        keys = _KEYS[self.kind]
        for _attempt in range(2):
            self.summary = Summary(self.kind)
            writer: ipc.RecordBatchStreamWriter | None = None
            try:
                with open(self._spool, "wb") as sink:
                    for batch in prefetch(self.reader.batches()):
                        frame = keys(to_polars(batch))
                        self.summary.add_rows(frame[USER], frame[AGENCY])
                        findings = audit_frame(self.kind, frame, self.options)
                        self.summary.add_findings(findings)
                        if findings.num_rows:
                            if writer is None:
                                self._schema = findings.schema
                                writer = ipc.new_stream(sink, findings.schema)
                            writer.write_table(findings.cast(self._schema))
                    if writer is not None:
                        writer.close()
                return self
            except Restart:
                continue
        raise AssertionError("the exact path does not restart")  # pragma: no cover

    def tables(self) -> Iterator[pa.RecordBatch]:
        """The spooled findings, batch by batch, in line order."""
        if self._schema is None or not self._spool.exists():
            return
        with open(self._spool, "rb") as handle:
            yield from ipc.open_stream(handle)

    def findings(self) -> Iterator[dict[str, Any]]:
        """Each finding as the contract's JSON object."""
        for batch in self.tables():
            yield from self._as_json(batch)

    def _as_json(self, batch: pa.RecordBatch) -> Iterator[dict[str, Any]]:
        columns = self.reader.columns
        file = str(self.path)
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

    def summary_json(self) -> dict[str, Any]:
        stats = self.reader.stats
        data = self.summary.as_json()
        data.update(
            {
                "file": str(self.path),
                "kind": self.kind,
                "format": self.reader.format,
                "columns": self.reader.columns.as_json(),
                "blank_rows": stats.blank_rows,
                "malformed_rows": stats.malformed_rows,
                "malformed": stats.malformed,
                "read_path": stats.path,
                "undecodable_bytes_replaced": stats.replaced_bytes,
                "thresholds": self.options.as_json(self.kind),
                "rules": [
                    {
                        "id": r.id,
                        "severity": r.severity.value,
                        "text": r.title,
                        "citations": [c.as_json() for c in r.citations],
                    }
                    for r in sorted(rules_for(self.kind), key=lambda r: SEVERITY_ORDER[r.severity])
                ],
            }
        )
        return data


def audit(path: Path | str, kind: str, options: AuditOptions | None = None) -> dict[str, Any]:
    """The whole report in memory, ``{findings, summary}``: for small logs and tests (the CLI streams)."""
    with AuditRun(path, kind, options) as run:
        run.run()
        return {"findings": list(run.findings()), "summary": run.summary_json()}
