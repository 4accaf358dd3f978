"""Shared fixtures: synthetic packs written to a temporary folder.

Synthetic packs let the loader and the engine be tested against law that does not change
while the real packs are being written. Every test gets its own ``tmp_path``, and
``load_stack`` caches by the pack roots, so a pack written here is never served stale.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

import pytest
import yaml

PACKS_PATH_ENV = "SANCTUARY_PACKS_PATH"
SOURCE = "https://example.org/law/test-code"
#: A day on which every synthetic pack (effective 2000-01-01) and the built-in `us` pack are in force.
DAY = "2025-06-01"


class PackMaker(Protocol):
    def __call__(
        self,
        pack_id: str,
        law: Mapping[str, str | Mapping[str, Any]],
        *,
        parents: Iterable[str] = (),
        effective: str = "2000-01-01",
        version: str = "1.0.0",
        listed: Iterable[str] | None = None,
        manifest: str | None = None,
    ) -> Path: ...


def _dump(content: str | Mapping[str, Any]) -> str:
    if isinstance(content, str):
        return textwrap.dedent(content).lstrip("\n")
    return yaml.safe_dump(dict(content), sort_keys=False, allow_unicode=True)


@pytest.fixture
def packs_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder named in SANCTUARY_PACKS_PATH (distinct per test, so never a stale cache)."""
    root = tmp_path / "packs"
    root.mkdir()
    monkeypatch.setenv(PACKS_PATH_ENV, str(root))
    monkeypatch.delenv("SANCTUARY_PACK", raising=False)
    return root


@pytest.fixture
def make_pack(packs_root: Path) -> PackMaker:
    """Write a pack folder under ``packs_root``; law files are YAML text (for exact lines) or dicts."""

    def make(
        pack_id: str,
        law: Mapping[str, str | Mapping[str, Any]],
        *,
        parents: Iterable[str] = (),
        effective: str = "2000-01-01",
        version: str = "1.0.0",
        listed: Iterable[str] | None = None,
        manifest: str | None = None,
    ) -> Path:
        directory = packs_root / pack_id
        (directory / "law").mkdir(parents=True)
        for name, content in law.items():
            (directory / "law" / name).write_text(_dump(content), encoding="utf-8")
        if manifest is None:
            manifest = _dump(
                {
                    "id": pack_id,
                    "name": f"Test pack {pack_id}",
                    "version": version,
                    "jurisdiction": "Testland",
                    "parents": list(parents),
                    "effective": effective,
                    "law": list(law if listed is None else listed),
                }
            )
        else:
            manifest = _dump(manifest)
        (directory / "pack.yaml").write_text(manifest, encoding="utf-8")
        return directory

    return make


def law_file(
    *rules: Mapping[str, Any],
    definitions: Iterable[Mapping[str, Any]] = (),
    effective: Mapping[str, str] | None = None,
    confidence: str = "V",
) -> dict[str, Any]:
    """A valid law file (as a dict) holding ``rules``."""
    content: dict[str, Any] = {
        "instrument": "Test Code section 1",
        "citation": "Test Code § 1",
        "source": SOURCE,
        "confidence": confidence,
        "effective": dict(effective or {"from": "2000-01-01"}),
    }
    if definitions:
        content["definitions"] = [dict(d) for d in definitions]
    content["rules"] = [dict(r) for r in rules]
    return content


def rule(
    rule_id: str,
    outcome: str | None = None,
    when: Mapping[str, Any] | None = None,
    *,
    obligations: Iterable[str] = (),
    **extra: Any,
) -> dict[str, Any]:
    """A valid rule (as a dict): ``outcome`` None makes a duty-only rule (give ``obligations``)."""
    then: dict[str, Any] = {}
    if outcome is not None:
        then["outcome"] = outcome
        if outcome == "refer":
            then["refer_to"] = ["counsel"]
    if obligations:
        then["obligations"] = [
            {"id": ob, "who": "the clerk", "due": "at once", "text": {"en": f"do {ob}", "es": f"haga {ob}"}}
            for ob in obligations
        ]
    if outcome is not None:
        then["say"] = {"en": f"say {rule_id}", "es": f"diga {rule_id}"}
    spec: dict[str, Any] = {"id": rule_id, "citation": f"Test Code § 1({rule_id})", "summary": f"Rule {rule_id}."}
    if when is not None:
        spec["when"] = dict(when)
    spec.update(extra)
    spec["then"] = then
    spec["text"] = {"en": f"because {rule_id}", "es": f"porque {rule_id}"}
    return spec
