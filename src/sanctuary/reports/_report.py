"""Building a report: the kind's population, its tables, suppression or noise, and its attestation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
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
from sanctuary.model import labels as catalogue

from ._facts import NOT_RECORDED, PENDING, CaseFact
from ._kinds import ACCESS_TO_DATA, ACCESS_TYPES, KINDS, Basis, Kind, access_type
from ._period import Period
from ._suppress import THRESHOLD
from ._tables import SMALL_MARK, Dimension, Population, Table, apply_suppression, dimension
from ._wording import check_language, date_label, month_label, outcome_label, say

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
    ACCESS_TO_DATA: "Release date, address or check-in information",
}
#: Which catalogue vocabulary names each variable's values (``sanctuary.model.labels``).
VOCABULARIES = {
    "setting": "setting",
    "requester": "requester_kind",
    "action": "action",
    "instrument": "instrument_type",
    "purpose": "purpose",
    "offense": "history",
    "obligation": "duty",
}
#: A count published with noise is within this many noise scales of the truth 95 times in 100
#: (discrete Laplace: P(|noise| > t) is at most exp(-t / scale), and exp(-3) < 0.05).
NOISE_BOUND_SCALES = 3.0
#: The noise is called large when its 95% bound is at least this share of the population's total.
LARGE_NOISE_SHARE = 0.1
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

    def statement(self, period: Period, lang: str = "en") -> str:
        """One plain paragraph on which checkpoint the report rests on, or that there is none."""
        zone = period.zone

        def when(moment: dt.datetime) -> str:
            return catalogue.moment_text(moment, zone, lang)

        end = when(period.cutoff)
        if self.checkpoint is None:
            text = say(
                "No signed ledger checkpoint was made at or before the end of the period ({end}); this report "
                "therefore cites none. An administrator can sign one with `sanctuary ledger checkpoint`; later "
                "checkpoints still cover these entries.",
                lang,
                end=end,
            )
        else:
            cp = self.checkpoint
            text = say(
                "Latest signed checkpoint at or before the end of the period ({end}): checkpoint {id}, signed "
                "{signed}, {size} ledger entries, root {root}.",
                lang,
                end=end,
                id=cp.id,
                signed=when(cp.created_at),
                size=f"{cp.size:,}",
                root=cp.root,
            )
            if self.needed_size is not None and cp.size < self.needed_size:
                text += say(
                    " It does not cover all the cases counted (the ledger needs {needed} entries for that).",
                    lang,
                    needed=f"{self.needed_size:,}",
                )
        if self.covering is not None and (self.checkpoint is None or self.covering.id != self.checkpoint.id):
            cov = self.covering
            text += say(
                " Checkpoint {id}, signed later ({signed}), covers every case counted: {size} entries, root {root}.",
                lang,
                id=cov.id,
                signed=when(cov.created_at),
                size=f"{cov.size:,}",
                root=cov.root,
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
    #: The language the report is written in (``en`` or ``es``).
    lang: str = "en"
    #: Warnings a reader must see before the counts (large differential-privacy noise).
    warnings: list[str] = field(default_factory=list)

    def say(self, text: str, **values: object) -> str:
        """A sentence of the report's wording in the report's language."""
        return say(text, self.lang, **values)

    def when(self, moment: dt.datetime) -> str:
        """A moment on the report's calendar, as people write it."""
        return catalogue.moment_text(moment, self.period.zone, self.lang)

    def day(self, day: dt.date) -> str:
        return date_label(day, self.lang)

    def noise_bound(self, population: Population) -> int | None:
        """How far a noisy count of ``population`` may be from the truth, 95 times in 100 (None: exact)."""
        for stated in self.privacy.get("dp", {}).get("populations", ()):
            if stated["population"] == population.id:
                return max(1, round(NOISE_BOUND_SCALES * float(stated["scale"])))
        return None

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


