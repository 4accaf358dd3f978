"""Spanish, complete: every page each role can reach, read in Spanish, has no English left on it.

The app is started with its demo data; for each role the test follows every link from the home
page (a few of each kind of page), once with the user's language set to English and once to
Spanish, and also posts a decision and a paper. A sentence that is the same on both pages is
English left untranslated, unless it is marked as another language on purpose (``lang="en"``, as
the staff script in English beside the Spanish one), is a name or a citation (``translate="no"``,
``<cite>``, ``<code>``), or is one of the few words both languages share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sanctuary.model.labels import CATALOGUE
from sanctuary.policy import available_packs, load_stack
from sanctuary.records import Settings
from sanctuary.web import WebSettings, create_app
from sanctuary.web.i18n import load_catalogs

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "examples" / "papers" / "federal-arrest-warrant-ao442.txt"
CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')
#: Links not followed: leaving, downloads and machine formats.
SKIP = re.compile(r"^/(logout|api/|openapi|docs|static/)|\.(json|csv|pdf|jsonl|zip|parquet|html)$|/export|/download")
#: Sentences both languages share by right: numbers and marks, codes and ids, names of programs.
SHARED = re.compile(
    r"^([\W\d_]+|[A-Z]{2,6}(-\d+)?|[A-Z]{2,4}-\d{4}-\d+.*|Sanctuary|fax|total|Total|No|A4|"
    r"https?://\S+|[\w.+-]+@[\w.-]+|v?\d+(\.\d+)+)$"
)
#: Words the Spanish catalogue keeps as they are on purpose (California, Boston).
SAME_IN_SPANISH = {msgid for msgid, text in load_catalogs()["es"].items() if msgid == text}
VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "col", "area", "base", "wbr"})
SKIPPED_TAGS = {"style", "script", "code", "pre", "cite", "kbd", "samp"}
#: At most this many pages of one shape (``/cases/<id>``) are read per role.
PER_SHAPE = 2
ROLES = (
    ("front_desk", "demo-front-desk"),
    ("counsel", "demo-counsel-pass"),
    ("auditor", "demo-auditor-pass"),
    ("admin", "demo-admin-password"),
)


class PageText(HTMLParser):
    """The sentences a reader of the page's own language sees, and the page's links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.links: list[str] = []
        self._stack: list[bool] = []  # per open element: whether its text is left out
        self._page_lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self._page_lang = values.get("lang") or ""
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag in VOID:
            return
        other_language = bool(values.get("lang")) and values.get("lang") != self._page_lang
        hidden = tag in SKIPPED_TAGS or values.get("translate") == "no" or other_language
        self._stack.append(hidden or (bool(self._stack) and self._stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not (self._stack and self._stack[-1]):
            self.found.append(text)


def read(html: str) -> PageText:
    parser = PageText()
    parser.feed(html)
    return parser


def shape(path: str) -> str:
    return re.sub(r"/[0-9a-f]{16,}|/\d+", "/<id>", path.split("?")[0])


def crawl(client: TestClient, start: str = "/", limit: int = 70) -> dict[str, str]:
    """Every page reachable from ``start`` by links (a few of each shape): path -> HTML."""
    pages: dict[str, str] = {}
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    queue = [start]
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        if shapes.get(shape(path), 0) >= PER_SHAPE:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        shapes[shape(path)] = shapes.get(shape(path), 0) + 1
        pages[path] = response.text
        for link in read(response.text).links:
            target = link.split("#")[0]
            if target.startswith("/") and not target.startswith("//") and not SKIP.search(target.split("?")[0]):
                queue.append(target)
    return pages


def english_catalogue() -> set[str]:
    """Every English phrase the app knows and has Spanish for: labels, page text, and what the bundled
    packs say of their rules and duties. None of them may appear on a Spanish page."""
    spanish = load_catalogs()["es"]
    phrases = {msgid for msgid, text in spanish.items() if text != msgid}
    phrases |= {entry.en for vocabulary in CATALOGUE.values() for entry in vocabulary.values() if entry.en != entry.es}
    for pack in available_packs():
        for rule in load_stack(pack).rules:
            phrases.add(rule.summary)
            phrases.add(rule.text.en)
            phrases |= {duty.who for duty in rule.obligations} | {duty.due for duty in rule.obligations}
            phrases |= {duty.text.en for duty in rule.obligations}
    # Two words at least: a single word ("Status") may be part of a name or of another language's word.
    return {phrase for phrase in phrases if len(phrase.split()) >= 2 and "{" not in phrase}


ENGLISH = english_catalogue()


def catalogue_leaks(spanish: str) -> list[str]:
    """English phrases of the app's own catalogue found in the Spanish page's text."""
    text = " | ".join(read(spanish).found)
    return sorted(phrase for phrase in ENGLISH if phrase in text)


def leaks(english: str, spanish: str) -> list[str]:
    """Sentences of the Spanish page that are word for word on the English page."""
    shown_in_english = set(read(english).found)
    return sorted(
        {
            text
            for text in read(spanish).found
            if text in shown_in_english
            and re.search(r"[A-Za-z]{3}", text)
            and not all(SHARED.match(part) or part in SAME_IN_SPANISH for part in text.split(" \u00b7 "))
        }
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, TestClient]]:
    folder = tmp_path_factory.mktemp("spanish")
    settings = Settings(
        data_dir=folder / "var", database_url=f"sqlite:///{folder / 'w.db'}", key_dir=folder / "keys", origin="t/l"
    )
    app = create_app(WebSettings(records=settings, demo=True))
    with TestClient(app, base_url="https://testserver") as client:
        yield app, client


def log_in(client: TestClient, name: str, password: str) -> str:
    client.cookies.clear()
    token = CSRF.search(client.get("/login").text)
    assert token is not None
    response = client.post("/login", data={"name": name, "password": password, "csrf_token": token.group(1)})
    assert response.status_code == 200, response.text[:300]
    found = CSRF.search(client.get("/").text)
    assert found is not None
    return found.group(1)


def results(client: TestClient, token: str, role: str) -> dict[str, str]:
    """Pages that only a form's answer shows: a decision, and a paper read."""
    shown = {
        "POST /try": client.post(
            "/try",
            data={
                "csrf_token": token,
                "pack": "us-ca-los-angeles",
                "action": "share_data",
                "setting": "police",
                "requester.kind": "federal_immigration",
                "purpose": "civil_immigration",
                "data": ["home_address", "immigration_status"],
                "instrument.type": "administrative_warrant",
            },
        ).text
    }
    if role != "auditor":
        with PAPER.open("rb") as paper:
            shown["POST /read"] = client.post(
                "/read", data={"csrf_token": token}, files={"paper": (PAPER.name, paper, "text/plain")}
            ).text
    return shown


@pytest.mark.parametrize(("role", "password"), ROLES)
def test_every_page_is_spanish_for_a_spanish_reader(demo: tuple[Any, TestClient], role: str, password: str) -> None:
    app, client = demo
    token = log_in(client, role, password)
    user = next(u for u in app.state.site.accounts.users() if u.name == role)
    seen: dict[str, dict[str, str]] = {}
    for language in ("en", "es"):
        app.state.site.accounts.set_language(user.id, language)
        seen[language] = {**crawl(client), **results(client, token, role)}
    assert len(seen["es"]) >= 5, f"the crawl reached only {sorted(seen['es'])}"
    found = {path: leaks(seen["en"][path], page) for path, page in seen["es"].items() if path in seen["en"]}
    found = {path: words for path, words in found.items() if words}
    found |= {f"{path} (catalogue)": words for path, page in seen["es"].items() if (words := catalogue_leaks(page))}
    assert not found, "English on Spanish pages:\n" + "\n".join(f"{p}: {w[:6]}" for p, w in sorted(found.items()))
    for path, page in seen["es"].items():
        assert '<html lang="es"' in page, path
