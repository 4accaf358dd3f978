"""Time to fill a new database with the demo's cases, as ``sanctuary serve --demo`` does on first start.

Not a test: prints figures. Each run makes a fresh SQLite store in a temporary folder, then times
``Site.seed_demo()`` (the demo accounts, and a year of cases decided and saved through the real
services on their own connection), and the same cases written with the store's usual durability
(every commit flushed to disk) for comparison. The machine's load average is printed alongside.

    .venv/bin/python bench/bench_demo.py
    .venv/bin/python bench/bench_demo.py --runs 3 --json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from sanctuary.records import Settings, Store, upgrade_database
from sanctuary.services.demo import seed_demo_cases
from sanctuary.services.site import Site


def _settings(root: Path) -> Settings:
    settings = Settings(data_dir=root, database_url=f"sqlite:///{root / 'demo.db'}", key_dir=root / "keys")
    upgrade_database(settings)
    return settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1, help="fresh databases to seed (default 1)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    seeded: list[float] = []
    durable: list[float] = []
    cases = 0
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            site = Site.open(_settings(Path(folder) / "a"))
            started = time.perf_counter()
            site.seed_demo()
            seeded.append(time.perf_counter() - started)
            cases = len(site.cases(limit=100_000))
            site.close()
            with Store.open(_settings(Path(folder) / "b")) as store:
                started = time.perf_counter()
                seed_demo_cases(store)
                durable.append(time.perf_counter() - started)
    figures = {
        "cases": cases,
        "seed_demo_s": statistics.median(seeded),
        "every_commit_flushed_s": statistics.median(durable),
        "load_average_1min": os.getloadavg()[0],
        "cpus": os.cpu_count() or 0,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:<24} {value:,.2f}" if isinstance(value, float) else f"{key:<24} {value:,}")


if __name__ == "__main__":
    main()
