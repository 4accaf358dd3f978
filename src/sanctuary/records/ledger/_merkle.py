"""RFC 9162 Merkle tree hashing, proofs and their verification, with no storage of its own.

The ledger is a Merkle tree exactly as in RFC 9162 §2.1 (the CT v2 revision of RFC 6962): a leaf
is ``SHA-256(0x00 || data)``, an interior node ``SHA-256(0x01 || left || right)``, and a tree of n
leaves splits at the largest power of two below n. Keeping to the RFC lets anyone check the log with
any RFC 6962 library, not only with ours.

Nothing here needs the whole log in memory: roots fold a stream of leaf hashes with a stack of at
most log2(n) hashes, a :class:`Frontier` keeps only the right edge of a growing tree, and proofs are
built from callbacks (one leaf hash by index, or the hash of a whole subtree) so a store can serve
them from disk or from subtree hashes it already keeps.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from typing import TypeGuard

from sanctuary.model import Message

from ._errors import LedgerError

#: Size in bytes of every hash in the tree (SHA-256).
HASH_SIZE = 32

#: MTH({}) = SHA-256 of the empty string: the root of the empty tree.
EMPTY_ROOT = hashlib.sha256(b"").digest()

#: ``get_leaf_hash(i)``: the hash of leaf ``i``.
GetLeafHash = Callable[[int], bytes]
#: Where leaf hashes come from: an in-memory sequence, or a ``get_leaf_hash(i)`` callable.
LeafSource = Sequence[bytes] | GetLeafHash
#: ``subtree_hash(start, end)``: MTH of the leaves ``[start, end)``; lets a store answer from a cache.
SubtreeHash = Callable[[int, int], bytes]
#: ``get_node(level, index)``: the root of the perfect subtree over leaves
#: ``[index * 2**level, (index + 1) * 2**level)``; level 0 is the leaf hash itself.
GetNode = Callable[[int, int], bytes]
#: Called by :class:`Frontier` with ``(level, index, hash)`` for each perfect subtree it completes.
NodeSink = Callable[[int, int, bytes], None]

_sha256 = hashlib.sha256


def leaf_hash(data: bytes) -> bytes:
    """The leaf hash ``SHA-256(0x00 || data)``; the prefix keeps leaves and nodes from colliding."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The interior node hash ``SHA-256(0x01 || left || right)``."""
    return _sha256(b"\x01" + left + right).digest()


def _is_hash(value: object) -> TypeGuard[bytes]:
    return isinstance(value, bytes) and len(value) == HASH_SIZE


def _require_hash(value: object, what: Message) -> bytes:
    if _is_hash(value):
        return value
    if isinstance(value, bytes | bytearray):
        raise LedgerError(
            "{what} must be a {hash_size}-byte SHA-256 digest, got {count} bytes",
            what=what,
            hash_size=HASH_SIZE,
            count=len(value),
        )
    raise LedgerError(
        "{what} must be a {hash_size}-byte SHA-256 digest, got a {kind}",
        what=what,
        hash_size=HASH_SIZE,
        kind=type(value).__name__,
    )


def _split(n: int) -> int:
    """The largest power of two strictly below ``n`` (n >= 2): where RFC 9162 splits a tree of n leaves."""
    return 1 << ((n - 1).bit_length() - 1)


def _push(stack: list[bytes], count: int, item: bytes) -> None:
    """Add the subtree ``item`` after ``count`` units to a right-edge stack, merging equal-size subtrees.

    The stack holds one perfect subtree per set bit of ``count`` (largest first); adding one unit
    merges once per trailing one bit, which is amortised O(1) per leaf.
    """
    sha = _sha256
    while count & 1:
        item = sha(b"\x01" + stack.pop() + item).digest()
        count >>= 1
    stack.append(item)


def _fold(stack: Sequence[bytes]) -> bytes:
    """MTH of a tree from its right-edge subtrees: the smallest hangs off the next larger, and so on."""
    if not stack:
        return EMPTY_ROOT
    sha = _sha256
    result = stack[-1]
    for left in reversed(stack[:-1]):
        result = sha(b"\x01" + left + result).digest()
    return result


