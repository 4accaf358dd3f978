"""Use cases shared by the CLI, the web app and the Python API."""

from .decisions import DEFAULT_PACK, decide, home_state, parse_request, read_paper
from .paper_words import cue_words, verdict_words, warning_words

__all__ = [
    "DEFAULT_PACK",
    "cue_words",
    "decide",
    "home_state",
    "parse_request",
    "read_paper",
    "verdict_words",
    "warning_words",
]
