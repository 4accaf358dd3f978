"""RFC 9162 Merkle trees: published test vectors, a naive reference, and tampering that must fail.

The known answers are the RFC 6962 reference tree of Certificate Transparency: eight leaves, their
roots for sizes 1 to 8 and some audit paths and consistency proofs, as published in
google/certificate-transparency ``cpp/merkletree/merkle_tree_test.cc`` (kInputs, kSHA256Roots,
kSHA256Paths, kSHA256Proofs) and transparency-dev/merkle ``proof/verify_test.go`` (which adds the
6 -> 7 consistency proof). Those files number leaves from 1; here indexes start at 0.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctuary.model import InputError
from sanctuary.records.ledger import (
    EMPTY_ROOT,
    Frontier,
    LedgerError,
    consistency_proof,
    consistency_proof_from,
    consistency_ranges,
    inclusion_proof,
    inclusion_proof_from,
    inclusion_ranges,
    leaf_hash,
    node_hash,
    nodes_hasher,
    root,
    subtree_hasher,
    subtree_root,
    subtree_root_from_nodes,
    verify_consistency,
    verify_inclusion,
)


def h(hex_digest: str) -> bytes:
    return bytes.fromhex(hex_digest)


INPUTS = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
]
LEAVES = [leaf_hash(data) for data in INPUTS]

EMPTY_TREE_HASH = h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
ROOTS = [
    h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
    h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
    h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
    h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
    h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
    h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
]

# (index, size, path); the sources write the leaf as index + 1.
INCLUSION_VECTORS = [
    (
        0,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        5,
        8,
        [
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (2, 3, [h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
    (
        1,
        5,
        [
            h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
    (0, 1, []),
]

# (old_size, new_size, proof)
CONSISTENCY_VECTORS = [
    (1, 1, []),
    (
        1,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        6,
        8,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (
        2,
        5,
        [
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
    (
        6,
        7,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
]

SOME_HASH = h("abacaba000000000000000000000000000000000000000000060061e00123456")


# -- a naive reference, written from the RFC's recursive definitions --------------------------------


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def naive_mth(leaves: Sequence[bytes]) -> bytes:
    if not leaves:
        return _sha(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = _k(len(leaves))
    return _sha(b"\x01" + naive_mth(leaves[:k]) + naive_mth(leaves[k:]))


def naive_path(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    if len(leaves) == 1:
        return []
    k = _k(len(leaves))
    if m < k:
        return [*naive_path(m, leaves[:k]), naive_mth(leaves[k:])]
    return [*naive_path(m - k, leaves[k:]), naive_mth(leaves[:k])]


def naive_subproof(m: int, leaves: Sequence[bytes], whole: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if whole else [naive_mth(leaves)]
    k = _k(n)
    if m <= k:
        return [*naive_subproof(m, leaves[:k], whole), naive_mth(leaves[k:])]
    return [*naive_subproof(m - k, leaves[k:], False), naive_mth(leaves[:k])]


def naive_proof(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    if m in (0, len(leaves)):
        return []
    return naive_subproof(m, leaves, True)


MAX_N = 70
DATA = [f"entry {i}".encode() for i in range(4 * MAX_N)]
HASHES = [leaf_hash(d) for d in DATA]
NAIVE_ROOTS = [naive_mth(HASHES[:n]) for n in range(len(HASHES) + 1)]


def flip(value: bytes, position: int, bit: int = 0) -> bytes:
    changed = bytearray(value)
    changed[position % len(changed)] ^= 1 << bit
    return bytes(changed)


# -- known answers ----------------------------------------------------------------------------------


def test_hashing_primitives() -> None:
    assert EMPTY_ROOT == EMPTY_TREE_HASH
    assert root([]) == EMPTY_TREE_HASH
    assert leaf_hash(b"") == ROOTS[0]  # a one-leaf tree's root is its leaf hash
    assert node_hash(LEAVES[0], LEAVES[1]) == ROOTS[1]
    assert leaf_hash(b"abc") == _sha(b"\x00abc")
    assert node_hash(b"L", b"R") == _sha(b"\x01LR")


@pytest.mark.parametrize("size", range(1, 9))
def test_published_roots(size: int) -> None:
    assert root(LEAVES[:size]) == ROOTS[size - 1]
    frontier = Frontier()
    frontier.extend(LEAVES[:size])
    assert frontier.root() == ROOTS[size - 1]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION_VECTORS)
def test_published_inclusion_proofs(index: int, size: int, path: list[bytes]) -> None:
    assert inclusion_proof(index, size, LEAVES) == path
    assert verify_inclusion(LEAVES[index], index, size, path, ROOTS[size - 1])


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY_VECTORS)
def test_published_consistency_proofs(old: int, new: int, proof: list[bytes]) -> None:
    assert consistency_proof(old, new, LEAVES) == proof
    assert verify_consistency(old, new, ROOTS[old - 1], ROOTS[new - 1], proof)


def inclusion_probes(
    index: int, size: int, proof: list[bytes], root_hash: bytes, leaf: bytes
) -> list[tuple[str, bytes, int, int, list[bytes], bytes]]:
    """The corruptions of transparency-dev/merkle's corruptInclusionProof, each of which must fail."""
    probes = [
        ("index - 1", leaf, index - 1, size, proof, root_hash),
        ("index + 1", leaf, index + 1, size, proof, root_hash),
        ("index ^ 2", leaf, index ^ 2, size, proof, root_hash),
        ("size * 2", leaf, index, size * 2, proof, root_hash),
        ("size / 2", leaf, index, size // 2, proof, root_hash),
        ("wrong leaf", _sha(b"WrongLeaf"), index, size, proof, root_hash),
        ("empty root", leaf, index, size, proof, EMPTY_TREE_HASH),
        ("random root", leaf, index, size, proof, SOME_HASH),
        ("trailing garbage", leaf, index, size, [*proof, b""], root_hash),
        ("trailing root", leaf, index, size, [*proof, root_hash], root_hash),
        ("preceding garbage", leaf, index, size, [b"", *proof], root_hash),
        ("preceding root", leaf, index, size, [root_hash, *proof], root_hash),
    ]
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = flip(wrong[i], 0, 3)
        probes.append((f"proof[{i}] bit 3", leaf, index, size, wrong, root_hash))
    if proof:
        probes.append(("removed component", leaf, index, size, proof[:-1], root_hash))
    if len(proof) > 1:
        probes.append(("inserted component", leaf, index, size, [proof[0], SOME_HASH, *proof[1:]], root_hash))
    return probes


def consistency_probes(
    old: int, new: int, root1: bytes, root2: bytes, proof: list[bytes]
) -> list[tuple[str, int, int, bytes, bytes, list[bytes]]]:
    """The corruptions of transparency-dev/merkle's corruptConsistencyProof, each of which must fail."""
    probes = [
        ("old - 1", old - 1, new, root1, root2, proof),
        ("old + 1", old + 1, new, root1, root2, proof),
        ("old ^ 2", old ^ 2, new, root1, root2, proof),
        ("new * 2", old, new * 2, root1, root2, proof),
        ("new / 2", old, new // 2, root1, root2, proof),
        ("wrong root1", old, new, _sha(b"WrongRoot"), root2, proof),
        ("wrong root2", old, new, root1, _sha(b"WrongRoot"), proof),
        ("swapped roots", old, new, root2, root1, proof),
        ("empty proof", old, new, root1, root2, []),
        ("trailing garbage", old, new, root1, root2, [*proof, b""]),
        ("trailing root1", old, new, root1, root2, [*proof, root1]),
        ("trailing root2", old, new, root1, root2, [*proof, root2]),
        ("preceding garbage", old, new, root1, root2, [b"", *proof]),
        ("preceding root1", old, new, root1, root2, [root1, *proof]),
        ("preceding root2", old, new, root1, root2, [root2, *proof]),
        ("preceding proof[0]", old, new, root1, root2, [proof[0], *proof]),
        ("truncated proof", old, new, root1, root2, proof[:-1]),
    ]
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = flip(wrong[i], 0, 4)
        probes.append((f"proof[{i}] bit 4", old, new, root1, root2, wrong))
    return probes


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION_VECTORS[:4])
def test_corrupted_published_inclusion_proofs_fail(index: int, size: int, path: list[bytes]) -> None:
    accepted = [
        name
        for name, leaf, i, n, proof, r in inclusion_probes(index, size, path, ROOTS[size - 1], LEAVES[index])
        if verify_inclusion(leaf, i, n, proof, r)
    ]
    assert accepted == []


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY_VECTORS[1:])
def test_corrupted_published_consistency_proofs_fail(old: int, new: int, proof: list[bytes]) -> None:
    accepted = [
        name
        for name, m, n, r1, r2, p in consistency_probes(old, new, ROOTS[old - 1], ROOTS[new - 1], proof)
        if verify_consistency(m, n, r1, r2, p)
    ]
    assert accepted == []


