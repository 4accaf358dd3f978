"""The decision staff act on once counsel answered: counsel's outcome, item by item, and new words to say.

A referred case keeps the rules' decision (with its reasons and duties) in its record; counsel's
answer replaces the outcome, the per-item answers and the script, and nobody is left to ask. Every
reader (the case page, the CLI, the reply letter) builds the final decision here, so they agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._decision import Decision, Script
from ._enums import DataCategory, ObligationId, Outcome
from .labels import listing

_SAY: dict[str, tuple[str, str]] = {
    "reviewed": ("Our counsel has reviewed your request.", "Nuestra asesoría jurídica revisó su solicitud."),
    "give": ("We can provide: {items}.", "Podemos entregar: {items}."),
    "refuse": ("We cannot provide: {items}.", "No podemos entregar: {items}."),
    "comply": ("We will do what you ask.", "Haremos lo que piden."),
    "decline": ("We cannot do what you ask.", "No podemos hacer lo que piden."),
    "partial": (
        "We can do only part of what you ask; staff will tell you which part.",
        "Solo podemos hacer una parte de lo que piden; el personal les dirá cuál.",
    ),
    "stand_aside": (
        "We will not help, and we will not stand in your way.",
        "No les ayudaremos y no nos interpondremos.",
    ),
    "written": ("You will receive a written answer.", "Recibirán una respuesta por escrito."),
}


def _say(key: str, lang: str, **values: str) -> str:
    en, es = _SAY[key]
    return (es if lang == "es" else en).format(**values)


def item_scope(scope: Mapping[str, str] | None) -> dict[DataCategory, Outcome] | None:
    """Counsel's stored answers (codes) as the decision's ``scope``."""
    if not scope:
        return None
    return {DataCategory(item): Outcome(answer) for item, answer in scope.items()}


def counsel_script(outcome: Outcome, scope: Mapping[DataCategory, Outcome] | None, lang: str) -> str:
    """What staff say once counsel answered: the items given and refused, or the answer as a whole."""
    parts = [_say("reviewed", lang)]
    refused = False
    if scope:
        given = [item for item, answer in scope.items() if answer is Outcome.COMPLY]
        denied = [item for item, answer in scope.items() if answer is not Outcome.COMPLY]
        if given:
            parts.append(_say("give", lang, items=listing("data", given, lang)))
        if denied:
            parts.append(_say("refuse", lang, items=listing("data", denied, lang)))
        refused = bool(denied)
    else:
        parts.append(_say(outcome.value if outcome.value in _SAY else "decline", lang))
        refused = outcome in (Outcome.DECLINE, Outcome.PARTIAL)
    if refused:
        parts.append(_say("written", lang))
    return " ".join(parts)


def counsel_decision(decision: Decision, outcome: Outcome | str, scope: Mapping[str, str] | None = None) -> Decision:
    """The rules' decision with counsel's answer in place: outcome, items, script; nobody left to ask.

    The duty of telling counsel is left out of the duties the headline reads, since counsel answered.
    """
    decided = Outcome(outcome)
    items = item_scope(scope)
    update: dict[str, Any] = {
        "outcome": decided,
        "scope": items,
        "refer_to": [],
        "questions": [],
        "script": Script(en=counsel_script(decided, items, "en"), es=counsel_script(decided, items, "es")),
        "obligations": [duty for duty in decision.obligations if duty.id != ObligationId.NOTIFY_COUNSEL],
    }
    return decision.model_copy(update=update)


def refused_items(decision: Decision) -> list[DataCategory]:
    """The data items a decision refuses outright."""
    return [item for item, answer in (decision.scope or {}).items() if answer is Outcome.DECLINE]


def refuses(decision: Decision) -> bool:
    """Whether the decision refuses the request or part of it, so a written reply is owed."""
    if decision.scope:
        return bool(refused_items(decision))
    return decision.outcome in (Outcome.DECLINE, Outcome.PARTIAL)
