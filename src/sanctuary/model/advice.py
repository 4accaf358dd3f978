"""A decision in plain words: what to do now, the answer per item, and the request's facts as sentences.

Built from :mod:`.labels` so every reader (pages, reports, CLI) says the same thing. The city's
contacts (counsel's duty line, the administrator, ...) are passed in: they are configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._decision import Decision, Obligation
from ._enums import Action, DataCategory, ObligationId, Outcome, ReferTo
from .labels import in_sentence, label, listing, yes_no


@dataclass(frozen=True)
class Contact:
    """Who to call for one role: a name people recognise and a number or address to reach them."""

    name: str
    phone: str
    #: The name in Spanish, when the city gives one (a Spanish page never shows the English name if so).
    name_es: str = ""

    def name_in(self, lang: str) -> str:
        """The name in ``lang``: the Spanish one on Spanish pages when there is one."""
        return self.name_es if lang == "es" and self.name_es else self.name

    def text(self, lang: str = "en") -> str:
        name = self.name_in(lang)
        return f"{name}, {self.phone}" if self.phone else name


#: What an action is, said as an order and as a prohibition, in English and Spanish (usted).
_ACTS: dict[Action, tuple[str, str, str, str]] = {
    Action.SHARE_DATA: (
        "Give them the information",
        "Do not hand over the information",
        "Entrégueles la información",
        "No entregue la información",
    ),
    Action.ENTER_FACILITY: ("Let them in", "Do not let them in", "Déjeles entrar", "No les deje entrar"),
    Action.ASSIST: ("Help them", "Do not help them", "Ayúdeles", "No les ayude"),
    Action.HOLD: (
        "Keep the person for them",
        "Do not keep the person for them",
        "Retenga a la persona para ellos",
        "No retenga a la persona para ellos",
    ),
    Action.NOTIFY_RELEASE: (
        "Tell them when the person is released",
        "Do not tell them when the person is released",
        "Avíseles cuando la persona salga",
        "No les avise cuando la persona salga",
    ),
    Action.TRANSFER_CUSTODY: (
        "Hand the person over",
        "Do not hand the person over",
        "Entregue a la persona",
        "No entregue a la persona",
    ),
    Action.INTERVIEW: (
        "Let them question the person",
        "Do not let them question the person",
        "Déjeles interrogar a la persona",
        "No les deje interrogar a la persona",
    ),
    Action.ASK_STATUS: (
        "Ask about immigration status",
        "Do not ask about immigration status",
        "Pregunte por el estatus migratorio",
        "No pregunte por el estatus migratorio",
    ),
    Action.ARREST: (
        "Arrest the person",
        "Do not arrest anyone for them",
        "Arreste a la persona",
        "No arreste a nadie para ellos",
    ),
}

#: Words of the headline, English and Spanish.
_WORDS: dict[str, tuple[str, str]] = {
    "say": ("Say this.", "Diga esto."),
    "not_yet": ("{act} yet.", "{act} todavía."),
    "call": ("Call {who}: {how}.", "Llame a {who}: {how}."),
    "ask": ("Ask {who} now.", "Consulte ya con {who}."),
    "then_tell": ("Then tell {who}: {how}.", "Después avise a {who}: {how}."),
    "go_ahead": ("{act}: the law allows it.", "{act}: la ley lo permite."),
    "stand_aside": (
        "Do not help them and do not stand in their way.",
        "No les ayude y no se interponga.",
    ),
    "refuse_items": ("Refuse {n} of {total} items.", "Niegue {n} de {total} datos."),
    "refuse_all": ("Refuse all {total} items.", "Niegue los {total} datos."),
    "give_only": ("Give only: {items}.", "Entregue solo: {items}."),
    "ask_items": ("Ask {who} before giving: {items}.", "Consulte con {who} antes de entregar: {items}."),
}


def _w(key: str, lang: str, **values: object) -> str:
    en, es = _WORDS[key]
    return (es if lang == "es" else en).format(**values)


def _act(action: Action | None, lang: str, *, do: bool) -> str:
    if action is None:
        return ("Actúe" if do else "No actúe") if lang == "es" else ("Act" if do else "Do not act")
    do_en, dont_en, do_es, dont_es = _ACTS[action]
    if lang == "es":
        return do_es if do else dont_es
    return do_en if do else dont_en


def _who(role: ReferTo | str, lang: str) -> str:
    return in_sentence(label("refer_to", role, lang))


def _contact_for(role: ReferTo | str, contacts: Mapping[str, Contact]) -> Contact | None:
    return contacts.get(str(role.value if isinstance(role, ReferTo) else role))


def _call(role: ReferTo | str, contacts: Mapping[str, Contact], lang: str) -> str:
    contact = _contact_for(role, contacts)
    if contact is None:
        return _w("ask", lang, who=_who(role, lang))
    return _w("call", lang, who=contact.name_in(lang), how=contact.phone or contact.name_in(lang))


def item_answers(decision: Decision, lang: str = "en") -> list[tuple[str, str, Outcome]]:
    """Each data item asked for, with its own answer: ("Home address", "Refuse", decline)."""
    if not decision.scope:
        return []
    rows = []
    for category, outcome in decision.scope.items():
        answer = label("outcome", outcome, lang)
        if outcome is Outcome.REFER and decision.refer_to:
            answer = f"{answer} ({_who(decision.refer_to[0], lang)})"
        rows.append((label("data", category, lang), answer, outcome))
    return rows


def what_to_do(
    decision: Decision,
    action: Action | str | None,
    contacts: Mapping[str, Contact] | None = None,
    lang: str = "en",
) -> str:
    """One line to act on now: "Do not hand over the information. Say this. Call the City Attorney's duty line."

    For data requests answered item by item the line counts what is refused, so a ``partial``
    answer never hides that most of it is refused.
    """
    contacts = contacts or {}
    act = Action(action) if isinstance(action, str) and action in Action._value2member_map_ else action
    act = act if isinstance(act, Action) else None
    outcome = decision.outcome
    parts: list[str] = []
    if decision.scope:
        parts += _scope_line(decision, contacts, lang)
    elif outcome is Outcome.DECLINE:
        parts.append(_act(act, lang, do=False) + ".")
    elif outcome is Outcome.REFER:
        parts.append(_w("not_yet", lang, act=_act(act, lang, do=False)))
    elif outcome is Outcome.COMPLY:
        parts.append(_w("go_ahead", lang, act=_act(act, lang, do=True)))
    elif outcome is Outcome.STAND_ASIDE:
        parts.append(_w("stand_aside", lang))
    if decision.script.en.strip():
        parts.append(_w("say", lang))
    if outcome is Outcome.REFER and decision.refer_to:
        parts.append(_call(decision.refer_to[0], contacts, lang))
    else:
        told = _first_notice(decision.obligations)
        contact = _contact_for(told, contacts) if told else None
        if told and contact is not None:
            parts.append(_w("then_tell", lang, who=contact.name_in(lang), how=contact.phone or contact.name_in(lang)))
    return " ".join(parts)


def _scope_line(decision: Decision, contacts: Mapping[str, Contact], lang: str) -> list[str]:
    scope = decision.scope or {}
    total = len(scope)
    refused = [c for c, o in scope.items() if o is Outcome.DECLINE]
    given = [c for c, o in scope.items() if o is Outcome.COMPLY]
    asked = [c for c, o in scope.items() if o is Outcome.REFER]
    parts: list[str] = []
    if refused:
        parts.append(_w("refuse_all" if len(refused) == total else "refuse_items", lang, n=len(refused), total=total))
    if asked:
        who = decision.refer_to[0] if decision.refer_to else ReferTo.COUNSEL
        parts.append(_w("ask_items", lang, who=_who(who, lang), items=listing("data", asked, lang)))
    if given:
        parts.append(_w("give_only", lang, items=listing("data", given, lang)))
    return parts


#: Duties that are a call to someone, and the role whose contact they need.
_NOTICE_DUTIES: dict[str, str] = {
    ObligationId.NOTIFY_COUNSEL: ReferTo.COUNSEL,
    ObligationId.NOTIFY_ADMINISTRATOR: ReferTo.ADMINISTRATOR,
    ObligationId.LIAISON_APPROVAL: ReferTo.LIAISON,
}
#: Words in a duty's ``who`` that name a role the city has a contact for.
_WHO_WORDS: tuple[tuple[str, str], ...] = (
    ("records unit", ReferTo.RECORDS_CUSTODIAN),
    ("records officer", ReferTo.RECORDS_CUSTODIAN),
    ("liaison", ReferTo.LIAISON),
    ("administrator", ReferTo.ADMINISTRATOR),
    ("superintendent", ReferTo.SUPERINTENDENT),
    ("counsel", ReferTo.COUNSEL),
)


def _first_notice(obligations: list[Obligation]) -> str | None:
    for duty in obligations:
        if duty.id in _NOTICE_DUTIES:
            return _NOTICE_DUTIES[duty.id]
    return None


def duty_contact(duty_id: str, who: str, contacts: Mapping[str, Contact]) -> Contact | None:
    """The city's contact for a duty: the one it notifies, else the role its ``who`` names."""
    role = _NOTICE_DUTIES.get(duty_id)
    if role is not None and role in contacts:
        return contacts[role]
    words = who.lower()
    for word, named in _WHO_WORDS:
        if word in words and named in contacts:
            return contacts[named]
    return None