def _labeller(variable: str, lang: str) -> Callable[[str], str]:
    """How a variable's categories read: the catalogue's words, or the report's own."""
    vocabulary = VOCABULARIES.get(variable)

    def label(key: str) -> str:
        if key in LABELS:
            return say(LABELS[key], lang)
        if variable == "outcome" and (words := outcome_label(key, lang)) is not None:
            return words
        if variable == "month":
            return month_label(key, lang)
        if vocabulary is not None and catalogue.find(vocabulary, key) is not None:
            return catalogue.label(vocabulary, key, lang)
        if variable == "department":
            return key
        return say(key.replace("_", " ").capitalize(), lang)

    return label


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


def case_record(fact: CaseFact, period: Period | None = None) -> dict[str, str]:
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
        "month": (period.month_of(fact.opened_at) if period else fact.opened_at.astimezone(dt.UTC).strftime("%Y-%m")),
    }


def _case_dimensions(records: Sequence[Mapping[str, str]], period: Period, lang: str) -> dict[str, Dimension]:
    def seen(variable: str) -> list[str]:
        return [record[variable] for record in records]

    def made(variable: str, title: str, keys: Iterable[str]) -> Dimension:
        return dimension(variable, say(title, lang), keys, _labeller(variable, lang))

    departments = [*sorted(set(seen("department")) - {NOT_RECORDED}), NOT_RECORDED]
    return {
        "department": made("department", "Department", departments),
        "setting": made("setting", "Setting", _categories([*_values(Setting), NOT_RECORDED], seen("setting"))),
        "requester": made(
            "requester", "Requester", _categories([*_values(RequesterKind), NOT_RECORDED], seen("requester"))
        ),
        "action": made("action", "Request", _categories(_values(Action), seen("action"))),
        "instrument": made(
            "instrument", "Paper presented", _categories([*_values(InstrumentType), NOT_RECORDED], seen("instrument"))
        ),
        "outcome": made("outcome", "Outcome", _categories([*_values(Outcome), PENDING], seen("outcome"))),
        "purpose": made("purpose", "Purpose", _categories([*_values(Purpose), NOT_RECORDED], seen("purpose"))),
        "offense": made(
            "offense", "Offense", _categories([*_values(OFFENSE_ORDER), NONE_RECORDED, NOT_KNOWN], seen("offense"))
        ),
        "access": made("access", "Type of access", _categories(ACCESS_TYPES, seen("access"))),
        "month": made("month", "Month", _categories(period.months(), seen("month"))),
    }


