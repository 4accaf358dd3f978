"""Deciding a request: choose the pack and the date, validate, evaluate."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from sanctuary.model import Decision, InputError, Request, describe_validation_error
from sanctuary.policy import evaluate, load_stack

DEFAULT_PACK_ENV = "SANCTUARY_PACK"
DEFAULT_PACK = "us-ca-los-angeles"


def parse_request(raw: Any) -> Request:
    """A validated Request from a dict (or a Request); InputError names each bad field."""
    if isinstance(raw, Request):
        return raw
    if not isinstance(raw, Mapping):
        raise InputError(
            f"A request must be a JSON or YAML object with at least an 'action' field, not {type(raw).__name__}."
        )
    try:
        return Request.model_validate(dict(raw))
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, Request, "request")) from None


def decide(
    request: Request | Mapping[str, Any],
    *,
    pack: str | None = None,
    on: dt.date | str | None = None,
) -> Decision:
    """Decide one request under the law in force on ``on`` (default: today).

    The pack is, in order: the ``pack`` argument, the request's own ``pack``
    field, ``SANCTUARY_PACK``, then ``us-ca-los-angeles``.
    """
    parsed = parse_request(request)
    pack_id = pack or parsed.pack or os.environ.get(DEFAULT_PACK_ENV) or DEFAULT_PACK
    return evaluate(parsed, load_stack(pack_id), _day(on))


def _day(on: dt.date | str | None) -> dt.date:
    if on is None:
        return dt.date.today()
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        return on
    try:
        return dt.date.fromisoformat(on)
    except ValueError:
        raise InputError(f"The date {on!r} is not a calendar date; write it as YYYY-MM-DD, e.g. 2025-07-01.") from None
