"""Building a report: the kind's population, its tables, suppression or noise, and its attestation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sanctuary.model import (
    Action,
    HistoryTag,
    InputError,
    InstrumentType,
    ObligationId,
    Outcome,
    Purpose,
    RequesterKind,
    Setting,
)

from ._facts import NOT_RECORDED, PENDING, CaseFact
from ._kinds import ACCESS_TO_DATA, ACCESS_TYPES, KINDS, Basis, Kind, access_type
from ._period import Period
from ._suppress import THRESHOLD
from ._tables import SMALL_MARK, Dimension, Population, Table, apply_suppression, dimension

SCHEMA = "sanctuary-report/1"
DUTY_STATUSES = ("on_time", "late", "open")
#: Most serious first: a transfer is counted under the first of these its request records.
OFFENSE_ORDER = (
    HistoryTag.VIOLENT_FELONY,
    HistoryTag.SERIOUS_FELONY,
    HistoryTag.SEX_ARSON_REGISTRANT,
    HistoryTag.FEDERAL_AGGRAVATED_FELONY,
    HistoryTag.REENTRY_AFTER_AGGRAVATED_FELONY_REMOVAL,
    HistoryTag.OUTSTANDING_FEDERAL_FELONY_WARRANT,
    HistoryTag.PENDING_SERIOUS_CHARGE_PROBABLE_CAUSE,
    HistoryTag.STATE_PRISON_FELONY,
    HistoryTag.LISTED_FELONY_15Y,
    HistoryTag.LISTED_WOBBLER_5Y,
)
NONE_RECORDED = "none_recorded"
NOT_KNOWN = "not_known"
LABELS = {
    NOT_RECORDED: "Not recorded",
    PENDING: "Pending (no decision yet)",
    NONE_RECORDED: "No listed offense recorded",
    NOT_KNOWN: "History not checked",
    "on_time": "Done on time",
    "late": "Late",
    "open": "Open",
    "stand_aside": "Stand aside",
    ACCESS_TO_DATA: "Release date, address or check-in information",
}
VERIFY_TEXT = (
    "How to verify: the counts come from the case store, whose every change is an entry in the "
    "append-only public ledger (RFC 9162 Merkle tree). Get the public export with `sanctuary ledger "
    "export OUT` (leaf hashes, the signed checkpoint and the verifier key; no case content) and run the "
    "stand-alone verifier, which needs only Python: `python3 verifier/sanctuary_verify.py --checkpoint "
    "OUT/checkpoint.txt --key-file OUT/ledger.pub --entries OUT/ledger.jsonl`. The checkpoint printed "
    "in this report must either be the export's checkpoint or be extended by it (`sanctuary ledger "
    "consistency OLD NEW` gives the RFC 9162 consistency proof); if not, the ledger was rewritten. "
    "The pack digests name the exact law the decisions were made under: `sanctuary packs show ID` "
    "prints a pack's digest, and any decision can be replayed against it."
)


@dataclass(frozen=True)
class CheckpointInfo:
    """A signed ledger checkpoint as a report cites it."""

    id: int
    origin: str
    size: int
    root: str
    created_at: dt.datetime
    note: str


@dataclass(frozen=True)
class Attestation:
    """What ties a report to the record: the checkpoint at the end of the period and the packs used."""

    checkpoint: CheckpointInfo | None
    #: The first checkpoint covering every case of the period, when the one above does not.
    covering: CheckpointInfo | None = None
    #: Ledger entries needed to cover the cases counted (the last case_opened index + 1), if known.
    needed_size: int | None = None

    def statement(self, period: Period) -> str:
        """One plain paragraph on which checkpoint the report rests on, or that there is none."""
        end = period.cutoff.isoformat()
        if self.checkpoint is None:
            text = (
                f"No signed ledger checkpoint was made at or before the end of the period ({end}); this "
                "report therefore cites none. An administrator can sign one with `sanctuary ledger "
                "checkpoint`; later checkpoints still cover these entries."
            )
        else:
            cp = self.checkpoint
            text = (
                f"Latest signed checkpoint at or before the end of the period ({end}): checkpoint {cp.id}, "
                f"signed {cp.created_at.isoformat()}, {cp.size:,} ledger entries, root {cp.root}."
            )
            if self.needed_size is not None and cp.size < self.needed_size:
                text += (
                    f" It does not cover all the cases counted (the ledger needs {self.needed_size:,} "
                    "entries for that)."
                )
        if self.covering is not None and (self.checkpoint is None or self.covering.id != self.checkpoint.id):
            cov = self.covering
            text += (
                f" Checkpoint {cov.id}, signed later ({cov.created_at.isoformat()}), covers every case counted: "
                f"{cov.size:,} entries, root {cov.root}."
            )
        return text

    def notes(self) -> list[str]:
        """The signed notes to print: the checkpoint's, and the covering one's when it is another."""
        found = [] if self.checkpoint is None else [self.checkpoint.note]
        if self.covering is not None and self.covering != self.checkpoint:
            found.append(self.covering.note)
        return found


@dataclass
class Report:
    """A finished report: what it counts, under which law, with which protection, resting on what."""

    kind: Kind
    period: Period
    generated_at: dt.datetime
    populations: list[Population]
    attestation: Attestation
    privacy: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    #: The packs the counted decisions were made under: id, version and digest.
    packs: list[dict[str, str]] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [table for population in self.populations for table in population.tables]

    @property
    def basis(self) -> tuple[Basis, ...]:
        return self.kind.basis

    @property
    def file_stem(self) -> str:
        return f"{self.kind.id}-{self.period.slug}"


def _values(enum: Iterable[StrEnum]) -> list[str]:
    return [member.value for member in enum]


def _label(key: str) -> str:
    return LABELS.get(key) or key.replace("_", " ").capitalize()


def _categories(base: Iterable[str], observed: Iterable[str]) -> list[str]:
    """The fixed categories, then any other value seen (so no record falls outside its table)."""
    fixed = list(base)
    return fixed + sorted(set(observed) - set(fixed))


def primary_offense(history: Sequence[str] | None) -> str:
    """The most serious listed offense recorded on the request; or that none, or nothing, was recorded."""
    if history is None:
        return NOT_KNOWN
    for tag in OFFENSE_ORDER:
        if tag in history:
            return tag.value
    others = sorted(set(history) - set(OFFENSE_ORDER))
    return others[0] if others else NONE_RECORDED


def case_record(fact: CaseFact) -> dict[str, str]:
    """The categories of one case, one per variable a table may count it by."""
    return {
        "department": fact.department or NOT_RECORDED,
        "setting": fact.setting or NOT_RECORDED,
        "requester": fact.requester or NOT_RECORDED,
        "action": fact.action,
        "instrument": fact.instrument or NOT_RECORDED,
        "outcome": fact.final_outcome,
        "purpose": fact.purpose or NOT_RECORDED,
        "offense": primary_offense(fact.history),
        "access": access_type(fact) or NOT_RECORDED,
        "month": fact.opened_at.astimezone(dt.UTC).strftime("%Y-%m"),
    }


def _case_dimensions(records: Sequence[Mapping[str, str]], period: Period) -> dict[str, Dimension]:
    def seen(variable: str) -> list[str]:
        return [record[variable] for record in records]

    departments = [*sorted(set(seen("department")) - {NOT_RECORDED}), NOT_RECORDED]
    return {
        "department": dimension("department", "Department", departments, _label_department),
        "setting": dimension(
            "setting", "Setting", _categories([*_values(Setting), NOT_RECORDED], seen("setting")), _label
        ),
        "requester": dimension(
            "requester", "Requester", _categories([*_values(RequesterKind), NOT_RECORDED], seen("requester")), _label
        ),
        "action": dimension("action", "Request", _categories(_values(Action), seen("action")), _label),
        "instrument": dimension(
            "instrument",
            "Paper presented",
            _categories([*_values(InstrumentType), NOT_RECORDED], seen("instrument")),
            _label,
        ),
        "outcome": dimension("outcome", "Outcome", _categories([*_values(Outcome), PENDING], seen("outcome")), _label),
        "purpose": dimension(
            "purpose", "Purpose", _categories([*_values(Purpose), NOT_RECORDED], seen("purpose")), _label
        ),
        "offense": dimension(
            "offense",
            "Offense",
            _categories([*_values(OFFENSE_ORDER), NONE_RECORDED, NOT_KNOWN], seen("offense")),
            _label,
        ),
        "access": dimension("access", "Type of access", _categories(ACCESS_TYPES, seen("access")), _label),
        "month": dimension("month", "Month", _categories(period.months(), seen("month")), lambda key: key),
    }


def _label_department(key: str) -> str:
    return LABELS[NOT_RECORDED] if key == NOT_RECORDED else key


def build_report(
    kind_id: str,
    period: Period,
    facts: Iterable[CaseFact],
    *,
    attestation: Attestation | None = None,
    epsilon: float | None = None,
    generated_at: dt.datetime | None = None,
) -> Report:
    """The report of ``kind_id`` over the cases opened in ``period`` (facts outside it are ignored)."""
    kind = kind_of(kind_id)
    cases = [fact for fact in facts if period.start_moment <= fact.opened_at < period.cutoff and kind.includes(fact)]
    records = [case_record(fact) for fact in cases]
    population = Population("cases", kind.population_title, "cases", records, _case_dimensions(records, period))
    for spec in kind.tables:
        population.table(spec.id, spec.title, spec.rows, spec.columns, spec.description)

    duty_records = [
        {"obligation": duty.obligation, "status": duty.status(period.cutoff)} for fact in cases for duty in fact.duties
    ]
    obligations = _categories(_values(ObligationId), [r["obligation"] for r in duty_records])
    duties = Population(
        "duties",
        "Duties the decisions triggered, for the cases counted",
        "duties",
        duty_records,
        {
            "obligation": dimension("obligation", "Duty", obligations, _label),
            "status": dimension("status", "Status at the end of the period", DUTY_STATUSES, _label),
        },
        records_per_case=len(obligations),
    )
    duties.table(
        "duties",
        "Duties by kind and completion",
        "obligation",
        "status",
        "On time: done by its due day (or it had none). Late: done after its due day, or past due and "
        "still open at the end of the period. Open: not done and not yet due.",
    )
    populations = [population, duties]

    privacy: dict[str, Any] = {"threshold": THRESHOLD, "small_mark": SMALL_MARK}
    if epsilon is not None:
        from ._dp import add_noise

        privacy["dp"] = add_noise(populations, epsilon)
        small, extra = apply_suppression(populations, complementary=False)
        privacy["method"] = (
            f"Differentially private counts ({privacy['dp']['mechanism']}, epsilon {epsilon:g} in all); "
            f"noisy counts from 1 to {THRESHOLD - 1} are shown as {SMALL_MARK}. Noisy counts are independent, "
            "so rows need not add up to their totals, and subtraction recovers only noise."
        )
    else:
        small, extra = apply_suppression(populations)
        privacy["method"] = (
            f"Counts from 1 to {THRESHOLD - 1} are shown as {SMALL_MARK}; further counts are withheld "
            "(shown as \u2014; complementary suppression) until no hidden count follows from the published "
            "counts, row, column and grand totals of all the tables of this report, checked by exact rational "
            "Gaussian elimination."
        )
    privacy["suppressed_small"] = small
    privacy["suppressed_complementary"] = extra

    notes = list(kind.notes)
    if not cases:
        notes.append("No case in this report's scope was recorded in the period: every count is zero.")
    if not period.complete:
        notes.append(
            f"The period has not ended: this report counts to date, up to {period.cutoff.isoformat()}, "
            "and its counts will change."
        )
    notes.append(
        "Counts are of cases opened in the period (by the day they were opened, UTC). Outcomes are as "
        "recorded when the report was made; duty completion is as it stood at the end of the period."
    )
    notes.append(
        "Cases with no department recorded are counted under 'Not recorded'. Each report protects its own "
        "tables; comparing different reports or overlapping periods is not protected against."
    )
    return Report(
        kind=kind,
        period=period,
        generated_at=generated_at or dt.datetime.now(dt.UTC),
        populations=populations,
        attestation=attestation or Attestation(None),
        privacy=privacy,
        notes=notes,
        packs=[
            {"id": pid, "version": version, "digest": digest}
            for pid, version, digest in sorted({pack for fact in cases for pack in fact.packs})
        ],
    )


def kind_of(kind_id: str) -> Kind:
    kind = KINDS.get(kind_id)
    if kind is None:
        raise InputError(f"There is no report kind {kind_id!r}; the kinds are: {', '.join(KINDS)}.")
    return kind
