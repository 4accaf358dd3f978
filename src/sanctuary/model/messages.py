"""Sentences shown to people, kept as templates so each interface shows them in its user's language.

English is the source text. The other languages' texts live in gettext catalogues,
``sanctuary/messages/<language>/*.po`` (one file per part of the system), read with Babel only when
a sentence is first shown in that language, so an English run loads nothing more.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import IO, Any

#: The languages a message can be shown in; English is the source.
MESSAGE_LANGUAGES = ("en", "es")


@dataclass(frozen=True, slots=True)
class Message:
    """A sentence: an English template (``str.format`` syntax) and the values that fill it.

    A value that is a ``Message`` (or an error carrying one) is shown in the same language; a list
    or tuple of them is joined with ``"; "``. Any other value is shown as given: names, numbers,
    codes a person must type, and what they typed are never translated.
    """

    template: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: str = "en") -> str:
        text = translated(self.template, language)
        if not self.values:
            return text
        shown = {name: _shown(value, language) for name, value in self.values.items()}
        try:
            return text.format(**shown)
        except (KeyError, IndexError, ValueError):  # a translation that names another field: the source
            return self.template.format(**shown)

    def __str__(self) -> str:
        return self.render("en")


def _shown(value: Any, language: str) -> Any:
    if isinstance(value, Message):
        return value.render(language)
    in_language = getattr(value, "in_language", None)
    if callable(in_language):
        return in_language(language)
    if isinstance(value, (list, tuple)) and value and all(isinstance(item, Message) for item in value):
        return "; ".join(item.render(language) for item in value)
    return value


def translated(template: str, language: str) -> str:
    """The catalogue's text for ``template`` in ``language``; the template itself if there is none."""
    if language == "en" or language not in MESSAGE_LANGUAGES:
        return template
    return catalogue(language).get(template) or template


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """Every translated message of ``language``, from all of its ``.po`` files."""
    found: dict[str, str] = {}
    folder = resources.files("sanctuary") / "messages" / language
    if not folder.is_dir():
        return found
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".po"):
            with entry.open("rb") as handle:
                found.update(read_translations(handle, language))
    return found


def read_translations(handle: IO[bytes], language: str) -> dict[str, str]:
    """A gettext ``.po`` catalogue as message id to translated text, untranslated entries left out.

    Every catalogue of the project (messages, the web pages' and the command line's words) is read so.
    """
    from babel.messages.pofile import read_po

    return {
        message.id: message.string
        for message in read_po(handle, locale=language)
        if isinstance(message.id, str) and message.id and isinstance(message.string, str) and message.string
    }
