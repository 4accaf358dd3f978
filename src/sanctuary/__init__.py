"""Sanctuary: a city's sanctuary law, in daily practice.

Not legal advice: a jurisdiction's counsel must review its pack before use.

The public names load on first use, so a command that needs only part of the package (``sanctuary
--help``, ``sanctuary guard scan``) does not pay for the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sanctuary.model import Decision, InputError, Reading, Request
    from sanctuary.services import decide
    from sanctuary.services import read_paper as read

__version__ = "0.1.0"

__all__ = ["Decision", "InputError", "Reading", "Request", "__version__", "decide", "read"]

#: Public name -> (module, name in it).
_EXPORTS = {
    "Decision": ("sanctuary.model", "Decision"),
    "InputError": ("sanctuary.model", "InputError"),
    "Reading": ("sanctuary.model", "Reading"),
    "Request": ("sanctuary.model", "Request"),
    "decide": ("sanctuary.services", "decide"),
    "read": ("sanctuary.services", "read_paper"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'sanctuary' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value