def build_report(
    kind_id: str,
    period: Period,
    facts: Iterable[CaseFact],
    *,
    attestation: Attestation | None = None,
    epsilon: float | None = None,
    generated_at: dt.datetime | None = None,
    lang: str = "en",
) -> Report:
    """The report of ``kind_id`` over the cases opened in ``period`` (facts outside it are ignored).

    ``lang`` chooses the words (English or Spanish); the counts, keys and suppression are the same.
    """
    kind = kind_of(kind_id)
    check_language(lang)
    cases = [fact for fact in facts if period.start_moment <= fact.opened_at < period.cutoff and kind.includes(fact)]
    records = [case_record(fact, period) for fact in cases]
    population = Population(
        "cases", say(kind.population_title, lang), say("cases", lang), records, _case_dimensions(records, period, lang)
    )
    for spec in kind.tables:
        population.table(spec.id, say(spec.title, lang), spec.rows, spec.columns, say(spec.description, lang))

    duty_records = [
        {"obligation": duty.obligation, "status": duty.status(period.cutoff)} for fact in cases for duty in fact.duties
    ]
    obligations = _categories(_values(ObligationId), [r["obligation"] for r in duty_records])
    duties = Population(
        "duties",
        say("Duties the decisions triggered, for the cases counted", lang),
        say("duties", lang),
        duty_records,
        {
            "obligation": dimension("obligation", say("Duty", lang), obligations, _labeller("obligation", lang)),
            "status": dimension(
                "status", say("Status at the end of the period", lang), DUTY_STATUSES, _labeller("status", lang)
            ),
        },
        records_per_case=len(obligations),
    )
    duties.table(
        "duties",
        say("Duties by kind and completion", lang),
        "obligation",
        "status",
        say(
            "On time: done by its due day (or it had none). Late: done after its due day, or past due and still open "
            "at the end of the period. Open: not done and not yet due.",
            lang,
        ),
    )
    populations = [population, duties]

    privacy: dict[str, Any] = {"threshold": THRESHOLD, "small_mark": SMALL_MARK}
    warnings: list[str] = []
    if epsilon is not None:
        from ._dp import MECHANISM, add_noise

        privacy["dp"] = add_noise(populations, epsilon)
        small, extra = apply_suppression(populations, complementary=False)
        privacy["method"] = say(
            "Differentially private counts ({mechanism}, epsilon {epsilon} in all); noisy counts from 1 to {last} "
            "are shown as {mark}. Noisy counts are independent, so rows need not add up to their totals, and "
            "subtraction recovers only noise.",
            lang,
            mechanism=say(MECHANISM, lang),
            epsilon=f"{epsilon:g}",
            last=THRESHOLD - 1,
            mark=SMALL_MARK,
        )
        warnings = _noise_warnings(populations, privacy["dp"], lang)
        privacy["warnings"] = warnings
    else:
        small, extra = apply_suppression(populations)
        privacy["method"] = say(
            "Counts from 1 to {last} are shown as {mark}; further counts are withheld (shown as \u2014; complementary "
            "suppression) until no hidden count follows from the published counts, row, column and grand totals of "
            "all the tables of this report, checked by exact rational Gaussian elimination.",
            lang,
            last=THRESHOLD - 1,
            mark=SMALL_MARK,
        )
    privacy["suppressed_small"] = small
    privacy["suppressed_complementary"] = extra

    notes = [say(note, lang) for note in kind.notes]
    if not cases:
        notes.append(say("No case in this report's scope was recorded in the period: every count is zero.", lang))
    if not period.complete:
        notes.append(
            say(
                "The period has not ended: this report counts to date, up to {cutoff}, and its counts will change.",
                lang,
                cutoff=catalogue.moment_text(period.cutoff, period.zone, lang),
            )
        )
    notes.append(
        say(
            "Counts are of cases opened in the period (by the day they were opened, in the {zone} time zone). "
            "Outcomes are as recorded when the report was made; duty completion is as it stood at the end of the "
            "period.",
            lang,
            zone=str(period.zone).replace("_", " "),
        )
    )
    notes.append(
        say(
            "Cases with no department recorded are counted under 'Not recorded'. Each report protects its own "
            "tables; comparing different reports or overlapping periods is not protected against.",
            lang,
        )
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
        lang=lang,
        warnings=warnings,
    )


def _noise_warnings(populations: Sequence[Population], dp: Mapping[str, Any], lang: str) -> list[str]:
    """A warning for each population whose noise is large against its own (noisy) total."""
    found: list[str] = []
    for population, stated in zip(populations, dp["populations"], strict=True):
        bound = max(1, round(NOISE_BOUND_SCALES * float(stated["scale"])))
        total = population.total.published or 0
        if bound >= LARGE_NOISE_SHARE * max(total, 1):
            share = 100 if total <= 0 else min(100, max(1, round(100 * bound / total)))
            found.append(
                say(
                    "The noise is large against these counts: a published count of {population} is within "
                    "\u00b1{bound} of the true count only 95 times in 100, and that is {share}% of the total or "
                    "more. Read small differences between counts as noise; a larger epsilon (less privacy) or a "
                    "longer period gives steadier counts.",
                    lang,
                    population=population.unit,
                    bound=bound,
                    share=share,
                )
            )
    return found


def kind_of(kind_id: str) -> Kind:
    kind = KINDS.get(kind_id)
    if kind is None:
        raise InputError(
            "There is no report kind {kind!r}; the kinds are: {kinds}.", kind=kind_id, kinds=", ".join(KINDS)
        )
    return kind
