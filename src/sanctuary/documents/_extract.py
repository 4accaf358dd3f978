"""Getting text out of a paper: plain text, a PDF's text layer, or OCR of scans and photos."""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctuary.model import Message

from ._errors import DocumentError
from ._ocr import MAX_OCR_PIXELS, OnPage, PageReader, fit, ocr_size

MAX_BYTES_ENV = "SANCTUARY_MAX_DOCUMENT_MB"
DEFAULT_MAX_MB = 20
TEXT_SUFFIXES = {".txt"}
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
TIFF_SUFFIXES = {".tif", ".tiff"}
SUPPORTED = sorted(TEXT_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES | TIFF_SUFFIXES)
#: A PDF page with less text than this is treated as a scan and read with OCR.
MIN_TEXT_LAYER_CHARS = 40

# Hostile pictures: a few hundred bytes can declare billions of pixels, so every size is checked
# from the header (or the PDF's image dictionary) before anything is decoded or scaled.
#: The picture formats read (by their content, whatever the file is called).
IMAGE_FORMATS = ("PNG", "JPEG")
#: Pixels one picture may declare: a 50-megapixel phone photo is read, anything larger is refused.
MAX_SOURCE_PIXELS = 50_000_000
#: Longest side over shortest side: a page, a receipt or a strip of a fax, not a line of pixels.
MAX_ASPECT = 12
#: The shortest side a readable picture has.
MIN_SIDE = 16
#: Pages read from one PDF or TIFF; a paper an agent hands over is a few pages.
MAX_PDF_PAGES = 50
#: How a TIFF scan's pages may be stored: what scanners and fax machines write. Others (LZMA, WebP,
#: Zstandard, old-style JPEG, ThunderScan, SGI LogLuv) are refused before anything is decoded.
TIFF_COMPRESSIONS = (
    "raw",
    "group3",
    "group4",
    "tiff_ccitt",
    "tiff_lzw",
    "tiff_adobe_deflate",
    "tiff_deflate",
    "packbits",
    "jpeg",
)
#: Form XObjects nested deeper than this are not searched for scans.
_MAX_FORM_DEPTH = 4


# pypdf logs what it finds wrong with a file, quoting the file's own bytes ("Resources are not a
# dictionary: ..."): a paper's content must not reach the server's log. Its failures are reported
# as one DocumentError instead.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Extracted:
    text: str
    pages: int
    ocr: bool
    sha256: str


def max_bytes() -> int:
    raw = os.environ.get(MAX_BYTES_ENV)
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        raise DocumentError(
            "{variable}={raw!r} is not a number of megabytes.", variable=MAX_BYTES_ENV, raw=raw
        ) from None
    return int(megabytes * 1024 * 1024)


