"""Access-log audits (`sanctuary guard audit`): planted violations, false positives, lines, bad input, outputs."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sanctuary.cli import app
from sanctuary.dataguard.audits import RULES, AuditRun, audit, normalize, resolve, rules_for
from sanctuary.dataguard.audits import _reader as reader_module
from sanctuary.dataguard.audits.samples import VARIANTS, write_sample_log
from sanctuary.model import InputError

runner = CliRunner()

FLOCK = [
    "ID", "Name", "Org Name", "Total Networks Searched", "Time Frame", "License Plate", "Reason", "Case #",
    "Filters", "Search Time", "Search Type", "Text Prompt", "Moderation",
]  # fmt: skip


def flock_row(reason: str = "Stolen vehicle", case: str = "25-000123", org: str = "Santa Ana PD", **extra: str) -> dict:
    row = dict.fromkeys(FLOCK, "")
    row.update(
        {
            "ID": "1",
            "Name": "T. Officer",
            "Org Name": org,
            "Total Networks Searched": "12",
            "Time Frame": "03/06/2025 13:00 -\n03/06/2025 14:00",
            "License Plate": "***",
            "Reason": reason,
            "Case #": case,
            "Search Time": "2025-03-06 13:05:00",
            "Search Type": "Plate",
        }
    )
    row.update(extra)
    return row


def write_csv(path: Path, headers: list[str], rows: list[dict], *, newline: str = "\n") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator=newline)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return path


def found(path: Path, kind: str = "alpr") -> set[tuple[int, str]]:
    return {(f["line"], f["rule"]) for f in audit(path, kind)["findings"]}


# -- planted violations, every kind and variant ------------------------------------------------------


@pytest.mark.parametrize(("kind", "variant"), [(k, v) for k, vs in VARIANTS.items() for v in vs])
def test_every_planted_violation_is_found_with_its_rule_and_line_and_nothing_else(
    tmp_path: Path, kind: str, variant: str
) -> None:
    log = write_sample_log(tmp_path / f"{kind}-{variant}.log", kind, 3000, variant=variant, rate=0.06, seed=7)
    assert len(log.planted) > 100
    assert {p.rule for p in log.planted} <= {r.id for r in rules_for(kind)}
    report = audit(log.path, kind)
    assert {(f["line"], f["rule"]) for f in report["findings"]} == log.labels()
    assert report["summary"]["rows"] == 3000


@pytest.mark.parametrize(("kind", "variant"), [(k, v) for k, vs in VARIANTS.items() for v in vs])
def test_clean_logs_have_no_findings(tmp_path: Path, kind: str, variant: str) -> None:
    log = write_sample_log(tmp_path / "clean.log", kind, 4000, variant=variant, rate=0.0, seed=11)
    assert log.planted == []
    report = audit(log.path, kind)
    assert report["findings"] == []
    assert report["summary"]["findings"] == 0


def test_sample_logs_are_deterministic(tmp_path: Path) -> None:
    one = write_sample_log(tmp_path / "a.csv", "alpr", 500, seed=3)
    two = write_sample_log(tmp_path / "b.csv", "alpr", 500, seed=3)
    three = write_sample_log(tmp_path / "c.csv", "alpr", 500, seed=4)
    assert one.path.read_bytes() == two.path.read_bytes() != three.path.read_bytes()
    assert one.planted == two.planted


# -- ALPR words: true and false positives ------------------------------------------------------------

IMMIGRATION_REASONS = [
    "ICE", "ice warrant", "ICE+ERO", "ICE/HSI joint", "I.C.E. request", "immigration violation",
    "illegal immigration", "Deportation", "deported subject", "HSI request", "assist CBP", "per DHS",
    "287(g) task force", "287 (g)", "287g", "Border Patrol assist", "USBP", "ERO target", "removal order",
    "subject pending removal", "final order of removal",
    "Inmigración", "USCIS", "undocumented", "detainer follow-up", "visa overstay",
]  # fmt: skip
CLEAN_REASONS = [
    "police notice", "Office burglary", "device theft", "Alice M. missing", "notice of violation",
    "Justice center vandalism", "service station robbery", "ice cream truck robbery", "black ice collision",
    "vehicle removal (tow)", "graffiti removal crew", "slice of pizza theft", "price tag fraud", "advice line",
    "Beatrice St shooting", "zero plate hit", "hero ave", "heroin sales", "Vice unit", "deportment class",
    "Chicestr", "Nero St", "emigrated", "policeman", "Rice Rd", "tint removal", "catalytic converter removal",
    "unlawful detainer lockout", "sticker removed",
]  # fmt: skip


@pytest.mark.parametrize("reason", IMMIGRATION_REASONS)
def test_immigration_reasons_are_found(tmp_path: Path, reason: str) -> None:
    path = write_csv(tmp_path / "log.csv", FLOCK, [flock_row(reason)])
    report = audit(path, "alpr")
    assert [(f["line"], f["rule"]) for f in report["findings"]] == [(2, "alpr.reason.immigration")]
    evidence = report["findings"][0]["evidence"]
    assert evidence["column"] == "Reason"
    assert evidence["matched"]
    assert evidence["matched"].lower() in reason.lower()


@pytest.mark.parametrize("reason", CLEAN_REASONS)
def test_words_that_contain_immigration_terms_are_not_findings(tmp_path: Path, reason: str) -> None:
    path = write_csv(tmp_path / "log.csv", FLOCK, [flock_row(reason)])
    assert found(path) == set()


def test_terms_in_text_prompt_case_and_filters_are_found(tmp_path: Path) -> None:
    rows = [
        flock_row(**{"Text Prompt": "white van used by ICE", "Search Type": "Text"}),
        flock_row(case="ICE-2025-0042"),
        flock_row(Filters="Hotlist: NCIC Immigration Violator"),
    ]
    report = audit(write_csv(tmp_path / "log.csv", FLOCK, rows), "alpr")
    assert [(f["line"], f["rule"], f["evidence"]["column"]) for f in report["findings"]] == [
        (2, "alpr.reason.immigration", "Text Prompt"),
        (4, "alpr.reason.immigration", "Case #"),
        (6, "alpr.reason.immigration", "Filters"),
    ]


def test_dropdown_in_reason_or_offense_type(tmp_path: Path) -> None:
    headers = ["Name", "Org Name", "Offense Type", "Reason", "Case #"]
    rows = [
        {"Name": "a", "Org Name": "San Diego PD", "Offense Type": "Immigration (civil/administrative)"},
        {"Name": "b", "Org Name": "San Diego PD", "Offense Type": "Robbery"},
        {"Name": "c", "Org Name": "San Diego PD", "Reason": "Immigration (Civil/Administrative)"},
        {"Name": "d", "Org Name": "San Diego PD", "Offense Type": "Other"},
    ]
    assert found(write_csv(tmp_path / "log.csv", headers, rows)) == {
        (2, "alpr.reason.immigration_dropdown"),
        (4, "alpr.reason.immigration_dropdown"),
        (5, "alpr.reason.missing"),
    }


@pytest.mark.parametrize(
    ("org", "rule"),
    [
        ("ICE ERO Los Angeles", "alpr.requester.immigration_agency"),
        ("U.S. Customs and Border Protection", "alpr.requester.immigration_agency"),
        ("Homeland Security Investigations", "alpr.requester.immigration_agency"),
        ("FBI Los Angeles", "alpr.requester.federal"),
        ("Langley AFB", "alpr.requester.federal"),
        ("U.S. Marshals Service", "alpr.requester.federal"),
        ("Dallas TX PD", "alpr.requester.out_of_state"),
        ("Danville PD (IL)", "alpr.requester.out_of_state"),
        ("Texas DPS", "alpr.requester.out_of_state"),
        ("Cobb County PD, GA", "alpr.requester.out_of_state"),
        ("Nevada County Sheriff's Office", None),
        ("California Department of Justice", None),
        ("Office of the Sheriff, Alameda County", None),
        ("LA County Sheriff's Department", None),
        ("SD PD", None),
        ("Police Services, City of Orange", None),
    ],
)
def test_requesting_organizations(tmp_path: Path, org: str, rule: str | None) -> None:
    path = write_csv(tmp_path / "log.csv", FLOCK, [flock_row(org=org)])
    assert found(path) == ({(2, rule)} if rule else set())


def test_vague_missing_and_redacted_reasons(tmp_path: Path) -> None:
    rows = [
        flock_row("investigation", ""),
        flock_row("inv", "25-001234"),
        flock_row("", ""),
        flock_row("check", "***"),
        flock_row("***", ""),
        flock_row("Daytime search for best result", ""),
        flock_row("Robbery suspect", ""),
    ]
    assert found(write_csv(tmp_path / "log.csv", FLOCK, rows)) == {
        (2, "alpr.reason.vague"),
        (6, "alpr.reason.missing"),
        (8, "alpr.reason.vague"),
        (10, "alpr.reason.redacted"),
        (12, "alpr.reason.vague"),
    }


def test_network_threshold_is_configurable(tmp_path: Path) -> None:
    from sanctuary.dataguard.audits import AlprOptions, AuditOptions

    rows = [flock_row(**{"Total Networks Searched": n}) for n in ("6,674", "500", "501", "***", "")]
    path = write_csv(tmp_path / "log.csv", FLOCK, rows)
    assert found(path) == {(2, "alpr.search.many_networks"), (6, "alpr.search.many_networks")}
    strict = audit(path, "alpr", AuditOptions(alpr=AlprOptions(max_networks=100)))
    assert {f["line"] for f in strict["findings"]} == {2, 4, 6}


# -- columns by header -----------------------------------------------------------------------------


def test_headers_are_found_whatever_their_case_spacing_order_and_names(tmp_path: Path) -> None:
    headers = ["\ufeffsearch_reason", " CASE NUMBER", "agency", "user name", "Extra Column", "networks  searched"]
    rows = [
        {"\ufeffsearch_reason": "ICE", " CASE NUMBER": "25-1", "agency": "San Diego PD", "user name": "x"},
        {"\ufeffsearch_reason": "stolen", " CASE NUMBER": "25-2", "agency": "Texas DPS", "user name": "y"},
        {"\ufeffsearch_reason": "stolen", " CASE NUMBER": "25-3", "networks  searched": "9000"},
    ]
    report = audit(write_csv(tmp_path / "log.csv", headers, rows), "alpr")
    assert {(f["line"], f["rule"]) for f in report["findings"]} == {
        (2, "alpr.reason.immigration"),
        (3, "alpr.requester.out_of_state"),
        (4, "alpr.search.many_networks"),
    }
    assert report["summary"]["columns"]["reason"] == "search_reason"
    assert report["summary"]["read_path"] == "fast"
    assert normalize("Total_Networks  Searched") == normalize("total networks searched")


def test_missing_required_column_names_it_and_the_accepted_variants(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "log.csv", ["Name", "Org Name", "Case #"], [{"Name": "x"}])
    with pytest.raises(InputError) as caught:
        audit(path, "alpr")
    message = str(caught.value)
    assert "reason" in message
    assert "'Search Reason'" in message
    assert "'Org Name'" in message


def test_a_log_of_another_kind_is_refused(tmp_path: Path) -> None:
    log = write_sample_log(tmp_path / "db.csv", "db", 10)
    with pytest.raises(InputError, match="--kind db"):
        audit(log.path, "alpr")
    with pytest.raises(InputError, match="--kind db"):
        audit(log.path, "email")


def test_resolve_is_by_header_never_position() -> None:
    columns = resolve("alpr", ["Case #", "Moderation", "Reason"], "x")
    assert columns.roles == {"reason": 2, "case": 0}


# -- lines -----------------------------------------------------------------------------------------


def test_lines_count_quoted_newlines_blank_lines_and_crlf(tmp_path: Path) -> None:
    rows = [
        flock_row("stolen"),
        flock_row("ICE", **{"Time Frame": "a\nb\nc"}),
        flock_row("note\nspanning lines"),
        flock_row("HSI"),
    ]
    for newline in ("\n", "\r\n"):
        path = write_csv(tmp_path / "log.csv", FLOCK, rows, newline=newline)
        # rows span 2, 3, 3 and 2 lines: they start at lines 2, 4, 7, 10
        assert found(path) == {(4, "alpr.reason.immigration"), (10, "alpr.reason.immigration")}
    text = path.read_bytes().decode("utf-8")
    head, rest = text.split("\r\n", 1)
    path.write_text(head + "\r\n\r\n" + rest + "\r\n", encoding="utf-8", newline="")
    report = audit(path, "alpr")
    assert {(f["line"], f["rule"]) for f in report["findings"]} == {
        (5, "alpr.reason.immigration"),
        (11, "alpr.reason.immigration"),
    }
    assert report["summary"]["blank_rows"] == 2


def test_lines_are_right_across_batch_boundaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = write_sample_log(tmp_path / "log.csv", "alpr", 1500, rate=0.05, variant="renamed")
    expected = log.labels()
    monkeypatch.setattr(reader_module, "BLOCK_BYTES", 4096)
    with AuditRun(log.path, "alpr") as run:
        run.run()
        assert {(f["line"], f["rule"]) for f in run.findings()} == expected
        assert run.summary.rows == 1500


cell = st.lists(st.sampled_from([*'ab ,"\n\r', "\r\n", "ICE", '""']), max_size=8).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(cell, cell, st.booleans()), min_size=1, max_size=30), crlf=st.booleans())
def test_lines_match_the_file_for_any_quoting(tmp_path: Path, rows: list[tuple[str, str, bool]], crlf: bool) -> None:
    """Random cells with quotes, commas, LF, CR and CRLF; rows marked True carry an immigration reason.

    Written as RFC 4180 writers do (a cell holding CR or LF is quoted). "ICE" in the Notes column
    (not a role the audit reads) must never be a finding.
    """
    buffer = io.StringIO()
    if crlf:
        writer = csv.writer(buffer, lineterminator="\r\n")
    else:
        writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(["Reason", "Notes", "Case #"])
    line = 2
    expected = set()
    for notes, other, plant in rows:
        reason = "ICE" if plant else "stolen"
        cells = [reason, notes, f"25-{len(other):04d}"]
        writer.writerow(cells)
        if plant:
            expected.add((line, "alpr.reason.immigration"))
        line += 1 + sum(c.count("\n") for c in cells)
    path = tmp_path / "log.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    got = {(f["line"], f["rule"]) for f in audit(path, "alpr")["findings"]}
    assert got == expected


def test_malformed_rows_are_reported_with_lines_and_the_rest_still_audited(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        'Reason,Case #,Org Name\nICE,25-1,Santa Ana PD\ntoo,many,fields,here\n"multi\nline",25-2,x\nHSI,25-3\n'
        "ICE+ERO,25-4,Texas DPS\n",
        encoding="utf-8",
    )
    report = audit(path, "alpr")
    assert {(f["line"], f["rule"]) for f in report["findings"]} == {
        (2, "alpr.reason.immigration"),
        (7, "alpr.reason.immigration"),
        (7, "alpr.requester.out_of_state"),
    }
    summary = report["summary"]
    assert summary["malformed_rows"] == 2
    assert [m["line"] for m in summary["malformed"]] == [3, 6]
    assert summary["read_path"] == "exact"


def test_bytes_that_are_not_utf8_do_not_stop_the_audit(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(b"Reason,Case #\nCaf\xe9 robbery,25-1\nICE,25-2\n")
    report = audit(path, "alpr")
    assert [(f["line"], f["rule"]) for f in report["findings"]] == [(3, "alpr.reason.immigration")]
    assert report["summary"]["undecodable_bytes_replaced"] is True


def test_json_lines_blank_and_malformed_lines(tmp_path: Path) -> None:
    path = tmp_path / "mail.jsonl"
    path.write_text(
        '{"timestamp": "2025-03-22T18:59:00Z", "from": "a@lacity.org", "to": ["x@ice.dhs.gov", "y@lacity.org"]}\n'
        "\n"
        "{not json}\n"
        '{"from": "b@lacity.org", "to": "c@lacity.org", "subject": "ICE detainer", "size": 12}\n'
        "[1, 2]\n"
        '{"from": "d@lacity.org", "to": "e@fbi.gov", "attachments": ["arrests_export.csv"], "size": "2000000"}\n',
        encoding="utf-8",
    )
    report = audit(path, "email")
    assert {(f["line"], f["rule"]) for f in report["findings"]} == {
        (1, "email.recipient.immigration_agency"),
        (4, "email.subject.immigration"),
        (6, "email.attachment.bulk_federal"),
    }
    first = report["findings"][0]["evidence"]
    assert first["cells"]["timestamp"] == "2025-03-22T18:59:00Z"
    assert first["cells"]["to"] == "x@ice.dhs.gov, y@lacity.org"
    assert first["matched"] == "x@ice.dhs.gov"
    summary = report["summary"]
    assert summary["blank_rows"] == 1
    assert [m["line"] for m in summary["malformed"]] == [3, 5]
    assert summary["rows"] == 3


# -- database and mail rules -----------------------------------------------------------------------


def test_database_rules(tmp_path: Path) -> None:
    headers = ["timestamp", "user", "statement", "rows_returned", "purpose", "recipient"]
    rows = [
        {"user": "jdoe", "statement": "SELECT country_of_birth FROM clients", "rows_returned": "1"},
        {"user": "jdoe", "statement": "SELECT data_number, birth_date FROM t", "rows_returned": "1"},
        {"user": "jdoe", "statement": "SELECT 1", "purpose": "ICE ERO request"},
        {"user": "jdoe", "statement": "SELECT 1", "purpose": "police report, office move"},
        {"user": "agent@ice.dhs.gov", "statement": "SELECT 1", "rows_returned": "2"},
        {"user": "analyst@fbi.gov", "statement": "SELECT * FROM arrests", "rows_returned": "250000"},
        {"user": "analyst@fbi.gov", "statement": "SELECT * FROM arrests", "rows_returned": "3"},
        {"user": "svc_reporting", "statement": "SELECT * FROM arrests", "rows_returned": "250000"},
        {"user": "ops", "statement": "COPY arrests TO '/x.csv'", "recipient": "HSI Los Angeles"},
        {"user": "ops_police", "statement": "SELECT 1", "rows_returned": "1"},
    ]
    assert found(write_csv(tmp_path / "q.csv", headers, rows), "db") == {
        (2, "db.query.immigration_fields"),
        (4, "db.purpose.immigration"),
        (6, "db.account.immigration_agency"),
        (7, "db.export.bulk_federal"),
        (10, "db.account.immigration_agency"),
        (10, "db.export.bulk_federal"),
    }


def test_mail_rules(tmp_path: Path) -> None:
    headers = ["Time", "From", "To", "Cc", "Subject", "Attachments", "Size"]
    rows = [
        {"From": "a@lacity.org", "To": "officer@ice.dhs.gov", "Subject": "Budget"},
        {"From": "a@lacity.org", "To": "b@lacity.org", "Cc": "x@lacity.org; duty@cbp.dhs.gov", "Subject": "hi"},
        {"From": "a@lacity.org", "To": "clerk@police.gov", "Subject": "Police notice"},
        {"From": "a@lacity.org", "To": "x@dhs.gov.example.com", "Subject": "Ice cream social"},
        {"From": "a@lacity.org", "To": "b@lacity.org", "Subject": "Re: HSI inquiry"},
        {"From": "a@lacity.org", "To": "x@fbi.gov", "Attachments": "booking_roster.xlsx", "Size": "20000"},
        {"From": "a@lacity.org", "To": "x@fbi.gov", "Attachments": "photo.jpg", "Size": "9000000"},
        {"From": "a@lacity.org", "To": "x@doj.ca.gov", "Attachments": "arrests_export.csv", "Size": "9000000"},
        {"From": "a@lacity.org", "To": "x@lacity.org", "Attachments": "ice_detainers.pdf"},
    ]
    assert found(write_csv(tmp_path / "m.csv", headers, rows), "email") == {
        (2, "email.recipient.immigration_agency"),
        (3, "email.recipient.immigration_agency"),
        (6, "email.subject.immigration"),
        (7, "email.attachment.bulk_federal"),
        (10, "email.subject.immigration"),
    }


# -- summary and rules -----------------------------------------------------------------------------


def test_summary_counts_add_up(tmp_path: Path) -> None:
    log = write_sample_log(tmp_path / "log.csv", "alpr", 2000, rate=0.05)
    summary = audit(log.path, "alpr")["summary"]
    assert sum(summary["by_severity"].values()) == summary["findings"] == sum(summary["by_rule"].values())
    assert sum(t["rows"] for t in summary["users"].values()) == 2000
    # Hotlist lookups are counted apart from manual searches.
    assert summary["lookups"] > 0
    assert sum(t["searches"] for t in summary["users"].values()) == summary["searches"] == 2000 - summary["lookups"]
    assert sum(t["lookups"] for t in summary["agencies"].values()) == summary["lookups"]
    assert sum(t["findings"] for t in summary["agencies"].values()) == summary["findings"]
    assert summary["by_rule"]["alpr.reason.immigration"] == sum(
        1 for p in log.planted if p.rule == "alpr.reason.immigration"
    )


def test_every_rule_cites_law_with_source_and_confidence() -> None:
    from sanctuary.dataguard.audits import Citation, Rule, Severity

    for kind in ("alpr", "db", "email"):
        assert rules_for(kind)
    for rule in RULES.values():
        assert rule.primary is rule.citations[0]
        for cite in rule.citations:
            assert cite.source.startswith("https://")
            assert cite.confidence in {"V", "S", "U"}
            assert re.search(r"§ \d|Ordinance No\. \d|Bulletin \d", cite.citation), cite.citation
    with pytest.raises(ValueError, match="no citation"):
        Rule("x.y.z", "alpr", Severity.LOW, "t", ())
    with pytest.raises(ValueError, match="source URL"):
        Rule("x.y.z", "alpr", Severity.LOW, "t", (Citation("Cal. Civ. Code § 1", "nowhere", "V"),))


# -- command line and outputs ----------------------------------------------------------------------


@pytest.fixture
def alpr_log(tmp_path: Path) -> Path:
    rows = [flock_row("ICE <script>alert(1)</script>"), flock_row(org="Texas DPS"), flock_row()]
    return write_csv(tmp_path / "log.csv", FLOCK, rows)


def test_cli_json_is_the_contract(alpr_log: Path) -> None:
    result = runner.invoke(app, ["guard", "audit", str(alpr_log), "--kind", "alpr", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"findings", "summary"}
    first = data["findings"][0]
    assert set(first) >= {"line", "severity", "rule", "citation", "evidence"}
    assert (first["line"], first["rule"], first["severity"]) == (2, "alpr.reason.immigration", "high")
    assert first["evidence"]["file"] == str(alpr_log)
    assert first["evidence"]["line"] == 2
    assert data["summary"]["by_severity"]["high"] == 2


def test_cli_csv_and_html_files(alpr_log: Path, tmp_path: Path) -> None:
    out_csv = tmp_path / "out.csv"
    result = runner.invoke(app, ["guard", "audit", str(alpr_log), "--kind", "alpr", "-o", str(out_csv)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert [(r["line"], r["rule"]) for r in rows] == [
        ("2", "alpr.reason.immigration"),
        ("4", "alpr.requester.out_of_state"),
    ]
    assert json.loads(rows[1]["evidence"])["Org Name"] == "Texas DPS"
    out_html = tmp_path / "out.html"
    result = runner.invoke(
        app, ["guard", "audit", str(alpr_log), "--kind", "alpr", "--format", "html", "-o", str(out_html)]
    )
    assert result.exit_code == 0, result.output
    page = out_html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert "<caption>" in page
    assert 'scope="col"' in page
    assert "Cal. Civ. Code § 1798.90.55(b)" in page


def test_cli_terminal_summary(alpr_log: Path) -> None:
    result = runner.invoke(app, ["guard", "audit", str(alpr_log), "--kind", "alpr"])
    assert result.exit_code == 0, result.output
    assert "alpr.requester.out_of_state" in result.stdout
    assert "2 finding(s)" in result.stdout


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, ["--kind", "alpr"], "does not exist"),
        (b"", ["--kind", "alpr"], "empty"),
        (b"PK\x03\x04rest", ["--kind", "alpr"], "spreadsheet"),
        (b"Name,Org Name\nx,y\n", ["--kind", "alpr"], "no column for reason"),
        (b"Reason\nICE\n", ["--kind", "dns"], "not a log kind"),
        (b"Reason\nICE\n", ["--kind", "alpr", "--format", "xml"], "not supported"),
        (b"Reason\nICE\n", ["--kind", "alpr", "-o", "out.txt"], "--format"),
    ],
)
def test_cli_bad_input_is_a_message_and_exit_2(
    tmp_path: Path, content: bytes | None, args: list[str], message: str
) -> None:
    path = tmp_path / "log.csv"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(
        app, ["guard", "audit", str(path), *[a.replace("out.txt", str(tmp_path / "o.txt")) for a in args]]
    )
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_sample_log_writes_log_and_labels(tmp_path: Path) -> None:
    log, labels = tmp_path / "s.csv", tmp_path / "labels.csv"
    result = runner.invoke(
        app, ["guard", "sample-log", "--kind", "email", "--rows", "400", "-o", str(log), "--labels", str(labels)]
    )
    assert result.exit_code == 0, result.output
    planted = {(int(r["line"]), r["rule"]) for r in csv.DictReader(labels.open(encoding="utf-8"))}
    assert planted
    assert found(log, "email") == planted
    bad = runner.invoke(
        app, ["guard", "sample-log", "--kind", "email", "--rows", "4", "-o", str(log), "--variant", "x"]
    )
    assert bad.exit_code == 2
    assert "variant" in bad.output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.text(alphabet="bfjkqwxyz", max_size=4),
    term=st.sampled_from(["ice", "ICE", "ero", "hsi", "cbp", "dhs", "usbp", "migra", "alien"]),
    suffix=st.text(alphabet="bfjkqwxyz", max_size=4),
)
def test_terms_inside_words_never_match(tmp_path: Path, prefix: str, term: str, suffix: str) -> None:
    """An acronym glued inside a longer word (like "ice" in "police") is not a finding; standing alone it is."""
    word = prefix + term + suffix
    path = write_csv(tmp_path / "log.csv", FLOCK, [flock_row(f"stolen {word} car"), flock_row(f"stolen {term} car")])
    expected = {(4, "alpr.reason.immigration")}
    if word == term:
        expected.add((2, "alpr.reason.immigration"))
    assert found(path) == expected


def test_json_lines_keep_values_as_written(tmp_path: Path) -> None:
    """The fast JSON path must not turn ISO times into timestamps, nor lists into Python reprs."""
    path = tmp_path / "queries.jsonl"
    path.write_text(
        '{"timestamp": "2025-03-22T18:59:00Z", "user": "a@ice.dhs.gov", "query": "SELECT 1", "rows": 3}\n'
        '{"timestamp": "2025-03-23T08:00:00Z", "user": "jdoe", "query": "SELECT 2", "rows": 4}\n',
        encoding="utf-8",
    )
    report = audit(path, "db")
    assert [(f["line"], f["rule"]) for f in report["findings"]] == [(1, "db.account.immigration_agency")]
    assert report["findings"][0]["evidence"]["cells"] == {
        "query": "SELECT 1",
        "user": "a@ice.dhs.gov",
        "timestamp": "2025-03-22T18:59:00Z",
        "rows": "3",
    }
    assert report["summary"]["malformed_rows"] == 0


def test_exact_path_keeps_every_planted_line_around_a_malformed_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A malformed row sends the file to the exact path; lines after it shift by one and still match."""
    log = write_sample_log(tmp_path / "log.csv", "alpr", 800, rate=0.08, variant="organization", seed=5)
    lines = log.path.read_bytes().split(b"\n")
    # insert the bad row just before a record known to start a line (a planted one past the middle)
    inserted = min(line for line, _ in log.labels() if line > 400)
    lines.insert(inserted - 1, b"only,three,fields")
    log.path.write_bytes(b"\n".join(lines))
    expected = {(line + (line >= inserted), rule) for line, rule in log.labels()}
    monkeypatch.setattr(reader_module, "EXACT_BATCH_ROWS", 7)
    report = audit(log.path, "alpr")
    assert {(f["line"], f["rule"]) for f in report["findings"]} == expected
    assert report["summary"]["read_path"] == "exact"
    assert report["summary"]["malformed"] == [{"line": inserted, "problem": "3 fields, the header has 13"}]
    assert report["summary"]["rows"] == 800
