"""The pure ledger: RFC 9162 Merkle trees, C2SP signed checkpoints and canonical JSON entries.

No database here. The case store keeps entries and leaf hashes and calls these functions to compute
roots, sign checkpoints and build proofs; the public verifier (``verifier/sanctuary_verify.py``)
re-implements the checks on its own so nobody has to trust this package to check its output.
"""

from __future__ import annotations

from ._canonical import MAX_SAFE_INTEGER, canonical_json
from ._checkpoint import (
    ALG_ED25519,
    SIGNATURE_PREFIX,
    Checkpoint,
    generate_keys,
    open_checkpoint,
    open_note,
    sign_checkpoint,
    sign_note,
    verifier_key_of,
)
from ._errors import LedgerError
from ._merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    Frontier,
    GetLeafHash,
    GetNode,
    LeafSource,
    NodeSink,
    SubtreeHash,
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

__all__ = [
    "ALG_ED25519",
    "EMPTY_ROOT",
    "HASH_SIZE",
    "MAX_SAFE_INTEGER",
    "SIGNATURE_PREFIX",
    "Checkpoint",
    "Frontier",
    "GetLeafHash",
    "GetNode",
    "LeafSource",
    "LedgerError",
    "NodeSink",
    "SubtreeHash",
    "canonical_json",
    "consistency_proof",
    "consistency_proof_from",
    "consistency_ranges",
    "generate_keys",
    "inclusion_proof",
    "inclusion_proof_from",
    "inclusion_ranges",
    "leaf_hash",
    "node_hash",
    "nodes_hasher",
    "open_checkpoint",
    "open_note",
    "root",
    "sign_checkpoint",
    "sign_note",
    "subtree_hasher",
    "subtree_root",
    "subtree_root_from_nodes",
    "verifier_key_of",
    "verify_consistency",
    "verify_inclusion",
]
