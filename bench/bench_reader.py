"""Document reader speed: ms per text page (classification) and per OCR page, beside Tesseract alone.

    .venv/bin/python bench/bench_reader.py [--corpus tests/corpus/documents] [--repeat 20] [--json]

Text pages: the time of ``read_text`` (cue matching, classification, fields) on every .txt paper
of the corpus. OCR pages: the time of ``read`` on every image and image-only PDF, beside the
``tesseract`` command on the same image, to show how much the reader adds to Tesseract itself.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from sanctuary.documents import load_labels, read, read_text
from sanctuary.documents._extract import extract


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def text_pages(paths: list[Path], repeat: int) -> dict[str, float]:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    for text in texts:  # warm up
        read_text(text)
    samples: list[float] = []
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter()
            read_text(text)
            samples.append(time.perf_counter() - start)
    samples.sort()
    return {
        "papers": len(texts),
        "p50_ms": _ms(statistics.median(samples)),
        "p95_ms": _ms(samples[int(len(samples) * 0.95) - 1]),
        "mean_ms": _ms(statistics.fmean(samples)),
    }


def ocr_pages(paths: list[Path]) -> dict[str, float]:
    reader: list[float] = []
    tesseract: list[float] = []
    pages = 0
    for path in paths:
        start = time.perf_counter()
        reading = read(path)
        reader.append(time.perf_counter() - start)
        pages += reading.pages
        if path.suffix.lower() != ".pdf":
            with tempfile.TemporaryDirectory() as scratch:
                start = time.perf_counter()
                subprocess.run(
                    ["tesseract", str(path), str(Path(scratch) / "out"), "--psm", "3"],
                    check=True,
                    capture_output=True,
                )
                tesseract.append(time.perf_counter() - start)
    return {
        "papers": len(paths),
        "pages": pages,
        "reader_ms_per_page": _ms(sum(reader) / max(pages, 1)),
        "tesseract_cli_ms_per_image": _ms(statistics.fmean(tesseract)) if tesseract else 0.0,
        "reader_ms_per_image": _ms(
            statistics.fmean([t for t, p in zip(reader, paths, strict=True) if p.suffix != ".pdf"])
        )
        if tesseract
        else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("tests/corpus/documents"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = load_labels(args.corpus)
    paths = [label.path for label in rows]
    texts = [p for p in paths if p.suffix == ".txt"]
    scanned = [p for p in paths if p.suffix in {".png", ".jpg", ".jpeg"}]
    scanned += [p for p in paths if p.suffix == ".pdf" and extract(p).ocr]
    figures = {"text": text_pages(texts, args.repeat), "ocr": ocr_pages(scanned)}
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    text, ocr = figures["text"], figures["ocr"]
    print(
        f"text pages: {text['papers']} papers x {args.repeat}: p50 {text['p50_ms']} ms, p95 {text['p95_ms']} ms, "
        f"mean {text['mean_ms']} ms per page (target: <= 20 ms)"
    )
    print(
        f"OCR pages: {ocr['papers']} papers, {ocr['pages']} pages: reader {ocr['reader_ms_per_page']} ms per page; "
        f"on images, reader {ocr['reader_ms_per_image']} ms vs tesseract CLI {ocr['tesseract_cli_ms_per_image']} ms"
    )


if __name__ == "__main__":
    main()
