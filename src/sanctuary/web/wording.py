"""Plain-language wording of the interview's questions and answers (English msgids of the catalogs).

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

#: Answer values -> plain labels (values not listed are shown with spaces for underscores).
LABELS: dict[str, str] = {
    "city_office": "A city or county office",
    "police": "A police station",
    "jail": "A jail",
    "school": "A school",
    "college": "A college or university",
    "health_facility": "A clinic or hospital",
    "courthouse": "A courthouse",
    "shelter": "A shelter",
    "library": "A library",
    "labor_agency": "A labor office",
    "share_data": "Give them information or records",
    "enter_facility": "Let them in",
    "assist": "Help them with staff, space or equipment",
    "hold": "Keep someone in custody longer",
    "notify_release": "Tell them when someone is released",
    "transfer_custody": "Hand someone over to them",
    "interview": "Let them question someone",
    "ask_status": "Ask someone about immigration status",
    "arrest": "Arrest someone",
    "public": "Yes, open to the public",
    "non_public": "No, not open to the public",
    "federal_immigration": "Federal immigration agents (ICE, CBP, HSI)",
    "federal_other": "Other federal agents (FBI, DEA, ...)",
    "state_local_in_state": "State or local police from this state",
    "law_enforcement_out_of_state": "Police from another state",
    "court": "A court",
    "other_government": "Another government office",
    "private": "A private person or company",
    "unknown": "I can't tell",
    "civil_immigration": "An immigration case",
    "criminal_immigration": "An immigration crime",
    "criminal_other": "Another crime",
    "task_force": "A task force operation",
    "victim_certification": "A crime victim's visa certification",
    "benefits_eligibility": "Checking eligibility for benefits",
    "judicial_warrant": "A warrant signed by a judge",
    "judicial_probable_cause": "A judge's finding of probable cause",
    "court_order": "A court order",
    "judicial_subpoena": "A subpoena from a court",
    "administrative_subpoena": "A subpoena from an agency",
    "administrative_warrant": "An immigration warrant signed by an officer (I-200, I-205)",
    "detainer": "An immigration detainer (I-247)",
    "notification_request": "A request to be told of a release",
    "notice_to_appear": "A notice to appear",
    "ncic_immigration_hit": "An immigration alert in NCIC",
    "other": "Another paper",
    "none": "No paper",
    "federal_court": "A federal court (United States District Court)",
    "state_court_here": "A court of this state",
    "state_court_elsewhere": "A court of another state",
    "immigration_court": "An immigration court or immigration judge",
    "immigration_agency": "An immigration agency (ICE, CBP, USCIS)",
    "other_agency": "Another government agency",
    "judge": "A judge",
    "magistrate": "A magistrate judge",
    "clerk": "A court clerk",
    "attorney": "A lawyer",
    "officer": "An officer or agent",
}

#: Words shown around the questions, for the catalog check.
WORDS = ("yes", "no")


def label(value: str) -> str:
    """The plain label of an answer value (an English msgid)."""
    return LABELS.get(value, value.replace("_", " "))


def all_messages() -> set[str]:
    """Every msgid this module may show."""
    texts = {text for pair in QUESTIONS.values() for text in pair}
    return texts | set(LABELS.values()) | set(WORDS)
