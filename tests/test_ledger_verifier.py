"""The public's standalone verifier, run as a subprocess on exports built with the ledger library.

One good export and many tampered ones: each must end with the right exit code (0 verified,
1 tampered, 2 bad input) and a verdict that says what is wrong.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import hmac
import importlib.util
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from sanctuary.records.ledger import (
    EMPTY_ROOT,
    canonical_json,
    consistency_proof,
    generate_keys,
    inclusion_proof,
    leaf_hash,
    root,
    sign_checkpoint,
    verify_consistency,
    verify_inclusion,
)

VERIFIER = Path(__file__).resolve().parents[1] / "verifier" / "sanctuary_verify.py"
ORIGIN = "ledger.sanctuary.example/lacity"
SIGNER, VERIFIER_KEY = generate_keys(ORIGIN)
PSEUDONYM_SECRET = b"kept outside the database"
EVENTS = ["case_opened", "document_attached", "decision_made", "obligation_done", "referred", "closed"]


def entry_bytes(i: int) -> bytes:
    """A pseudonymized ledger entry as the store would write it: no name, only a keyed pseudonym."""
    subject = hmac.new(PSEUDONYM_SECRET, f"person-{i // 6}".encode(), hashlib.sha256).hexdigest()
    return canonical_json({"seq": i, "event": EVENTS[i % 6], "case": f"c-{i // 6}", "subject": subject})


@dataclass
class Export:
    folder: Path
    leaves: list[bytes]

    def path(self, name: str) -> Path:
        return self.folder / name

    def write_entries(self, lines: list[dict[str, object]], name: str = "ledger.jsonl") -> Path:
        target = self.path(name)
        target.write_text("".join(json.dumps(line) + "\n" for line in lines))
        return target

    def lines(self) -> list[dict[str, object]]:
        return [{"index": i, "leaf_hash": leaf.hex()} for i, leaf in enumerate(self.leaves)]

    def checkpoint(self, size: int, name: str, *, signer: str = SIGNER, origin: str = ORIGIN) -> Path:
        target = self.path(name)
        target.write_text(sign_checkpoint(origin, size, root(self.leaves[:size]), signer), encoding="utf-8")
        return target


@pytest.fixture
def export(tmp_path: Path) -> Export:
    leaves = [leaf_hash(entry_bytes(i)) for i in range(50)]
    made = Export(tmp_path, leaves)
    made.write_entries(made.lines())
    made.checkpoint(50, "checkpoint.txt")
    made.checkpoint(30, "checkpoint-old.txt")
    made.path("ledger.pub").write_text(VERIFIER_KEY + "\n")
    return made


def run(export: Export, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(VERIFIER), *args],
        capture_output=True,
        text=True,
        cwd=export.folder,
        timeout=60,
        check=False,
    )


BASE = ["--checkpoint", "checkpoint.txt", "--key-file", "ledger.pub"]


def verdict(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else result.stderr


# -- good exports -----------------------------------------------------------------------------------


def test_a_good_export_verifies(export: Export) -> None:
    result = run(export, *BASE, "--entries", "ledger.jsonl", "--origin", ORIGIN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: checkpoint signed by ledger.sanctuary.example/lacity+" in result.stdout
    assert "ok: the root of the first 50 entries matches the checkpoint" in result.stdout
    assert verdict(result) == f"VERDICT: OK: the ledger '{ORIGIN}' at 50 entries verifies"


def test_leaf_data_and_a_key_on_the_command_line(export: Export) -> None:
    lines = export.lines()
    for i in range(0, 50, 7):
        lines[i]["leaf_data"] = base64.b64encode(entry_bytes(i)).decode()
    for i in range(3, 50, 7):
        del lines[i]["leaf_hash"]
        lines[i]["leaf_data"] = base64.b64encode(entry_bytes(i)).decode()
    export.write_entries(lines)
    result = run(export, "--checkpoint", "checkpoint.txt", "--key", VERIFIER_KEY, "--entries", "ledger.jsonl")
    assert result.returncode == 0, result.stdout


def test_an_old_checkpoint_and_a_consistency_proof_verify(export: Export) -> None:
    proof = consistency_proof(30, 50, export.leaves)
    export.path("consistency.json").write_text(
        json.dumps({"old_size": 30, "new_size": 50, "proof": [p.hex() for p in proof]})
    )
    with_entries = run(export, *BASE, "--old-checkpoint", "checkpoint-old.txt", "--entries", "ledger.jsonl")
    assert with_entries.returncode == 0, with_entries.stdout
    assert "matches the old checkpoint" in with_entries.stdout
    proof_only = run(export, *BASE, "--old-checkpoint", "checkpoint-old.txt", "--consistency-proof", "consistency.json")
    assert proof_only.returncode == 0, proof_only.stdout
    assert "consistency proof: the log of 50 entries extends the log of 30" in proof_only.stdout


def test_an_inclusion_proof_verifies(export: Export) -> None:
    proof = inclusion_proof(17, 50, export.leaves)
    receipt = {"index": 17, "tree_size": 50, "leaf_hash": export.leaves[17].hex(), "proof": [p.hex() for p in proof]}
    export.path("receipt.json").write_text(json.dumps(receipt))
    result = run(export, *BASE, "--inclusion-proof", "receipt.json")
    assert result.returncode == 0, result.stdout
    assert "inclusion proof: entry 17 is in the log of 50 entries" in result.stdout


def test_entries_after_the_checkpoint_are_reported_not_failed(export: Export) -> None:
    export.checkpoint(40, "checkpoint.txt")
    result = run(export, *BASE, "--entries", "ledger.jsonl")
    assert result.returncode == 0, result.stdout
    assert "10 entries after the checkpoint are not covered by it" in result.stdout


def test_an_empty_log_verifies(export: Export) -> None:
    export.write_entries([])
    export.path("checkpoint.txt").write_text(sign_checkpoint(ORIGIN, 0, EMPTY_ROOT, SIGNER))
    result = run(export, *BASE, "--entries", "ledger.jsonl")
    assert result.returncode == 0, result.stdout


def test_json_output(export: Export) -> None:
    result = run(export, *BASE, "--entries", "ledger.jsonl", "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["verdict"] == "ok"
    assert len(report["checks"]) == 2


# -- tampered exports: exit 1 -----------------------------------------------------------------------


def _tamper_hash(export: Export) -> None:
    lines = export.lines()
    lines[23]["leaf_hash"] = leaf_hash(b'{"event":"closed"}').hex()
    export.write_entries(lines)


def _delete_entry(export: Export) -> None:
    export.write_entries([line for line in export.lines() if line["index"] != 10])


def _swap_entries(export: Export) -> None:
    lines = export.lines()
    lines[3]["leaf_hash"], lines[4]["leaf_hash"] = lines[4]["leaf_hash"], lines[3]["leaf_hash"]
    export.write_entries(lines)


def _renumber_after_delete(export: Export) -> None:
    kept = [leaf for i, leaf in enumerate(export.leaves) if i != 10]
    export.write_entries([{"index": i, "leaf_hash": leaf.hex()} for i, leaf in enumerate(kept)])


def _truncate(export: Export) -> None:
    export.write_entries(export.lines()[:45])


def _insert_entry(export: Export) -> None:
    leaves = [*export.leaves[:5], leaf_hash(b"inserted"), *export.leaves[5:49]]
    export.write_entries([{"index": i, "leaf_hash": leaf.hex()} for i, leaf in enumerate(leaves)])


def _edit_checkpoint_size(export: Export) -> None:
    note = export.path("checkpoint.txt").read_text()
    export.path("checkpoint.txt").write_text(note.replace("\n50\n", "\n49\n", 1))
    export.write_entries(export.lines()[:49])


def _edit_checkpoint_root(export: Export) -> None:
    note = export.path("checkpoint.txt").read_text()
    lines = note.split("\n")
    lines[2] = base64.b64encode(root(export.leaves[:50][::-1])).decode()
    export.path("checkpoint.txt").write_text("\n".join(lines))


def _sign_with_another_key(export: Export) -> None:
    other, _ = generate_keys(ORIGIN)
    export.checkpoint(50, "checkpoint.txt", signer=other)


def _leaf_data_mismatch(export: Export) -> None:
    lines = export.lines()
    lines[8]["leaf_data"] = base64.b64encode(entry_bytes(9)).decode()
    export.write_entries(lines)


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (_tamper_hash, "the Merkle root of the first 50 entries is"),
        (_delete_entry, "expected entry 10, found entry 11: entry 10 is missing"),
        (_swap_entries, "an entry was changed, removed, added or reordered"),
        (_renumber_after_delete, "the export has 49 entries but the checkpoint commits to 50"),
        (_truncate, "entries 45 to 49 are missing"),
        (_insert_entry, "the Merkle root of the first 50 entries is"),
        (_edit_checkpoint_size, "the signature on line 5 by ledger.sanctuary.example/lacity+"),
        (_edit_checkpoint_root, "does not match the checkpoint text"),
        (_sign_with_another_key, "the checkpoint is not signed by the key"),
        (_leaf_data_mismatch, "entry 8: its leaf_data does not hash to its published leaf_hash"),
    ],
)
def test_tampered_exports_fail(export: Export, tamper: object, message: str) -> None:
    tamper(export)  # type: ignore[operator]
    result = run(export, *BASE, "--entries", "ledger.jsonl")
    assert result.returncode == 1, result.stdout + result.stderr
    assert verdict(result).startswith("VERDICT: TAMPERED: ")
    assert message in verdict(result)


def test_lines_outside_the_usual_shape_take_the_full_parser(export: Export) -> None:
    """The verifier reads the usual line shape with a fast pattern; any other spelling gets full JSON."""
    odd = [json.dumps({"leaf_hash": line["leaf_hash"], "index": line["index"]}, indent=1) for line in export.lines()]
    odd = [" ".join(text.split()) for text in odd]  # one line each, keys in the other order
    export.path("ledger.jsonl").write_text("\n".join(odd) + "\n")
    assert run(export, *BASE, "--entries", "ledger.jsonl").returncode == 0
    export.path("ledger.jsonl").write_text("\n".join(text for i, text in enumerate(odd) if i != 10) + "\n")
    result = run(export, *BASE, "--entries", "ledger.jsonl")
    assert result.returncode == 1
    assert "expected entry 10, found entry 11: entry 10 is missing" in result.stdout


def test_a_checkpoint_for_another_log_fails(export: Export) -> None:
    result = run(export, *BASE, "--entries", "ledger.jsonl", "--origin", "ledger.sanctuary.example/boston")
    assert result.returncode == 1
    assert "is for the log 'ledger.sanctuary.example/lacity', not 'ledger.sanctuary.example/boston'" in result.stdout


def test_a_rewritten_history_fails_against_the_old_checkpoint(export: Export) -> None:
    """The city re-signs a log whose entry 12 changed; the checkpoint a citizen kept exposes it."""
    rewritten = list(export.leaves)
    rewritten[12] = leaf_hash(b'{"event":"decision_made","outcome":"rewritten"}')
    forked = Export(export.folder, rewritten)
    forked.write_entries(forked.lines())
    forked.checkpoint(50, "checkpoint.txt")
    alone = run(export, *BASE, "--entries", "ledger.jsonl")
    assert alone.returncode == 0  # the new checkpoint alone matches its own export
    result = run(export, *BASE, "--entries", "ledger.jsonl", "--old-checkpoint", "checkpoint-old.txt")
    assert result.returncode == 1
    assert "entries published before the old checkpoint were rewritten" in result.stdout
    proof = consistency_proof(30, 50, rewritten)
    export.path("consistency.json").write_text(
        json.dumps({"old_size": 30, "new_size": 50, "proof": [p.hex() for p in proof]})
    )
    by_proof = run(export, *BASE, "--old-checkpoint", "checkpoint-old.txt", "--consistency-proof", "consistency.json")
    assert by_proof.returncode == 1
    assert "the newer checkpoint does not extend the older one" in by_proof.stdout


def test_a_tampered_consistency_proof_fails(export: Export) -> None:
    proof = [p.hex() for p in consistency_proof(30, 50, export.leaves)]
    proof[1] = "00" * 32
    export.path("consistency.json").write_text(json.dumps({"old_size": 30, "new_size": 50, "proof": proof}))
    result = run(export, *BASE, "--old-checkpoint", "checkpoint-old.txt", "--consistency-proof", "consistency.json")
    assert result.returncode == 1
    assert "does not verify" in result.stdout


def test_a_tampered_inclusion_proof_fails(export: Export) -> None:
    proof = inclusion_proof(17, 50, export.leaves)
    receipt = {"index": 18, "tree_size": 50, "leaf_hash": export.leaves[17].hex(), "proof": [p.hex() for p in proof]}
    export.path("receipt.json").write_text(json.dumps(receipt))
    result = run(export, *BASE, "--inclusion-proof", "receipt.json")
    assert result.returncode == 1
    assert "the inclusion proof for entry 18 does not verify" in result.stdout


def test_two_checkpoints_of_one_size_with_different_roots_are_a_fork(export: Export) -> None:
    other = Export(export.folder, [leaf_hash(b"x"), *export.leaves[1:]])
    other.checkpoint(50, "checkpoint-old.txt")
    proof = {"old_size": 50, "new_size": 50, "proof": []}
    export.path("consistency.json").write_text(json.dumps(proof))
    result = run(export, *BASE, "--old-checkpoint", "checkpoint-old.txt", "--consistency-proof", "consistency.json")
    assert result.returncode == 1
    assert "the log was forked" in result.stdout


# -- bad input: exit 2 ------------------------------------------------------------------------------


def _write(export: Export, name: str, text: str) -> None:
    export.path(name).write_text(text)


@pytest.mark.parametrize(
    ("prepare", "args", "message"),
    [
        (
            lambda e: _write(e, "ledger.jsonl", '{"index": 0, "leaf_hash": '),
            [],
            "ledger.jsonl line 1 is not valid JSON",
        ),
        (lambda e: None, ["--entries", "missing.jsonl"], "cannot read the entries file missing.jsonl"),
        (lambda e: _write(e, "ledger.pub", "not a key"), [], "the verifier key is malformed"),
        (
            lambda e: _write(e, "ledger.jsonl", '{"index": 0, "leaf_hash": "abcd"}\n'),
            [],
            "'leaf_hash' must be 64 hexadecimal digits",
        ),
        (
            lambda e: _write(e, "ledger.jsonl", '{"index": 0, "leaf_hash": "' + "ab" * 32 + '", "name": "Ana"}\n'),
            [],
            "has unknown fields ['name']",
        ),
        (
            lambda e: _write(e, "ledger.jsonl", '{"index": 0, "leaf_hash": "' + "ab" * 32 + '", "index": 1}\n'),
            [],
            "the field 'index' appears twice",
        ),
        (lambda e: _write(e, "ledger.jsonl", '[0, "ab"]\n'), [], "must be a JSON object"),
        (lambda e: _write(e, "ledger.jsonl", '{"index": "0", "leaf_hash": "x"}\n'), [], "'index' must be"),
        (lambda e: _write(e, "checkpoint.txt", "garbage\n"), [], "no blank line"),
        (lambda e: _write(e, "ledger.jsonl", '{"index": 0}\n'), [], "needs a 'leaf_hash' (hex) or a 'leaf_data'"),
    ],
)
def test_bad_input_exits_2(export: Export, prepare: object, args: list[str], message: str) -> None:
    prepare(export)  # type: ignore[operator]
    result = run(export, *BASE, *(args or ["--entries", "ledger.jsonl"]))
    assert result.returncode == 2, result.stdout + result.stderr
    assert verdict(result).startswith("VERDICT: BAD INPUT: ")
    assert message in verdict(result)


def test_nothing_to_verify_and_missing_arguments_exit_2(export: Export) -> None:
    nothing = run(export, *BASE)
    assert nothing.returncode == 2
    assert "nothing to verify" in nothing.stdout
    no_checkpoint = run(export, "--key-file", "ledger.pub", "--entries", "ledger.jsonl")
    assert no_checkpoint.returncode == 2
    assert "--checkpoint" in no_checkpoint.stderr
    proof_without_old = run(export, *BASE, "--consistency-proof", "x.json")
    assert proof_without_old.returncode == 2
    assert "needs --old-checkpoint" in proof_without_old.stdout


def test_a_proof_for_other_sizes_is_bad_input(export: Export) -> None:
    export.path("consistency.json").write_text(json.dumps({"old_size": 29, "new_size": 50, "proof": []}))
    result = run(export, *BASE, "--old-checkpoint", "checkpoint-old.txt", "--consistency-proof", "consistency.json")
    assert result.returncode == 2
    assert "the consistency proof is from 29 to 50 entries, but the checkpoints have 30 and 50" in result.stdout


# -- the verifier stands alone ----------------------------------------------------------------------


def test_the_verifier_imports_only_the_standard_library_and_cryptography() -> None:
    tree = ast.parse(VERIFIER.read_text())
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    outside = {name for name in imported if name not in sys.stdlib_module_names}
    assert outside == {"cryptography"}
    assert "sanctuary" not in imported


def _load_verifier() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sanctuary_verify", VERIFIER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sanctuary_verify"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


standalone = _load_verifier()
HASHES = [leaf_hash(i.to_bytes(2, "big")) for i in range(80)]


ROOTS = [root(HASHES[:n]) for n in range(len(HASHES) + 1)]


def test_the_standalone_merkle_code_agrees_with_the_library() -> None:
    """Every size up to 40, every index and old size, with the right and several wrong arguments.

    Wrong sizes paired with a root of another size are included on purpose: RFC 9162's loop checks
    (``sn == 0``) are what reject those, and the two copies of the algorithm must agree there too.
    """
    for size in range(41):
        assert standalone.merkle_root(HASHES[:size]) == ROOTS[size]
        for index in range(size):
            path = inclusion_proof(index, size, HASHES)
            wrong = [*path[:-1], leaf_hash(b"x")] if path else [leaf_hash(b"x")]
            probes = [(index, size, path), (index, size, wrong), (index, size, path[:-1]), (index ^ 1, size, path)]
            probes += [(index, other, path) for other in (size - 1, size + 1, size * 2, size // 2, size + 2)]
            for i, n, p in probes:
                expected = verify_inclusion(HASHES[index], i, n, p, ROOTS[size])
                assert standalone.verify_inclusion(HASHES[index], i, n, p, ROOTS[size]) is expected, (i, n, size)
        for old in range(size + 1):
            proof = consistency_proof(old, size, HASHES)
            assert standalone.verify_consistency(old, size, ROOTS[old], ROOTS[size], proof)
            probes_c = [(old, size, leaf_hash(b"y"), proof), (max(old - 1, 0), size, ROOTS[old], proof)]
            probes_c += [(old, other, ROOTS[old], proof) for other in (size + 1, size + 2, size * 2)]
            probes_c += [(old, size, ROOTS[old], proof[:-1]), (old, size, ROOTS[old], [*proof, ROOTS[size]])]
            for m, n, r, p in probes_c:
                expected = verify_consistency(m, n, r, ROOTS[size], p)
                assert standalone.verify_consistency(m, n, r, ROOTS[size], p) is expected, (m, n, size)
