"""The reader's verdict and warnings in Spanish, for the clerk who reads Spanish.

The reader writes its sentences in English (the record keeps them so); this module says the same in
Spanish, sentence by sentence, from patterns of those sentences. ``tests/test_reader_spanish.py``
reads the whole corpus and fails on any verdict or warning that has no Spanish here, so a new
English sentence cannot reach a Spanish page untranslated.
"""

from __future__ import annotations

import re
from typing import Final

from sanctuary.model import Reading

#: What a paper is, as the verdicts name it (English from ``_classify._PLAIN``).
_PAPERS: Final = {
    "a judicial warrant": "una orden judicial",
    "a judge's probable-cause determination": "una determinación de causa probable de un juez",
    "a court order": "una orden de un tribunal",
    "a court subpoena": "una citación de un tribunal",
    "an agency's administrative subpoena or summons": "una citación o requerimiento administrativo de una agencia",
    "a database (NCIC) immigration record, not a warrant from a judge": (
        "un registro migratorio de una base de datos (NCIC), no una orden de un juez"
    ),
    "not a warrant or order the reader recognizes": "no es una orden que el lector reconozca",
}
#: Papers named with their form number, which the verdict repeats as read.
_FORM_PAPERS: Final = (
    (
        re.compile(r"an immigration administrative subpoena \(Form (?P<f>[^)]*)\)"),
        "una citación administrativa de inmigración (formulario {f})",
    ),
    (
        re.compile(r"an immigration administrative warrant \(Form (?P<f>[^)]*)\)"),
        "una orden administrativa de inmigración (formulario {f})",
    ),
    (
        re.compile(r"an immigration detainer \(Form (?P<f>[^)]*)\): a request to hold someone"),
        "una solicitud de retención migratoria (formulario {f}): una petición de retener a alguien",
    ),
    (
        re.compile(r"a request to be told of a release date \(Form (?P<f>[^)]*)\)"),
        "una solicitud de aviso de la fecha de liberación (formulario {f})",
    ),
    (
        re.compile(r"a Notice to Appear in immigration court \(Form (?P<f>[^)]*)\)"),
        "un Aviso de Comparecencia ante un tribunal de inmigración (formulario {f})",
    ),
)  # fmt: skip


def _paper(english: str) -> str | None:
    if english in _PAPERS:
        return _PAPERS[english]
    head, sep, court = english.partition(" from ")
    found = _PAPERS.get(head)
    if found is None:
        for pattern, spanish in _FORM_PAPERS:
            if match := pattern.fullmatch(head):
                found = spanish.format(f=match.group("f"))
                break
    if found is None:
        return None
    return f"{found} de {court}" if sep else found


#: Verdicts: the English pattern (``{paper}`` is a paper named as above) and its Spanish.
_VERDICTS: Final = (
    (
        r"This looks like {paper}, a court of another state \((?P<state>[A-Z]{2})\): it has no force here until a "
        r"court of this state makes it its own\. Do not act on it; send it to counsel\.",
        "Parece {paper}, de un tribunal de otro estado ({state}): no tiene fuerza aquí hasta que un tribunal de este "
        "estado la haga suya. No actúe según ella; envíela a la asesoría jurídica.",
    ),
    (
        r"This appears to be {paper}, signed by a judge, but the reader could not tell which state's court issued "
        r"it\. Check the court with your supervisor or counsel before acting\.",
        "Parece {paper}, firmada por un juez, pero el lector no pudo saber qué tribunal estatal la emitió. Compruebe "
        "el tribunal con su supervisor o la asesoría jurídica antes de actuar.",
    ),
    (
        r"This appears to be {paper}, signed by a judge\. Check the court, signature, date and scope, and call your "
        r"supervisor; do not obstruct it\.",
        "Parece {paper}, firmada por un juez. Compruebe el tribunal, la firma, la fecha y el alcance, y llame a su "
        "supervisor; no la obstruya.",
    ),
    (
        r"This looks like {paper}, but it is not confirmed as signed by a judge\. Do not act on it until counsel or "
        r"your supervisor checks it\.",
        "Parece {paper}, pero no está confirmado que la haya firmado un juez. No actúe según ella hasta que la "
        "asesoría jurídica o su supervisor la revisen.",
    ),
    (
        r"This is {paper}, not a warrant\. Do not hand anything over; send it to counsel\.",
        "Es {paper}, no una orden. No entregue nada; envíela a la asesoría jurídica.",
    ),
    (
        r"This is NOT a judicial warrant the reader can confirm\. Do not act on it; ask your supervisor or counsel\.",
        "Esto NO es una orden judicial que el lector pueda confirmar. No actúe según él; consulte a su supervisor o "
        "a la asesoría jurídica.",
    ),
    (
        r"This is NOT a judicial warrant\. It is {paper}, issued by an officer, not a judge\. It is legal process "
        r"with a return date: do not hand anything over, and send it to counsel to answer or contest\.",
        "Esto NO es una orden judicial. Es {paper}, emitida por un agente, no por un juez. Es un trámite legal con "
        "fecha de respuesta: no entregue nada y envíela a la asesoría jurídica para que la responda o la impugne.",
    ),
    (
        r"This is NOT a judicial warrant\. It is {paper}: no one has signed anything asking you to act\.",
        "Esto NO es una orden judicial. Es {paper}: nadie ha firmado nada que le pida actuar.",
    ),
    (
        r"This is NOT a judicial warrant\. It is {paper}, signed by an immigration officer, not a judge\.",
        "Esto NO es una orden judicial. Es {paper}, firmada por un agente de inmigración, no por un juez.",
    ),
)

