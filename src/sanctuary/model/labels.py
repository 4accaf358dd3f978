"""Plain words for every value of the contract, in English and Spanish: one catalogue for every reader.

Pages, reports, the CLI's human output and PDFs show a person these labels, never the contract's
codes (``share_data``, ``sogi``, ``True``). Each value has a short label and a one-line help text
in both languages; ``tests/test_labels.py`` checks that every enum member has all four.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Final

from ._enums import (
    Action,
    Area,
    AssistKind,
    Confidence,
    DataCategory,
    HistoryTag,
    InstrumentType,
    IssuedBy,
    Issuer,
    ObligationId,
    Outcome,
    Purpose,
    ReferTo,
    RequesterKind,
    Setting,
)

LANGUAGES: Final = ("en", "es")


@dataclass(frozen=True)
class Label:
    """A value's label and one-line help text, in English and Spanish."""

    en: str
    es: str
    help_en: str
    help_es: str

    def text(self, lang: str) -> str:
        return self.es if lang == "es" else self.en

    def help(self, lang: str) -> str:
        return self.help_es if lang == "es" else self.help_en


def _l(en: str, es: str, help_en: str, help_es: str) -> Label:
    return Label(en, es, help_en, help_es)


ACTIONS: dict[str, Label] = {
    Action.SHARE_DATA: _l(
        "Give them information or records",
        "Darles información o registros",
        "Any information about a person: addresses, dates, files, answers to questions.",
        "Cualquier información sobre una persona: domicilios, fechas, expedientes, respuestas.",
    ),
    Action.ENTER_FACILITY: _l(
        "Let them in",
        "Dejarles entrar",
        "Access to a building or to rooms beyond the public areas.",
        "Acceso a un edificio o a salas fuera de las zonas abiertas al público.",
    ),
    Action.ASSIST: _l(
        "Help them with staff, space or equipment",
        "Ayudarles con personal, espacio o equipo",
        "Lending people, rooms, vehicles, parking or equipment to their operation.",
        "Prestar personal, salas, vehículos, estacionamiento o equipo para su operativo.",
    ),
    Action.HOLD: _l(
        "Keep someone in custody longer",
        "Mantener a alguien detenido más tiempo",
        "Holding a person past the time they would otherwise be released.",
        "Retener a una persona después de la hora en que saldría en libertad.",
    ),
    Action.NOTIFY_RELEASE: _l(
        "Tell them when someone is released",
        "Avisarles cuando alguien sea liberado",
        "Giving the date or time a person leaves custody.",
        "Dar la fecha u hora en que una persona sale de la custodia.",
    ),
    Action.TRANSFER_CUSTODY: _l(
        "Hand someone over to them",
        "Entregarles a alguien",
        "Transferring a person in custody to their officers.",
        "Transferir a una persona bajo custodia a sus agentes.",
    ),
    Action.INTERVIEW: _l(
        "Let them question someone",
        "Dejarles interrogar a alguien",
        "An interview of a person in custody or at this place.",
        "Una entrevista a una persona bajo custodia o en este lugar.",
    ),
    Action.ASK_STATUS: _l(
        "Ask someone about immigration status",
        "Preguntar a alguien por su estatus migratorio",
        "Asking a person where they were born, their citizenship or their immigration papers.",
        "Preguntar a una persona dónde nació, su ciudadanía o sus papeles migratorios.",
    ),
    Action.ARREST: _l(
        "Arrest someone",
        "Arrestar a alguien",
        "Taking a person into custody for them.",
        "Detener a una persona por encargo de ellos.",
    ),
}

SETTINGS: dict[str, Label] = {
    Setting.CITY_OFFICE: _l(
        "A city or county office",
        "Una oficina de la ciudad o del condado",
        "A public counter or office of a city or county department.",
        "Una ventanilla u oficina de un departamento de la ciudad o del condado.",
    ),
    Setting.POLICE: _l(
        "A police station",
        "Una estación de policía",
        "A police station or officers in the field.",
        "Una estación de policía o agentes en la calle.",
    ),
    Setting.JAIL: _l("A jail", "Una cárcel", "A jail or lock-up.", "Una cárcel o un calabozo."),
    Setting.SCHOOL: _l(
        "A school",
        "Una escuela",
        "A public school, kindergarten to 12th grade.",
        "Una escuela pública, hasta el grado 12.",
    ),
    Setting.COLLEGE: _l(
        "A college or university",
        "Una universidad",
        "A community college, university or its campus.",
        "Un colegio comunitario, una universidad o su campus.",
    ),
    Setting.HEALTH_FACILITY: _l(
        "A clinic or hospital",
        "Una clínica o un hospital",
        "A public clinic, hospital or health office.",
        "Una clínica, un hospital o una oficina de salud pública.",
    ),
    Setting.COURTHOUSE: _l("A courthouse", "Un juzgado", "A court building.", "Un edificio de tribunales."),
    Setting.SHELTER: _l(
        "A shelter", "Un albergue", "A homeless, family or domestic-violence shelter.", "Un albergue o refugio."
    ),
    Setting.LIBRARY: _l(
        "A library", "Una biblioteca", "A public library branch.", "Una sucursal de la biblioteca pública."
    ),
    Setting.LABOR_AGENCY: _l(
        "A labor office",
        "Una oficina de trabajo",
        "An office that enforces wage and workplace laws.",
        "Una oficina que hace cumplir las leyes de salarios y trabajo.",
    ),
}