def test_single_entry_inclusion() -> None:
    one = leaf_hash(b"data")
    assert verify_inclusion(one, 0, 1, [], one)
    assert not verify_inclusion(b"", 0, 1, [], one)
    assert not verify_inclusion(one, 0, 1, [], b"")
    assert not verify_inclusion(b"", 0, 1, [], b"")  # hashes of the wrong size


@pytest.mark.parametrize(("index", "size"), [(0, 0), (0, 1), (1, 0), (2, 1)])
def test_inclusion_of_impossible_positions_fails(index: int, size: int) -> None:
    assert not verify_inclusion(SOME_HASH, index, size, [], EMPTY_TREE_HASH)
    assert not verify_inclusion(SOME_HASH, index, size, [], b"")
    assert not verify_inclusion(b"", index, size, [], EMPTY_TREE_HASH)


def test_inclusion_rejects_nonsense_arguments() -> None:
    assert not verify_inclusion(LEAVES[0], -1, 8, INCLUSION_VECTORS[0][2], ROOTS[7])
    assert not verify_inclusion(LEAVES[0], True, 8, INCLUSION_VECTORS[0][2], ROOTS[7])
    assert not verify_inclusion(LEAVES[0].hex(), 0, 8, INCLUSION_VECTORS[0][2], ROOTS[7])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("old", "new", "root1", "root2", "proof", "expected"),
    [
        # Sizes that need no proof.
        (0, 0, EMPTY_TREE_HASH, EMPTY_TREE_HASH, [], True),
        (0, 1, EMPTY_TREE_HASH, ROOTS[0], [], True),
        (1, 1, ROOTS[0], ROOTS[0], [], True),
        # Roots that do not match.
        (1, 1, ROOTS[0], ROOTS[1], [], False),
        (0, 0, EMPTY_TREE_HASH, SOME_HASH, [], False),
        # An empty tree has one root; the Go library accepts any (see verify_consistency's docstring).
        (0, 1, SOME_HASH, ROOTS[0], [], False),
        # Time travel to the past.
        (1, 0, ROOTS[0], EMPTY_TREE_HASH, [], False),
        (2, 1, ROOTS[1], ROOTS[0], [], False),
        # A proof is needed but empty.
        (1, 2, ROOTS[0], ROOTS[1], [], False),
        # Roots match but the proof is not empty.
        (0, 0, EMPTY_TREE_HASH, EMPTY_TREE_HASH, [EMPTY_TREE_HASH], False),
        (0, 1, EMPTY_TREE_HASH, ROOTS[0], [EMPTY_TREE_HASH], False),
        (1, 1, ROOTS[0], ROOTS[0], [EMPTY_TREE_HASH], False),
        # Hashes of the wrong size never verify.
        (1, 1, b"don't care", b"don't care", [], False),
    ],
)
def test_consistency_edge_cases(
    old: int, new: int, root1: bytes, root2: bytes, proof: list[bytes], expected: bool
) -> None:
    assert verify_consistency(old, new, root1, root2, proof) is expected


