"""Deciding a request: choose the pack and the date, validate, evaluate."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sanctuary.model import Confidence, Decision, InputError, Reading, Reason, Request, validated
from sanctuary.policy import evaluate, load_stack

DEFAULT_PACK_ENV = "SANCTUARY_PACK"
DEFAULT_PACK = "us-ca-los-angeles"


def parse_request(raw: Any) -> Request:
    """A validated Request from a dict (or a Request); InputError names each bad field."""
    if type(raw) is not dict:  # a plain dict (parsed JSON or YAML) is the common case: no checks, no copy
        if isinstance(raw, Request):
            return raw
        if not isinstance(raw, Mapping):
            raise InputError(
                "A request must be a JSON or YAML object with at least an 'action' field, not {given}.",
                given=type(raw).__name__,
            )
        raw = dict(raw)
    return validated(Request, raw, "request")


def pack_id_of(pack: str | None = None) -> str:
    """The pack to use: the one named, else ``SANCTUARY_PACK``, else the default."""
    return pack or os.environ.get(DEFAULT_PACK_ENV) or DEFAULT_PACK


def home_state(pack: str | None = None) -> str | None:
    """The state whose courts bind under ``pack`` (postal code), or None for a pack with no state."""
    return load_stack(pack_id_of(pack)).state


def read_paper(
    path: str | Path,
    *,
    pack: str | None = None,
    today: dt.date | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> Reading:
    """Read a paper against the pack's state: a court of that state is ``state_court_here``.

    ``on_page(done, total)`` is called once per page as each is read (a scan's pages several at once).
    """
    from sanctuary.documents import read  # the reader (PDF, OCR) loads only when a paper is read

    return read(path, today=today, home_state=home_state(pack), on_page=on_page)


def decide(
    request: Request | Mapping[str, Any],
    *,
    pack: str | None = None,
    on: dt.date | str | None = None,
    document: str | Path | None = None,
    reading: Reading | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> Decision:
    """Decide one request under the law in force on ``on`` (default: today).

    The pack is, in order: the ``pack`` argument, the request's own ``pack``
    field, ``SANCTUARY_PACK``, then ``us-ca-los-angeles``. With ``document``, the
    paper is read and fills the request's ``instrument``; fields the request gives
    itself win. The paper is read against the pack's state, so a court of another
    state is ``state_court_elsewhere``. The decision then carries the reading, and
    its first reason says what the reader saw. A ``reading`` of the document already
    made (in a process with limits, against the same pack's state) is used instead of
    reading it again.
    """
    day = _day(on)
    parsed = parse_request(request)
    pack_id = pack_id_of(pack or parsed.pack)
    stack = load_stack(pack_id)
    if document is None and reading is None:
        return evaluate(parsed, stack, day)
    if reading is None:
        from sanctuary.documents import read

        assert document is not None
        reading = read(document, today=day, home_state=stack.state, on_page=on_page)
    from .contradictions import contradictions, refer_for

    disagree = contradictions(parsed, reading)
    parsed = parse_request(_with_reading(parsed, reading))
    decision = evaluate(parsed, stack, day)
    decision = decision.model_copy(
        update={
            "reasons": [_reading_reason(reading, Path(document or ""), pack_id), *decision.reasons],
            "document": reading,
        }
    )
    return refer_for(decision, disagree, reading, pack_id) if disagree else decision


def _with_reading(request: Request, reading: Reading) -> dict[str, Any]:
    """The request with the paper as read filling its ``instrument``; what the request says itself wins.

    ``federal`` and ``issuer`` say who issued the paper in two vocabularies: when the request gives
    either, the reader's are both left out, so the request's own answer decides.
    """
    raw = request.model_dump(mode="json", exclude_unset=True)
    given = raw.get("instrument") or {}
    from sanctuary.documents import instrument_of

    seen = instrument_of(reading).model_dump(mode="json", exclude_none=True)
    if "federal" in given or "issuer" in given:
        seen = {k: v for k, v in seen.items() if k not in {"federal", "issuer"}}
    return {**raw, "instrument": {**seen, **given}}


def _reading_reason(reading: Reading, path: Path, pack_id: str) -> Reason:
    strength = (
        Confidence.V if reading.confidence >= 0.9 else Confidence.S if reading.confidence >= 0.7 else Confidence.U
    )
    warnings = " ".join(reading.warnings)
    label = reading.type.value.replace("_", " ")
    return Reason(
        rule="document-reader",
        pack=pack_id,
        citation=f"Document read: {reading.form or label}" + (f" ({path.name})" if path.name else ""),
        source=f"sha256:{reading.sha256}",
        confidence=strength,
        text=f"{reading.verdict} {warnings}".strip(),
        text_es=(
            f"El lector de documentos lo identificó como: {label}, con una confianza de {reading.confidence:.0%}. "
            "Verifique el documento con su supervisor."
        ),
    )


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
        raise InputError(
            "The date {on!r} is not a calendar date; write it as YYYY-MM-DD, e.g. 2025-07-01.", on=on
        ) from None