#: Warnings: exact sentences, then patterns with a value read from the paper.
_WARNINGS: Final = {
    "An immigration judge is not a court: immigration court (EOIR) papers are administrative, not judicial "
    "warrants or court orders.": (
        "Un juez de inmigración no es un tribunal: los documentos de los tribunales de inmigración (EOIR) son "
        "administrativos, no órdenes judiciales ni órdenes de un tribunal."
    ),
    "Titled 'Notice to Appear' but nothing on it is from immigration authorities: it looks like a police or court "
    "citation, not Form I-862.": (
        "Se titula 'Notice to Appear' pero nada en él viene de las autoridades de inmigración: parece una citación "
        "de la policía o de un tribunal, no el formulario I-862."
    ),
    "It says 'warrant', but it is an immigration form signed by an immigration officer, not a judge: an "
    "administrative warrant does not allow entry into non-public areas.": (
        "Dice 'warrant' (orden), pero es un formulario de inmigración firmado por un agente de inmigración, no por "
        "un juez: una orden administrativa no permite entrar en áreas no públicas."
    ),
    "The paper mixes court and immigration-agency marks; check which document is which.": (
        "El documento mezcla marcas de un tribunal y de una agencia de inmigración; compruebe qué documento es cuál."
    ),
    "The subpoena is signed by a court clerk or an attorney, not a judge: it is still a court's subpoena; counsel "
    "responds.": (
        "La citación está firmada por un secretario judicial o un abogado, no por un juez: sigue siendo una citación "
        "de un tribunal; responde la asesoría jurídica."
    ),
    "The signature line is blank: an unsigned warrant or order is not valid as it is.": (
        "La línea de la firma está en blanco: una orden sin firmar no es válida tal como está."
    ),
    "No signature block was found: it may be a partial copy; ask for the whole document.": (
        "No se encontró el bloque de la firma: puede ser una copia parcial; pida el documento completo."
    ),
    "The reader could not see a signature over the judge's line: check it on the paper.": (
        "El lector no pudo ver una firma sobre la línea del juez: compruébelo en el papel."
    ),
    "Both a judge and an officer appear to sign it: check which document is which before acting.": (
        "Parece que lo firman un juez y un agente: compruebe qué documento es cuál antes de actuar."
    ),
    "Low confidence: the decision will treat the paper's type as unknown and refer it.": (
        "Confianza baja: la decisión tratará el tipo del documento como desconocido y lo remitirá."
    ),
    "Only a fax cover sheet was read: the document it announces is not attached.": (
        "Solo se leyó una portada de fax: el documento que anuncia no está adjunto."
    ),
    "The reader found too few cues to say what this paper is.": (
        "El lector encontró muy pocas pistas para decir qué es este documento."
    ),
    "A state court's paper, but the reader could not tell which state's court: check it, since another state's "
    "court binds here only once its paper is domesticated.": (
        "Un documento de un tribunal estatal, pero el lector no pudo saber de qué estado: compruébelo, porque el "
        "tribunal de otro estado solo obliga aquí cuando su documento se ha reconocido en este estado."
    ),
}
_WARNING_PATTERNS: Final = (
    (
        r"It uses court wording but has (?P<source>no court at its head|immigration court marks|immigration agency "
        r"marks); treat it as NOT judicial until counsel checks it\.",
        "Usa lenguaje de tribunal pero tiene {source}; trátelo como NO judicial hasta que lo revise la asesoría "
        "jurídica.",
    ),
    (
        r"The cover sheet calls it a warrant, but the enclosure is a (?P<kind>[a-z ]+)\.",
        "La portada lo llama orden, pero lo adjunto es: {kind}.",
    ),
    (
        r"It expired on (?P<day>\d{4}-\d{2}-\d{2}): an expired warrant cannot be executed\.",
        "Venció el {day}: una orden vencida no se puede ejecutar.",
    ),
    (
        r"A court of (?P<state>[A-Z]{2}): whether it binds here depends on the pack's state, which was not given\.",
        "Un tribunal de {state}: que obligue aquí depende del estado del paquete, que no se indicó.",
    ),
    (
        r"A court of another state \((?P<state>[A-Z]{2})\): its paper has no force here until it is domesticated; "
        r"refer it to counsel\.",
        "Un tribunal de otro estado ({state}): su documento no tiene fuerza aquí hasta que se reconozca en este "
        "estado; remítalo a la asesoría jurídica.",
    ),
)
_SOURCES: Final = {
    "no court at its head": "ningún tribunal en el encabezado",
    "immigration court marks": "marcas de un tribunal de inmigración",
    "immigration agency marks": "marcas de una agencia de inmigración",
}
#: What the reader saw on the paper (the evidence's cues), in Spanish; "form X" keeps its number.
_CUES: Final = {
    "DHS header": "encabezado del DHS",
    "NCIC record": "registro del NCIC",
    "administrative subpoena authority": "facultad de citación administrativa",
    "arrest for removal proceedings": "arresto para un proceso de deportación",
    "attorney signature line": "línea de firma de un abogado",
    "blank signature line": "línea de firma en blanco",
    "clerk signature line": "línea de firma de un secretario judicial",
    "command to arrest and bring before a judge": "orden de arrestar y presentar ante un juez",
    "command to produce": "orden de entregar",
    "command to search": "orden de registrar",
    "court's order": "orden del tribunal",
    "detainer request": "solicitud de retención",
    "fax cover sheet": "portada de fax",
    "federal court caption": "encabezado de un tribunal federal",
    "immigration court (EOIR) header": "encabezado de un tribunal de inmigración (EOIR)",
    "immigration judge signature": "firma de un juez de inmigración",
    "immigration law citation": "cita de la ley de inmigración",
    "immigration officer signature line": "línea de firma de un agente de inmigración",
    "issuing officer signature line": "línea de firma del agente emisor",
    "judge signature line": "línea de firma de un juez",
    "notification only": "solo aviso",
    "order to appear before an immigration judge": "orden de comparecer ante un juez de inmigración",
    "other agency header": "encabezado de otra agencia",
    "other immigration paper": "otro documento de inmigración",
    "probable cause found by a judge": "causa probable determinada por un juez",
    "request for cooperation": "petición de cooperación",
    "signature (/s/)": "firma (/s/)",
    "signature (digital)": "firma (digital)",
    "signature (electronic)": "firma (electrónica)",
    "signature (so ordered)": "firma (así se ordena)",
    "signature (written)": "firma (manuscrita)",
    "state court caption": "encabezado de un tribunal estatal",
    "traffic or municipal citation": "multa de tráfico o citación municipal",
}
_TITLES: Final = {
    "administrative arrest warrant": "orden de arresto administrativa",
    "arrest warrant": "orden de arresto",
    "detainer": "solicitud de retención",
    "immigration subpoena": "citación de inmigración",
    "jury summons": "citación para jurado",
    "notice to appear": "aviso de comparecencia",
    "notification request": "solicitud de aviso",
    "order": "orden",
    "probable cause": "causa probable",
    "search warrant": "orden de registro",
    "subpoena": "citación",
    "warrant of removal": "orden de deportación",
}


