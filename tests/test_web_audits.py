"""The Audits page: an access log uploaded, audited by the local engine, findings filtered, paged, downloaded.

Real database (the records fixtures), the real audit engine, a fictitious log with planted violations.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sanctuary.dataguard.audits import AuditRun as Run
from sanctuary.dataguard.audits import SavedAudit, audit, write, write_parquet
from sanctuary.dataguard.audits.samples import write_sample_log
from sanctuary.services.site import ROLES, Limits
from sanctuary.web import WebSettings, create_app

PASSWORD = "correct horse battery"  # noqa: S105 - a test account's password
CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')
JOB = re.compile(r"/audits/([0-9a-f]{32})$")


@pytest.fixture
def audit_dir(tmp_path: Path) -> Path:
    return tmp_path / "audits"


@pytest.fixture
def web(records_settings: Any, audit_dir: Path) -> Iterator[TestClient]:
    app = create_app(WebSettings(records=records_settings, limits=Limits(), audit_dir=audit_dir))
    for role in ROLES:
        app.state.site.accounts.add_user(role, role, PASSWORD, language="es" if role == "auditor" else "en")
    app.state.site.accounts.add_user("auditor2", "auditor", PASSWORD)
    with TestClient(app, base_url="https://testserver") as client:
        yield client


@pytest.fixture(scope="module")
def log_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("logs") / "flock-network.csv"
    write_sample_log(path, "alpr", 3000, seed=7, rate=0.1)
    return path


def as_role(client: TestClient, name: str) -> str:
    client.cookies.clear()
    token = CSRF.search(client.get("/login").text)
    assert token is not None
    response = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token.group(1)})
    assert response.status_code == 200, response.text
    found = CSRF.search(client.get("/").text)
    assert found is not None
    return found.group(1)


def upload(client: TestClient, token: str, path: Path, kind: str = "alpr") -> Any:
    with path.open("rb") as handle:
        return client.post(
            "/audits",
            data={"csrf_token": token, "kind": kind},
            files={"log": (path.name, handle, "text/csv")},
            follow_redirects=False,
        )


def run_audit(client: TestClient, token: str, path: Path) -> str:
    response = upload(client, token, path)
    assert response.status_code == 303, response.text
    found = JOB.search(response.headers["location"])
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("role", ROLES)
def test_only_auditors_and_admins(web: TestClient, role: str) -> None:
    as_role(web, role)
    allowed = role in {"auditor", "admin"}
    assert web.get("/audits").status_code == (200 if allowed else 403)
    assert ('href="/audits"' in web.get("/").text) is allowed


def test_upload_audit_filter_page_and_download(web: TestClient, log_file: Path, audit_dir: Path) -> None:
    token = as_role(web, "admin")
    job = run_audit(web, token, log_file)
    expected = audit(log_file, "alpr")
    total = expected["summary"]["findings"]
    assert total > 100
    page = web.get(f"/audits/{job}")
    assert page.status_code == 200
    assert f"{total} findings" in page.text
    assert "page 1 of" in page.text
    # The log itself is gone: only the findings and the job's status are kept, owner-only.
    folder = audit_dir / job
    assert sorted(p.name for p in folder.iterdir()) == ["findings.parquet", "status.json"]
    assert oct(folder.stat().st_mode & 0o777) == "0o700"

    # Filters: a rule, then a user's name fragment, each narrowing the count exactly as the engine does.
    rule = max(expected["summary"]["by_rule"], key=lambda r: expected["summary"]["by_rule"][r])
    by_rule = web.get(f"/audits/{job}", params={"rule": rule})
    assert f"{expected['summary']['by_rule'][rule]} findings" in by_rule.text
    user = next(f["user"] for f in expected["findings"] if f["user"])
    fragment = user[1:5].upper()
    matching = [f for f in expected["findings"] if fragment.lower() in (f["user"] or "").lower()]
    by_user = web.get(f"/audits/{job}", params={"user": fragment})
    assert f"{len(matching)} findings" in by_user.text
    high = sum(1 for f in expected["findings"] if f["severity"] == "high")
    assert f"{high} findings" in web.get(f"/audits/{job}", params={"severity": "high"}).text

    # Paging keeps the filters and shows the next findings in line order.
    second = web.get(f"/audits/{job}", params={"page": "2"})
    lines = [int(n) for n in re.findall(r'<th scope="row">(\d+)</th>', second.text)]
    assert lines == [f["line"] for f in expected["findings"][50:100]]
    assert "page=3#findings" in second.text
    filtered = web.get(f"/audits/{job}", params={"rule": rule})
    if expected["summary"]["by_rule"][rule] > 50:
        assert f"rule={rule}&amp;page=2" in filtered.text

    # Downloads: the JSON is the engine's own, the CSV one row per finding, the HTML paged per rule.
    data = web.get(f"/audits/{job}/download/json")
    assert data.status_code == 200
    assert "attachment" in data.headers["content-disposition"]
    got = json.loads(data.text)
    strip = [{**f, "file": None, "evidence": {**f["evidence"], "file": None}} for f in expected["findings"]]
    assert [{**f, "file": None, "evidence": {**f["evidence"], "file": None}} for f in got["findings"]] == strip
    assert got["findings"][0]["file"] == log_file.name
    rows = list(csv.reader(io.StringIO(web.get(f"/audits/{job}/download/csv").text)))
    assert len(rows) == total + 1
    html = web.get(f"/audits/{job}/download/html").text
    listed = sum(min(100, n) for n in expected["summary"]["by_rule"].values())
    assert html.count('<tr class="finding">') == listed
    assert web.get(f"/audits/{job}/download/exe").status_code == 422


def test_findings_are_their_owners_alone_and_deleted_on_request(
    web: TestClient, log_file: Path, audit_dir: Path
) -> None:
    token = as_role(web, "auditor")
    job = run_audit(web, token, log_file)
    assert job in web.get("/audits").text
    as_role(web, "auditor2")
    assert web.get(f"/audits/{job}").status_code == 404
    assert web.get(f"/audits/{job}/download/json").status_code == 404
    assert job not in web.get("/audits").text
    token = as_role(web, "auditor")
    deleted = web.post(f"/audits/{job}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert deleted.status_code == 303
    assert not (audit_dir / job).exists()
    assert web.get(f"/audits/{job}").status_code == 404
    assert web.get("/audits/../../etc").status_code == 404


def test_bad_uploads_are_refused_clearly(
    web: TestClient, tmp_path: Path, audit_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = as_role(web, "auditor")
    wrong = tmp_path / "notes.txt"
    wrong.write_text("hello\n")
    refused = upload(web, token, wrong)
    assert refused.status_code == 422
    assert "notes.txt" in refused.text
    assert ".csv" in refused.text
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "está vacío" in upload(web, token, empty).text  # the auditor reads Spanish
    headless = tmp_path / "plain.csv"
    headless.write_text("a,b\n1,2\n")
    job = run_audit(web, token, headless)
    failed = web.get(f"/audits/{job}")
    assert failed.status_code == 200
    assert 'class="error"' in failed.text
    assert not any(p.name.startswith("log") for p in (audit_dir / job).iterdir())
    monkeypatch.setenv("SANCTUARY_AUDIT_UPLOAD_MB", "0.001")
    big = tmp_path / "big.csv"
    write_sample_log(big, "alpr", 20, seed=1)
    over = upload(web, token, big)  # over the limit, within the form's overhead: refused when copied
    assert over.status_code == 422
    assert "demasiado grande" in over.text
    write_sample_log(big, "alpr", 2000, seed=1)
    too_large = upload(web, token, big)  # refused by the body limit before it is read
    assert too_large.status_code == 413
    assert "too large" in too_large.text
    assert list(audit_dir.iterdir()) == [audit_dir / job]
    assert web.post("/audits", data={"csrf_token": token, "kind": "alpr"}).status_code == 422


def test_cli_html_is_paged_per_rule(log_file: Path, tmp_path: Path) -> None:
    with Run(log_file, "alpr") as run:
        run.run()
        out = io.StringIO()
        write(run, "html", out, per_rule=5)
        write_parquet(run, tmp_path / "f.parquet")
        findings = list(run.findings())
        summary = run.summary_json()
    page = out.getvalue()
    rules = [r for r, n in summary["by_rule"].items() if n]
    assert page.count('<tr class="finding">') == sum(min(5, summary["by_rule"][r]) for r in rules)
    assert "of this rule are listed" in page
    for rule in rules:
        assert f'id="rule-{rule}"' in page
    saved = SavedAudit(tmp_path / "f.parquet")
    assert list(saved.findings()) == findings
    assert saved.summary_json() == summary
