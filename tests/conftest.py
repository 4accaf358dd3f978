"""Shared fixtures: synthetic packs written to a temporary folder.

Synthetic packs let the loader and the engine be tested against law that does not change
while the real packs are being written. Every test gets its own ``tmp_path``, and
``load_stack`` caches by the pack roots, so a pack written here is never served stale.

Records fixtures give each test an empty, migrated database: an SQLite file, and a fresh
PostgreSQL schema (dropped afterwards) when SANCTUARY_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
import textwrap
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

import pytest
import yaml

PACKS_PATH_ENV = "SANCTUARY_PACKS_PATH"
SOURCE = "https://example.org/law/test-code"
#: A day on which every synthetic pack (effective 2000-01-01) and the built-in `us` pack are in force.
DAY = "2025-06-01"


@pytest.fixture(autouse=True)
def english_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's human output is English in tests, whatever the developer's LANG says."""
    monkeypatch.setenv("SANCTUARY_LANG", "en")


class PackMaker(Protocol):
    def __call__(
        self,
        pack_id: str,
        law: Mapping[str, str | Mapping[str, Any]],
        *,
        parents: Iterable[str] = (),
        effective: str = "2000-01-01",
        version: str = "1.0.0",
        listed: Iterable[str] | None = None,
        manifest: str | None = None,
    ) -> Path: ...


def _dump(content: str | Mapping[str, Any]) -> str:
    if isinstance(content, str):
        return textwrap.dedent(content).lstrip("\n")
    return yaml.safe_dump(dict(content), sort_keys=False, allow_unicode=True)


@pytest.fixture
def packs_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder named in SANCTUARY_PACKS_PATH (distinct per test, so never a stale cache)."""
    root = tmp_path / "packs"
    root.mkdir()
    monkeypatch.setenv(PACKS_PATH_ENV, str(root))
    monkeypatch.delenv("SANCTUARY_PACK", raising=False)
    return root


@pytest.fixture
def make_pack(packs_root: Path) -> PackMaker:
    """Write a pack folder under ``packs_root``; law files are YAML text (for exact lines) or dicts."""

    def make(
        pack_id: str,
        law: Mapping[str, str | Mapping[str, Any]],
        *,
        parents: Iterable[str] = (),
        effective: str = "2000-01-01",
        version: str = "1.0.0",
        listed: Iterable[str] | None = None,
        manifest: str | None = None,
    ) -> Path:
        directory = packs_root / pack_id
        (directory / "law").mkdir(parents=True)
        for name, content in law.items():
            (directory / "law" / name).write_text(_dump(content), encoding="utf-8")
        if manifest is None:
            manifest = _dump(
                {
                    "id": pack_id,
                    "name": f"Test pack {pack_id}",
                    "version": version,
                    "jurisdiction": "Testland",
                    "parents": list(parents),
                    "effective": effective,
                    "law": list(law if listed is None else listed),
                }
            )
        else:
            manifest = _dump(manifest)
        (directory / "pack.yaml").write_text(manifest, encoding="utf-8")
        return directory

    return make


def law_file(
    *rules: Mapping[str, Any],
    definitions: Iterable[Mapping[str, Any]] = (),
    effective: Mapping[str, str] | None = None,
    confidence: str = "V",
) -> dict[str, Any]:
    """A valid law file (as a dict) holding ``rules``."""
    content: dict[str, Any] = {
        "instrument": "Test Code section 1",
        "citation": "Test Code § 1",
        "source": SOURCE,
        "confidence": confidence,
        "effective": dict(effective or {"from": "2000-01-01"}),
    }
    if definitions:
        content["definitions"] = [dict(d) for d in definitions]
    content["rules"] = [dict(r) for r in rules]
    return content


def rule(
    rule_id: str,
    outcome: str | None = None,
    when: Mapping[str, Any] | None = None,
    *,
    obligations: Iterable[str] = (),
    **extra: Any,
) -> dict[str, Any]:
    """A valid rule (as a dict): ``outcome`` None makes a duty-only rule (give ``obligations``)."""
    then: dict[str, Any] = {}
    if outcome is not None:
        then["outcome"] = outcome
        if outcome == "refer":
            then["refer_to"] = ["counsel"]
    if obligations:
        then["obligations"] = [
            {"id": ob, "who": "the clerk", "due": "at once", "text": {"en": f"do {ob}", "es": f"haga {ob}"}}
            for ob in obligations
        ]
    if outcome is not None:
        then["say"] = {"en": f"say {rule_id}", "es": f"diga {rule_id}"}
    spec: dict[str, Any] = {"id": rule_id, "citation": f"Test Code § 1({rule_id})", "summary": f"Rule {rule_id}."}
    if when is not None:
        spec["when"] = dict(when)
    spec.update(extra)
    spec["then"] = then
    spec["text"] = {"en": f"because {rule_id}", "es": f"porque {rule_id}"}
    return spec


# --- records: one fresh database per test, on SQLite and (when configured) PostgreSQL --------------

TEST_DATABASE_ENV = "SANCTUARY_TEST_DATABASE_URL"
RECORDS_ENV = (
    "SANCTUARY_DATA_DIR",
    "SANCTUARY_DATABASE_URL",
    "SANCTUARY_KEY_DIR",
    "SANCTUARY_LEDGER_ORIGIN",
    "SANCTUARY_RETENTION_DAYS",
)
TEST_ORIGIN = "records.test/ledger"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: an SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.db'}"
        return
    base = os.environ.get(TEST_DATABASE_ENV)
    if not base:
        pytest.skip(f"{TEST_DATABASE_ENV} is not set: PostgreSQL variant skipped")
    from sqlalchemy import create_engine

    from sanctuary.records import parse_url

    url = parse_url(base)
    schema = f"sanctuary_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def records_settings(database_url: str, tmp_path: Path) -> Any:
    """Settings for a store in ``tmp_path`` (keys there too) on the parametrized database, migrated."""
    from sanctuary.records import Settings, upgrade_database

    settings = Settings(
        data_dir=tmp_path / "var", database_url=database_url, key_dir=tmp_path / "keys", origin=TEST_ORIGIN
    )
    upgrade_database(settings)
    return settings


@pytest.fixture
def store(records_settings: Any) -> Iterator[Any]:
    """An open store on a freshly migrated database."""
    from sanctuary.records import Store

    opened = Store.open(records_settings)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def records_env(records_settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The environment the CLI reads, pointing at the test store."""
    for name in RECORDS_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SANCTUARY_DATA_DIR", str(records_settings.data_dir))
    monkeypatch.setenv("SANCTUARY_DATABASE_URL", records_settings.database_url)
    monkeypatch.setenv("SANCTUARY_KEY_DIR", str(records_settings.key_dir))
    monkeypatch.setenv("SANCTUARY_LEDGER_ORIGIN", records_settings.origin)
    return records_settings
