"""A scan's pages are read side by side, in page order, with progress, within the reading's limits.

Two kinds of test: the real Tesseract on scans assembled from the corpus (the text must be the same
read one page at a time or several at once), and a stand-in ``tesseract`` on PATH, a shell script
that says which file it read, how much address space it was given and how many threads, and waits
longer for earlier pages so that they finish last.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from sanctuary.documents import DocumentError, read
from sanctuary.documents._extract import extract
from sanctuary.documents._ocr import MIN_TESSERACT_MB, workers_for
from sanctuary.services import read_paper
from sanctuary.services.papers import ReadLimits, read_bytes, read_isolated

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "documents"
#: Scanned PDFs of the corpus (no text layer): five pages, fax and JPEG scans.
SCANS = ("105-i247a-fax-ice-warrant-scan.pdf", "129-i862-scan.pdf")
TEXT_PDF = "092-i200-2.pdf"

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract OCR is not installed")


def _joined(*names: str) -> bytes:
    writer = PdfWriter()
    for name in names:
        for page in PdfReader(CORPUS / name).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _blank_scan(pages: int) -> bytes:
    """An image-only PDF of ``pages`` plain pages: enough for the stand-in Tesseract."""
    images = [Image.new("L", (850, 1100), 255) for _ in range(pages)]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=100.0)
    return out.getvalue()


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scan") / "scan.pdf"
    path.write_bytes(_joined(*SCANS))
    return path


@needs_tesseract
def test_pages_read_at_once_give_the_text_read_one_at_a_time(scan: Path) -> None:
    progress: dict[int, list[tuple[int, int]]] = {1: [], 3: []}
    one = extract(scan, workers=1, on_page=lambda done, total: progress[1].append((done, total)))
    several = extract(scan, workers=3, on_page=lambda done, total: progress[3].append((done, total)))
    assert one.ocr
    assert several.ocr
    assert one.pages == several.pages == 5
    assert several.text == one.text
    assert one.text.index("FAX") < one.text.index("Notice to Appear")  # the pages stay in order
    for calls in progress.values():
        assert calls == [(done, 5) for done in range(1, 6)]


@needs_tesseract
def test_every_page_counts_in_the_progress_text_pages_too(tmp_path: Path) -> None:
    paper = tmp_path / "mixed.pdf"
    paper.write_bytes(_joined(TEXT_PDF, "121-i247n-scan.pdf"))
    calls: list[tuple[int, int]] = []
    reading = read(paper, on_page=lambda done, total: calls.append((done, total)))
    assert reading.pages == 2
    assert reading.ocr
    assert calls == [(1, 2), (2, 2)]
    text = tmp_path / "paper.txt"
    text.write_text("DEPARTMENT OF HOMELAND SECURITY\nWARRANT FOR ARREST OF ALIEN\n")
    calls.clear()
    read(text, on_page=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 1)]
    calls.clear()
    read_paper(paper, pack="us-ca-los-angeles", on_page=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


@needs_tesseract
def test_progress_reaches_the_caller_of_an_isolated_reading(scan: Path) -> None:
    calls: list[tuple[int, int]] = []
    reading = read_isolated(
        "scan.pdf", scan.read_bytes(), limits=ReadLimits(seconds=120), on_page=lambda d, t: calls.append((d, t))
    )
    assert reading.type == "detainer"
    assert calls == [(done, 5) for done in range(1, 6)]


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``tesseract`` first on PATH; it logs when it starts and ends, and page N waits (7 - N) * 0.3 s."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "log"
    script = folder / "tesseract"
    script.write_text(
        "#!/bin/sh\n"
        'page=$(basename "$1" | tr -dc 0-9)\n'
        f'echo "start $page" >> {log}\n'
        "t=$(( (7 - page) * 3 ))\n"
        'sleep "$((t / 10)).$((t % 10))"\n'
        f'echo "end $page" >> {log}\n'
        'case "$page" in 4) [ -n "$FAIL_PAGE_4" ] && exit 1;; esac\n'
        'echo "PAGE $page MEMORY $(ulimit -v) THREADS $OMP_THREAD_LIMIT"\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def test_pages_finishing_out_of_order_come_out_in_order(tmp_path: Path, stand_in: Path) -> None:
    paper = tmp_path / "scan.pdf"
    paper.write_bytes(_blank_scan(6))
    calls: list[tuple[int, int]] = []
    text = extract(paper, workers=3, on_page=lambda done, total: calls.append((done, total))).text
    assert re.findall(r"PAGE (\d)", text) == ["1", "2", "3", "4", "5", "6"]
    assert "THREADS 1" in text
    assert calls == [(done, 6) for done in range(1, 7)]
    events = stand_in.read_text().split("\n")[:-1]
    running = most = 0
    for event in events:
        running += 1 if event.startswith("start") else -1
        most = max(most, running)
    assert most == 3
    assert events.index("end 3") < events.index("end 1")  # the first pages did finish last


def test_one_worker_reads_one_page_at_a_time(tmp_path: Path, stand_in: Path) -> None:
    paper = tmp_path / "scan.pdf"
    paper.write_bytes(_blank_scan(3))
    extract(paper, workers=1)
    assert stand_in.read_text().split() == [
        "start",
        "1",
        "end",
        "1",
        "start",
        "2",
        "end",
        "2",
        "start",
        "3",
        "end",
        "3",
    ]


def test_a_page_that_fails_stops_the_paper_and_names_the_page(
    tmp_path: Path, stand_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper = tmp_path / "scan.pdf"
    paper.write_bytes(_blank_scan(6))
    monkeypatch.setenv("FAIL_PAGE_4", "1")
    with pytest.raises(DocumentError, match=r"OCR failed on 'scan\.pdf' page 4"):
        extract(paper, workers=2)


def _limited_extract(paper: Path, memory_mb: int, workers: int) -> str:
    """The text of ``paper`` read in a Python process under an address-space cap, as a reading's child is."""
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({memory_mb} << 20, {memory_mb} << 20))\n"
        "from pathlib import Path\n"
        "from sanctuary.documents._extract import extract\n"
        f"sys.stdout.write(extract(Path(sys.argv[1]), workers={workers}).text)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(paper)], capture_output=True, text=True, check=True, env=os.environ
    )
    return done.stdout


