"""What the web security tests share: an app with one account per role, logins, a real server."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from sanctuary.services.site import ROLES, Limits
from sanctuary.web import WebSettings, create_app

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"  # noqa: S105 - a test account's password
CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')
HOLD = {
    "action": "hold",
    "setting": "jail",
    "requester": {"kind": "federal_immigration"},
    "instrument": {"type": "detainer"},
}


def make_app(records: Any, **options: Any) -> Any:
    """An app over ``records`` with one account per role (named after it), all with :data:`PASSWORD`."""
    options.setdefault("limits", Limits())
    app = create_app(WebSettings(records=records, **options))
    for role in ROLES:
        app.state.site.accounts.add_user(role, role, PASSWORD)
    return app


def client(app: Any, address: str = "192.0.2.1") -> TestClient:
    """A client over HTTPS from ``address`` (a documentation address unless told)."""
    return TestClient(app, base_url="https://testserver", client=(address, 50000))


def login(web: TestClient | httpx.Client, name: str, password: str = PASSWORD, **headers: str) -> Any:
    page = web.get("/login")
    token = CSRF.search(page.text)
    assert token is not None
    return web.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": token.group(1)},
        headers=headers or None,
        follow_redirects=False,
    )


def csrf_of(web: TestClient | httpx.Client) -> str:
    token = web.get("/api/session").json()["csrf_token"]
    assert isinstance(token, str)
    return token


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def server(data_dir: Path, **options: Any) -> Iterator[str]:
    """The app under uvicorn in its own process on a free loopback port; yields its base URL."""
    port = free_port()
    env = {**os.environ, "SANCTUARY_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT / "src")}
    env.pop("SANCTUARY_DATABASE_URL", None)
    script = Path(__file__).with_name("web_server.py")
    process = subprocess.Popen(
        [sys.executable, str(script), str(port), json.dumps(options)], env=env, stdout=subprocess.DEVNULL
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/login", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the test server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(10)
