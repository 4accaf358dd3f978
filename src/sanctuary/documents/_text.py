"""Lines as the cues see them: upper case, punctuation folded, OCR digit confusions undone."""

from __future__ import annotations

import re

MAX_LINE = 400

_CLEAN = re.compile(r"[^A-Z0-9/().,'#:§\-& ]")
_SPACES = re.compile(r" {2,}")


_OCR_DIGITS = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B"})
_MIXED_WORD = re.compile(r"[A-Z0-9]*[A-Z][A-Z0-9]*")


def _letters(match: re.Match[str]) -> str:
    word = match.group(0)
    letters = sum(c.isalpha() for c in word)
    # OCR reads O as 0 and I as 1 inside words ("SUBP0ENA", "C1RCUIT"); form numbers stay digits.
    return word.translate(_OCR_DIGITS) if letters >= 3 and letters > len(word) / 2 else word


def normalize(line: str) -> str:
    upper = line.upper().replace("’", "'").replace("‘", "'").replace("—", "-").replace("–", "-")
    cleaned = _SPACES.sub(" ", _CLEAN.sub(" ", upper[:MAX_LINE])).strip()
    return _MIXED_WORD.sub(_letters, cleaned)