# -- against the naive reference, every size up to 70 -----------------------------------------------


def test_root_and_frontier_equal_the_naive_mth_for_every_size() -> None:
    frontier = Frontier()
    assert frontier.root() == EMPTY_TREE_HASH
    for n in range(1, MAX_N + 2):
        frontier.append(HASHES[n - 1])
        assert root(HASHES[:n]) == NAIVE_ROOTS[n], n
        assert frontier.root() == NAIVE_ROOTS[n], n
        assert frontier.size == n
        assert len(frontier.to_list()) == n.bit_count()


def test_every_inclusion_proof_matches_the_rfc_and_verifies() -> None:
    for size in range(1, MAX_N + 1):
        for index in range(size):
            proof = inclusion_proof(index, size, HASHES)
            assert proof == naive_path(index, HASHES[:size]), (index, size)
            assert verify_inclusion(HASHES[index], index, size, proof, NAIVE_ROOTS[size]), (index, size)


def test_every_consistency_proof_matches_the_rfc_and_verifies() -> None:
    for new in range(1, MAX_N + 1):
        for old in range(new + 1):
            proof = consistency_proof(old, new, HASHES)
            assert proof == naive_proof(old, HASHES[:new]), (old, new)
            assert verify_consistency(old, new, NAIVE_ROOTS[old], NAIVE_ROOTS[new], proof), (old, new)


