"""Reports as people read them: in Spanish as in English, on the city's calendar, on US Letter,
as a tagged PDF, and honest about noise."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zoneinfo
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from sanctuary.reports import (
    KINDS,
    Attestation,
    CaseFact,
    CheckpointInfo,
    DutyFact,
    build_report,
    headline,
    html_text,
    parse_period,
    render,
    to_json,
)
from sanctuary.reports._wording import SPANISH

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
LA = zoneinfo.ZoneInfo("America/Los_Angeles")
ACTIONS = ("hold", "transfer_custody", "interview", "share_data", "notify_release", "enter_facility", "assist")
CHECKPOINT = CheckpointInfo(7, "sanctuary.example/ledger", 4200, "ab" * 32, dt.datetime(2026, 1, 2, tzinfo=dt.UTC), "n")


def cases(n: int, seed: int = 7) -> list[CaseFact]:
    """``n`` cases of 2025 across departments, settings, requesters, papers, outcomes and duties."""
    rng = random.Random(seed)  # noqa: S311 - fictitious cases, not secrets
    found = []
    for _ in range(n):
        found.append(
            CaseFact(
                opened_at=dt.datetime(2025, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), tzinfo=dt.UTC),
                action=rng.choice(ACTIONS),
                department=rng.choice(("Police", "Library", "Schools", None)),
                setting=rng.choice(("police", "jail", "school", "library", None)),
                requester=rng.choice(("federal_immigration", "federal_other", "state_local_in_state", None)),
                acting_for_immigration=rng.random() < 0.2,
                purpose=rng.choice(("civil_immigration", "task_force", "criminal_other", None)),
                assist_kind=rng.choice(("joint_operation", None)),
                instrument=rng.choice(("detainer", "judicial_warrant", "administrative_warrant", None)),
                data=tuple(rng.sample(("release_date", "home_address", "immigration_status"), 2)),
                history=rng.choice((None, (), ("violent_felony",), ("serious_felony",))),
                outcome=rng.choice(("comply", "decline", "refer", "partial", "stand_aside", None)),
                counsel_outcome=rng.choice((None, None, "decline", "comply")),
                duties=tuple(
                    DutyFact(ob, dt.date(2025, 6, 1), rng.choice((None, dt.datetime(2025, 5, 1, tzinfo=dt.UTC))))
                    for ob in rng.sample(("notify_subject", "public_record", "notify_counsel"), 2)
                ),
                packs=(("us-ca-los-angeles", "1.1.0", "sha256:" + "0" * 64),),
            )
        )
    return found


class _Text(HTMLParser):
    """The text a reader sees: text nodes and SVG titles, never markup."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"style", "code", "pre"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "code", "pre"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.found.append(data.strip())


def texts(page: str) -> set[str]:
    parser = _Text()
    parser.feed(page)
    return set(parser.found)


#: Words a Spanish report shares with the English one by right: citations, names, codes, numbers.
SHARED = re.compile(
    r"^(Total|A4|ICE|LAPD|Police|Library|Schools|source: .*|.*§.*|L\.A\. .*|.*Cal\. .*|"
    r"LAPD annual report to the Police Commission|us-ca-los-angeles.*|\[[VSU]\]:?|[\d,.<\-\u2014: ]+|"
    r"\d{4}(Q\d|-\d{2})?.*)$"
)


def report_pages(kind: str, lang: str, facts: list[CaseFact], **options: object) -> str:
    period = parse_period("2025", now=NOW, zone=LA)
    attestation = Attestation(CHECKPOINT, None, 10_000)
    report = build_report(kind, period, facts, attestation=attestation, generated_at=NOW, lang=lang, **options)  # type: ignore[arg-type]
    return html_text(report, back="/reports")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_english_leaks_into_a_spanish_report(kind: str) -> None:
    """Every sentence of the Spanish page differs from the English page's, beyond citations and names."""
    for facts in (cases(400), []):
        english = texts(report_pages(kind, "en", facts))
        spanish = texts(report_pages(kind, "es", facts))
        leaked = sorted(t for t in spanish & english if re.search(r"[A-Za-z]{3}", t) and not SHARED.match(t))
        assert not leaked, f"English words on the Spanish {kind} page: {leaked[:8]}"
        assert not any(t in spanish for t in SPANISH if len(t) > 12 and SPANISH[t] != t), "an untranslated sentence"


def test_a_noisy_spanish_report_is_spanish_too() -> None:
    pytest.importorskip("opendp")
    english = texts(report_pages("council", "en", cases(60), epsilon=0.05))
    spanish = texts(report_pages("council", "es", cases(60), epsilon=0.05))
    leaked = sorted(t for t in spanish & english if re.search(r"[A-Za-z]{3}", t) and not SHARED.match(t))
    assert not leaked


def test_a_running_period_is_reported_in_spanish() -> None:
    period = parse_period("2026", now=NOW, zone=LA)
    report = build_report("transparency", period, cases(50), generated_at=NOW, lang="es")
    page = html_text(report)
    assert "hasta la fecha" in page
    assert "to date" not in page


def test_every_category_reads_as_words_not_codes() -> None:
    report = build_report("transparency", parse_period("2025", now=NOW, zone=LA), cases(300), generated_at=NOW)
    labels = [
        label for table in report.tables for dim in (table.rows, table.columns) if dim for _, label in dim.categories
    ]
    for code in ("federal_immigration", "share_data", "stand_aside", "notify_subject", "not_recorded", "task_force"):
        assert code not in labels
    assert "Stood aside" in labels
    assert "Referred to counsel" in labels
    assert "Give the person a copy of the request" in labels
    forum = build_report("truth-forum", parse_period("2025", now=NOW, zone=LA), cases(300), generated_at=NOW)
    months = next(t for t in forum.tables if t.rows.variable == "month")
    assert [label for _, label in months.rows.categories][:2] == ["January 2025", "February 2025"]


