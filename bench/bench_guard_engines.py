"""ALPR audit rows per second on one multi-file export: the local engine, Spark ``local[2]`` and DuckDB.

Not a test: prints figures. The input is a folder of monthly Flock-style Organization Audit CSV files
(``--files`` files of ``--file-rows`` rows; four distinct generated months, copied to make up the
rest), cached under the temporary directory. Each engine runs in its own child process, so each
has its own peak resident memory (``ru_maxrss`` of the child) and CPU time:

* **local**: ``AuditRun(folder, "alpr").run()``: every file streamed, every rule, findings spooled;
* **spark**: ``SparkAuditRun(folder, "alpr", master="local[2]").run()``: each file audited whole by
  one task with ``mapInArrow``, the summary aggregated by Spark (session start-up timed apart);
* **duckdb**: the same counting query as ``bench_guard_audit.py`` over ``read_csv`` of the glob.

"Per core" divides rows/s by the cores an engine kept busy (its CPU seconds over wall seconds);
Spark's JVM and workers are other processes, so ``local[2]`` is counted as its two cores, and its
second run in the session is timed (the first also starts the Python workers; both are printed).

    .venv/bin/python bench/bench_guard_engines.py                        # 8 x 250,000 rows
    .venv/bin/python bench/bench_guard_engines.py --files 20 --engines local   # 5,000,000 rows: memory
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
result = {}
if engine == "local":
    from sanctuary.dataguard.audits import AuditRun
    start = time.perf_counter(); cpu = time.process_time()
    with AuditRun(folder, "alpr") as run:
        run.run()
        summary = run.summary_json()
    result.update(seconds=time.perf_counter() - start, cpu=time.process_time() - cpu,
                  rows=summary["rows"], findings=summary["findings"])
elif engine == "spark":
    from sanctuary.dataguard.spark import SparkAuditRun, spark_session
    start = time.perf_counter()
    spark = spark_session("local[2]")
    result["startup_seconds"] = time.perf_counter() - start
    for label in ("cold", "warm"):  # the first run also starts the Python workers and their imports
        start = time.perf_counter()
        with SparkAuditRun(folder, "alpr", spark=spark) as run:
            run.run()
            summary = run.summary_json()
        result[label + "_seconds"] = time.perf_counter() - start
    result.update(seconds=result["warm_seconds"], rows=summary["rows"], findings=summary["findings"])
    # The JVM and its workers are not this process: local[2] is counted as the two cores it may use.
    result["cpu"] = 2 * result["seconds"]
    spark.stop()
else:
    import duckdb
    sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[3])))
    from bench_guard_audit import duckdb_query
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    query = duckdb_query(os.path.join(folder, "*.csv"), 500)
    start = time.perf_counter(); cpu = time.process_time()
    row = connection.execute(query).fetchone()
    result.update(seconds=time.perf_counter() - start, cpu=time.process_time() - cpu, rows=row[0])
result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


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
    result["rows_per_s_per_core"] = round(result["rows_per_s"] / max(result["cores_busy"], 1.0))
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
    if "local" in figures and "duckdb" in figures:
        figures["local_over_duckdb_rows_per_s"] = round(
            figures["local"]["rows_per_s"] / figures["duckdb"]["rows_per_s"], 2
        )
    if "local" in figures and "spark" in figures:
        figures["local_over_spark_per_core"] = round(
            figures["local"]["rows_per_s_per_core"] / figures["spark"]["rows_per_s_per_core"], 2
        )
    if args.json:
        json.dump(figures, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"input: {args.files} files, {figures['input']['rows']:,} rows, {size / 1e6:,.0f} MB ({folder})")
    for engine in dict.fromkeys(args.engines.split(",")):
        f = figures[engine]
        extra = (
            f"; session start-up {f['startup_seconds']:.1f} s, first run {f['cold_seconds']:.1f} s"
            if "startup_seconds" in f
            else ""
        )
        print(
            f"{engine:>6}: {f['rows_per_s']:>10,} rows/s in {f['seconds']:.2f} s, {f['cores_busy']} cores busy "
            f"({f['rows_per_s_per_core']:,} rows/s per core, {f['rows_per_cpu_s']:,} per CPU second); "
            f"peak RSS {f['max_rss_mb']:.0f} MB{extra}; "
            f"every run: {f['all_seconds']} s"
        )
    for key in ("local_over_duckdb_rows_per_s", "local_over_spark_per_core"):
        if key in figures:
            print(f"{key}: {figures[key]}")
    m = figures["machine"]
    print(f"machine: {m['cores']} cores; load average {m['loadavg_1m_before']} before, {m['loadavg_1m_after']} after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
