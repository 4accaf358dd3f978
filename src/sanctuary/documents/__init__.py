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
from ._evaluate import ReaderEvaluation, evaluate_reader, load_labels
from ._extract import SUPPORTED, DocumentError, extract


def read(path: str | Path, *, today: dt.date | None = None) -> Reading:
    """Read the document at ``path`` (never modified). Raises DocumentError for a file it cannot read."""
    extracted = extract(Path(path))
    return read_text(extracted.text, pages=extracted.pages, ocr=extracted.ocr, sha256=extracted.sha256, today=today)


def instrument_of(reading: Reading) -> Instrument:
    """The request's ``instrument`` as the reader saw it; whether it covers the request stays a question."""
    return Instrument(
        type=reading.type,
        signed_by_judge=reading.signed_by_judge,
        federal=reading.federal,
        criminal=reading.criminal,
        covers_request=None,
        confidence=reading.confidence,
    )


__all__ = [
    "COMMANDING_TYPES",
    "LOW_CONFIDENCE",
    "SUPPORTED",
    "DocumentError",
    "ReaderEvaluation",
    "evaluate_reader",
    "instrument_of",
    "load_labels",
    "read",
    "read_text",
]
