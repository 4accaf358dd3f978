"""Scoring the reader on a labeled folder: accuracy, a confusion matrix, and the dangerous errors."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctuary.model import InstrumentType

from ._classify import read_text
from ._cues import COMMANDING_TYPES
from ._extract import DocumentError, extract


@dataclass
class ReaderEvaluation:
    labels: list[str]
    matrix: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    dangerous: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.matrix.values())

    @property
    def correct(self) -> int:
        return sum(self.matrix.get(label, {}).get(label, 0) for label in self.labels)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 4),
            "matrix": self.matrix,
            "errors": [{"file": f, "label": t, "read_as": g} for f, t, g in self.errors],
            "non_judicial_read_as_judicial": [{"file": f, "read_as": g} for f, g in self.dangerous],
        }


def load_labels(folder: Path) -> list[tuple[Path, InstrumentType]]:
    labels_file = folder / "labels.csv"
    if not labels_file.is_file():
        raise DocumentError(f"{str(folder)!r} has no labels.csv (columns: file,label).")
    allowed = {t.value for t in InstrumentType}
    rows: list[tuple[Path, InstrumentType]] = []
    with labels_file.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"file", "label"} <= set(reader.fieldnames):
            raise DocumentError(f"{labels_file}: the header must have the columns file and label.")
        for number, row in enumerate(reader, start=2):
            name, label = (row.get("file") or "").strip(), (row.get("label") or "").strip()
            if label not in allowed:
                raise DocumentError(
                    f"{labels_file}:{number}: label {label!r} is not an instrument type; allowed: "
                    + ", ".join(sorted(allowed))
                )
            path = folder / name
            if not name or not path.is_file():
                raise DocumentError(f"{labels_file}:{number}: file {name!r} is not in {str(folder)!r}.")
            rows.append((path, InstrumentType(label)))
    if not rows:
        raise DocumentError(f"{labels_file} lists no documents.")
    return rows


def evaluate_reader(folder: Path, progress: Callable[[str], None] | None = None) -> ReaderEvaluation:
    """Read every labeled document in ``folder`` and compare with its label."""
    rows = load_labels(folder)
    report = ReaderEvaluation(labels=[t.value for t in InstrumentType if t is not InstrumentType.NONE])
    for path, truth in rows:
        if progress:
            progress(path.name)
        extracted = extract(path)
        guess = read_text(extracted.text, pages=extracted.pages, ocr=extracted.ocr, sha256=extracted.sha256).type
        report.matrix.setdefault(truth.value, {}).setdefault(guess.value, 0)
        report.matrix[truth.value][guess.value] += 1
        if guess is not truth:
            report.errors.append((path.name, truth.value, guess.value))
            if guess in COMMANDING_TYPES and truth not in COMMANDING_TYPES:
                report.dangerous.append((path.name, guess.value))
    return report