def extract(path: Path, *, workers: int | None = None, on_page: OnPage | None = None) -> Extracted:
    """The text of the file at ``path``; never modifies it.

    A scan's pages are read by up to ``workers`` Tesseracts at once (default: the cores available,
    or ``SANCTUARY_OCR_WORKERS``), the text in page order all the same; ``on_page(done, total)`` is
    called once per page as each is read. Messages name the document by its file name only: on the
    web the path is a private temporary folder, which is nobody's business.
    """
    name = repr(path.name)
    if not path.exists():
        raise DocumentError("The document {name} does not exist.", name=name)
    if not path.is_file():
        raise DocumentError("The document {name} is not a file.", name=name)
    suffix = path.suffix.lower()
    if not suffix:
        raise DocumentError(
            "The document {name} has the unsupported type '(no extension)'; supported types: {supported}.",
            name=name,
            supported=", ".join(SUPPORTED),
        )
    if suffix not in SUPPORTED:
        raise DocumentError(
            "The document {name} has the unsupported type {suffix!r}; supported types: {supported}.",
            name=name,
            suffix=suffix,
            supported=", ".join(SUPPORTED),
        )
    size = path.stat().st_size
    limit = max_bytes()
    if size > limit:
        raise DocumentError(
            "The document {name} is {size:.1f} MB, over the limit of {limit:.0f} MB (set {variable} to change it).",
            name=name,
            size=size / 1_048_576,
            limit=limit / 1_048_576,
            variable=MAX_BYTES_ENV,
        )
    if size == 0:
        raise DocumentError("The document {name} is empty.", name=name)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if suffix in TEXT_SUFFIXES:
        text, pages, ocr = _text_file(name, data), 1, False
        if on_page is not None:
            on_page(1, 1)
    elif suffix in PDF_SUFFIXES:
        text, pages, ocr = _pdf(name, data, workers, on_page)
    elif suffix in TIFF_SUFFIXES:
        text, pages, ocr = _tiff(name, data, workers, on_page)
    else:
        text, pages, ocr = _photo(name, data, workers, on_page), 1, True
    if not text.strip() and ocr:
        raise DocumentError("The document {name} cannot be classified: no text could be read from it.", name=name)
    if not text.strip():
        raise DocumentError("The document {name} cannot be classified: it contains no text.", name=name)
    return Extracted(text=text, pages=pages, ocr=ocr, sha256=digest)


