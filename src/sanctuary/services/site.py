"""What the web app needs from the records and the law, in one place: the web layer talks to this.

Kept out of ``sanctuary.services``' package imports (like :mod:`.recording`) so that deciding,
which needs no database, never loads the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctuary.documents import SUPPORTED, instrument_of
from sanctuary.model import Decision, InputError, Message, Reading
from sanctuary.policy import available_packs, load_stack
from sanctuary.records import (
    ITEM_OUTCOMES,
    CaseSummary,
    CaseView,
    EventKind,
    IncrementalVerifier,
    LedgerReport,
    NewDocument,
    Receipt,
    Settings,
    SignedCheckpoint,
    Store,
)
from sanctuary.records.accounts import (
    LANGUAGES,
    MIN_PASSWORD,
    ROLES,
    Accounts,
    Limits,
    LoginRefused,
    Session,
    User,
)
from sanctuary.records.encounters import Encounter
from sanctuary.records.pseudonyms import staff_pseudonym
from sanctuary.records.readings import ReadingStatus

from . import counsel as counsel_loop
from .city import City
from .counsel import CaseSearch
from .decisions import decide, home_state
from .law import pack_rules
from .papers import ReadLimits, check_upload, read_isolated, upload_limit
from .recording import record_decision

__all__ = [
    "ITEM_OUTCOMES",
    "LANGUAGES",
    "MIN_PASSWORD",
    "ROLES",
    "SUPPORTED",
    "Accounts",
    "CaseSearch",
    "CaseSummary",
    "CaseView",
    "Encounter",
    "LedgerRow",
    "LedgerStatus",
    "Limits",
    "LoginRefused",
    "NewDocument",
    "PackInfo",
    "ReadLimits",
    "ReadingStatus",
    "Receipt",
    "Session",
    "Settings",
    "Site",
    "User",
    "check_upload",
    "home_state",
    "read_isolated",
    "upload_limit",
]

#: The demo accounts, created only by ``sanctuary serve --demo``: name, role, password.
DEMO_ACCOUNTS = (
    ("front_desk", "front_desk", "demo-front-desk"),
    ("counsel", "counsel", "demo-counsel-pass"),
    ("auditor", "auditor", "demo-auditor-pass"),
    ("admin", "admin", "demo-admin-password"),
)
#: The demo's cases: the department each came to, and the request.
DEMO_CASES: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "City Hall",
        {
            "action": "enter_facility",
            "setting": "city_office",
            "area": "non_public",
            "requester": {"kind": "federal_immigration", "agency": "ICE ERO"},
            "purpose": "civil_immigration",
            "instrument": {"type": "administrative_warrant", "signed_by_judge": False},
        },
    ),
    (
        "County Jail",
        {
            "action": "hold",
            "setting": "jail",
            "requester": {"kind": "federal_immigration"},
            "instrument": {"type": "detainer"},
        },
    ),
    (
        "LAPD",
        {
            "action": "share_data",
            "setting": "police",
            "requester": {"kind": "federal_immigration"},
            "purpose": "civil_immigration",
            "data": ["home_address", "immigration_status"],
        },
    ),
)


@dataclass(frozen=True)
class PackInfo:
    id: str
    name: str
    version: str
    jurisdiction: str
    parents: tuple[str, ...]
    effective: str
    rules: int
    digest: str


#: Ledger entries per page on the ledger page.
LEDGER_PAGE = 50


@dataclass(frozen=True)
class LedgerRow:
    """One ledger entry as the ledger page lists it: nothing that names a person."""

    index: int
    kind: str
    at: dt.datetime
    case_number: str | None
    change: str | None


def _moment(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


@dataclass(frozen=True)
class LedgerStatus:
    """The latest signed checkpoint and what verifying the ledger found."""

    checkpoint: SignedCheckpoint
    report: LedgerReport
    verifier_key: str


class Site:
    """One records store and its accounts, shared by every request of the web app."""

    def __init__(self, store: Store, accounts: Accounts, city: City | None = None) -> None:
        self.store = store
        self._ledger_verifier = IncrementalVerifier(store.ledger)
        self.accounts = accounts
        #: The city's time zone, case-number prefix and contacts (``SANCTUARY_CITY_FILE`` and friends).
        self.city = city or City.from_env()

    @classmethod
    def open(cls, settings: Settings, *, limits: Limits | None = None, clock: Any = None) -> Site:
        store = Store.open(settings)
        try:
            return cls.attach(store, limits=limits, clock=clock)
        except BaseException:
            store.close()
            raise

    @classmethod
    def attach(cls, store: Store, *, limits: Limits | None = None, clock: Any = None) -> Site:
        """A site over an already open store (the caller closes it)."""
        secret = hmac.new(store.keys.pseudonym_secret(), b"sanctuary web clients", hashlib.sha256).digest()
        options: dict[str, Any] = {"secret": secret, "limits": limits}
        if clock is not None:
            options["clock"] = clock
        return cls(store, Accounts(store.engine, **options))

    def close(self) -> None:
        self.store.close()

    def signing_secret(self) -> bytes:
        """A key for signing pre-login form tokens, derived so that it never equals a records key."""
        return hmac.new(self.store.keys.pseudonym_secret(), b"sanctuary web forms", hashlib.sha256).digest()

    # --- accounts ------------------------------------------------------------------------------------

    def list_accounts(self) -> list[tuple[User, bool]]:
        """Every account (name, role, language) and whether it is disabled."""
        return self.accounts.accounts()

    def add_account(self, name: str, role: str, password: str, *, language: str = "en", by: str | None = None) -> User:
        """Create an account; InputError names what is wrong (password of at least 12 characters).

        ``by``: the admin creating it, for the ledger (the accounts appear there only as pseudonyms).
        """
        user = self.accounts.add_user(name, role, password, language=language)
        if by is not None:
            self._account_changed("created", user.name, by, role=role)
        return user

    def disable_account(self, name: str, *, by: str) -> None:
        """Disable an account and end its sessions; an admin may not disable their own account."""
        if name == by:
            raise InputError("You cannot disable your own account; ask another admin.")
        self.accounts.disable(name)
        self._account_changed("disabled", name, by)

    def enable_account(self, name: str, *, by: str) -> None:
        """Let a disabled account log in again (with the password it had)."""
        self.accounts.enable(name)
        self._account_changed("enabled", name, by)

    def set_role(self, name: str, role: str, *, by: str) -> None:
        """Give an account another role; an admin may not change their own (they could lock everyone out)."""
        if name == by:
            raise InputError("You cannot change your own role; ask another admin.")
        self.accounts.set_role(name, role)
        self._account_changed("role_changed", name, by, role=role)

    def reset_password(self, name: str, *, by: str) -> str:
        """A one-time password for the account, shown once; its owner must choose a new one at login."""
        if name == by:
            raise InputError("Change your own password on the Password page; a reset is for other accounts.")
        password = self.accounts.reset_password(name)
        self._account_changed("password_reset", name, by)
        return password

    def _account_changed(self, change: str, name: str, by: str, *, role: str | None = None) -> None:
        """An account_changed ledger entry: what changed, and who, as keyed staff pseudonyms."""
        secret = self.store.keys.pseudonym_secret()
        fields: dict[str, Any] = {
            "change": change,
            "account": staff_pseudonym(secret, name),
            "by": staff_pseudonym(secret, by),
        }
        if role is not None:
            fields["role"] = role
        self.store.ledger.append(EventKind.ACCOUNT_CHANGED, fields)

    # --- law ------------------------------------------------------------------------------------------

    def packs(self) -> list[PackInfo]:
        rows: list[PackInfo] = []
        for pack_id in available_packs():
            try:
                pack = load_stack(pack_id).top
            except InputError:
                continue
            rows.append(
                PackInfo(
                    pack.id,
                    pack.name,
                    pack.version,
                    pack.jurisdiction,
                    pack.parents,
                    pack.effective.isoformat(),
                    len(pack.rules),
                    pack.digest,
                )
            )
        return rows

    def rules(self, pack_id: str) -> list[dict[str, Any]]:
        """The pack's own rules then its parents', as `sanctuary packs rules --stack --json`."""
        return pack_rules(pack_id)

    # --- papers ---------------------------------------------------------------------------------------

    @staticmethod
    def instrument_answers(reading: Reading) -> dict[str, str]:
        """The interview's answers about the paper as the reader saw it (fact -> value, "yes"/"no")."""
        instrument = instrument_of(reading)
        answers = {"instrument.type": (instrument.type or reading.type).value}
        for name in ("signed_by_judge", "federal", "criminal"):
            value = getattr(instrument, name)
            if value is not None:
                answers[f"instrument.{name}"] = "yes" if value else "no"
        for name in ("issuer", "issued_by"):
            said = getattr(instrument, name)
            if said is not None and said.value != "unknown":
                answers[f"instrument.{name}"] = said.value
        return answers

    # --- papers being read for a form -------------------------------------------------------------------

    def start_reading(self, owner: str, sha256: str, home_state: str | None) -> str:
        """A new reading of the paper with this digest, for the account ``owner``; returns its id."""
        return self.store.readings.start(owner, sha256, home_state)

    def reading_progress(self, reading_id: str, done: int, total: int | None) -> None:
        """``done`` of ``total`` pages read (total None: not known)."""
        self.store.readings.progress(reading_id, done, total)

    def finish_reading(self, reading_id: str, reading: Reading) -> None:
        self.store.readings.finish(reading_id, reading)

    def fail_reading(self, reading_id: str, failure: str | InputError | Message, *, language: str = "en") -> None:
        """The reading failed; why is kept in ``language``, that of the account that started the reading
        (only that account is shown it). A ``str`` is kept as it is."""
        if isinstance(failure, InputError):
            failure = failure.message
        self.store.readings.fail(reading_id, failure if isinstance(failure, str) else failure.render(language))

    def reading_status(self, reading_id: str, owner: str) -> ReadingStatus | None:
        """The reading ``reading_id`` of the account ``owner``; None when unknown, another's or expired."""
        return self.store.readings.status(reading_id, owner)

    def reading_for(self, reading_id: str, owner: str, content: bytes, *, pack: str | None = None) -> Reading | None:
        """The reading made for this form of exactly these bytes, against the pack's state; None if there is
        none to reuse (then the paper is read again). The browser sends only the id, never a reading."""
        status = self.reading_status(reading_id, owner)
        if status is None or status.reading is None:
            return None
        if status.sha256 != hashlib.sha256(content).hexdigest() or status.home_state != home_state(pack):
            return None
        return status.reading

    # --- encounters -------------------------------------------------------------------------------------

    def record_encounter(self, case_ref: str, encounter: Encounter, *, photos: Sequence[NewDocument] = ()) -> Receipt:
        """Keep the encounter record (sealed) and the photos of the papers shown; the documentation duties
        it fulfils are done in the same commit (``encounter_recorded``, ``obligation_done``)."""
        return self.store.cases.record_encounter(self.resolve(case_ref), encounter, photos=photos)

    def encounter(self, case_ref: str) -> Encounter | None:
        """The case's encounter record, opened; None when none was written."""
        return self.store.cases.encounter(self.resolve(case_ref))

    # --- cases ----------------------------------------------------------------------------------------

    def record_case(
        self,
        request: dict[str, Any],
        *,
        pack: str | None = None,
        on: dt.date | None = None,
        paper: tuple[str, bytes] | None = None,
        reading: Reading | None = None,
        department: str | None = None,
        opened_by: str | None = None,
    ) -> tuple[Receipt, Decision]:
        """Decide the request and save it as a case in the ledger, as opened by the account ``opened_by``.

        The paper, if any, is read again here unless ``reading`` (of these very bytes) is given.
        """
        if paper is None:
            decision = decide(request, pack=pack, on=on)
            receipt = record_decision(self.store, request, decision, department=department, opened_by=opened_by)
            return receipt, decision
        filename, content = paper
        suffix = Path(filename).suffix.lower()
        if suffix not in SUPPORTED or not content or len(content) > upload_limit():
            raise InputError(
                "The paper {suffix!r} cannot be read again; upload it again.", suffix=suffix or Message("(none)")
            )
        with tempfile.TemporaryDirectory(prefix="sanctuary-upload-") as folder:
            safe = re.sub(r"[^A-Za-z0-9._-]", "_", Path(filename).name).lstrip(".")
            path = Path(folder) / (safe if safe.endswith(suffix) else f"paper{suffix}")
            path.write_bytes(content)
            if reading is not None and reading.sha256 != hashlib.sha256(content).hexdigest():
                raise InputError("The paper's reading does not match the paper; upload it again.")
            decision = decide(request, pack=pack, on=on, document=path, reading=reading)
            receipt = record_decision(
                self.store, request, decision, document=path, department=department, opened_by=opened_by
            )
            return receipt, decision

    def case(self, case_ref: str, *, reveal: bool = False) -> CaseView:
        """One case file, by id, id prefix or readable number (personal details and notes only when ``reveal``)."""
        return self.store.cases.get(self.resolve(case_ref), reveal=reveal)

    def resolve(self, case_ref: str) -> str:
        """A case's id from its id, a unique prefix, or its readable number (LA-2026-000123)."""
        return counsel_loop.case_id_of(self.store, self.city, case_ref)

    def case_number(self, case: CaseSummary) -> str:
        """The number people read aloud, e.g. LA-2026-000123."""
        return self.city.case_number(case.number, case.opened_at)

    def add_note(self, case_id: str, text: str) -> None:
        self.store.cases.add_note(self.store.cases.resolve(case_id), text)

    def document(self, case_id: str, document_id: int) -> tuple[str, bytes]:
        """A case's paper: its original name and bytes."""
        return self.store.cases.document_content(self.store.cases.resolve(case_id), document_id)

    def decide_by_counsel(
        self,
        case_id: str,
        outcome: str | None,
        *,
        counsel: str,
        reason: str,
        scope: dict[str, str] | None = None,
        item_notes: dict[str, str] | None = None,
    ) -> Receipt:
        """Counsel's answer (decided_by_counsel in the ledger, notify_counsel done); the notes are sealed."""
        return counsel_loop.answer(
            self.store,
            self.resolve(case_id),
            counsel=counsel,
            note=reason,
            outcome=outcome,
            scope=scope,
            item_notes=item_notes,
        )

    def complete_duty(self, case_id: str, obligation_id: str) -> Receipt:
        """Mark a duty done (obligation_done in the ledger)."""
        return self.store.cases.complete_obligation(self.store.cases.resolve(case_id), obligation_id)

    def cases(self, *, limit: int = 1000) -> list[CaseSummary]:
        """The cases, most recently active first."""
        return self.store.cases.list_cases(limit=limit)

    def search_cases(self, wanted: CaseSearch, *, opened_by: str | None = None) -> tuple[list[CaseSummary], int]:
        """One page of the case list and how many cases match in all (``opened_by``: that account's only)."""
        today = dt.datetime.now(self.city.zone).date()
        return counsel_loop.search(self.store, self.city, wanted, opened_by=opened_by, today=today)

    def departments(self) -> list[str]:
        return self.store.cases.departments()

    def counsel_answers(self, user: str) -> list[CaseSummary]:
        """Counsel's recent answers on the cases this account opened."""
        return counsel_loop.answers_for(self.store, user)

    def counsel_queue(self) -> list[CaseSummary]:
        """Cases waiting for counsel, the earliest deadline first (cases without one last, oldest first)."""
        cases = self.store.cases.list_cases(status="referred", limit=1000)
        far = dt.date.max
        return sorted(cases, key=lambda c: (c.next_due or far, c.opened_at))

    # --- ledger ---------------------------------------------------------------------------------------

    def ledger_status(self) -> LedgerStatus:
        """The latest checkpoint (signing one if the ledger grew) and a verification of the ledger.

        In full the first time, then only what was appended since (see :class:`IncrementalVerifier`).
        """
        checkpoint = self.store.ledger.checkpoint()
        key = self.store.keys.verifier_key()
        return LedgerStatus(checkpoint, self._ledger_verifier.verify(key), key)

    def ledger_entries(self, *, page: int = 1, per_page: int = LEDGER_PAGE) -> tuple[list[LedgerRow], int]:
        """One page of the ledger, newest first, as people read it, and the number of pages.

        Only what the public export already implies: the kind, the time, the case's readable number,
        and for an account change what changed; never a payload's content.
        """
        total = self.store.ledger.head().size
        pages = max(1, -(-total // per_page))
        page = min(max(page, 1), pages)
        entries = self.store.ledger.newest(offset=(page - 1) * per_page, limit=per_page)
        openings = self.store.ledger.openings(e.case_id for e in entries if e.case_id)
        rows = []
        for entry in entries:
            fields = entry.fields()
            number = None
            opened = openings.get(entry.case_id or "")
            if opened is not None:
                number = self.city.case_number(opened.index, _moment(opened.fields()["at"]))
            change = fields.get("change") if entry.kind == EventKind.ACCOUNT_CHANGED else None
            rows.append(LedgerRow(entry.index, entry.kind, _moment(fields["at"]), number, change))
        return rows, pages

    def export_ledger(self, folder: Path) -> Path:
        """The public export (leaf hashes, checkpoint, key) as one zip file in ``folder``."""
        files = self.store.export_ledger(folder / "export")
        archive = folder / "sanctuary-ledger-export.zip"
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for path in files.files:
                bundle.write(path, path.name)
        return archive

    # --- demo -----------------------------------------------------------------------------------------

    def seed_demo(self) -> list[tuple[str, str, str]]:
        """Create the demo accounts and a year of fictitious cases (see :mod:`.demo`), and give the city the
        demo's fictitious contacts where it has none; returns the accounts created (name, role, password).

        Only into an empty database or one the demo filled before: InputError for a database that
        holds other accounts or cases, so demo data never mixes with real records.
        """
        from .demo import seed_demo_store

        existing = {user.name for user, _disabled in self.accounts.accounts()}
        has_cases = bool(self.store.cases.list_cases(limit=1))
        demo_names = {name for name, _role, _password in DEMO_ACCOUNTS}
        if (existing or has_cases) and not demo_names <= existing:
            raise InputError(
                "--demo adds fictitious accounts and cases, and this database already holds accounts or cases "
                "that are not the demo's. Point SANCTUARY_DATABASE_URL (or SANCTUARY_DATA_DIR) at a new database "
                "for the demo."
            )
        self.city = self.city.with_demo_contacts()
        created = []
        for name, role, password in DEMO_ACCOUNTS:
            if name not in existing:
                self.accounts.add_user(name, role, password)
                created.append((name, role, password))
        if not has_cases:
            seed_demo_store(self.store.settings)
        return created
