"""Audits and scans on Apache Spark: the local engine's code, run on a cluster's workers.

A network audit log can hold tens of millions of rows in dozens of monthly files; a state auditing
every agency faces billions. Here each file is one row of a Spark DataFrame, spread over one task per
core, and ``DataFrame.mapInArrow`` hands those rows (Arrow batches in) to a function that audits each
whole file with exactly the local engine (the same reader, column roles, rules and evidence) and
returns its findings as Arrow IPC and its counts (Arrow batches out). A file is read whole by one
task because a quoted CSV cell may span lines: only a reader that starts at the top of the file
knows each row's line, so the lines are the local engine's, row for row. Files are the unit of
parallelism (monthly exports are many files).

The summary is Spark's: each file's counts by rule, user and agency (rows, lookups, findings, the
rates) are summed over the files by a ``groupBy`` aggregation. The findings come back to the driver
in file and line order, become the contract's JSON there, and are written by the same writers as the
local engine's, so both engines' outputs are identical.

The workers must be able to open the paths (a shared file system, DBFS, a mounted volume).
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.ipc as ipc

from sanctuary.dataguard.audits import (
    RATE_RULES,
    RULES,
    AuditOptions,
    FileAudit,
    LogReader,
    ReadStats,
    Summary,
    expand_paths,
    finding_json,
    open_readers,
    run_summary_json,
)
from sanctuary.model import InputError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

LOCAL_MASTERS = ("local",)
# The audit's mapInArrow output: per file, its findings as Arrow IPC streams (``findings`` records, one
# per spooled batch, in line order) and its counts, already summed by the local engine (``rule``,
# ``user``, ``agency`` records, one per key, and one ``stats`` record); Spark sums the counts over files.
AUDIT_SCHEMA = pa.schema(
    [
        ("record", pa.string()),
        ("file", pa.int32()),
        ("seq", pa.int64()),
        ("key", pa.string()),
        ("rows", pa.int64()),
        ("lookups", pa.int64()),
        ("findings", pa.int64()),
        ("lookup_findings", pa.int64()),
        *((name, pa.int64()) for name in RATE_RULES),
        ("json", pa.string()),
        ("arrow", pa.binary()),
    ]
)
AUDIT_DDL = (
    "record string, file int, seq long, key string, rows long, lookups long, findings long, lookup_findings long, "
    + "".join(f"{name} long, " for name in RATE_RULES)
    + "json string, arrow binary"
)
SCAN_SCHEMA = pa.schema([("file", pa.int32()), ("seq", pa.int64()), ("kind", pa.string()), ("json", pa.string())])
SCAN_DDL = "file int, seq long, kind string, json string"
OUTPUT_BATCH = 10_000


def spark_session(master: str = "local[*]", app_name: str = "sanctuary-guard") -> SparkSession:
    """A Spark session: ``local[N]`` on this machine (loopback only, no web UI), ``spark://`` a standalone
    cluster, ``yarn``/``k8s://`` through spark-submit, ``sc://`` a Spark Connect server (Databricks)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError(
            "--engine spark needs pyspark: pip install 'sanctuary[spark]' (and Java 17 or newer)."
        ) from None
    if master.startswith("sc://"):
        return SparkSession.builder.remote(master).getOrCreate()
    builder = (
        SparkSession.builder.appName(app_name)
        .master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master.startswith(LOCAL_MASTERS):
        # On this machine: loopback only, and the workers run this very interpreter (its packages).
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
        )
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # py4j and Java start-up errors have many types; say what to check
        raise InputError(
            "Spark did not start with --master {master!r}: {reason}", master=master, reason=str(exc).splitlines()[0]
        ) from None
    session.sparkContext.setLogLevel("ERROR")
    return session


def _files_frame(spark: SparkSession, readers: Sequence[LogReader]) -> DataFrame:
    """One row per file (index, path, name in reports), the files spread over the session's cores."""
    return _paths_frame(spark, [(str(r.path.resolve()), r.source) for r in readers])