def test_every_corrupted_proof_fails() -> None:
    for size in range(1, MAX_N + 1):
        for index in range(size):
            proof = inclusion_proof(index, size, HASHES)
            probes = inclusion_probes(index, size, proof, NAIVE_ROOTS[size], HASHES[index])
            assert [p[0] for p in probes if verify_inclusion(*p[1:])] == [], (index, size)
    for new in range(2, MAX_N + 1):
        for old in range(1, new):
            proof = consistency_proof(old, new, HASHES)
            corrupted = consistency_probes(old, new, NAIVE_ROOTS[old], NAIVE_ROOTS[new], proof)
            assert [p[0] for p in corrupted if verify_consistency(*p[1:])] == [], (old, new)


sizes = st.integers(min_value=1, max_value=MAX_N)


@settings(max_examples=400, deadline=None)
@given(data=st.data(), size=sizes)
def test_tampering_with_an_inclusion_proof_fails(data: st.DataObject, size: int) -> None:
    index = data.draw(st.integers(0, size - 1), label="index")
    proof = inclusion_proof(index, size, HASHES)
    good_root = NAIVE_ROOTS[size]
    assert verify_inclusion(HASHES[index], index, size, proof, good_root)
    byte = data.draw(st.integers(0, 31), label="byte")
    bit = data.draw(st.integers(0, 7), label="bit")
    if proof:
        which = data.draw(st.integers(0, len(proof) - 1), label="element")
        wrong = list(proof)
        wrong[which] = flip(wrong[which], byte, bit)
        assert not verify_inclusion(HASHES[index], index, size, wrong, good_root)
    assert not verify_inclusion(HASHES[index], index, size, proof, flip(good_root, byte, bit))
    assert not verify_inclusion(flip(HASHES[index], byte, bit), index, size, proof, good_root)
    other_index = data.draw(st.integers(0, 4 * MAX_N).filter(lambda i: i != index), label="other index")
    assert not verify_inclusion(HASHES[index], other_index, size, proof, good_root)
    # A size is only meaningful with its own root (a checkpoint signs the two together).
    other_size = data.draw(st.integers(0, 4 * MAX_N).filter(lambda n: n != size), label="other size")
    assert not verify_inclusion(HASHES[index], index, other_size, proof, NAIVE_ROOTS[other_size])