#: Yes/no facts that default to No: shown only when Yes (the stored request cannot tell a default from an answer).
_DEFAULT_NO = {
    "exigent",
    "subject.consent",
    "subject.info_public",
    "instrument.nondisclosure_order",
    "requester.acting_for_immigration",
}
#: Yes/no facts, as the short phrase before their Yes or No.
_FLAGS: dict[str, tuple[str, str]] = {
    "requester.acting_for_immigration": ("Acting for an immigration agency", "Actúan por una agencia de inmigración"),
    "instrument.signed_by_judge": ("Signed by a judge", "Firmado por un juez"),
    "instrument.federal": ("From a federal court", "De un tribunal federal"),
    "instrument.criminal": ("About a crime", "Sobre un delito"),
    "instrument.covers_request": (
        "Names this person, place or records, and in date",
        "Nombra a esta persona, lugar o registros, y está vigente",
    ),
    "instrument.nondisclosure_order": ("A court forbids telling the person", "Un tribunal prohíbe avisar a la persona"),
    "exigent": ("They say it is an emergency", "Dicen que es una emergencia"),
    "subject.in_custody": ("The person is in custody", "La persona está detenida"),
    "subject.is_student": ("The person is a student here", "La persona es alumna aquí"),
    "subject.is_minor": ("The person is under 18", "La persona es menor de 18 años"),
    "subject.is_patient": ("The person is a patient here", "La persona es paciente aquí"),
    "subject.consent": ("The person agreed in writing", "La persona aceptó por escrito"),
    "subject.info_public": ("The information is already public", "La información ya es pública"),
}
_HEADS: dict[str, tuple[str, str]] = {
    "setting": ("Where", "Dónde"),
    "action": ("They asked to", "Piden"),
    "area": ("Area", "Zona"),
    "assist_kind": ("Help asked for", "Ayuda pedida"),
    "data": ("Asked for", "Datos pedidos"),
    "requester": ("Who asked", "Quién pidió"),
    "purpose": ("What for", "Para qué"),
    "instrument.type": ("Paper shown", "Documento mostrado"),
    "instrument.issuer": ("Issued by", "Emitido por"),
    "instrument.issued_by": ("Signed by", "Firmado por"),
    "subject.history": ("Criminal history", "Antecedentes penales"),
}


