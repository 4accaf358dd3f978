"""The closed vocabularies of the contract (design.md, "The contract (v1)").

Values are part of the public interface: add members freely, never rename one.
"""

from __future__ import annotations

from enum import StrEnum


class Setting(StrEnum):
    CITY_OFFICE = "city_office"
    POLICE = "police"
    JAIL = "jail"
    SCHOOL = "school"
    COLLEGE = "college"
    HEALTH_FACILITY = "health_facility"
    COURTHOUSE = "courthouse"
    SHELTER = "shelter"
    LIBRARY = "library"
    LABOR_AGENCY = "labor_agency"


class Action(StrEnum):
    SHARE_DATA = "share_data"
    ENTER_FACILITY = "enter_facility"
    ASSIST = "assist"
    HOLD = "hold"
    NOTIFY_RELEASE = "notify_release"
    TRANSFER_CUSTODY = "transfer_custody"
    INTERVIEW = "interview"
    ASK_STATUS = "ask_status"
    ARREST = "arrest"


class AssistKind(StrEnum):
    PERSONNEL = "personnel"
    EQUIPMENT = "equipment"
    SPACE = "space"
    STAGING = "staging"
    PERIMETER = "perimeter"
    INTERPRETER = "interpreter"
    JOINT_OPERATION = "joint_operation"
    FUNDING = "funding"


class Area(StrEnum):
    PUBLIC = "public"
    NON_PUBLIC = "non_public"


class RequesterKind(StrEnum):
    FEDERAL_IMMIGRATION = "federal_immigration"
    FEDERAL_OTHER = "federal_other"
    STATE_LOCAL_IN_STATE = "state_local_in_state"
    LAW_ENFORCEMENT_OUT_OF_STATE = "law_enforcement_out_of_state"
    COURT = "court"
    OTHER_GOVERNMENT = "other_government"
    PRIVATE = "private"
    UNKNOWN = "unknown"


class Purpose(StrEnum):
    CIVIL_IMMIGRATION = "civil_immigration"
    CRIMINAL_IMMIGRATION = "criminal_immigration"
    CRIMINAL_OTHER = "criminal_other"
    TASK_FORCE = "task_force"
    VICTIM_CERTIFICATION = "victim_certification"
    BENEFITS_ELIGIBILITY = "benefits_eligibility"
    UNKNOWN = "unknown"


class DataCategory(StrEnum):
    IMMIGRATION_STATUS = "immigration_status"
    CITIZENSHIP = "citizenship"
    PLACE_OF_BIRTH = "place_of_birth"
    HOME_ADDRESS = "home_address"
    WORK_ADDRESS = "work_address"
    CONTACT_INFO = "contact_info"
    ASSOCIATES = "associates"
    RELEASE_DATE = "release_date"
    CUSTODY_STATUS = "custody_status"
    SUPERVISION_SCHEDULE = "supervision_schedule"
    CRIMINAL_HISTORY = "criminal_history"
    EDUCATION_RECORD = "education_record"
    DIRECTORY_INFORMATION = "directory_information"
    MEDICAL = "medical"
    SOGI = "sogi"
    ALPR = "alpr"
    BIOMETRICS = "biometrics"
    AGGREGATE_NONPERSONAL = "aggregate_nonpersonal"
    OTHER_PERSONAL = "other_personal"


#: Categories that identify or describe a person (everything but aggregate counts).
PERSONAL_DATA: frozenset[DataCategory] = frozenset(DataCategory) - {DataCategory.AGGREGATE_NONPERSONAL}


class InstrumentType(StrEnum):
    JUDICIAL_WARRANT = "judicial_warrant"
    JUDICIAL_PROBABLE_CAUSE = "judicial_probable_cause"
    COURT_ORDER = "court_order"
    JUDICIAL_SUBPOENA = "judicial_subpoena"
    ADMINISTRATIVE_SUBPOENA = "administrative_subpoena"
    ADMINISTRATIVE_WARRANT = "administrative_warrant"
    DETAINER = "detainer"
    NOTIFICATION_REQUEST = "notification_request"
    NOTICE_TO_APPEAR = "notice_to_appear"
    NCIC_IMMIGRATION_HIT = "ncic_immigration_hit"
    OTHER = "other"
    NONE = "none"


