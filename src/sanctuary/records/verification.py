"""Checking the ledger, and saying exactly what is wrong and where.

Nothing is trusted and nothing is repaired: every payload is rehashed and compared with its leaf
hash, the tree is rebuilt from the leaf hashes the public sees, every checkpoint's signature is
checked and its root compared with the rebuilt root at its size, consecutive checkpoints are
checked for consistency with RFC 9162 proofs, and the head row is compared with the rebuilt head.
Every case's rows are compared with what its entries record (:mod:`.crosscheck`).

What the database alone cannot show is what was removed from it along with its checkpoints; so
the log is also checked against checkpoints kept elsewhere: one given by whoever verifies (a
published checkpoint) and the highest one the key directory has seen. The log must contain each,
and the store must still hold a checkpoint at least as large.

A long-running process verifies incrementally (:class:`IncrementalVerifier`): the whole ledger
once, then only the entries appended since, extending the verified tree, so that each new
checkpoint is checked to extend the verified one.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sanctuary.records.ledger import (
    EMPTY_ROOT,
    Checkpoint,
    Frontier,
    LedgerError,
    consistency_proof_from,
    leaf_hash,
    nodes_hasher,
    open_checkpoint,
    verify_consistency,
)

from .crosscheck import crosscheck_cases
from .keys import checkpoint_size
from .ledger_store import HEAD, EventKind, LedgerStore, SignedCheckpoint, frontier_bytes

log = logging.getLogger(__name__)
#: Problems listed in full; more are counted, since one rewrite can break every later entry.
MAX_LISTED = 200
_KINDS = frozenset(EventKind)
_KIND_FRAGMENTS = {kind.value: f'"kind":"{kind.value}"'.encode("ascii") for kind in EventKind}


@dataclass(frozen=True)
class Problem:
    """One thing wrong: where (an entry, a checkpoint, the head) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class LedgerReport:
    """The outcome of :func:`verify_ledger`."""

    entries: int = 0
    root: bytes = EMPTY_ROOT
    checkpoints: int = 0
    latest_checkpoint: int | None = None
    verifier_key: str | None = None
    problems: list[Problem] = field(default_factory=list)
    unlisted: int = 0
    seconds: float = 0.0
    #: Checkpoints from outside the database the log was checked against: (where from, size).
    trusted: list[tuple[str, int]] = field(default_factory=list)
    #: The size already verified before this run (0: everything was verified now).
    verified_from: int = 0
    #: Cases whose rows were compared with their ledger entries in this run.
    cases: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unlisted

    def add(self, where: str, message: str) -> None:
        if len(self.problems) < MAX_LISTED:
            self.problems.append(Problem(where, message))
        else:
            self.unlisted += 1

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "root": self.root.hex(),
            "checkpoints": self.checkpoints,
            "latest_checkpoint_size": self.latest_checkpoint,
            "verifier_key": self.verifier_key,
            "problems": [{"where": p.where, "message": p.message} for p in self.problems],
            "more_problems": self.unlisted,
            "seconds": round(self.seconds, 3),
            "trusted_checkpoints": [{"source": source, "size": size} for source, size in self.trusted],
            "verified_from": self.verified_from,
            "cases_checked": self.cases,
        }


#: Where a trusted checkpoint came from, as problems name it.
AGAINST = "the trusted checkpoint given"
REMEMBERED = "the highest checkpoint the key directory has seen"


T = TypeVar("T")

#: Told ``(entries rehashed, entries in all)`` every ``PROGRESS_EVERY`` entries of a full verification.
OnEntries = Callable[[int, int], None]
PROGRESS_EVERY = 8192


def verify_ledger(
    store: LedgerStore,
    verifier_key: str | None = None,
    *,
    against: str | None = None,
    on_entries: OnEntries | None = None,
) -> LedgerReport:
    """Recompute and check everything; ``verifier_key`` defaults to the store's own key.

    ``against`` is a signed checkpoint from outside the database (a published one) that the log
    must contain; the highest checkpoint the key directory remembers is checked the same way.
    Everything is read in one snapshot, so appends running meanwhile are neither seen half-way
    nor reported as problems. A clean run with the store's own key remembers the latest checkpoint.
    ``on_entries``, when given, hears how far the rehashing has gone (for a progress bar).
    """
    return _verify_full(store, verifier_key, against, on_entries)[0]