AREAS: dict[str, Label] = {
    Area.PUBLIC: _l(
        "Open to the public",
        "Abierta al público",
        "A lobby, counter or waiting room anyone may enter.",
        "Un vestíbulo, una ventanilla o una sala de espera donde cualquiera puede entrar.",
    ),
    Area.NON_PUBLIC: _l(
        "Not open to the public",
        "No abierta al público",
        "Offices, back rooms, classrooms and cells.",
        "Oficinas, salas interiores, aulas y celdas.",
    ),
}

ASSIST_KINDS: dict[str, Label] = {
    AssistKind.PERSONNEL: _l("Staff", "Personal", "People to work with them.", "Personas que trabajen con ellos."),
    AssistKind.EQUIPMENT: _l(
        "Equipment", "Equipo", "Vehicles, radios, tools or systems.", "Vehículos, radios, herramientas o sistemas."
    ),
    AssistKind.SPACE: _l("A room or space", "Una sala o un espacio", "Rooms or offices to use.", "Salas u oficinas."),
    AssistKind.STAGING: _l(
        "A place to gather or park",
        "Un lugar para reunirse o estacionarse",
        "A parking lot or yard to prepare an operation.",
        "Un estacionamiento o patio para preparar un operativo.",
    ),
    AssistKind.PERIMETER: _l(
        "Guarding the area",
        "Vigilar la zona",
        "Blocking streets or holding a perimeter for them.",
        "Cerrar calles o mantener un perímetro para ellos.",
    ),
    AssistKind.INTERPRETER: _l(
        "An interpreter",
        "Un intérprete",
        "Staff to interpret for their agents.",
        "Personal que interprete para sus agentes.",
    ),
    AssistKind.JOINT_OPERATION: _l(
        "A joint operation",
        "Un operativo conjunto",
        "Working side by side in their operation.",
        "Trabajar junto a ellos en su operativo.",
    ),
    AssistKind.FUNDING: _l("Money", "Dinero", "Paying for their work.", "Pagar por su trabajo."),
}

REQUESTER_KINDS: dict[str, Label] = {
    RequesterKind.FEDERAL_IMMIGRATION: _l(
        "Federal immigration agents (ICE, CBP, HSI)",
        "Agentes federales de inmigración (ICE, CBP, HSI)",
        "Immigration and Customs Enforcement, Customs and Border Protection, Homeland Security Investigations.",
        "Inmigración y Control de Aduanas, Aduanas y Protección Fronteriza, Investigaciones de Seguridad Nacional.",
    ),
    RequesterKind.FEDERAL_OTHER: _l(
        "Other federal agents (FBI, DEA, ...)",
        "Otros agentes federales (FBI, DEA, ...)",
        "Federal officers who are not immigration agents.",
        "Agentes federales que no son de inmigración.",
    ),
    RequesterKind.STATE_LOCAL_IN_STATE: _l(
        "State or local police from this state",
        "Policía estatal o local de este estado",
        "A sheriff, a police department or a state agency of this state.",
        "Un alguacil, un departamento de policía o una agencia de este estado.",
    ),
    RequesterKind.LAW_ENFORCEMENT_OUT_OF_STATE: _l(
        "Police from another state",
        "Policía de otro estado",
        "Officers of a state or city outside this state.",
        "Agentes de un estado o una ciudad de fuera de este estado.",
    ),
    RequesterKind.COURT: _l("A court", "Un tribunal", "A court or its clerk.", "Un tribunal o su secretaría."),
    RequesterKind.OTHER_GOVERNMENT: _l(
        "Another government office",
        "Otra oficina del gobierno",
        "A government office that is not police or a court.",
        "Una oficina del gobierno que no es policía ni tribunal.",
    ),
    RequesterKind.PRIVATE: _l(
        "A private person or company",
        "Una persona o empresa privada",
        "Anyone not acting for a government.",
        "Cualquiera que no actúe por un gobierno.",
    ),
    RequesterKind.UNKNOWN: _l(
        "Someone who did not say who they are",
        "Alguien que no dijo quién es",
        "Their agency is not known.",
        "No se sabe de qué agencia son.",
    ),
}

PURPOSES: dict[str, Label] = {
    Purpose.CIVIL_IMMIGRATION: _l(
        "An immigration case",
        "Un caso de inmigración",
        "Deportation or another civil immigration matter.",
        "Una deportación u otro asunto migratorio civil.",
    ),
    Purpose.CRIMINAL_IMMIGRATION: _l(
        "An immigration crime",
        "Un delito de inmigración",
        "A crime under immigration law, such as re-entry after removal.",
        "Un delito de la ley de inmigración, como volver a entrar tras una deportación.",
    ),
    Purpose.CRIMINAL_OTHER: _l(
        "Another crime", "Otro delito", "A crime that is not about immigration.", "Un delito que no es de inmigración."
    ),
    Purpose.TASK_FORCE: _l(
        "A task force operation",
        "Una operación de un grupo de trabajo",
        "A joint team of several agencies.",
        "Un equipo conjunto de varias agencias.",
    ),
    Purpose.VICTIM_CERTIFICATION: _l(
        "A crime victim's visa certification",
        "Una certificación de visa para víctimas de delitos",
        "A U or T visa form for a victim of a crime or of trafficking.",
        "Un formulario de visa U o T para una víctima de un delito o de trata.",
    ),
    Purpose.BENEFITS_ELIGIBILITY: _l(
        "Checking eligibility for benefits",
        "Verificar el derecho a beneficios",
        "Whether a person may receive a public benefit.",
        "Si una persona puede recibir un beneficio público.",
    ),
    Purpose.UNKNOWN: _l("They did not say", "No lo dijeron", "The purpose was not stated.", "No dijeron para qué es."),
}

