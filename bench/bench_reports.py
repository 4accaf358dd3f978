"""Time to build a report from N cases: loading the facts from the store, then building, suppressing
and rendering each format.

Not a test: prints figures. Builds an SQLite store of N fictitious cases (the test generator's mix:
decisions by the real engine, counsel's decisions, duties done on time, late or left open), then
times ``make_report`` (load + tables + complementary suppression) for each kind over the year, and
the rendering of each format for the transparency report.

    .venv/bin/python bench/bench_reports.py            # 10,000 cases
    .venv/bin/python bench/bench_reports.py --n 2000 --json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from reports_generator import Clock, generate

from sanctuary.records import Settings, Store, upgrade_database
from sanctuary.reports import FORMATS, KINDS, render
from sanctuary.services.reporting import make_report

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000, help="cases in the store (default 10,000)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        settings = Settings(
            data_dir=root / "var", database_url=f"sqlite:///{root / 'r.db'}", key_dir=root / "keys", origin="b/l"
        )
        upgrade_database(settings)
        clock = Clock(dt.datetime(2024, 12, 1, tzinfo=dt.UTC))
        with Store.open(settings, clock=clock) as store:
            started = time.perf_counter()
            generate(store, clock, args.n)
            figures: dict[str, float] = {"cases": args.n, "generate_s": time.perf_counter() - started}
            reports = {}
            for kind in KINDS:
                started = time.perf_counter()
                reports[kind] = make_report(store, kind, "2025", now=NOW)
                figures[f"{kind}_s"] = time.perf_counter() - started
        for name in FORMATS:
            started = time.perf_counter()
            render(reports["transparency"], name)
            figures[f"render_{name}_s"] = time.perf_counter() - started
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:<24} {value:,.3f}" if isinstance(value, float) else f"{key:<24} {value:,}")


if __name__ == "__main__":
    main()
