"""`sanctuary serve --workers 4`: sessions, CSRF, login limits and the ledger across worker processes.

The real server runs in its own processes on a free loopback port, on PostgreSQL when
SANCTUARY_TEST_DATABASE_URL is set (a fresh schema, the full load) and on an SQLite file (a
lighter load: SQLite serves several workers too, one writer at a time). Which worker
process served a request is read from /proc: the worker that holds the accepted socket of the
client's connection. A keep-alive connection stays with its worker, so a token taken from one
worker can be sent on purpose to another.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from sanctuary.records import Settings
from sanctuary.records.accounts import Limits

WORKERS = 4
CLIENTS = 16
CASES = 200
USERS = tuple(f"desk-{n}" for n in range(4))
PASSWORD = "workers-test-passphrase"  # noqa: S105 - a test account's
PROXY = "127.0.0.1"
#: Seconds to wait for the server's workers to answer.
STARTUP_TIMEOUT = 120.0
#: A written request of each kind the case API saves: a detainer and an administrative warrant.
REQUESTS = (
    {
        "action": "hold",
        "setting": "jail",
        "requester": {"kind": "federal_immigration"},
        "instrument": {"type": "detainer"},
    },
    {
        "action": "enter_facility",
        "setting": "city_office",
        "area": "non_public",
        "requester": {"kind": "federal_immigration", "agency": "ICE ERO"},
        "purpose": "civil_immigration",
        "instrument": {"type": "administrative_warrant", "signed_by_judge": False},
    },
)
LOGIN_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')

#: Cases written by the load test, per database.
CASES_ON = {"postgresql": CASES, "sqlite": 48}


# --- the server ---------------------------------------------------------------------------------------


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    env: dict[str, str]
    settings: Settings
    cases: int

    def workers(self) -> list[int]:
        """The worker processes (the supervisor's children that serve, not its resource tracker)."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()]


def _sanctuary() -> list[str]:
    beside = Path(sys.executable).with_name("sanctuary")
    return [str(beside)] if beside.exists() else [sys.executable, "-c", "from sanctuary.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """A fresh database (SQLite file or PostgreSQL schema), migrated, with the test's accounts."""
    from sqlalchemy import create_engine

    from sanctuary.records import parse_url, upgrade_database
    from sanctuary.services.site import Site

    folder = tmp_path_factory.mktemp("workers")
    schema = f"sanctuary_workers_{uuid.uuid4().hex[:12]}"
    admin = None
    if request.param == "sqlite":
        database = f"sqlite:///{folder / 'records.db'}"
    else:
        base = os.environ.get("SANCTUARY_TEST_DATABASE_URL")
        if not base:
            pytest.skip("SANCTUARY_TEST_DATABASE_URL is not set: PostgreSQL variant skipped")
        url = parse_url(base)
        admin = create_engine(url)
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        database = url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    made = Settings(
        data_dir=folder / "var", database_url=database, key_dir=folder / "keys", origin="workers.test/ledger"
    )
    try:
        upgrade_database(made)
        site = Site.open(made)
        try:
            for name in USERS:
                site.accounts.add_user(name, "front_desk", PASSWORD)
        finally:
            site.close()
        yield made
    finally:
        if admin is not None:
            with admin.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.dispose()


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[Server]:
    """`sanctuary serve --workers 4 --trusted-proxy 127.0.0.1`: a test client names its address in X-Forwarded-For."""
    if not Path("/proc/net/tcp").exists():
        pytest.skip("telling the workers apart reads /proc (Linux)")
    port = _free_port()
    env = {
        **os.environ,
        "SANCTUARY_DATA_DIR": str(settings.data_dir),
        "SANCTUARY_DATABASE_URL": settings.database_url,
        "SANCTUARY_KEY_DIR": str(settings.key_dir),
        "SANCTUARY_LEDGER_ORIGIN": settings.origin,
    }
    for name in ("SANCTUARY_TRUSTED_PROXIES", "SANCTUARY_PACKS_PATH", "SANCTUARY_PACK"):
        env.pop(name, None)
    log_path = settings.data_dir / "server.log"
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # Connections stay open while the test deals them out: a client keeps its worker.
    options = ["--workers", str(WORKERS), "--port", str(port), "--trusted-proxy", PROXY, "--keep-alive", "600"]
    command = [*_sanctuary(), "serve", *options]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    backend = "sqlite" if settings.database_url.startswith("sqlite") else "postgresql"
    running = Server(port, process, env, settings, CASES_ON[backend])
    try:
        _wait_for_workers(running, log_path)
        yield running
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_workers(server: Server, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"`sanctuary serve` exited with {server.process.returncode}:\n{log.read_text(errors='replace')}"
            )
        if len(server.workers()) == WORKERS:
            try:
                if Client(server, "192.0.2.1").get("/login").status == 200:
                    return
            except OSError:
                pass
        time.sleep(0.2)
    pytest.fail(f"the {WORKERS} workers did not answer in {STARTUP_TIMEOUT:.0f} s:\n{log.read_text(errors='replace')}")


# --- a client on one keep-alive connection, so on one worker --------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Client:
    """One connection (so one worker) with its own cookies, sent as the client ``address`` behind the proxy."""

    server: Server
    address: str
    cookies: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
        self.connection.connect()

    def worker(self) -> int:
        """The worker process holding this connection's accepted socket."""
        local = self.connection.sock.getsockname()[1]
        inode = None
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            parts = line.split()
            if int(parts[1].split(":")[1], 16) == self.server.port and int(parts[2].split(":")[1], 16) == local:
                inode = parts[9]
        assert inode is not None, "the server side of the connection is not in /proc/net/tcp"
        for pid in self.server.workers():
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                try:
                    if os.readlink(fd) == f"socket:[{inode}]":
                        return pid
                except OSError:
                    continue
        raise AssertionError("no worker holds the connection")

    def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> Answer:
        sent = {"X-Forwarded-For": self.address, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        self.connection.request(method, path, body=body, headers=sent)
        response = self.connection.getresponse()
        data = response.read()
        cookies = {}
        for header in response.headers.get_all("set-cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name] = rest.split(";", 1)[0].strip('"')
        for name, value in cookies.items():
            if value:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return Answer(response.status, dict(response.headers), cookies, data)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post_form(self, path: str, form: dict[str, str]) -> Answer:
        kind = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, urlencode(form).encode(), kind)

    def post_json(self, path: str, value: Any, csrf: str | None) -> Answer:
        headers = {"Content-Type": "application/json", **({"X-CSRF-Token": csrf} if csrf is not None else {})}
        return self.request("POST", path, json.dumps(value).encode(), headers)

    def login_form(self) -> str:
        """The login form's signed token (its nonce is now this client's cookie)."""
        found = LOGIN_TOKEN.search(self.get("/login").body.decode())
        assert found is not None
        return found.group(1)

    def login(self, name: str, password: str, token: str | None = None) -> Answer:
        form = {"name": name, "password": password, "csrf_token": token or self.login_form(), "next": "/"}
        return self.post_form("/login", form)

    def close(self) -> None:
        self.connection.close()


def spread_clients(server: Server, address: str, count: int) -> list[Client]:
    """``count`` connections taken in turn from different workers (at least two; the kernel picks the worker).

    New connections are opened until there are ``count`` and two workers hold some; the clients are
    then dealt round the workers, so the first two are always on different workers.
    """
    held: dict[int, list[Client]] = {}
    opened = 0
    while (opened < count or len(held) < 2) and opened < count + 120:
        client = Client(server, address)
        client.get("/login")
        held.setdefault(client.worker(), []).append(client)
        opened += 1
    assert len(held) >= 2, f"{opened} connections reached only one worker"
    dealt: list[Client] = []
    queues = list(held.values())
    while len(dealt) < count:
        for queue in queues:
            if queue and len(dealt) < count:
                dealt.append(queue.pop(0))
    for queue in queues:
        for client in queue:
            client.close()
    return dealt


# --- the tests ----------------------------------------------------------------------------------------------


def test_login_token_session_and_csrf_of_one_worker_hold_on_another(server: Server) -> None:
    first, second = spread_clients(server, "198.51.100.10", 2)
    assert first.worker() != second.worker()
    # The login form of one worker, sent to another: its token is signed with the shared secret.
    token = first.login_form()
    second.cookies = dict(first.cookies)
    answer = second.login(USERS[0], PASSWORD, token)
    assert answer.status == 303, answer.body
    first.cookies = dict(second.cookies)
    # The session made by the second worker is known to the first; its CSRF token passes on the second.
    session = first.get("/api/session")
    assert session.status == 200
    csrf = session.json()["csrf_token"]
    decided = second.post_json("/api/decide", REQUESTS[0], csrf)
    assert decided.status == 200, decided.body
    assert decided.json()["outcome"]
    assert second.post_json("/api/decide", REQUESTS[0], csrf[::-1]).status == 403
    assert second.post_json("/api/decide", REQUESTS[0], None).status == 403
    # Logging out on one worker ends the session on every other at once.
    assert second.post_form("/logout", {"csrf_token": csrf}).status == 303
    assert first.get("/api/session").status == 401
    for client in (first, second):
        client.close()


def test_the_login_limit_counts_failures_on_every_worker(server: Server) -> None:
    failures = Limits().failures
    first, second = spread_clients(server, "203.0.113.20", 2)
    # Failures alternate between two workers; the next attempt is refused whichever worker gets it.
    for attempt in range(failures):
        client = (first, second)[attempt % 2]
        assert client.login(f"nobody-{attempt}", "not-the-password").status == 401
    for client in (first, second):
        refused = client.login(USERS[1], PASSWORD)
        assert refused.status == 429, refused.body
        assert int(refused.headers["retry-after"]) > 0
    # Another client is not affected.
    other = Client(server, "203.0.113.21")
    assert other.login(USERS[1], PASSWORD).status == 303
    for client in (first, second, other):
        client.close()


def test_failures_sent_at_once_to_several_workers_get_no_extra_guesses(server: Server) -> None:
    """Attempts of one client racing on all workers: exactly ``failures`` passwords are checked."""
    failures = Limits().failures
    address = "203.0.113.30"
    clients = spread_clients(server, address, CLIENTS)
    tokens = [client.login_form() for client in clients]
    barrier = threading.Barrier(len(clients))

    def attempt(number: int) -> tuple[int, int]:
        barrier.wait()
        answer = clients[number].login(f"ghost-{number}", "not-the-password", tokens[number])
        return answer.status, clients[number].worker()

    with ThreadPoolExecutor(len(clients)) as pool:
        results = list(pool.map(attempt, range(len(clients))))
    statuses = Counter(status for status, _ in results)
    assert statuses == {401: failures, 429: len(clients) - failures}, statuses
    assert len({worker for _, worker in results}) >= 2, "the attempts all reached one worker"
    for client in clients:
        client.close()


def test_concurrent_case_writes_on_four_workers_leave_one_ledger(server: Server) -> None:
    from sanctuary.records import Store

    with Store.open(server.settings) as store:
        before = store.ledger.head().size

    cases = server.cases
    per_client = [cases // CLIENTS + (1 if n < cases % CLIENTS else 0) for n in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    clients = spread_clients(server, "198.51.100.100", CLIENTS)

    def write(number: int) -> tuple[int, list[dict[str, Any]]]:
        client = clients[number]
        client.address = f"198.51.100.{100 + number}"
        assert client.login(USERS[number % len(USERS)], PASSWORD).status == 303
        csrf = client.get("/api/session").json()["csrf_token"]
        made = []
        barrier.wait()
        for n in range(per_client[number]):
            body = {"request": REQUESTS[n % 2], "channel": "fax", "department": f"client-{number}-case-{n}"}
            answer = client.post_json("/api/cases", body, csrf)
            assert answer.status == 201, answer.body
            made.append(answer.json())
        worker = client.worker()
        client.close()
        return worker, made

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(write, range(CLIENTS)))
    written = [case for _, cases in results for case in cases]
    assert len({worker for worker, _ in results}) >= 2, "every client reached the same worker"

    # Every case written exactly once, each with the entries its answer named.
    assert len(written) == cases
    assert len({case["case_id"] for case in written}) == cases
    expected = sorted(entry["index"] for case in written for entry in case["entries"])
    with Store.open(server.settings) as store:
        entries = store.ledger.entries(start=before)
        indexes = [entry.index for entry in entries]
        assert len(indexes) == len(set(indexes)), "duplicate ledger indexes"
        assert indexes == list(range(before, before + len(expected)))
        assert indexes == expected
        assert store.ledger.head().size == before + len(expected)
        by_case = Counter(entry.case_id for entry in entries)
        assert by_case == Counter({case["case_id"]: len(case["entries"]) for case in written}), (
            "entries of a case lost or duplicated"
        )
        opened = Counter(entry.case_id for entry in entries if entry.kind == "case_opened")
        assert set(opened.values()) == {1}
        assert len(opened) == cases
        departments = Counter(summary.department for summary in store.cases.list_cases(limit=10 * cases))
        assert all(count == 1 for name, count in departments.items() if name and name.startswith("client-"))
        assert sum(1 for name in departments if name and name.startswith("client-")) == cases

    # The command people run afterwards finds the chain whole.
    verified = subprocess.run(
        [*_sanctuary(), "ledger", "verify", "--json"], env=server.env, capture_output=True, text=True, timeout=300
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    report = json.loads(verified.stdout)
    assert report["ok"] is True
    assert report["entries"] == before + len(expected)


def test_serve_refuses_a_wrong_proxy_before_starting_workers() -> None:
    from typer.testing import CliRunner

    from sanctuary.cli import app

    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--trusted-proxy", "nonsense"])
    assert result.exit_code == 2
    assert "The trusted proxy 'nonsense' is not an IP address or network" in result.output


def test_racing_failed_logins_of_one_client_are_counted_one_at_a_time(store: Any) -> None:
    """Threads standing in for workers, on one store: the count and the check of each attempt are one locked step."""
    from sanctuary.records.accounts import Accounts, LoginRefused

    accounts = Accounts(store.engine, secret=b"k" * 32)
    racers = 8
    barrier = threading.Barrier(racers)

    def attempt(number: int) -> str:
        barrier.wait()
        try:
            return "checked" if accounts.login(f"ghost-{number}", "not-the-password", "203.0.113.40") is None else "in"
        except LoginRefused:
            return "refused"

    with ThreadPoolExecutor(racers) as pool:
        outcomes = Counter(pool.map(attempt, range(racers)))
    assert outcomes == {"checked": Limits().failures, "refused": racers - Limits().failures}
