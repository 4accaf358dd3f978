"""Nobody can lock an account by failing to log into it.

Before, five wrong passwords from anywhere locked an account for ten minutes, the right password
included, and the limit was checked per account before the password. Now a client's own failures
refuse only that client; failures on an account from elsewhere slow it down (a step-up delay)
without ever refusing its right password, and the owner's usual address is not slowed at all.
X-Forwarded-For is believed only from the configured proxies.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
from web_helpers import client, login, make_app

from sanctuary.model import InputError
from sanctuary.services.site import Limits
from sanctuary.web import WebSettings, create_app

FAST = Limits(step_up=0.2, step_up_max=0.8)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def test_an_attacker_cannot_lock_out_the_right_password_from_elsewhere(records_settings: Any) -> None:
    app = make_app(records_settings, limits=FAST)
    attacker = client(app, "198.51.100.7")
    for _ in range(5):
        assert login(attacker, "admin", "wrong password!").status_code == 401
    refused = login(attacker, "admin", "wrong password!")
    assert refused.status_code == 429  # the attacker's own address is refused
    assert int(refused.headers["Retry-After"]) > 0
    assert login(attacker, "counsel").status_code == 429  # whichever account it tries next
    owner = client(app, "203.0.113.20")  # a new address, never seen before
    started = time.monotonic()
    assert login(owner, "admin").status_code == 303  # the right password still works
    assert time.monotonic() - started >= 0.2  # after a step-up delay, the account being under attack


def test_failures_spread_over_many_addresses_slow_the_account_but_not_its_known_desk(records_settings: Any) -> None:
    clock = Clock()
    app = make_app(records_settings, limits=FAST, clock=clock)
    accounts = app.state.site.accounts
    assert accounts.login("counsel", "correct horse battery", "203.0.113.5") is not None  # the usual desk
    for number in range(1, 8):
        assert accounts.login("counsel", "a wrong guess here", f"198.51.100.{number}") is None
    assert accounts.step_up_delay("counsel", "192.0.2.200") == 0.8  # 0.2 doubled per failure past 5, capped
    assert accounts.step_up_delay("counsel", "203.0.113.5") == 0  # the desk it logs in from: no delay
    assert accounts.step_up_delay("admin", "192.0.2.200") == 0  # other accounts are not touched
    assert accounts.login("counsel", "correct horse battery", "192.0.2.200") is not None  # never refused
    clock.now += dt.timedelta(minutes=11)
    assert accounts.step_up_delay("counsel", "192.0.2.200") == 0  # the window passed


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(records_settings: Any) -> None:
    app = make_app(records_settings)
    direct = client(app, "198.51.100.7")
    for number in range(5):
        spoofed = {"X-Forwarded-For": f"192.0.2.{number}"}
        assert login(direct, "admin", "wrong password!", **spoofed).status_code == 401
    # A new X-Forwarded-For from an untrusted peer does not make it a new client.
    assert login(direct, "admin", "wrong password!", **{"X-Forwarded-For": "192.0.2.99"}).status_code == 429


def test_a_trusted_proxy_names_the_client(records_settings: Any) -> None:
    app = make_app(records_settings, trusted_proxies=("10.0.0.0/8",))
    proxy = client(app, "10.0.0.5")
    for _ in range(5):
        # The client put its own entry first; the proxy appended the address it saw.
        forwarded = {"X-Forwarded-For": "192.0.2.1, 198.51.100.7", "X-Forwarded-Proto": "https"}
        assert login(proxy, "admin", "wrong password!", **forwarded).status_code == 401
    again = {"X-Forwarded-For": "192.0.2.2, 198.51.100.7"}
    assert login(proxy, "admin", "wrong password!", **again).status_code == 429  # the same client
    assert login(proxy, "admin", **{"X-Forwarded-For": "203.0.113.9"}).status_code == 303  # another one
    hsts = proxy.get("/login", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in hsts.headers


def test_a_proxy_that_is_not_an_address_is_refused(records_settings: Any) -> None:
    with pytest.raises(InputError, match=re.escape("'proxy.example' is not an IP address or network")):
        create_app(WebSettings(records=records_settings, trusted_proxies=("proxy.example",)))
