"""Precision and recall of a detector on a labeled line set (tests/fixtures/guard/labeled.jsonl).

Each labeled line is ``{"text": ..., "spans": [{"start", "end", "kind"}]}``. A found span is a true
positive when it overlaps an expected span of the same kind that no other found span has claimed
(*overlap* scoring, the usual one for span detectors; two words of one label, "ICE" and "ERO" for
"ICE ERO", count once). *Exact* scoring also requires the same start and end. Lines with no
expected span are the clean lines: any detection there is a false positive, and they are counted
separately. The same function scores Sanctuary's detectors and, in the benchmark, Presidio's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctuary.model import InputError

#: A detector for scoring: lines in, one list of (start, end, kind) per line out.
SpanDetector = Callable[[Sequence[str]], list[list[tuple[int, int, str]]]]


@dataclass
class KindScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def as_json(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
        }


@dataclass
class Scores:
    """Per-kind and overall scores, overlap and exact, plus the false positives on clean lines."""

    lines: int = 0
    clean_lines: int = 0
    clean_lines_hit: int = 0
    per_kind: dict[str, KindScore] = field(default_factory=dict)
    overall: KindScore = field(default_factory=KindScore)
    exact: KindScore = field(default_factory=KindScore)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "clean_lines": self.clean_lines,
            "clean_lines_hit": self.clean_lines_hit,
            "overall": self.overall.as_json(),
            "exact": self.exact.as_json(),
            "per_kind": {kind: score.as_json() for kind, score in sorted(self.per_kind.items())},
        }


def load_labeled(path: Path) -> list[dict[str, Any]]:
    """The labeled lines; InputError when the file is missing or a line is not a labeled object."""
    rows: list[dict[str, Any]] = []
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                row = json.loads(line)
                if not isinstance(row, dict) or not isinstance(row.get("text"), str) or "spans" not in row:
                    raise InputError("{path}: line {number} needs 'text' and 'spans'.", path=path, number=number)
                rows.append(row)
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError("{path}: cannot read the labeled set ({reason}).", path=path, reason=str(exc)) from None
    return rows


def score(rows: Sequence[dict[str, Any]], detector: SpanDetector, *, kinds: set[str] | None = None) -> Scores:
    """Score ``detector`` on ``rows``; with ``kinds``, only those expected and found kinds count."""
    found_all = detector([row["text"] for row in rows])
    result = Scores(lines=len(rows))
    for row, found in zip(rows, found_all, strict=True):
        expected = [(s["start"], s["end"], s["kind"]) for s in row["spans"]]
        if kinds is not None:
            expected = [s for s in expected if s[2] in kinds]
            found = [f for f in found if f[2] in kinds]
        if not row["spans"]:
            result.clean_lines += 1
            if found:
                result.clean_lines_hit += 1
        claimed: set[int] = set()
        for start, end, kind in found:
            per = result.per_kind.setdefault(kind, KindScore())
            match = next(
                (
                    i
                    for i, (e_start, e_end, e_kind) in enumerate(expected)
                    if e_kind == kind and start < e_end and e_start < end and i not in claimed
                ),
                None,
            )
            if match is None:
                twin = any(e_kind == kind and start < e_end and e_start < end for e_start, e_end, e_kind in expected)
                if twin:
                    continue  # a second piece of an already matched label: neither right nor wrong twice
                per.fp += 1
                result.overall.fp += 1
                result.exact.fp += 1
                result.false_positives.append({"id": row.get("id"), "kind": kind, "text": row["text"][start:end]})
                continue
            claimed.add(match)
            per.tp += 1
            result.overall.tp += 1
            if expected[match][:2] == (start, end):
                result.exact.tp += 1
            else:
                result.exact.fp += 1
                result.exact.fn += 1
        for index, (start, end, kind) in enumerate(expected):
            if index not in claimed:
                result.per_kind.setdefault(kind, KindScore()).fn += 1
                result.overall.fn += 1
                result.exact.fn += 1
                result.misses.append({"id": row.get("id"), "kind": kind, "text": row["text"][start:end]})
    return result
