"""`sanctuary users` and `serve`: staff accounts and the web app."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer

from .common import NOTICE, escape, open_store, out, records_errors
from .root import app
from .words import role_words, say

#: The most worker processes `serve` starts (each holds the packs and a database pool).
MAX_WORKERS = 64

users_app = typer.Typer(help="Staff accounts of the web app.", no_args_is_help=True)


app.add_typer(users_app, name="users")


@users_app.command("add")
@records_errors
def users_add(
    name: Annotated[str, typer.Argument(help="The account name (one word).")],
    role: Annotated[str, typer.Option("--role", help="front_desk, counsel, auditor or admin.")],
    language: Annotated[str, typer.Option("--language", help="Page language: en or es.")] = "en",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")
    ] = False,
) -> None:
    """Create a web account; the password is prompted for (twice) unless given on standard input."""
    from sanctuary.services.site import Site

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with open_store() as store:
        site = Site.attach(store)
        user = site.accounts.add_user(name, role, password, language=language)
    out.print(escape(say("Account {name} created with the role {role}.", name=user.name, role=role_words(user.role))))


@users_app.command("passwd")
@records_errors
def users_passwd(
    name: Annotated[str, typer.Argument(help="The account whose password changes.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the new password from the first line of standard input.")
    ] = False,
) -> None:
    """Set an account's password (prompted twice unless on standard input); its sessions end."""
    from sanctuary.services.site import Site

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    with open_store() as store:
        Site.attach(store).accounts.set_password(name, password)
    out.print(escape(say("The password of {name} was changed; its sessions have ended.", name=name)))


@users_app.command("reset")
@records_errors
def users_reset(name: Annotated[str, typer.Argument(help="The account to give a new random password.")]) -> None:
    """Give an account a new random password, printed once (hand it over, then it is changed); its sessions end."""
    from sanctuary.services.site import Site

    with open_store() as store:
        password = Site.attach(store).accounts.reset_password(name)
    out.print(
        escape(
            say(
                "New password for {name} (shown once; its sessions have ended): {password}",
                name=name,
                password=password,
            )
        )
    )


@app.command("serve")
@records_errors
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=MAX_WORKERS,
            help="Worker processes serving requests (each its own Python; 1 to 64). See docs/web.md.",
        ),
    ] = 1,
    keep_alive: Annotated[
        int,
        typer.Option(
            "--keep-alive",
            min=1,
            max=3600,
            help="Seconds an idle connection stays open; behind a reverse proxy, more than its upstream keep-alive.",
        ),
    ] = 5,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help="Create demo accounts (passwords printed once) and a year of demo cases (new database only)."
        ),
    ] = False,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(
            "--trusted-proxy",
            envvar="SANCTUARY_TRUSTED_PROXIES",
            help="Address or network of a reverse proxy whose X-Forwarded-For/-Proto are believed (repeatable).",
        ),
    ] = None,
) -> None:
    """Start the web app (pages and the JSON API) on the records store; prints the URL."""
    import uvicorn

    from sanctuary.records import Settings
    from sanctuary.services.site import Site
    from sanctuary.web import WebSettings, create_app
    from sanctuary.web.app import proxy_networks
    from sanctuary.web.workers import TRUSTED_PROXIES_ENV, WORKER_APP, split_proxies, warm

    proxies = split_proxies(trusted_proxy)
    records = Settings.from_env()
    if workers == 1:
        web = warm(create_app(WebSettings(records=records, demo=demo, trusted_proxies=proxies)))
        demo_accounts = web.state.demo_accounts
    else:
        proxy_networks(proxies)  # a wrong entry stops here, not in every worker
        # Opened once before the workers start: a new SQLite file is migrated and missing keys are
        # created here, not by several workers at once, and the demo is seeded once.
        site = Site.open(records)
        try:
            demo_accounts = site.seed_demo() if demo else []
        finally:
            site.close()
    shown_host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104 - comparing, not binding
    if demo:
        from rich.table import Table

        shown = say("these accounts and a year of fictitious cases exist only in this demo database.")
        out.print(f"[bold]{escape(say('Demo mode'))}[/]: {escape(shown)}")
        if demo_accounts:
            table = Table(title=say("Demo accounts"))
            for heading in ("Account", "Role", "Password"):
                table.add_column(say(heading))
            for account, account_role, password in demo_accounts:
                table.add_row(escape(account), escape(role_words(account_role)), escape(password))
            out.print(table)
        else:
            out.print(
                "  "
                + escape(say("(the demo accounts were created on an earlier run; their passwords are in docs/web.md)"))
            )
    processes = "" if workers == 1 else " " + escape(say("with {count} worker processes", count=workers))
    out.print(
        f"{escape(say('Sanctuary is running at'))} [bold]http://{shown_host}:{port}/[/]{processes}  "
        f"({escape(say('Ctrl+C to stop'))})"
    )
    out.print(f"[dim italic]{escape(say(NOTICE))}[/]")
    # No access log: it would write client addresses and paths of every request. Forwarded headers
    # are read by the app, and only from --trusted-proxy addresses.
    quiet: dict[str, Any] = {
        "access_log": False,
        "log_level": "warning",
        "proxy_headers": False,
        "timeout_keep_alive": keep_alive,
    }
    if workers == 1:
        uvicorn.run(web, host=host, port=port, **quiet)
        return
    # Each worker builds its own app from the environment it inherits (see sanctuary.web.workers).
    os.environ[TRUSTED_PROXIES_ENV] = " ".join(proxies)
    uvicorn.run(WORKER_APP, factory=True, workers=workers, host=host, port=port, **quiet)