def cue_in_spanish(cue: str) -> str | None:
    """A cue of the reader's evidence in Spanish, or None when it has no Spanish here."""
    if cue in _CUES:
        return _CUES[cue]
    if cue.startswith("form "):
        return "formulario " + cue.removeprefix("form ")
    if cue.startswith("title: ") and (title := _TITLES.get(cue.removeprefix("title: "))):
        return f"título: {title}"
    return None


_COMPILED_VERDICTS: Final = tuple(
    (re.compile(english.replace("{paper}", "(?P<paper>.+?)")), spanish) for english, spanish in _VERDICTS
)
_COMPILED_WARNINGS: Final = tuple((re.compile(english), spanish) for english, spanish in _WARNING_PATTERNS)


def verdict_in_spanish(verdict: str) -> str | None:
    """The verdict sentence in Spanish, or None when it has no Spanish here."""
    for pattern, spanish in _COMPILED_VERDICTS:
        if match := pattern.fullmatch(verdict):
            values = match.groupdict()
            if "paper" in values:
                paper = _paper(values["paper"])
                if paper is None:
                    continue
                values["paper"] = paper
            return spanish.format(**values)
    return None


def warning_in_spanish(warning: str) -> str | None:
    """A warning in Spanish, or None when it has no Spanish here."""
    if warning in _WARNINGS:
        return _WARNINGS[warning]
    for pattern, spanish in _COMPILED_WARNINGS:
        if match := pattern.fullmatch(warning):
            values = match.groupdict()
            if "source" in values:
                values["source"] = _SOURCES[values["source"]]
            return spanish.format(**values)
    return None


def reading_words(reading: Reading, lang: str) -> tuple[str, list[str]]:
    """The verdict and warnings in ``lang``; an English sentence with no Spanish is kept as it is."""
    if lang != "es":
        return reading.verdict, list(reading.warnings)
    verdict = verdict_in_spanish(reading.verdict) or reading.verdict
    return verdict, [warning_in_spanish(w) or w for w in reading.warnings]