DATA_CATEGORIES: dict[str, Label] = {
    DataCategory.IMMIGRATION_STATUS: _l(
        "Immigration status",
        "Estatus migratorio",
        "Whether a person has papers, a visa or a green card.",
        "Si una persona tiene papeles, una visa o residencia.",
    ),
    DataCategory.CITIZENSHIP: _l(
        "Citizenship", "Ciudadanía", "Which country's citizen a person is.", "De qué país es ciudadana la persona."
    ),
    DataCategory.PLACE_OF_BIRTH: _l(
        "Place of birth", "Lugar de nacimiento", "Where a person was born.", "Dónde nació la persona."
    ),
    DataCategory.HOME_ADDRESS: _l("Home address", "Domicilio", "Where a person lives.", "Dónde vive la persona."),
    DataCategory.WORK_ADDRESS: _l(
        "Work address", "Dirección del trabajo", "Where a person works.", "Dónde trabaja la persona."
    ),
    DataCategory.CONTACT_INFO: _l(
        "Contact details",
        "Datos de contacto",
        "Phone numbers and e-mail addresses.",
        "Teléfonos y correos electrónicos.",
    ),
    DataCategory.ASSOCIATES: _l(
        "Family and associates",
        "Familiares y conocidos",
        "Who a person lives or spends time with.",
        "Con quién vive o trata la persona.",
    ),
    DataCategory.RELEASE_DATE: _l(
        "Release date", "Fecha de liberación", "When a person leaves custody.", "Cuándo sale la persona de la custodia."
    ),
    DataCategory.CUSTODY_STATUS: _l(
        "Custody status",
        "Situación de custodia",
        "Whether a person is in custody, and where.",
        "Si la persona está detenida, y dónde.",
    ),
    DataCategory.SUPERVISION_SCHEDULE: _l(
        "Probation or parole appointments",
        "Citas de libertad condicional",
        "When and where a person reports to probation or parole.",
        "Cuándo y dónde se presenta la persona a libertad condicional.",
    ),
    DataCategory.CRIMINAL_HISTORY: _l(
        "Criminal history", "Antecedentes penales", "Arrests, charges and convictions.", "Arrestos, cargos y condenas."
    ),
    DataCategory.EDUCATION_RECORD: _l(
        "School records",
        "Expediente escolar",
        "A student's file: grades, attendance, discipline.",
        "El expediente de un alumno: notas, asistencia, disciplina.",
    ),
    DataCategory.DIRECTORY_INFORMATION: _l(
        "School directory information",
        "Información de directorio escolar",
        "Name, grade and similar facts a school may publish.",
        "Nombre, grado y datos parecidos que una escuela puede publicar.",
    ),
    DataCategory.MEDICAL: _l(
        "Medical records", "Expediente médico", "Health and treatment records.", "Datos de salud y tratamiento."
    ),
    DataCategory.SOGI: _l(
        "Sexual orientation or gender identity",
        "Orientación sexual o identidad de género",
        "What a person told the city about their sexual orientation or gender identity.",
        "Lo que la persona dijo a la ciudad sobre su orientación sexual o identidad de género.",
    ),
    DataCategory.ALPR: _l(
        "License plate camera records",
        "Registros de cámaras de placas",
        "Where and when cameras read a vehicle's plate (ALPR).",
        "Dónde y cuándo las cámaras leyeron la placa de un vehículo (ALPR).",
    ),
    DataCategory.BIOMETRICS: _l(
        "Fingerprints, photos or other biometrics",
        "Huellas, fotos u otros datos biométricos",
        "Fingerprints, face photos, DNA.",
        "Huellas dactilares, fotos del rostro, ADN.",
    ),
    DataCategory.AGGREGATE_NONPERSONAL: _l(
        "Counts and statistics (no names)",
        "Cifras y estadísticas (sin nombres)",
        "Totals that identify nobody.",
        "Totales que no identifican a nadie.",
    ),
    DataCategory.OTHER_PERSONAL: _l(
        "Other personal information",
        "Otra información personal",
        "Anything else about a person.",
        "Cualquier otro dato sobre una persona.",
    ),
}