def root(leaf_hashes: Iterable[bytes]) -> bytes:
    """MTH (RFC 9162 §2.1.1) of the leaf hashes, in one pass with at most log2(n) hashes held.

    Takes any iterable, so a store can stream the hashes from a database cursor; O(n) time.
    """
    stack: list[bytes] = []
    sha = _sha256
    for count, leaf in enumerate(leaf_hashes):
        if not isinstance(leaf, bytes) or len(leaf) != HASH_SIZE:
            _require_hash(leaf, Message("leaf hash {index}", {"index": count}))
        item, carry = leaf, count
        while carry & 1:
            item = sha(b"\x01" + stack.pop() + item).digest()
            carry >>= 1
        stack.append(item)
    return _fold(stack)


class Frontier:
    """The compact range of a growing tree: the roots of its right-edge perfect subtrees.

    A tree of n leaves has one such subtree per set bit of n, so the frontier is at most log2(n)
    hashes. A store persists it (:meth:`to_list`, :meth:`from_list`) next to the log and appends new
    leaves, and gets the new root, without rereading any earlier entry.
    """

    __slots__ = ("_hashes", "_on_node", "_size")

    def __init__(self, *, on_node: NodeSink | None = None) -> None:
        self._size = 0
        self._hashes: list[bytes] = []
        self._on_node = on_node

    @property
    def size(self) -> int:
        """The number of leaves appended so far."""
        return self._size

    def append(self, leaf_hash: bytes) -> int:
        """Append one leaf hash; return its index.

        With ``on_node`` set, every perfect subtree completed by this leaf is reported as
        ``(level, index, hash)`` so a store can keep interior nodes for :func:`subtree_root_from_nodes`.
        """
        if not isinstance(leaf_hash, bytes) or len(leaf_hash) != HASH_SIZE:
            _require_hash(leaf_hash, Message("leaf hash {index}", {"index": self._size}))
        index = self._size
        if self._on_node is None or not index & 1:  # an even index completes no subtree
            _push(self._hashes, index, leaf_hash)
            self._size = index + 1
            return index
        # Merge first, report after: a sink that raises (a failed write) cannot leave the frontier
        # half-updated.
        stack, item, carry = self._hashes, leaf_hash, index
        completed: list[bytes] = []
        while carry & 1:
            item = _sha256(b"\x01" + stack[-1 - len(completed)] + item).digest()
            completed.append(item)
            carry >>= 1
        del stack[len(stack) - len(completed) :]
        stack.append(item)
        self._size = index + 1
        for level, node in enumerate(completed, start=1):
            # The subtree just completed ends at this leaf, so it is number index >> level of its level.
            self._on_node(level, index >> level, node)
        return index

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append several leaf hashes in order."""
        for item in leaf_hashes:
            self.append(item)

    def root(self) -> bytes:
        """MTH of the tree so far (``EMPTY_ROOT`` when empty)."""
        return _fold(self._hashes)

    def to_list(self) -> list[bytes]:
        """The right-edge subtree roots, largest subtree first, for a store to persist with :attr:`size`."""
        return list(self._hashes)

    @classmethod
    def from_list(cls, size: int, hashes: Sequence[bytes], *, on_node: NodeSink | None = None) -> Frontier:
        """Rebuild a frontier from :attr:`size` and :meth:`to_list`; a count that does not fit ``size`` is an error."""
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise LedgerError("a frontier size must be a non-negative integer, got {size!r}", size=size)
        expected = size.bit_count()
        if len(hashes) != expected:
            if expected == 1:
                raise LedgerError(
                    "a frontier of size {size} holds 1 hash (one per set bit of the size), got {count}",
                    size=size,
                    count=len(hashes),
                )
            raise LedgerError(
                "a frontier of size {size} holds {expected} hashes (one per set bit of the size), got {count}",
                size=size,
                expected=expected,
                count=len(hashes),
            )
        frontier = cls(on_node=on_node)
        frontier._size = size
        frontier._hashes = [
            _require_hash(h, Message("frontier hash {index}", {"index": i})) for i, h in enumerate(hashes)
        ]
        return frontier

    def copy(self) -> Frontier:
        """An independent copy (for computing a root ahead of committing, for example)."""
        return Frontier.from_list(self._size, self._hashes, on_node=self._on_node)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Frontier):
            return NotImplemented
        return self._size == other._size and self._hashes == other._hashes

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Frontier(size={self._size}, root={self.root().hex()})"


# -- proofs -----------------------------------------------------------------------------------------


def _check_size(value: int, what: Message) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise LedgerError("{what} must be a non-negative integer, got {value!r}", what=what, value=value)


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges ``[start, end)`` whose MTHs form PATH(index, D[0:size]) (RFC 9162 §2.1.3.1), in order.

    The ranges are disjoint and never include ``index``, so a store reads each leaf at most once.
    """
    _check_size(index, Message("the leaf index"))
    _check_size(size, Message("the tree size"))
    if index >= size:
        raise LedgerError(
            "leaf index {index} is not in a tree of size {size} (indexes run from 0 to size - 1)",
            index=index,
            size=size,
        )
    ranges: list[tuple[int, int]] = []
    lo, hi = 0, size
    while hi - lo > 1:
        mid = lo + _split(hi - lo)
        if index < mid:
            ranges.append((mid, hi))
            hi = mid
        else:
            ranges.append((lo, mid))
            lo = mid
    ranges.reverse()
    return ranges


