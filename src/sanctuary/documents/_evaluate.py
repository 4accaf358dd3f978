"""Scoring the reader on a labeled folder: type, issuer and signed-by-judge accuracy, a confusion
matrix, and the dangerous errors (a paper that commands nothing read as one that does)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sanctuary.model import InstrumentType, IssuedBy, Issuer, Message, Reading

from ._classify import read_text
from ._cues import COMMANDING_TYPES, JUDICIAL_TYPES
from ._errors import DocumentError
from ._extract import extract

#: Issuers whose papers command nothing of a local agency: reading one as judicial is the costly error.
NOT_JUDICIAL = frozenset({Issuer.IMMIGRATION_COURT, Issuer.IMMIGRATION_AGENCY, Issuer.OTHER_AGENCY})
_STATE_COURTS = frozenset({Issuer.STATE_COURT_HERE, Issuer.STATE_COURT_ELSEWHERE})


@dataclass(frozen=True)
class Label:
    """One row of labels.csv. Columns past ``file,label`` are optional; a missing column is not scored."""

    path: Path
    type: InstrumentType
    signed_by_judge: bool | None = None
    has_signed_by_judge: bool = False
    issuer: Issuer | None = None
    issued_by: IssuedBy | None = None
    court_state: str | None = None

    def expected_issuer(self, home_state: str | None) -> Issuer | None:
        """The issuer a reader classifying against ``home_state`` must report (a state court's is relative)."""
        if self.issuer in _STATE_COURTS and self.court_state:
            if home_state is None:
                return Issuer.UNKNOWN
            return Issuer.STATE_COURT_HERE if self.court_state == home_state.upper() else Issuer.STATE_COURT_ELSEWHERE
        return self.issuer


@dataclass
class Score:
    total: int = 0
    correct: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, name: str, expected: str, got: str, ok: bool) -> None:
        self.total += 1
        self.correct += ok
        if not ok:
            self.errors.append((name, expected, got))

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "correct": self.correct,
            "accuracy": None if self.accuracy is None else round(self.accuracy, 4),
            "errors": [{"file": f, "label": e, "read_as": g} for f, e, g in self.errors],
        }


@dataclass
class ReaderEvaluation:
    labels: list[str]
    home_state: str | None = None
    matrix: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    dangerous: list[tuple[str, str]] = field(default_factory=list)
    issuer: Score = field(default_factory=Score)
    signed_by_judge: Score = field(default_factory=Score)
    issued_by: Score = field(default_factory=Score)

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
            "home_state": self.home_state,
            "issuer": self.issuer.as_json(),
            "signed_by_judge": self.signed_by_judge.as_json(),
            "issued_by": self.issued_by.as_json(),
            "matrix": self.matrix,
            "errors": [{"file": f, "label": t, "read_as": g} for f, t, g in self.errors],
            "non_judicial_read_as_judicial": [{"file": f, "read_as": g} for f, g in self.dangerous],
        }


_BOOLS = {"true": True, "false": False, "": None}


def load_labels(folder: Path) -> list[Label]:
    labels_file = folder / "labels.csv"
    if not labels_file.is_file():
        raise DocumentError("{folder!r} has no labels.csv (columns: file,label).", folder=str(folder))
    rows: list[Label] = []
    with labels_file.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = set(reader.fieldnames or ())
        if not {"file", "label"} <= columns:
            raise DocumentError("{labels}: the header must have the columns file and label.", labels=str(labels_file))
        for number, row in enumerate(reader, start=2):
            where = f"{labels_file}:{number}"
            name = (row.get("file") or "").strip()
            path = folder / name
            if not name or not path.is_file():
                raise DocumentError(
                    "{where}: file {name!r} is not in {folder!r}.", where=where, name=name, folder=str(folder)
                )
            signed = (row.get("signed_by_judge") or "").strip().lower()
            if signed not in _BOOLS:
                raise DocumentError(
                    "{where}: signed_by_judge {signed!r} must be true, false or empty.", where=where, signed=signed
                )
            state = (row.get("court_state") or "").strip().upper() or None
            rows.append(
                Label(
                    path=path,
                    type=_enum(InstrumentType, row.get("label"), "label", where, Message("an instrument type")),
                    signed_by_judge=_BOOLS[signed],
                    has_signed_by_judge="signed_by_judge" in columns,
                    issuer=_optional(Issuer, row.get("issuer"), "issuer", where, Message("an issuer")),
                    issued_by=_optional(IssuedBy, row.get("issued_by"), "issued_by", where, Message("a signer")),
                    court_state=state,
                )
            )
    if not rows:
        raise DocumentError("{labels} lists no documents.", labels=str(labels_file))
    return rows


_E = TypeVar("_E", InstrumentType, Issuer, IssuedBy)


def _enum(kind: type[_E], value: str | None, column: str, where: str, what: Message) -> _E:
    text = (value or "").strip()
    allowed = {member.value for member in kind}
    if text not in allowed:
        raise DocumentError(
            "{where}: {column} {text!r} is not {what}; allowed: {allowed}",
            where=where,
            column=column,
            text=text,
            what=what,
            allowed=", ".join(sorted(allowed)),
        )
    return kind(text)


def _optional(kind: type[_E], value: str | None, column: str, where: str, what: Message) -> _E | None:
    return _enum(kind, value, column, where, what) if (value or "").strip() else None


def score(report: ReaderEvaluation, label: Label, reading: Reading) -> None:
    """Add one paper's reading to the report."""
    name, truth, guess = label.path.name, label.type, reading.type
    report.matrix.setdefault(truth.value, {}).setdefault(guess.value, 0)
    report.matrix[truth.value][guess.value] += 1
    if guess is not truth:
        report.errors.append((name, truth.value, guess.value))
    expected = label.expected_issuer(report.home_state)
    if expected is not None:
        report.issuer.add(name, expected.value, reading.issuer_kind.value, reading.issuer_kind is expected)
    if label.issued_by is not None:
        report.issued_by.add(name, label.issued_by.value, reading.issued_by.value, reading.issued_by is label.issued_by)
    if label.has_signed_by_judge:
        # a blank label: no signature to be seen, so only "signed by a judge" is wrong
        ok = (
            reading.signed_by_judge is not True
            if label.signed_by_judge is None
            else (reading.signed_by_judge is label.signed_by_judge)
        )
        report.signed_by_judge.add(name, str(label.signed_by_judge).lower(), str(reading.signed_by_judge).lower(), ok)
    commanding = guess in COMMANDING_TYPES and truth not in COMMANDING_TYPES
    judicial_issuer = label.issuer in NOT_JUDICIAL and (reading.signed_by_judge is True or guess in JUDICIAL_TYPES)
    if commanding or judicial_issuer:
        what = guess.value if commanding else f"{guess.value} from {reading.issuer_kind.value}"
        report.dangerous.append((name, what))


def evaluate_reader(
    folder: Path, progress: Callable[[str], None] | None = None, *, home_state: str | None = None
) -> ReaderEvaluation:
    """Read every labeled document in ``folder`` (against ``home_state``) and compare with its labels."""
    rows = load_labels(folder)
    report = ReaderEvaluation(
        labels=[t.value for t in InstrumentType if t is not InstrumentType.NONE], home_state=home_state
    )
    for label in rows:
        if progress:
            progress(label.path.name)
        extracted = extract(label.path)
        reading = read_text(
            extracted.text,
            pages=extracted.pages,
            ocr=extracted.ocr,
            sha256=extracted.sha256,
            home_state=home_state,
        )
        score(report, label, reading)
    return report
