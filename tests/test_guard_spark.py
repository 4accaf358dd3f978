"""`--engine spark`: the same findings, lines and summary as the local engine, on Spark `local[2]`.

One Spark session serves the whole test session (start-up takes seconds); it listens on loopback
only, without its web UI. Skipped where pyspark or Java is not installed (`pip install '.[spark]'`).
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sanctuary.cli import app
from sanctuary.dataguard.audits import AuditOptions, AuditRun
from sanctuary.dataguard.audits.samples import write_sample_log

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (Debian: default-jre-headless)", allow_module_level=True)

from sanctuary.dataguard.spark import SparkAuditRun, scan_files, spark_session, spread_files

runner = CliRunner()

FLOCK = [
    "ID", "Name", "Org Name", "Total Networks Searched", "Time Frame", "License Plate", "Reason", "Case #",
    "Filters", "Search Time", "Search Type", "Text Prompt", "Moderation",
]  # fmt: skip


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    session = spark_session("local[2]")
    yield session
    session.stop()


def both(paths: Any, kind: str, spark: Any, options: AuditOptions | None = None) -> tuple[dict, dict]:
    """The local and the Spark report ({findings, summary}) of the same input."""
    reports = []
    for run in (AuditRun(paths, kind, options), SparkAuditRun(paths, kind, options or AuditOptions(), spark=spark)):
        with run:
            run.run()
            reports.append({"findings": list(run.findings()), "summary": run.summary_json()})
    return reports[0], reports[1]


def test_monthly_files_of_every_format_give_identical_findings_and_summaries(tmp_path: Path, spark: Any) -> None:
    folder = tmp_path / "monthly"
    folder.mkdir()
    planted = 0
    for month, (variant, suffix) in enumerate(
        [
            ("network", "csv"),
            ("organization", "csv"),
            ("offense", "xlsx"),
            ("renamed", "parquet"),
            ("organization", "jsonl"),
        ],
        start=1,
    ):
        log = write_sample_log(
            folder / f"2025-{month:02d}.{suffix}", "alpr", 1500, variant=variant, rate=0.05, seed=month
        )
        planted += len(log.planted)
    local, distributed = both(folder, "alpr", spark, AuditOptions(min_searches=5))
    assert len(local["findings"]) == planted > 300
    assert distributed == local
    summary = distributed["summary"]
    assert summary["rows"] == 7500
    assert [f["file"] for f in summary["files"]] == [str(p) for p in sorted(folder.iterdir())]
    assert summary["rates"]["agencies"]  # the Spark aggregations fill the rates


def test_malformed_rows_multiline_cells_and_bad_bytes_keep_the_local_lines(tmp_path: Path, spark: Any) -> None:
    lines = [",".join(FLOCK)]
    multi = '"03/06/2025 13:00 -\n03/06/2025 14:00\n(extended)"'
    rows = [
        f"1,A. Kim,Santa Ana PD,12,{multi},***,ICE detainer,,,2025-03-06,Plate,,",
        '2,B. Tran,Santa Ana PD,12,"x",***,Stolen vehicle',  # malformed: 7 fields
        f'3,C. Ito,Dallas TX PD,6674,{multi},***,"inv\nfollow up",,,2025-03-06,Plate,,',
        f"4,D. Chen,Santa Ana PD,12,{multi},***,.,,,2025-03-06,Lookup,,",
        "",
        f'5,E. Rossi,HSI San Diego,1,{multi},***,"Immigration (civil/administrative)",,,2025-03-06,Plate,,',
        '6,F. Baker,Santa Ana PD,12,"a\n,b",***,ICE,,,2025-03-06,Plate,,,extra',  # malformed: 14 fields
        f"7,G. Walsh,Santa Ana PD,12,{multi},***,x,,,2025-03-06,Plate,,",
    ]
    path = tmp_path / "broken.csv"
    path.write_bytes(("\n".join([*lines, *rows]) + "\n").encode("utf-8").replace(b"G. Walsh", b"G. W\xe4lsh"))
    clean = tmp_path / "clean.csv"
    write_sample_log(clean, "alpr", 800, variant="organization", rate=0.1, seed=5)
    local, distributed = both([path, clean], "alpr", spark)
    assert distributed == local
    broken = [f for f in local["findings"] if f["file"] == str(path)]
    assert {(f["line"], f["rule"]) for f in broken} >= {
        (2, "alpr.reason.immigration"),  # each Time Frame cell spans three lines
        (6, "alpr.requester.out_of_state"),
        (6, "alpr.search.many_networks"),
        (10, "alpr.reason.missing"),  # "." is no reason
        (14, "alpr.reason.immigration_dropdown"),  # after a blank line
        (19, "alpr.reason.missing"),  # "x" is no reason
    }
    assert [(m["file"], m["line"]) for m in local["summary"]["malformed"]] == [(str(path), 5), (str(path), 17)]
    assert local["summary"]["undecodable_bytes_replaced"] is True


def test_cli_engine_spark_writes_the_same_files(tmp_path: Path, spark: Any) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    for month in (1, 2):
        write_sample_log(folder / f"2025-{month:02d}.csv", "alpr", 600, variant="organization", rate=0.08, seed=month)
    outputs = {}
    for engine in ("local", "spark"):
        for fmt in ("json", "csv", "html", "parquet"):
            target = tmp_path / f"{engine}.{fmt}"
            args = ["guard", "audit", str(folder / "*.csv"), "--kind", "alpr", "-o", str(target), "--min-searches", "3"]
            result = runner.invoke(app, [*args, "--engine", engine, "--master", "local[2]"])
            assert result.exit_code == 0, result.output
            outputs[engine, fmt] = target.read_bytes()
    for fmt in ("json", "csv", "html"):
        assert outputs["spark", fmt] == outputs["local", fmt]
    import pyarrow.parquet as pq

    local_table = pq.read_table(tmp_path / "local.parquet")
    spark_table = pq.read_table(tmp_path / "spark.parquet")
    assert spark_table.equals(local_table)
    report = json.loads(outputs["spark", "json"])
    assert report["summary"]["rates"]["agencies"]
    assert b"Rates per agency" in outputs["spark", "html"]


def test_cli_spark_bad_input_is_a_message_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["guard", "audit", str(tmp_path / "nope.csv"), "--kind", "alpr", "--engine", "spark"])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    result = runner.invoke(app, ["guard", "audit", str(tmp_path), "--kind", "alpr", "--engine", "flink"])
    assert result.exit_code == 2
    assert "--engine 'flink'" in result.output


def test_scan_on_spark_is_the_local_scan(tmp_path: Path, spark: Any) -> None:
    from sanctuary.dataguard.scanning import scan_file

    table = tmp_path / "people.csv"
    with open(table, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "note"])
        writer.writerow(["A. Kim", "A-number A123456789,\nsee ICE detainer"])
        writer.writerow(["B. Tran", "passport and visa overstay; SSN 123-45-6789"])
    text = tmp_path / "memo.txt"
    text.write_text("Call ICE about A# 123-456-789.\nNothing here.\nI-94 number 12345678901\n", encoding="utf-8")
    results = scan_files([table, text], spark=spark)
    assert results == [scan_file(table).as_json(), scan_file(text).as_json()]
    assert sum(len(r["detections"]) for r in results) > 0


def test_cli_scan_engine_spark_prints_the_local_json(tmp_path: Path, spark: Any) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Hold for ICE, A-number A123456789.\n", encoding="utf-8")
    (folder / "b.md").write_text("# Notes\nvisa overstay reported\n", encoding="utf-8")
    printed = []
    for engine in ("local", "spark"):
        result = runner.invoke(
            app, ["guard", "scan", str(folder), "--json", "--engine", engine, "--master", "local[2]"]
        )
        assert result.exit_code == 0, result.output
        printed.append(json.loads(result.output))
    assert printed[0] == printed[1]
    assert [Path(f["file"]).name for f in printed[1]["files"]] == ["a.txt", "b.md"]


def test_cli_export_engine_spark_writes_the_local_output_and_manifest(tmp_path: Path, spark: Any) -> None:
    source = tmp_path / "people.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["case_id", "Full Name", "HomeAddress", "phone", "notes"])
        writer.writerow(["1", "Ana Perez", "12 Main St, Los Angeles", "213-555-0142", "Client A# 123456789, TPS"])
        writer.writerow(["2", "Bo Kim", "9 Elm St", "310-555-0100", "follow-up on rent;\nall good"])
        writer.writerow(["3", "Cy Diaz", "1 Oak Ave", "", "born in Honduras; green card holder"])
    facts = tmp_path / "facts.json"
    facts.write_text(
        json.dumps(
            {
                "instrument": {
                    "type": "judicial_warrant",
                    "signed_by_judge": True,
                    "covers_request": True,
                    "criminal": True,
                    "federal": True,
                }
            }
        ),
        encoding="utf-8",
    )
    before = source.read_bytes()
    written = {}
    for engine in ("local", "spark"):
        out = tmp_path / engine / "out.csv"
        out.parent.mkdir()
        args = ["guard", "export", str(source), "--to", "FBI", "--purpose", "criminal_other", "-o", str(out)]
        result = runner.invoke(
            app,
            [*args, "--on", "2026-11-27", "--facts", str(facts), "--json", "--engine", engine, "--master", "local[2]"],
        )
        assert result.exit_code == 0, result.output
        manifest = json.loads(out.with_name("out.csv.manifest.json").read_text(encoding="utf-8"))
        for key in ("input", "output"):
            manifest[key].pop("path")
        printed = json.loads(result.stdout)
        written[engine] = (out.read_bytes(), manifest, printed["scope"], printed["status"])
    assert written["spark"] == written["local"]
    assert written["spark"][1]["rows"] == 3
    assert source.read_bytes() == before


def test_files_are_spread_over_the_tasks_by_size() -> None:
    sizes = [40, 10, 10, 10, 10, 30, 0]
    groups = spread_files(sizes, 2)
    assert sorted(i for group in groups for i in group) == list(range(len(sizes)))
    assert all(group == sorted(group) for group in groups)
    assert sorted(sum(sizes[i] for i in group) for group in groups) == [50, 60]
    assert spread_files(sizes, 64) == [[i] for i in range(len(sizes))]
    assert spread_files([5], 4) == [[0]]
    assert spread_files([1, 2, 3], 1) == [[0, 1, 2]]
