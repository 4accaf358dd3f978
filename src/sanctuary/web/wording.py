"""Plain-language wording of the interview's questions (English msgids of the catalogs).

The answers' labels come from the label catalogue, :mod:`sanctuary.model.labels`.

Every text here is a gettext msgid: the templates pass it through ``_`` and the Spanish catalog
translates it; tests/test_web_interview.py checks each one has a Spanish entry.
"""

from __future__ import annotations

#: fact -> (question, help text), in plain language.
QUESTIONS: dict[str, tuple[str, str]] = {
    "setting": (
        "Where are you?",
        "The kind of place where the request came in: your office, the jail, the school, and so on.",
    ),
    "action": (
        "What are they asking you to do?",
        "Choose the closest match. If they ask for several things, start with the main one.",
    ),
    "requester.kind": (
        "Who is asking?",
        "Look at their badge, uniform or papers. Immigration agents are often from ICE, ERO, HSI or CBP.",
    ),
    "instrument.type": (
        "What paper did they show you?",
        "If they handed you a paper, you can also upload a photo or scan of it and the reader will say what it is.",
    ),
    "area": (
        "Do they want to go into an area open to the public?",
        "A lobby or waiting room is open to the public; offices, back rooms and cells are not.",
    ),
    "purpose": (
        "What do they say it is for?",
        "Repeat what they told you. Do not guess; choose I don't know if they did not say.",
    ),
    "assist_kind": ("What kind of help do they want?", "For example staff, equipment, a room or a place to park."),
    "data": ("What information do they want?", "Choose every kind of information they ask for."),
    "requester.acting_for_immigration": (
        "Are they acting for an immigration agency?",
        "For example a police officer or a task force member working on an immigration case.",
    ),
    "instrument.signed_by_judge": (
        "Is the paper signed by a judge?",
        "Look for a judge's or magistrate's name and signature and the name of a court, not an officer's.",
    ),
    "instrument.issuer": (
        "Which court or office issued the paper?",
        "Read the name at the top of the paper. An immigration judge's order is not from a court that can "
        "order you to act, and neither is a paper from ICE or another agency.",
    ),
    "instrument.issued_by": (
        "Who signed or issued the paper?",
        "Look at the signature line: a judge, a magistrate judge, a court clerk, a lawyer, or an officer or agent.",
    ),
    "instrument.criminal": (
        "Is the paper about a crime?",
        "A criminal warrant names a crime. An immigration case alone is civil, not criminal.",
    ),
    "instrument.covers_request": (
        "Does the paper name this person, place or records, and is it still in date?",
        "Check the names, the address and the dates written on the paper.",
    ),
    "instrument.nondisclosure_order": (
        "Does a court order say you must not tell the person?",
        "Only a court can order this; it is written on the paper.",
    ),
    "exigent": (
        "Do the agents say it is an emergency?",
        "For example someone is in danger right now, or they are chasing someone.",
    ),
    "subject.in_custody": ("Is the person in custody?", "In the jail or held by the police right now."),
    "subject.is_student": ("Is the person a student here?", "Enrolled at this school or college."),
    "subject.is_minor": ("Is the person under 18?", "A child or teenager."),
    "subject.is_patient": ("Is the person a patient here?", "Receiving care at this facility."),
    "subject.consent": (
        "Has the person agreed in writing?",
        "Only written consent counts; the person or, for a pupil, a parent signs it.",
    ),
    "subject.info_public": ("Is the information already public?", "For example it is on a public website."),
    "subject.history": (
        "What is the person's criminal history?",
        "Only what your records show. Choose every item that applies.",
    ),
}


def all_messages() -> set[str]:
    """Every msgid this module may show."""
    return {text for pair in QUESTIONS.values() for text in pair}
