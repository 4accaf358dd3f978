"""Load benchmark: POST /api/decide on the real server against a bare FastAPI endpoint, on loopback.

A script that prints figures, not a test (pytest only collects tests/). Run from the repository root:

    .venv/bin/python bench/bench_web.py [--rates 100,200,300,400,500] [--seconds 5] [--json]

In one run it starts two servers, one after the other, each with uvicorn on 127.0.0.1 in its own
process, single worker, no access log (as `sanctuary serve` runs):

* **decide**: `sanctuary serve --demo` on an SQLite database in a temporary folder. The driver
  logs in as `front_desk` (login form, CSRF token from `GET /api/session`) and sends
  `POST /api/decide?pack=us-ca-los-angeles&on=2026-06-01` with the session cookie and the
  `X-CSRF-Token` header: session check, CSRF check, validation, the decision, its JSON.
* **bare**: a minimal FastAPI app defined here (`POST /bare` answering `{"ok": true}`), started the
  same way, sent the same body.

The driver is a small asyncio HTTP/1.1 client (keep-alive connections, at most `--connections`
at once), lighter than a general client so that it leaves the server most of the machine. For
each rate it sends `rate x seconds` requests on a fixed schedule (open loop) and measures each
latency from the request's *scheduled* start, so a server that falls behind is charged for the
queue (no coordinated omission). A last closed-loop step sends as fast as the connections allow
and gives the most requests/s. Every request is checked for a 200.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
PACK = "us-ca-los-angeles"
DAY = "2026-06-01"
ACCOUNT = ("front_desk", "demo-front-desk")
#: The front-desk example: ICE with an administrative warrant at a city office's staff area.
BODY = json.dumps(
    {
        "action": "enter_facility",
        "setting": "city_office",
        "area": "non_public",
        "requester": {"kind": "federal_immigration", "agency": "ICE ERO"},
        "purpose": "civil_immigration",
        "instrument": {"type": "administrative_warrant", "signed_by_judge": False, "federal": True},
    }
).encode()


# --- the bare endpoint (run in its own process with --bare-server) ---------------------------------


def serve_bare(port: int) -> None:
    import uvicorn
    from fastapi import FastAPI

    app = FastAPI()

    @app.post("/bare")
    async def bare() -> dict[str, bool]:
        return {"ok": True}

    uvicorn.run(app, host=HOST, port=port, access_log=False, log_level="warning")


# --- a minimal HTTP/1.1 client over asyncio streams ------------------------------------------------


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(HOST, port)
        return cls(reader, writer)

    async def request(self, raw: bytes) -> tuple[int, dict[str, list[str]], bytes]:
        self.writer.write(raw)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers: dict[str, list[str]] = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers.setdefault(name.strip().lower(), []).append(value.strip())
        if "chunked" in ",".join(headers.get("transfer-encoding", [])):
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", ["0"])[0]))
        return status, headers, body

    def close(self) -> None:
        self.writer.close()


def build(method: str, path: str, port: int, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: keep-alive"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def cookie_value(headers: dict[str, list[str]], name: str) -> str:
    for line in headers.get("set-cookie", []):
        key, _, rest = line.partition("=")
        if key.strip() == name:
            return rest.split(";", 1)[0]
    raise RuntimeError(f"no {name} cookie in the answer")


async def log_in(port: int) -> dict[str, str]:
    """The headers of a logged-in front-desk API call: session cookie and CSRF token."""
    from urllib.parse import urlencode

    conn = await Connection.open(port)
    try:
        status, headers, body = await conn.request(build("GET", "/login", port))
        if status != 200:
            raise RuntimeError(f"GET /login answered {status}")
        match = re.search(rb'name="csrf_token" value="([^"]*)"', body)
        if match is None:
            raise RuntimeError("no CSRF token on the login page")
        login_cookie = cookie_value(headers, "sanctuary_login")
        form = urlencode({"name": ACCOUNT[0], "password": ACCOUNT[1], "csrf_token": match.group(1).decode()}).encode()
        status, headers, _ = await conn.request(
            build(
                "POST",
                "/login",
                port,
                form,
                {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"sanctuary_login={login_cookie}"},
            )
        )
        if status != 303:
            raise RuntimeError(f"POST /login answered {status}")
        cookie = f"sanctuary_session={cookie_value(headers, 'sanctuary_session')}"
        status, _, body = await conn.request(build("GET", "/api/session", port, headers={"Cookie": cookie}))
        if status != 200:
            raise RuntimeError(f"GET /api/session answered {status}")
        return {"Cookie": cookie, "X-CSRF-Token": json.loads(body)["csrf_token"]}
    finally:
        conn.close()


# --- the load -------------------------------------------------------------------------------------


@dataclass
class Step:
    target: str
    offered: float | None  # requests/s offered; None for the closed-loop (as fast as possible) step
    requests: int
    errors: int
    seconds: float
    achieved: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return math.nan
    index = min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))
    return sorted_values[index]


async def run_step(
    target: str, port: int, raw: bytes, rate: float | None, total: int, connections: int, timeout: float
) -> Step:
    pool = [await Connection.open(port) for _ in range(connections)]
    queue: asyncio.Queue[float | None] = asyncio.Queue()
    latencies: list[float] = []
    errors = 0

    async def worker(conn: Connection) -> None:
        nonlocal errors
        while (scheduled := await queue.get()) is not None:
            start = scheduled if rate is not None else time.perf_counter()
            try:
                status, _, _ = await asyncio.wait_for(conn.request(raw), timeout)
            except (TimeoutError, OSError, asyncio.IncompleteReadError):
                errors += 1
                conn.close()
                conn = await Connection.open(port)
                continue
            if status != 200:
                errors += 1
            latencies.append(time.perf_counter() - start)

    workers = [asyncio.create_task(worker(conn)) for conn in pool]
    began = time.perf_counter()
    if rate is None:
        for _ in range(total):
            queue.put_nowait(0.0)
    else:
        for i in range(total):
            scheduled = began + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            queue.put_nowait(scheduled)
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    elapsed = time.perf_counter() - began
    for conn in pool:
        conn.close()
    latencies.sort()
    ms = [x * 1000 for x in latencies]
    return Step(
        target=target,
        offered=rate,
        requests=total,
        errors=errors,
        seconds=round(elapsed, 3),
        achieved=round(len(latencies) / elapsed, 1),
        p50_ms=round(percentile(ms, 0.50), 2),
        p90_ms=round(percentile(ms, 0.90), 2),
        p99_ms=round(percentile(ms, 0.99), 2),
        max_ms=round(ms[-1] if ms else math.nan, 2),
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not listen on {port}")


def start(target: str, data: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    if target == "decide":
        sanctuary = Path(sys.executable).with_name("sanctuary")
        command = [str(sanctuary) if sanctuary.exists() else (shutil.which("sanctuary") or "sanctuary")]
        command += ["serve", "--demo", "--host", HOST, "--port", str(port)]
    else:
        command = [sys.executable, __file__, "--bare-server", str(port)]
    env = {**os.environ, "SANCTUARY_DATA_DIR": str(data)}
    for name in ("SANCTUARY_DATABASE_URL", "SANCTUARY_PACKS_PATH", "SANCTUARY_PACK"):
        env.pop(name, None)
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, cwd=data)
    wait_for(port, process)
    return process, port


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def measure(target: str, port: int, args: argparse.Namespace) -> list[Step]:
    headers = {"Content-Type": "application/json"}
    if target == "decide":
        headers |= await log_in(port)
        path = f"/api/decide?pack={PACK}&on={DAY}"
    else:
        path = "/bare"
    raw = build("POST", path, port, BODY, headers)
    # Warm-up: caches (the pack stack), the connection pool, the interpreter.
    await run_step(target, port, raw, None, 500, args.connections, args.timeout)
    steps = []
    for rate in args.rates:
        steps.append(await run_step(target, port, raw, rate, int(rate * args.seconds), args.connections, args.timeout))
    steps.append(await run_step(target, port, raw, None, args.closed, args.connections, args.timeout))
    return steps


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rates", default="50,100,200,300,400,500", help="offered requests/s, comma-separated")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per rate (default 5)")
    parser.add_argument("--closed", type=int, default=3000, help="requests in the closed-loop step (default 3000)")
    parser.add_argument("--connections", type=int, default=32, help="keep-alive connections (default 32)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a request counts as an error")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--bare-server", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        serve_bare(args.bare_server)
        return 0
    args.rates = [float(r) for r in args.rates.split(",") if r.strip()]
    if any(r <= 0 or r > 2000 for r in args.rates) or not 1 <= args.connections <= 256 or args.closed > 100_000:
        parser.error("rates must be in (0, 2000], connections in [1, 256], --closed at most 100000")

    steps: list[Step] = []
    with tempfile.TemporaryDirectory(prefix="sanctuary-bench-web-") as tmp:
        for target in ("bare", "decide"):
            data = Path(tmp) / target
            data.mkdir()
            process, port = start(target, data)
            try:
                steps += asyncio.run(measure(target, port, args))
            finally:
                stop(process)

    if args.json:
        print(json.dumps({"machine": machine(), "steps": [asdict(s) for s in steps]}, indent=2))
        return 0
    info = machine()
    print(f"{info['cpus']} CPUs · {info['cpu']} · Python {info['python']} · {info['platform']}")
    print(f"{args.connections} connections, {args.seconds:g} s per rate; latency from the scheduled start\n")
    columns = ("offered/s", "achieved/s", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms")
    print(f"{'target':<7} " + " ".join(f"{c:>{max(len(c), 8)}}" for c in columns))
    for s in steps:
        offered = "max" if s.offered is None else f"{s.offered:g}"
        print(
            f"{s.target:<7} {offered:>9} {s.achieved:>10.1f} {s.errors:>8} "
            f"{s.p50_ms:>8.2f} {s.p90_ms:>8.2f} {s.p99_ms:>8.2f} {s.max_ms:>8.2f}"
        )
    by = {(s.target, s.offered): s for s in steps}
    top = max(args.rates)
    bare_max, decide_max = by[("bare", None)], by[("decide", None)]
    print()
    print(
        f"most requests/s: decide {decide_max.achieved:.0f}, bare {bare_max.achieved:.0f} "
        f"(bare / decide = {bare_max.achieved / decide_max.achieved:.2f}; target <= 2)"
    )
    decide_top, bare_top = by[("decide", top)], by[("bare", top)]
    print(
        f"at {top:g}/s: decide p50 {decide_top.p50_ms:.2f} ms, p99 {decide_top.p99_ms:.2f} ms (target p99 < 50 ms); "
        f"bare p50 {bare_top.p50_ms:.2f} ms, p99 {bare_top.p99_ms:.2f} ms"
    )
    return 1 if any(s.errors for s in steps) else 0


if __name__ == "__main__":
    sys.exit(main())
