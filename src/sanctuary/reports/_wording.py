"""The words of a report in English and Spanish: English is the source, Spanish is looked up by it.

Every sentence a report prints passes through :func:`say`, so a Spanish report is the same report
with its words changed, never a second set of code paths. Values of the contract (settings,
requesters, papers, duties) take their words from the label catalogue (``sanctuary.model.labels``);
this module holds the words only reports use. ``tests/test_reports_language.py`` renders every kind
in Spanish and fails on any English sentence of this module that leaks through.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from sanctuary.model import InputError

LANGUAGES: Final = ("en", "es")

#: Outcomes as a report counts them (past tense, what happened), not as the front desk is told.
OUTCOMES: Final[dict[str, tuple[str, str]]] = {
    "comply": ("Complied", "Se cumplió"),
    "partial": ("Complied in part", "Se cumplió en parte"),
    "decline": ("Declined", "Se rechazó"),
    "refer": ("Referred to counsel", "Remitido a la asesoría jurídica"),
    "stand_aside": ("Stood aside", "Se hizo a un lado"),
}

SPANISH: Final[dict[str, str]] = {
    # --- the kinds --------------------------------------------------------------------------------
    "Immigration-enforcement requests: report to the City Council and the Police Commission": (
        "Solicitudes de control migratorio: informe al Concejo Municipal y a la Comisión de Policía"
    ),
    "Los Angeles City Council; Board of Police Commissioners": (
        "Concejo Municipal de Los Ángeles; Junta de Comisionados de Policía"
    ),
    "Requests from or for immigration authorities": "Solicitudes de autoridades de inmigración o en su nombre",
    "No city resources, property, personnel or data for federal immigration enforcement; the ordinance's own "
    "reporting duties were not found in the public sources read.": (
        "Ningún recurso, bien, personal ni dato de la ciudad para el control migratorio federal; los deberes de "
        "informar de la propia ordenanza no se encontraron en las fuentes públicas leídas."
    ),
    "LAPD reports each year on immigration enforcement, task-force reporting requirements and department "
    "operations (e.g. detainers received and honored).": (
        "El LAPD informa cada año sobre el control migratorio, los requisitos de informe de los grupos de trabajo "
        "y las operaciones del departamento (por ejemplo, solicitudes de retención recibidas y atendidas)."
    ),
    "Requests by department and outcome": "Solicitudes por departamento y resultado",
    "Final outcome: counsel's where counsel decided, otherwise the decision engine's.": (
        "Resultado final: el de la asesoría jurídica cuando decidió, si no el del motor de decisiones."
    ),
    "Requests by what was asked and outcome": "Solicitudes por lo que se pidió y resultado",
    "Requests by the paper presented and outcome": "Solicitudes por el documento presentado y resultado",
    "The detainer row gives detainers received and, under Complied or Complied in part, honored.": (
        "La fila de solicitudes de retención da las recibidas y, bajo Se cumplió o Se cumplió en parte, las atendidas."
    ),
    "Requests by setting and outcome": "Solicitudes por lugar y resultado",
    "Requests by requester and outcome": "Solicitudes por solicitante y resultado",
    "Transfers to immigration authorities and the offense behind each: annual report to the California "
    "Department of Justice": (
        "Traslados a las autoridades de inmigración y el delito detrás de cada uno: informe anual al "
        "Departamento de Justicia de California"
    ),
    "California Department of Justice": "Departamento de Justicia de California",
    "Transfers of custody made (final outcome Complied or Complied in part)": (
        "Traslados de custodia hechos (resultado final Se cumplió o Se cumplió en parte)"
    ),
    "Every law enforcement agency reports annually to the Department of Justice the number of transfers under "
    "§ 7284.6(a)(4) and the offense that allowed each transfer.": (
        "Cada agencia del orden informa cada año al Departamento de Justicia del número de traslados según el "
        "§ 7284.6(a)(4) y del delito que permitió cada traslado."
    ),
    "No transfer to immigration authorities except on a judicial warrant, a judicial probable-cause "
    "determination, or under § 7282.5.": (
        "Ningún traslado a las autoridades de inmigración salvo con una orden judicial, una determinación "
        "judicial de causa probable, o según el § 7282.5."
    ),
    "Transfers by offense": "Traslados por delito",
    "Offense: the most serious criminal-history category recorded on the request (order in the documentation); "
    "each transfer is counted once.": (
        "Delito: la categoría de antecedentes penales más grave registrada en la solicitud (orden en la "
        "documentación); cada traslado se cuenta una vez."
    ),
    "Transfers by department and offense": "Traslados por departamento y delito",
    "Joint task forces: annual report to the California Department of Justice": (
        "Grupos de trabajo conjuntos: informe anual al Departamento de Justicia de California"
    ),
    "Task-force requests (stated purpose a task force operation, or a joint operation)": (
        "Solicitudes de grupos de trabajo (propósito declarado una operación de un grupo de trabajo, o una "
        "operación conjunta)"
    ),
    "Each agency in an ongoing joint task force reports annually its purpose, the agencies involved, the total "
    "arrests made, and the arrests for immigration enforcement purposes.": (
        "Cada agencia de un grupo de trabajo conjunto en curso informa cada año de su propósito, las agencias "
        "participantes, el total de arrestos y los arrestos con fines de control migratorio."
    ),
    "Task-force work is allowed only if its primary purpose is not immigration enforcement and local law allows it.": (
        "El trabajo en grupos de trabajo solo se permite si su propósito principal no es el control migratorio y "
        "la ley local lo permite."
    ),
    "Task-force requests by requesting agency kind and outcome": (
        "Solicitudes de grupos de trabajo por tipo de agencia solicitante y resultado"
    ),
    "Task-force requests by what was asked and outcome": (
        "Solicitudes de grupos de trabajo por lo que se pidió y resultado"
    ),
    "The arrest row counts requests to take part in arrests.": (
        "La fila de arrestos cuenta las solicitudes de participar en arrestos."
    ),
    "Task-force requests by stated purpose and outcome": (
        "Solicitudes de grupos de trabajo por propósito declarado y resultado"
    ),
    "Task-force requests by department and outcome": "Solicitudes de grupos de trabajo por departamento y resultado",
    "The case store records requests made to this agency and its decisions on them; the task force's own arrest "
    "totals come from the task force's records and are not counted here.": (
        "El registro de casos guarda las solicitudes hechas a esta agencia y sus decisiones; los totales de "
        "arrestos del propio grupo de trabajo vienen de sus registros y no se cuentan aquí."
    ),
    "ICE access: data for the annual TRUTH Act community forum": (
        "Acceso de ICE: datos para el foro comunitario anual de la Ley TRUTH"
    ),
    "City Council (governing body) and the public forum": "Concejo Municipal (órgano de gobierno) y el foro público",
    "Requests for ICE access (Gov. Code § 7283) from or for immigration authorities": (
        "Solicitudes de acceso de ICE (Código de Gobierno § 7283) de autoridades de inmigración o en su nombre"
    ),
    "Where a local agency gave ICE access in the prior year, the governing body holds at least one community "
    "forum a year, with 30 days' notice, and the agency reports the number of people, dates and types of "
    "access.": (
        "Si una agencia local dio acceso a ICE el año anterior, el órgano de gobierno celebra al menos un foro "
        "comunitario al año, con 30 días de aviso, y la agencia informa del número de personas, las fechas y los "
        "tipos de acceso."
    ),
    "ICE access: responding to hold, notification or transfer requests; giving release dates, home or work "
    "addresses or check-in times; allowing an interview.": (
        "Acceso de ICE: responder a solicitudes de retención, aviso o traslado; dar fechas de liberación, "
        "domicilios, direcciones de trabajo u horarios de presentación; permitir una entrevista."
    ),
    "On a hold, notification or transfer request the person gets a copy and is told whether the agency will "
    "comply (the duty to give the person a copy, counted below).": (
        "Ante una solicitud de retención, aviso o traslado, la persona recibe una copia y se le dice si la "
        "agencia la cumplirá (el deber de dar una copia a la persona, contado abajo)."
    ),
    "ICE access requests by type and outcome": "Solicitudes de acceso de ICE por tipo y resultado",
    "Access was given where the final outcome is Complied or Complied in part.": (
        "Se dio acceso donde el resultado final es Se cumplió o Se cumplió en parte."
    ),
    "ICE access requests by month and outcome": "Solicitudes de acceso de ICE por mes y resultado",
    "ICE access requests by department and outcome": "Solicitudes de acceso de ICE por departamento y resultado",
    "Demographics of the people concerned are not kept in the case store's clear record, so they are not reported.": (
        "Los datos demográficos de las personas afectadas no se guardan en el registro sin cifrar de casos, así "
        "que no se informan."
    ),
    "Immigration-enforcement requests at schools: superintendent's report to the board": (
        "Solicitudes de control migratorio en escuelas: informe del superintendente a la junta"
    ),
    "Governing board of the school district": "Junta directiva del distrito escolar",
    "Immigration-enforcement requests at schools": "Solicitudes de control migratorio en escuelas",
    "The superintendent reports to the governing board in a timely manner any request for information or access "
    "to a school site by an officer or employee of a law enforcement agency for immigration enforcement, "
    "protecting the identities of those involved.": (
        "El superintendente informa a la junta directiva, a su debido tiempo, de toda solicitud de información o "
        "de acceso a una escuela hecha por un agente o empleado de una agencia del orden para el control "
        "migratorio, protegiendo la identidad de las personas afectadas."
    ),
    "School requests by what was asked and outcome": "Solicitudes en escuelas por lo que se pidió y resultado",
    "School requests by the paper presented and outcome": (
        "Solicitudes en escuelas por el documento presentado y resultado"
    ),
    "School requests by month and outcome": "Solicitudes en escuelas por mes y resultado",
    "School requests by department (site or office) and outcome": (
        "Solicitudes en escuelas por departamento (escuela u oficina) y resultado"
    ),
    "Transparency report: every request recorded, how it was decided, and duties kept": (
        "Informe de transparencia: cada solicitud registrada, cómo se decidió y los deberes cumplidos"
    ),
    "The public": "El público",
    "All requests recorded": "Todas las solicitudes registradas",
    "Records relating to ICE access, including communications with ICE, are public records.": (
        "Los registros sobre el acceso de ICE, incluidas las comunicaciones con ICE, son registros públicos."
    ),
    "No city resources, property, personnel or data for federal immigration enforcement.": (
        "Ningún recurso, bien, personal ni dato de la ciudad para el control migratorio federal."
    ),
    # --- dimensions and their special categories ---------------------------------------------------
    "Department": "Departamento",
    "Setting": "Lugar",
    "Requester": "Solicitante",
    "Request": "Solicitud",
    "Paper presented": "Documento presentado",
    "Outcome": "Resultado",
    "Purpose": "Propósito",
    "Offense": "Delito",
    "Type of access": "Tipo de acceso",
    "Month": "Mes",
    "Duty": "Deber",
    "Status at the end of the period": "Estado al final del periodo",
    "Not recorded": "No registrado",
    "Pending (no decision yet)": "Pendiente (aún sin decisión)",
    "No listed offense recorded": "Ningún delito de la lista registrado",
    "History not checked": "Antecedentes no consultados",
    "Done on time": "Hecho a tiempo",
    "Late": "Tarde",
    "Open": "Abierto",
    "Release date, address or check-in information": "Fecha de liberación, domicilio u horario de presentación",
    "Hold request": "Solicitud de retención",
    "Notification request": "Solicitud de aviso",
    "Transfer request": "Solicitud de traslado",
    "Interview": "Entrevista",
    "Duties the decisions triggered, for the cases counted": (
        "Deberes que generaron las decisiones, en los casos contados"
    ),
    "Duties by kind and completion": "Deberes por tipo y cumplimiento",
    "On time: done by its due day (or it had none). Late: done after its due day, or past due and still open at "
    "the end of the period. Open: not done and not yet due.": (
        "A tiempo: hecho antes de su fecha límite (o no tenía). Tarde: hecho después de su fecha límite, o vencido "
        "y aún abierto al final del periodo. Abierto: no hecho y aún no vencido."
    ),
    # --- privacy and notes -------------------------------------------------------------------------
    "Counts from 1 to {last} are shown as {mark}; further counts are withheld (shown as \u2014; complementary "
    "suppression) until no hidden count follows from the published counts, row, column and grand totals of all "
    "the tables of this report, checked by exact rational Gaussian elimination.": (
        "Los recuentos de 1 a {last} se muestran como {mark}; otros recuentos se ocultan (se muestran como \u2014; "
        "supresión complementaria) hasta que ningún recuento oculto se pueda deducir de los recuentos publicados "
        "ni de los totales de filas, columnas y generales de todas las tablas de este informe, comprobado por "
        "eliminación gaussiana exacta con números racionales."
    ),
    "Differentially private counts ({mechanism}, epsilon {epsilon} in all); noisy counts from 1 to {last} are "
    "shown as {mark}. Noisy counts are independent, so rows need not add up to their totals, and subtraction "
    "recovers only noise.": (
        "Recuentos con privacidad diferencial ({mechanism}, épsilon {epsilon} en total); los recuentos con ruido "
        "de 1 a {last} se muestran como {mark}. Los recuentos con ruido son independientes, así que las filas no "
        "tienen por qué sumar sus totales, y restar solo recupera ruido."
    ),
    "discrete Laplace (geometric) noise, OpenDP": "ruido de Laplace discreto (geométrico), OpenDP",
    "No case in this report's scope was recorded in the period: every count is zero.": (
        "No se registró ningún caso del alcance de este informe en el periodo: todos los recuentos son cero."
    ),
    "The period has not ended: this report counts to date, up to {cutoff}, and its counts will change.": (
        "El periodo no ha terminado: este informe cuenta hasta la fecha, hasta el {cutoff}, y sus recuentos cambiarán."
    ),
    "Counts are of cases opened in the period (by the day they were opened, in the {zone} time zone). Outcomes "
    "are as recorded when the report was made; duty completion is as it stood at the end of the period.": (
        "Se cuentan los casos abiertos en el periodo (por el día en que se abrieron, en la zona horaria {zone}). "
        "Los resultados son los registrados cuando se hizo el informe; el cumplimiento de los deberes es el que "
        "había al final del periodo."
    ),
    "Cases with no department recorded are counted under 'Not recorded'. Each report protects its own tables; "
    "comparing different reports or overlapping periods is not protected against.": (
        "Los casos sin departamento registrado se cuentan como 'No registrado'. Cada informe protege sus propias "
        "tablas; la comparación de informes distintos o de periodos que se solapan no está protegida."
    ),
    "The noise is large against these counts: a published count of {population} is within \u00b1{bound} of the "
    "true count only 95 times in 100, and that is {share}% of the total or more. Read small differences between "
    "counts as noise; a larger epsilon (less privacy) or a longer period gives steadier counts.": (
        "El ruido es grande frente a estos recuentos: un recuento publicado de {population} está a \u00b1{bound} "
        "del verdadero solo 95 veces de cada 100, y eso es el {share}% del total o más. Lea las diferencias "
        "pequeñas entre recuentos como ruido; un épsilon mayor (menos privacidad) o un periodo más largo da "
        "recuentos más estables."
    ),
    "cases": "casos",
    "duties": "deberes",
    # --- the page ----------------------------------------------------------------------------------
    "Period": "Periodo",
    "For": "Para",
    "Generated": "Generado",
    "{start} to {end}": "del {start} al {end}",
    " (to date, up to {cutoff})": " (hasta la fecha, hasta el {cutoff})",
    "Legal basis": "Fundamento legal",
    "source": "fuente",
    "Confidence: [V] text read, [S] secondary source, [U] unverified.": (
        "Confianza: [V] texto leído, [S] fuente secundaria, [U] sin verificar."
    ),
    "Privacy": "Privacidad",
    "Notes": "Notas",
    "Warning": "Advertencia",
    "Total {unit}: {count}": "Total de {unit}: {count}",
    "Total {unit}: about {count} (a noisy count, \u00b1{bound} 95 times in 100; the true count is not published)": (
        "Total de {unit}: unos {count} (un recuento con ruido, \u00b1{bound} 95 veces de cada 100; el recuento "
        "verdadero no se publica)"
    ),
    "Total": "Total",
    "{title}: totals by {dimension}": "{title}: totales por {dimension}",
    "Signed ledger checkpoint": "Punto de control firmado del registro",
    "Packs in force": "Paquetes de reglas vigentes",
    "No decision in this report's scope names a pack.": (
        "Ninguna decisión del alcance de este informe nombra un paquete."
    ),
    "How to verify": "Cómo verificar",
    "Not legal advice. A jurisdiction's counsel must review its pack before use.": (
        "No es asesoría legal. La asesoría jurídica de cada jurisdicción debe revisar su paquete antes de usarlo."
    ),
    "Back to Sanctuary": "Volver a Sanctuary",
    "page {page} of {pages}": "página {page} de {pages}",
    # --- the attestation ---------------------------------------------------------------------------
    "No signed ledger checkpoint was made at or before the end of the period ({end}); this report therefore "
    "cites none. An administrator can sign one with `sanctuary ledger checkpoint`; later checkpoints still cover "
    "these entries.": (
        "No se firmó ningún punto de control del registro hasta el final del periodo ({end}); por eso este "
        "informe no cita ninguno. Un administrador puede firmar uno con `sanctuary ledger checkpoint`; los puntos "
        "de control posteriores siguen cubriendo estas entradas."
    ),
    "Latest signed checkpoint at or before the end of the period ({end}): checkpoint {id}, signed {signed}, "
    "{size} ledger entries, root {root}.": (
        "Último punto de control firmado hasta el final del periodo ({end}): punto de control {id}, firmado el "
        "{signed}, {size} entradas del registro, raíz {root}."
    ),
    " It does not cover all the cases counted (the ledger needs {needed} entries for that).": (
        " No cubre todos los casos contados (el registro necesita {needed} entradas para ello)."
    ),
    " Checkpoint {id}, signed later ({signed}), covers every case counted: {size} entries, root {root}.": (
        " El punto de control {id}, firmado después ({signed}), cubre todos los casos contados: {size} entradas, "
        "raíz {root}."
    ),
    "How to verify: the counts come from the case store, whose every change is an entry in the append-only "
    "public ledger (RFC 9162 Merkle tree). Get the public export with `sanctuary ledger export OUT` (leaf hashes, "
    "the signed checkpoint and the verifier key; no case content) and run the stand-alone verifier, which needs "
    "only Python: `python3 verifier/sanctuary_verify.py --checkpoint OUT/checkpoint.txt --key-file OUT/ledger.pub "
    "--entries OUT/ledger.jsonl`. The checkpoint printed in this report must either be the export's checkpoint or "
    "be extended by it (`sanctuary ledger consistency OLD NEW` gives the RFC 9162 consistency proof); if not, the "
    "ledger was rewritten. The pack digests name the exact law the decisions were made under: `sanctuary packs "
    "show ID` prints a pack's digest, and any decision can be replayed against it.": (
        "Cómo verificar: los recuentos vienen del registro de casos, cuyo cada cambio es una entrada del registro "
        "público de solo anexado (árbol de Merkle RFC 9162). Obtenga la exportación pública con `sanctuary ledger "
        "export OUT` (hashes de las hojas, el punto de control firmado y la clave del verificador; ningún "
        "contenido de casos) y ejecute el verificador independiente, que solo necesita Python: `python3 "
        "verifier/sanctuary_verify.py --checkpoint OUT/checkpoint.txt --key-file OUT/ledger.pub --entries "
        "OUT/ledger.jsonl`. El punto de control impreso en este informe debe ser el de la exportación o estar "
        "extendido por él (`sanctuary ledger consistency OLD NEW` da la prueba de consistencia RFC 9162); si no, "
        "el registro fue reescrito. Los resúmenes de los paquetes nombran la ley exacta con la que se tomaron las "
        "decisiones: `sanctuary packs show ID` imprime el resumen de un paquete, y cualquier decisión se puede "
        "reproducir con él."
    ),
}


def check_language(lang: str) -> str:
    """``lang`` if a report can be written in it; InputError naming the languages otherwise."""
    if lang not in LANGUAGES:
        raise InputError(
            "--lang: reports are written in {languages}, not {lang!r}.", languages=", ".join(LANGUAGES), lang=lang
        )
    return lang


def say(text: str, lang: str, **values: object) -> str:
    """``text`` in ``lang`` (English is the source), with ``values`` filled in."""
    words = SPANISH.get(text, text) if lang == "es" else text
    return words.format(**values) if values else words


def outcome_label(outcome: str, lang: str) -> str | None:
    """What happened, in the report's words; None for a value that is not an outcome."""
    pair = OUTCOMES.get(outcome)
    return None if pair is None else pair[1 if lang == "es" else 0]


_MONTHS: Final = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ),
}  # fmt: skip


def month_label(key: str, lang: str) -> str:
    """``2025-03`` as "March 2025" / "marzo de 2025"; anything else unchanged."""
    try:
        year, month = int(key[:4]), int(key[5:7])
        name = _MONTHS["es" if lang == "es" else "en"][month - 1]
    except (ValueError, IndexError):
        return key
    return f"{name} de {year}" if lang == "es" else f"{name} {year}"


def date_label(day: dt.date, lang: str) -> str:
    """A day written out: "March 1, 2025" / "1 de marzo de 2025"."""
    name = _MONTHS["es" if lang == "es" else "en"][day.month - 1]
    return f"{day.day} de {name} de {day.year}" if lang == "es" else f"{name} {day.day}, {day.year}"
