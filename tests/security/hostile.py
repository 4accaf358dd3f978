"""Hostile files made on the spot: tiny files that declare huge pictures, lines and documents."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

#: The source tree under test (a worktree's, not the installed one).
SRC = Path(__file__).resolve().parents[2] / "src"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width: int, height: int) -> bytes:
    """A valid 8-bit gray PNG of blank pixels, compressed to a few hundred bytes however large it is."""
    compressor = zlib.compressobj(9)
    row = b"\0" + b"\xff" * width
    rows = 0
    body = b""
    block = row * max(1, min(height, 1_000_000 // len(row)))
    per_block = len(block) // len(row)
    while rows < height:
        take = min(per_block, height - rows)
        body += compressor.compress(block[: take * len(row)])
        rows += take
    body += compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares a size its data does not have (a decoder allocates first)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\0" * 1024)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose frame header is rewritten to declare ``width`` x ``height``."""
    buffer = io.BytesIO()
    Image.new("L", (16, 16), 255).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def tiff_declaring(width: int, height: int, pages: int = 1) -> bytes:
    """A TIFF of ``pages`` fax pages, each declaring ``width`` x ``height`` over 16 bytes of data."""
    entries = 8
    ifd = 2 + entries * 12 + 4
    data = bytearray(b"II*\0" + struct.pack("<I", 8))
    for page in range(pages):
        start = 8 + page * (ifd + 16)
        following = start + ifd + 16 if page < pages - 1 else 0
        tags = [
            (256, 4, width),  # ImageWidth, LONG
            (257, 4, height),  # ImageLength
            (258, 3, 1),  # BitsPerSample
            (259, 3, 4),  # Compression: CCITT group 4
            (262, 3, 0),  # PhotometricInterpretation: white is zero
            (273, 4, start + ifd),  # StripOffsets
            (278, 4, height),  # RowsPerStrip
            (279, 4, 16),  # StripByteCounts
        ]
        data += struct.pack("<H", entries)
        for tag, kind, value in tags:
            data += struct.pack("<HHI", tag, kind, 1) + struct.pack(
                "<I" if kind == 4 else "<HH", value, *(() if kind == 4 else (0,))
            )
        data += struct.pack("<I", following) + b"\0" * 16
    return bytes(data)


def pdf_with_image(width: int, height: int, pixels: bytes | None = None) -> bytes:
    """A one-page PDF with no text whose only content is a gray image XObject of the declared size."""
    stream = zlib.compress(pixels if pixels is not None else b"\xff" * (width * height), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (width, height, len(stream), stream),
        b"<< /Length 35 >>\nstream\nq 612 0 0 792 0 0 cm /Im0 Do Q\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    #: Peak resident memory of the command's process, in MB.
    peak_mb: float


_WRAPPER = """
import atexit, resource, sys
limit = int(sys.argv[1]) << 20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
def peak():
    # VmHWM is this program's own high-water mark; ru_maxrss keeps the parent's across exec.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                sys.stderr.write("\\nPEAK_KB %d\\n" % int(line.split()[1]))
atexit.register(peak)
sys.argv = ["sanctuary", *sys.argv[2:]]
from sanctuary.cli import main
main()
"""


def run_limited(
    args: list[str], *, limit_mb: int, timeout: float = 120, stdin: str | None = None, stdout: Path | None = None
) -> Run:
    """Run ``sanctuary ARGS`` in a child process whose address space is capped at ``limit_mb``.

    With ``stdout``, the output goes to that file (a large output would otherwise fill this process).
    """
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-c", _WRAPPER, str(limit_mb), *args]
    if stdout is None:
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=timeout, input=stdin, check=False
        )
        out = done.stdout
    else:
        with stdout.open("w", encoding="utf-8") as handle:
            done = subprocess.run(
                command,
                stdout=handle,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                timeout=timeout,
                input=stdin,
                check=False,
            )
        out = ""
    peak = re.search(r"PEAK_KB (\d+)", done.stderr)
    stderr = re.sub(r"\s*PEAK_KB \d+\s*$", "", done.stderr)
    return Run(done.returncode, out, stderr, int(peak.group(1)) / 1024 if peak else float("nan"))
