"""Ledger Merkle speed: the root of 1,000,000 leaves, frontier appends, and proofs at that size.

    .venv/bin/python bench/bench_ledger_merkle.py [--n 1000000] [--repeat 3] [--json]

A script that prints figures, not a test. Everything is the pure library
(``sanctuary.records.ledger``): no database, hashes already in memory, so the figures are the
floor under what a store adds (reading rows, committing).

* ``root``: ``root(leaf_hashes)`` over n precomputed leaf hashes (best of ``--repeat``).
* ``root (stream)``: the same from a generator that computes each leaf hash on the fly, as a store
  streaming from a cursor would (includes one SHA-256 per leaf for the leaf itself).
* ``frontier append``: ``Frontier.append`` n times; appends per second, with and without the
  ``on_node`` hook a store uses to keep interior nodes.
* ``inclusion`` / ``consistency``: proof generation at size n, then verification, two ways:
  from the leaf list (each proof hashes every other leaf once: O(n)), and from stored perfect
  subtree nodes (``nodes_hasher``: O(log^2 n) lookups). Times are the median of the sampled proofs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sanctuary.records.ledger import (
    Frontier,
    consistency_proof,
    consistency_proof_from,
    inclusion_proof,
    inclusion_proof_from,
    nodes_hasher,
    root,
    verify_consistency,
    verify_inclusion,
)


def make_leaves(n: int) -> list[bytes]:
    return [hashlib.sha256(b"\x00" + i.to_bytes(8, "big")).digest() for i in range(n)]


def stream_leaves(n: int) -> Iterator[bytes]:
    for i in range(n):
        yield hashlib.sha256(b"\x00" + i.to_bytes(8, "big")).digest()


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def timed(run: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def build_nodes(leaves: Sequence[bytes]) -> tuple[list[list[bytes]], float]:
    """Per-level node lists as a Frontier reports them: level 0 is the leaves themselves."""
    levels: list[list[bytes]] = [list(leaves)]

    def keep(level: int, index: int, value: bytes) -> None:
        if level == len(levels):
            levels.append([])
        levels[level].append(value)

    frontier = Frontier(on_node=keep)
    start = time.perf_counter()
    for leaf in leaves:
        frontier.append(leaf)
    return levels, time.perf_counter() - start


def measure(n: int, repeat: int, samples: int) -> dict[str, Any]:
    leaves = make_leaves(n)
    expected = root(leaves)
    figures: dict[str, Any] = {"n": n}

    figures["root_s"] = round(best(repeat, lambda: root(leaves)), 3)
    figures["root_stream_s"] = round(best(1, lambda: root(stream_leaves(n))), 3)

    def append_all() -> Frontier:
        frontier = Frontier()
        for leaf in leaves:
            frontier.append(leaf)
        return frontier

    seconds = best(repeat, append_all)
    figures["frontier_appends_per_s"] = round(n / seconds)
    assert append_all().root() == expected
    levels, hooked = build_nodes(leaves)
    figures["frontier_appends_per_s_with_node_hook"] = round(n / hooked)

    def get_node(level: int, index: int) -> bytes:
        return levels[level][index]

    from_nodes = nodes_hasher(get_node)
    slow = max(1, samples // 40)  # proofs from the leaf list hash the whole tree each: a few suffice
    rng = random.Random(20260601)
    indexes = [rng.randrange(n) for _ in range(samples)]
    olds = [rng.randrange(1, n) for _ in range(samples)]

    def proof_times(
        make: Callable[[int], list[bytes]], check: Callable[[int, list[bytes]], bool], picks: list[int]
    ) -> tuple[float, float, int]:
        gen, ver, length = [], [], 0
        for pick in picks:
            g, proof = timed(lambda: make(pick))  # noqa: B023 - called at once
            assert isinstance(proof, list)
            v, ok = timed(lambda: check(pick, proof))  # noqa: B023
            assert ok, pick
            gen.append(g)
            ver.append(v)
            length = max(length, len(proof))
        return statistics.median(gen), statistics.median(ver), length

    slow_picks = indexes[:slow]
    g, v, length = proof_times(
        lambda i: inclusion_proof(i, n, leaves),
        lambda i, p: verify_inclusion(leaves[i], i, n, p, expected),
        slow_picks,
    )
    figures["inclusion_from_leaves"] = {"generate_ms": round(g * 1e3, 1), "verify_us": round(v * 1e6, 1)}
    g, v, length = proof_times(
        lambda i: inclusion_proof_from(i, n, from_nodes),
        lambda i, p: verify_inclusion(leaves[i], i, n, p, expected),
        indexes,
    )
    figures["inclusion_from_nodes"] = {
        "generate_us": round(g * 1e6, 1),
        "verify_us": round(v * 1e6, 1),
        "proof_hashes": length,
    }

    old_roots = {m: root(leaves[:m]) for m in olds[:slow]}
    g, v, length = proof_times(
        lambda m: consistency_proof(m, n, leaves),
        lambda m, p: verify_consistency(m, n, old_roots[m], expected, p),
        list(old_roots),
    )
    figures["consistency_from_leaves"] = {"generate_ms": round(g * 1e3, 1), "verify_us": round(v * 1e6, 1)}
    node_old_roots = {m: from_nodes(0, m) for m in olds}
    g, v, length = proof_times(
        lambda m: consistency_proof_from(m, n, from_nodes),
        lambda m, p: verify_consistency(m, n, node_old_roots[m], expected, p),
        olds,
    )
    figures["consistency_from_nodes"] = {
        "generate_us": round(g * 1e6, 1),
        "verify_us": round(v * 1e6, 1),
        "proof_hashes": length,
    }
    return figures


def machine() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "os": platform.platform(),
        "cpu": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="leaves in the tree (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds for root and appends; best kept")
    parser.add_argument("--samples", type=int, default=200, help="proofs sampled from stored nodes")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = measure(args.n, args.repeat, args.samples)
    figures["machine"] = machine()
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    n = args.n
    inc_l, inc_n = figures["inclusion_from_leaves"], figures["inclusion_from_nodes"]
    con_l, con_n = figures["consistency_from_leaves"], figures["consistency_from_nodes"]
    print(f"machine: {figures['machine']}")
    print(f"root of {n:,} leaf hashes (in memory):           {figures['root_s']} s")
    print(f"root of {n:,} leaf hashes (streamed, + leaf hash): {figures['root_stream_s']} s")
    print(f"Frontier.append:                     {figures['frontier_appends_per_s']:,} appends/s")
    print(f"Frontier.append with on_node hook:   {figures['frontier_appends_per_s_with_node_hook']:,} appends/s")
    print(f"inclusion proof at {n:,}, from leaves: generate {inc_l['generate_ms']} ms, verify {inc_l['verify_us']} us")
    print(
        f"inclusion proof at {n:,}, from nodes:  generate {inc_n['generate_us']} us, verify {inc_n['verify_us']} us "
        f"({inc_n['proof_hashes']} hashes)"
    )
    print(
        f"consistency proof to {n:,}, from leaves: generate {con_l['generate_ms']} ms, verify {con_l['verify_us']} us"
    )
    print(
        f"consistency proof to {n:,}, from nodes:  generate {con_n['generate_us']} us, verify {con_n['verify_us']} us "
        f"({con_n['proof_hashes']} hashes)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
