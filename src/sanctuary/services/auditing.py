"""Access-log audits run for the web app: an uploaded log audited in the background, its findings kept
for a while for the auditor who ran it, then deleted.

The audit is the same engine as ``sanctuary guard audit --engine local``. An uploaded log is personal
data: it is deleted as soon as its audit ends (whether the audit succeeded or not). The findings,
which quote the log, are kept as Parquet in a private folder (owner-only) until their owner deletes
them or :data:`KEEP` passes. Every job is a folder with a ``status.json``, so every web worker on the
machine sees the same jobs; the audit itself runs in a thread of the worker that took the upload,
one audit at a time per worker (others wait their turn).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from sanctuary.dataguard.audits import KINDS, AuditRun, SavedAudit, finding_from_row, write, write_parquet
from sanctuary.files import atomic_path, write_atomic
from sanctuary.model import InputError, Message, NotFound

log = logging.getLogger(__name__)

#: Where audit jobs are kept (default: a private folder under the system's temporary folder).
AUDIT_DIR_ENV = "SANCTUARY_AUDIT_DIR"
#: The largest access log the web app takes, in megabytes.
AUDIT_UPLOAD_ENV = "SANCTUARY_AUDIT_UPLOAD_MB"
DEFAULT_UPLOAD_MB = 500
#: How long an audit's findings are kept before they are deleted.
KEEP = dt.timedelta(hours=24)
#: What the page accepts, by the name's suffix (what ``guard audit`` reads).
LOG_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet", ".xlsx", ".pdf")
DOWNLOADS = {"json": "application/json", "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8"}
PER_PAGE = 50
_JOB_ID = re.compile(r"^[0-9a-f]{32}$")
#: Rows audited between two progress updates of a job's status.
PROGRESS_EVERY = 1.0


def audit_upload_limit() -> int:
    """The largest access log accepted, in bytes (``SANCTUARY_AUDIT_UPLOAD_MB``)."""
    raw = os.environ.get(AUDIT_UPLOAD_ENV, "").strip()
    if not raw:
        return DEFAULT_UPLOAD_MB * 1_000_000
    try:
        megabytes = float(raw)
    except ValueError:
        raise InputError(
            "{name}={raw!r} is not a number of megabytes (e.g. 500).", name=AUDIT_UPLOAD_ENV, raw=raw
        ) from None
    if megabytes <= 0:
        raise InputError("{name}={raw!r} must be a positive number of megabytes.", name=AUDIT_UPLOAD_ENV, raw=raw)
    return int(megabytes * 1_000_000)


@dataclass
class AuditJob:
    """One audit: whose, of what, and how far it got (no content of the log).

    ``error`` is in ``language``, the language of the person who ran the audit: only they are shown it.
    """

    id: str
    owner: int
    kind: str
    name: str
    state: str  # waiting, running, done, failed
    created_at: str
    finished_at: str | None = None
    rows: int = 0
    findings: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    by_rule: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    language: str = "en"

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at)

    @property
    def finished(self) -> bool:
        return self.state in {"done", "failed"}


@dataclass(frozen=True)
class Filters:
    """What the findings are narrowed to: a rule, a severity, text in the agency or user (any case)."""

    rule: str = ""
    severity: str = ""
    agency: str = ""
    user: str = ""

    def apply(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        if self.rule:
            frame = frame.filter(pl.col("rule") == self.rule)
        if self.severity:
            frame = frame.filter(pl.col("severity") == self.severity)
        for column, text in (("agency", self.agency), ("user", self.user)):
            if text:
                frame = frame.filter(
                    pl.col(column).fill_null("").str.to_lowercase().str.contains(text.lower(), literal=True)
                )
        return frame


@dataclass(frozen=True)
class FindingsPage:
    findings: list[dict[str, Any]]
    total: int
    page: int
    pages: int


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Audits:
    """The audit jobs of one folder; one background audit at a time in this process."""

    def __init__(self, root: Path | None = None, *, keep: dt.timedelta = KEEP, clock: Callable[[], dt.datetime] = _now):
        configured = os.environ.get(AUDIT_DIR_ENV, "").strip()
        default = Path(tempfile.gettempdir()) / f"sanctuary-audits-{os.getuid()}"
        self.root = root or (Path(configured) if configured else default)
        self.keep = keep
        self.clock = clock
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="web-audit")
        self._lock = threading.Lock()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    # --- jobs -----------------------------------------------------------------------------------------

    def new_job(self, owner: int, kind: str, name: str, *, language: str = "en") -> tuple[AuditJob, Path]:
        """A job waiting for its log, and the path to write the upload to (in the job's private folder).

        ``language`` is the owner's: a failed audit says why in it.
        """
        if kind not in KINDS:
            raise InputError(
                "field 'kind': {kind!r} is not a kind of log; use one of: {kinds}.", kind=kind, kinds=", ".join(KINDS)
            )
        shown = Path(name).name
        suffix = Path(shown).suffix.lower()
        if suffix not in LOG_SUFFIXES:
            raise InputError(
                "field 'log': the file {name!r} is not an access log this page reads; use one of: {suffixes}.",
                name=shown,
                suffixes=", ".join(LOG_SUFFIXES),
            )
        self.sweep()
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.root, 0o700)
        job = AuditJob(
            secrets.token_hex(16), owner, kind, shown[:200], "waiting", self.clock().isoformat(), language=language
        )
        folder = self.root / job.id
        folder.mkdir(mode=0o700)
        self._save(job, create=True)
        return job, folder / f"log{suffix}"

    def start(self, job: AuditJob, upload: Path) -> None:
        """Audit the uploaded log in the background; the log is deleted when the audit ends."""
        self._pool.submit(self._run, job, upload)

    def discard_upload(self, job: AuditJob, upload: Path) -> None:
        """An upload that was refused (too large, unreadable): the log and the job go at once."""
        upload.unlink(missing_ok=True)
        shutil.rmtree(self.root / job.id, ignore_errors=True)

    def _run(self, job: AuditJob, upload: Path) -> None:
        folder = self.root / job.id
        job.state = "running"
        self._save(job)
        last = [time.monotonic()]

        def progress(rows: int, _total: int | None = None) -> None:
            job.rows += rows
            if time.monotonic() - last[0] >= PROGRESS_EVERY:
                last[0] = time.monotonic()
                self._save(job)

        try:
            with AuditRun(upload, job.kind, source=job.name) as run:
                job.rows = 0
                run.run(progress)
                # The log goes as soon as it has been read: only the findings are kept.
                upload.unlink(missing_ok=True)
                with atomic_path(folder / "findings.parquet") as tmp:
                    write_parquet(run, tmp)
                summary = run.summary_json()
            job.rows = summary["rows"]
            job.findings = summary["findings"]
            job.by_severity = dict(summary["by_severity"])
            job.by_rule = {rule: count for rule, count in summary["by_rule"].items() if count}
            job.state = "done"
        except InputError as exc:
            job.state, job.error = "failed", exc.in_language(job.language)
        except Exception as exc:  # never the log's content in the server's log: only what kind of error
            log.error("audit %s failed: %s", job.id, type(exc).__name__)
            ours = Message("The audit failed on our side; the log was deleted. Please try again.")
            job.state, job.error = "failed", ours.render(job.language)
        finally:
            upload.unlink(missing_ok=True)
            job.finished_at = self.clock().isoformat()
            if (folder / "status.json").exists():
                self._save(job)
            else:  # deleted while it ran: nothing of it is kept
                shutil.rmtree(folder, ignore_errors=True)

    def _save(self, job: AuditJob, *, create: bool = False) -> None:
        """The job's status, unless the job was deleted meanwhile."""
        folder = self.root / job.id
        if create or (folder / "status.json").exists():
            write_atomic(folder / "status.json", [json.dumps(asdict(job)).encode("utf-8")])

    def get(self, job_id: str, owner: int) -> AuditJob:
        """The job, if it exists and is ``owner``'s (anyone else is told there is none)."""
        missing = NotFound("There is no such audit: it was deleted, it expired, or it is someone else's.")
        if not _JOB_ID.match(job_id):
            raise missing
        try:
            data = json.loads((self.root / job_id / "status.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise missing from None
        job = AuditJob(**data)
        if job.owner != owner or self.clock() - job.created > self.keep:
            raise missing
        return job

    def jobs(self, owner: int) -> list[AuditJob]:
        """The owner's audits, newest first."""
        if not self.root.is_dir():
            return []
        found = []
        for folder in self.root.iterdir():
            try:
                found.append(self.get(folder.name, owner))
            except NotFound:
                continue
        return sorted(found, key=lambda job: job.created_at, reverse=True)

    def delete(self, job_id: str, owner: int) -> None:
        """The job and its findings deleted now; a running audit's folder goes as soon as it ends."""
        job = self.get(job_id, owner)
        folder = self.root / job.id
        (folder / "status.json").unlink(missing_ok=True)
        if job.finished:
            shutil.rmtree(folder, ignore_errors=True)

    def sweep(self) -> int:
        """Delete the jobs older than :attr:`keep`; returns how many."""
        if not self.root.is_dir():
            return 0
        removed = 0
        for folder in self.root.iterdir():
            status = folder / "status.json"
            try:
                created = dt.datetime.fromisoformat(json.loads(status.read_text(encoding="utf-8"))["created_at"])
            except (OSError, ValueError, KeyError):
                created = dt.datetime.fromtimestamp(folder.stat().st_mtime, dt.UTC)
            if self.clock() - created > self.keep:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed

    # --- findings -------------------------------------------------------------------------------------

    def _findings_file(self, job: AuditJob) -> Path:
        if job.state != "done":
            raise InputError("The audit has not finished yet.")
        return self.root / job.id / "findings.parquet"

    def page(self, job: AuditJob, filters: Filters, page: int = 1, per_page: int = PER_PAGE) -> FindingsPage:
        """One page of the findings that pass the filters, in file and line order."""
        frame = filters.apply(pl.scan_parquet(self._findings_file(job)))
        total = int(frame.select(pl.len()).collect().item())
        pages = max(1, -(-total // per_page))
        page = min(max(page, 1), pages)
        rows = frame.slice((page - 1) * per_page, per_page).collect().to_dicts()
        return FindingsPage([finding_from_row(row) for row in rows], total, page, pages)

    def choices(self, job: AuditJob) -> dict[str, list[str]]:
        """The rules and severities that have findings, for the filter's lists."""
        return {
            "rule": sorted(job.by_rule),
            "severity": [s for s in ("high", "medium", "low") if job.by_severity.get(s)],
        }

    def download(self, job: AuditJob, fmt: str) -> Path:
        """The whole audit in ``fmt`` (json, csv or html), written once, streamed from the findings."""
        if fmt not in DOWNLOADS:
            raise InputError(
                "The format {fmt!r} is not offered; use one of: {formats}.", fmt=fmt, formats=", ".join(DOWNLOADS)
            )
        saved = SavedAudit(self._findings_file(job))
        target = self.root / job.id / f"audit.{fmt}"
        with self._lock:
            if not target.exists():
                with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
                    write(saved, fmt, handle)
        return target

    def summary(self, job: AuditJob) -> dict[str, Any]:
        return SavedAudit(self._findings_file(job)).summary_json()