@dataclass
class _Verified:
    """What a verification established, for the next incremental one to start from."""

    key: str | None
    frontier: Frontier
    checkpoints: int
    last: SignedCheckpoint | None


def _verify_full(
    store: LedgerStore, verifier_key: str | None, against: str | None, on_entries: OnEntries | None = None
) -> tuple[LedgerReport, _Verified | None]:
    started = time.perf_counter()
    report = LedgerReport()
    own_key = store.keys.existing_verifier_key()
    key = verifier_key or own_key
    report.verifier_key = key
    trusted = _trusted(store, key, against, report)
    with store.snapshot() as connection:
        stored = store.checkpoints(connection)
        report.checkpoints = len(stored)
        signed = _open_checkpoints(stored, key, store.origin, report)
        if signed:
            report.latest_checkpoint = signed[-1][1].size
        pairs = _consecutive(signed, report)
        needed = _needed_nodes(pairs)
        sizes = {checkpoint.size for _, checkpoint in signed} | {checkpoint.size for _, checkpoint in trusted}
        head = connection.execute(HEAD.select().where(HEAD.c.id == 1)).one_or_none()
        rows = store.iter_rows(connection)
        if on_entries is not None:
            rows = _counting(rows, int(head.size) if head is not None else 0, on_entries)
        frontier, roots, nodes = _scan(rows, needed, sizes, report)
        report.cases = crosscheck_cases(connection, store.keys.existing_pseudonym_secret(), report.add)
    report.entries = frontier.size
    report.root = frontier.root()
    _check_head(head, frontier, report)
    _check_roots(signed, roots, frontier.size, report)
    _check_consistency(pairs, nodes, frontier.size, report)
    _check_trusted(trusted, signed, roots, frontier.size, report)
    report.seconds = time.perf_counter() - started
    if not report.ok:
        return report, None
    latest = max(signed, key=lambda pair: pair[1].size)[0] if signed else None
    if latest is not None and key is not None and key == own_key:
        store.keys.remember_checkpoint(latest.size, latest.note)
    return report, _Verified(key, frontier, len(stored), stored[-1] if stored else None)


def _counting(rows: Iterable[T], total: int, on_entries: OnEntries) -> Iterator[T]:
    for done, row in enumerate(rows, start=1):
        if done % PROGRESS_EVERY == 0:
            on_entries(done, max(total, done))
        yield row


def _trusted(
    store: LedgerStore, key: str | None, against: str | None, report: LedgerReport
) -> list[tuple[str, Checkpoint]]:
    """The checkpoints from outside the database whose signatures verify; the others are problems."""
    notes = [(AGAINST, against)] if against is not None else []
    remembered = store.keys.highest_checkpoint()
    if remembered is not None:
        notes.append((REMEMBERED, remembered))
    opened = []
    for source, note in notes:
        if key is None:
            report.add(
                source, "it cannot be checked without a verifier key (give the published key with --verifier-key)"
            )
            continue
        try:
            checkpoint = open_checkpoint(note, key)
        except LedgerError as exc:
            if str(exc).startswith("the verifier key"):
                raise LedgerError("The verifier key given cannot check anything: {reason}.", reason=exc) from None
            report.add(source, f"its signed note does not verify with the verifier key: {exc}")
            continue
        if checkpoint.origin != store.origin:
            report.add(source, f"it is for the log {checkpoint.origin!r}, this store is {store.origin!r}")
            continue
        report.trusted.append((source, checkpoint.size))
        opened.append((source, checkpoint))
    return opened


def _check_trusted(
    trusted: list[tuple[str, Checkpoint]],
    signed: list[tuple[SignedCheckpoint, Checkpoint]],
    roots: dict[int, bytes],
    size: int,
    report: LedgerReport,
) -> None:
    """Each outside checkpoint is in the log, and the store still holds a checkpoint as large."""
    largest = max((checkpoint.size for _, checkpoint in signed), default=None)
    for source, checkpoint in trusted:
        where = f"{source} (size {checkpoint.size})"
        if checkpoint.size > size:
            report.add(
                where,
                f"it commits to {checkpoint.size} entries but the log holds {size}: entries {size} to "
                f"{checkpoint.size - 1} were removed",
            )
        elif roots.get(checkpoint.size) != checkpoint.root:
            report.add(
                where,
                f"the log's root at size {checkpoint.size} is {roots[checkpoint.size].hex()}, the signed root is "
                f"{checkpoint.root.hex()}: an entry before {checkpoint.size} was changed, removed or reordered "
                "after it was signed",
            )
        if largest is None or largest < checkpoint.size:
            held = "no signed checkpoint" if largest is None else f"checkpoints only up to size {largest}"
            report.add(
                where,
                f"the store holds {held}: checkpoints were deleted from the database (the log was rolled back)",
            )


