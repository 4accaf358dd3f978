"""Entry payloads as canonical JSON, fast: the C JSON encoder where it provably agrees with the spec.

:func:`sanctuary.records.ledger.canonical_json` defines an entry's bytes (RFC 8785 for integers,
strings, booleans, null, arrays and objects). It is written for clarity and costs most of an
append. For the payloads the store writes, Python's C encoder with sorted keys and no spaces gives
the same bytes, except where they could differ: a float, an integer beyond 2**53 - 1, a key that
is not a string (json would quietly stringify it), a non-ASCII character (key order by UTF-16 code
units), anything json cannot encode. :func:`encode_payload` takes the fast path only after
checking none of those occur (by decoding its own output), and otherwise defers to
``canonical_json`` itself, which also gives the precise error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sanctuary.records.ledger import MAX_SAFE_INTEGER, canonical_json

_encode = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, sort_keys=True, separators=(",", ":"), check_circular=True
).encode


class _NotCanonical(Exception):
    """Raised inside the decoder's hooks when the fast path may disagree with canonical_json."""


def _no_float(_text: str) -> Any:
    raise _NotCanonical


def _safe_int(text: str) -> int:
    value = int(text)
    if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        raise _NotCanonical
    return value


_decode = json.JSONDecoder(parse_float=_no_float, parse_int=_safe_int).decode


def encode_payload(payload: Mapping[str, Any]) -> bytes:
    """Exactly ``canonical_json(payload)``; LedgerError for what canonical JSON cannot carry."""
    try:
        text = _encode(payload)
        if text.isascii() and _decode(text) == payload:
            return text.encode("ascii")
    except (_NotCanonical, TypeError, ValueError, RecursionError):
        pass
    return canonical_json(payload)


def case_json(value: Any) -> str:
    """A case-file value (a request, a decision) as sorted, compact JSON.

    The ledger commits to a case's request and decision by the SHA-256 of this text, and the
    store writes its JSON columns in it too, so checking a stored value against the ledger is one
    hash of the stored text.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
