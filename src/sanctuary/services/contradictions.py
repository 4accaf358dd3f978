"""When the paper read says something else than the request says about it, counsel decides.

A request may say "a judge's warrant" while the paper in hand is an ICE administrative warrant
signed by an officer. The request's own words win in the facts (staff may know better than the
reader), but nobody should act on either while they disagree: the decision becomes ``refer`` to
counsel, with a reason in plain words saying what disagrees, and counsel is told at once. The
policy packs are not touched: this is a check on the facts, made before anyone acts on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sanctuary.model import (
    CONFIDENCE_STRENGTH,
    Confidence,
    Decision,
    Obligation,
    Outcome,
    Reading,
    Reason,
    ReferTo,
    Request,
    Script,
)
from sanctuary.model.labels import in_sentence, label, yes_no

RULE = "document-contradiction"
#: The paper's facts compared, each with the catalogue vocabulary that names its values.
COMPARED: dict[str, str | None] = {
    "type": "instrument_type",
    "signed_by_judge": None,
    "issuer": "issuer",
    "issued_by": "issued_by",
}
#: What each compared fact is called in a sentence.
NAMES = {
    "type": ("the kind of paper", "el tipo de documento"),
    "signed_by_judge": ("signed by a judge", "firmado por un juez"),
    "issuer": ("who issued it", "quién lo emitió"),
    "issued_by": ("who signed it", "quién lo firmó"),
}
#: Reader values that say nothing, so cannot contradict anything.
UNKNOWN = frozenset({"unknown", "other", "none"})
SCRIPT = Script(
    en="I cannot answer this myself. Please wait while I call our legal counsel; they will look at your paper.",
    es="No puedo responder yo. Espere mientras llamo a nuestra asesoría jurídica; revisarán su documento.",
)


@dataclass(frozen=True)
class Contradiction:
    """One fact about the paper on which the request and the reader disagree."""

    field: str
    said: Any
    read: Any

    def text(self, lang: str = "en") -> str:
        name = NAMES[self.field][1 if lang == "es" else 0]
        said, read = _value(self.field, self.said, lang), _value(self.field, self.read, lang)
        if lang == "es":
            return f"{name}: la solicitud dice «{said}», el documento leído dice «{read}»"
        return f"{name}: the request says “{said}”, the paper read says “{read}”"


def _value(field: str, value: Any, lang: str) -> str:
    vocabulary = COMPARED[field]
    if vocabulary is None:
        return yes_no(bool(value), lang)
    return in_sentence(label(vocabulary, value, lang))


def contradictions(request: Request, reading: Reading) -> list[Contradiction]:
    """Each fact the request states about its paper that the reader read otherwise.

    Only what both state counts: a fact the request leaves out, or one the reader could not tell
    ("unknown", "other"), contradicts nothing.
    """
    given = request.instrument
    if given is None:
        return []
    from sanctuary.documents import instrument_of

    seen = instrument_of(reading)
    found = []
    for field in COMPARED:
        said, read = getattr(given, field), getattr(seen, field)
        said_value = getattr(said, "value", said)
        read_value = getattr(read, "value", read)
        if said is None or read is None or said_value in UNKNOWN or read_value in UNKNOWN:
            continue
        if said_value != read_value:
            found.append(Contradiction(field, said_value, read_value))
    return found


def refer_for(decision: Decision, found: list[Contradiction], reading: Reading, pack_id: str) -> Decision:
    """The decision referred to counsel, saying why, with counsel told at once (if not already)."""
    strength = (
        Confidence.V if reading.confidence >= 0.9 else Confidence.S if reading.confidence >= 0.7 else Confidence.U
    )
    what_en = "; ".join(c.text("en") for c in found)
    what_es = "; ".join(c.text("es") for c in found)
    reason = Reason(
        rule=RULE,
        pack=pack_id,
        citation="The paper read against the request",
        source=f"sha256:{reading.sha256}",
        confidence=strength,
        text=(
            f"The paper does not match what the request says about it ({what_en}). "
            "Nobody acts on either until counsel has looked at the paper itself."
        ),
        text_es=(
            f"El documento no coincide con lo que la solicitud dice de él ({what_es}). "
            "Nadie actúa según ninguno de los dos hasta que la asesoría jurídica revise el documento."
        ),
    )
    obligations = list(decision.obligations)
    if not any(o.id == "notify_counsel" for o in obligations):
        obligations.append(
            Obligation(
                id="notify_counsel",
                who="the staff member present",
                due="at once",
                text="Send counsel the paper and the request: they do not agree about the paper.",
                text_es="Envíe a la asesoría jurídica el documento y la solicitud: no coinciden sobre el documento.",
                rule=RULE,
                citation=reason.citation,
            )
        )
    reasons = [reason, *decision.reasons]
    refer_to = [ReferTo.COUNSEL, *(r for r in decision.refer_to if r is not ReferTo.COUNSEL)]
    trace = decision.trace.model_copy(
        update={"notes": [*decision.trace.notes, f"{RULE}: {', '.join(c.field for c in found)}"]}
    )
    return decision.model_copy(
        update={
            "outcome": Outcome.REFER,
            "scope": None,
            "refer_to": refer_to,
            "reasons": reasons,
            "obligations": obligations,
            "script": SCRIPT if decision.outcome is not Outcome.REFER else decision.script,
            "trace": trace,
            "confidence": min(decision.confidence, strength, key=CONFIDENCE_STRENGTH.__getitem__),
        }
    )
