"""``guard scan`` is linear in the detections of a line, and flat in memory on a huge line.

Resolving overlapping detections compared each with every kept one, character offsets on a
non-ASCII line were found by decoding the line again for each match, and a CSV cell's column was
found by re-reading the line from its start for each detection: a 1 MB line took 156 s. A 50 MB
line was read, joined and scanned whole, and every detection was held until the end.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hostile import run_limited

import sanctuary.dataguard.scanning as scanning
from sanctuary.dataguard.detectors import default_scanner
from sanctuary.dataguard.scanning import scan_file

#: "green card" inside "green card holder": every word overlaps another detection.
OVERLAPPING = "green card holder asylum seeker "
NON_ASCII = "é A123456789 ñ "
MIXED = "asylum A-123-456-789 é passport number X1234567 green card holder, born in Mexico I-94 12345678901 "


def _line(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


def _seconds(path: Path) -> float:
    best = float("inf")
    for _ in range(2):
        began = time.perf_counter()
        scan_file(path)
        best = min(best, time.perf_counter() - began)
    return best


@pytest.mark.parametrize(
    ("suffix", "unit"),
    [(".txt", OVERLAPPING), (".txt", NON_ASCII), (".csv", MIXED)],
    ids=["overlapping", "non-ascii", "csv-cell"],
)
def test_scan_time_grows_linearly_with_detections_on_one_line(tmp_path: Path, suffix: str, unit: str):
    default_scanner()  # compiled once, outside the timing
    timings = []
    for chars in (50_000, 200_000):
        path = tmp_path / f"line-{chars}{suffix}"
        body = _line(unit, chars)
        path.write_text(f'note\n"{body}"\n' if suffix == ".csv" else body + "\n", encoding="utf-8")
        timings.append(_seconds(path))
    # Four times the detections: linear work takes about four times as long, quadratic sixteen.
    assert timings[1] < 8 * timings[0] + 0.05, timings
    assert timings[1] < 5.0, timings


def test_a_50_mb_line_is_scanned_in_flat_memory(tmp_path: Path):
    path = tmp_path / "one-line.log"
    unit = "x" * 1000 + " A123456789 asylum "
    path.write_text(_line(unit, 50_000_000) + "\n", encoding="utf-8")
    units = 50_000_000 // len(unit)
    output = tmp_path / "detections.json"
    run = run_limited(["guard", "scan", str(path), "--json"], limit_mb=1536, stdout=output, timeout=300)
    assert run.code == 0, run.stderr
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["lines"] == 1
    assert data["counts"] == {"a_number": units, "immigration_status": units}
    assert len(data["detections"]) == 2 * units
    assert run.peak_mb < 300, f"{run.peak_mb:.0f} MB"


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".jsonl"])
def test_pieces_of_a_long_line_find_what_the_whole_line_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
):
    body = _line(MIXED, 120_000)
    path = tmp_path / f"long{suffix}"
    if suffix == ".csv":
        path.write_text(f'a,b,c\n"{body}",x,"{body[::-1]}"\nA123456789,b,asylum\n', encoding="utf-8")
    elif suffix == ".jsonl":
        path.write_text(json.dumps({"t": body}) + '\n{"a": "asylum"}\n', encoding="utf-8")
    else:
        path.write_text(body + "\nA123456789\n", encoding="utf-8")
    whole = scan_file(path)
    monkeypatch.setattr(scanning, "PIECE_BYTES", 8192)
    pieces = scan_file(path)
    assert [d.as_json() for d in pieces.detections] == [d.as_json() for d in whole.detections]
    assert (pieces.lines, pieces.rows) == (whole.lines, whole.rows)
    assert len(whole.detections) > 5_000


def test_deeply_nested_jsonl_line_is_malformed_not_a_crash(tmp_path: Path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(scanning.InputError, match="not valid JSON"):
        scan_file(path)
