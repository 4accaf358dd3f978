"""A password policy, names that cannot impersonate, changing and resetting.

Before, any password of 12 characters was taken ("password1234"), account names were stored as
typed (full-width letters, a Cyrillic "а" in "аdmin"), and there was no way to change or reset
a password. Now passwords of the bundled list of the 30,000 most common (also with digits and
symbols added at the ends) are refused, names are NFKC-normalised, one script each, and refused
when they read the same as an existing account; users change their own password on a page, and
``sanctuary users passwd`` and ``users reset`` set or reset one.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from typer.testing import CliRunner
from web_helpers import PASSWORD, client, csrf_of, login, make_app

from sanctuary.cli import app as cli_app
from sanctuary.model import InputError
from sanctuary.records.accounts import check_password, common_passwords


@pytest.fixture
def app(records_settings: Any) -> Any:
    return make_app(records_settings)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("password1234", "most common"),
        ("Summer2024!!", "most common"),
        ("qwertyuiop123", "most common"),
        ("1qaz2wsx3edc", "most common"),
        ("iloveyou", "at least 12"),
        ("aaaaaaaaaaaaaaaa", "too few"),
        ("abababababab", "too few"),
        ("x" * 1025, "at most 1024"),
    ],
)
def test_weak_passwords_are_refused(app: Any, password: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        app.state.site.accounts.add_user("maria", "counsel", password)


def test_the_bundled_list_is_the_one_documented() -> None:
    common = common_passwords()
    assert len(common) == 30_000
    assert {"123456", "password", "dragon", "trustno1"} <= common
    check_password("correct horse battery", "maria")  # several words pass


def test_names_are_normalised_and_look_alikes_refused(app: Any) -> None:
    accounts = app.state.site.accounts
    made = accounts.add_user("ｍａｒｉａ", "counsel", PASSWORD)  # full-width letters
    assert made.name == "maria"
    assert login(client(app), "ｍａｒｉａ").status_code == 303  # typed the same way, it logs in
    for name, problem in [
        ("\u0430dmin", "mixes letters of several scripts"),  # Cyrillic а
        ("adm1n", "reads the same as the existing account 'admin'"),
        ("ADMIN", "reads the same as the existing account 'admin'"),
        ("Maria", "reads the same as the existing account 'maria'"),
        ("marìa", "reads the same as the existing account 'maria'"),
        ("rnaria", "reads the same as the existing account 'maria'"),
        ("ma ria", "not allowed"),
        ("ma\u200bria", "not allowed"),
        ("maria\x00", "not allowed"),
    ]:
        with pytest.raises(InputError, match=re.escape(problem)):
            accounts.add_user(name, "counsel", PASSWORD)
    assert accounts.add_user("josé", "counsel", PASSWORD).name == "josé"  # one script, accents welcome
    assert accounts.add_user("мария", "counsel", PASSWORD).name == "мария"


def test_a_user_changes_their_own_password(app: Any) -> None:
    web = client(app)
    elsewhere = client(app, "192.0.2.50")
    assert login(web, "counsel").status_code == 303
    assert login(elsewhere, "counsel").status_code == 303
    assert web.get("/account/password").status_code == 200
    token = csrf_of(web)
    new = "lantern orchard velvet"

    def change(current: str, password: str, again: str) -> Any:
        fields = {"current": current, "new": password, "again": again, "csrf_token": token}
        return web.post("/account/password", data=fields, follow_redirects=False)

    wrong = change("not my password", new, new)
    assert wrong.status_code == 422
    assert "the current password is wrong" in wrong.text
    differ = change(PASSWORD, new, new + "x")
    assert differ.status_code == 422
    assert "differ" in differ.text
    common = change(PASSWORD, "password123456", "password123456")
    assert common.status_code == 422
    assert "most common" in common.text
    assert PASSWORD not in common.text  # a password never comes back in a page
    done = change(PASSWORD, new, new)
    assert done.status_code == 303
    assert web.get("/api/session").status_code == 200  # this session goes on
    assert elsewhere.get("/api/session").status_code == 401  # every other one ended
    assert login(client(app, "192.0.2.60"), "counsel").status_code == 401
    assert login(client(app, "192.0.2.61"), "counsel", new).status_code == 303


def test_passwd_and_reset_commands(records_env: Any) -> None:
    runner = CliRunner()
    made = runner.invoke(cli_app, ["users", "add", "maria", "--role", "counsel", "--password-stdin"], input=PASSWORD)
    assert made.exit_code == 0, made.output
    weak = runner.invoke(cli_app, ["users", "passwd", "maria", "--password-stdin"], input="letmein12345\n")
    assert weak.exit_code == 2
    assert "most common" in weak.output
    changed = runner.invoke(cli_app, ["users", "passwd", "maria", "--password-stdin"], input="lantern orchard velvet\n")
    assert changed.exit_code == 0, changed.output
    assert "sessions have ended" in changed.output
    unknown = runner.invoke(
        cli_app, ["users", "passwd", "nobody", "--password-stdin"], input="lantern orchard velvet\n"
    )
    assert unknown.exit_code == 2
    assert "no active account named 'nobody'" in unknown.output
    reset = runner.invoke(cli_app, ["users", "reset", "maria"])
    assert reset.exit_code == 0, reset.output
    password = reset.output.rsplit(": ", 1)[1].strip()
    assert len(password) >= 20

    from sanctuary.records import Settings, Store
    from sanctuary.services.site import Site

    with Store.open(Settings.from_env()) as store:
        accounts = Site.attach(store).accounts
        assert accounts.login("maria", password, "192.0.2.1") is not None
        assert accounts.login("maria", "lantern orchard velvet", "192.0.2.1") is None


def test_guessing_the_current_password_is_limited_like_a_login(app: Any) -> None:
    web = client(app)
    assert login(web, "counsel").status_code == 303
    fields = {"current": "a wrong guess here", "new": "lantern orchard velvet", "again": "lantern orchard velvet"}
    fields["csrf_token"] = csrf_of(web)
    for _ in range(5):
        assert web.post("/account/password", data=fields).status_code == 422
    refused = web.post("/account/password", data={**fields, "current": PASSWORD})
    assert refused.status_code == 429
    assert "Too many wrong passwords" in refused.text
    assert int(refused.headers["Retry-After"]) > 0
