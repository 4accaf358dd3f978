#!/usr/bin/env python3
"""Check a Sanctuary ledger export yourself, without trusting the city's software.

One file, the Python standard library and the ``cryptography`` package; it does not import
Sanctuary, so what it checks does not depend on the code that wrote the log. It:

* checks the signature of the checkpoint (a C2SP signed note) against the published verifier key;
* recomputes the RFC 9162 Merkle root of the exported leaf hashes and compares it with the
  checkpoint's root;
* optionally checks an older checkpoint against the same export, or a consistency proof between an
  older and a newer checkpoint (the log only grew, nothing was rewritten), or an inclusion proof
  for one entry (a receipt).

Exit status: 0 everything verified; 1 verification failed (tampered, forked, truncated, signed by
another key, for another log); 2 bad input (a file that cannot be read or parsed).

    python3 sanctuary_verify.py --checkpoint checkpoint.txt --key-file ledger.pub --entries ledger.jsonl

See README.md next to this file for the export format.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import hmac
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeGuard

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError:  # pragma: no cover - depends on the machine
    sys.stdout.write("BAD INPUT: this verifier needs the 'cryptography' package: pip install cryptography\n")
    raise SystemExit(2) from None

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
SIGNATURE_PREFIX = "\u2014 "
ENTRY_FIELDS = {"index", "leaf_hash", "leaf_data"}

_HEX_HASH = re.compile(r"[0-9a-fA-F]{64}")
_HEX8 = re.compile(r"[0-9a-fA-F]{8}")
_SIZE = re.compile(r"0|[1-9][0-9]*")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
#: The usual export line, read without the general JSON parser: the same result, several times faster.
#: Anything else (leaf_data, other spacing, extra fields) goes through the full, strict parser.
_PLAIN_LINE = re.compile(rb'\{"index": ?(0|[1-9][0-9]{0,18}), ?"leaf_hash": ?"([0-9a-fA-F]{64})"\}\r?\n?')


class BadInput(Exception):
    """A file or argument that cannot be read or parsed (exit 2)."""


class Failed(Exception):
    """Verification failed: the data is not what the signed checkpoint commits to (exit 1)."""


# -- RFC 9162 Merkle tree ---------------------------------------------------------------------------


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 || data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


class Tree:
    """A growing tree kept as its right-edge subtree roots: log2(n) hashes, whatever n is."""

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[bytes] = []

    def append(self, leaf: bytes) -> None:
        carry, item = self.size, leaf
        while carry & 1:
            item = node_hash(self._stack.pop(), item)
            carry >>= 1
        self._stack.append(item)
        self.size += 1

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        result = self._stack[-1]
        for left in reversed(self._stack[:-1]):
            result = node_hash(left, result)
        return result


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """MTH of a list of leaf hashes (RFC 9162 §2.1.1)."""
    tree = Tree()
    for leaf in leaves:
        tree.append(leaf)
    return tree.root()


def _all_hashes(*values: bytes) -> bool:
    return all(isinstance(v, bytes) and len(v) == HASH_SIZE for v in values)


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2."""
    if not _all_hashes(leaf, root, *proof) or not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
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
    """RFC 9162 §2.1.4.2; with no proof needed when the old tree is empty or the same tree."""
    if not _all_hashes(old_root, new_root, *proof) or not 0 <= old_size <= new_size:
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


# -- C2SP signed notes and checkpoints --------------------------------------------------------------


@dataclass(frozen=True)
class VerifierKey:
    name: str
    key_hash: bytes
    public_key: Ed25519PublicKey

    @property
    def label(self) -> str:
        return f"{self.name}+{self.key_hash.hex()}"


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes


def _b64(text: str) -> bytes | None:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None


def _valid_name(name: str) -> bool:
    return bool(name) and "+" not in name and not any(c.isspace() for c in name) and not _CONTROL.search(name)


