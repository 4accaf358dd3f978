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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctuary.documents import SUPPORTED, instrument_of
from sanctuary.model import Decision, InputError, Reading
from sanctuary.policy import available_packs, load_stack
from sanctuary.records import (
    ITEM_OUTCOMES,
    CaseSummary,
    CaseView,
    IncrementalVerifier,
    LedgerReport,
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

from . import counsel as counsel_loop
from .city import City
from .counsel import CaseSearch
from .decisions import decide, home_state
from .law import pack_rules
from .papers import ReadLimits, read_isolated, upload_limit
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
    "LedgerStatus",
    "Limits",
    "LoginRefused",
    "PackInfo",
    "ReadLimits",
    "Receipt",
    "Session",
    "Settings",
    "Site",
    "User",
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

    def add_account(self, name: str, role: str, password: str, *, language: str = "en") -> User:
        """Create an account; InputError names what is wrong (password of at least 12 characters)."""
        return self.accounts.add_user(name, role, password, language=language)

    def disable_account(self, name: str, *, by: str) -> None:
        """Disable an account and end its sessions; an admin may not disable their own account."""
        if name == by:
            raise InputError("You cannot disable your own account; ask another admin.")
        self.accounts.disable(name)

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
            raise InputError(f"The paper {suffix or '(none)'!r} cannot be read again; upload it again.")
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

    # --- demo -----------------------------------------------------------------------------------------

    def seed_demo(self) -> list[tuple[str, str, str]]:
        """Create the demo accounts and a few decided cases, and give the city the demo's fictitious contacts
        where it has none; returns the accounts created (name, role, password)."""
        self.city = self.city.with_demo_contacts()
        existing = {user.name for user in self.accounts.users()}
        created = []
        for name, role, password in DEMO_ACCOUNTS:
            if name not in existing:
                self.accounts.add_user(name, role, password)
                created.append((name, role, password))
        if not self.store.cases.list_cases():
            for department, request in DEMO_CASES:
                self.store.cases.open_case(request, decision=decide(request), department=department)
        return created