def _head(key: str, lang: str) -> str:
    en, es = _HEADS.get(key) or _FLAGS[key]
    return es if lang == "es" else en


def request_facts(request: Mapping[str, Any], lang: str = "en") -> list[tuple[str, str]]:
    """The request as short sentences, (heading, text): ("Asked for", "home address, contact details")."""
    rows: list[tuple[str, str]] = []
    simple = (("setting", "setting"), ("action", "action"), ("area", "area"), ("assist_kind", "assist_kind"))
    for key, vocabulary in simple:
        if request.get(key):
            rows.append((_head(key, lang), in_sentence(label(vocabulary, request[key], lang))))
    if request.get("data"):
        rows.append((_head("data", lang), listing("data", [DataCategory(d) for d in request["data"]], lang)))
    requester = request.get("requester") or {}
    if requester.get("kind") or requester.get("agency"):
        who = in_sentence(label("requester_kind", requester["kind"], lang)) if requester.get("kind") else ""
        agency = requester.get("agency")
        rows.append((_head("requester", lang), f"{who} — {agency}" if who and agency else who or str(agency)))
    if request.get("purpose"):
        rows.append((_head("purpose", lang), in_sentence(label("purpose", request["purpose"], lang))))
    instrument = request.get("instrument") or {}
    if instrument.get("type"):
        rows.append((_head("instrument.type", lang), in_sentence(label("instrument_type", instrument["type"], lang))))
    for field, vocabulary in (("issuer", "issuer"), ("issued_by", "issued_by")):
        if instrument.get(field):
            rows.append((_head(f"instrument.{field}", lang), in_sentence(label(vocabulary, instrument[field], lang))))
    subject = request.get("subject") or {}
    flags = (
        [("requester.acting_for_immigration", requester.get("acting_for_immigration"))]
        + [
            (f"instrument.{n}", instrument.get(n))
            for n in ("signed_by_judge", "criminal", "covers_request", "nondisclosure_order")
        ]
        + [("exigent", request.get("exigent"))]
        + [
            (f"subject.{n}", subject.get(n))
            for n in ("in_custody", "is_student", "is_minor", "is_patient", "consent", "info_public")
        ]
    )
    for key, value in flags:
        if isinstance(value, bool) and (value or key not in _DEFAULT_NO):
            rows.append((_head(key, lang), yes_no(value, lang)))
    if subject.get("history"):
        rows.append((_head("subject.history", lang), listing("history", subject["history"], lang)))
    return rows
