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

from sanctuary.dataguard.audits import AuditRun, ColumnMap, samples
from sanctuary.dataguard.audits import _patterns as p
from sanctuary.dataguard.audits._alpr import TEXT_ROLES
from sanctuary.dataguard.audits._output import write_json

SCALAR_ROLES = ("user", "agency", "networks", "search_type", "state")


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


def duckdb_audit_query(path: Path | str, columns: ColumnMap, max_networks: int) -> str:
    """The local engine's ALPR classification as one DuckDB query: the same rules and their exceptions
    (benign phrases re-checked on matching rows, the dropdown apart, the rule precedence), the
    immigration category and matched words, hotlist lookups apart, and the summary by rule, user and
    agency (``GROUPING SETS``). What it does not do: line numbers, evidence cells, spooled findings."""

    def lit(pattern: str) -> str:
        return "'" + re2(pattern).replace("'", "''") + "'"

    def has(role: str) -> bool:
        return role in columns.roles

    def cell(role: str) -> str:
        return f"coalesce(\"{columns.header(role)}\", '') AS c_{role}"

    def matches(value: str, pattern: str, benign: str | None = None) -> str:
        test = f"regexp_matches({value}, {lit(pattern)})"
        if benign is None:
            return test
        return f"({test} AND regexp_matches(regexp_replace({value}, {lit(benign)}, ' ', 'g'), {lit(pattern)}))"

    roles = [role for role in TEXT_ROLES if has(role)]
    drop = {role: matches(f"c_{role}", p.DROPDOWN) for role in ("reason", "offense") if has(role)}
    immigration = {
        role: f"({matches(f'c_{role}', p.IMMIGRATION, p.IMMIGRATION_BENIGN)}"
        + (f" AND NOT {drop[role]})" if role in drop else ")")
        for role in roles
    }
    found_text = "CASE " + " ".join(f"WHEN {immigration[r]} THEN c_{r}" for r in roles) + " END"
    category = (
        "CASE WHEN imm_text IS NULL THEN NULL "
        + " ".join(
            f"WHEN regexp_matches(imm_clean, {lit(pattern)}) THEN '{name}'"
            for name, pattern in p.IMMIGRATION_CATEGORIES
        )
        + f" ELSE '{p.OTHER_CATEGORY}' END"
    )
    out_of_state = matches("c_agency", p.OUT_OF_STATE, p.OUT_OF_STATE_BENIGN)
    if has("state"):
        out_of_state = f"({out_of_state} OR NOT {matches('c_state', p.HOME_STATE)})"
    unexplained = "NOT found AND NOT dropdown" + (f" AND NOT {matches('c_case', p.HAS_NUMBER)}" if has("case") else "")
    if has("offense"):
        unexplained += f" AND {matches('c_offense', p.OTHER_OR_EMPTY)}"
    rates = {
        "immigration": "(found OR dropdown)",
        "vague": "(missing OR vague)",
        "network_wide": "many",
    }
    rule_flags = {
        "alpr.reason.immigration": "found",
        "alpr.reason.immigration_dropdown": "dropdown",
        "alpr.requester.immigration_agency": "imm_agency",
        "alpr.requester.federal": "federal",
        "alpr.requester.out_of_state": "out_of_state",
        "alpr.reason.missing": "missing",
        "alpr.reason.vague": "vague",
        "alpr.search.many_networks": "many",
        "alpr.reason.redacted": "redacted",
    }
    findings = " + ".join(f"{flag}::INT" for flag in rule_flags.values())
    per_rule = ",\n      ".join(
        f'count(*) FILTER (WHERE {flag}) AS "{rule}", count(*) FILTER (WHERE {flag} AND lookup) AS "lookup:{rule}"'
        for rule, flag in rule_flags.items()
    )
    per_category = ",\n      ".join(
        f"count(*) FILTER (WHERE category = '{name}') AS \"category:{name}\""
        for name in [*(n for n, _ in p.IMMIGRATION_CATEGORIES), p.OTHER_CATEGORY]
    )
    per_rate = ",\n      ".join(
        f'count(*) FILTER (WHERE {flag} AND NOT lookup) AS "rate:{name}"' for name, flag in rates.items()
    )
    source = f"read_csv('{path}', header = true, all_varchar = true, quote = '\"', escape = '\"')"
    cells = ", ".join(cell(role) for role in columns.roles if role in {*TEXT_ROLES, *SCALAR_ROLES})
    return f"""
    WITH cells AS (SELECT {cells} FROM {source}),
    flags AS (
      SELECT *,
        {" OR ".join(drop.values()) or "false"} AS dropdown,
        {found_text} AS imm_text,
        regexp_matches(c_reason, {lit(p.REDACTED)}) AS redacted,
        {matches("c_agency", p.IMMIGRATION_AGENCY)} AS imm_agency,
        {matches("c_agency", p.FEDERAL_AGENCY)} AS fed_agency,
        {out_of_state} AS oos,
        coalesce(TRY_CAST(regexp_replace(c_networks, '[,\\s]', '', 'g') AS BIGINT) > {max_networks}, false) AS many,
        {matches("c_search_type", p.LOOKUP) if has("search_type") else "false"} AS lookup
      FROM cells
    ),
    classified AS (
      SELECT *,
        imm_text IS NOT NULL AS found,
        regexp_replace(imm_text, {lit(p.IMMIGRATION_BENIGN)}, ' ', 'g') AS imm_clean,
        fed_agency AND NOT imm_agency AS federal,
        oos AND NOT imm_agency AND NOT fed_agency AS out_of_state
      FROM flags
    ),
    unexplained AS (
      SELECT *,
        regexp_extract(imm_clean, {lit(p.IMMIGRATION)}, 1) AS matched,
        {category} AS category,
        ({unexplained}) AND (regexp_matches(c_reason, '^\\s*$')
          OR ({matches("c_reason", p.KEYSTROKE)} AND NOT redacted)) AS missing
      FROM classified
    ),
    rows AS (
      SELECT *,
        ({unexplained}) AND {matches("c_reason", p.VAGUE)} AND NOT redacted AND NOT missing AS vague
      FROM unexplained
    )
    SELECT
      grouping(c_user) AS by_user, grouping(c_agency) AS by_agency, c_user, c_agency,
      count(*) AS rows,
      count(*) FILTER (WHERE lookup) AS lookups,
      sum({findings}) AS findings,
      sum({findings}) FILTER (WHERE lookup) AS lookup_findings,
      {per_rate},
      {per_rule},
      {per_category},
      count(*) FILTER (WHERE found AND matched <> '') AS matched
    FROM rows
    GROUP BY GROUPING SETS ((c_user), (c_agency), ())
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