@settings(max_examples=400, deadline=None)
@given(data=st.data(), new=st.integers(min_value=2, max_value=MAX_N))
def test_tampering_with_a_consistency_proof_fails(data: st.DataObject, new: int) -> None:
    old = data.draw(st.integers(1, new - 1), label="old")
    proof = consistency_proof(old, new, HASHES)
    root1, root2 = NAIVE_ROOTS[old], NAIVE_ROOTS[new]
    assert verify_consistency(old, new, root1, root2, proof)
    byte = data.draw(st.integers(0, 31), label="byte")
    bit = data.draw(st.integers(0, 7), label="bit")
    which = data.draw(st.integers(0, len(proof) - 1), label="element")
    wrong = list(proof)
    wrong[which] = flip(wrong[which], byte, bit)
    assert not verify_consistency(old, new, root1, root2, wrong)
    assert not verify_consistency(old, new, flip(root1, byte, bit), root2, proof)
    assert not verify_consistency(old, new, root1, flip(root2, byte, bit), proof)
    # A size is only meaningful with its own root (a checkpoint signs the two together).
    other_old = data.draw(st.integers(0, 4 * MAX_N).filter(lambda m: m != old), label="other old")
    assert not verify_consistency(other_old, new, NAIVE_ROOTS[other_old], root2, proof)
    other_new = data.draw(st.integers(0, 4 * MAX_N).filter(lambda n: n != new), label="other new")
    assert not verify_consistency(old, other_new, root1, NAIVE_ROOTS[other_new], proof)


def test_a_size_proves_nothing_without_its_own_root() -> None:
    """Why checkpoints sign the size with the root: RFC 9162 verification takes the size on trust.

    The proof of leaf 0 in the tree of 34 also "verifies" for a size of 33 against the root of 34,
    a pair no honest log ever signs; against the real root of 33 it fails.
    """
    proof = inclusion_proof(0, 34, HASHES)
    assert verify_inclusion(HASHES[0], 0, 33, proof, NAIVE_ROOTS[34])
    assert not verify_inclusion(HASHES[0], 0, 33, proof, NAIVE_ROOTS[33])
    cons = consistency_proof(1, 9, HASHES)
    assert verify_consistency(1, 10, NAIVE_ROOTS[1], NAIVE_ROOTS[9], cons)
    assert not verify_consistency(1, 10, NAIVE_ROOTS[1], NAIVE_ROOTS[10], cons)


def test_a_proof_of_the_wrong_length_never_verifies() -> None:
    """Whatever root it is paired with, a proof must have exactly the length its sizes call for.

    This is the check transparency-dev/merkle makes explicitly (inner + border hashes) and RFC 9162
    makes with ``sn == 0`` inside and after its loop; without it, the audit path of leaf 3 in a
    tree of 4 would also "prove" that leaf to be entry 1 of a tree of 2 with the root of 4.
    """
    small = 16
    claims = [(i, n) for n in range(1, small + 1) for i in range(n)]
    for index, size in claims:
        proof = inclusion_proof(index, size, HASHES)
        for i, n in claims:
            if len(inclusion_ranges(i, n)) != len(proof):
                assert not verify_inclusion(HASHES[index], i, n, proof, NAIVE_ROOTS[size]), (index, size, i, n)
    pairs = [(m, n) for n in range(2, small + 1) for m in range(1, n)]
    for old, new in pairs:
        proof = consistency_proof(old, new, HASHES)
        for m, n in pairs:
            if len(consistency_ranges(m, n)) != len(proof):
                assert not verify_consistency(m, n, NAIVE_ROOTS[old], NAIVE_ROOTS[new], proof), (old, new, m, n)
    leaf3_path = inclusion_proof(3, 4, HASHES)
    assert verify_inclusion(HASHES[3], 3, 4, leaf3_path, NAIVE_ROOTS[4])
    assert not verify_inclusion(HASHES[3], 1, 2, leaf3_path, NAIVE_ROOTS[4])


def test_a_forked_log_fails_consistency() -> None:
    """A log that rewrote entry 3 after a checkpoint at 10 cannot prove the new tree extends it."""
    forked = list(HASHES[:20])
    forked[3] = leaf_hash(b"rewritten")
    proof = consistency_proof(10, 20, forked)
    assert verify_consistency(10, 20, root(forked[:10]), root(forked), proof)
    assert not verify_consistency(10, 20, NAIVE_ROOTS[10], root(forked), proof)


# -- proofs from callbacks, for stores --------------------------------------------------------------


class CountingLeaves:
    """A ``get_leaf_hash(i)`` that records every read, as a store reading from disk would."""

    def __init__(self, hashes: Sequence[bytes]) -> None:
        self.hashes = hashes
        self.reads: list[int] = []

    def __call__(self, index: int) -> bytes:
        self.reads.append(index)
        return self.hashes[index]


