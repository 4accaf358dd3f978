"""Keyed pseudonyms: how a person appears in the ledger without being named in it.

HMAC-SHA256 with a secret kept in the key directory, over a normalized form of the value, so the
same person recorded twice gets the same pseudonym (cases can be linked by whoever holds the
secret) while nobody else can confirm a guessed name or identifier from the ledger.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

#: Domain labels keep a name, an identifier and a staff member from ever sharing a pseudonym.
PERSON = "person"
IDENTIFIER = "identifier"
STAFF = "staff"


def normalize_name(name: str) -> str:
    """Case-, width- and spacing-insensitive form of a name."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def normalize_identifier(identifier: str) -> str:
    """An identifier with only its letters and digits, upper case ('A 087-331-602' -> 'A087331602')."""
    text = unicodedata.normalize("NFKC", identifier).upper()
    return "".join(ch for ch in text if ch.isalnum())


def pseudonym(secret: bytes, domain: str, value: str) -> str:
    """Hex HMAC-SHA256 of ``domain`` and the already normalized ``value``."""
    message = domain.encode("utf-8") + b"\x00" + value.encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def staff_pseudonym(secret: bytes, name: str) -> str:
    """The pseudonym of a staff member (counsel, an assignee) for ledger entries."""
    return pseudonym(secret, STAFF, normalize_name(name))
