"""ALPR audit rows per second: `sanctuary guard audit` against a plain DuckDB regexp query, same file, one run.

Not a test: prints figures. One process, one machine, the same generated CSV for both:

* the input: a Flock-style Organization Audit export written by ``sanctuary.dataguard.audits.samples``
  (deterministic from ``--seed``; two-line quoted ``Time Frame`` cells, 2% planted violations), cached
  under the temporary directory so a second run does not regenerate it;
* **Sanctuary**: ``AuditRun(path, "alpr").run()`` — the streaming reader (row -> line mapping with
  quoted newlines), every ALPR rule, findings spooled to disk and the per-user/per-agency summary;
  then, timed separately, writing the JSON report;
* **DuckDB**: one ``SELECT count(*) FILTER (WHERE regexp_matches(...)) ...`` over
  ``read_csv(..., all_varchar = true)`` with the same patterns (translated to RE2: ``\\b`` for the
  ASCII word boundary), one count per rule, run with DuckDB's default threads.

    .venv/bin/python bench/bench_guard_audit.py                      # 2,000,000 rows, best of 3
    .venv/bin/python bench/bench_guard_audit.py --rows 500000 --repeat 1 --json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sanctuary.dataguard.audits import AuditRun, samples
from sanctuary.dataguard.audits import _patterns as p
from sanctuary.dataguard.audits._output import write_json


def re2(pattern: str) -> str:
    """Our Rust-regex patterns in RE2 syntax: RE2 has no `(?-u:...)`; its `\\b` is already ASCII."""
    return pattern.replace("(?-u:\\b)", "\\b")


def duckdb_query(path: Path, max_networks: int) -> str:
    def lit(pattern: str) -> str:
        return "'" + re2(pattern).replace("'", "''") + "'"

    text = 'concat_ws(\' \', "Reason", "Text Prompt", "Case #", "Filters")'
    unexplained = f"NOT regexp_matches(coalesce(\"Case #\", ''), {lit(p.HAS_NUMBER)})"
    return f"""
    SELECT
      count(*) AS rows,
      count(*) FILTER (WHERE regexp_matches({text}, {lit(p.IMMIGRATION)})) AS immigration,
      count(*) FILTER (WHERE regexp_matches("Reason", {lit(p.DROPDOWN)})) AS dropdown,
      count(*) FILTER (WHERE regexp_matches("Org Name", {lit(p.IMMIGRATION_AGENCY)})) AS immigration_agency,
      count(*) FILTER (WHERE regexp_matches("Org Name", {lit(p.FEDERAL_AGENCY)})) AS federal,
      count(*) FILTER (WHERE regexp_matches("Org Name", {lit(p.OUT_OF_STATE)})) AS out_of_state,
      count(*) FILTER (WHERE {unexplained} AND trim(coalesce("Reason", '')) = '') AS missing,
      count(*) FILTER (WHERE {unexplained} AND regexp_matches("Reason", {lit(p.VAGUE)})) AS vague,
      count(*) FILTER (
        WHERE TRY_CAST(replace("Total Networks Searched", ',', '') AS BIGINT) > {max_networks}
      ) AS many_networks
    FROM read_csv('{path}', header = true, all_varchar = true, quote = '"', escape = '"')
    """  # noqa: S608 - the bench's own patterns and file name, no outside input


def best(times: list[float]) -> float:
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per engine; the fastest is kept")
    parser.add_argument("--seed", type=int, default=20250527)
    parser.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "sanctuary-bench"))
    parser.add_argument("--no-duckdb", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    # The generator's source digest is in the name, so a changed generator never reuses a stale file.
    generator = hashlib.sha256(Path(samples.__file__).read_bytes()).hexdigest()[:8]
    path = folder / f"alpr-organization-{args.rows}-{args.seed}-{generator}.csv"
    generated = None
    if not path.exists():
        started = time.perf_counter()
        log = samples.write_sample_log(path, "alpr", args.rows, seed=args.seed, variant="organization")
        generated = {"seconds": round(time.perf_counter() - started, 1), "planted": len(log.planted)}
    size = path.stat().st_size
    load_before = os.getloadavg()

    ours: list[float] = []
    cpu: list[float] = []
    summary: dict[str, Any] = {}
    for _ in range(args.repeat):
        cpu_start = time.process_time()
        started = time.perf_counter()
        with AuditRun(path, "alpr") as run:
            run.run()
            ours.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_start)
            summary = run.summary_json()
            write_started = time.perf_counter()
            with open(folder / "audit.json", "w", encoding="utf-8") as handle:
                write_json(run, handle)
            json_seconds = time.perf_counter() - write_started
    rss_ours = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    duck: list[float] = []
    duck_cpu: list[float] = []
    duck_counts: dict[str, int] = {}
    duck_version = None
    if not args.no_duckdb:
        import duckdb

        duck_version = duckdb.__version__
        query = duckdb_query(path, 500)
        for _ in range(args.repeat):
            connection = duckdb.connect()
            cpu_start = time.process_time()
            started = time.perf_counter()
            result = connection.execute(query)
            row = result.fetchone()
            duck.append(time.perf_counter() - started)
            duck_cpu.append(time.process_time() - cpu_start)
            assert row is not None
            duck_counts = dict(zip([d[0] for d in result.description], row, strict=True))
            connection.close()
    load_after = os.getloadavg()

    rows = summary["rows"]
    figures: dict[str, Any] = {
        "input": {"path": str(path), "rows": rows, "bytes": size, "generated": generated},
        "sanctuary": {
            "seconds_best": round(best(ours), 3),
            "seconds_all": [round(t, 3) for t in ours],
            "rows_per_s": round(rows / best(ours)),
            "mb_per_s": round(size / best(ours) / 1e6, 1),
            "cpu_seconds_of_best": round(cpu[ours.index(best(ours))], 3),
            "json_report_seconds": round(json_seconds, 3),
            "findings": summary["findings"],
            "by_rule": summary["by_rule"],
            "read_path": summary["read_path"],
            "max_rss_mb": round(rss_ours),
        },
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_1m_before": round(load_before[0], 2),
            "loadavg_1m_after": round(load_after[0], 2),
        },
    }
    if duck:
        figures["duckdb"] = {
            "version": duck_version,
            "seconds_best": round(best(duck), 3),
            "seconds_all": [round(t, 3) for t in duck],
            "rows_per_s": round(rows / best(duck)),
            "cpu_seconds_of_best": round(duck_cpu[duck.index(best(duck))], 3),
            "counts": duck_counts,
        }
        figures["ratio_sanctuary_over_duckdb"] = round(best(duck) / best(ours), 2)
    if args.json:
        json.dump(figures, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    s = figures["sanctuary"]
    print(f"input: {rows:,} ALPR rows, {size / 1e6:,.0f} MB ({path})")
    if generated:
        print(f"  generated in {generated['seconds']} s with {generated['planted']:,} planted violations")
    print(
        f"sanctuary guard audit: {s['rows_per_s']:>12,} rows/s  ({s['seconds_best']} s best of {args.repeat}; "
        f"{s['mb_per_s']} MB/s; CPU {s['cpu_seconds_of_best']} s; max RSS {s['max_rss_mb']} MB)"
    )
    print(f"  {s['findings']:,} findings; JSON report written in {s['json_report_seconds']} s; path {s['read_path']}")
    print(f"  by rule: {s['by_rule']}")
    if duck:
        d = figures["duckdb"]
        print(
            f"duckdb {d['version']} regexp query: {d['rows_per_s']:>9,} rows/s  ({d['seconds_best']} s best; "
            f"CPU {d['cpu_seconds_of_best']} s)"
        )
        print(f"  counts: {d['counts']}")
        print(f"ratio (duckdb time / sanctuary time): {figures['ratio_sanctuary_over_duckdb']}")
    m = figures["machine"]
    print(
        f"machine: {m['cores']} cores, Python {m['python']}; load average (1 min) "
        f"{m['loadavg_1m_before']} before, {m['loadavg_1m_after']} after"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
