"""The `sanctuary` command's root: each verb group registers itself on it.

Help is plain text (``rich_markup_mode=None``): Rich's help renderer would import Markdown and
syntax highlighting, about a third of the time ``sanctuary --help`` takes.
"""

from __future__ import annotations

import typer

from .common import NOTICE

app = typer.Typer(
    name="sanctuary",
    help=f"Sanctuary: a city's sanctuary law, in daily practice.\n\n{NOTICE}",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


@app.callback()
def root(
    lang: str | None = typer.Option(
        None, "--lang", help="The language of every command's printed words: en or es (default: SANCTUARY_LANG, LANG)."
    ),
) -> None:
    """Sanctuary: a city's sanctuary law, in daily practice."""
    if lang is not None:
        import os

        from sanctuary.model import InputError

        from .words import LANG_ENV, output_language

        try:
            os.environ[LANG_ENV] = output_language(lang)
        except InputError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
