"""Demo data: a year of fictitious cases made through the real services, the same from the same seed,
and never mixed into a database holding other records."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from typing import Any

import pytest

from sanctuary.model import InputError
from sanctuary.records import Store, upgrade_database
from sanctuary.services.demo import DEPARTMENTS, seed_demo_cases
from sanctuary.services.site import Site
from sanctuary.web import WebSettings, create_app

NOW = dt.datetime(2026, 12, 7, 18, 0, tzinfo=dt.UTC)


def test_demo_fills_a_year_of_cases_that_reports_and_queue_can_show(records_settings: Any) -> None:
    app = create_app(WebSettings(records=records_settings, demo=True))
    site: Site = app.state.site
    cases = site.store.cases.list_cases(limit=10_000)
    assert 250 <= len(cases) <= 400
    departments = Counter(case.department for case in cases)
    assert set(departments) == set(DEPARTMENTS)
    outcomes = Counter(case.outcome for case in cases)
    assert {"decline", "refer", "comply"} <= set(outcomes)
    assert sum(1 for case in cases if case.counsel_outcome) >= 10  # referred and answered
    assert site.counsel_queue()  # referred and not answered yet
    assert sum(1 for case in cases if case.obligations_late) >= 10  # overdue duties
    opened = sorted(case.opened_at for case in cases)
    assert (opened[-1] - opened[0]).days > 300
    assert all(case.opened_at.weekday() < 5 for case in cases)
    assert site.store.verify().ok
    app.state.site.close()


def test_the_same_seed_gives_the_same_cases(records_settings: Any, tmp_path: Any) -> None:
    other = dataclasses.replace(
        records_settings, database_url=f"sqlite:///{tmp_path / 'other.db'}", key_dir=tmp_path / "other-keys"
    )
    upgrade_database(other)
    seen = []
    for settings in (records_settings, other):
        with Store.open(settings) as store:
            assert seed_demo_cases(store, count=40, now=NOW) == 40
            cases = store.cases.list_cases(limit=100)
            seen.append(sorted((c.opened_at, c.department, c.outcome, c.counsel_outcome) for c in cases))
    assert seen[0] == seen[1]
    assert all(opened <= NOW for opened, *_ in seen[0])


def test_demo_refuses_a_database_with_other_records(records_settings: Any) -> None:
    with Store.open(records_settings) as store:
        Site.attach(store).accounts.add_user("maria", "counsel", "a long enough secret")
    with pytest.raises(InputError, match="new database"):
        create_app(WebSettings(records=records_settings, demo=True))