INSTRUMENT_TYPES: dict[str, Label] = {
    InstrumentType.JUDICIAL_WARRANT: _l(
        "A warrant signed by a judge",
        "Una orden firmada por un juez",
        "A search or arrest warrant with a judge's signature and the name of a court.",
        "Una orden de registro o de arresto con la firma de un juez y el nombre de un tribunal.",
    ),
    InstrumentType.JUDICIAL_PROBABLE_CAUSE: _l(
        "A judge's finding of probable cause",
        "Una determinación de causa probable de un juez",
        "A judge found there is reason to believe the person committed a crime.",
        "Un juez determinó que hay motivos para creer que la persona cometió un delito.",
    ),
    InstrumentType.COURT_ORDER: _l(
        "A court order",
        "Una orden de un tribunal",
        "An order from a court in a case.",
        "Una orden de un tribunal en un caso.",
    ),
    InstrumentType.JUDICIAL_SUBPOENA: _l(
        "A subpoena from a court",
        "Una citación de un tribunal",
        "A court's order to hand over records or to testify.",
        "La orden de un tribunal de entregar registros o declarar.",
    ),
    InstrumentType.ADMINISTRATIVE_SUBPOENA: _l(
        "A subpoena from an agency",
        "Una citación de una agencia",
        "A demand for records signed by an agency, not a court.",
        "Una exigencia de registros firmada por una agencia, no por un tribunal.",
    ),
    InstrumentType.ADMINISTRATIVE_WARRANT: _l(
        "An immigration warrant signed by an officer (I-200, I-205)",
        "Una orden de inmigración firmada por un agente (I-200, I-205)",
        "Signed by an immigration officer, not a judge: it does not oblige you to let them in.",
        "Firmada por un agente de inmigración, no por un juez: no le obliga a dejarles entrar.",
    ),
    InstrumentType.DETAINER: _l(
        "An immigration detainer (I-247)",
        "Una orden de retención de inmigración (I-247)",
        "ICE's request to keep a person in custody; not signed by a judge.",
        "La solicitud de ICE de retener a una persona; no la firma un juez.",
    ),
    InstrumentType.NOTIFICATION_REQUEST: _l(
        "A request to be told of a release",
        "Una solicitud de aviso de liberación",
        "A request to be told when a person leaves custody.",
        "Una solicitud de aviso cuando una persona sale de la custodia.",
    ),
    InstrumentType.NOTICE_TO_APPEAR: _l(
        "A notice to appear",
        "Un aviso de comparecencia",
        "A paper telling a person to come to an immigration hearing.",
        "Un documento que cita a una persona a una audiencia de inmigración.",
    ),
    InstrumentType.NCIC_IMMIGRATION_HIT: _l(
        "An immigration alert in NCIC",
        "Una alerta de inmigración en NCIC",
        "An entry in the national crime database about immigration.",
        "Un registro de inmigración en la base de datos nacional de delitos.",
    ),
    InstrumentType.OTHER: _l("Another paper", "Otro documento", "Any other paper.", "Cualquier otro documento."),
    InstrumentType.NONE: _l("No paper", "Ningún documento", "They showed no paper.", "No mostraron ningún documento."),
}

ISSUERS: dict[str, Label] = {
    Issuer.FEDERAL_COURT: _l(
        "A federal court (United States District Court)",
        "Un tribunal federal (Tribunal de Distrito de los Estados Unidos)",
        "A United States District Court or its magistrate judge.",
        "Un Tribunal de Distrito de los Estados Unidos o su juez magistrado.",
    ),
    Issuer.STATE_COURT_HERE: _l(
        "A court of this state",
        "Un tribunal de este estado",
        "A superior court or other court of this state.",
        "Un tribunal superior u otro tribunal de este estado.",
    ),
    Issuer.STATE_COURT_ELSEWHERE: _l(
        "A court of another state",
        "Un tribunal de otro estado",
        "It binds here only once a court of this state has adopted it.",
        "Solo obliga aquí cuando un tribunal de este estado lo ha adoptado.",
    ),
    Issuer.IMMIGRATION_COURT: _l(
        "An immigration court or immigration judge",
        "Una corte de inmigración o un juez de inmigración",
        "Part of the Department of Justice, not a court that can order you to act.",
        "Parte del Departamento de Justicia, no un tribunal que pueda ordenarle actuar.",
    ),
    Issuer.IMMIGRATION_AGENCY: _l(
        "An immigration agency (ICE, CBP, USCIS)",
        "Una agencia de inmigración (ICE, CBP, USCIS)",
        "An agency, not a court.",
        "Una agencia, no un tribunal.",
    ),
    Issuer.OTHER_AGENCY: _l(
        "Another government agency",
        "Otra agencia del gobierno",
        "An agency, not a court.",
        "Una agencia, no un tribunal.",
    ),
    Issuer.UNKNOWN: _l(
        "Not known", "No se sabe", "The paper does not say who issued it.", "El documento no dice quién lo emitió."
    ),
    Issuer.NONE: _l("No one (no paper)", "Nadie (no hay documento)", "There is no paper.", "No hay documento."),
}

SIGNERS: dict[str, Label] = {
    IssuedBy.JUDGE: _l("A judge", "Un juez", "A judge of the court signed it.", "Lo firmó un juez del tribunal."),
    IssuedBy.MAGISTRATE: _l(
        "A magistrate judge", "Un juez magistrado", "A magistrate judge signed it.", "Lo firmó un juez magistrado."
    ),
    IssuedBy.CLERK: _l(
        "A court clerk",
        "Un secretario del tribunal",
        "The court's clerk issued it, not a judge.",
        "Lo emitió la secretaría del tribunal, no un juez.",
    ),
    IssuedBy.ATTORNEY: _l(
        "A lawyer",
        "Un abogado",
        "A lawyer signed it as an officer of the court.",
        "Lo firmó un abogado como funcionario del tribunal.",
    ),
    IssuedBy.OFFICER: _l(
        "An officer or agent",
        "Un oficial o agente",
        "An agency's officer signed it, not a judge.",
        "Lo firmó un agente de una agencia, no un juez.",
    ),
    IssuedBy.UNKNOWN: _l("Not known", "No se sabe", "The signature cannot be read.", "No se puede leer la firma."),
    IssuedBy.NONE: _l("No one", "Nadie", "Nobody signed it.", "Nadie lo firmó."),
}

