"""The vocabulary of Sanctuary: requests, decisions, their enums and when duties fall due. No I/O here."""

from ._decision import Decision, Defeat, Obligation, PackRef, Reason, Script, Trace, Undetermined
from ._enums import (
    CONFIDENCE_STRENGTH,
    PERSONAL_DATA,
    Action,
    Area,
    AssistKind,
    Confidence,
    DataCategory,
    HistoryTag,
    InstrumentType,
    ObligationId,
    Outcome,
    Purpose,
    ReferTo,
    RequesterKind,
    Setting,
)
from ._errors import InputError, NotFound, describe_validation_error
from ._obligations import ObligationStatus, due_date, obligation_status
from ._reading import READER_CONFIDENCE_FLOOR, Evidence, Reading, ReadingDates
from ._request import Instrument, Request, Requester, Subject

__all__ = [
    "CONFIDENCE_STRENGTH",
    "PERSONAL_DATA",
    "READER_CONFIDENCE_FLOOR",
    "Action",
    "Area",
    "AssistKind",
    "Confidence",
    "DataCategory",
    "Decision",
    "Defeat",
    "Evidence",
    "HistoryTag",
    "InputError",
    "Instrument",
    "InstrumentType",
    "NotFound",
    "Obligation",
    "ObligationId",
    "ObligationStatus",
    "Outcome",
    "PackRef",
    "Purpose",
    "Reading",
    "ReadingDates",
    "Reason",
    "ReferTo",
    "Request",
    "Requester",
    "RequesterKind",
    "Script",
    "Setting",
    "Subject",
    "Trace",
    "Undetermined",
    "describe_validation_error",
    "due_date",
    "obligation_status",
]
