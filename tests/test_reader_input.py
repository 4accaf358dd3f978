"""Bad papers get one clear message and exit code 2; the file is never modified."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter
from typer.testing import CliRunner

from sanctuary.cli import app
from sanctuary.documents import DocumentError, read

I200 = """U.S. DEPARTMENT OF HOMELAND SECURITY
WARRANT FOR ARREST OF ALIEN
File No. A 087 331 602
YOU ARE COMMANDED to arrest and take into custody for removal proceedings the above-named alien.
/s/ Mark Holloway
Signature of Authorized Immigration Officer
Form I-200 (Rev. 09/16)
"""

runner = CliRunner()


def _cli_error(*args: str) -> str:
    result = runner.invoke(app, ["read", *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def test_reads_text_and_leaves_the_file_untouched(tmp_path: Path):
    paper = tmp_path / "paper.txt"
    paper.write_text(I200)
    before = hashlib.sha256(paper.read_bytes()).hexdigest()
    reading = read(paper)
    assert reading.type == "administrative_warrant"
    assert reading.signed_by_judge is False
    assert reading.sha256 == before == hashlib.sha256(paper.read_bytes()).hexdigest()


def test_empty_file(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert "is empty" in _cli_error(str(tmp_path / "empty.txt"))


def test_missing_file(tmp_path: Path):
    assert "does not exist" in _cli_error(str(tmp_path / "nope.pdf"))


def test_unsupported_type_lists_the_supported_ones(tmp_path: Path):
    (tmp_path / "paper.docx").write_bytes(b"PK\x03\x04")
    message = _cli_error(str(tmp_path / "paper.docx"))
    assert "unsupported type '.docx'" in message
    for suffix in (".pdf", ".png", ".jpg", ".txt"):
        assert suffix in message


def test_corrupt_pdf(tmp_path: Path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n this is not really a pdf \n%%EOF")
    message = _cli_error(str(tmp_path / "broken.pdf"))
    assert "damaged or not a PDF" in message or "has no pages" in message


def test_password_protected_pdf(tmp_path: Path):
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt(user_password="secret", owner_password="owner")  # noqa: S106 - a test fixture's password
    buffer = io.BytesIO()
    writer.write(buffer)
    (tmp_path / "locked.pdf").write_bytes(buffer.getvalue())
    assert "password-protected" in _cli_error(str(tmp_path / "locked.pdf"))


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SANCTUARY_MAX_DOCUMENT_MB", "0.001")
    paper = tmp_path / "big.txt"
    paper.write_text(I200 * 10)
    assert "over the limit" in _cli_error(str(paper))


def test_image_with_no_text(tmp_path: Path):
    Image.new("L", (400, 300), color=255).save(tmp_path / "blank.png")
    assert "no text could be read" in _cli_error(str(tmp_path / "blank.png"))


def test_corrupt_image(tmp_path: Path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a jpeg")
    assert "damaged or not an image" in _cli_error(str(tmp_path / "photo.jpg"))


def test_binary_data_in_a_text_file(tmp_path: Path):
    (tmp_path / "paper.txt").write_bytes(b"\x00\x01\x02binary")
    assert "not a text file" in _cli_error(str(tmp_path / "paper.txt"))


def test_read_without_a_path():
    assert "Name the paper" in _cli_error()


def test_document_error_is_an_input_error(tmp_path: Path):
    with pytest.raises(DocumentError):
        read(tmp_path / "missing.txt")


def test_a_refused_paper_is_explained_in_spanish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "empty.txt").write_bytes(b"")
    monkeypatch.setenv("SANCTUARY_LANG", "es")
    assert "El documento 'empty.txt' está vacío." in _cli_error(str(tmp_path / "empty.txt"))
    Image.new("L", (1, 100), color=255).save(tmp_path / "line.png")
    with pytest.raises(DocumentError) as refused:
        read(tmp_path / "line.png")
    assert str(refused.value) == (
        "The image 'line.png' is 1 x 100 pixels, which is not a paper: "
        "its shortest side is 1 pixel (at least 16 are needed)."
    )
    assert refused.value.in_language("es") == (
        "La imagen 'line.png' mide 1 x 100 píxeles, lo que no corresponde a un documento: "
        "su lado más corto mide 1 píxel (se necesitan al menos 16)."
    )


def test_read_json_and_decide_with_document(tmp_path: Path):
    paper = tmp_path / "i200.txt"
    paper.write_text(I200)
    result = runner.invoke(app, ["read", str(paper), "--json"])
    assert result.exit_code == 0, result.output
    assert '"type": "administrative_warrant"' in result.output
    request = tmp_path / "request.json"
    request.write_text(
        '{"action": "enter_facility", "setting": "city_office", "area": "non_public",'
        ' "requester": {"kind": "federal_immigration"}, "purpose": "civil_immigration"}'
    )
    decided = runner.invoke(
        app,
        [
            "decide",
            str(request),
            "--document",
            str(paper),
            "--pack",
            "us-ca-los-angeles",
            "--on",
            "2026-06-01",
            "--json",
        ],
    )
    assert decided.exit_code == 0, decided.output
    assert '"outcome": "decline"' in decided.output
    assert '"rule": "document-reader"' in decided.output
