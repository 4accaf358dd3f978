"""OCR speed: a multi-page scan read a page at a time and several pages at once; a photo read beside Tesseract alone.

    .venv/bin/python bench/bench_ocr.py [--corpus tests/corpus/documents] [--repeat 5] [--scan-repeat 2] [--json]

Scan: every page of the corpus's image-only PDFs joined into one PDF, read by ``extract`` with one
Tesseract at a time and with one per core available (the text must be the same). Photos: for every
photo of the corpus, ``read`` (opening and checking the picture, OCR, classification) against the
``tesseract IMAGE OUT`` command on the same file, as run from a shell (Tesseract's OpenMP threads
on) and with ``OMP_THREAD_LIMIT=1`` (one thread, as the reader runs it); each measure is the median
of ``--repeat`` runs, interleaved. Wall and CPU seconds (the process and its children) are both
printed, with the load average: this machine is shared.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter

from sanctuary.documents import load_labels, read
from sanctuary.documents._extract import MIN_TEXT_LAYER_CHARS, extract
from sanctuary.documents._ocr import available_cores


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(run: Callable[[], Any]) -> tuple[float, float]:
    """(wall, CPU) seconds of one call."""
    wall, cpu = time.perf_counter(), _cpu()
    run()
    return time.perf_counter() - wall, _cpu() - cpu


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def joined_scan(paths: list[Path]) -> tuple[bytes, int]:
    """One PDF of every page of the image-only PDFs among ``paths``, and its page count."""
    writer = PdfWriter()
    for path in paths:
        pages = PdfReader(path).pages
        if all(len((page.extract_text() or "").strip()) < MIN_TEXT_LAYER_CHARS for page in pages):
            for page in pages:
                writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def scan(paths: list[Path], repeat: int) -> dict[str, Any]:
    data, pages = joined_scan(paths)
    cores = available_cores()
    with tempfile.TemporaryDirectory() as folder:
        paper = Path(folder) / "scan.pdf"
        paper.write_bytes(data)
        texts: dict[int, set[str]] = {1: set(), cores: set()}
        walls: dict[int, list[float]] = {1: [], cores: []}
        for _ in range(repeat):
            for workers in (1, cores):
                wall, _ = _timed(lambda workers=workers: texts[workers].add(extract(paper, workers=workers).text))
                walls[workers].append(wall)
    sequential, parallel = min(walls[1]), min(walls[cores])
    return {
        "pages": pages,
        "workers": cores,
        "sequential_s": round(sequential, 2),
        "parallel_s": round(parallel, 2),
        "sequential_pages_per_s": round(pages / sequential, 2),
        "parallel_pages_per_s": round(pages / parallel, 2),
        "speedup": round(sequential / parallel, 2),
        "identical": len(texts[1] | texts[cores]) == 1,
    }


def _tesseract(path: Path, out: Path, *, one_thread: bool) -> None:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"} if one_thread else {**os.environ}
    if not one_thread:
        env.pop("OMP_THREAD_LIMIT", None)
    subprocess.run(["tesseract", str(path), str(out)], check=True, capture_output=True, env=env)


def photos(paths: list[Path], repeat: int) -> dict[str, Any]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        for path in paths:
            runs: dict[str, Callable[[], Any]] = {
                "reader": lambda path=path: read(path),
                "tesseract": lambda path=path: _tesseract(path, out, one_thread=False),
                "tesseract_1_thread": lambda path=path: _tesseract(path, out, one_thread=True),
            }
            samples: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
            runs["reader"]()  # warm up: the reader's imports and the page cache
            for round_ in range(repeat):
                names = list(runs)
                for name in names[round_ % 3 :] + names[: round_ % 3]:
                    samples[name].append(_timed(runs[name]))
            row: dict[str, Any] = {"photo": path.name}
            for name, measured in samples.items():
                row[f"{name}_s"] = round(statistics.median(wall for wall, _ in measured), 3)
                row[f"{name}_cpu_s"] = round(statistics.median(cpu for _, cpu in measured), 3)
            rows.append(row)

    def ratio(over: str, wall: str = "_s") -> float:
        return round(sum(r[f"reader{wall}"] for r in rows) / sum(r[f"{over}{wall}"] for r in rows), 3)

    return {
        "photos": rows,
        "reader_over_tesseract": ratio("tesseract"),
        "reader_over_tesseract_1_thread": ratio("tesseract_1_thread"),
        "reader_over_tesseract_1_thread_cpu": ratio("tesseract_1_thread", "_cpu_s"),
        "worst_photo_over_tesseract_1_thread": max(round(r["reader_s"] / r["tesseract_1_thread_s"], 3) for r in rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("tests/corpus/documents"))
    parser.add_argument("--repeat", type=int, default=5, help="runs per photo and command (median kept)")
    parser.add_argument("--scan-repeat", type=int, default=2, help="reads of the scan per mode (fastest kept)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    paths = [label.path for label in load_labels(args.corpus)]
    load_before = _load()
    figures = {
        "scan": scan([p for p in paths if p.suffix == ".pdf"], args.scan_repeat),
        "photo": photos([p for p in paths if p.suffix in {".png", ".jpg", ".jpeg"}], args.repeat),
        "load_average": {"before": load_before, "after": _load()},
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    s, p = figures["scan"], figures["photo"]
    print(
        f"scan, {s['pages']} pages: one page at a time {s['sequential_s']} s ({s['sequential_pages_per_s']} pages/s); "
        f"{s['workers']} at once {s['parallel_s']} s ({s['parallel_pages_per_s']} pages/s), "
        f"{s['speedup']}x; same text: {s['identical']}"
    )
    for row in p["photos"]:
        print(
            f"  {row['photo']}: reader {row['reader_s']} s, tesseract {row['tesseract_s']} s, "
            f"tesseract 1 thread {row['tesseract_1_thread_s']} s"
        )
    print(
        f"photos, {len(p['photos'])}: reader / tesseract {p['reader_over_tesseract']}, "
        f"reader / tesseract 1 thread {p['reader_over_tesseract_1_thread']} "
        f"(CPU {p['reader_over_tesseract_1_thread_cpu']}, worst photo {p['worst_photo_over_tesseract_1_thread']}); "
        "target <= 1.1"
    )
    print(f"load average before {figures['load_average']['before']}, after {figures['load_average']['after']}")


if __name__ == "__main__":
    main()