def _text_file(name: str, data: bytes) -> str:
    if b"\0" in data[:4096]:
        raise DocumentError("The document {name} is not a text file (it contains binary data).", name=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _photo(name: str, data: bytes, workers: int | None, on_page: OnPage | None) -> str:
    """OCR of a picture; one Tesseract reads the file's own bytes when they need no change."""
    image, as_is = _image(name, data)
    with PageReader(name, 1, paged=False, workers=workers, on_page=on_page) as reader:
        if as_is:
            reader.file(1, data, ".png" if image.format == "PNG" else ".jpg")
        else:
            reader.picture(1, image)
        return reader.texts()[1]


def _pdf(name: str, data: bytes, workers: int | None, on_page: OnPage | None) -> tuple[str, int, bool]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pypdf's warnings quote the file, like its log
        return _pdf_pages(name, data, workers, on_page)


def _pdf_pages(name: str, data: bytes, workers: int | None, on_page: OnPage | None) -> tuple[str, int, bool]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except Exception:  # pypdf raises several types for encryption it cannot open
                opened = False
            if not opened:
                raise DocumentError(
                    "The PDF {name} is password-protected; ask for an unprotected copy or a paper original.", name=name
                )
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise DocumentError(
                "The PDF {name} has {count:,} pages; at most {most} are read. Give the pages of the paper itself.",
                name=name,
                count=count,
                most=MAX_PDF_PAGES,
            )
        pages = list(reader.pages)
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise DocumentError(
            "The PDF {name} is damaged or not a PDF ({failure}).", name=name, failure=type(exc).__name__
        ) from None
    if not pages:
        raise DocumentError("The PDF {name} has no pages.", name=name)
    texts: list[str] = []
    # pypdf is read in this thread only, a page at a time; Tesseract reads the scans in the background.
    with PageReader(name, len(pages), workers=workers, on_page=on_page) as ocr:
        for number, page in enumerate(pages, start=1):
            try:
                text = page.extract_text() or ""
            except Exception:  # a damaged content stream: the page may still be a readable scan
                text = ""
            texts.append(text)
            scan = _page_scan(name, page, number) if len(text.strip()) < MIN_TEXT_LAYER_CHARS else None
            if scan is None:
                ocr.text_page()
            else:
                ocr.picture(number, scan)
        scanned = ocr.texts()
    used_ocr = False
    for number, text in scanned.items():
        if text.strip():
            texts[number - 1], used_ocr = text, True
    return "\n".join(texts), len(pages), used_ocr


def _page_scan(name: str, page: Any, number: int) -> Any:
    """The page's scan, decoded: its largest image, sized from the PDF's dictionaries before decoding.

    Pictures too long and thin to be a page (rules, borders) are passed over; a picture over the
    pixel cap is refused, so no image stream is ever decoded at a size that was not checked.
    """
    from PIL import Image

    try:
        found = _page_images(page.get("/Resources"), (), 0, set())
    except Exception:  # unreadable resources: the page has no readable scan
        return None
    scans: list[tuple[int, tuple[str, ...]]] = []
    for key, width, height in found:
        _check_size(_pdf_picture(number, name), width, height, shape=False)
        if _shape_problem(width, height) is None:
            scans.append((width * height, key))
    if not scans:
        return None
    # A scanned page is one picture of the page (masks and thumbnails may ride along): read the largest.
    _, key = max(scans)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = page.images[key[0] if len(key) == 1 else list(key)].image
    except DocumentError:
        raise
    except Exception:  # an unreadable or over-large image stream: the page has no readable scan
        return None
    if not isinstance(image, Image.Image):
        return None
    # The stream may hold a picture of another size than its dictionary says: check what was decoded.
    _check_size(_pdf_picture(number, name), image.width, image.height, shape=True)
    return image


def _pdf_picture(number: int, name: str) -> Message:
    return Message("The picture on page {number} of the PDF {name}", {"number": number, "name": name})


def _page_images(
    resources: Any, path: tuple[str, ...], depth: int, seen: set[tuple[int, int]]
) -> list[tuple[tuple[str, ...], int, int]]:
    """(key for ``page.images``, width, height) of each image XObject, forms searched a few levels deep."""
    from pypdf.generic import DictionaryObject, IndirectObject

    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if isinstance(resources, DictionaryObject) else None
    xobjects = xobjects.get_object() if xobjects is not None else None
    if not isinstance(xobjects, DictionaryObject):
        return []
    found: list[tuple[tuple[str, ...], int, int]] = []
    for key, ref in xobjects.items():
        if isinstance(ref, IndirectObject):
            if (ref.idnum, ref.generation) in seen:  # a form that draws itself
                continue
            seen.add((ref.idnum, ref.generation))
        xobject = ref.get_object()
        if not isinstance(xobject, DictionaryObject):
            continue
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            found.append(((*path, str(key)), _dimension(xobject.get("/Width")), _dimension(xobject.get("/Height"))))
        elif subtype == "/Form" and depth < _MAX_FORM_DEPTH:
            found.extend(_page_images(xobject.get("/Resources"), (*path, str(key)), depth + 1, seen))
    return found


def _dimension(value: Any) -> int:
    try:
        return int(value.get_object() if hasattr(value, "get_object") else value)
    except (TypeError, ValueError):
        return 0


def _shape_problem(width: int, height: int) -> Message | None:
    """Why a picture of this size is not a paper (too small, or a line rather than a page), or None."""
    short, long = sorted((width, height))
    if short < MIN_SIDE:
        sides = {"short": short, "least": MIN_SIDE}
        if short == 1:
            return Message("its shortest side is {short} pixel (at least {least} are needed)", sides)
        return Message("its shortest side is {short} pixels (at least {least} are needed)", sides)
    if long > short * MAX_ASPECT:
        return Message(
            "it is {times:,.0f} times longer than wide (at most {most} for a page)",
            {"times": long / short, "most": MAX_ASPECT},
        )
    return None


def _check_size(what: Message, width: int, height: int, *, shape: bool) -> None:
    """A DocumentError for a picture over the pixel cap, or (with ``shape``) not shaped like a paper.

    ``what`` names the picture ("The image 'scan.png'"), shown in the reader's language.
    """
    if width * height > MAX_SOURCE_PIXELS:
        raise DocumentError(
            "{what} is {width:,} x {height:,} pixels, over the limit of {limit} million pixels; "
            "send a smaller scan or photo.",
            what=what,
            width=width,
            height=height,
            limit=MAX_SOURCE_PIXELS // 1_000_000,
        )
    problem = _shape_problem(width, height) if shape else None
    if problem is not None:
        raise DocumentError(
            "{what} is {width:,} x {height:,} pixels, which is not a paper: {problem}.",
            what=what,
            width=width,
            height=height,
            problem=problem,
        )


@contextlib.contextmanager
def _decoding(name: str, formats: tuple[str, ...]) -> Iterator[None]:
    """Pillow's failures while a picture of ``formats`` is opened or decoded, as one DocumentError each."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except DocumentError:
        raise
    except UnidentifiedImageError:
        raise DocumentError(
            "The image {name} is not a {formats} picture; supported pictures: {supported}.",
            name=name,
            formats=_either(formats),
            supported=", ".join(formats),
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DocumentError(
            "The image {name} declares more pixels than the limit of {limit} million; send a smaller scan or photo.",
            name=name,
            limit=MAX_SOURCE_PIXELS // 1_000_000,
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise DocumentError(
            "The image {name} is damaged or not an image ({failure}).", name=name, failure=type(exc).__name__
        ) from None


def _either(formats: tuple[str, ...]) -> str | Message:
    """``PNG or JPEG``: the ``or`` in the reader's language."""
    if len(formats) == 1:
        return formats[0]
    return Message("{either} or {other}", {"either": _either(formats[:-1]), "other": formats[-1]})


def _image(name: str, data: bytes) -> tuple[Any, bool]:
    """The picture, opened as PNG or JPEG only, its size checked from the header before decoding; and
    whether Tesseract may read the file as it is (gray already, upright, at the size OCR reads)."""
    from PIL import ExifTags, Image

    with _decoding(name, IMAGE_FORMATS):
        image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
        _check_size(Message("The image {name}", {"name": name}), image.width, image.height, shape=True)
        mode, size = image.mode, image.size
        if image.format == "JPEG":
            # A large JPEG is decoded at a fraction of its size (1/2 to 1/8), in gray, straight away.
            image.draft("L", fit(image.width, image.height, MAX_OCR_PIXELS))
        image.load()
        upright = image.getexif().get(ExifTags.Base.Orientation, 1) == 1
    as_is = mode in {"L", "1"} and upright and image.size == size == ocr_size(*size)
    return image, as_is


def _tiff(name: str, data: bytes, workers: int | None, on_page: OnPage | None) -> tuple[str, int, bool]:
    """OCR of every page of a TIFF scan, several at once; every page's size and compression is
    checked from its header before any page is decoded, and one page at a time is decoded."""
    from PIL import Image

    with _decoding(name, ("TIFF",)):
        image = Image.open(io.BytesIO(data), formats=["TIFF"])
        count = 0
        while True:
            count += 1
            if count > MAX_PDF_PAGES:
                raise DocumentError(
                    "The TIFF {name} has more than {most} pages; at most {most} are read. "
                    "Give the pages of the paper itself.",
                    name=name,
                    most=MAX_PDF_PAGES,
                )
            picture = Message("The picture on page {number} of the TIFF {name}", {"number": count, "name": name})
            _check_size(picture, image.width, image.height, shape=True)
            compression = image.info.get("compression", "raw")
            if compression not in TIFF_COMPRESSIONS:
                raise DocumentError(
                    "Page {number} of the TIFF {name} is stored with {compression!r} compression, which is not read; "
                    "send the scan as a PDF, or as a TIFF uncompressed or with CCITT fax, LZW, Deflate, "
                    "PackBits or JPEG compression.",
                    number=count,
                    name=name,
                    compression=compression,
                )
            try:
                image.seek(count)
            except EOFError:
                break
    with PageReader(name, count, workers=workers, on_page=on_page) as ocr:
        for number in range(1, count + 1):
            with _decoding(name, ("TIFF",)):
                image.seek(number - 1)
                page = image.copy()
            ocr.picture(number, page)
        texts = ocr.texts()
    return "\n".join(texts[number] for number in range(1, count + 1)), count, True
