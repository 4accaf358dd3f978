"""Recording a decision as a case: the use case behind `sanctuary decide --record`.

Kept out of ``sanctuary.services``' package imports so that deciding, which needs no database,
never loads the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sanctuary.model import Decision, InputError, Request
from sanctuary.records import NewDocument, PersonalDetails, Receipt, Store

from .decisions import parse_request


def record_decision(
    store: Store,
    request: Request | Mapping[str, Any],
    decision: Decision,
    *,
    document: str | Path | None = None,
    personal: PersonalDetails | None = None,
    department: str | None = None,
    opened_by: str | None = None,
) -> Receipt:
    """Open a case holding the request, the paper (if any), the decision and the subject's details.

    The paper's bytes are read again here and must be the ones the reader saw (same SHA-256).
    """
    parsed = parse_request(request)
    documents: list[NewDocument] = []
    if document is not None:
        path = Path(document)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise InputError(
                "Cannot read the document {name!r} to record it: {reason}.",
                name=path.name,
                reason=exc.strerror or str(exc),
            ) from None
        documents.append(NewDocument(content=content, filename=path.name, reading=decision.document))
    return store.cases.open_case(
        parsed, decision=decision, personal=personal, documents=documents, department=department, opened_by=opened_by
    )
