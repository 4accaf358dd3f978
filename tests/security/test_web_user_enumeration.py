"""The time a login takes does not tell whether the name exists.

Before, an unknown name skipped argon2 (17 ms against 494 ms). Now an unknown (or disabled)
name is checked against a dummy hash made with the same parameters.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import pytest
from web_helpers import make_app

ROUNDS = 9


def test_unknown_names_take_as_long_as_known_ones(records_settings: Any, capsys: pytest.CaptureFixture[str]) -> None:
    app = make_app(records_settings)
    accounts = app.state.site.accounts
    accounts.disable("auditor")
    timings: dict[str, list[float]] = {"known": [], "unknown": [], "disabled": []}
    for round_ in range(ROUNDS):
        for kind, name in (("known", "counsel"), ("unknown", f"nobody{round_}"), ("disabled", "auditor")):
            started = time.perf_counter()
            assert accounts.login(name, "not the password", f"192.0.2.{round_}") is None
            timings[kind].append(time.perf_counter() - started)
    medians = {kind: statistics.median(values) for kind, values in timings.items()}
    with capsys.disabled():
        shown = ", ".join(f"{kind} {value * 1000:.0f} ms" for kind, value in medians.items())
        print(f"\nlogin with a wrong password, median of {ROUNDS}: {shown}")
    assert 0.7 < medians["unknown"] / medians["known"] < 1.4
    assert 0.7 < medians["disabled"] / medians["known"] < 1.4
