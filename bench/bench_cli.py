"""One-shot command start-up: `sanctuary --help` and `sanctuary decide FILE`, as fresh processes.

A script deciding a folder of requests, or a clerk's shell, pays the start-up every time: importing
what the verb needs and loading the packs (parsed and compiled once, then read from the cache).
Prints the median and the 90th percentile of wall time over repeated process starts, the CPU time
of the children, and the load average before and after.

    .venv/bin/python bench/bench_cli.py [--runs 20]

The children may write Python's bytecode cache (``PYTHONDONTWRITEBYTECODE`` is dropped for them), so
the warm-up run leaves Sanctuary's modules compiled, as an installed package has them (compiling
them at every start, as in a source tree with that variable set, costs more: about 0.2 s before
these commands imported only what their verb needs).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SANCTUARY = Path(sys.executable).with_name("sanctuary")
REQUEST = ROOT / "examples" / "requests" / "jail-detainer-hold.yaml"
TARGETS = {"--help": 0.2, "decide": 0.3}


def timed(args: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``runs`` fresh starts, after one warm-up (cache of packs, bytecode, disk)."""
    subprocess.run([str(SANCTUARY), *args], check=True, capture_output=True, env=env)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([str(SANCTUARY), *args], check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {options.runs} runs each")
    commands = (
        ("sanctuary --help", ["--help"]),
        ("sanctuary decide FILE", ["decide", str(REQUEST), "--json"]),
        ("  (rendered, no --json)", ["decide", str(REQUEST)]),
    )
    for name, args in commands:
        walls, cpus = timed(args, options.runs, env)
        walls.sort()
        p90 = walls[min(len(walls) - 1, int(0.9 * len(walls)))]
        target = TARGETS.get(args[0]) if "--json" in args or args == ["--help"] else None
        goal = f"   target <= {target * 1000:.0f} ms" if target else ""
        print(
            f"{name:26} p50 {statistics.median(walls) * 1000:6.0f} ms   p90 {p90 * 1000:6.0f} ms   "
            f"CPU p50 {statistics.median(cpus) * 1000:5.0f} ms{goal}"
        )
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