HISTORY: dict[str, Label] = {
    HistoryTag.SERIOUS_FELONY: _l(
        "A serious felony conviction",
        "Una condena por un delito grave serio",
        "A conviction for a felony the law lists as serious.",
        "Una condena por un delito que la ley califica de serio.",
    ),
    HistoryTag.VIOLENT_FELONY: _l(
        "A violent felony conviction",
        "Una condena por un delito grave violento",
        "A conviction for a felony the law lists as violent.",
        "Una condena por un delito que la ley califica de violento.",
    ),
    HistoryTag.STATE_PRISON_FELONY: _l(
        "A felony punished by state prison",
        "Un delito grave castigado con prisión estatal",
        "A conviction that carries a state prison sentence.",
        "Una condena con pena de prisión estatal.",
    ),
    HistoryTag.LISTED_FELONY_15Y: _l(
        "A listed felony in the last 15 years",
        "Un delito grave de la lista en los últimos 15 años",
        "A felony on the law's list, within the last 15 years.",
        "Un delito de la lista de la ley, en los últimos 15 años.",
    ),
    HistoryTag.LISTED_WOBBLER_5Y: _l(
        "A listed misdemeanor-or-felony in the last 5 years",
        "Un delito mixto de la lista en los últimos 5 años",
        "An offense that can be charged either way, within the last 5 years.",
        "Un delito que puede ser menor o grave, en los últimos 5 años.",
    ),
    HistoryTag.SEX_ARSON_REGISTRANT: _l(
        "Registered sex or arson offender",
        "Registrado por delito sexual o incendio",
        "On the sex-offender or arson registry.",
        "Inscrito en el registro de delitos sexuales o de incendio.",
    ),
    HistoryTag.FEDERAL_AGGRAVATED_FELONY: _l(
        "A federal aggravated felony",
        "Un delito grave agravado federal",
        "A conviction federal law calls an aggravated felony.",
        "Una condena que la ley federal llama delito grave agravado.",
    ),
    HistoryTag.OUTSTANDING_FEDERAL_FELONY_WARRANT: _l(
        "An open federal felony warrant",
        "Una orden federal pendiente por delito grave",
        "A federal warrant for a felony has not been served.",
        "Hay una orden federal por delito grave sin cumplir.",
    ),
    HistoryTag.PENDING_SERIOUS_CHARGE_PROBABLE_CAUSE: _l(
        "A pending serious charge, with a judge's finding",
        "Un cargo serio pendiente, con determinación de un juez",
        "Charged with a serious or violent felony and a judge found probable cause.",
        "Acusado de un delito serio o violento y un juez determinó causa probable.",
    ),
    HistoryTag.REENTRY_AFTER_AGGRAVATED_FELONY_REMOVAL: _l(
        "Returned after removal for an aggravated felony",
        "Regresó tras una deportación por delito grave agravado",
        "Came back after being removed for an aggravated felony.",
        "Volvió después de ser deportado por un delito grave agravado.",
    ),
}

OUTCOMES: dict[str, Label] = {
    Outcome.COMPLY: _l(
        "Go ahead",
        "Adelante",
        "The law allows or requires doing what they ask.",
        "La ley permite u obliga a hacer lo que piden.",
    ),
    Outcome.PARTIAL: _l(
        "Only in part",
        "Solo en parte",
        "Do only part of what they ask; refuse the rest.",
        "Haga solo parte de lo que piden; niegue el resto.",
    ),
    Outcome.DECLINE: _l(
        "Refuse", "Negarse", "The law says do not do what they ask.", "La ley dice que no haga lo que piden."
    ),
    Outcome.REFER: _l(
        "Ask first",
        "Consultar antes",
        "Do not act yet: someone named below decides.",
        "No actúe todavía: decide la persona indicada abajo.",
    ),
    Outcome.STAND_ASIDE: _l(
        "Stand aside",
        "Hacerse a un lado",
        "Neither help nor stand in their way; write down what happens.",
        "Ni ayude ni se interponga; anote lo que pase.",
    ),
}

CONFIDENCE: dict[str, Label] = {
    Confidence.V: _l(
        "Checked against the law's text",
        "Comprobado con el texto de la ley",
        "The rule was read from the official text.",
        "La regla se leyó del texto oficial.",
    ),
    Confidence.S: _l(
        "From a secondary source",
        "De una fuente secundaria",
        "The rule was read from a summary or guidance, not the text itself.",
        "La regla se leyó de un resumen o guía, no del texto mismo.",
    ),
    Confidence.U: _l(
        "Not yet checked",
        "Aún sin comprobar",
        "Counsel has not yet checked this rule against its source.",
        "La asesoría jurídica aún no comprobó esta regla con su fuente.",
    ),
}

REFER_TO: dict[str, Label] = {
    ReferTo.COUNSEL: _l("Counsel", "La asesoría jurídica", "The city's lawyers.", "Los abogados de la ciudad."),
    ReferTo.ADMINISTRATOR: _l(
        "The administrator",
        "El administrador",
        "The head of the office or site.",
        "El responsable de la oficina o del sitio.",
    ),
    ReferTo.LIAISON: _l(
        "The liaison officer",
        "El oficial de enlace",
        "The officer who handles requests from other agencies.",
        "El agente que atiende las solicitudes de otras agencias.",
    ),
    ReferTo.SUPERVISOR: _l("Your supervisor", "Su supervisor", "The supervisor on duty.", "El supervisor de turno."),
    ReferTo.SUPERINTENDENT: _l(
        "The superintendent",
        "El superintendente",
        "The head of the school district.",
        "El responsable del distrito escolar.",
    ),
    ReferTo.RECORDS_CUSTODIAN: _l(
        "The records unit",
        "La unidad de registros",
        "The office that keeps and releases records.",
        "La oficina que guarda y entrega los registros.",
    ),
}

