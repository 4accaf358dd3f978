"""Messages and logs say what is wrong without echoing pages of input,
temporary paths or a file's bytes, and handled input errors print no traceback."""

from __future__ import annotations

import json
from pathlib import Path

from hostile import pdf_with_image, run_limited
from typer.testing import CliRunner

from sanctuary.cli import app

runner = CliRunner()


def _clean_error(result: object, *words: str) -> str:
    assert getattr(result, "exit_code", None) == 2, getattr(result, "output", "")
    output = getattr(result, "output", "")
    assert "Traceback" not in output
    message = " ".join(getattr(result, "stderr", output).split())
    assert message.startswith("error: "), message
    assert message.count("error:") == 1
    for word in words:
        assert word in message, (word, message)
    return message


def test_long_values_are_echoed_short(tmp_path: Path):
    path = tmp_path / "long.json"
    path.write_text(json.dumps({"action": "hold", "setting": "x" * 900_000, "y" * 5_000: 1}), encoding="utf-8")
    message = _clean_error(runner.invoke(app, ["decide", str(path)]), "(900,002 characters)")
    assert len(message) < 1_500


def test_thousands_of_problems_are_counted_not_listed(tmp_path: Path):
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"action": "hold", "data": ["nope"] * 5_000}), encoding="utf-8")
    message = _clean_error(runner.invoke(app, ["decide", str(path)]), "and 4,990 more")
    assert len(message) < 10_000


def test_a_damaged_pdf_is_one_line_without_its_bytes(tmp_path: Path):
    # A page whose resources are a string: pypdf logs "Resources are not a dictionary: <the string>".
    data = pdf_with_image(40, 40).replace(
        b"/Resources << /XObject << /Im0 4 0 R >> >>", b"/Resources (SECRET-A123456789)"
    )
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    for paper in (path, truncated):
        run = run_limited(["read", str(paper)], limit_mb=1024)
        assert run.code == 2, run.stderr
        lines = [line for line in run.stderr.splitlines() if line.strip()]
        assert len(lines) <= 2, run.stderr  # the message, wrapped at most once
        assert lines[0].startswith("error: ")
        assert "SECRET" not in run.stderr
        assert "EOF marker" not in run.stderr
        assert str(tmp_path) not in run.stderr
