"""Exports: the public ledger (for anyone to verify) and one case file (without personal data).

Files are written atomically (a temporary file in the same folder, then ``os.replace``), so a
reader never sees half an export. The public export is exactly what ``verifier/sanctuary_verify.py``
reads, and it is checked against its own checkpoint before it is written: a ledger that does not
verify is never published.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctuary.files import write_atomic
from sanctuary.model import InputError
from sanctuary.records.ledger import root

from .cases import CaseStore
from .ledger_store import LedgerStore, timestamp

ENTRIES_FILE = "ledger.jsonl"
CHECKPOINT_FILE = "checkpoint.txt"
KEY_FILE = "ledger.pub"
CASE_EXPORT_FORMAT = "sanctuary-case-export/1"
NOTICE = (
    "This export holds no personal data: the subject appears only as keyed pseudonyms, documents only "
    "by their SHA-256. Each entry's inclusion_proof checks against the signed checkpoint with "
    "verifier/sanctuary_verify.py."
)


@dataclass(frozen=True)
class LedgerExport:
    """What a public export wrote."""

    folder: Path
    size: int
    root: bytes
    checkpoint_id: int
    files: tuple[Path, ...]


def export_ledger(ledger: LedgerStore, folder: Path) -> LedgerExport:
    """Write the public export into ``folder``: leaf hashes, the signed checkpoint, the verifier key.

    The checkpoint file is written last, so an interrupted export still verifies against the
    checkpoint it already had.
    """
    if folder.exists() and not folder.is_dir():
        raise InputError(
            "The export destination {folder} is a file; give a folder (it is created if missing).", folder=folder
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            "Cannot create the export folder {folder}: {reason}.", folder=folder, reason=exc.strerror or exc
        ) from None
    checkpoint = ledger.checkpoint()
    hashes = ledger.leaf_hashes(checkpoint.size)
    if root(hashes) != checkpoint.root:
        raise InputError(
            "The ledger's first {size} entries do not have the root of checkpoint {checkpoint}; "
            "nothing was exported. Run `sanctuary ledger verify` to see what is wrong.",
            size=checkpoint.size,
            checkpoint=checkpoint.id,
        )
    entries = folder / ENTRIES_FILE
    key = folder / KEY_FILE
    note = folder / CHECKPOINT_FILE
    write_atomic(
        entries,
        (f'{{"index":{index},"leaf_hash":"{digest.hex()}"}}\n'.encode("ascii") for index, digest in enumerate(hashes)),
    )
    write_atomic(key, [f"{ledger.keys.verifier_key()}\n".encode("ascii")])
    write_atomic(note, [checkpoint.note.encode("utf-8")])
    return LedgerExport(folder, checkpoint.size, checkpoint.root, checkpoint.id, (entries, key, note))


def export_case(cases: CaseStore, case_id: str) -> dict[str, Any]:
    """One case file without personal data, with each ledger entry's proof against a signed checkpoint."""
    view = cases.get(case_id, reveal=False)
    ledger = cases.ledger
    checkpoint = ledger.checkpoint()
    indices = [entry.index for entry in view.timeline if entry.index < checkpoint.size]
    proofs = ledger.inclusion_proofs(indices, checkpoint.size)
    entries = []
    for entry in view.timeline:
        item: dict[str, Any] = entry.model_dump(mode="json")
        proof = proofs.get(entry.index)
        item["inclusion_proof"] = (
            None
            if proof is None
            else {
                "index": entry.index,
                "tree_size": checkpoint.size,
                "leaf_hash": entry.leaf_hash,
                "proof": [p.hex() for p in proof],
            }
        )
        entries.append(item)
    return {
        "format": CASE_EXPORT_FORMAT,
        "exported_at": timestamp(dt.datetime.now(dt.UTC)),
        "notice": NOTICE,
        "case": view.model_dump(mode="json", exclude={"timeline", "personal", "note_texts"}),
        "ledger": {
            "origin": checkpoint.origin,
            "verifier_key": ledger.keys.verifier_key(),
            "checkpoint": checkpoint.note,
            "tree_size": checkpoint.size,
            "entries": entries,
        },
    }


def case_export_bytes(export: dict[str, Any]) -> bytes:
    return (json.dumps(export, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
