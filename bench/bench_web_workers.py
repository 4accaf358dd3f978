"""Requests/s of `sanctuary serve` with 1 worker process and with 4, on the same store and load.

A script that prints figures, not a test (pytest only collects tests/). Run from the repository root:

    .venv/bin/python bench/bench_web_workers.py [--database-url postgresql://postgres@127.0.0.1/db]
        [--workers 1,4] [--connections 16] [--requests 400] [--json]

For each worker count it starts `sanctuary serve --demo --workers N` on a fresh store (an SQLite
file in a temporary folder, or a new schema in the given PostgreSQL database, dropped afterwards),
logs in as the demo's front desk, and sends, as fast as `--connections` keep-alive connections
allow (closed loop), two loads one after the other:

* **decide**: `POST /api/decide` (session, CSRF, the decision; no write);
* **cases**: `POST /api/cases` (the same, then the case and its ledger entries written in one
  transaction that holds the ledger lock, and a sealed note).

Every answer is checked (200, 201). The client is the small asyncio HTTP/1.1 client of
bench_web.py. The machine's load average is printed with the figures: on a shared machine the
numbers move with it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench_web import HOST, Connection, build, free_port, log_in, machine, percentile

PACK = "us-ca-los-angeles"
DAY = "2026-06-01"
#: A detainer at the jail: decided, and saved as a case with its duties.
REQUEST = {
    "action": "hold",
    "setting": "jail",
    "requester": {"kind": "federal_immigration"},
    "instrument": {"type": "detainer"},
}
STARTUP_SECONDS = 180.0


@contextmanager
def fresh_store(database_url: str | None) -> Iterator[dict[str, str]]:
    """The environment of a new store: an SQLite file, or a new PostgreSQL schema dropped afterwards."""
    with tempfile.TemporaryDirectory(prefix="bench-workers-") as folder:
        env = {**os.environ, "SANCTUARY_DATA_DIR": folder}
        for name in ("SANCTUARY_DATABASE_URL", "SANCTUARY_KEY_DIR", "SANCTUARY_PACKS_PATH", "SANCTUARY_PACK"):
            env.pop(name, None)
        if database_url is None:
            yield env
            return
        from sqlalchemy import create_engine

        from sanctuary.records import parse_url

        url = parse_url(database_url)
        schema = f"bench_workers_{uuid.uuid4().hex[:12]}"
        admin = create_engine(url)
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        try:
            env["SANCTUARY_DATABASE_URL"] = url.update_query_dict(
                {"options": f"-csearch_path={schema}"}
            ).render_as_string(hide_password=False)
            subprocess.run([*sanctuary(), "db", "upgrade"], env=env, check=True, stdout=subprocess.DEVNULL)
            yield env
        finally:
            with admin.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.dispose()


def sanctuary() -> list[str]:
    beside = Path(sys.executable).with_name("sanctuary")
    return [str(beside)] if beside.exists() else [sys.executable, "-c", "from sanctuary.cli import main; main()"]


async def ready(port: int, process: subprocess.Popen[bytes]) -> None:
    """Wait until the server answers (the workers have built their apps)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            conn = await Connection.open(port)
            try:
                status, _, _ = await asyncio.wait_for(conn.request(build("GET", "/login", port)), 10)
            finally:
                conn.close()
            if status == 200:
                return
        except (OSError, TimeoutError, asyncio.IncompleteReadError):
            pass
        await asyncio.sleep(0.3)
    raise RuntimeError(f"the server did not answer in {STARTUP_SECONDS:.0f} s")


async def load(port: int, raw: bytes, expect: int, requests: int, connections: int) -> dict[str, Any]:
    """Send ``requests`` copies of ``raw`` over ``connections`` connections as fast as they are answered."""
    pool = [await Connection.open(port) for _ in range(connections)]
    remaining = requests
    latencies: list[float] = []
    errors = 0

    async def run(conn: Connection) -> None:
        nonlocal remaining, errors
        while remaining > 0:
            remaining -= 1
            began = time.perf_counter()
            status, _, _ = await conn.request(raw)
            latencies.append(time.perf_counter() - began)
            errors += status != expect

    began = time.perf_counter()
    await asyncio.gather(*(run(conn) for conn in pool))
    seconds = time.perf_counter() - began
    for conn in pool:
        conn.close()
    latencies.sort()
    return {
        "requests": requests,
        "errors": errors,
        "seconds": round(seconds, 2),
        "requests_per_s": round(requests / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
    }


async def measure(port: int, process: subprocess.Popen[bytes], args: argparse.Namespace) -> dict[str, Any]:
    await ready(port, process)
    headers = {"Content-Type": "application/json", **await log_in(port)}
    decide = build("POST", f"/api/decide?pack={PACK}&on={DAY}", port, json.dumps(REQUEST).encode(), headers)
    case = {"request": REQUEST, "channel": "fax", "pack": PACK, "received": DAY}
    cases = build("POST", "/api/cases", port, json.dumps(case).encode(), headers)
    await load(port, decide, 200, args.connections * 4, args.connections)  # warm-up: every worker, every pool
    return {
        "decide": await load(port, decide, 200, args.requests, args.connections),
        "cases": await load(port, cases, 201, args.requests, args.connections),
    }


def run_one(workers: int, args: argparse.Namespace) -> dict[str, Any]:
    with fresh_store(args.database_url) as env:
        port = free_port()
        command = [*sanctuary(), "serve", "--demo", "--host", HOST, "--port", str(port), "--workers", str(workers)]
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        try:
            result = asyncio.run(measure(port, process, args))
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        verified = subprocess.run([*sanctuary(), "ledger", "verify", "--json"], env=env, capture_output=True, text=True)
        result["ledger_verified"] = verified.returncode == 0 and json.loads(verified.stdout)["ok"]
    return {"workers": workers, "load_average": [round(x, 2) for x in os.getloadavg()], **result}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="a PostgreSQL database to make a fresh schema in (default: SQLite)")
    parser.add_argument("--workers", default="1,4", help="worker counts to compare, comma-separated (default 1,4)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent keep-alive connections (default 16)")
    parser.add_argument("--requests", type=int, default=400, help="requests per load (default 400)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    runs = [run_one(int(count), args) for count in args.workers.split(",")]
    database = "PostgreSQL" if args.database_url else "SQLite"
    if args.json:
        print(json.dumps({"machine": machine(), "database": database, "runs": runs}, indent=2))
        return 0
    info = machine()
    print(f"{info['cpus']} CPUs ({info['cpu']}), Python {info['python']}, {database}")
    print(f"{args.requests} requests per load over {args.connections} connections, closed loop")
    print(f"{'workers':>7}  {'load':<7}  {'req/s':>8}  {'p50 ms':>7}  {'p99 ms':>7}  {'errors':>6}  load avg   ledger")
    for run in runs:
        for name in ("decide", "cases"):
            figures = run[name]
            print(
                f"{run['workers']:>7}  {name:<7}  {figures['requests_per_s']:>8.1f}  {figures['p50_ms']:>7.1f}  "
                f"{figures['p99_ms']:>7.1f}  {figures['errors']:>6}  {run['load_average'][0]:>8.2f}   "
                f"{'verified' if run['ledger_verified'] else 'NOT VERIFIED'}"
            )
    return 0 if all(run["ledger_verified"] for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
