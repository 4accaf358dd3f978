"""The outbound gate as a use case: who is asking, for what, what the table holds, what the law allows.

The dataguard package reads and writes the table; this module turns the recipient and purpose into
a ``share_data`` request, asks the engine (one decision for the whole table, and one per category
for the reasons behind each column), and tells the gate what may go. A refused or referred request
writes nothing at all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctuary.dataguard.gate import CategoryRuling, GateResult, Sample, run_gate, sample
from sanctuary.model import DataCategory, Decision, InputError, Outcome, Purpose, RequesterKind

from .decisions import DEFAULT_PACK, DEFAULT_PACK_ENV, decide

#: Agency names accepted by ``--to``, upper case, and the requester kind each one is.
AGENCIES: dict[str, RequesterKind] = {
    **dict.fromkeys(
        ["ICE", "ERO", "HSI", "CBP", "USCIS", "USBP", "BORDER PATROL", "DHS", "OFO", "EOIR", "IMMIGRATION"],
        RequesterKind.FEDERAL_IMMIGRATION,
    ),
    **dict.fromkeys(
        ["FBI", "DEA", "ATF", "USMS", "US MARSHALS", "SECRET SERVICE", "IRS", "SSA", "USPS", "HHS", "FEDERAL"],
        RequesterKind.FEDERAL_OTHER,
    ),
    **dict.fromkeys(
        ["LAPD", "LASD", "CHP", "CDCR", "CAL DOJ", "CA DOJ", "LAUSD", "POLICE", "SHERIFF", "DISTRICT ATTORNEY"],
        RequesterKind.STATE_LOCAL_IN_STATE,
    ),
    **dict.fromkeys(["COURT", "SUPERIOR COURT", "JUDGE"], RequesterKind.COURT),
    **dict.fromkeys(["RESEARCHER", "VENDOR", "PUBLIC", "PRESS", "JOURNALIST"], RequesterKind.PRIVATE),
}

#: Request fields the gate itself sets; a facts file may not.
GATE_FIELDS = ("action", "requester", "purpose", "data")

EXIT_WRITTEN = 0
EXIT_REFUSED = 3
EXIT_REFERRED = 4


@dataclass(frozen=True)
class Recipient:
    kind: RequesterKind
    agency: str | None

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "agency": self.agency}


def parse_recipient(value: str) -> Recipient:
    """A requester kind (``federal_immigration``) or an agency name (``ICE``, ``ICE ERO``, ``FBI``)."""
    text = value.strip()
    try:
        return Recipient(RequesterKind(text), None)
    except ValueError:
        pass
    normal = " ".join(re.split(r"[\s./_-]+", text.upper())).strip()
    if normal in AGENCIES:
        return Recipient(AGENCIES[normal], text)
    tokens = normal.split()
    # Any immigration agency named anywhere makes the recipient immigration enforcement ("ICE ERO LA").
    for kind in (RequesterKind.FEDERAL_IMMIGRATION, RequesterKind.FEDERAL_OTHER, RequesterKind.STATE_LOCAL_IN_STATE):
        if any(AGENCIES.get(token) is kind for token in tokens):
            return Recipient(kind, text)
    kinds = ", ".join(k.value for k in RequesterKind)
    names = ", ".join(sorted(AGENCIES))
    raise InputError(
        "--to {value!r} is neither a requester kind nor a known agency. Allowed kinds: {kinds}. "
        "Known agencies: {names}.",
        value=value,
        kinds=kinds,
        names=names,
    )


def parse_purpose(value: str) -> Purpose:
    try:
        return Purpose(value.strip())
    except ValueError:
        allowed = ", ".join(p.value for p in Purpose)
        raise InputError(
            "--purpose {value!r} is not a purpose; allowed: {allowed}.", value=value, allowed=allowed
        ) from None


@dataclass
class ExportOutcome:
    """What happened: written (with the gate's result), refused or referred (nothing written)."""

    status: str  # "written", "refused" or "referred"
    decision: Decision
    sample: Sample
    recipient: Recipient
    purpose: Purpose
    result: GateResult | None = None

    @property
    def exit_code(self) -> int:
        return {"written": EXIT_WRITTEN, "refused": EXIT_REFUSED, "referred": EXIT_REFERRED}[self.status]

    def as_json(self) -> dict[str, Any]:
        """The outcome as the command prints it: the decision, and what was written if anything was."""
        decision = self.decision
        data: dict[str, Any] = {
            "status": self.status,
            "exit_code": self.exit_code,
            "recipient": self.recipient.as_json(),
            "purpose": self.purpose.value,
            "outcome": decision.outcome.value,
            "refer_to": [r.value for r in decision.refer_to],
            "scope": _scope(decision),
            "reasons": _reasons(decision, text=False),
        }
        if self.result is not None:
            data |= {
                "output": str(self.result.output),
                "manifest": str(self.result.manifest),
                "rows": self.result.rows,
                "columns": {r.column.name: r.action for r in self.result.columns},
                "scrubbed": self.result.scrubbed_total(),
            }
        return data


def _reasons(decision: Decision, *, text: bool = True) -> list[dict[str, str]]:
    """The decision's reasons with their citations; ``text`` adds each rule's sentence."""
    reasons = []
    for r in decision.reasons:
        reason = {"rule": r.rule, "citation": r.citation, "source": r.source, "confidence": r.confidence.value}
        if text:
            reason["text"] = r.text
        reasons.append(reason)
    return reasons


def _scope(decision: Decision) -> dict[str, str]:
    return {c.value: o.value for c, o in (decision.scope or {}).items()}


def _approver(name: str | None) -> str | None:
    if name is None:
        return None
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > 200 or not cleaned.isprintable():
        raise InputError("--approved-by must name the person who approved, in 1 to 200 printable characters.")
    return cleaned


def export_table(
    source: str | Path,
    output: str | Path,
    *,
    to: str,
    purpose: str,
    pack: str | None = None,
    on: dt.date | None = None,
    facts: Mapping[str, Any] | None = None,
    mask: bool = False,
    approved_by: str | None = None,
    spreadsheet_safe: bool = False,
    gate: Callable[..., GateResult] | None = None,
) -> ExportOutcome:
    """Gate one table for one recipient and purpose; writes only what the decision allows.

    ``gate`` runs the plan: ``run_gate`` in this process by default, ``dataguard.spark.spark_gate`` on Spark.

    A referred request (or referred categories) goes out only with ``approved_by``: the name of the
    person who decided for the authority the decision names. The approval is recorded in the
    manifest; it never lifts a decline.
    """
    approver = _approver(approved_by)
    recipient = parse_recipient(to)
    why = parse_purpose(purpose)
    extra = dict(facts or {})
    clash = [name for name in GATE_FIELDS if name in extra]
    if clash:
        raise InputError(
            "The facts file sets {fields}; the gate sets those itself from the table, --to and --purpose. "
            "Give only other facts (setting, instrument, subject, exigent).",
            fields=", ".join(clash),
        )
    sampled = sample(Path(source))
    categories = sampled.categories
    day = on or dt.date.today()
    pack_id = pack or extra.pop("pack", None) or os.environ.get(DEFAULT_PACK_ENV) or DEFAULT_PACK
    base = {**extra, "action": "share_data", "requester": recipient.as_json(), "purpose": why.value}
    if base["requester"]["agency"] is None:
        del base["requester"]["agency"]
    decision = decide({**base, "data": [c.value for c in categories]}, pack=pack_id, on=day)
    outcome = ExportOutcome("written", decision, sampled, recipient, why)
    if decision.outcome is Outcome.DECLINE:
        outcome.status = "refused"
        return outcome
    if decision.outcome not in {Outcome.COMPLY, Outcome.PARTIAL} and not (
        decision.outcome is Outcome.REFER and approver is not None
    ):
        outcome.status = "referred"
        return outcome
    scope = decision.scope or {}
    rulings: dict[DataCategory, CategoryRuling] = {}
    for category in categories:
        alone = decide({**base, "data": [category.value]}, pack=pack_id, on=day)
        ruled = scope.get(category, Outcome.DECLINE)
        rulings[category] = CategoryRuling(
            outcome=ruled,
            reasons=tuple(_reasons(alone)),
            decides=tuple(r.value for r in alone.refer_to),
            approved_by=approver if ruled is Outcome.REFER else None,
        )
    header = {
        "recipient": recipient.as_json(),
        "purpose": why.value,
        "pack": pack_id,
        "on": day.isoformat(),
        "decision": {
            "outcome": decision.outcome.value,
            "refer_to": [r.value for r in decision.refer_to],
            "approved_by": approver,
            "scope": _scope(decision),
            "reasons": _reasons(decision, text=False),
            "obligations": [o.id for o in decision.obligations],
            "packs": [p.model_dump(mode="json") for p in decision.packs],
        },
        "notice": decision.notice,
    }
    outcome.result = (gate or run_gate)(
        sampled, rulings, Path(output), manifest_header=header, mask=mask, spreadsheet_safe=spreadsheet_safe
    )
    return outcome
