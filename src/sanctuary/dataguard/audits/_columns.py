"""Find a log's columns by their header, never by position.

Vendors rename, reorder, add and drop columns between exports; an auditor's copy may have been saved
by a spreadsheet that changed case and spacing. Each *role* (reason, agency, case number...) has a
list of accepted header variants; headers are compared after normalization (case, spaces,
underscores, punctuation, a UTF-8 byte-order mark).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sanctuary.model import InputError, Message


@dataclass(frozen=True, slots=True)
class Role:
    """A column the audit understands: its name in findings, whether it is required, its header variants."""

    name: str
    required: bool
    variants: tuple[str, ...]


ALPR_ROLES: tuple[Role, ...] = (
    Role(
        "reason", True, ("Reason", "Search Reason", "Reason for Search", "Purpose", "Search Purpose", "Justification")
    ),
    Role("case", False, ("Case #", "Case", "Case Number", "Case No", "Case Num", "Incident Number", "Report Number")),
    Role("offense", False, ("Offense Type", "Offense", "Reason Category", "Reason Type")),
    Role(
        "user", False, ("Name", "User", "User Name", "Username", "Officer", "Officer Name", "Searched By", "User Email")
    ),
    Role(
        "agency",
        False,
        ("Org Name", "Organization", "Organization Name", "Agency", "Agency Name", "Org", "Requesting Agency"),
    ),
    Role("state", False, ("Org State", "Agency State", "State")),
    Role("networks", False, ("Total Networks Searched", "Networks Searched", "Network Count", "Networks")),
    Role(
        "devices", False, ("Total Devices Searched", "Devices Searched", "Total Cameras Searched", "Cameras Searched")
    ),
    Role("time", False, ("Search Time", "Searched At", "Timestamp", "Time", "Date/Time", "Date")),
    Role("search_type", False, ("Search Type", "Type")),
    Role("prompt", False, ("Text Prompt", "Prompt")),
    Role("filters", False, ("Filters", "Filter")),
    Role("id", False, ("ID", "Search ID", "Audit ID")),
)

DB_ROLES: tuple[Role, ...] = (
    Role(
        "statement",
        True,
        ("Statement", "Query", "SQL", "SQL Text", "Query Text", "Command", "sql_statement"),
    ),
    Role(
        "user",
        True,
        (
            "User",
            "Username",
            "User Name",
            "DB User",
            "DBUSERNAME",
            "server_principal_name",
            "Login",
            "Account",
            "Principal",
        ),
    ),
    Role("time", False, ("Time", "Timestamp", "Event Time", "EVENT_TIMESTAMP", "log_time", "Query Time", "Date")),
    Role("client", False, ("Client", "Client Address", "client_addr", "client_ip", "Host", "USERHOST", "Source IP")),
    Role("database", False, ("Database", "Database Name", "DB", "Schema")),
    Role("rows", False, ("Rows", "Rows Returned", "Row Count", "affected_rows", "Rows Affected", "Records")),
    Role("purpose", False, ("Purpose", "Reason", "Justification", "Stated Purpose", "Business Purpose")),
    Role("recipient", False, ("Recipient", "Export To", "Destination", "Requested By", "Requester", "On Behalf Of")),
    Role("agency", False, ("Agency", "Department", "Org", "Organization", "Application", "application_name")),
)

EMAIL_ROLES: tuple[Role, ...] = (
    Role("to", True, ("To", "Recipient", "Recipients", "rcpt_to", "To Address", "Envelope To")),
    Role("time", False, ("Time", "Timestamp", "Date", "Received", "Sent")),
    Role("sender", False, ("From", "Sender", "mail_from", "From Address", "Envelope From")),
    Role("cc", False, ("Cc", "CC Addresses")),
    Role("bcc", False, ("Bcc", "BCC Addresses")),
    Role("subject", False, ("Subject", "Message Subject")),
    Role("attachments", False, ("Attachments", "Attachment Names", "Attachment", "Files", "File Names")),
    Role("size", False, ("Size", "Bytes", "Message Size", "Size Bytes", "Total Bytes")),
)

ROLES: dict[str, tuple[Role, ...]] = {"alpr": ALPR_ROLES, "db": DB_ROLES, "email": EMAIL_ROLES}

_SEPARATORS = re.compile(r"[\s_\-./:]+")


def normalize(header: str) -> str:
    """Case, spacing and punctuation folded: 'Total_Networks  searched' -> 'total networks searched'."""
    text = header.replace("\ufeff", "").replace("#", " number ").strip().lower()
    return _SEPARATORS.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which header in the file plays which role; ``roles`` maps role name -> index of the column."""

    kind: str
    headers: tuple[str, ...]
    roles: dict[str, int]

    def header(self, role: str) -> str:
        return self.headers[self.roles[role]]

    def as_json(self) -> dict[str, str]:
        return {role: self.headers[index] for role, index in self.roles.items()}


def resolve(kind: str, headers: list[str], source: str) -> ColumnMap:
    """Map a file's headers to roles; a missing required role is an InputError naming what is accepted."""
    roles = ROLES[kind]
    normalized = [normalize(h) for h in headers]
    found: dict[str, int] = {}
    taken: set[int] = set()
    for role in roles:
        for variant in role.variants:
            wanted = normalize(variant)
            index = next((i for i, name in enumerate(normalized) if name == wanted and i not in taken), None)
            if index is not None:
                found[role.name] = index
                taken.add(index)
                break
    missing = [role for role in roles if role.required and role.name not in found]
    if missing:
        shown = ", ".join(repr(h) for h in headers[:20]) or Message("(none)")
        needs = [
            Message("{role}: one of {variants}", {"role": role.name, "variants": ", ".join(map(repr, role.variants))})
            for role in missing
        ]
        others = ", ".join(sorted(k for k in ROLES if k != kind))
        raise InputError(
            "{source}: no column for {roles} in a --kind {kind} log. "
            "Accepted headers (case, spacing and punctuation ignored) — {needs}. "
            "The file's headers are: {shown}. Is it a log of another kind ({others})?",
            source=source,
            roles=_and([role.name for role in missing]),
            kind=kind,
            needs=needs,
            shown=shown,
            others=others,
        )
    mapping = ColumnMap(kind, tuple(headers), found)
    _check_kind(mapping, headers, source)
    return mapping


def _count(kind: str, headers: list[str]) -> int | None:
    """How many roles of ``kind`` the headers fill, or None when a required one is missing."""
    normalized = {normalize(h) for h in headers}
    filled = {role.name for role in ROLES[kind] if normalized & {normalize(v) for v in role.variants}}
    if any(role.required and role.name not in filled for role in ROLES[kind]):
        return None
    return len(filled)


def _check_kind(mapping: ColumnMap, headers: list[str], source: str) -> None:
    """A log that fits another kind much better was probably given the wrong --kind."""
    ours = len(mapping.roles)
    counts = {other: _count(other, headers) for other in ROLES if other != mapping.kind}
    fits = {other: n for other, n in counts.items() if n is not None and n > ours}
    if fits:
        other = max(fits, key=lambda k: fits[k])
        raise InputError(
            "{source}: its headers look like a --kind {other} log ({known} known columns) rather than "
            "--kind {kind} ({ours}). Run it with --kind {other}, or rename the headers.",
            source=source,
            other=other,
            known=fits[other],
            kind=mapping.kind,
            ours=ours,
        )


def _and(names: list[str]) -> str | Message:
    """``a and b and c``, with the word "and" in the reader's language."""
    if len(names) == 1:
        return names[0]
    return Message("{names} and {last}", {"names": _and(names[:-1]), "last": names[-1]})