class Issuer(StrEnum):
    """Who issued the paper (contract v2). Only a court binds; an immigration court (EOIR, part of the
    Department of Justice) is not a court for sanctuary law, and another state's court binds here only
    once its paper is domesticated."""

    FEDERAL_COURT = "federal_court"
    STATE_COURT_HERE = "state_court_here"
    STATE_COURT_ELSEWHERE = "state_court_elsewhere"
    IMMIGRATION_COURT = "immigration_court"
    IMMIGRATION_AGENCY = "immigration_agency"
    OTHER_AGENCY = "other_agency"
    UNKNOWN = "unknown"
    NONE = "none"


#: Issuers whose judicial papers bind in the jurisdiction: a federal court, or a court of its own state.
BINDING_ISSUERS: frozenset[Issuer] = frozenset({Issuer.FEDERAL_COURT, Issuer.STATE_COURT_HERE})


class IssuedBy(StrEnum):
    """Who put their name to the paper (contract v2): court subpoenas are often issued by a clerk or
    signed by an attorney as an officer of the court, not by a judge."""

    JUDGE = "judge"
    MAGISTRATE = "magistrate"
    CLERK = "clerk"
    ATTORNEY = "attorney"
    OFFICER = "officer"
    UNKNOWN = "unknown"
    NONE = "none"


class HistoryTag(StrEnum):
    SERIOUS_FELONY = "serious_felony"
    VIOLENT_FELONY = "violent_felony"
    STATE_PRISON_FELONY = "state_prison_felony"
    LISTED_FELONY_15Y = "listed_felony_15y"
    LISTED_WOBBLER_5Y = "listed_wobbler_5y"
    SEX_ARSON_REGISTRANT = "sex_arson_registrant"
    FEDERAL_AGGRAVATED_FELONY = "federal_aggravated_felony"
    OUTSTANDING_FEDERAL_FELONY_WARRANT = "outstanding_federal_felony_warrant"
    PENDING_SERIOUS_CHARGE_PROBABLE_CAUSE = "pending_serious_charge_probable_cause"
    REENTRY_AFTER_AGGRAVATED_FELONY_REMOVAL = "reentry_after_aggravated_felony_removal"


class Outcome(StrEnum):
    COMPLY = "comply"
    PARTIAL = "partial"
    DECLINE = "decline"
    REFER = "refer"
    STAND_ASIDE = "stand_aside"


class Confidence(StrEnum):
    """How the provision was read: [V] operative text, [S] secondary source, [U] unverified."""

    V = "V"
    S = "S"
    U = "U"


#: Weakest first, so ``min(..., key=CONFIDENCE_STRENGTH.get)`` finds the weakest tag.
CONFIDENCE_STRENGTH: dict[Confidence, int] = {Confidence.U: 0, Confidence.S: 1, Confidence.V: 2}


class ReferTo(StrEnum):
    """Who decides a referred request."""

    COUNSEL = "counsel"
    ADMINISTRATOR = "administrator"
    LIAISON = "liaison"
    SUPERVISOR = "supervisor"
    SUPERINTENDENT = "superintendent"
    RECORDS_CUSTODIAN = "records_custodian"


class ObligationId(StrEnum):
    NOTIFY_SUBJECT = "notify_subject"
    CONSENT_FORM = "consent_form"
    RELEASE_NOTICE_TO_SUBJECT = "release_notice_to_subject"
    NOTIFY_COUNSEL = "notify_counsel"
    NOTIFY_ADMINISTRATOR = "notify_administrator"
    NOTIFY_PARENTS = "notify_parents"
    REPORT_TO_BOARD = "report_to_board"
    REPORT_TO_AG = "report_to_ag"
    DOCUMENT_INTERACTION = "document_interaction"
    ANNUAL_TRANSFER_REPORT = "annual_transfer_report"
    LIAISON_APPROVAL = "liaison_approval"
    WITNESS_DENIAL = "witness_denial"
    ACCESS_LOG = "access_log"
    PUBLIC_RECORD = "public_record"
    TASK_FORCE_REPORT = "task_force_report"
    CAMPUS_ALERT = "campus_alert"
    FERPA_NOTICE = "ferpa_notice"
    BODY_CAMERA = "body_camera"
    ANNUAL_REPORT = "annual_report"