def consistency_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose MTHs form PROOF(old_size, D[0:new_size]) (RFC 9162 §2.1.4.1), in order.

    Empty when ``old_size`` is 0 or equal to ``new_size``: nothing needs proving then.
    """
    _check_size(old_size, Message("the old tree size"))
    _check_size(new_size, Message("the new tree size"))
    if old_size > new_size:
        raise LedgerError(
            "the old tree size {old_size} is larger than the new tree size {new_size}",
            old_size=old_size,
            new_size=new_size,
        )
    if old_size in (0, new_size):
        return []
    ranges: list[tuple[int, int]] = []
    lo, hi, m, whole = 0, new_size, old_size, True
    while True:
        if m == hi - lo:
            # SUBPROOF(m, D[m], b): the old tree's own root is known to the verifier only at the top.
            if not whole:
                ranges.append((lo, hi))
            break
        mid = lo + _split(hi - lo)
        if m <= mid - lo:
            ranges.append((mid, hi))
            hi = mid
        else:
            ranges.append((lo, mid))
            m -= mid - lo
            lo = mid
            whole = False
    ranges.reverse()
    return ranges


def _getter(leaves: LeafSource) -> GetLeafHash:
    if callable(leaves):
        return leaves
    return leaves.__getitem__


def subtree_root(leaves: LeafSource, start: int, end: int) -> bytes:
    """MTH of the leaves ``[start, end)``, read one by one from a sequence or ``get_leaf_hash(i)``.

    Nothing is copied: the hashes are streamed through :func:`root`.
    """
    _check_size(start, Message("the subtree start"))
    _check_size(end, Message("the subtree end"))
    if start > end:
        raise LedgerError("the subtree start {start} is after its end {end}", start=start, end=end)
    if not callable(leaves) and end > len(leaves):
        raise LedgerError(
            "the subtree [{start}, {end}) runs past the {count} leaf hashes given",
            start=start,
            end=end,
            count=len(leaves),
        )
    return root(map(_getter(leaves), range(start, end)))


def subtree_hasher(leaves: LeafSource) -> SubtreeHash:
    """A ``subtree_hash(start, end)`` callback over leaf hashes, for the ``*_from`` proof functions."""

    def subtree_hash(start: int, end: int) -> bytes:
        return subtree_root(leaves, start, end)

    return subtree_hash


def subtree_root_from_nodes(start: int, end: int, get_node: GetNode) -> bytes:
    """MTH of ``[start, end)`` from stored perfect-subtree hashes, in O(log n) lookups.

    Works for every range a proof asks for (each starts at a multiple of its left half's size);
    a store that keeps the nodes a :class:`Frontier` reports answers proofs without reading leaves.
    """
    _check_size(start, Message("the subtree start"))
    _check_size(end, Message("the subtree end"))
    if start >= end:
        if start == end:
            return EMPTY_ROOT
        raise LedgerError("the subtree start {start} is after its end {end}", start=start, end=end)
    lefts: list[bytes] = []
    lo = start
    while end - lo > 0:
        n = end - lo
        width = n if n & (n - 1) == 0 else _split(n)
        level = width.bit_length() - 1
        if lo % width:
            raise LedgerError(
                "the subtree [{start}, {end}) is not made of aligned perfect subtrees "
                "(a subtree of {width} leaves cannot start at {at})",
                start=start,
                end=end,
                width=width,
                at=lo,
            )
        lefts.append(
            _require_hash(
                get_node(level, lo >> level), Message("node ({level}, {index})", {"level": level, "index": lo >> level})
            )
        )
        lo += width
    return _fold(lefts)


def nodes_hasher(get_node: GetNode) -> SubtreeHash:
    """A ``subtree_hash(start, end)`` callback over stored perfect-subtree hashes."""

    def subtree_hash(start: int, end: int) -> bytes:
        return subtree_root_from_nodes(start, end, get_node)

    return subtree_hash


def inclusion_proof_from(index: int, size: int, subtree_hash: SubtreeHash) -> list[bytes]:
    """PATH(index, D[0:size]) with each subtree hash asked of ``subtree_hash(start, end)``."""
    return [
        _require_hash(subtree_hash(a, b), Message("subtree [{start}, {end})", {"start": a, "end": b}))
        for a, b in inclusion_ranges(index, size)
    ]


def consistency_proof_from(old_size: int, new_size: int, subtree_hash: SubtreeHash) -> list[bytes]:
    """PROOF(old_size, D[0:new_size]) with each subtree hash asked of ``subtree_hash(start, end)``."""
    return [
        _require_hash(subtree_hash(a, b), Message("subtree [{start}, {end})", {"start": a, "end": b}))
        for a, b in consistency_ranges(old_size, new_size)
    ]


def _check_available(leaves: LeafSource, size: int) -> None:
    if not callable(leaves) and len(leaves) < size:
        raise LedgerError(
            "a tree of size {size} needs {size} leaf hashes, only {count} were given", size=size, count=len(leaves)
        )


def inclusion_proof(index: int, size: int, leaf_hashes: LeafSource) -> list[bytes]:
    """The inclusion proof (audit path) of leaf ``index`` in the tree of the first ``size`` leaves.

    ``leaf_hashes`` is a sequence or ``get_leaf_hash(i)``; each leaf other than ``index`` is read once.
    """
    _check_size(size, Message("the tree size"))
    _check_available(leaf_hashes, size)
    return inclusion_proof_from(index, size, subtree_hasher(leaf_hashes))


def consistency_proof(old_size: int, new_size: int, leaf_hashes: LeafSource) -> list[bytes]:
    """The consistency proof between the trees of the first ``old_size`` and ``new_size`` leaves."""
    _check_size(new_size, Message("the new tree size"))
    _check_available(leaf_hashes, new_size)
    return consistency_proof_from(old_size, new_size, subtree_hasher(leaf_hashes))


# -- verification (RFC 9162 §2.1.3.2 and §2.1.4.2, step by step) -----------------------------------


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def verify_inclusion(leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> bool:
    """Whether ``proof`` shows the leaf at ``index`` is in the tree of ``size`` leaves with ``root``.

    Exactly the algorithm of RFC 9162 §2.1.3.2; every hash must be 32 bytes, and the root is compared
    in constant time.
    """
    if not (_is_hash(leaf_hash) and _is_hash(root) and all(_is_hash(p) for p in proof)):
        return False
    if not (_is_size(index) and _is_size(size)) or index >= size:
        return False
    fn, sn = index, size - 1
    r = leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and hmac.compare_digest(r, root)


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """Whether ``proof`` shows the tree (new_size, new_root) extends the tree (old_size, old_root).

    RFC 9162 §2.1.4.2 for 0 < old_size < new_size. Outside that range the proof must be empty and:
    equal sizes need equal roots; size 0 needs ``old_root == EMPTY_ROOT`` (an empty tree has only
    that root; the Go transparency-dev library accepts any root there, which hides a bad checkpoint).
    """
    if not (_is_hash(old_root) and _is_hash(new_root) and all(_is_hash(p) for p in proof)):
        return False
    if not (_is_size(old_size) and _is_size(new_size)) or old_size > new_size:
        return False
    if old_size == 0:
        empty_ok = hmac.compare_digest(old_root, EMPTY_ROOT)
        return not proof and empty_ok and (new_size > 0 or hmac.compare_digest(new_root, EMPTY_ROOT))
    if old_size == new_size:
        return not proof and hmac.compare_digest(old_root, new_root)
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    first_ok = hmac.compare_digest(fr, old_root)
    second_ok = hmac.compare_digest(sr, new_root)
    return first_ok and second_ok and sn == 0