def test_tesseracts_share_the_readings_memory_cap(tmp_path: Path, stand_in: Path) -> None:
    paper = tmp_path / "scan.pdf"
    paper.write_bytes(_blank_scan(4))
    text = _limited_extract(paper, 2048, workers=4)
    assert re.findall(r"MEMORY (\d+)", text) == [str(2048 * 1024 // 4)] * 4
    assert "MEMORY unlimited" in extract(paper, workers=4).text  # no cap here, none given to Tesseract


def test_a_small_memory_cap_reads_fewer_pages_at_once(tmp_path: Path, stand_in: Path) -> None:
    paper = tmp_path / "scan.pdf"
    paper.write_bytes(_blank_scan(3))
    memory = 2 * MIN_TESSERACT_MB - 1  # room for one Tesseract only
    text = _limited_extract(paper, memory, workers=3)
    assert re.findall(r"MEMORY (\d+)", text) == [str(memory * 1024)] * 3
    events = stand_in.read_text().split()
    assert events[:4] == ["start", "1", "end", "1"]


def test_workers_follow_the_setting_and_the_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANCTUARY_OCR_WORKERS", "3")
    assert workers_for(10) == 3
    assert workers_for(2) == 2
    assert workers_for(10, 1) == 1
    monkeypatch.setenv("SANCTUARY_OCR_WORKERS", "0")
    with pytest.raises(ValueError, match="SANCTUARY_OCR_WORKERS='0' is not a positive number"):
        workers_for(10)
    monkeypatch.setenv("SANCTUARY_OCR_WORKERS", "many")
    with pytest.raises(ValueError, match="not a whole number"):
        workers_for(10)
    monkeypatch.delenv("SANCTUARY_OCR_WORKERS")
    assert 1 <= workers_for(64) <= len(os.sched_getaffinity(0))


@needs_tesseract
def test_a_gray_photo_is_read_as_tesseract_reads_the_file(tmp_path: Path) -> None:
    photo = CORPUS / "142-eoir-order-of-ij-photo.png"
    alone = subprocess.run(
        ["tesseract", str(photo), "stdout", "-l", "eng", "--psm", "3"],
        capture_output=True,
        check=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    ).stdout.decode()
    assert extract(photo).text == alone


def _tiff(images: list[Image.Image], compression: str = "tiff_lzw") -> bytes:
    out = io.BytesIO()
    images[0].save(out, "TIFF", save_all=True, append_images=images[1:], compression=compression, dpi=(200, 200))
    return out.getvalue()


@needs_tesseract
def test_a_multi_page_tiff_reads_the_same_at_once_and_in_order(tmp_path: Path) -> None:
    pictures = [
        page.images[0].image for name in ("121-i247n-scan.pdf", *SCANS[1:]) for page in PdfReader(CORPUS / name).pages
    ]
    paper = tmp_path / "scan.tiff"
    paper.write_bytes(_tiff(pictures))
    progress: list[tuple[int, int]] = []
    one = extract(paper, workers=1)
    several = extract(paper, workers=2, on_page=lambda done, total: progress.append((done, total)))
    assert several.text == one.text
    assert several.pages == 3
    assert several.ocr
    assert progress == [(1, 3), (2, 3), (3, 3)]
    assert one.text.index("I-247N") < one.text.index("Notice to Appear")


def test_tiff_pages_finishing_out_of_order_come_out_in_order(tmp_path: Path, stand_in: Path) -> None:
    paper = tmp_path / "scan.tif"
    paper.write_bytes(_tiff([Image.new("1", (850, 1100), 1) for _ in range(4)], "group4"))
    text = extract(paper, workers=4).text
    assert re.findall(r"PAGE (\d)", text) == ["1", "2", "3", "4"]


def test_a_tiff_is_refused_before_decoding_for_its_pages_size_or_compression(tmp_path: Path) -> None:
    page = Image.new("L", (300, 400), 255)
    many = tmp_path / "many.tif"
    many.write_bytes(_tiff([page] * 51))
    with pytest.raises(DocumentError, match="more than 50 pages"):
        extract(many)
    thin = tmp_path / "thin.tif"
    thin.write_bytes(_tiff([page, Image.new("L", (20, 2000), 255)]))
    with pytest.raises(DocumentError, match=r"page 2 of the TIFF 'thin\.tif'.*not a paper"):
        extract(thin)
    raw = _tiff([page], "raw")
    compression = b"\x03\x01\x03\x00\x01\x00\x00\x00\x01\x00"  # tag 259, SHORT, 1 value: 1 (none)
    assert raw.count(compression) == 1
    lzma = tmp_path / "lzma.tif"
    lzma.write_bytes(raw.replace(compression, b"\x03\x01\x03\x00\x01\x00\x00\x00\x6d\x88"))  # 34925: LZMA
    with pytest.raises(DocumentError, match="'lzma' compression, which is not read"):
        extract(lzma)
    png = tmp_path / "png.tif"
    page.save(png, "PNG")
    with pytest.raises(DocumentError, match="not a TIFF picture"):
        extract(png)


def test_the_page_cap_counts_a_tiffs_pages_before_reading() -> None:
    with pytest.raises(ValueError, match="The TIFF has more than 2 pages; at most 2 are read here"):
        read_bytes("scan.tiff", _tiff([Image.new("L", (300, 400), 255)] * 3), max_pages=2)