def test_months_and_periods_follow_the_city_calendar() -> None:
    """A case opened at 3 a.m. UTC on 1 January is New Year's Eve in Los Angeles."""
    late = CaseFact(opened_at=dt.datetime(2025, 1, 1, 3, tzinfo=dt.UTC), action="hold", requester="federal_immigration")
    utc = build_report("truth-forum", parse_period("2025", now=NOW), [late], generated_at=NOW)
    local = build_report("truth-forum", parse_period("2025", now=NOW, zone=LA), [late], generated_at=NOW)
    assert utc.populations[0].total.value == 1
    assert local.populations[0].total.value == 0  # 31 December 2024 in Los Angeles: outside the year
    december = build_report("truth-forum", parse_period("2024-12", now=NOW, zone=LA), [late], generated_at=NOW)
    assert december.populations[0].total.value == 1
    assert parse_period("2025", now=NOW, zone=LA).start_moment == dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC)


def test_times_on_the_page_are_local_and_readable() -> None:
    report = build_report("council", parse_period("2025", now=NOW, zone=LA), cases(30), generated_at=NOW)
    page = html_text(report)
    assert "June 1, 2026" not in page or "PDT" in page
    assert "1 Jun 2026, 5:00 AM PDT" in page  # 12:00 UTC
    assert "January 1, 2025 to December 31, 2025" in page
    assert "+00:00" not in page
    assert "T12:00" not in page
    spanish = html_text(
        build_report("council", parse_period("2025", now=NOW, zone=LA), [], generated_at=NOW, lang="es")
    )
    assert "del 1 de enero de 2025 al 31 de diciembre de 2025" in spanish
    assert "1 jun 2026, 05:00 PDT" in spanish


def test_no_stray_markup_on_the_page() -> None:
    report = build_report("council", parse_period("2025", now=NOW, zone=LA), cases(30), generated_at=NOW)
    seen = " ".join(texts(html_text(report)))
    assert "`" not in seen
    assert "<code>sanctuary ledger export OUT</code>" in html_text(report)
    assert "_" not in re.sub(r"https?://\S+", "", seen.replace("notify_subject", "!!"))


def test_a_link_back_only_when_served_by_the_app() -> None:
    report = build_report("council", parse_period("2025", now=NOW, zone=LA), [], generated_at=NOW)
    assert '<nav class="back"><a href="/reports">' in html_text(report, back="/reports")
    assert "<nav" not in html_text(report)


@pytest.mark.parametrize(("paper", "size"), [("letter", (612, 792)), ("a4", (595, 842))])
def test_the_pdf_is_tagged_and_on_the_chosen_paper(paper: str, size: tuple[int, int]) -> None:
    period = parse_period("2025", now=NOW, zone=LA)
    report = build_report("transparency", period, cases(200), generated_at=NOW, lang="es")
    reader = PdfReader(io.BytesIO(render(report, "pdf", paper=paper)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged: headings, tables and figures in a structure tree
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "es"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    words = " ".join(page.extract_text() for page in reader.pages)
    assert "Solicitudes por departamento y resultado" in words
    assert "página 1 de" in words
    assert "Hacerse" not in words  # outcomes read as what happened, not as the front desk's instruction
    assert "Se rechazó" in words


def test_the_pdf_draws_the_bar_charts() -> None:
    import pdfplumber

    report = build_report("council", parse_period("2025", now=NOW, zone=LA), cases(300), generated_at=NOW)
    with pdfplumber.open(io.BytesIO(render(report, "pdf"))) as pdf:
        bars = [
            rect for page in pdf.pages for rect in page.rects if rect["non_stroking_color"] not in (None, (1,), [1])
        ]
        words = " ".join(page.extract_text() for page in pdf.pages)
    tables = len(report.tables)
    assert len(bars) >= 3 * tables  # each table's chart has a filled bar for every row with a count
    assert "Give them information or records" in words  # the chart's labels are not cut off


def test_large_noise_is_flagged_and_the_headline_never_passes_noise_for_fact() -> None:
    pytest.importorskip("opendp")
    period = parse_period("2025", now=NOW, zone=LA)
    noisy = build_report("council", period, cases(40), generated_at=NOW, epsilon=0.1)
    assert noisy.warnings, "a 0.1 epsilon on a few dozen cases must be flagged"
    line = headline(noisy, noisy.populations[0])
    assert line.startswith("Total cases: about ")
    assert "not published" in line
    page = html_text(noisy)
    assert 'class="warning"' in page
    assert to_json(noisy)["warnings"] == noisy.warnings
    steady = build_report("transparency", period, cases(4000), generated_at=NOW, epsilon=5.0)
    assert steady.populations[0].total.published is not None
    assert not [w for w in steady.warnings if "cases" in w]
    exact = build_report("council", period, cases(40), generated_at=NOW)
    assert exact.warnings == []
    assert headline(exact, exact.populations[0]).startswith("Total cases: ")
    assert "about" not in headline(exact, exact.populations[0])


def test_an_unknown_language_is_refused_with_the_choices() -> None:
    from sanctuary.model import InputError

    with pytest.raises(InputError, match="en, es"):
        build_report("council", parse_period("2025", now=NOW), [], generated_at=NOW, lang="fr")
