"""The reader on the labeled corpus: at least 95% right on the type, the issuer and whether a judge signed,
and never an administrative or immigration-court paper read as judicial."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctuary.documents import COMMANDING_TYPES, load_labels, read
from sanctuary.documents._evaluate import NOT_JUDICIAL, ReaderEvaluation, score
from sanctuary.model import InstrumentType

CORPUS = Path(__file__).parent / "corpus" / "documents"
LABELS = load_labels(CORPUS)
ROWS = [(label.path, label.type) for label in LABELS]
HOME = "CA"  # the corpus is labeled as read in California


@pytest.fixture(scope="module")
def readings():
    """Every corpus paper read once (OCR is the slow part), shared by the tests below."""
    return {path.name: read(path, home_state=HOME) for path, _ in ROWS}


@pytest.fixture(scope="module")
def report(readings):
    result = ReaderEvaluation(labels=[t.value for t in InstrumentType if t is not InstrumentType.NONE], home_state=HOME)
    for label in LABELS:
        score(result, label, readings[label.path.name])
    return result


def test_corpus_is_large_and_covers_every_kind():
    assert len(ROWS) >= 100
    kinds = {label for _, label in ROWS}
    assert kinds == {t for t in InstrumentType if t is not InstrumentType.NONE}


def test_accuracy_is_at_least_95_percent(readings):
    wrong = [(path.name, label, readings[path.name].type) for path, label in ROWS if readings[path.name].type != label]
    accuracy = 1 - len(wrong) / len(ROWS)
    listing = "\n".join(f"{name}: {label} read as {guess}" for name, label, guess in wrong)
    assert accuracy >= 0.95, f"accuracy {accuracy:.1%}\n{listing}"


def test_issuer_and_signed_by_judge_are_at_least_95_percent_right(report):
    assert report.issuer.total == len(LABELS)
    assert report.signed_by_judge.total == len(LABELS)
    for name, measured in (("issuer", report.issuer), ("signed_by_judge", report.signed_by_judge)):
        listing = "\n".join(f"{f}: {e} read as {g}" for f, e, g in measured.errors)
        assert measured.accuracy is not None
        assert measured.accuracy >= 0.95, f"{name} {measured.accuracy:.1%}\n{listing}"


def test_no_agency_or_immigration_court_paper_is_read_as_judicial(readings, report):
    assert report.dangerous == []
    for label in LABELS:
        if label.issuer in NOT_JUDICIAL:
            reading = readings[label.path.name]
            assert reading.signed_by_judge is not True, label.path.name
            assert reading.issued_by.value not in {"judge", "magistrate"}, label.path.name


def test_corpus_has_e_signatures_and_varied_issuers():
    notes = (CORPUS / "labels.csv").read_text(encoding="utf-8")
    for how in ("e-signature: /s/", "e-signature: digital", "e-signature: electronic", "e-signature: so ordered"):
        assert how in notes, how
    issuers = {label.issuer for label in LABELS}
    assert {"federal_court", "state_court_here", "state_court_elsewhere", "immigration_court"} <= {
        i.value for i in issuers if i
    }
    assert {"immigration_agency", "other_agency"} <= {i.value for i in issuers if i}
    assert len({label.court_state for label in LABELS if label.court_state}) >= 6
    signers = {label.issued_by.value for label in LABELS if label.issued_by}
    assert {"judge", "magistrate", "clerk", "attorney", "officer"} <= signers


def test_no_administrative_paper_is_read_as_judicial(readings):
    dangerous = [
        (path.name, readings[path.name].type)
        for path, label in ROWS
        if readings[path.name].type in COMMANDING_TYPES and label not in COMMANDING_TYPES
    ]
    assert dangerous == []


def test_the_ocr_path_is_exercised_end_to_end(readings):
    scanned = [path.name for path, _ in ROWS if path.suffix.lower() in {".png", ".jpg", ".jpeg", ".pdf"}]
    assert sum(readings[name].ocr for name in scanned) >= 10
    assert all(readings[name].pages >= 1 for name in scanned)


def test_unsigned_and_clerk_signed_papers_are_not_signed_by_a_judge(readings):
    flagged = [path.name for path, _ in ROWS if "unsigned" in path.name or "clerk" in path.name]
    assert flagged
    for name in flagged:
        assert readings[name].signed_by_judge is not True, name


def test_eval_command_prints_a_confusion_matrix(tmp_path):
    import shutil

    from typer.testing import CliRunner

    from sanctuary.cli import app

    texts = [(path, label) for path, label in ROWS if path.suffix == ".txt"][:6]
    lines = ["file,label"]
    for path, label in texts:
        shutil.copy(path, tmp_path / path.name)
        lines.append(f"{path.name},{label.value}")
    (tmp_path / "labels.csv").write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(app, ["read", "--eval", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Confusion matrix (6 documents" in result.output
    assert "non-judicial papers read as judicial: 0" in result.output
    assert "type accuracy:" in result.output
    assert "issuer accuracy:" in result.output
    assert "signed-by-judge accuracy:" in result.output


def test_eval_rejects_a_bad_label(tmp_path):
    from typer.testing import CliRunner

    from sanctuary.cli import app

    (tmp_path / "a.txt").write_text("SOMETHING")
    (tmp_path / "labels.csv").write_text("file,label\na.txt,warrantish\n")
    result = CliRunner().invoke(app, ["read", "--eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not an instrument type" in result.output
