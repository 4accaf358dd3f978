"""The reply to a refused written request: a letter in English or Spanish citing the provisions, to print.

Its words are built here once and drawn twice, as an HTML page (print CSS) and as a PDF (fpdf2, as
the reports use), from the case's final decision: counsel's answer once given, else the rules'.
The provisions cited are the reasons of the rules that decided (citation and official source);
nothing personal goes into it beyond what the case already shows staff.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fpdf import FPDF

from sanctuary.model import Action, Decision, InputError, Outcome, ReferTo
from sanctuary.model.counsel import refused_items, refuses
from sanctuary.model.labels import day_text, in_sentence, label, listing
from sanctuary.records import CaseSummary

from .city import City

#: The words of the letter, English and Spanish.
_WORDS: dict[str, tuple[str, str]] = {
    "city": ("The City", "La Ciudad"),
    "re": ("Re: your request, case {number}", "Asunto: su solicitud, caso {number}"),
    "to": ("To", "Para"),
    "date": ("Date", "Fecha"),
    "received": (
        "On {day} we received your request (our case {number}).",
        "El {day} recibimos su solicitud (nuestro caso {number}).",
    ),
    "asked_data": ("You asked for: {items}.", "Usted pidió: {items}."),
    "asked_act": ("You asked us to: {act}.", "Usted nos pidió: {act}."),
    "refuse_items": (
        "After review, the City will not provide: {items}.",
        "Tras revisarla, la Ciudad no entregará: {items}.",
    ),
    "give_items": ("The City will provide only: {items}.", "La Ciudad entregará solo: {items}."),
    "decline": ("After review, the City declines this request.", "Tras revisarla, la Ciudad rechaza esta solicitud."),
    "partial": (
        "After review, the City can grant this request only in part.",
        "Tras revisarla, la Ciudad solo puede atender esta solicitud en parte.",
    ),
    "law": (
        "This answer rests on the following provisions of law:",
        "Esta respuesta se basa en las siguientes disposiciones legales:",
    ),
    "no_waiver": (
        "This letter does not waive any right or position of the City.",
        "Esta carta no supone renuncia a ningún derecho ni postura de la Ciudad.",
    ),
    "questions": ("Questions about this answer: {contact}.", "Preguntas sobre esta respuesta: {contact}."),
    "closing": ("Sincerely,", "Atentamente,"),
    "source": ("Source", "Fuente"),
}


def _w(key: str, lang: str, **values: str) -> str:
    en, es = _WORDS[key]
    return (es if lang == "es" else en).format(**values)


@dataclass(frozen=True)
class Provision:
    citation: str
    source: str
    text: str


@dataclass(frozen=True)
class Letter:
    """A reply letter's parts, already in its language."""

    lang: str
    sender: str
    address: str
    date_line: str
    to_line: str
    subject: str
    paragraphs: tuple[str, ...]
    law_heading: str
    provisions: tuple[Provision, ...]
    closing_lines: tuple[str, ...]
    source_word: str
    case_number: str


def owes_letter(decision: Decision | None) -> bool:
    """Whether the answer refuses the request, or part of it, so a written reply is due."""
    return decision is not None and refuses(decision)


def reply_letter(
    case: CaseSummary, decision: Decision | None, city: City, lang: str, *, today: dt.date, number: str
) -> Letter:
    """The letter answering a refused request; InputError when nothing was refused."""
    if decision is None or not refuses(decision):
        raise InputError("Case {number} refuses nothing, so no reply letter is written for it.", number=number)
    sender = city.name or _w("city", lang)
    request = case.request
    requester = request.get("requester") or {}
    to = str(requester.get("agency") or "").strip() or (
        label("requester_kind", requester["kind"], lang) if requester.get("kind") else "—"
    )
    paragraphs = [_w("received", lang, day=day_text(case.opened_at.astimezone(city.zone).date(), lang), number=number)]
    if request.get("data"):
        paragraphs.append(_w("asked_data", lang, items=listing("data", request["data"], lang)))
    elif request.get("action") in Action._value2member_map_:
        paragraphs.append(_w("asked_act", lang, act=in_sentence(label("action", request["action"], lang))))
    if decision.scope:
        paragraphs.append(_w("refuse_items", lang, items=listing("data", refused_items(decision), lang)))
        given = [item for item, answer in decision.scope.items() if answer is Outcome.COMPLY]
        if given:
            paragraphs.append(_w("give_items", lang, items=listing("data", given, lang)))
    else:
        paragraphs.append(_w("partial" if decision.outcome is Outcome.PARTIAL else "decline", lang))
    closing = [_w("no_waiver", lang)]
    contact = city.contacts.get(ReferTo.RECORDS_CUSTODIAN) or city.contacts.get(ReferTo.COUNSEL)
    if contact is not None:
        closing.append(_w("questions", lang, contact=contact.text()))
    return Letter(
        lang=lang,
        sender=sender,
        address=city.address,
        date_line=f"{_w('date', lang)}: {day_text(today, lang)}",
        to_line=f"{_w('to', lang)}: {to}",
        subject=_w("re", lang, number=number),
        paragraphs=tuple(paragraphs),
        law_heading=_w("law", lang),
        provisions=tuple(provisions(decision, lang)),
        closing_lines=(*closing, _w("closing", lang), sender),
        source_word=_w("source", lang),
        case_number=number,
    )


def provisions(decision: Decision, lang: str) -> list[Provision]:
    """The provisions behind the answer: the deciding rules' reasons, one per citation, in order."""
    deciding = set(decision.trace.deciding)
    reasons = [r for r in decision.reasons if r.rule in deciding] or list(decision.reasons)
    seen: set[str] = set()
    cited = []
    for reason in reasons:
        if reason.rule == "document-reader" or reason.citation in seen:
            continue
        seen.add(reason.citation)
        cited.append(Provision(reason.citation, reason.source, reason.text_es if lang == "es" else reason.text))
    return cited


#: The built-in PDF fonts speak Latin-1 (Spanish included); these characters get a plain stand-in.
_PLAIN = str.maketrans({"\u2014": "-", "\u2013": "-", "\u2026": "...", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _t(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def letter_pdf(letter: Letter) -> bytes:
    """The letter as a US Letter PDF with built-in fonts, ready to print and sign."""
    pdf = FPDF(format="Letter")
    pdf.set_title(_t(letter.subject))
    pdf.set_lang(letter.lang)
    pdf.set_author(_t(letter.sender))
    pdf.set_margins(25, 20, 25)
    pdf.add_page()

    def line(text: str, *, size: float = 11, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, size * 0.5, _t(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    line(letter.sender, size=14, style="B", gap=0.5)
    if letter.address:
        line(letter.address, size=10)
    pdf.ln(4)
    line(letter.date_line)
    line(letter.to_line)
    line(letter.subject, style="B", gap=4)
    for paragraph in letter.paragraphs:
        line(paragraph, gap=3)
    line(letter.law_heading, style="B")
    for provision in letter.provisions:
        line(f"- {provision.citation}: {provision.text}", size=10, gap=0.5)
        if provision.source:
            line(f"  {letter.source_word}: {provision.source}", size=9, gap=2)
    pdf.ln(3)
    for closing in letter.closing_lines:
        line(closing, gap=2)
    return bytes(pdf.output())
