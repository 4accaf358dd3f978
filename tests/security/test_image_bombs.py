"""A tiny picture must not exhaust memory.

A 119-byte PNG of 1 x 20,000 pixels was scaled up to 1,600 pixels wide (3.2 gigapixels); a PDF of
under a kilobyte holding a 2 x 3,000 image ended the CLI in a MemoryError. Every file here is made
in the test, read by ``sanctuary read`` in a child process whose address space is capped, and must
be refused with exit code 2 and one message, well inside the cap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hostile import jpeg_declaring, pdf_with_image, png, png_header_only, run_limited, tiff_declaring, write

from sanctuary.documents import DocumentError, read

#: The child's address-space cap: room for Python, Pillow and pypdf, far below any bomb.
LIMIT_MB = 1024
#: What a refused bomb may cost, resident.
PEAK_MB = 200

BOMBS = {
    "tall.png": (png(1, 20_000), "not a paper"),
    "wide.png": (png(20_000, 1), "not a paper"),
    "sliver.png": (png(40, 20_000), "times longer than wide"),
    "declares-3.6-gigapixels.png": (png_header_only(60_000, 60_000), "50 million"),
    "declares-3.6-gigapixels.jpg": (jpeg_declaring(60_000, 60_000), "50 million"),
    "declares-3.6-gigapixels.tif": (tiff_declaring(60_000, 60_000), "50 million"),
    "declares-60-pages.tif": (tiff_declaring(1_700, 2_200, pages=60), "more than 50 pages"),
    "over-the-cap.png": (png_header_only(8_000, 7_000), "over the limit of 50 million pixels"),
    "thin-image.pdf": (pdf_with_image(2, 3_000), "cannot be classified"),
    "huge-image.pdf": (pdf_with_image(8_000, 8_000), "over the limit of 50 million pixels"),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_bomb_is_refused_in_bounded_memory(tmp_path: Path, name: str):
    data, expected = BOMBS[name]
    assert len(data) < 70_000
    path = write(tmp_path, name, data)
    run = run_limited(["read", str(path)], limit_mb=LIMIT_MB)
    assert run.code == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "MemoryError" not in run.stderr
    assert expected in " ".join(run.stderr.split())
    assert run.peak_mb < PEAK_MB, f"{name}: {run.peak_mb:.0f} MB"


def test_only_png_and_jpeg_pictures_are_opened(tmp_path: Path):
    from PIL import Image

    gif = tmp_path / "paper.png"
    Image.new("L", (400, 500), 255).save(gif, "GIF")
    with pytest.raises(DocumentError, match="not a PNG or JPEG picture"):
        read(gif)


def test_messages_name_the_file_not_its_folder(tmp_path: Path):
    path = write(tmp_path, "tall.png", png(1, 20_000))
    with pytest.raises(DocumentError) as caught:
        read(path)
    assert str(tmp_path) not in str(caught.value)
    assert "'tall.png'" in str(caught.value)


def test_a_real_photo_is_still_read_under_the_cap(tmp_path: Path):
    photo = Path(__file__).resolve().parents[2] / "examples/papers/ice-i200-stamped-federal-arrest-warrant.png"
    run = run_limited(["read", str(photo), "--json"], limit_mb=LIMIT_MB)
    assert run.code == 0, run.stderr
    assert '"type": "administrative_warrant"' in run.stdout


def test_the_api_answers_a_bomb_with_422_and_no_temporary_path(records_settings: Any):
    import re

    from fastapi.testclient import TestClient

    from sanctuary.services.site import Limits
    from sanctuary.web import WebSettings, create_app

    app = create_app(WebSettings(records=records_settings, limits=Limits()))
    app.state.site.accounts.add_user("desk", "front_desk", "correct horse battery", language="en")
    with TestClient(app, base_url="https://testserver") as web:
        login = re.search(r'name="csrf_token" value="([^"]*)"', web.get("/login").text)
        assert login is not None
        web.post("/login", data={"name": "desk", "password": "correct horse battery", "csrf_token": login.group(1)})
        token = re.search(r'name="csrf_token" value="([^"]*)"', web.get("/").text)
        assert token is not None
        answer = web.post(
            "/api/read", files={"file": ("tall.png", png(1, 20_000))}, headers={"X-CSRF-Token": token.group(1)}
        )
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert "not a paper" in error
    assert "sanctuary-upload" not in error
    assert "paper.png" in error  # the upload is named as stored, never by its folder
