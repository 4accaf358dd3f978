"""The store's fast payload encoder gives exactly the ledger's canonical JSON, or its error."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctuary.records.ledger import MAX_SAFE_INTEGER, LedgerError, canonical_json
from sanctuary.records.payloads import encode_payload

scalars = st.none() | st.booleans() | st.integers(-(2**60), 2**60) | st.text(max_size=12)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


def _same(payload: Any) -> None:
    try:
        expected: bytes | type[LedgerError] = canonical_json(payload)
    except LedgerError:
        expected = LedgerError
    if expected is LedgerError:
        with pytest.raises(LedgerError):
            encode_payload(payload)
    else:
        assert encode_payload(payload) == expected


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(max_size=6), values, max_size=6))
def test_matches_canonical_json(payload: dict[str, Any]) -> None:
    _same(payload)


@pytest.mark.parametrize(
    "payload",
    [
        {"a": 1.0},
        {"a": [1, 2.5]},
        {"a": MAX_SAFE_INTEGER + 1},
        {"a": -MAX_SAFE_INTEGER},
        {"a": {1: "x"}},
        {"a": {True: "x"}},
        {"a": {None: "x"}},
        {"a": (1, 2)},
        {"\U0001f600": 1, "\ufb01": 2},
        {"é": "ü", "z": "\u2028\x7f\x00\x1f"},
        {"a": float("nan")},
        {"a": b"bytes"},
        {"a": {"b": {"c": [None, True, False, "", 0, -0]}}},
    ],
)
def test_edge_cases_match_canonical_json(payload: dict[str, Any]) -> None:
    _same(payload)