def _scan(
    rows: Iterable[tuple[int, str, str | None, bytes, bytes]],
    needed: set[tuple[int, int]],
    sizes: set[int],
    report: LedgerReport,
    frontier: Frontier | None = None,
) -> tuple[Frontier, dict[int, bytes], dict[tuple[int, int], bytes]]:
    """Rehash every entry, rebuild the tree from the stored leaf hashes, keep what the checks need.

    This loop is the cost of verification, so it avoids parsing payloads: an entry whose payload
    hashes to its leaf hash is exactly what the ledger wrote, so its kind and case columns are
    checked against it by the canonical ``"kind":"..."`` and ``"case":...`` fragments, and only a
    mismatch is parsed to say what differs.
    """
    roots: dict[int, bytes] = {0: EMPTY_ROOT}
    nodes: dict[tuple[int, int], bytes] = {}
    leaves = {index for level, index in needed if level == 0}

    def keep(level: int, index: int, digest: bytes) -> None:
        if (level, index) in needed:
            nodes[level, index] = digest

    start = 0 if frontier is None else frontier.size
    if frontier is None:
        frontier = Frontier(on_node=keep if needed else None)
    append = frontier.append
    expected = start
    for position, (index, kind, case_id, data, stored) in enumerate(rows, start):
        if index != expected:
            report.add(
                f"entries {expected} to {index - 1}" if index - expected > 1 else f"entry {expected}",
                f"missing: removed from the log (the next stored entry is {index}); every later root is wrong",
            )
        expected = index + 1
        digest = bytes(stored)
        if leaf_hash(data) != digest:
            report.add(
                f"entry {index}", "its payload does not hash to its leaf hash: the payload (or the hash) was changed"
            )
        else:
            kind_fragment = _KIND_FRAGMENTS.get(kind)
            case_fragment = b'"case":null' if case_id is None else b'"case":"' + case_id.encode("utf-8") + b'"'
            if kind_fragment is None or kind_fragment not in data or case_fragment not in data:
                _explain_columns(index, kind, case_id, data, report)
        if position in leaves:
            nodes[0, position] = digest
        append(digest)
        if position + 1 in sizes:
            roots[position + 1] = frontier.root()
    return frontier, roots, nodes


def _open_checkpoints(
    stored: list[SignedCheckpoint], key: str | None, origin: str, report: LedgerReport
) -> list[tuple[SignedCheckpoint, Checkpoint]]:
    """The checkpoints whose signatures verify, with what they state; the others are problems."""
    if stored and key is None:
        report.add(
            "checkpoints",
            f"{len(stored)} signed checkpoint(s) but no verifier key: the key directory holds no ledger key "
            "(give the published key with --verifier-key)",
        )
        return []
    signed: list[tuple[SignedCheckpoint, Checkpoint]] = []
    for row in stored:
        where = f"checkpoint {row.id} (size {row.size})"
        try:
            assert key is not None
            checkpoint = open_checkpoint(row.note, key)
        except LedgerError as exc:
            if str(exc).startswith("the verifier key"):
                raise LedgerError("The verifier key given cannot check anything: {reason}.", reason=exc) from None
            report.add(where, f"its signed note does not verify with the verifier key: {exc}")
            continue
        if checkpoint.origin != origin:
            report.add(where, f"it is for the log {checkpoint.origin!r}, this store is {origin!r}")
            continue
        if checkpoint.size != row.size or checkpoint.root != row.root or row.origin != checkpoint.origin:
            report.add(
                where,
                f"its stored size, root or origin differ from its signed note (size {checkpoint.size}, "
                f"root {checkpoint.root.hex()}): the checkpoint row was edited",
            )
        signed.append((row, checkpoint))
    return signed