def _paths_frame(spark: SparkSession, paths: Sequence[tuple[str, str]]) -> DataFrame:
    """``file``, ``path``, ``source`` for each path, in as many partitions as the session has cores
    (each task then reads its files one after the other), balanced by file size.

    A task costs Spark and its Python worker a fixed amount of CPU, about as much as auditing tens of
    thousands of rows, so there is one task per core rather than one per file; the partitions come
    straight from ``range`` (a repartition would add a shuffle stage for a handful of rows).
    """
    from pyspark.sql import functions as F

    groups = spread_files([_size(path) for path, _source in paths], _parallelism(spark))
    entries = [
        F.array(
            *[
                F.struct(
                    F.lit(index).alias("file"),
                    F.lit(paths[index][0]).alias("path"),
                    F.lit(paths[index][1]).alias("source"),
                )
                for index in group
            ]
        )
        for group in groups
    ]
    task = F.col("id").cast("int") + 1
    return (
        spark.range(0, len(groups), 1, len(groups))
        .select(F.explode(F.element_at(F.array(*entries), task)).alias("f"))
        .select("f.file", "f.path", "f.source")
    )


def _parallelism(spark: SparkSession) -> int:
    try:
        return max(1, int(spark.sparkContext.defaultParallelism))
    except Exception:  # Spark Connect has no SparkContext on the client: one task per file
        return 1 << 30


def spread_files(sizes: Sequence[int], tasks: int) -> list[list[int]]:
    """File indexes in at most ``tasks`` groups of about equal bytes (each file, largest first, into the
    lightest group so far), each group in file order, the groups in the order of their first file."""
    count = max(1, min(tasks, len(sizes)))
    groups: list[list[int]] = [[] for _ in range(count)]
    loads = [0] * count
    for index in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        lightest = loads.index(min(loads))
        groups[lightest].append(index)
        loads[lightest] += sizes[index]
    return sorted((sorted(group) for group in groups if group), key=lambda group: group[0])


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _table(columns: dict[str, list[Any]], schema: pa.Schema) -> pa.RecordBatch:
    return pa.RecordBatch.from_pydict(columns, schema=schema)


def _records(record: str, index: int, count: int, **columns: list[Any]) -> pa.RecordBatch:
    """``count`` audit records of one type for file ``index``; columns not given are null."""
    data: dict[str, list[Any]] = {name: [None] * count for name in AUDIT_SCHEMA.names}
    data.update(record=[record] * count, file=[index] * count, **columns)
    return _table(data, AUDIT_SCHEMA)


def _ipc(batch: pa.RecordBatch) -> bytes:
    sink = pa.BufferOutputStream()
    with ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return bytes(sink.getvalue())


