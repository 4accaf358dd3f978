"""The detectors: each recognizer, the labeled fixture set (precision/recall), and properties."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctuary.dataguard import KINDS, detect_array, detect_batch, detect_texts
from sanctuary.dataguard.evaluation import load_labeled, score

FIXTURES = Path(__file__).parent / "fixtures" / "guard"
LABELED = FIXTURES / "labeled.jsonl"


def kinds_in(text: str) -> list[tuple[str, str]]:
    return [(d.kind, d.text) for d in detect_texts([text])]


def ours(lines: list[str]) -> list[list[tuple[int, int, str]]]:
    found: list[list[tuple[int, int, str]]] = [[] for _ in lines]
    for d in detect_texts(lines):
        found[d.row].append((d.start, d.end, d.kind))
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A-123-456-789", "A-123-456-789"),
        ("file A# 123456789 today", "A# 123456789"),
        ("A 087 331 602", "A 087 331 602"),
        ("A123456789.", "A123456789"),
        ("A#:  087331602", "A#:  087331602"),
        ("A-12345678", "A-12345678"),
        ("a#123456789", "a#123456789"),
        ("Alien number 123 456 789", "123 456 789"),
        ("alien registration no. 123-456-789", "123-456-789"),
        ("A-Number: 087331602", "087331602"),
        ("USCIS # 123456789", "123456789"),
        ("A-O87-331-6O2 (scan)", "A-O87-331-6O2"),
        ("A-Number: A-123-456-789", "A-123-456-789"),
    ],
)
def test_a_numbers(text: str, expected: str) -> None:
    assert ("a_number", expected) in kinds_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "Invoice A-2024-0042",
        "Apartment A 12, 1234 Sunset Blvd",
        "Employee number 123456789 is the payroll ID",
        "call 213-555-0142",
        "Account A123-456",
        "SERVICE REQUEST 1-23456789",
        "A 213 555 0142",
        "Alien ship landed at 1234567",
        "piano 123456789",
        "AIIIIIIIII",
    ],
)
def test_not_a_numbers(text: str) -> None:
    assert [k for k, _ in kinds_in(text) if k == "a_number"] == []


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("EAC2190012345", "uscis_receipt", "EAC2190012345"),
        ("receipt wac-21-900-12345 pending", "uscis_receipt", "wac-21-900-12345"),
        ("IOE 0912345678", "uscis_receipt", "IOE 0912345678"),
        ("N0012345678", "sevis_id", "N0012345678"),
        ("SEVIS ID: N0O12345678", "sevis_id", "N0O12345678"),
        ("I-94 no. 12345678901", "i94_number", "12345678901"),
        ("Admission Record Number 987654321A1", "i94_number", "987654321A1"),
        ("Passport No. G12345678", "passport_number", "G12345678"),
        ("pasaporte 123456789", "passport_number", "123456789"),
        ("Visa Foil Number K1234567", "visa_foil_number", "K1234567"),
        ("visa no. 12345678", "visa_foil_number", "12345678"),
        ("FINS # 1234567890", "fins", "1234567890"),
        ("Subject ID: 3345678901", "subject_id", "3345678901"),
    ],
)
def test_identifiers(text: str, kind: str, expected: str) -> None:
    assert (kind, expected) in kinds_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "employee 12345678901 was paid",  # 11 digits without an I-94 word
        "her visa card ending in 4421",
        "passport photo service closes at 4 pm",
        "serial SN123456789 on the label",
        "order 1234567 shipped",
        "Subject ID: pending",
        "fins 1234567 on the fish",
        "EAC12345",
    ],
)
def test_identifiers_need_their_shape_or_context(text: str) -> None:
    assert [k for k, _ in kinds_in(text) if k not in {"immigration_status"}] == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ICE agents at the door", [("immigration_enforcement", "ICE")]),
        ("under a 287(g) agreement.", [("immigration_enforcement", "287(g)")]),
        ("ended 287(g)", [("immigration_enforcement", "287(g)")]),
        ("the police office", []),
        ("Alice and Janice", []),
        ("the ICE CREAM social", []),
        ("ICE-cold water", []),
        ("BLACK ICE on the road", []),
        ("an ice storm", []),
        ("NOTICE OF JUSTICE SERVICE", []),
        ("ICE ERO asked", [("immigration_enforcement", "ICE ERO")]),
        ("HSIA grant", []),
    ],
)
def test_acronym_collisions_and_punctuation(text: str, found: list[tuple[str, str]]) -> None:
    assert kinds_in(text) == found


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("she is undocumented", "immigration_status", "undocumented"),
        ("a DACA recipient", "immigration_status", "DACA recipient"),
        ("has TPS", "immigration_status", "TPS"),
        ("a final order of removal", "immigration_status", "order of removal"),
        ("in removal proceedings", "immigration_status", "removal proceedings"),
        ("a U-visa petition", "immigration_status", "U-visa"),
        ("green card holder", "immigration_status", "green card holder"),
        ("she overstayed", "immigration_status", "overstayed"),
        ("born in El Salvador", "place_of_birth", "born in El Salvador"),
        ("PLACE  OF  BIRTH: X", "place_of_birth", "PLACE  OF  BIRTH"),
        ("a citizen of Mexico", "citizenship", "citizen of"),
        ("CITlZEN OF: MEXlCO", "citizenship", "CITlZEN OF"),
        ("U.S. citizen", "citizenship", "U.S. citizen"),
        ("LGBTQ+ club", "sogi", "LGBTQ+"),
        ("uses they/them pronouns", "sogi", "they/them"),
        ("is transgender", "sogi", "transgender"),
        ("came out as gay", "sogi", "gay"),
    ],
)
def test_phrases(text: str, kind: str, expected: str) -> None:
    assert (kind, expected) in kinds_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "born in March 1990",
        "the baby was born in the morning",
        "Senior citizen bus passes",
        "Citizen complaint forms",
        "snow removal equipment",
        "Trans fat labeling",
        "Ms. Gay from payroll",
        "by COB Friday",
        "the pronoun exercise",
        "a native speaker of Spanish",
    ],
)
def test_clean_phrases(text: str) -> None:
    assert kinds_in(text) == []


def test_a_match_never_crosses_rows() -> None:
    assert detect_texts(["A", "123456789", "ICE"]) == detect_texts(["A", "123456789", "ICE"])
    found = detect_texts(["see A", "123456789", "police", "ICE"])
    assert [(d.row, d.kind) for d in found] == [(3, "immigration_enforcement")]


def test_offsets_are_characters_not_bytes() -> None:
    text = "Señora José, Niño: A-123-456-789 y está indocumentada"
    found = detect_texts([text])
    assert [(d.kind, text[d.start : d.end]) for d in found] == [
        ("a_number", "A-123-456-789"),
        ("immigration_status", "indocumentada"),
    ]


def test_nulls_and_chunked_arrays_keep_row_numbers() -> None:
    chunked = pa.chunked_array([["clean", None, "has TPS"], [None, "A123456789"]])
    found = detect_array(chunked, row_offset=10)
    assert [(d.row, d.kind) for d in found] == [(12, "immigration_status"), (14, "a_number")]


def test_record_batch_in_record_batch_out() -> None:
    batch = pa.RecordBatch.from_pydict({"id": [1, 2], "note": ["A# 123456789", "nothing"], "s": ["DACA", None]})
    result = detect_batch(batch)
    assert result.schema.names == ["row", "start", "end", "kind", "text", "confidence", "recognizer", "column"]
    assert result.to_pydict()["column"] == ["note", "s"]


def test_labeled_set_is_what_the_generator_writes() -> None:
    spec = importlib.util.spec_from_file_location("make_labeled", FIXTURES / "make_labeled.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert LABELED.read_text(encoding="utf-8") == module.render()


def test_labeled_set_precision_and_recall() -> None:
    rows = load_labeled(LABELED)
    assert len(rows) >= 500
    clean = [r for r in rows if not r["spans"]]
    assert len(clean) >= 150
    assert sum(1 for r in rows if r["hand"]) >= 150
    assert {s["kind"] for r in rows for s in r["spans"]} == set(KINDS)
    scores = score(rows, ours)
    print(json.dumps(scores.as_json(), indent=1))  # the figures in docs/guard.md
    assert scores.clean_lines_hit == 0, scores.false_positives
    assert scores.overall.precision >= 0.95, scores.false_positives
    assert scores.overall.recall >= 0.95, scores.misses
    assert scores.exact.precision >= 0.95
    assert scores.exact.recall >= 0.95
    for kind, per in scores.per_kind.items():
        assert per.recall >= 0.9, (kind, scores.misses)
        assert per.precision >= 0.9, (kind, scores.false_positives)


def test_scoring_counts_misses_and_false_positives() -> None:
    rows = [
        {"text": "A123456789 and ICE", "spans": [{"start": 0, "end": 10, "kind": "a_number"}]},
        {"text": "clean", "spans": []},
    ]
    scores = score(rows, lambda lines: [[(15, 18, "immigration_enforcement")], [(0, 5, "sogi")]])
    assert (scores.overall.tp, scores.overall.fp, scores.overall.fn) == (0, 2, 1)
    assert scores.clean_lines_hit == 1


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=200)), max_size=20))
def test_scan_never_crashes_and_offsets_slice_to_text(texts: list[str | None]) -> None:
    for found in detect_texts(texts):
        row = texts[found.row]
        assert row is not None
        assert 0 <= found.start < found.end <= len(row)
        assert row[found.start : found.end] == found.text
        assert found.kind in KINDS


_ALPHABET = st.sampled_from(
    ["A", "#", "-", " ", "0", "1", "5", "9", "O", "l", "ICE", "passport ", "N", "EAC", "é", "\n", "(g)", "287"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_ALPHABET, max_size=30).map("".join), min_size=1, max_size=10))
def test_identifier_like_noise_keeps_offsets_exact(texts: list[str]) -> None:
    found = detect_texts(texts)
    for item in found:
        assert texts[item.row][item.start : item.end] == item.text
    # Scanning rows one by one finds the same as scanning them together.
    one_by_one = [(i, d.start, d.end, d.kind) for i, t in enumerate(texts) for d in detect_texts([t])]
    assert [(d.row, d.start, d.end, d.kind) for d in found] == one_by_one


def test_sliced_and_large_string_arrays() -> None:
    base = pa.array(["has TPS", None, "clean", "A123456789", "ICE"])
    sliced = base.slice(2, 2)
    assert [(d.row, d.kind, d.text) for d in detect_array(sliced)] == [(1, "a_number", "A123456789")]
    large = pa.array(["born in Peru", "x"], pa.large_string())
    assert [(d.row, d.kind) for d in detect_array(large)] == [(0, "place_of_birth")]
    with pytest.raises(TypeError):
        detect_array(pa.array([1, 2]))


def test_one_scanner_serves_several_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"row {i}: A-{i:03d}-456-789 and DACA" for i in range(100, 400)]
    expected = detect_texts(texts)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: detect_texts(texts), range(16)))
    assert all(result == expected for result in results)
