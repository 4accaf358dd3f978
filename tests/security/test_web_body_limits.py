"""A body is counted as it streams and cut off at its route's limit (413).

Before, only Content-Length was checked: a chunked body (which has none) was read and parsed
whole, 300 MB to the public login form, and multipart bodies were spooled to /tmp whatever their
size. Now every route, logged in or not, stops reading at its limit: 1 MiB for forms and JSON,
the paper limit plus 64 KiB for the routes that take a paper.
"""

from __future__ import annotations

import select
import socket
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
import pytest
from web_helpers import HOLD, client, csrf_of, login, make_app, server

from sanctuary.web.app import BODY_LIMIT, FORM_OVERHEAD

CHUNK = 64 * 1024
HOSTILE = 300 * 1024 * 1024


@pytest.fixture
def app(records_settings: Any) -> Any:
    return make_app(records_settings)


def stream(app: Any, path: str, headers: dict[str, str], chunk: bytes, total: int) -> tuple[int, int, bytes]:
    """POST ``total`` bytes in ``chunk``-sized messages, straight to the ASGI app.

    Returns (status, bytes the app pulled, response body); the app pulls only what it reads.
    """
    pulled = 0
    answer: dict[str, Any] = {"body": b""}

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        if pulled >= total:
            return {"type": "http.disconnect"}
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": pulled < total}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in {**headers, "transfer-encoding": "chunked"}.items()],
        "client": ("192.0.2.9", 1234),
        "server": ("testserver", 443),
    }
    anyio.run(app, scope, receive, send)
    return answer["status"], pulled, answer["body"]


def test_a_chunked_body_to_the_login_form_stops_at_the_limit(app: Any) -> None:
    form = {"content-type": "application/x-www-form-urlencoded", "accept": "application/json"}
    status, pulled, body = stream(app, "/login", form, b"a" * CHUNK, HOSTILE)
    assert status == 413
    assert pulled <= BODY_LIMIT + CHUNK  # not 300 MB: reading stopped at the limit
    assert b"The request is too large: the limit is 1024 KB" in body


@pytest.mark.parametrize(
    ("path", "kind", "chunk"),
    [
        # FastAPI reads a model's body before it checks the session: this was read whole.
        ("/api/cases", "application/json", b" " * CHUNK),
        # A file part has no size limit in the form parser: this was spooled to /tmp whole.
        (
            "/login",
            "multipart/form-data; boundary=xxxxxxxxxx",
            b'--xxxxxxxxxx\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\n'.ljust(CHUNK, b"a"),
        ),
    ],
)
def test_chunked_bodies_without_a_session_stop_at_the_limit(app: Any, path: str, kind: str, chunk: bytes) -> None:
    status, pulled, body = stream(app, path, {"content-type": kind, "accept": "application/json"}, chunk, HOSTILE)
    assert status == 413
    assert pulled <= BODY_LIMIT + CHUNK
    assert b"too large" in body


def test_a_chunked_json_body_stops_at_the_limit_when_logged_in(app: Any) -> None:
    web = client(app)
    assert login(web, "counsel").status_code == 303
    headers = {
        "content-type": "application/json",
        "x-csrf-token": csrf_of(web),
        "cookie": f"sanctuary_session={web.cookies['sanctuary_session']}",
    }
    status, pulled, body = stream(app, "/api/decide", headers, b" " * CHUNK, HOSTILE)
    assert status == 413
    assert pulled <= BODY_LIMIT + CHUNK
    assert b'"status":413' in body


def test_a_chunked_upload_stops_at_the_paper_limit(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANCTUARY_MAX_DOCUMENT_MB", "1")
    web = client(app)
    assert login(web, "front_desk").status_code == 303
    boundary = "x" * 20
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.txt"\r\n\r\n'.encode()
    headers = {
        "content-type": f"multipart/form-data; boundary={boundary}",
        "x-csrf-token": csrf_of(web),
        "cookie": f"sanctuary_session={web.cookies['sanctuary_session']}",
    }
    status, pulled, body = stream(app, "/api/read", headers, head + b"a" * (CHUNK - len(head)), HOSTILE)
    assert status == 413
    assert pulled <= 1024 * 1024 + FORM_OVERHEAD + CHUNK  # nothing more was spooled to disk
    assert b"The upload is too large: the limit is 1 MB per paper." in body


def test_content_length_over_the_limit_is_refused_before_reading(app: Any) -> None:
    web = client(app)
    refused = web.post(
        "/login", content=b"a" * (BODY_LIMIT + 1), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert refused.status_code == 413
    assert "too large" in refused.text
    assert login(web, "admin").status_code == 303  # the app goes on serving
    assert web.post("/api/decide", json=HOLD, headers={"X-CSRF-Token": csrf_of(web)}).status_code == 200


def _send_chunked(url: str, path: str, total: int) -> tuple[int, bytes]:
    """Stream ``total`` bytes of chunked form data at a real server; (bytes sent, the answer's first bytes)."""
    parts = urlsplit(url)
    assert parts.hostname is not None
    assert parts.port is not None
    chunk = f"{CHUNK:x}\r\n".encode() + b"a" * CHUNK + b"\r\n"
    sent = 0
    pending = b""
    with socket.create_connection((parts.hostname, parts.port)) as connection:
        connection.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {parts.hostname}\r\nAccept: application/json\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
        )
        connection.setblocking(False)
        deadline = time.monotonic() + 60
        while sent < total and time.monotonic() < deadline:
            readable, writable, _ = select.select([connection], [connection], [], 1)
            if readable:
                break  # the server answered
            if writable:
                pending = pending or chunk
                try:
                    done = connection.send(pending)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    break  # the server closed the connection
                sent += done
                pending = pending[done:]
        connection.settimeout(10)
        try:
            answer = connection.recv(4096)
        except OSError:
            answer = b""
    return sent, answer


def test_a_real_server_stops_reading_a_300_mb_chunked_login(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with server(tmp_path) as url:
        sent, answer = _send_chunked(url, "/login", HOSTILE)
    assert answer.startswith(b"HTTP/1.1 413")
    # What got out of the client before the answer: the limit, one chunk and the sockets' buffers.
    assert sent < 16 * 1024 * 1024
    with capsys.disabled():
        print(f"\n300 MB chunked login: {sent:,} bytes sent before the 413 (limit {BODY_LIMIT:,})")
