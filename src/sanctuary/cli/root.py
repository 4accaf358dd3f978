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
