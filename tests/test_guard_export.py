"""`sanctuary guard export`: the outbound gate, from the engine's decision to the bytes written."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner, Result

from sanctuary.cli import app
from sanctuary.dataguard.columns import classify_column, classify_header
from sanctuary.dataguard.gate import CategoryRuling, run_gate, sample
from sanctuary.model import DataCategory, InputError, Outcome
from sanctuary.services.guarding import parse_recipient

runner = CliRunner()
DAY = "2026-11-27"
WARRANT = {
    "instrument": {
        "type": "judicial_warrant",
        "signed_by_judge": True,
        "covers_request": True,
        "criminal": True,
        "federal": True,
    }
}


def write_people(path: Path, *, status: bool = True) -> None:
    first_note = "Client A# 123456789, TPS" if status else "Client asked about rent"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", "Full Name", "HomeAddress", "phone", "notes"])
        writer.writerow(["1", "Ana Perez", "12 Main St, Los Angeles", "213-555-0142", first_note])
        writer.writerow(["2", "Bo Kim", "9 Elm St", "310-555-0100", "follow-up on rent; all good"])
        writer.writerow(["3", "Cy Diaz", "1 Oak Ave", "", "born in Honduras; green card holder" if status else "ok"])


def export(source: Path | str, to: str, purpose: str, output: Path | str, *extra: str) -> Result:
    """`sanctuary guard export` as staff type it, under the law of DAY."""
    command = ["guard", "export", str(source), "--to", to, "--purpose", purpose, "-o", str(output), "--on", DAY]
    return runner.invoke(app, [*command, *extra])


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    ("header", "category"),
    [
        ("home_address", DataCategory.HOME_ADDRESS),
        ("HomeAddress", DataCategory.HOME_ADDRESS),
        ("Home Address Line1", DataCategory.HOME_ADDRESS),
        ("email_address", DataCategory.CONTACT_INFO),
        ("Immigration Status", DataCategory.IMMIGRATION_STATUS),
        ("A-Number", DataCategory.IMMIGRATION_STATUS),
        ("country_of_birth", DataCategory.PLACE_OF_BIRTH),
        ("CITIZENSHIP", DataCategory.CITIZENSHIP),
        ("gender_identity", DataCategory.SOGI),
        ("LicensePlate", DataCategory.ALPR),
        ("date_of_birth", DataCategory.OTHER_PERSONAL),
        ("template", None),
        ("case_status", None),
    ],
)
def test_headers(header: str, category: DataCategory | None) -> None:
    assert classify_header(header) == category


def test_content_sampling_finds_identifier_columns() -> None:
    column = classify_column("file_ref", pa.array(["A123456789", "A-987-654-321", None, "A# 555444333"]))
    assert (column.category, column.classified_by) == (DataCategory.IMMIGRATION_STATUS, "content")
    notes = classify_column("remarks", pa.array(["she is undocumented and lives with her aunt", "no issue today"]))
    assert notes.category is DataCategory.OTHER_PERSONAL
    assert notes.free_text
    assert DataCategory.IMMIGRATION_STATUS in notes.categories_seen


@pytest.mark.parametrize(
    ("value", "kind", "agency"),
    [
        ("ICE", "federal_immigration", "ICE"),
        ("ice ero", "federal_immigration", "ice ero"),
        ("HSI Los Angeles", "federal_immigration", "HSI Los Angeles"),
        ("FBI", "federal_other", "FBI"),
        ("LAPD", "state_local_in_state", "LAPD"),
        ("court", "court", None),
    ],
)
def test_recipients(value: str, kind: str, agency: str | None) -> None:
    recipient = parse_recipient(value)
    assert (recipient.kind.value, recipient.agency) == (kind, agency)


def test_ice_for_civil_immigration_gets_nothing(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    write_people(source, status=False)
    before = source.read_bytes()
    out = tmp_path / "out.csv"
    result = export(str(source), "ICE", "civil_immigration", str(out), "--json")
    assert result.exit_code == 3, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "refused"
    assert data["outcome"] == "decline"
    citations = {r["citation"] for r in data["reasons"]}
    assert "Cal. Gov. Code § 7284.6(a)(1)(D)" in citations or any("188441" in c for c in citations)
    assert all(r["source"].startswith("http") and r["confidence"] in {"V", "S", "U"} for r in data["reasons"])
    assert files_in(tmp_path) == ["people.csv"]  # no output, no manifest, no temporary file
    assert source.read_bytes() == before


def test_refusal_message_for_people(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    write_people(source, status=False)
    result = export(str(source), "ICE", "civil_immigration", str(tmp_path / "o.parquet"))
    assert result.exit_code == 3
    assert "REFUSED" in result.stderr
    assert "Nothing was written" in result.stderr
    assert "§ 7284.6" in result.stderr or "188441" in result.stderr


def test_status_data_for_ice_goes_to_counsel_and_nothing_is_written(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    write_people(source)
    result = export(str(source), "ICE ERO", "civil_immigration", str(tmp_path / "o.csv"), "--json")
    assert result.exit_code == 4, result.output
    data = json.loads(result.stdout)
    assert data["scope"]["immigration_status"] == "refer"
    assert data["scope"]["home_address"] == "decline"
    assert "counsel" in data["refer_to"]
    assert files_in(tmp_path) == ["people.csv"]


def test_referred_request_writes_nothing_and_says_who_decides(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    write_people(source)
    facts = tmp_path / "facts.json"  # the table is the police department's (a library's patron records differ)
    facts.write_text(json.dumps({"setting": "police"}), encoding="utf-8")
    result = export(str(source), "FBI", "criminal_other", str(tmp_path / "o.jsonl"), "--facts", str(facts))
    assert result.exit_code == 4, result.output
    assert "REFERRED" in result.stderr
    assert "records_custodian" in result.stderr
    assert files_in(tmp_path) == ["facts.json", "people.csv"]


def test_where_the_table_comes_from_is_asked_when_it_matters(tmp_path: Path) -> None:
    """Without a setting the table might be a library's patron records, which only counsel may release."""
    source = tmp_path / "people.csv"
    write_people(source)
    result = export(str(source), "FBI", "criminal_other", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 4, result.output
    assert "counsel" in result.stderr
    assert files_in(tmp_path) == ["people.csv"]


def test_a_referred_request_goes_out_once_approved_and_the_approval_is_in_the_manifest(tmp_path: Path) -> None:
    """The records custodian approves an FBI request outside SB 54: written, approval recorded, identifiers scrubbed."""
    source = tmp_path / "people.csv"
    write_people(source, status=False)
    out = tmp_path / "o.csv"
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"setting": "police"}), encoding="utf-8")
    args = ["guard", "export", str(source), "--to", "FBI", "--purpose", "criminal_other", "-o", str(out), "--on", DAY]
    args += ["--facts", str(facts)]
    result = runner.invoke(app, [*args, "--approved-by", "  Dana   Records  "])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "o.csv.manifest.json").read_text())
    assert manifest["decision"]["outcome"] == "refer"
    assert manifest["decision"]["approved_by"] == "Dana Records"
    columns = {c["name"]: c for c in manifest["columns"]}
    assert columns["HomeAddress"]["action"] == "kept"
    assert columns["HomeAddress"]["approved_by"] == "Dana Records"
    assert "records_custodian" in columns["HomeAddress"]["decides"]
    with out.open(newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 3
    blank = runner.invoke(app, [*args, "--approved-by", "   "])
    assert blank.exit_code == 2
    assert "--approved-by" in blank.output


def test_an_approval_never_lifts_a_decline(tmp_path: Path) -> None:
    """ICE, civil immigration: counsel may approve the status column (8 U.S.C. 1373); the address stays out."""
    source = tmp_path / "status.csv"
    source.write_text("Immigration Status,HomeAddress\nTPS,12 Main St\nLPR,9 Elm St\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    args = ["guard", "export", str(source), "--to", "ICE ERO", "--purpose", "civil_immigration", "-o", str(out)]
    unapproved = runner.invoke(app, [*args, "--on", DAY])
    assert unapproved.exit_code == 4, unapproved.output
    assert not out.exists()
    result = runner.invoke(app, [*args, "--on", DAY, "--approved-by", "County Counsel"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "o.csv.manifest.json").read_text())
    columns = {c["name"]: c for c in manifest["columns"]}
    assert columns["Immigration Status"]["action"] == "kept"
    assert columns["Immigration Status"]["approved_by"] == "County Counsel"
    assert columns["HomeAddress"]["action"] == "dropped"
    assert columns["HomeAddress"]["approved_by"] is None
    with out.open(newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["Immigration Status"]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_judicial_warrant_writes_the_table_and_a_manifest(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / "people.csv"
    write_people(source)
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(WARRANT), encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    result = export(str(source), "FBI", "criminal_other", str(out), "--facts", str(facts), "--json")
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / f"out{suffix}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["decision"]["outcome"] == "comply"
    assert manifest["rows"] == 3
    assert {c["name"]: c["category"] for c in manifest["columns"]}["HomeAddress"] == "home_address"
    assert all(p["digest"].startswith("sha256:") for p in manifest["decision"]["packs"])
    assert manifest["columns"][0]["citations"][0]["source"].startswith("http")
    if suffix == ".parquet":
        table = pq.read_table(out)
    elif suffix == ".csv":
        table = pa.csv.read_csv(out)  # type: ignore[attr-defined]
    else:
        table = pa.Table.from_pylist([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])
    assert table.num_rows == 3
    assert str(table.column("HomeAddress")[0]) == "12 Main St, Los Angeles"


def rulings(**outcomes: Outcome) -> dict[DataCategory, CategoryRuling]:
    reason = {"rule": "r1", "citation": "Cal. Gov. Code § 7284.6(a)(1)(D)", "source": "https://x", "confidence": "V"}
    return {
        DataCategory(name): CategoryRuling(outcome, (reason,), ("counsel",) if outcome is Outcome.REFER else ())
        for name, outcome in outcomes.items()
    }


def test_partial_drops_withholds_masks_and_scrubs(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    write_people(source)
    sampled = sample(source)
    assert [c.category.value for c in sampled.columns] == [
        "other_personal",
        "other_personal",
        "home_address",
        "contact_info",
        "other_personal",
    ]
    allowed = rulings(
        other_personal=Outcome.COMPLY,
        home_address=Outcome.DECLINE,
        contact_info=Outcome.REFER,
        immigration_status=Outcome.DECLINE,
        place_of_birth=Outcome.DECLINE,
    )
    out = tmp_path / "out.jsonl"
    result = run_gate(sampled, allowed, out, manifest_header={"purpose": "test"})
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert list(rows[0]) == ["case_id", "Full Name", "notes"]
    assert rows[0]["notes"] == "Client [A-NUMBER], [IMMIGRATION-STATUS]"
    assert rows[2]["notes"] == "[PLACE-OF-BIRTH]; [IMMIGRATION-STATUS]"
    assert rows[1]["notes"] == "follow-up on rent; all good"
    actions = {r.column.name: r.action for r in result.columns}
    assert actions == {
        "case_id": "kept",
        "Full Name": "kept",
        "HomeAddress": "dropped",
        "phone": "withheld",
        "notes": "kept",
    }
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    notes = next(c for c in manifest["columns"] if c["name"] == "notes")
    assert notes["scrubbed"] == {"a_number": 1, "immigration_status": 2, "place_of_birth": 1}
    phone = next(c for c in manifest["columns"] if c["name"] == "phone")
    assert phone["decides"] == ["counsel"]
    assert phone["citations"][0]["citation"] == "Cal. Gov. Code § 7284.6(a)(1)(D)"
    masked = run_gate(sampled, allowed, tmp_path / "m.parquet", manifest_header={}, mask=True)
    table = pq.read_table(masked.output)
    assert table.column("HomeAddress").null_count == 3
    assert "phone" not in table.column_names


def test_jsonl_keys_first_seen_late_are_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sanctuary.dataguard.gate as gate

    monkeypatch.setattr(gate, "JSONL_CHUNK_BYTES", 40)
    source = tmp_path / "in.jsonl"
    lines = [{"id": i, "note": "ok"} for i in range(5)] + [{"id": 9, "note": "ok", "a_number": "A123456789"}]
    source.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    sampled = sample(source)
    result = run_gate(sampled, rulings(other_personal=Outcome.COMPLY), tmp_path / "o.jsonl", manifest_header={})
    assert result.dropped_late == ["a_number"]
    written = (tmp_path / "o.jsonl").read_text(encoding="utf-8")
    assert "A123456789" not in written
    assert json.loads(written.splitlines()[0]) == {"id": 0, "note": "ok"}


def test_a_bad_row_late_in_the_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sanctuary.dataguard.gate as gate

    monkeypatch.setattr(gate, "CSV_BLOCK_BYTES", 1024)
    source = tmp_path / "in.csv"
    body = "".join(f"{i},note {i}\n" for i in range(2000))
    source.write_text("id,note\n" + body + "2001,a,b\n", encoding="utf-8")
    sampled = sample(source)
    with pytest.raises(InputError, match=r"line 2002"):
        run_gate(sampled, rulings(other_personal=Outcome.COMPLY), tmp_path / "o.parquet", manifest_header={})
    assert files_in(tmp_path) == ["in.csv"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "NSA-ish", "--purpose", "criminal_other"], "Known agencies"),
        (["--to", "FBI", "--purpose", "curiosity"], "allowed: civil_immigration"),
        (["--to", "FBI", "--purpose", "criminal_other", "-o", "{dir}/out.xlsx"], "allowed: .csv"),
        (["--to", "FBI", "--purpose", "criminal_other", "-o", "{dir}/people.csv"], "never modifies its input"),
    ],
)
def test_bad_arguments_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    source = tmp_path / "people.csv"
    write_people(source)
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(WARRANT), encoding="utf-8")
    argv = ["guard", "export", str(source), "--on", DAY, "--facts", str(facts)]
    argv += [a.replace("{dir}", str(tmp_path)) for a in args]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2, result.output
    assert message in result.stderr


MEMORY_SCRIPT = r"""
import json, sys
from pathlib import Path
import pyarrow as pa
from sanctuary.dataguard.gate import CategoryRuling, run_gate, sample
from sanctuary.model import DataCategory, Outcome

source, out = Path(sys.argv[1]), Path(sys.argv[2])
allowed = {DataCategory.OTHER_PERSONAL: CategoryRuling(Outcome.COMPLY)}
result = run_gate(sample(source), allowed, out, manifest_header={})
print(json.dumps({"rows": result.rows, "peak": pa.default_memory_pool().max_memory(),
                  "scrubbed": result.scrubbed_total()}))
"""


def test_memory_stays_bounded_on_a_file_much_larger_than_a_batch(tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    note = "Caller asked about the permit; client A# {:09d} has TPS and lives nearby with family"
    with source.open("w", encoding="utf-8") as handle:
        handle.write("id,note,amount\n")
        for i in range(400_000):
            handle.write(
                f"{i},{note.format(i) if i % 50 == 0 else 'routine follow-up call; nothing to note today'},{i % 997}\n"
            )
    size = source.stat().st_size
    assert size > 20_000_000
    completed = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(source), str(tmp_path / "out.parquet")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    figures = json.loads(completed.stdout)
    assert figures["rows"] == 400_000
    assert figures["scrubbed"] == {"a_number": 8000, "immigration_status": 8000}
    # Arrow's peak allocation is one 1 MB block and its batch, a few MB, whatever the file size
    # (the same figure was measured on a 92 MB file); a reader that loaded the file would need more than it.
    assert figures["peak"] < size / 3, figures


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path: Path) -> None:
    source = tmp_path / "bom.csv"
    source.write_bytes("\ufeffcase_id,notes\n1,has DACA\n".encode())
    sampled = sample(source)
    assert [c.name for c in sampled.columns] == ["case_id", "notes"]
    result = run_gate(sampled, rulings(other_personal=Outcome.COMPLY), tmp_path / "o.csv", manifest_header={})
    assert result.rows == 1
    written = list(csv.reader((tmp_path / "o.csv").read_text(encoding="utf-8").splitlines()))
    assert written == [["case_id", "notes"], ["1", "has [IMMIGRATION-STATUS]"]]


def test_a_jsonl_integer_beyond_64_bits_is_kept_as_text(tmp_path: Path) -> None:
    source = tmp_path / "big.jsonl"
    lines = '{"id": 100000000000000000000000, "note": "has DACA"}\n{"id": 1, "note": "ok"}\n'
    source.write_text(lines, encoding="utf-8")
    result = run_gate(sample(source), rulings(other_personal=Outcome.COMPLY), tmp_path / "o.jsonl", manifest_header={})
    written = [json.loads(line) for line in result.output.read_text(encoding="utf-8").splitlines()]
    assert written == [
        {"id": "100000000000000000000000", "note": "has [IMMIGRATION-STATUS]"},
        {"id": "1", "note": "ok"},
    ]


def test_nested_parquet_values_are_scrubbed_as_json_text(tmp_path: Path) -> None:
    source = tmp_path / "nested.parquet"
    pq.write_table(pa.table({"id": [1, 2], "aliases": [["Ana", "A# 123456789"], None]}), source)
    result = run_gate(
        sample(source), rulings(other_personal=Outcome.COMPLY), tmp_path / "o.parquet", manifest_header={}
    )
    table = pq.read_table(result.output)
    assert table.column("aliases").to_pylist() == ['["Ana", "[A-NUMBER]"]', None]
    assert table.column("id").to_pylist() == [1, 2]


def test_the_documented_examples(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples" / "data"
    notes = examples / "intake-notes.csv"
    referred = runner.invoke(
        app,
        ["guard", "export", str(notes), "--to", "ICE", "--purpose", "civil_immigration", "-o", str(tmp_path / "a.csv")],
    )
    assert referred.exit_code == 4
    written = runner.invoke(
        app,
        [
            "guard", "export", str(notes), "--to", "HSI", "--purpose", "criminal_immigration",
            "-o", str(tmp_path / "b.parquet"), "--facts", str(examples / "judicial-warrant-facts.yaml"),
        ],
    )  # fmt: skip
    assert written.exit_code == 0, written.output
    assert pq.read_table(tmp_path / "b.parquet").num_rows == 4
    assert files_in(tmp_path) == ["b.parquet", "b.parquet.manifest.json"]