DUTIES: dict[str, Label] = {
    ObligationId.NOTIFY_SUBJECT: _l(
        "Give the person a copy of the request",
        "Dar a la persona una copia de la solicitud",
        "TRUTH Act: the person gets the request and whether the agency will comply.",
        "Ley TRUTH: la persona recibe la solicitud y si la agencia la cumplirá.",
    ),
    ObligationId.CONSENT_FORM: _l(
        "Consent form before an interview",
        "Formulario de consentimiento antes de una entrevista",
        "TRUTH Act: the person may refuse the interview or ask for a lawyer.",
        "Ley TRUTH: la persona puede negarse a la entrevista o pedir un abogado.",
    ),
    ObligationId.RELEASE_NOTICE_TO_SUBJECT: _l(
        "Tell the person what was shared about their release",
        "Decir a la persona qué se compartió sobre su liberación",
        "A copy of any release notice goes to the person and their lawyer.",
        "Una copia de cualquier aviso de liberación va a la persona y a su abogado.",
    ),
    ObligationId.NOTIFY_COUNSEL: _l(
        "Tell counsel",
        "Avisar a la asesoría jurídica",
        "Send the request to the city's lawyers.",
        "Enviar la solicitud a los abogados de la ciudad.",
    ),
    ObligationId.NOTIFY_ADMINISTRATOR: _l(
        "Tell the administrator",
        "Avisar al administrador",
        "Tell the head of the office or site at once.",
        "Avisar de inmediato al responsable de la oficina o del sitio.",
    ),
    ObligationId.NOTIFY_PARENTS: _l(
        "Tell the parents",
        "Avisar a los padres",
        "A pupil's parents or guardians are told.",
        "Se avisa a los padres o tutores del alumno.",
    ),
    ObligationId.REPORT_TO_BOARD: _l(
        "Report to the board", "Informar a la junta", "The governing board is told.", "Se informa a la junta directiva."
    ),
    ObligationId.REPORT_TO_AG: _l(
        "Report to the Attorney General",
        "Informar al Fiscal General",
        "A report goes to the state Attorney General.",
        "Se envía un informe al Fiscal General del estado.",
    ),
    ObligationId.DOCUMENT_INTERACTION: _l(
        "Write down what happened",
        "Anotar lo que pasó",
        "Names, badge numbers, agency, what they asked for and copies of their papers.",
        "Nombres, números de placa, agencia, lo que pidieron y copias de sus documentos.",
    ),
    ObligationId.ANNUAL_TRANSFER_REPORT: _l(
        "Count it in the yearly transfer report",
        "Contarlo en el informe anual de traslados",
        "Transfers to immigration authorities are reported each year.",
        "Los traslados a las autoridades de inmigración se informan cada año.",
    ),
    ObligationId.LIAISON_APPROVAL: _l(
        "Get the liaison officer's approval",
        "Obtener la aprobación del oficial de enlace",
        "The liaison officer approves before anything is done.",
        "El oficial de enlace aprueba antes de actuar.",
    ),
    ObligationId.WITNESS_DENIAL: _l(
        "Have a witness to the refusal",
        "Tener un testigo de la negativa",
        "A second staff member sees the request refused.",
        "Otro empleado presencia la negativa.",
    ),
    ObligationId.ACCESS_LOG: _l(
        "Log who looked at the data",
        "Registrar quién consultó los datos",
        "Every look-up of the data is logged.",
        "Cada consulta de los datos queda registrada.",
    ),
    ObligationId.PUBLIC_RECORD: _l(
        "Keep it as a public record",
        "Guardarlo como registro público",
        "The request is a public record anyone may ask for.",
        "La solicitud es un registro público que cualquiera puede pedir.",
    ),
    ObligationId.TASK_FORCE_REPORT: _l(
        "Report the task force work",
        "Informar del trabajo del grupo de trabajo",
        "Task-force participation is reported.",
        "Se informa la participación en el grupo de trabajo.",
    ),
    ObligationId.CAMPUS_ALERT: _l(
        "Alert the campus", "Alertar al campus", "The campus community is told.", "Se avisa a la comunidad del campus."
    ),
    ObligationId.FERPA_NOTICE: _l(
        "Notice under student privacy law",
        "Aviso según la ley de privacidad estudiantil",
        "The family is told before school records are released.",
        "Se avisa a la familia antes de entregar registros escolares.",
    ),
    ObligationId.BODY_CAMERA: _l(
        "Turn on the body camera",
        "Encender la cámara corporal",
        "Record the encounter on the body camera.",
        "Grabar el encuentro con la cámara corporal.",
    ),
    ObligationId.ANNUAL_REPORT: _l(
        "Count it in the yearly report",
        "Contarlo en el informe anual",
        "It is counted in the public yearly report.",
        "Se cuenta en el informe público anual.",
    ),
}

