"""Hostile input to the CLI is exit code 2 and one message, never a traceback.

Each input here ended in a traceback (RecursionError, ValueError, TypeError, OverflowError,
csv.Error) or, for the 342-byte "billion laughs" YAML, ran for a minute and past a gigabyte.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile import run_limited
from typer.testing import CliRunner

from sanctuary.cli import app

runner = CliRunner()

#: Nine levels of nine aliases: 9**9 (387 million) strings once expanded, in 342 bytes.
BILLION_LAUGHS = (
    "".join(
        f"{name}: &{name} [{','.join([f'*{prev}'] * 9) if prev else ','.join(['lol'] * 9)}]\n"
        for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
    )
    + "action: hold\ndata: *i\n"
)

REQUESTS = {
    "deep.json": ("[" * 100_000 + "]" * 100_000, "nests deeper than 64 levels"),
    "deep-object.json": ('{"a":' * 50_000 + "1" + "}" * 50_000, "nests deeper than 64 levels"),
    "deep.yaml": ("a: " + "[" * 5_000 + "]" * 5_000 + "\n", "nest deeper than 64 levels"),
    "deep-block.yaml": ("".join("  " * i + "a:\n" for i in range(200)) + "  " * 200 + "b\n", "64 levels"),
    "huge-int.json": ('{"action": "hold", "x": ' + "9" * 5_000 + "}", "thousands of digits"),
    "huge-int.yaml": ("action: hold\nx: " + "9" * 5_000 + "\n", "5,000 characters long"),
    "list-key.yaml": ("? [a, b]\n: 1\naction: hold\n", "a mapping key must be a plain value"),
    "map-key.yaml": ("? {a: 1}\n: 1\n", "a mapping key must be a plain value"),
    "self-alias.yaml": ("a: &a [1, *a]\n", "repeats a collection that contains it"),
    "laughs.yaml": (BILLION_LAUGHS, "more than 200,000 values"),
    "bad-date.yaml": ("action: hold\nwhen: 2025-02-30\n", "day is out of range"),
}


def _clean_error(result: object, *words: str) -> str:
    code = getattr(result, "exit_code", None)
    output = getattr(result, "output", "")
    assert code == 2, (code, output)
    assert "Traceback" not in output
    message = " ".join(getattr(result, "stderr", output).split())
    assert message.startswith("error: "), message
    for word in words:
        assert word in message, (word, message)
    return message


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_hostile_request_is_one_message(tmp_path: Path, name: str):
    text, expected = REQUESTS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _clean_error(runner.invoke(app, ["decide", str(path)]), expected)


def test_billion_laughs_fails_fast_in_little_memory(tmp_path: Path):
    assert len(BILLION_LAUGHS.encode()) < 400
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    began = time.monotonic()
    run = run_limited(["decide", str(path)], limit_mb=1024, timeout=60)
    assert run.code == 2, run.stderr
    assert "more than 200,000 values" in run.stderr
    assert time.monotonic() - began < 20
    assert run.peak_mb < 200


def test_hostile_facts_file_for_guard_export(tmp_path: Path):
    table = tmp_path / "table.csv"
    table.write_text("note\nhello\n", encoding="utf-8")
    facts = tmp_path / "facts.yaml"
    facts.write_text(BILLION_LAUGHS, encoding="utf-8")
    result = runner.invoke(
        app, ["guard", "export", str(table), "--to", "LAPD", "--purpose", "criminal_other", "--facts", str(facts)]
    )
    _clean_error(result, "more than 200,000 values")


@pytest.fixture
def records_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SANCTUARY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SANCTUARY_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("SANCTUARY_DATABASE_URL", raising=False)
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ["cases", "purge", "--older-than", "99999999999"],
        ["ledger", "proof", "99999999999999999999"],
        ["ledger", "consistency", "99999999999999999999"],
    ],
    ids=["older-than", "proof-index", "consistency-size"],
)
def test_out_of_range_numbers_are_refused(records_dir: Path, args: list[str]):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "less than or equal to" in " ".join(result.output.split())


def test_csv_cell_over_the_parser_limit_in_an_audit_log(tmp_path: Path):
    log = tmp_path / "queries.csv"
    # A short row sends the audit to the exact CSV parser, which then meets a 200,000-character cell.
    log.write_text("time,user,query\n2025-01-01,bob\n2025-01-01,bob," + "x" * 200_000 + "\n", encoding="utf-8")
    _clean_error(runner.invoke(app, ["guard", "audit", str(log), "--kind", "db"]), "line 3", "131,072 characters")


def test_csv_cell_over_the_parser_limit_in_reader_labels(tmp_path: Path):
    (tmp_path / "labels.csv").write_text("file,label\n" + "a" * 200_000 + ",other\n", encoding="utf-8")
    _clean_error(runner.invoke(app, ["read", "--eval", str(tmp_path)]), "CSV file could not be read")


def test_csv_header_cell_over_the_parser_limit_in_a_scan(tmp_path: Path):
    table = tmp_path / "table.csv"
    table.write_text("x" * 200_000 + "\nA123456789\n", encoding="utf-8")
    _clean_error(runner.invoke(app, ["guard", "scan", str(table)]), "header row")
