"""The `sanctuary` command: one module per verb group, as the services are split.

Importing a group's module registers its commands on the root app; they are imported in the order
the help lists them, the everyday verbs first. A one-shot command imports only the group of the
verb it runs (``VERBS``), so ``sanctuary decide`` does not pay for the guard, the records or the
web app; the root ``--help`` and an unknown verb import every group. ``app`` (for tests and
embedding) is the root app with every group registered.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    app: typer.Typer

#: The verb groups, in the order `sanctuary --help` shows them.
GROUPS = ("deciding", "packs", "records", "reports", "guard", "accounts")

#: Each top-level verb and the group that registers it (a test checks this against the groups).
VERBS = {
    "decide": "deciding",
    "read": "deciding",
    "schema": "deciding",
    "packs": "packs",
    "verify": "packs",
    "cases": "records",
    "ledger": "records",
    "db": "records",
    "keys": "records",
    "report": "reports",
    "guard": "guard",
    "users": "accounts",
    "serve": "accounts",
}

__all__ = ["GROUPS", "VERBS", "app", "main"]


def _load(groups: tuple[str, ...]) -> typer.Typer:
    for group in groups:
        importlib.import_module(f"{__name__}.{group}")
    from .root import app as root

    return root


def __getattr__(name: str) -> Any:
    if name == "app":
        return _load(GROUPS)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    from typer.main import get_group

    verb = sys.argv[1] if len(sys.argv) > 1 else ""
    if verb != "serve":
        # A one-shot command uses no pydantic plugins, and looking for them reads every installed
        # package's entry points; the long-running web app still finds any it is given.
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    group = VERBS.get(verb)
    # Always a group, even when the one group loaded registers a single command (`report`).
    get_group(_load((group,) if group else GROUPS))()
