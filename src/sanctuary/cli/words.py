"""The language of the command line's human output: ``--lang``, else ``SANCTUARY_LANG``, else ``LANG``.

Its words are the web app's catalogue (``web/translations``), read as data with Babel only when
Spanish is asked for, so the two speak alike and an English run loads nothing more.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from importlib import resources

LANGUAGES = ("en", "es")
LANG_ENV = "SANCTUARY_LANG"


def output_language(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """``en`` or ``es``: the option if given (refused if not offered), else the environment's choice."""
    if option is not None:
        from sanctuary.model import InputError

        code = option.strip().lower()
        if code not in LANGUAGES:
            raise InputError(
                "--lang {option!r} is not offered; use one of: {allowed}.", option=option, allowed=", ".join(LANGUAGES)
            )
        return code
    env = os.environ if environ is None else environ
    for name in (LANG_ENV, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip().lower()
        if value:
            return "es" if value.startswith("es") else "en"
    return "en"


@functools.cache
def _spanish() -> dict[str, str]:
    from sanctuary.model.messages import read_translations

    path = resources.files("sanctuary") / "web" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_translations(handle, "es")


def words(lang: str) -> Callable[[str], str]:
    """The ``_`` of the command line: a sentence of the catalogue in ``lang`` (English is the source)."""
    if lang != "es":
        return lambda text: text
    spanish = _spanish()
    return lambda text: spanish.get(text, text)


def say(text: str, **values: object) -> str:
    """A sentence of the command's human output in the environment's language (``SANCTUARY_LANG``,
    ``LANG``; ``sanctuary --lang es`` sets it for one run), with ``values`` filled in."""
    words_now = words(output_language(None))(text)
    return words_now.format(**values) if values else words_now


def language_now() -> str:
    """The environment's language for the command's output (``SANCTUARY_LANG``, ``LANG``)."""
    return output_language(None)


def role_words(role: str) -> str:
    """A role as people name it, in the environment's language."""
    from sanctuary.model.labels import label

    return label("role", role, language_now())