def _consecutive(
    signed: list[tuple[SignedCheckpoint, Checkpoint]], report: LedgerReport
) -> list[tuple[tuple[int, Checkpoint], tuple[int, Checkpoint]]]:
    pairs = []
    for (row_a, a), (row_b, b) in itertools.pairwise(signed):
        if b.size < a.size:
            report.add(
                f"checkpoint {row_b.id} (size {b.size})",
                f"it is smaller than the earlier checkpoint {row_a.id} (size {a.size}): the log was rolled back",
            )
            continue
        pairs.append(((row_a.id, a), (row_b.id, b)))
    return pairs


def _needed_nodes(pairs: list[tuple[tuple[int, Checkpoint], tuple[int, Checkpoint]]]) -> set[tuple[int, int]]:
    """The perfect-subtree nodes the consistency proofs will ask for, found with a dry run."""
    needed: set[tuple[int, int]] = set()

    def record(level: int, index: int) -> bytes:
        needed.add((level, index))
        return EMPTY_ROOT

    for (_, a), (_, b) in pairs:
        consistency_proof_from(a.size, b.size, nodes_hasher(record))
    return needed


def _explain_columns(index: int, kind: str, case_id: str | None, data: bytes, report: LedgerReport) -> None:
    """Say which column of an authentic entry differs from its payload."""
    where = f"entry {index}"
    try:
        fields = json.loads(data)
    except ValueError:
        report.add(where, "its payload is not JSON")
        return
    if not isinstance(fields, dict):
        report.add(where, "its payload is not a JSON object")
        return
    if fields.get("kind") != kind or kind not in _KINDS:
        report.add(where, f"its kind column says {kind!r} but its hashed payload says {fields.get('kind')!r}")
    if fields.get("case") != case_id:
        report.add(where, f"its case column says {case_id!r} but its hashed payload says {fields.get('case')!r}")


def _check_head(head: Any, frontier: Frontier, report: LedgerReport) -> None:
    if head is None:
        report.add("ledger head", "the head row is missing")
        return
    if int(head.size) != frontier.size:
        report.add(
            "ledger head",
            f"it says the log holds {head.size} entries, but {frontier.size} are stored"
            + (": the log was truncated" if int(head.size) > frontier.size else ": entries were added around the lock"),
        )
    elif bytes(head.root) != frontier.root():
        report.add("ledger head", f"its root {bytes(head.root).hex()} is not the root of the stored entries")
    elif bytes(head.frontier) != frontier_bytes(frontier):
        report.add("ledger head", "its frontier does not match the stored entries: the next append would be wrong")


def _check_roots(
    signed: list[tuple[SignedCheckpoint, Checkpoint]], roots: dict[int, bytes], size: int, report: LedgerReport
) -> None:
    good = 0
    for row, checkpoint in sorted(signed, key=lambda pair: pair[1].size):
        where = f"checkpoint {row.id} (size {checkpoint.size})"
        if checkpoint.size > size:
            report.add(
                where,
                f"it commits to {checkpoint.size} entries but the log holds {size}: the log was truncated "
                f"(entries {size} to {checkpoint.size - 1} are gone)",
            )
        elif roots.get(checkpoint.size) != checkpoint.root:
            report.add(
                where,
                f"the log's root at size {checkpoint.size} is {roots[checkpoint.size].hex()}, the signed root is "
                f"{checkpoint.root.hex()}: an entry from {good} to {checkpoint.size - 1} was changed, removed or "
                "reordered after the checkpoint was signed",
            )
        else:
            good = checkpoint.size


def _check_consistency(
    pairs: list[tuple[tuple[int, Checkpoint], tuple[int, Checkpoint]]],
    nodes: dict[tuple[int, int], bytes],
    size: int,
    report: LedgerReport,
) -> None:
    def get_node(level: int, index: int) -> bytes:
        return nodes[level, index]

    for (id_a, a), (id_b, b) in pairs:
        if b.size > size:
            continue  # already reported as truncation
        proof = consistency_proof_from(a.size, b.size, nodes_hasher(get_node))
        if not verify_consistency(a.size, b.size, a.root, b.root, proof):
            report.add(
                f"checkpoints {id_a} and {id_b}",
                f"the log of {b.size} entries does not extend the log of {a.size} (RFC 9162 consistency "
                "proof fails): the log was forked or rewritten between them",
            )