ROLES: dict[str, Label] = {
    "front_desk": _l("Front desk", "Recepción", "Staff who meet the public.", "Personal que atiende al público."),
    "counsel": _l("Counsel", "Asesoría jurídica", "The city's lawyers.", "Los abogados de la ciudad."),
    "auditor": _l("Auditor", "Auditoría", "Reads reports and the ledger.", "Lee los informes y el registro público."),
    "admin": _l(
        "Administrator",
        "Administración",
        "Manages accounts and everything else.",
        "Gestiona las cuentas y todo lo demás.",
    ),
}

LANGUAGE_NAMES: dict[str, Label] = {
    "en": _l("English", "Inglés", "Pages in English.", "Páginas en inglés."),
    "es": _l("Spanish", "Español", "Pages in Spanish.", "Páginas en español."),
}

CASE_STATUSES: dict[str, Label] = {
    "open": _l("Open", "Abierto", "Being handled.", "En trámite."),
    "referred": _l(
        "Waiting for counsel", "Esperando a la asesoría jurídica", "Counsel decides.", "Decide la asesoría jurídica."
    ),
    "decided": _l("Decided", "Decidido", "A decision was made.", "Se tomó una decisión."),
    "closed": _l("Closed", "Cerrado", "Nothing more to do.", "No queda nada por hacer."),
}

DUTY_STATUSES: dict[str, Label] = {
    "open": _l("To do", "Pendiente", "Not done yet.", "Aún no se hizo."),
    "done": _l("Done", "Hecho", "Marked done.", "Marcado como hecho."),
    "late": _l("Late", "Atrasado", "Past its due day and not done.", "Pasó su fecha y no se hizo."),
}

EVENTS: dict[str, Label] = {
    "case_opened": _l("Case opened", "Caso abierto", "The request was recorded.", "Se registró la solicitud."),
    "document_attached": _l("Paper attached", "Documento adjuntado", "A paper was added.", "Se añadió un documento."),
    "decision_made": _l(
        "Decided by the rules",
        "Decidido por las reglas",
        "The rules' answer was recorded.",
        "Se registró la respuesta de las reglas.",
    ),
    "obligation_done": _l("Duty done", "Deber cumplido", "A duty was marked done.", "Se marcó un deber como cumplido."),
    "referred": _l(
        "Sent to counsel",
        "Enviado a la asesoría jurídica",
        "Counsel was asked to decide.",
        "Se pidió a la asesoría jurídica que decida.",
    ),
    "decided_by_counsel": _l(
        "Decided by counsel",
        "Decidido por la asesoría jurídica",
        "Counsel's answer was recorded.",
        "Se registró la respuesta de la asesoría jurídica.",
    ),
    "closed": _l("Case closed", "Caso cerrado", "Nothing more to do.", "No queda nada por hacer."),
    "encounter_recorded": _l(
        "Encounter written down",
        "Encuentro anotado",
        "What happened was recorded (sealed).",
        "Se anotó lo que pasó (sellado).",
    ),
    "purged": _l(
        "Personal details deleted",
        "Datos personales borrados",
        "Deleted after the retention period.",
        "Borrados tras el plazo de conservación.",
    ),
    "account_changed": _l(
        "Account changed by an administrator",
        "Cuenta modificada por la administración",
        "An account was created, disabled, enabled, given a new role or a new password.",
        "Se creó, desactivó o reactivó una cuenta, o se le dio otro rol u otra contraseña.",
    ),
}

#: What an administrator did to an account, as the ledger's account_changed entries say.
ACCOUNT_CHANGES: dict[str, Label] = {
    "created": _l("Account created", "Cuenta creada", "", ""),
    "disabled": _l("Account disabled", "Cuenta desactivada", "", ""),
    "enabled": _l("Account enabled again", "Cuenta reactivada", "", ""),
    "role_changed": _l("Role changed", "Rol cambiado", "", ""),
    "password_reset": _l("Password reset", "Contraseña restablecida", "", ""),
}

CHANNELS: dict[str, Label] = {
    "email": _l("E-mail", "Correo electrónico", "It came by e-mail.", "Llegó por correo electrónico."),
    "letter": _l("Letter", "Carta", "It came by post or by hand.", "Llegó por correo postal o en mano."),
    "fax": _l("Fax", "Fax", "It came by fax.", "Llegó por fax."),
    "data_request": _l(
        "Data request", "Solicitud de datos", "A request for records or data.", "Una solicitud de registros o datos."
    ),
}

