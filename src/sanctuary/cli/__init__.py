"""The `sanctuary` command: one module per verb group, as the services are split.

Importing a group's module registers its commands on the root app; they are imported in the order
the help lists them, the everyday verbs first.
"""

from __future__ import annotations

import importlib

from .root import app

#: The verb groups, in the order `sanctuary --help` shows them.
GROUPS = ("deciding", "packs", "records", "reports", "guard", "accounts")

for _group in GROUPS:
    importlib.import_module(f"{__name__}.{_group}")

__all__ = ["GROUPS", "app", "main"]


def main() -> None:
    app()