def _noting_cases(
    rows: Iterable[tuple[int, str, str | None, bytes, bytes]], cases: set[str]
) -> Iterator[tuple[int, str, str | None, bytes, bytes]]:
    """The rows unchanged, noting the case of each in ``cases``."""
    for row in rows:
        if row[2] is not None:
            cases.add(row[2])
        yield row


class IncrementalVerifier:
    """Verifies a ledger in full once, then only what was appended since (for a long-running process).

    It keeps the verified tree's frontier and the checkpoints it has checked. Each later run reads,
    in one snapshot, the checkpoint rows added since and the entries from the verified size on:
    it rehashes the new entries, extends the verified frontier with them (so each new checkpoint's
    root is checked to extend the verified tree: the consistency of the new tree with the old),
    checks the new checkpoints' signatures and roots, the head row, that every checkpoint already
    checked is still stored unchanged, that the key directory's highest checkpoint is one it
    knows, and the rows of the cases the new entries are about against their entries. Anything
    unexpected falls back to a full verification, which names exactly what is wrong. Rows
    rewritten inside the already verified part, and case rows changed with no new entry, are
    found by the full verification (``sanctuary ledger verify``), which this does not replace.
    """

    def __init__(self, store: LedgerStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._verified: _Verified | None = None

    def verify(self, verifier_key: str | None = None) -> LedgerReport:
        """The report of a full verification the first time (or after a problem), else of an incremental one."""
        with self._lock:
            key = verifier_key or self.store.keys.existing_verifier_key()
            state = self._verified
            report = None
            if state is not None and state.key == key:
                report = self._increment(state, key)
            if report is None:
                report, self._verified = _verify_full(self.store, key, None)
            return report

    def _increment(self, state: _Verified, key: str | None) -> LedgerReport | None:
        """The report of checking what was added since ``state``, or None to verify in full."""
        started = time.perf_counter()
        store = self.store
        report = LedgerReport(verifier_key=key, verified_from=state.frontier.size)
        last_id = state.last.id if state.last is not None else 0
        with store.snapshot() as connection:
            stored = store.checkpoints(connection, after=last_id)
            kept, last_note = store.checkpoints_up_to(connection, last_id)
            if kept != state.checkpoints or (state.last is not None and last_note != state.last.note):
                log.warning("checkpoints already verified were removed or changed: verifying the ledger in full")
                return None
            signed = _open_checkpoints(stored, key, store.origin, report)
            # A checkpoint is signed at the head's size, which only grows: a new one below the
            # verified size is a rollback or a replayed note.
            if not report.ok or any(c.size < state.frontier.size for _, c in signed):
                return None
            if any(b.size < a.size for (_, a), (_, b) in itertools.pairwise(signed)):
                return None
            sizes = {checkpoint.size for _, checkpoint in signed}
            head = connection.execute(HEAD.select().where(HEAD.c.id == 1)).one_or_none()
            if head is None:
                return None
            # One entry past the head is read too, so an entry added around the lock is still seen.
            rows = store.iter_rows(connection, start=state.frontier.size, stop=int(head.size) + 1)
            touched: set[str] = set()
            frontier, roots, _ = _scan(_noting_cases(rows, touched), set(), sizes, report, state.frontier.copy())
            # The cases the new entries are about; a row changed with no new entry waits for a full run.
            report.cases = crosscheck_cases(connection, store.keys.existing_pseudonym_secret(), report.add, touched)
        _check_head(head, frontier, report)
        _check_roots(signed, roots, frontier.size, report)
        if not report.ok:
            return None
        latest = stored[-1] if stored else state.last
        remembered = store.keys.highest_checkpoint()
        unknown = remembered is not None and (latest is None or remembered != latest.note)
        if unknown and (latest is None or checkpoint_size(remembered or "") >= latest.size):
            return None  # not the latest checkpoint this process has checked: let a full run say why
        report.entries = frontier.size
        report.root = frontier.root()
        report.checkpoints = state.checkpoints + len(stored)
        report.latest_checkpoint = latest.size if latest is not None else None
        report.seconds = time.perf_counter() - started
        if latest is not None and key is not None and key == store.keys.existing_verifier_key():
            store.keys.remember_checkpoint(latest.size, latest.note)
        self._verified = _Verified(key, frontier, report.checkpoints, latest)
        return report
