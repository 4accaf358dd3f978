"""The language of the command line's human output: ``--lang``, else ``SANCTUARY_LANG``, else ``LANG``.

Its words are the web app's catalogue (``web/translations``), read as data with Babel only when
Spanish is asked for, so the two speak alike and an English run loads nothing more.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from importlib import resources

from sanctuary.model import InputError

LANGUAGES = ("en", "es")
LANG_ENV = "SANCTUARY_LANG"


def output_language(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """``en`` or ``es``: the option if given (refused if not offered), else the environment's choice."""
    if option is not None:
        code = option.strip().lower()
        if code not in LANGUAGES:
            raise InputError(f"--lang {option!r} is not offered; use one of: {', '.join(LANGUAGES)}.")
        return code
    env = os.environ if environ is None else environ
    for name in (LANG_ENV, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip().lower()
        if value:
            return "es" if value.startswith("es") else "en"
    return "en"


@functools.cache
def _spanish() -> dict[str, str]:
    from babel.messages.pofile import read_po

    path = resources.files("sanctuary") / "web" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="es")
    return {
        str(message.id): str(message.string)
        for message in catalog
        if isinstance(message.id, str) and message.id and isinstance(message.string, str) and message.string
    }


def words(lang: str) -> Callable[[str], str]:
    """The ``_`` of the command line: a sentence of the catalogue in ``lang`` (English is the source)."""
    if lang != "es":
        return lambda text: text
    spanish = _spanish()
    return lambda text: spanish.get(text, text)
