"""The reader's one error: a paper it cannot read."""

from __future__ import annotations

from sanctuary.model import InputError


class DocumentError(InputError):
    """A paper that cannot be read: the message says which file and why."""
