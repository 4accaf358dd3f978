"""Access-log audits, for auditors and admins: upload a log, see its findings filtered and paged, download.

The upload is spooled to disk as it arrives (never held whole in memory), bounded by the security
middleware and copied into the job's private folder; the audit runs in the background
(:mod:`sanctuary.services.auditing`), and the log is deleted when it ends. Nothing of the log (not
even its name) goes into the server's log.
"""

from __future__ import annotations

import time
from typing import Annotated, Any
from urllib.parse import urlencode

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, RedirectResponse
from starlette.datastructures import UploadFile
from starlette.responses import Response

from sanctuary.dataguard.audits import KINDS, RULES
from sanctuary.model import InputError, Message
from sanctuary.services.auditing import DOWNLOADS, LOG_SUFFIXES, AuditJob, Audits, Filters, audit_upload_limit
from sanctuary.services.site import Session

from .plain import plain
from .rendering import error_words, page_language, render
from .security import read_form, require

router = APIRouter(include_in_schema=False)

AUDITORS = ("auditor", "admin")
#: How long sending a log waits for its audit to finish before showing it as running.
WAIT_SECONDS = 5.0
COPY_CHUNK = 1024 * 1024


def audits_of(request: Request) -> Audits:
    audits: Audits = request.app.state.audits
    return audits


def _form_page(request: Request, owner: int, *, error: str | None = None, status: int = 200) -> Response:
    context = {
        "jobs": audits_of(request).jobs(owner),
        "kinds": KINDS,
        "suffixes": LOG_SUFFIXES,
        "limit_mb": audit_upload_limit() // 1_000_000,
        "error": error,
        "done": request.query_params.get("done", ""),
        **plain(request),
    }
    return render(request, "audits.html", context, status)


@router.get("/audits")
async def audits_page(request: Request, session: Annotated[Session, Depends(require(*AUDITORS))]) -> Response:
    return _form_page(request, session.user.id)


@router.post("/audits")
async def start_audit(request: Request, session: Annotated[Session, Depends(require(*AUDITORS))]) -> Response:
    form = await read_form(request)
    upload = form.get("log")
    kind = form.get("kind")
    if not isinstance(upload, UploadFile) or not upload.filename:
        error = Message("field 'log': choose an access log to audit.").render(page_language(request))
        return _form_page(request, session.user.id, error=error, status=422)
    audits = audits_of(request)
    try:
        job, target = audits.new_job(
            session.user.id, kind if isinstance(kind, str) else "", upload.filename, language=page_language(request)
        )
    except InputError as exc:
        return _form_page(request, session.user.id, error=error_words(request, exc), status=422)
    try:
        await anyio.to_thread.run_sync(_copy, upload, target, audit_upload_limit())
    except InputError as exc:
        audits.discard_upload(job, target)
        return _form_page(request, session.user.id, error=error_words(request, exc), status=422)
    except BaseException:
        audits.discard_upload(job, target)
        raise
    audits.start(job, target)
    # A small log is audited in a moment: wait for it, so the page shows findings rather than "running".
    until = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < until and not audits.get(job.id, session.user.id).finished:
        await anyio.sleep(0.1)
    return RedirectResponse(f"/audits/{job.id}", status_code=303)


def _copy(upload: UploadFile, target: Any, limit: int) -> None:
    """The spooled upload into the job's folder, chunk by chunk; refused past ``limit`` or empty."""
    written = 0
    source = upload.file
    source.seek(0)
    with open(target, "wb") as sink:
        while chunk := source.read(COPY_CHUNK):
            written += len(chunk)
            if written > limit:
                raise InputError("field 'log': the log is too large; the limit is {mb} MB.", mb=limit // 1_000_000)
            sink.write(chunk)
    if not written:
        raise InputError("field 'log': the file is empty.")


def _filters(request: Request) -> Filters:
    query = request.query_params
    return Filters(
        rule=query.get("rule", "").strip()[:100],
        severity=query.get("severity", "").strip()[:20],
        agency=query.get("agency", "").strip()[:200],
        user=query.get("user", "").strip()[:200],
    )


@router.get("/audits/{job_id}")
async def audit_page(
    request: Request, job_id: str, session: Annotated[Session, Depends(require(*AUDITORS))]
) -> Response:
    audits = audits_of(request)
    job = audits.get(job_id, session.user.id)
    context: dict[str, Any] = {"job": job, "rules": RULES, "formats": list(DOWNLOADS), **plain(request)}
    if job.state == "done":
        filters = _filters(request)
        raw_page = request.query_params.get("page", "1")
        number = int(raw_page) if raw_page.isdigit() else 1
        found = await anyio.to_thread.run_sync(lambda: audits.page(job, filters, number))
        kept = {key: value for key, value in vars(filters).items() if value}
        context.update(
            {
                "filters": filters,
                "choices": audits.choices(job),
                "found": found,
                "query": urlencode(kept),
                "summary": await anyio.to_thread.run_sync(audits.summary, job),
            }
        )
    return render(request, "audit.html", context)


@router.get("/audits/{job_id}/download/{fmt}")
async def download_audit(
    request: Request, job_id: str, fmt: str, session: Annotated[Session, Depends(require(*AUDITORS))]
) -> Response:
    audits = audits_of(request)
    job: AuditJob = audits.get(job_id, session.user.id)
    path = await anyio.to_thread.run_sync(audits.download, job, fmt)
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in job.name.rsplit(".", 1)[0])[:80] or "log"
    return FileResponse(path, media_type=DOWNLOADS[fmt], filename=f"audit-{stem}.{fmt}")


@router.post("/audits/{job_id}/delete")
async def delete_audit(
    request: Request, job_id: str, session: Annotated[Session, Depends(require(*AUDITORS))]
) -> Response:
    audits_of(request).delete(job_id, session.user.id)
    return RedirectResponse("/audits?done=deleted", status_code=303)
