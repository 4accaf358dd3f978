"""Ledger appends per second (single and batched) against raw SQLite inserts, and verification time.

Not a test: prints figures. One process, one machine, one run:

* appends through the store (``LedgerStore.append``: one transaction each, and ``append_many``:
  BATCH entries per transaction), each computing canonical JSON, the leaf hash and the new
  frontier, under the ledger lock, on SQLite with WAL and ``synchronous=FULL``;
* raw inserts of exactly the same rows (index, kind, case id, payload, leaf hash) with the
  ``sqlite3`` module into an identical table, with the same pragmas, one transaction each and
  BATCH per transaction;
* ``Store.verify()`` over a ledger of VERIFY entries (built with batched appends, with a signed
  checkpoint every tenth of the way): every payload rehashed, the tree rebuilt, every checkpoint
  signature and root checked, consistency proofs between consecutive checkpoints.

    .venv/bin/python bench/bench_records.py      # 2,000 single, 200,000 batched, 1,000,000 verified
    .venv/bin/python bench/bench_records.py --verify 100000 --json
"""

from __future__ import annotations

import argparse
import json
import secrets
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sanctuary.records import EventKind, Settings, Store, upgrade_database

RAW_TABLE = """
CREATE TABLE ledger_entries (
    "index" BIGINT NOT NULL PRIMARY KEY, kind VARCHAR(32) NOT NULL, case_id VARCHAR(32),
    payload TEXT NOT NULL, leaf_hash BLOB NOT NULL
)"""
RAW_INDEX = "CREATE INDEX ix_ledger_entries_case_id ON ledger_entries (case_id)"
RAW_INSERT = 'INSERT INTO ledger_entries ("index", kind, case_id, payload, leaf_hash) VALUES (?, ?, ?, ?, ?)'


def events(count: int, start: int = 0) -> Iterator[tuple[EventKind, dict[str, Any], None]]:
    """Entries shaped like real ones: a case_opened with the request's vocabulary and two pseudonyms.

    They name no case (there are no case rows here; verification cross-checks the rows of named cases).
    """
    for n in range(start, start + count):
        yield (
            EventKind.CASE_OPENED,
            {
                "request": {
                    "action": "hold",
                    "setting": "jail",
                    "requester": {"kind": "federal_immigration", "acting_for_immigration": False},
                    "instrument": {"type": "detainer", "nondisclosure_order": False},
                    "subject": {"in_custody": True, "consent": False, "info_public": False},
                },
                "request_sha256": secrets.token_hex(32),
                "subjects": [secrets.token_hex(32), secrets.token_hex(32)],
                "n": n,
            },
            None,
        )


def open_store(folder: Path, name: str) -> Store:
    settings = Settings(
        data_dir=folder, database_url=f"sqlite:///{folder / name}", key_dir=folder / "keys", origin="bench.local/ledger"
    )
    upgrade_database(settings)
    return Store.open(settings)


def raw_connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute(RAW_TABLE)
    connection.execute(RAW_INDEX)
    return connection


def stored_rows(store: Store) -> list[tuple[int, str, str | None, str, bytes]]:
    return [(e.index, e.kind, e.case_id, e.payload, e.leaf_hash) for e in store.ledger.entries()]


def bench_single(folder: Path, count: int) -> dict[str, float]:
    store = open_store(folder, "single.db")
    todo = list(events(count))
    started = time.perf_counter()
    for kind, fields, case_id in todo:
        store.ledger.append(kind, fields, case_id=case_id)
    ours = time.perf_counter() - started
    rows = stored_rows(store)
    store.close()
    raw = raw_connection(folder / "raw-single.db")
    started = time.perf_counter()
    for row in rows:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(RAW_INSERT, row)
        raw.execute("COMMIT")
    raw_seconds = time.perf_counter() - started
    raw.close()
    return {"entries": count, "appends_per_s": count / ours, "raw_inserts_per_s": count / raw_seconds}


def bench_batched(folder: Path, count: int, batch: int) -> dict[str, float]:
    store = open_store(folder, "batched.db")
    todo = [list(events(min(batch, count - start), start)) for start in range(0, count, batch)]
    started = time.perf_counter()
    for chunk in todo:
        store.ledger.append_many(chunk)
    ours = time.perf_counter() - started
    rows = stored_rows(store)
    store.close()
    raw = raw_connection(folder / "raw-batched.db")
    started = time.perf_counter()
    for start in range(0, len(rows), batch):
        raw.execute("BEGIN IMMEDIATE")
        raw.executemany(RAW_INSERT, rows[start : start + batch])
        raw.execute("COMMIT")
    raw_seconds = time.perf_counter() - started
    raw.close()
    return {
        "entries": count,
        "batch": batch,
        "appends_per_s": count / ours,
        "raw_inserts_per_s": count / raw_seconds,
    }


def bench_verify(folder: Path, count: int, batch: int) -> dict[str, float]:
    store = open_store(folder, "verify.db")
    step = max(batch, count // 10)
    started = time.perf_counter()
    for start in range(0, count, batch):
        store.ledger.append_many(events(min(batch, count - start), start))
        if (start + batch) % step == 0 or start + batch >= count:
            store.ledger.checkpoint()
    built = time.perf_counter() - started
    report = store.verify()
    store.close()
    if not report.ok:
        raise SystemExit(f"the benchmark ledger does not verify: {report.problems[:3]}")
    return {
        "entries": report.entries,
        "checkpoints": report.checkpoints,
        "build_appends_per_s": count / built,
        "verify_seconds": report.seconds,
        "verified_entries_per_s": report.entries / report.seconds,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--single", type=int, default=2_000, help="appends, one transaction each (default 2,000)")
    parser.add_argument("--batched", type=int, default=200_000, help="appends in batches (default 200,000)")
    parser.add_argument("--batch", type=int, default=1_000, help="entries per transaction (default 1,000)")
    parser.add_argument("--verify", type=int, default=1_000_000, help="entries to verify (default 1,000,000)")
    parser.add_argument("--dir", help="work folder (default: a temporary folder, removed afterwards)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="sanctuary-bench-") as tmp:
        folder = Path(tmp)
        figures = {
            "python": sys.version.split()[0],
            "sqlite": sqlite3.sqlite_version,
            "single": bench_single(folder, args.single),
            "batched": bench_batched(folder, args.batched, args.batch),
            "verify": bench_verify(folder, args.verify, args.batch),
        }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    single, batched, verify = figures["single"], figures["batched"], figures["verify"]
    print(f"Python {figures['python']}, SQLite {figures['sqlite']} (WAL, synchronous=FULL)")
    for label, row in (("single appends  ", single), ("batched appends ", batched)):
        ours, raw = row["appends_per_s"], row["raw_inserts_per_s"]
        per = f", {row['batch']:,} per transaction" if "batch" in row else ", one transaction each"
        print(
            f"{label}: {ours:>10,.0f} /s   raw inserts {raw:>10,.0f} /s   ratio {raw / ours:.2f}x  "
            f"({row['entries']:,} entries{per})"
        )
    print(
        f"verify          : {verify['entries']:,} entries, {verify['checkpoints']} checkpoints in "
        f"{verify['verify_seconds']:.2f} s ({verify['verified_entries_per_s']:,.0f} entries/s); "
        f"built at {verify['build_appends_per_s']:,.0f} appends/s"
    )
    print("targets: batched >= 5,000 appends/s and within 3x of raw inserts; verify 1,000,000 entries in < 10 s")


if __name__ == "__main__":
    main()
