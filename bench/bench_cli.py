"""One-shot command start-up: `sanctuary --help` and `sanctuary decide FILE`, as fresh processes.

A script deciding a folder of requests, or a clerk's shell, pays the start-up every time: importing
what the verb needs and loading the packs (parsed once, then read from the cache of parsed packs).
Prints the median and the 90th percentile of wall time over repeated process starts.

    .venv/bin/python bench/bench_cli.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SANCTUARY = Path(sys.executable).with_name("sanctuary")
REQUEST = ROOT / "examples" / "requests" / "jail-detainer-hold.yaml"


def timed(args: list[str], runs: int) -> list[float]:
    subprocess.run([str(SANCTUARY), *args], check=True, capture_output=True)  # warm the cache and the disk
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(SANCTUARY), *args], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    for name, args in (("sanctuary --help", ["--help"]), ("sanctuary decide FILE", ["decide", str(REQUEST), "--json"])):
        times = sorted(timed(args, runs))
        p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
        print(f"{name:24} p50 {statistics.median(times) * 1000:6.0f} ms   p90 {p90 * 1000:6.0f} ms   ({runs} runs)")


if __name__ == "__main__":
    main()
