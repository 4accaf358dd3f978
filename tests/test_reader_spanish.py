"""The reader's verdicts and warnings in Spanish: every sentence the reader writes on the corpus has
its Spanish, so a Spanish page never shows the reader's English."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sanctuary.documents import cue_in_spanish, read_text, reading_words, verdict_in_spanish, warning_in_spanish

CORPUS = Path(__file__).resolve().parent / "corpus" / "documents"
PAPERS = sorted(CORPUS.glob("*.txt"))


@pytest.mark.parametrize("home_state", [None, "CA", "NY"])
def test_every_verdict_and_warning_of_the_corpus_has_spanish(home_state: str | None) -> None:
    assert len(PAPERS) > 150
    missing: set[str] = set()
    for path in PAPERS:
        text = path.read_text(encoding="utf-8", errors="replace")
        for today in (dt.date(2026, 6, 1), dt.date(2040, 1, 1)):  # the later day makes warrants expire
            reading = read_text(text, pages=1, ocr=False, sha256="0" * 64, today=today, home_state=home_state)
            if verdict_in_spanish(reading.verdict) is None:
                missing.add(reading.verdict)
            missing |= {w for w in reading.warnings if warning_in_spanish(w) is None}
            missing |= {e.cue for e in reading.evidence if cue_in_spanish(e.cue) is None}
    assert not missing, "no Spanish for:\n" + "\n".join(sorted(missing))


def test_spanish_words_for_a_reading() -> None:
    text = (CORPUS / PAPERS[0].name).read_text(encoding="utf-8")
    reading = read_text(text, pages=1, ocr=False, sha256="0" * 64, today=dt.date(2026, 6, 1), home_state="CA")
    verdict, warnings = reading_words(reading, "es")
    assert verdict != reading.verdict
    assert reading_words(reading, "en") == (reading.verdict, list(reading.warnings))
    assert len(warnings) == len(reading.warnings)


def test_a_paper_named_with_its_form_and_court() -> None:
    english = "This is NOT a judicial warrant. It is an immigration administrative warrant (Form I-205), signed by an immigration officer, not a judge."  # noqa: E501
    assert verdict_in_spanish(english) == (
        "Esto NO es una orden judicial. Es una orden administrativa de inmigración (formulario I-205), firmada por "
        "un agente de inmigración, no por un juez."
    )
    court = "This appears to be a judicial warrant from United States District Court, signed by a judge. Check the court, signature, date and scope, and call your supervisor; do not obstruct it."  # noqa: E501
    assert "de United States District Court" in (verdict_in_spanish(court) or "")
    assert verdict_in_spanish("Something the reader never says.") is None
