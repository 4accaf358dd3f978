"""The one error the ledger raises, so interfaces can show its message and exit with code 2."""

from __future__ import annotations

from sanctuary.model import InputError


class LedgerError(InputError):
    """A ledger input is wrong: a malformed checkpoint, a bad signature, a value JSON cannot carry.

    The message names what is wrong and where (which line, which key, which field), because a
    person auditing a log has to be able to act on it without reading this code.
    """
