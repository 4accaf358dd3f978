"""The vocabulary of Sanctuary: requests, decisions and their enums. No I/O here."""

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
from ._errors import InputError, describe_validation_error
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
    "Obligation",
    "ObligationId",
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
]
