"""Writing a report's files into a folder, each atomically (a reader never sees half a file)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sanctuary.files import write_atomic
from sanctuary.model import InputError

from ._render import PAPERS, csv_bytes, html_text, json_bytes
from ._report import Report


def _pdf(report: Report, paper: str) -> bytes:
    from ._pdf import pdf_bytes

    return pdf_bytes(report, paper=paper)


RENDERERS: dict[str, Callable[[Report, str], bytes]] = {
    "html": lambda report, paper: html_text(report, paper=paper).encode("utf-8"),
    "csv": lambda report, paper: csv_bytes(report),
    "json": lambda report, paper: json_bytes(report),
    "pdf": _pdf,
}
FORMATS = tuple(RENDERERS)


def render(report: Report, name: str, *, paper: str = "letter") -> bytes:
    """The report in one format (``html``, ``csv``, ``json`` or ``pdf``), pages sized for ``paper``."""
    return RENDERERS[parse_formats(name)[0]](report, parse_paper(paper))


def parse_paper(text: str) -> str:
    """``letter`` or ``a4`` (any case); InputError naming the allowed sizes."""
    name = text.strip().lower()
    if name not in PAPERS:
        raise InputError(
            "--paper {paper!r} is not a paper size; allowed: {allowed}.", paper=text.strip(), allowed=", ".join(PAPERS)
        )
    return name


def parse_formats(text: str) -> tuple[str, ...]:
    """``html,csv`` as a tuple of formats; InputError naming the allowed ones."""
    chosen: list[str] = []
    for part in text.split(","):
        name = part.strip().lower()
        if not name:
            continue
        if name not in RENDERERS:
            raise InputError(
                "--format {format!r} is not a report format; allowed: {allowed}.",
                format=part.strip(),
                allowed=", ".join(FORMATS),
            )
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise InputError("--format names no format; allowed: {allowed} (comma-separated).", allowed=", ".join(FORMATS))
    return tuple(chosen)


def write_report(
    report: Report,
    folder: Path,
    formats: Sequence[str] = FORMATS,
    *,
    paper: str = "letter",
    on_render: Callable[[str], None] | None = None,
) -> list[Path]:
    """Render every format first, then write each file atomically into ``folder`` (created if missing).

    ``on_render`` is told each format's name before it is rendered (a PDF takes a while).
    """
    size = parse_paper(paper)
    rendered = []
    for name in formats:
        if on_render is not None:
            on_render(name)
        rendered.append((name, RENDERERS[name](report, size)))
    # Checked first: mkdir would refuse an existing file with only "File exists".
    if folder.exists() and not folder.is_dir():
        raise InputError("{folder} is not a folder; give -o a folder to write the report into.", folder=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            "Cannot create the folder {folder}: {reason}.", folder=folder, reason=exc.strerror or str(exc)
        ) from None
    written: list[Path] = []
    for name, content in rendered:
        path = folder / f"{report.file_stem}.{name}"
        write_atomic(path, [content])
        written.append(path)
    return written