def test_proofs_from_a_leaf_callback_read_each_leaf_at_most_once() -> None:
    for size in (1, 2, 7, 8, 33, MAX_N):
        for index in range(size):
            reader = CountingLeaves(HASHES)
            assert inclusion_proof(index, size, reader) == inclusion_proof(index, size, HASHES)
            assert sorted(reader.reads) == [i for i in range(size) if i != index]
        for old in range(size + 1):
            reader = CountingLeaves(HASHES)
            assert consistency_proof(old, size, reader) == naive_proof(old, HASHES[:size])
            assert len(reader.reads) == len(set(reader.reads)) <= size


def test_ranges_are_disjoint_and_sized_like_the_proofs() -> None:
    for size in range(1, MAX_N + 1):
        for index in range(size):
            ranges = inclusion_ranges(index, size)
            covered = sorted(i for a, b in ranges for i in range(a, b))
            assert covered == [i for i in range(size) if i != index]
        for old in range(size + 1):
            ranges = consistency_ranges(old, size)
            assert len(ranges) == len(naive_proof(old, HASHES[:size]))
            covered = [i for a, b in ranges for i in range(a, b)]
            assert len(covered) == len(set(covered))


def test_subtree_root_over_a_sequence_or_a_callable() -> None:
    assert subtree_root(HASHES, 0, 10) == NAIVE_ROOTS[10]
    assert subtree_root(HASHES.__getitem__, 0, 10) == NAIVE_ROOTS[10]
    assert subtree_root(HASHES, 16, 24) == naive_mth(HASHES[16:24])
    assert subtree_root(HASHES, 5, 5) == EMPTY_ROOT
    assert subtree_hasher(HASHES)(3, 9) == naive_mth(HASHES[3:9])


def nodes_of(hashes: Sequence[bytes]) -> dict[tuple[int, int], bytes]:
    """Every perfect subtree a Frontier reports while the leaves are appended, plus the leaves."""
    nodes: dict[tuple[int, int], bytes] = {(0, i): hashes[i] for i in range(len(hashes))}

    def keep(level: int, index: int, value: bytes) -> None:
        assert (level, index) not in nodes
        nodes[level, index] = value

    frontier = Frontier(on_node=keep)
    frontier.extend(hashes)
    return nodes


def test_frontier_reports_every_perfect_subtree() -> None:
    nodes = nodes_of(HASHES[:MAX_N])
    for (level, index), value in nodes.items():
        width = 1 << level
        assert value == naive_mth(HASHES[index * width : (index + 1) * width])
    assert len(nodes) == MAX_N + sum(MAX_N >> level for level in range(1, 8))


def test_a_failing_node_sink_leaves_the_frontier_whole() -> None:
    """The leaf is in the frontier before nodes are reported, so a failed write cannot corrupt it."""

    def failing(level: int, index: int, value: bytes) -> None:
        raise OSError("disk full")

    frontier = Frontier.from_list(7, _frontier_of(7).to_list(), on_node=failing)
    with pytest.raises(OSError, match="disk full"):
        frontier.append(HASHES[7])  # completes subtrees at levels 1, 2 and 3
    assert frontier.size == 8
    assert frontier.root() == NAIVE_ROOTS[8]
    assert frontier.to_list() == [NAIVE_ROOTS[8]]


def _frontier_of(n: int) -> Frontier:
    frontier = Frontier()
    frontier.extend(HASHES[:n])
    return frontier


def test_proofs_from_stored_nodes_equal_proofs_from_leaves() -> None:
    nodes = nodes_of(HASHES[:MAX_N])
    lookups: list[tuple[int, int]] = []

    def get_node(level: int, index: int) -> bytes:
        lookups.append((level, index))
        return nodes[level, index]

    from_nodes = nodes_hasher(get_node)
    for size in range(1, MAX_N + 1):
        assert subtree_root_from_nodes(0, size, get_node) == NAIVE_ROOTS[size]
        for index in range(size):
            assert inclusion_proof_from(index, size, from_nodes) == naive_path(index, HASHES[:size])
        for old in range(size + 1):
            assert consistency_proof_from(old, size, from_nodes) == naive_proof(old, HASHES[:size])
    lookups.clear()
    inclusion_proof_from(37, MAX_N, from_nodes)
    assert len(lookups) <= 7 * 7  # O(log^2 n) lookups, no leaf scan


