"""Reading the paper an agent hands over: is it a judicial warrant, or something else?

Text files, PDFs (text layer, or OCR of scanned pages) and photos (OCR with Tesseract) are
read into a :class:`~sanctuary.model.Reading`: the type, who signed it, the evidence, and warnings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sanctuary.model import Instrument, Reading

from ._classify import LOW_CONFIDENCE, read_text
from ._cues import COMMANDING_TYPES
from ._errors import DocumentError
from ._evaluate import Label, ReaderEvaluation, evaluate_reader, load_labels
from ._extract import SUPPORTED, extract, max_bytes
from ._ocr import OnPage
from ._spanish import cue_in_spanish, reading_words, verdict_in_spanish, warning_in_spanish


def read(
    path: str | Path,
    *,
    today: dt.date | None = None,
    home_state: str | None = None,
    on_page: OnPage | None = None,
    workers: int | None = None,
) -> Reading:
    """Read the document at ``path`` (never modified). Raises DocumentError for a file it cannot read.

    ``home_state`` (a postal code such as "CA") tells a court of this state from another state's;
    without it, a state court's paper has an unknown issuer. ``on_page(done, total)`` is called once
    per page as each is read (a scan's pages are read several at once, up to ``workers``, by default
    the cores available).
    """
    extracted = extract(Path(path), workers=workers, on_page=on_page)
    return read_text(
        extracted.text,
        pages=extracted.pages,
        ocr=extracted.ocr,
        sha256=extracted.sha256,
        today=today,
        home_state=home_state,
    )


def instrument_of(reading: Reading) -> Instrument:
    """The request's ``instrument`` as the reader saw it; whether it covers the request stays a question."""
    return Instrument(
        type=reading.type,
        signed_by_judge=reading.signed_by_judge,
        federal=reading.federal,
        issuer=reading.issuer_kind,
        issued_by=reading.issued_by,
        criminal=reading.criminal,
        covers_request=None,
        confidence=reading.confidence,
    )


__all__ = [
    "COMMANDING_TYPES",
    "LOW_CONFIDENCE",
    "SUPPORTED",
    "DocumentError",
    "Label",
    "OnPage",
    "ReaderEvaluation",
    "cue_in_spanish",
    "evaluate_reader",
    "instrument_of",
    "load_labels",
    "max_bytes",
    "read",
    "read_text",
    "reading_words",
    "verdict_in_spanish",
    "warning_in_spanish",
]
