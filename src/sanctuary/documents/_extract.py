"""Getting text out of a paper: plain text, a PDF's text layer, or OCR of scans and photos."""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from sanctuary.model import InputError

MAX_BYTES_ENV = "SANCTUARY_MAX_DOCUMENT_MB"
DEFAULT_MAX_MB = 20
TEXT_SUFFIXES = {".txt"}
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
SUPPORTED = sorted(TEXT_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES)
#: A PDF page with less text than this is treated as a scan and read with OCR.
MIN_TEXT_LAYER_CHARS = 40


class DocumentError(InputError):
    """A paper that cannot be read: the message says which file and why."""


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
        raise DocumentError(f"{MAX_BYTES_ENV}={raw!r} is not a number of megabytes.") from None
    return int(megabytes * 1024 * 1024)


def extract(path: Path) -> Extracted:
    """The text of the file at ``path``; never modifies it."""
    if not path.exists():
        raise DocumentError(f"The document {str(path)!r} does not exist.")
    if not path.is_file():
        raise DocumentError(f"The document {str(path)!r} is not a file.")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise DocumentError(
            f"The document {str(path)!r} has the unsupported type {suffix or '(no extension)'!r}; "
            f"supported types: {', '.join(SUPPORTED)}."
        )
    size = path.stat().st_size
    limit = max_bytes()
    if size > limit:
        raise DocumentError(
            f"The document {str(path)!r} is {size / 1_048_576:.1f} MB, over the limit of {limit / 1_048_576:.0f} MB "
            f"(set {MAX_BYTES_ENV} to change it)."
        )
    if size == 0:
        raise DocumentError(f"The document {str(path)!r} is empty.")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if suffix in TEXT_SUFFIXES:
        text, pages, ocr = _text_file(path, data), 1, False
    elif suffix in PDF_SUFFIXES:
        text, pages, ocr = _pdf(path, data)
    else:
        text, pages, ocr = _ocr(path, _image(path, data)), 1, True
    if not text.strip():
        what = "no text could be read from it" if ocr else "it contains no text"
        raise DocumentError(f"The document {str(path)!r} cannot be classified: {what}.")
    return Extracted(text=text, pages=pages, ocr=ocr, sha256=digest)


def _text_file(path: Path, data: bytes) -> str:
    if b"\0" in data[:4096]:
        raise DocumentError(f"The document {str(path)!r} is not a text file (it contains binary data).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _pdf(path: Path, data: bytes) -> tuple[str, int, bool]:
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
                    f"The PDF {str(path)!r} is password-protected; ask for an unprotected copy or a paper original."
                )
        pages = list(reader.pages)
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(f"The PDF {str(path)!r} is damaged or not a PDF ({type(exc).__name__}).") from None
    if not pages:
        raise DocumentError(f"The PDF {str(path)!r} has no pages.")
    texts: list[str] = []
    used_ocr = False
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:
            text = ""
        if len(text.strip()) < MIN_TEXT_LAYER_CHARS:
            scanned = _page_images_text(path, page, number)
            if scanned.strip():
                text, used_ocr = scanned, True
        texts.append(text)
    return "\n".join(texts), len(pages), used_ocr


def _page_images_text(path: Path, page: object, number: int) -> str:
    from PIL import Image

    try:
        images = [getattr(f, "image", None) for f in getattr(page, "images", [])]
    except Exception:  # unreadable image streams: the page has no readable scan
        return ""
    scans = [image for image in images if isinstance(image, Image.Image)]
    if not scans:
        return ""
    # A scanned page is one picture of the page (masks and thumbnails may ride along): read the largest.
    return _ocr(path, max(scans, key=lambda image: image.width * image.height), page=number)


def _image(path: Path, data: bytes) -> object:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise DocumentError(f"The image {str(path)!r} is damaged or not an image ({type(exc).__name__}).") from None
    return image


def _ocr(path: Path, image: object, page: int | None = None) -> str:
    import pytesseract
    from PIL import Image, ImageOps

    assert isinstance(image, Image.Image)
    gray = ImageOps.grayscale(ImageOps.exif_transpose(image) or image)
    if gray.width < 1600:
        scale = 1600 / max(gray.width, 1)
        gray = gray.resize((int(gray.width * scale), int(gray.height * scale)), Image.Resampling.LANCZOS)
    try:
        return str(pytesseract.image_to_string(gray, lang="eng", config="--psm 3"))
    except pytesseract.TesseractNotFoundError:
        raise DocumentError(
            "Tesseract OCR is not installed, so photos and scans cannot be read "
            "(Debian/Ubuntu: apt-get install tesseract-ocr; or run `make install`)."
        ) from None
    except pytesseract.TesseractError as exc:
        where = f" page {page}" if page else ""
        raise DocumentError(f"OCR failed on {str(path)!r}{where}: {exc}") from None
