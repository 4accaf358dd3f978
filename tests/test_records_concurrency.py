"""Concurrent writers never fork the tree, and a killed writer leaves no half-written entry.

Threads share one store; processes each open their own (multiprocessing, spawn); the durability
test SIGKILLs a real child process in the middle of its appends.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import records_worker

from sanctuary.records import EventKind, Settings, Store

THREADS = 6
PROCESSES = 4
PER_WRITER = 25


def _check(store: Store, expected: int) -> None:
    entries = store.ledger.entries()
    assert [e.index for e in entries] == list(range(expected))
    assert store.ledger.head().size == expected
    store.ledger.checkpoint()
    report = store.verify()
    assert report.ok, report.problems
    assert report.entries == expected


def test_threads_appending_at_once(store: Store) -> None:
    barrier = threading.Barrier(THREADS)
    results: dict[int, list[int]] = {}
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            barrier.wait()
            got = []
            for n in range(PER_WRITER):
                if n % 5 == 4:
                    batch = [(EventKind.CASE_OPENED, {"worker": worker, "n": n, "batch": i}, None) for i in range(3)]
                    got.extend(e.index for e in store.ledger.append_many(batch))
                else:
                    got.append(store.ledger.append(EventKind.CLOSED, {"worker": worker, "n": n}).index)
            results[worker] = got
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    expected = THREADS * (PER_WRITER + PER_WRITER // 5 * 2)
    indexes = sorted(i for got in results.values() for i in got)
    assert indexes == list(range(expected))  # every append got its own index: no fork, no loss
    _check(store, expected)


def test_processes_appending_at_once(store: Store, records_settings: Settings) -> None:
    context = multiprocessing.get_context("spawn")
    store.keys.ledger_keys()  # created once, before the children race to read it
    args = [(records_settings.database_url, str(records_settings.key_dir), w, PER_WRITER) for w in range(PROCESSES)]
    with context.Pool(PROCESSES) as pool:
        results = pool.starmap(records_worker.append_entries, args, chunksize=1)
    indexes = sorted(i for got in results for i in got)
    assert indexes == list(range(PROCESSES * PER_WRITER))
    _check(store, PROCESSES * PER_WRITER)


@pytest.mark.parametrize("batch", [1, 50])
def test_a_writer_killed_mid_append_leaves_a_ledger_that_verifies(
    store: Store, records_settings: Settings, batch: int
) -> None:
    worker = Path(records_worker.__file__)
    child = subprocess.Popen(
        [sys.executable, str(worker), records_settings.database_url, str(records_settings.key_dir), str(batch)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert child.stdout is not None
    committed = -1
    try:
        for _ in range(30 if batch == 1 else 8):
            line = child.stdout.readline()
            assert line, "the writer stopped before it was killed"
            committed = int(line)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    size = store.ledger.head().size
    assert size >= committed + 1  # everything reported as committed is there
    assert size % batch == 0  # a batch is all or nothing
    _check(store, size)
    store.ledger.append(EventKind.CLOSED, {"after": "kill"})  # and the ledger goes on from where it was
    assert store.verify().ok