def _audit_file(index: int, path: str, source: str, kind: str, options: AuditOptions) -> Iterator[pa.RecordBatch]:
    """Audit one whole file exactly as the local engine does: its findings (as the engine spooled them)
    and its summary's counts, as records. No finding is turned into Python objects here."""
    folder = Path(tempfile.mkdtemp(prefix="sanctuary-spark-"))
    try:
        reader = LogReader(Path(path), kind, source)
        one = FileAudit(reader, kind, options, folder / "findings.arrows").run()
        blobs = [_ipc(batch) for batch in one.tables()]
        if blobs:
            yield _records("findings", index, len(blobs), seq=list(range(len(blobs))), arrow=blobs)
        summary = one.summary
        rules = sorted(summary.by_rule)
        yield _records(
            "rule",
            index,
            len(rules),
            key=rules,
            findings=[summary.by_rule[r] for r in rules],
            lookup_findings=[summary.lookup_by_rule.get(r, 0) for r in rules],
        )
        for record, table in (("user", summary.users), ("agency", summary.agencies)):
            names = list(table)
            tallies = [table[n] for n in names]
            yield _records(
                record,
                index,
                len(names),
                key=names,
                rows=[t.rows for t in tallies],
                lookups=[t.lookups for t in tallies],
                findings=[t.findings for t in tallies],
                lookup_findings=[t.lookup_findings for t in tallies],
                **{rate: [t.flagged.get(rate, 0) for t in tallies] for rate in RATE_RULES},
            )
        stats = {
            "blank_rows": reader.stats.blank_rows,
            "malformed_rows": reader.stats.malformed_rows,
            "malformed": reader.stats.malformed,
            "path": reader.stats.path,
            "replaced_bytes": reader.stats.replaced_bytes,
        }
        yield _records(
            "stats",
            index,
            1,
            key=[str(index)],
            rows=[summary.rows],
            lookups=[summary.lookups],
            json=[json.dumps(stats)],
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def audit_frame(files: DataFrame, kind: str, options: AuditOptions) -> DataFrame:
    """The Spark entry point: a DataFrame of files (``file`` int, ``path``, ``source`` strings) mapped to
    the audit's records (``AUDIT_DDL``) with ``mapInArrow``; each file is read whole by one task."""

    def audit_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            for index, path, source in zip(
                batch.column("file").to_pylist(),
                batch.column("path").to_pylist(),
                batch.column("source").to_pylist(),
                strict=True,
            ):
                yield from _audit_file(index, path, source, kind, options)

    return files.mapInArrow(audit_batches, AUDIT_DDL)


@dataclass
class SparkAuditRun:
    """An audit on Spark with the local :class:`AuditRun`'s interface (``run``, ``findings``, ``summary``,
    ``summary_json``), so the same writers produce the same outputs."""

    paths: Path | str | Sequence[Path | str]
    kind: str
    options: AuditOptions = field(default_factory=AuditOptions)
    spark: Any = None
    master: str = "local[*]"
    summary: Summary = field(init=False)
    label: str = field(init=False)
    readers: list[LogReader] = field(init=False)
    _records: Any = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.label, self.readers = open_readers(self.paths, self.kind)
        self.summary = Summary(self.kind)

    def __enter__(self) -> SparkAuditRun:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._records is not None:
            self._records.unpersist()
            self._records = None

    def run(self, progress: Callable[[int, int], None] | None = None) -> SparkAuditRun:
        """Audit every file on Spark, then aggregate the summary with Spark."""
        from pyspark import StorageLevel

        spark = self.spark if self.spark is not None else spark_session(self.master)
        records = audit_frame(_files_frame(spark, self.readers), self.kind, self.options)
        records = records.persist(StorageLevel.MEMORY_AND_DISK)  # spills to disk when memory is short
        self._records = records
        try:
            with _Progress(spark, progress):
                # One pass over the files (persisted, so the findings are read back, not audited again).
                self.summary = _aggregate(records, self.kind, self.readers)
        except Exception as exc:
            raise _worker_error(exc) from None
        return self

    def tables(self) -> Iterator[pa.RecordBatch]:
        """The findings of every file, batch by batch, in file and line order (as the local run's)."""
        for _index, batch in self._tables():
            yield batch

    def _tables(self) -> Iterator[tuple[int, pa.RecordBatch]]:
        if self._records is None:
            return
        from pyspark.sql import functions as F

        ordered = self._records.filter(F.col("record") == "findings").orderBy("file", "seq").select("file", "arrow")
        for row in ordered.toLocalIterator():
            for batch in ipc.open_stream(row["arrow"]):
                yield row["file"], batch

    def findings(self) -> Iterator[dict[str, Any]]:
        """Each finding as the contract's JSON object, in file and line order (streamed from Spark)."""
        for index, batch in self._tables():
            yield from finding_json(self.readers[index], batch)

    def summary_json(self) -> dict[str, Any]:
        return run_summary_json(self.kind, self.label, self.readers, self.summary, self.options)


def _aggregate(records: DataFrame, kind: str, readers: list[LogReader]) -> Summary:
    """The summary in one Spark aggregation (one job): each file's counts by rule, user and agency
    (summed by the local engine on the worker) are summed over the files by key."""
    from pyspark.sql import functions as F

    counts = ["rows", "lookups", "findings", "lookup_findings", *RATE_RULES]
    aggregated = (
        records.filter(F.col("record") != "findings")
        .groupBy("record", "key")
        .agg(*(F.sum(name).alias(name) for name in counts), F.first("json", ignorenulls=True).alias("json"))
    )
    summary = Summary(kind)
    tables = {"user": summary.users, "agency": summary.agencies}
    for row in aggregated.collect():
        record = row["record"]
        if record == "rule":
            rule = row["key"]
            count = int(row["findings"])
            summary.findings += count
            summary.by_rule[rule] += count
            summary.by_severity[RULES[rule].severity.value] += count
            if row["lookup_findings"]:
                summary.lookup_by_rule[rule] += int(row["lookup_findings"])
        elif record == "stats":
            summary.rows += int(row["rows"])
            summary.lookups += int(row["lookups"])
            stats = json.loads(row["json"])
            readers[int(row["key"])].stats = ReadStats(
                blank_rows=stats["blank_rows"],
                malformed_rows=stats["malformed_rows"],
                malformed=stats["malformed"],
                path=stats["path"],
                replaced_bytes=stats["replaced_bytes"],
            )
        else:
            tally = Summary.tally(tables[record], row["key"])
            tally.rows += int(row["rows"])
            tally.lookups += int(row["lookups"])
            tally.findings += int(row["findings"])
            tally.lookup_findings += int(row["lookup_findings"])
            for name in RATE_RULES:
                if row[name]:
                    tally.flagged[name] += int(row[name])
    return summary


class _Progress:
    """Report finished and total tasks of the running jobs to ``callback`` while a Spark action runs."""

    def __init__(self, spark: Any, callback: Callable[[int, int], None] | None) -> None:
        self.callback = callback
        self.stop = threading.Event()
        self.tracker = None
        if callback is not None:
            try:
                self.tracker = spark.sparkContext.statusTracker()
            except Exception:  # Spark Connect has no SparkContext on the client: no task counts
                self.tracker = None
        self.thread = threading.Thread(target=self._poll, name="spark-progress", daemon=True)

    def _poll(self) -> None:
        assert self.callback is not None
        while not self.stop.wait(0.3):
            done = total = 0
            if self.tracker is not None:
                for stage_id in self.tracker.getActiveStageIds():
                    info = self.tracker.getStageInfo(stage_id)
                    if info is not None:
                        done += info.numCompletedTasks
                        total += info.numTasks
            self.callback(done, total)

    def __enter__(self) -> _Progress:
        if self.callback is not None:
            self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()


# -- scan ------------------------------------------------------------------------------------------


def _scan_file(index: int, path: str) -> Iterator[pa.RecordBatch]:
    from sanctuary.dataguard.scanning import scan_file

    result = scan_file(path)
    data = result.as_json()
    detections = data.pop("detections")
    data["file"] = path
    for start in range(0, len(detections), OUTPUT_BATCH):
        part = detections[start : start + OUTPUT_BATCH]
        yield _table(
            {
                "file": [index] * len(part),
                "seq": list(range(start, start + len(part))),
                "kind": [d["kind"] for d in part],
                "json": [json.dumps(d, ensure_ascii=False) for d in part],
            },
            SCAN_SCHEMA,
        )
    yield _table({"file": [index], "seq": [None], "kind": [None], "json": [json.dumps(data)]}, SCAN_SCHEMA)


def scan_frame(files: DataFrame) -> DataFrame:
    """Detections of every file (``SCAN_DDL``): each file scanned whole by the local scanner on a worker;
    a row with a null ``seq`` holds the file's own facts (format, lines, rows)."""

    def scan_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            for index, path in zip(batch.column("file").to_pylist(), batch.column("path").to_pylist(), strict=True):
                yield from _scan_file(index, path)

    return files.mapInArrow(scan_batches, SCAN_DDL)


def scan_files(
    paths: Path | str | Sequence[Path | str], *, spark: Any = None, master: str = "local[*]"
) -> list[dict[str, Any]]:
    """``scan_file(...).as_json()`` of every file named, computed on Spark (counts by kind with ``groupBy``)."""
    from sanctuary.dataguard.scanning import check_readable, file_format

    _label, files = expand_paths(paths, scannable=True)
    for path in files:
        file_format(path)
        check_readable(path)
    session = spark if spark is not None else spark_session(master)
    frame = _paths_frame(session, [(str(path.resolve()), str(path)) for path in files])
    try:
        detected = scan_frame(frame).persist()
        counts: dict[int, dict[str, int]] = {}
        for row in detected.filter("seq is not null").groupBy("file", "kind").count().collect():
            counts.setdefault(row["file"], {})[row["kind"]] = int(row["count"])
        results: dict[int, dict[str, Any]] = {}
        for row in detected.filter("seq is null").collect():
            data = json.loads(row["json"])
            data["file"] = str(files[row["file"]])
            data["counts"] = dict(sorted(counts.get(row["file"], {}).items()))
            data["detections"] = []
            results[row["file"]] = data
        for row in detected.filter("seq is not null").orderBy("file", "seq").toLocalIterator():
            results[row["file"]]["detections"].append(json.loads(row["json"]))
        detected.unpersist()
    except Exception as exc:
        raise _worker_error(exc) from None
    return [results[index] for index in range(len(files))]


def _worker_error(exc: Exception) -> Exception:
    """An InputError raised on a worker comes back wrapped by Spark; give its message back as one."""
    text = str(exc)
    marker = "sanctuary.model.InputError: "
    if marker in text:
        # Only the English text crosses from the worker; the template and its values stay behind there.
        return InputError("{message}", message=text.split(marker, 1)[1].splitlines()[0])
    return exc


# -- export ----------------------------------------------------------------------------------------


def spark_gate(master: str = "local[*]", spark: Any = None) -> Callable[..., Any]:
    """A drop-in for ``gate.run_gate`` that runs the gate as a Spark task, next to the data.

    The decision and the column plan are made first, as for the local engine; the task then runs
    exactly ``run_gate`` (read, classify, drop, mask, scrub, write atomically, manifest) on a worker
    and hands back its result. One table is one task: the output must be written in row order to one
    file, so a table is not split; the paths must be the same for the workers and this machine.
    """

    def run(
        sampled: Any,
        rulings: Any,
        output: Path,
        *,
        manifest_header: dict[str, Any],
        mask: bool = False,
        spreadsheet_safe: bool = False,
    ) -> Any:
        from sanctuary.dataguard.gate import run_gate

        session = spark if spark is not None else spark_session(master)
        target = Path(output).resolve()

        def gate_task(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            for batch in batches:
                for _index in batch.column("id").to_pylist():
                    result = run_gate(
                        sampled,
                        rulings,
                        target,
                        manifest_header=manifest_header,
                        mask=mask,
                        spreadsheet_safe=spreadsheet_safe,
                    )
                    # The result travels back to this job's driver as bytes; nothing else is unpickled.
                    yield pa.RecordBatch.from_pydict({"result": [pickle.dumps(result)]})

        try:
            rows = session.range(0, 1, 1, 1).mapInArrow(gate_task, "result binary").collect()
        except Exception as exc:
            raise _worker_error(exc) from None
        result = pickle.loads(rows[0]["result"])  # noqa: S301 - produced by gate_task above, in this job
        result.output = Path(output)
        result.manifest = Path(output).with_name(Path(output).name + ".manifest.json")
        return result

    return run