#: The encounter record's fields: what staff write down when agents come.
ENCOUNTER_FIELDS: dict[str, Label] = {
    "agents": _l(
        "The agents",
        "Los agentes",
        "Each agent's name and badge number, as they gave them or as their badge or vest read.",
        "El nombre y el número de placa de cada agente, como los dieron o como se leían en su placa o chaleco.",
    ),
    "agent_name": _l("Name", "Nombre", "", ""),
    "agent_badge": _l("Badge number", "Número de placa", "", ""),
    "identification_shown": _l(
        "Did they show their identification?",
        "¿Mostraron su identificación?",
        "Whether each agent showed a name or badge number when asked.",
        "Si cada agente mostró un nombre o número de placa cuando se le pidió.",
    ),
    "agency": _l(
        "Agency",
        "Agencia",
        "The agency they said they were from: ICE, HSI, CBP, FBI...",
        "La agencia de la que dijeron ser: ICE, HSI, CBP, FBI...",
    ),
    "vehicle": _l(
        "Vehicle",
        "Vehículo",
        "Make, colour and licence plate, if you saw it.",
        "Marca, color y placa de matrícula, si lo vio.",
    ),
    "occurred_at": _l("When", "Cuándo", "The day and time they came.", "El día y la hora en que vinieron."),
    "asked_for": _l(
        "Who or what they asked for",
        "A quién o qué pidieron",
        "A person, records, entry to a room, help...",
        "Una persona, registros, entrar a una sala, ayuda...",
    ),
    "papers": _l(
        "Papers they showed",
        "Documentos que mostraron",
        "Describe each paper; attach a photo of each page if you can.",
        "Describa cada documento; adjunte una foto de cada página si puede.",
    ),
    "no_papers": _l("They showed no paper", "No mostraron ningún documento", "", ""),
    "photos": _l(
        "Photos of the papers",
        "Fotos de los documentos",
        "A photo or PDF of each paper shown; the reader reads each one.",
        "Una foto o PDF de cada documento mostrado; el lector lee cada uno.",
    ),
    "response": _l(
        "What was given or refused",
        "Qué se entregó o se negó",
        "What you gave them, what you refused, and what you said.",
        "Qué les entregó, qué les negó y qué les dijo.",
    ),
    "witnesses": _l(
        "Witnesses",
        "Testigos",
        "Who else saw it, one per line (a second staff member if you refused entry).",
        "Quién más lo vio, uno por línea (otro miembro del personal si negó la entrada).",
    ),
    "notes": _l("Notes", "Notas", "Anything else that happened.", "Cualquier otra cosa que pasó."),
}

ANSWERS: dict[str, Label] = {
    "yes": _l("Yes", "Sí", "", ""),
    "no": _l("No", "No", "", ""),
}

#: Every vocabulary, by name; the enums each one must cover are checked by the tests.
CATALOGUE: dict[str, dict[str, Label]] = {
    "action": ACTIONS,
    "setting": SETTINGS,
    "area": AREAS,
    "assist_kind": ASSIST_KINDS,
    "requester_kind": REQUESTER_KINDS,
    "purpose": PURPOSES,
    "data": DATA_CATEGORIES,
    "instrument_type": INSTRUMENT_TYPES,
    "issuer": ISSUERS,
    "issued_by": SIGNERS,
    "history": HISTORY,
    "outcome": OUTCOMES,
    "confidence": CONFIDENCE,
    "refer_to": REFER_TO,
    "duty": DUTIES,
    "role": ROLES,
    "language": LANGUAGE_NAMES,
    "case_status": CASE_STATUSES,
    "duty_status": DUTY_STATUSES,
    "event": EVENTS,
    "account_change": ACCOUNT_CHANGES,
    "channel": CHANNELS,
    "encounter_field": ENCOUNTER_FIELDS,
    "answer": ANSWERS,
}

#: The enum each vocabulary covers in full.
ENUMS: dict[str, type[Enum]] = {
    "action": Action,
    "setting": Setting,
    "area": Area,
    "assist_kind": AssistKind,
    "requester_kind": RequesterKind,
    "purpose": Purpose,
    "data": DataCategory,
    "instrument_type": InstrumentType,
    "issuer": Issuer,
    "issued_by": IssuedBy,
    "history": HistoryTag,
    "outcome": Outcome,
    "confidence": Confidence,
    "refer_to": ReferTo,
    "duty": ObligationId,
}


def _key(value: object) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def find(vocabulary: str, value: object) -> Label | None:
    """The catalogue's entry, or None for a value it does not know."""
    if isinstance(value, bool):
        return ANSWERS["yes" if value else "no"]
    return CATALOGUE[vocabulary].get(_key(value))


def label(vocabulary: str, value: object, lang: str = "en") -> str:
    """A value's plain label; an unknown value is shown with spaces, never as a bare code."""
    entry = find(vocabulary, value)
    if entry is None:
        return _key(value).replace("_", " ").capitalize()
    return entry.text(lang)


def help_text(vocabulary: str, value: object, lang: str = "en") -> str:
    entry = find(vocabulary, value)
    return "" if entry is None else entry.help(lang)


def yes_no(value: bool | None, lang: str = "en") -> str:
    """Yes or No, capitalised; "Not known" for None."""
    if value is None:
        return "No se sabe" if lang == "es" else "Not known"
    return label("answer", value, lang)


def in_sentence(text: str) -> str:
    """A label inside a sentence: its first letter lower-cased unless it starts an acronym."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def listing(vocabulary: str, values: object, lang: str = "en") -> str:
    """Several values as one phrase: "home address, contact details"."""
    items = list(values) if isinstance(values, list | tuple | set | frozenset) else [values]
    return ", ".join(in_sentence(label(vocabulary, v, lang)) for v in items)


_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"),
}


def day_text(day: dt.date | None, lang: str = "en") -> str:
    """A day as people write it: "9 Dec 2026" / "9 dic 2026"."""
    if day is None:
        return "—"
    return f"{day.day} {_MONTHS['es' if lang == 'es' else 'en'][day.month - 1]} {day.year}"


def moment_text(moment: dt.datetime | None, zone: dt.tzinfo, lang: str = "en") -> str:
    """A moment in the city's time zone: "7 Dec 2026, 12:04 AM PST" (24-hour clock in Spanish)."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(zone)
    name = local.tzname() or ""
    if lang == "es":
        clock = f"{local.hour:02d}:{local.minute:02d}"
    else:
        clock = f"{(local.hour % 12) or 12}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"
    return f"{day_text(local.date(), lang)}, {clock} {name}".rstrip()
