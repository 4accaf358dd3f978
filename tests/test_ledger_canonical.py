"""Canonical JSON: RFC 8785's published examples, its UTF-16 key order, and the values it refuses."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctuary.model import InputError
from sanctuary.records.ledger import MAX_SAFE_INTEGER, LedgerError, canonical_json


def test_keys_sorted_no_whitespace_utf8() -> None:
    entry = {"type": "case_opened", "case": "c-12", "at": 1767225600, "setting": "city_office", "ok": True}
    assert (
        canonical_json(entry)
        == b'{"at":1767225600,"case":"c-12","ok":true,"setting":"city_office","type":"case_opened"}'
    )
    assert canonical_json({"b": [1, None, False], "a": {"d": True, "c": None}}) == (
        b'{"a":{"c":null,"d":true},"b":[1,null,false]}'
    )
    assert canonical_json({"n": "Pe\u00f1a \u20ac"}) == '{"n":"Pe\u00f1a \u20ac"}'.encode()
    assert canonical_json([]) == b"[]"
    assert canonical_json({}) == b"{}"
    assert canonical_json(("a", 1)) == b'["a",1]'
    assert canonical_json(-(2**53 - 1)) == b"-9007199254740991"


def test_rfc_8785_key_order_is_by_utf16_code_units() -> None:
    """RFC 8785 §3.2.3: the emoji (surrogates D83D DE00) sorts before U+FB33, unlike code point order."""
    published_input = json.loads(
        r'{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", '
        r'"1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", '
        r'"\u00f6": "Latin Small Letter O With Diaeresis"}'
    )
    out = json.loads(canonical_json(published_input))
    assert list(out.values()) == [
        "Carriage Return",
        "One",
        "Control",
        "Latin Small Letter O With Diaeresis",
        "Euro Sign",
        "Emoji: Grinning Face",
        "Hebrew Letter Dalet With Dagesh",
    ]


def test_rfc_8785_string_escapes() -> None:
    """RFC 8785 §3.2.2.2's sample string: only the JSON.stringify escapes, lowercase \\u00XX."""
    string = json.loads(r'"\u20ac$\u000F\u000aA\u0027\u0042\u0022\u005c\\\"\/"')
    assert canonical_json(string) == r'"€$\u000f\nA' "'" r'B\"\\\\\"/"'.encode()
    assert canonical_json("\x00\x08\t\n\x0c\r\x1f\x7f\u2028") == b'"\\u0000\\b\\t\\n\\f\\r\\u001f\x7f\xe2\x80\xa8"'


def test_enums_serialise_as_their_values() -> None:
    class Kind(str, enum.Enum):  # noqa: UP042 - the mixin whose str() is "Kind.OPENED", not the value
        OPENED = "case_opened"

    class Level(enum.IntEnum):
        HIGH = 3

    assert canonical_json({"kind": Kind.OPENED, "level": Level.HIGH}) == b'{"kind":"case_opened","level":3}'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"amount": 1.5}, r"not floats: \$\.amount is 1\.5"),
        ({"items": [{"x": 1}, {"x": 2.0}]}, r"\$\.items\[1\]\.x is 2\.0"),
        (float("nan"), r"not floats: \$ is nan"),
        ({"big": 2**53}, r"up to ±9007199254740991 .* \$\.big is 9007199254740992"),
        ({1: "a"}, r"keys must be strings: \$ has the key 1"),
        ({"raw": b"bytes"}, r"\$\.raw is a bytes"),
        ({"s": {1, 2}}, r"\$\.s is a set"),
        ("lone \ud800 surrogate", "lone surrogate"),
    ],
)
def test_values_json_cannot_carry_canonically_are_refused(value: object, message: str) -> None:
    with pytest.raises(LedgerError, match=message) as raised:
        canonical_json(value)
    assert isinstance(raised.value, InputError)


# Keys in the Basic Multilingual Plane without surrogates, where UTF-16 and code point order agree,
# so Python's own sort_keys output is an independent oracle.
bmp_text = st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"]), max_size=8)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-MAX_SAFE_INTEGER, max_value=MAX_SAFE_INTEGER)
    | st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(bmp_text, children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_matches_sorted_compact_json_and_is_stable(value: Any) -> None:
    out = canonical_json(value)
    assert out == json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert json.loads(out) == value
    assert canonical_json(json.loads(out)) == out


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=6), st.integers(0, 9), min_size=2, max_size=8))
def test_any_key_order_sorts_by_utf16_code_units(value: dict[str, int]) -> None:
    keys = list(json.loads(canonical_json(value)))
    assert keys == sorted(value, key=lambda k: k.encode("utf-16-be", "surrogatepass"))
    assert canonical_json(dict(reversed(list(value.items())))) == canonical_json(value)
