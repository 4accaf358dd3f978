"""Page text in English and Spanish from gettext catalogs, read at startup (no compile step).

The catalogs are ``translations/<lang>/LC_MESSAGES/messages.po``; English is the source language,
so a message missing from a catalog is shown as written in the template.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sanctuary.model.messages import read_translations

TRANSLATIONS = Path(__file__).with_name("translations")
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"

Translate = Callable[[str], str]


def load_catalogs(folder: Path = TRANSLATIONS) -> dict[str, dict[str, str]]:
    """Every language's messages, msgid to translated text (empty translations left out)."""
    catalogs: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        path = folder / language / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            catalogs[language] = read_translations(handle, language)
    return catalogs


def translator(catalogs: dict[str, dict[str, str]], language: str) -> Translate:
    """The ``_`` function templates call for one language."""
    messages = catalogs.get(language, {})

    def translate(text: str) -> str:
        return messages.get(text, text)

    return translate


def choose_language(preferred: str | None, accept_language: str | None) -> str:
    """The user's own language when known, else the browser's first offered one, else English."""
    if preferred in LANGUAGES:
        return preferred
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE
