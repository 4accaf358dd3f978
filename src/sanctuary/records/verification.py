"""Checking the whole ledger from scratch, and saying exactly what is wrong and where.

Nothing is trusted and nothing is repaired: every payload is rehashed and compared with its leaf
hash, the tree is rebuilt from the leaf hashes the public sees, every checkpoint's signature is
checked and its root compared with the rebuilt root at its size, consecutive checkpoints are
checked for consistency with RFC 9162 proofs, and the head row is compared with the rebuilt head.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

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

from .ledger_store import HEAD, EventKind, LedgerStore, SignedCheckpoint, frontier_bytes

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
        }


def verify_ledger(store: LedgerStore, verifier_key: str | None = None) -> LedgerReport:
    """Recompute and check everything; ``verifier_key`` defaults to the store's own key.

    Everything is read in one snapshot, so appends running meanwhile are neither seen half-way
    nor reported as problems.
    """
    started = time.perf_counter()
    report = LedgerReport()
    key = verifier_key or store.keys.existing_verifier_key()
    report.verifier_key = key
    with store.snapshot() as connection:
        stored = store.checkpoints(connection)
        report.checkpoints = len(stored)
        signed = _open_checkpoints(stored, key, store.origin, report)
        if signed:
            report.latest_checkpoint = signed[-1][1].size
        pairs = _consecutive(signed, report)
        needed = _needed_nodes(pairs)
        sizes = {checkpoint.size for _, checkpoint in signed}
        head = connection.execute(HEAD.select().where(HEAD.c.id == 1)).one_or_none()
        frontier, roots, nodes = _scan(store.iter_rows(connection), needed, sizes, report)
    report.entries = frontier.size
    report.root = frontier.root()
    _check_head(head, frontier, report)
    _check_roots(signed, roots, frontier.size, report)
    _check_consistency(pairs, nodes, frontier.size, report)
    report.seconds = time.perf_counter() - started
    return report


def _scan(
    rows: Iterable[tuple[int, str, str | None, bytes, bytes]],
    needed: set[tuple[int, int]],
    sizes: set[int],
    report: LedgerReport,
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

    frontier = Frontier(on_node=keep if needed else None)
    append = frontier.append
    expected = 0
    for position, (index, kind, case_id, data, stored) in enumerate(rows):
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
                raise LedgerError(f"The verifier key given cannot check anything: {exc}.") from None
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
