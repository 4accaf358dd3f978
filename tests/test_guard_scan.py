"""`sanctuary guard scan`: text and table files, line numbers and offsets, and bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sanctuary.cli import app
from sanctuary.dataguard import detect_batches
from sanctuary.dataguard.scanning import CsvLineTracker, scan_file

runner = CliRunner()


def scan_json(path: Path) -> dict[str, object]:
    result = runner.invoke(app, ["guard", "scan", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_text_file_lines_and_offsets(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    lines = ["Intake notes", "Client A# 123456789 has TPS.", "", "Café: ICE came; the police office called."]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    data = scan_json(path)
    found = [(d["line"], d["kind"], d["text"]) for d in data["detections"]]  # type: ignore[index, union-attr]
    assert found == [
        (2, "a_number", "A# 123456789"),
        (2, "immigration_status", "TPS"),
        (4, "immigration_enforcement", "ICE"),
    ]
    for d in data["detections"]:  # type: ignore[union-attr]
        assert lines[d["line"] - 1][d["start"] : d["end"]] == d["text"]  # type: ignore[index]


def test_csv_physical_lines_with_multiline_cells_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    text = (
        "id,name,note\n"
        '1,Ana,"first line\nsecond line with A-123-456-789, and ""quotes"""\n'
        '2,"Lopez, Bo",undocumented\n'
        '3,Cy,"ICE, then\nmore\nand DACA"\n'
    )
    path.write_text(text, encoding="utf-8")
    physical = text.split("\n")
    data = scan_json(path)
    found = [(d["line"], d["column"], d["text"]) for d in data["detections"]]  # type: ignore[index, union-attr]
    assert found == [(3, "note", "A-123-456-789"), (4, "note", "undocumented"), (5, "note", "ICE"), (7, "note", "DACA")]
    for d in data["detections"]:  # type: ignore[union-attr]
        assert physical[d["line"] - 1][d["start"] : d["end"]] == d["text"]  # type: ignore[index]
    assert data["rows"] == 3


def test_jsonl_and_parquet(tmp_path: Path) -> None:
    jsonl = tmp_path / "rows.jsonl"
    jsonl.write_text('{"note": "A123456789"}\n\n{"note": "clean", "pob": "born in Honduras"}\n', encoding="utf-8")
    data = scan_json(jsonl)
    assert [(d["line"], d["kind"]) for d in data["detections"]] == [  # type: ignore[index, union-attr]
        (1, "a_number"),
        (3, "place_of_birth"),
    ]
    parquet = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"n": [1, 2, 3], "note": ["ok", None, "asylee, SEVIS N0012345678"]}), parquet)
    data = scan_json(parquet)
    assert [(d["line"], d["column"], d["kind"], d["text"]) for d in data["detections"]] == [  # type: ignore[index, union-attr]
        (3, "note", "immigration_status", "asylee"),
        (3, "note", "sevis_id", "N0012345678"),
    ]


def test_large_text_file_is_read_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sanctuary.dataguard.scanning as scanning

    monkeypatch.setattr(scanning, "CHUNK_BYTES", 1000)
    path = tmp_path / "big.log"
    rows = [f"line {i} ok" if i % 97 else f"line {i} A-{i:03d}-456-789 seen" for i in range(1, 5000)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = scan_file(path)
    assert [d.line for d in result.detections] == [i for i in range(1, 5000) if i % 97 == 0 and i < 1000]
    assert result.lines == 4999


def test_human_table(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_text("# Notes\nShe has a green card.\n", encoding="utf-8")
    result = runner.invoke(app, ["guard", "scan", str(path)])
    assert result.exit_code == 0
    assert "green card" in result.stdout
    assert "1 detection(s)" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02PK", "binary"),
        ("latin1.txt", "caf\xe9 A123456789".encode("latin-1"), "not UTF-8"),
        ("table.xlsx", b"PK\x03\x04", "not read; allowed"),
        ("bad.csv", b"a,b\n1,2\n3,4,5\n6,7\n", "line 3 (3 fields)"),
        ("open.csv", b'a,b\n1,"never closed\n', "never closed"),
        ("bad.jsonl", b'{"a": 1}\n{nope\n', "line 2"),
        ("bad.parquet", b"PAR1 not really", "not a readable Parquet"),
    ],
)
def test_bad_input_is_one_message_and_exit_2(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["guard", "scan", str(path), "--json"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def _cells(letter: str) -> st.SearchStrategy[str]:
    return st.text(alphabet=st.sampled_from([letter, " ", ",", '"', "\n"]), max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_cells("x"), _cells("y"), _cells("z")), min_size=1, max_size=8))
def test_csv_tracker_agrees_with_the_csv_module(rows: list[tuple[str, str, str]]) -> None:
    """Field counts per record, and the column of every character, as csv.writer laid them out."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([("h1", "h2", "h3"), *rows])
    lines = buffer.getvalue().split("\n")[:-1]
    tracker = CsvLineTracker()
    records = []
    for line in lines:
        start_quote, start_field, fields = tracker.feed(line)
        if fields is not None:
            records.append(fields)
        for offset, char in enumerate(line):
            if char in "xyz":
                _, field = tracker.state_at(line, offset, start_quote, start_field)
                assert field == "xyz".index(char)
    assert records == [3] * (len(rows) + 1)
    assert not tracker.in_quote


def test_detect_batches_is_a_map_in_arrow_function() -> None:
    batches = [
        pa.RecordBatch.from_pydict({"id": [1], "note": ["has DACA"]}),
        pa.RecordBatch.from_pydict({"id": [2], "note": ["clean"]}),
    ]
    out = list(detect_batches(iter(batches)))
    assert [b.num_rows for b in out] == [1, 0]
    assert out[0].column("kind").to_pylist() == ["immigration_status"]
