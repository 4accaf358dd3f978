"""Records: the case store and the tamper-evident public ledger of what was done.

``Store.open()`` gives the case files (``store.cases``) and the ledger (``store.ledger``) of the
database named by ``SANCTUARY_DATABASE_URL`` (default: an SQLite file in ``SANCTUARY_DATA_DIR``),
with secrets in ``SANCTUARY_KEY_DIR``. The pure Merkle and checkpoint code is in
:mod:`sanctuary.records.ledger`.
"""

from sanctuary.files import write_atomic
from sanctuary.model import due_date, obligation_status

from .cases import COUNSEL_DUTY, ITEM_OUTCOMES, CaseFilter, CaseStore, NewDocument, Receipt
from .crosscheck import CaseMismatch
from .database import check_schema, create_store_engine, head_revision, parse_url
from .export import LedgerExport, export_case, export_ledger
from .keys import KeyStore, MissingKeyError
from .ledger_store import Appender, Entry, EventKind, LedgerStore, SignedCheckpoint
from .personal import PersonalDetails, redact_decision, redact_reading
from .settings import Settings
from .store import Store, upgrade_database
from .verification import IncrementalVerifier, LedgerReport, Problem, verify_ledger
from .views import CaseSummary, CaseView, DocumentView, ObligationView, TimelineEntry

__all__ = [
    "COUNSEL_DUTY",
    "ITEM_OUTCOMES",
    "Appender",
    "CaseFilter",
    "CaseMismatch",
    "CaseStore",
    "CaseSummary",
    "CaseView",
    "DocumentView",
    "Entry",
    "EventKind",
    "IncrementalVerifier",
    "KeyStore",
    "LedgerExport",
    "LedgerReport",
    "LedgerStore",
    "MissingKeyError",
    "NewDocument",
    "ObligationView",
    "PersonalDetails",
    "Problem",
    "Receipt",
    "Settings",
    "SignedCheckpoint",
    "Store",
    "TimelineEntry",
    "check_schema",
    "create_store_engine",
    "due_date",
    "export_case",
    "export_ledger",
    "head_revision",
    "obligation_status",
    "parse_url",
    "redact_decision",
    "redact_reading",
    "upgrade_database",
    "verify_ledger",
    "write_atomic",
]
