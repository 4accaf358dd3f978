"""Guard the data: detectors for immigration identifiers and protected terms, and the outbound gate.

Detectors are functions over Arrow arrays and record batches (``detect_array``, ``detect_batch``);
the gate streams a table through them batch by batch (``gate``). Nothing here decides what the law
allows: the caller passes the engine's per-category decision in (``services.guarding`` does).
"""

from .detectors import (
    DETECTION_SCHEMA,
    Detection,
    Scanner,
    default_scanner,
    detect_array,
    detect_batch,
    detect_batches,
    detect_texts,
)
from .recognizers import IDENTIFIER_KINDS, KIND_CATEGORY, KINDS, PLACEHOLDERS, RECOGNIZERS, Recognizer

__all__ = [
    "DETECTION_SCHEMA",
    "IDENTIFIER_KINDS",
    "KINDS",
    "KIND_CATEGORY",
    "PLACEHOLDERS",
    "RECOGNIZERS",
    "Detection",
    "Recognizer",
    "Scanner",
    "default_scanner",
    "detect_array",
    "detect_batch",
    "detect_batches",
    "detect_texts",
]