def parse_verifier_key(text: str) -> VerifierKey:
    """``<name>+<8 hex key hash>+<base64(0x01 || Ed25519 public key)>``."""
    parts = text.strip().split("+", 2)
    if len(parts) != 3 or not _valid_name(parts[0]) or not _HEX8.fullmatch(parts[1]):
        raise BadInput("the verifier key is malformed: expected '<name>+<8 hex digits>+<base64 key>'")
    name, hash16, key64 = parts
    key = _b64(key64)
    if key is None or len(key) != 33 or key[0] != 0x01:
        raise BadInput("the verifier key is malformed: its key is not base64 of 0x01 and a 32-byte Ed25519 key")
    if hashlib.sha256(name.encode() + b"\n" + key).digest()[:4] != bytes.fromhex(hash16):
        raise BadInput(f"the verifier key is malformed: its key hash {hash16} does not match its name and key")
    return VerifierKey(name, bytes.fromhex(hash16), Ed25519PublicKey.from_public_bytes(key[1:]))


def open_checkpoint(note: str, key: VerifierKey, what: str) -> Checkpoint:
    """Parse a signed checkpoint note and check its signature by ``key``."""
    for number, line in enumerate(note.split("\n"), start=1):
        found = _CONTROL.search(line)
        if found:
            raise BadInput(f"{what}: line {number} contains the control character U+{ord(found.group()):04X}")
    split = note.rfind("\n\n")
    if split < 0:
        raise BadInput(f"{what}: no blank line separates the checkpoint from its signatures")
    text, block = note[: split + 1], note[split + 2 :]
    if not block.endswith("\n"):
        raise BadInput(f"{what}: the signature lines are missing or do not end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3 or any(not line for line in lines):
        raise BadInput(f"{what}: the checkpoint needs three non-empty lines: origin, tree size, root hash")
    origin, size_text, root_text = lines[:3]
    if not _SIZE.fullmatch(size_text):
        raise BadInput(f"{what}: line 2 (the tree size) is not a decimal number: {size_text!r}")
    root = _b64(root_text)
    if root is None or len(root) != HASH_SIZE:
        raise BadInput(f"{what}: line 3 (the root hash) is not base64 of 32 bytes: {root_text!r}")
    signers: list[str] = []
    mine: list[tuple[int, bytes]] = []
    first = text.count("\n") + 2
    for number, line in enumerate(block[:-1].split("\n"), start=first):
        if not line.startswith(SIGNATURE_PREFIX):
            raise BadInput(f"{what}: line {number} is not a signature line ('\u2014 <key name> <base64>')")
        name, _, blob = line[len(SIGNATURE_PREFIX) :].partition(" ")
        raw = _b64(blob)
        if not _valid_name(name) or raw is None or len(raw) < 5:
            raise BadInput(f"{what}: line {number} is a malformed signature line")
        signers.append(f"{name}+{raw[:4].hex()}")
        if name == key.name and raw[:4] == key.key_hash:
            mine.append((number, raw[4:]))
    if not mine:
        raise Failed(f"{what} is not signed by the key {key.label} (it is signed by {', '.join(signers)})")
    for number, signature in mine:
        try:
            if len(signature) != 64:
                raise InvalidSignature
            key.public_key.verify(signature, text.encode("utf-8"))
        except InvalidSignature:
            raise Failed(
                f"{what}: the signature on line {number} by {key.label} does not match the checkpoint text "
                "(changed after signing, or not signed with this key)"
            ) from None
    return Checkpoint(origin, int(size_text), root)


# -- reading the files ------------------------------------------------------------------------------


def _read_text(path: str, what: str) -> str:
    try:
        return Path(path).read_bytes().decode("utf-8")
    except OSError as error:
        raise BadInput(f"cannot read the {what} {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise BadInput(f"the {what} {path} is not UTF-8 text") from None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Two values for one field would let two readers of the same file see different data.
    result: dict[str, Any] = {}
    for name, value in pairs:
        if name in result:
            raise ValueError(f"the field {name!r} appears twice")
        result[name] = value
    return result


def _load_json(text: str, where: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except ValueError as error:
        raise BadInput(f"{where} is not valid JSON: {error}") from None


def _hash_from_hex(value: object, where: str) -> bytes:
    if not isinstance(value, str) or not _HEX_HASH.fullmatch(value):
        raise BadInput(f"{where} must be 64 hexadecimal digits (a SHA-256 hash), got {value!r:.80}")
    return bytes.fromhex(value)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _numbered_lines(path: str) -> Iterator[tuple[int, bytes]]:
    try:
        with Path(path).open("rb") as handle:
            yield from enumerate(handle, start=1)
    except OSError as error:
        raise BadInput(f"cannot read the entries file {path}: {error.strerror or error}") from None


def _check_order(index: int, expected: int, where: str) -> None:
    if index != expected:
        problem = "is missing" if index > expected else "is duplicated or out of order"
        raise Failed(f"{where}: expected entry {expected}, found entry {index}: entry {expected} {problem}")


def read_entries(path: str) -> Iterator[bytes]:
    """The leaf hashes of a JSON Lines export, in order, checking indexes run 0, 1, 2, ..."""
    expected = 0
    for number, raw in _numbered_lines(path):
        plain = _PLAIN_LINE.fullmatch(raw)
        if plain:
            _check_order(int(plain.group(1)), expected, f"{path} line {number}")
            yield bytes.fromhex(plain.group(2).decode("ascii"))
            expected += 1
            continue
        where = f"{path} line {number}"
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            raise BadInput(f"{where} is not UTF-8 text") from None
        if not line:
            continue
        entry = _load_json(line, where)
        if not isinstance(entry, dict):
            raise BadInput(f'{where} must be a JSON object like {{"index": 0, "leaf_hash": "..."}}')
        unknown = set(entry) - ENTRY_FIELDS
        if unknown:
            raise BadInput(f"{where} has unknown fields {sorted(unknown)}; allowed: {sorted(ENTRY_FIELDS)}")
        index = entry.get("index")
        if not _is_int(index) or index < 0:
            raise BadInput(f"{where}: 'index' must be a non-negative integer, got {index!r}")
        _check_order(index, expected, where)
        if "leaf_hash" not in entry and "leaf_data" not in entry:
            raise BadInput(f"{where} needs a 'leaf_hash' (hex) or a 'leaf_data' (base64)")
        leaf = _hash_from_hex(entry["leaf_hash"], f"{where} 'leaf_hash'") if "leaf_hash" in entry else None
        if "leaf_data" in entry:
            data = _b64(entry["leaf_data"]) if isinstance(entry["leaf_data"], str) else None
            if data is None:
                raise BadInput(f"{where}: 'leaf_data' must be standard base64")
            computed = leaf_hash(data)
            if leaf is not None and not hmac.compare_digest(leaf, computed):
                raise Failed(f"entry {index}: its leaf_data does not hash to its published leaf_hash")
            leaf = computed
        assert leaf is not None
        yield leaf
        expected += 1


def read_proof_hashes(value: object, where: str) -> list[bytes]:
    if not isinstance(value, list):
        raise BadInput(f"{where}: 'proof' must be a list of hex hashes")
    return [_hash_from_hex(item, f"{where} proof[{i}]") for i, item in enumerate(value)]


def read_json_object(path: str, what: str, fields: set[str]) -> dict[str, Any]:
    data = _load_json(_read_text(path, what), f"the {what} {path}")
    if not isinstance(data, dict) or set(data) != fields:
        raise BadInput(f"the {what} {path} must be a JSON object with exactly the fields {sorted(fields)}")
    return data


# -- the checks -------------------------------------------------------------------------------------


class Report:
    """What was checked, printed as it happens so a failure shows what passed before it."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.checks: list[str] = []

    def ok(self, message: str) -> None:
        self.checks.append(message)
        if not self.as_json:
            print(f"ok: {message}")

    def finish(self, code: int, verdict: str) -> NoReturn:
        label = {EXIT_OK: "OK", EXIT_FAILED: "TAMPERED", EXIT_BAD_INPUT: "BAD INPUT"}[code]
        if self.as_json:
            status = {EXIT_OK: "ok", EXIT_FAILED: "tampered", EXIT_BAD_INPUT: "bad_input"}[code]
            print(json.dumps({"verdict": status, "message": verdict, "checks": self.checks}, indent=2))
        else:
            print(f"VERDICT: {label}: {verdict}")
        raise SystemExit(code)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sanctuary_verify.py",
        description="Verify a Sanctuary ledger export against its signed checkpoint. "
        "Exit 0: verified; 1: verification failed (tampered); 2: bad input.",
    )
    parser.add_argument("--checkpoint", required=True, help="the signed checkpoint note (the newest)")
    keys = parser.add_mutually_exclusive_group(required=True)
    keys.add_argument("--key", help="the log's verifier key: <name>+<hash>+<base64>")
    keys.add_argument("--key-file", help="a file holding the log's verifier key")
    parser.add_argument("--origin", help="the log origin you expect (the checkpoint's first line)")
    parser.add_argument("--entries", help="the JSON Lines export: one {'index', 'leaf_hash'} object a line")
    parser.add_argument("--old-checkpoint", help="an older signed checkpoint of the same log")
    parser.add_argument("--consistency-proof", help="JSON {old_size, new_size, proof}: old checkpoint -> checkpoint")
    parser.add_argument(
        "--inclusion-proof", help="JSON {index, tree_size, leaf_hash, proof}: one entry is in the checkpoint"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


def run(args: argparse.Namespace, report: Report) -> str:
    """Run every check the arguments ask for; return the verdict sentence or raise BadInput/Failed."""
    if not (args.entries or args.inclusion_proof or args.consistency_proof):
        raise BadInput(
            "nothing to verify: give --entries, --inclusion-proof, or --old-checkpoint with --consistency-proof"
        )
    if args.consistency_proof and not args.old_checkpoint:
        raise BadInput("--consistency-proof needs --old-checkpoint (the checkpoint the proof starts from)")
    key_text = args.key if args.key is not None else _read_text(args.key_file, "key file")
    key = parse_verifier_key(key_text)
    checkpoint = open_checkpoint(_read_text(args.checkpoint, "checkpoint"), key, "the checkpoint")
    report.ok(f"checkpoint signed by {key.label}: log {checkpoint.origin!r}, {checkpoint.size} entries")
    if args.origin is not None and checkpoint.origin != args.origin:
        raise Failed(f"the checkpoint is for the log {checkpoint.origin!r}, not {args.origin!r}")
    old: Checkpoint | None = None
    if args.old_checkpoint:
        old = open_checkpoint(_read_text(args.old_checkpoint, "old checkpoint"), key, "the old checkpoint")
        report.ok(f"old checkpoint signed by {key.label}: {old.size} entries")
        if old.origin != checkpoint.origin:
            raise Failed(f"the old checkpoint is for the log {old.origin!r}, the checkpoint for {checkpoint.origin!r}")
        if old.size > checkpoint.size:
            raise Failed(f"the old checkpoint ({old.size} entries) is larger than the newer one ({checkpoint.size})")
        if old.size == 0 and old.root != EMPTY_ROOT:
            raise Failed("the old checkpoint claims an empty log with a root that is not the empty root")
        if old.size == checkpoint.size and old.root != checkpoint.root:
            raise Failed(f"two checkpoints of {old.size} entries have different roots: the log was forked")

    if args.entries:
        tree = Tree()
        old_root: bytes | None = None
        new_root = EMPTY_ROOT if checkpoint.size == 0 else None
        if old is not None and old.size == 0:
            old_root = EMPTY_ROOT
        for leaf in read_entries(args.entries):
            tree.append(leaf)
            if old is not None and tree.size == old.size:
                old_root = tree.root()
            if tree.size == checkpoint.size:
                new_root = tree.root()
        if new_root is None:
            raise Failed(
                f"the export has {tree.size} entries but the checkpoint commits to {checkpoint.size}: "
                f"entries {tree.size} to {checkpoint.size - 1} are missing"
            )
        if not hmac.compare_digest(new_root, checkpoint.root):
            raise Failed(
                f"the Merkle root of the first {checkpoint.size} entries is {new_root.hex()}, but the checkpoint "
                f"says {checkpoint.root.hex()}: an entry was changed, removed, added or reordered"
            )
        report.ok(f"the root of the first {checkpoint.size} entries matches the checkpoint")
        if old is not None:
            assert old_root is not None  # old.size <= checkpoint.size <= tree.size
            if not hmac.compare_digest(old_root, old.root):
                raise Failed(
                    f"the first {old.size} entries do not have the old checkpoint's root: "
                    "entries published before the old checkpoint were rewritten"
                )
            report.ok(f"the root of the first {old.size} entries matches the old checkpoint")
        if tree.size > checkpoint.size:
            report.ok(f"note: {tree.size - checkpoint.size} entries after the checkpoint are not covered by it")

    if args.consistency_proof:
        assert old is not None
        data = read_json_object(args.consistency_proof, "consistency proof", {"old_size", "new_size", "proof"})
        sizes = (data["old_size"], data["new_size"])
        if not all(_is_int(size) for size in sizes) or sizes != (old.size, checkpoint.size):
            raise BadInput(
                f"the consistency proof is from {data['old_size']!r} to {data['new_size']!r} entries, "
                f"but the checkpoints have {old.size} and {checkpoint.size}"
            )
        proof = read_proof_hashes(data["proof"], "the consistency proof")
        if not verify_consistency(old.size, checkpoint.size, old.root, checkpoint.root, proof):
            raise Failed(
                f"the consistency proof from {old.size} to {checkpoint.size} entries does not verify: "
                "the newer checkpoint does not extend the older one"
            )
        report.ok(f"consistency proof: the log of {checkpoint.size} entries extends the log of {old.size}")

    if args.inclusion_proof:
        data = read_json_object(args.inclusion_proof, "inclusion proof", {"index", "tree_size", "leaf_hash", "proof"})
        if not _is_int(data["tree_size"]) or data["tree_size"] != checkpoint.size:
            raise BadInput(
                f"the inclusion proof is for a tree of {data['tree_size']!r} entries, the checkpoint has "
                f"{checkpoint.size}"
            )
        index = data["index"]
        if not _is_int(index) or index < 0:
            raise BadInput(f"the inclusion proof 'index' must be a non-negative integer, got {index!r}")
        leaf = _hash_from_hex(data["leaf_hash"], "the inclusion proof 'leaf_hash'")
        proof = read_proof_hashes(data["proof"], "the inclusion proof")
        if not verify_inclusion(leaf, index, checkpoint.size, proof, checkpoint.root):
            raise Failed(f"the inclusion proof for entry {index} does not verify against the checkpoint root")
        report.ok(f"inclusion proof: entry {index} is in the log of {checkpoint.size} entries")

    return f"the ledger {checkpoint.origin!r} at {checkpoint.size} entries verifies"


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Parse arguments, run the checks, print the verdict, and exit 0, 1 or 2."""
    args = _parser().parse_args(argv)
    report = Report(args.json)
    try:
        verdict = run(args, report)
    except Failed as failure:
        report.finish(EXIT_FAILED, str(failure))
    except BadInput as problem:
        report.finish(EXIT_BAD_INPUT, str(problem))
    report.finish(EXIT_OK, verdict)


if __name__ == "__main__":
    main()
