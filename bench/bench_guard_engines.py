"""ALPR audit rows per second on one multi-file export: the local engine, Spark ``local[2]`` and DuckDB.

Not a test: prints figures. The input is a folder of monthly Flock-style Organization Audit CSV files
(``--files`` files of ``--file-rows`` rows; four distinct generated months, copied to make up the
rest), cached under the temporary directory. Each engine runs in its own child process, so each
has its own peak resident memory (``ru_maxrss`` of the child) and CPU time:

* **local**: ``AuditRun(folder, "alpr").run()``: every file streamed, every rule, findings spooled;
* **spark**: ``SparkAuditRun(folder, "alpr", spark=session).run()`` on ``local[2]``: each file
  audited whole by one task with ``mapInArrow``, the counts summed by Spark; session start-up and
  the first run (Python workers starting, the JVM compiling) are timed apart, then the better of
  two warm runs is kept;
* **duckdb**: ``bench_guard_audit.duckdb_audit_query``, the local engine's classification and
  summary as one query over ``read_csv`` of the glob (its counts by rule must equal the local
  engine's: ``same_counts_by_rule``);
* **duckdb-counts** (optional): the plain counting query of ``bench_guard_audit.py``, which skips
  the exceptions, the categories and the summary.

"Per core" is rows/s divided by the cores an engine kept busy (its CPU seconds over its wall
seconds), that is rows per CPU second. CPU seconds are the child's own for the local engine and
DuckDB (all their threads), and for Spark the whole process tree: the driver, the JVM and the
Python workers it forks (``tree_cpu_by_program``, from ``/proc``).

    .venv/bin/python bench/bench_guard_engines.py                        # 8 x 250,000 rows
    .venv/bin/python bench/bench_guard_engines.py --files 20 --engines local,duckdb,spark   # 5,000,000 rows
    .venv/bin/python bench/bench_guard_engines.py --engines local,duckdb,duckdb-counts,local,duckdb
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sanctuary.dataguard.audits import samples

DISTINCT = 4


def make_export(folder: Path, files: int, file_rows: int, seed: int) -> Path:
    """The folder of monthly files (generated once, reused while the generator is unchanged)."""
    generator = hashlib.sha256(Path(samples.__file__).read_bytes()).hexdigest()[:8]
    source = folder / f"months-{file_rows}-{seed}-{generator}"
    source.mkdir(parents=True, exist_ok=True)
    for month in range(min(files, DISTINCT)):
        path = source / f"distinct-{month:02d}.csv"
        if not path.exists():
            samples.write_sample_log(path, "alpr", file_rows, seed=seed + month, variant="organization")
    export = folder / f"export-{files}x{file_rows}-{seed}-{generator}"
    if not export.exists():
        staging = Path(tempfile.mkdtemp(dir=folder))
        for month in range(files):
            shutil.copyfile(source / f"distinct-{month % DISTINCT:02d}.csv", staging / f"2025-{month + 1:02d}.csv")
        staging.rename(export)
    return export


CHILD = r"""
import json, os, resource, sys, time
engine, folder = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[3])))
from bench_guard_engines import tree_cpu_by_program
result = {}
if engine == "local":
    from sanctuary.dataguard.audits import AuditRun
    start = time.perf_counter(); cpu = time.process_time()
    with AuditRun(folder, "alpr") as run:
        run.run()
        summary = run.summary_json()
    result.update(seconds=time.perf_counter() - start, cpu=time.process_time() - cpu,
                  rows=summary["rows"], findings=summary["findings"], by_rule=summary["by_rule"])
elif engine == "spark":
    from sanctuary.dataguard.spark import SparkAuditRun, spark_session
    start = time.perf_counter()
    spark = spark_session("local[2]")
    result["startup_seconds"] = time.perf_counter() - start
    # The first run also starts the Python workers and their imports, and the JVM compiles its code.
    for label in ("cold", "warm", "warm2"):
        start = time.perf_counter(); cpu = tree_cpu_by_program()
        with SparkAuditRun(folder, "alpr", spark=spark) as run:
            run.run()
            summary = run.summary_json()
        result[label + "_seconds"] = time.perf_counter() - start
        after = tree_cpu_by_program()
        result[label + "_cpu_by_program"] = {k: round(v - cpu.get(k, 0.0), 2) for k, v in after.items()}
        result[label + "_cpu"] = sum(after.values()) - sum(cpu.values())
    best = min(("warm", "warm2"), key=lambda label: result[label + "_seconds"])
    result.update(seconds=result[best + "_seconds"], cpu=result[best + "_cpu"], rows=summary["rows"],
                  cpu_by_program=result[best + "_cpu_by_program"],
                  findings=summary["findings"], by_rule=summary["by_rule"])
    spark.stop()
else:
    import duckdb
    from bench_guard_audit import duckdb_audit_query, duckdb_query
    from sanctuary.dataguard.audits import open_readers
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    glob = os.path.join(folder, "*.csv")
    if engine == "duckdb":
        query = duckdb_audit_query(glob, open_readers(folder, "alpr")[1][0].columns, 500)
    else:
        query = duckdb_query(glob, 500)
    start = time.perf_counter(); cpu = time.process_time()
    cursor = connection.execute(query)
    rows = cursor.fetchall()
    result.update(seconds=time.perf_counter() - start, cpu=time.process_time() - cpu)
    names = [d[0] for d in cursor.description]
    records = [dict(zip(names, row)) for row in rows]
    if engine == "duckdb":
        total = next(r for r in records if r["by_user"] and r["by_agency"])
        result.update(rows=total["rows"], findings=int(total["findings"]),
                      by_rule={k: v for k, v in total.items() if k.startswith("alpr.")})
    else:
        result.update(rows=records[0]["rows"])
