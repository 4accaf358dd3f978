"""The reader's sentences in the reader's language, for pages and the command line.

The reading keeps the reader's English (the record is one language); a Spanish page shows the same
verdict and warnings in Spanish, and an English sentence with no Spanish is shown as it is.
"""

from __future__ import annotations


def verdict_words(verdict: str, lang: str) -> str:
    """The reader's verdict in ``lang``."""
    from sanctuary.documents import verdict_in_spanish  # the reader loads only when a reading is shown

    return (verdict_in_spanish(verdict) or verdict) if lang == "es" else verdict


def cue_words(cue: str, lang: str) -> str:
    """What the reader saw on the paper (an evidence cue) in ``lang``."""
    from sanctuary.documents import cue_in_spanish

    return (cue_in_spanish(cue) or cue) if lang == "es" else cue


def warning_words(warning: str, lang: str) -> str:
    """One of the reader's warnings in ``lang``."""
    from sanctuary.documents import warning_in_spanish

    return (warning_in_spanish(warning) or warning) if lang == "es" else warning
