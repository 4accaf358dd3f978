"""Canonical JSON for ledger entries: one byte string per value, so its hash means one thing.

A subset of RFC 8785 (JSON Canonicalization Scheme): object keys sorted by UTF-16 code units, no
whitespace, UTF-8, strings escaped as ECMAScript's JSON.stringify does. Numbers are limited to
integers within ±(2**53 - 1), where JCS's number formatting is just the decimal digits; floats are
refused rather than rounded, because two programs printing the same float differently would give
the same entry two hashes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ._errors import LedgerError

#: The largest integer an IEEE double (and so every JCS implementation) holds exactly.
MAX_SAFE_INTEGER = 2**53 - 1

_encode_string = json.JSONEncoder(ensure_ascii=False).encode


def canonical_json(obj: object) -> bytes:
    """The canonical UTF-8 JSON bytes of ``obj`` (dicts with string keys, lists, str, int, bool, None).

    Raises LedgerError naming the path of the first value JSON cannot carry canonically.
    """
    parts: list[str] = []
    _write(obj, "$", parts)
    text = "".join(parts)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise LedgerError(
            "canonical JSON needs valid Unicode text, but a string holds a lone surrogate "
            "({surrogate!r}); fix the text before it is recorded",
            surrogate=text[error.start : error.end],
        ) from None


def _utf16_key(key: str) -> bytes:
    # RFC 8785 §3.2.3 sorts by UTF-16 code units; big-endian UTF-16 bytes compare in that order.
    return key.encode("utf-16-be", "surrogatepass")


def _write(value: object, path: str, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_encode_string(value))
    elif isinstance(value, int):
        number = int(value)
        if not -MAX_SAFE_INTEGER <= number <= MAX_SAFE_INTEGER:
            raise LedgerError(
                "canonical JSON holds integers up to ±{largest} (2**53 - 1); {path} is {number}; "
                "record a larger number as a string",
                largest=MAX_SAFE_INTEGER,
                path=path,
                number=number,
            )
        out.append(str(number))
    elif isinstance(value, float):
        raise LedgerError(
            "canonical JSON accepts integers and strings, not floats: {path} is {value!r}; "
            "record it as an integer (in the smallest unit) or as a string",
            path=path,
            value=value,
        )
    elif isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str):
                raise LedgerError(
                    "canonical JSON object keys must be strings: {path} has the key {key!r}", path=path, key=key
                )
        out.append("{")
        for i, key in enumerate(sorted(value, key=_utf16_key)):
            if i:
                out.append(",")
            out.append(_encode_string(key))
            out.append(":")
            _write(value[key], f"{path}.{key}", out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, f"{path}[{i}]", out)
        out.append("]")
    else:
        raise LedgerError(
            "canonical JSON accepts objects, arrays, strings, integers, true, false and null; "
            "{path} is a {kind} ({value!r:.60})",
            path=path,
            kind=type(value).__name__,
            value=value,
        )