result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


def tree_cpu_by_program(root: int | None = None) -> dict[str, float]:
    """CPU seconds (user + system) of a process and all its descendants, with their reaped children, by
    program: ``driver`` (the process itself), then each descendant's name; for Spark, the JVM it starts
    (``java``) and the Python workers the JVM forks (``python``). Read from Linux ``/proc``."""
    root = root or os.getpid()
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[tuple[int, int]]] = {}
    own = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        ticks = sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
        if int(entry) == root:
            own = ticks
        name = open_name(entry)
        children.setdefault(int(fields[1]), []).append((int(entry), ticks, name))
    totals = {"driver": own / tick}
    stack = [root]
    while stack:
        for pid, ticks, name in children.get(stack.pop(), []):
            totals[name] = totals.get(name, 0.0) + ticks / tick
            stack.append(pid)
    return totals


def open_name(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as handle:
            return handle.read().strip()
    except OSError:
        return "?"


def run_engine(engine: str, folder: Path) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, engine, str(folder), __file__], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{engine} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["process_seconds"] = wall
    # Peak RSS of the largest child (for Spark that is the JVM or a Python worker, whichever was larger).
    result["children_max_rss_mb"] = after.ru_maxrss / 1024 if after.ru_maxrss != before.ru_maxrss else None
    result["rows_per_s"] = round(result["rows"] / result["seconds"])
    result["cores_busy"] = round(result["cpu"] / result["seconds"], 2)
    result["rows_per_cpu_s"] = round(result["rows"] / result["cpu"])
    # Per core: rows/s over the cores the engine kept busy (CPU seconds / wall seconds) = rows per CPU second.
    result["rows_per_s_per_core"] = result["rows_per_cpu_s"]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--file-rows", type=int, default=250_000)
    parser.add_argument("--seed", type=int, default=20250527)
    parser.add_argument("--engines", default="local,duckdb,spark")
    parser.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "sanctuary-bench"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    folder = make_export(Path(args.dir), args.files, args.file_rows, args.seed)
    size = sum(p.stat().st_size for p in folder.iterdir())
    load_before = os.getloadavg()
    figures: dict[str, Any] = {
        "input": {"folder": str(folder), "files": args.files, "rows": args.files * args.file_rows, "bytes": size}
    }
    runs: dict[str, list[dict[str, Any]]] = {}
    for engine in args.engines.split(","):  # an engine named twice runs twice; its fastest run is kept
        runs.setdefault(engine, []).append(run_engine(engine, folder))
    for engine, results in runs.items():
        figures[engine] = min(results, key=lambda r: r["seconds"])
        figures[engine]["all_seconds"] = [round(r["seconds"], 3) for r in results]
    figures["machine"] = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "loadavg_1m_before": round(load_before[0], 2),
        "loadavg_1m_after": round(os.getloadavg()[0], 2),
    }
    for other in ("duckdb", "duckdb-counts"):
        if "local" in figures and other in figures:
            figures[f"local_over_{other}_rows_per_s"] = round(
                figures["local"]["rows_per_s"] / figures[other]["rows_per_s"], 2
            )
            figures[f"local_over_{other}_per_core"] = round(
                figures["local"]["rows_per_s_per_core"] / figures[other]["rows_per_s_per_core"], 2
            )
    if "local" in figures and "spark" in figures:
        figures["local_over_spark_per_core"] = round(
            figures["local"]["rows_per_s_per_core"] / figures["spark"]["rows_per_s_per_core"], 2
        )
    # The engines that classify (not the counting query) must agree on every rule's count.
    counted = {engine: figures[engine]["by_rule"] for engine in ("local", "duckdb", "spark") if engine in figures}
    figures["same_counts_by_rule"] = len({json.dumps(c, sort_keys=True) for c in counted.values()}) <= 1
    if args.json:
        json.dump(figures, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"input: {args.files} files, {figures['input']['rows']:,} rows, {size / 1e6:,.0f} MB ({folder})")
    for engine in dict.fromkeys(args.engines.split(",")):
        f = figures[engine]
        extra = (
            f"; session start-up {f['startup_seconds']:.1f} s, first run {f['cold_seconds']:.1f} s "
            f"({f['cold_cpu']:.1f} CPU s), warm runs {f['warm_seconds']:.1f} and {f['warm2_seconds']:.1f} s; "
            f"CPU s by program: {f['cpu_by_program']}"
            if "startup_seconds" in f
            else ""
        )
        print(
            f"{engine:>13}: {f['rows_per_s']:>10,} rows/s in {f['seconds']:.2f} s, {f['cpu']:.2f} CPU s, "
            f"{f['cores_busy']} cores busy, {f['rows_per_s_per_core']:,} rows/s per core; "
            f"peak RSS {f['max_rss_mb']:.0f} MB{extra}; every run: {f['all_seconds']} s"
        )
    for key, value in figures.items():
        if key.startswith("local_over_") or key == "same_counts_by_rule":
            print(f"{key}: {value}")
    m = figures["machine"]
    print(f"machine: {m['cores']} cores; load average {m['loadavg_1m_before']} before, {m['loadavg_1m_after']} after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
