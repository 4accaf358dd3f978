"""The interview keeps a paper up to the documented size (about 15 MB).

Before, a paper over about 768 KB was lost at the step after its upload ("Field exceeded maximum
size of 1024KB"): the interview carries the paper base64-encoded in a hidden field, and the form
parser refused any text field over 1 MiB. Fields may now be as large as a paper in base64; the
body as a whole stays bounded by the route's limit.
"""

from __future__ import annotations

import io
import re
import secrets
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from web_helpers import client, login, make_app

ROOT = Path(__file__).resolve().parents[2]
TEXT_PDF = ROOT / "tests" / "corpus" / "documents" / "004-ao442-sdny-clerk.pdf"
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
HEADING = re.compile(r"<h1>(.*?)</h1>")


def large_pdf(size: int) -> bytes:
    """A warrant with a text layer, made ``size`` bytes large by an attachment the reader ignores."""
    writer = PdfWriter()
    for page in PdfReader(TEXT_PDF).pages:
        writer.add_page(page)
    writer.add_attachment("scan-of-the-back.bin", secrets.token_bytes(size))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def form_of(html: str, action: str = "/interview") -> dict[str, Any]:
    start = html.index(f'action="{action}"')
    fields: dict[str, Any] = {}
    for name, value in HIDDEN.findall(html[start : html.index("</form>", start)]):
        value = value.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
        existing = fields.get(name)
        fields[name] = (
            value if existing is None else [*existing, value] if isinstance(existing, list) else [existing, value]
        )
    return fields


def heading(html: str) -> str:
    found = HEADING.search(html)
    assert found is not None
    return found.group(1)


def test_a_paper_of_12_mb_travels_through_the_interview_and_is_saved(records_settings: Any) -> None:
    app = make_app(records_settings)
    web = client(app)
    assert login(web, "front_desk").status_code == 303
    html = web.get("/interview").text
    # A transfer whose paper nobody can read leaves questions to ask: the paper must ride along each step.
    for value in ("jail", "transfer_custody", "federal_immigration"):
        html = web.post("/interview", data={**form_of(html), "go": "next", "answer": value}).text
    paper = large_pdf(12 * 1024 * 1024)
    uploaded = web.post("/interview", data={**form_of(html), "go": "next"}, files={"paper": ("warrant.pdf", paper)})
    assert uploaded.status_code == 200, uploaded.text[:500]
    html = uploaded.text
    assert 'class="verdict"' in html
    steps = 0
    while heading(html) != "What to do":  # every step carries the 16 MB of base64 on
        response = web.post("/interview", data={**form_of(html), "go": "unknown"})
        assert response.status_code == 200, response.text[:500]
        html = response.text
        steps += 1
    assert steps >= 1
    saved = web.post("/interview/save", data=form_of(html, "/interview/save"))
    assert saved.status_code == 200, saved.text[:500]
    case_id = re.search(r'class="case-id">([0-9a-f]{32})<', saved.text)
    assert case_id is not None
    _name, content = app.state.site.document(case_id.group(1), 1)
    assert content == paper


def test_a_paper_dropped_on_the_way_is_asked_for_again(records_settings: Any) -> None:
    """A verdict without its paper (too large to carry through a new login) drops the paper's answers."""
    web = client(make_app(records_settings))
    assert login(web, "front_desk").status_code == 303
    html = web.get("/interview").text
    for value in ("jail", "hold", "federal_immigration"):
        html = web.post("/interview", data={**form_of(html), "go": "next"} | {"answer": value}).text
    paper = large_pdf(1024)
    html = web.post("/interview", data={**form_of(html), "go": "next"}, files={"paper": ("w.pdf", paper)}).text
    fields = form_of(html)
    assert fields["paper_data"]
    del fields["paper_data"]
    again = web.post("/interview", data={**fields, "go": "unknown"})
    assert heading(again.text) == "What paper did they show you?"