def test_subtree_root_from_nodes_rejects_unaligned_ranges() -> None:
    nodes = nodes_of(HASHES[:16])
    with pytest.raises(LedgerError, match="aligned"):
        subtree_root_from_nodes(1, 5, lambda level, index: nodes[level, index])


def test_a_large_tree_streams() -> None:
    """100,000 leaves: a generator root, a frontier and a proof agree, with nothing but a stream held."""
    n = 100_000

    def make(i: int) -> bytes:
        return _sha(b"\x00" + i.to_bytes(8, "big"))

    expected = root(make(i) for i in range(n))
    frontier = Frontier()
    for i in range(n):
        frontier.append(make(i))
    assert frontier.root() == expected
    proof = inclusion_proof(77_777, n, make)
    assert len(proof) == 17
    assert verify_inclusion(make(77_777), 77_777, n, proof, expected)
    cons = consistency_proof(65_537, n, make)
    assert verify_consistency(65_537, n, root(make(i) for i in range(65_537)), expected, cons)


# -- the frontier as a store persists it ------------------------------------------------------------


def test_frontier_round_trips_and_keeps_growing() -> None:
    for cut in range(MAX_N):
        first = Frontier()
        first.extend(HASHES[:cut])
        saved_size, saved = first.size, first.to_list()
        restored = Frontier.from_list(saved_size, saved)
        assert restored == first
        assert restored.root() == NAIVE_ROOTS[cut]
        for i in range(cut, MAX_N):
            assert restored.append(HASHES[i]) == i
        assert restored.root() == NAIVE_ROOTS[MAX_N]


def test_frontier_copy_is_independent() -> None:
    frontier = Frontier()
    frontier.extend(HASHES[:5])
    ahead = frontier.copy()
    ahead.append(HASHES[5])
    assert frontier.size == 5
    assert frontier.root() == NAIVE_ROOTS[5]
    assert ahead.root() == NAIVE_ROOTS[6]
    assert "size=5" in repr(frontier)


@pytest.mark.parametrize(
    ("size", "hashes", "message"),
    [
        (5, [SOME_HASH], "holds 2 hashes"),
        (4, [SOME_HASH, SOME_HASH], "holds 1 hash "),
        (-1, [], "non-negative"),
        (1, [b"short"], "32-byte"),
    ],
)
def test_frontier_from_list_rejects_what_cannot_be_a_frontier(size: int, hashes: list[bytes], message: str) -> None:
    with pytest.raises(LedgerError, match=message):
        Frontier.from_list(size, hashes)


# -- bad arguments ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: inclusion_proof(8, 8, LEAVES), "not in a tree of size 8"),
        (lambda: inclusion_proof(-1, 8, LEAVES), "non-negative"),
        (lambda: inclusion_proof(0, 9, LEAVES), "only 8 were given"),
        (lambda: consistency_proof(5, 4, LEAVES), "larger than the new tree size"),
        (lambda: consistency_proof(1, 9, LEAVES), "only 8 were given"),
        (lambda: root([*LEAVES[:3], b"x" * 31]), "leaf hash 3 must be a 32-byte"),
        (lambda: root([LEAVES[0], LEAVES[1].hex()]), "leaf hash 1 must be a 32-byte.*a str"),  # type: ignore[list-item]
        (lambda: Frontier().append(b"x" * 64), "leaf hash 0 must be a 32-byte"),
        (lambda: subtree_root(LEAVES, 3, 2), "after its end"),
        (lambda: subtree_root(LEAVES, 0, 9), "runs past the 8 leaf hashes"),
        (lambda: inclusion_proof_from(0, 4, lambda a, b: b"short"), "subtree \\[1, 2\\)"),
    ],
)
def test_bad_arguments_raise_a_ledger_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(LedgerError, match=message) as raised:
        call()
    assert isinstance(raised.value, InputError)
