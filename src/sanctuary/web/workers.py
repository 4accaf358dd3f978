"""Running the app in one process or several: the factory each worker process calls, and warming up.

Nothing a request relies on lives only in one process's memory: sessions, CSRF tokens and failed
logins are rows in the database, the key that signs the login form's token is derived from the
key directory's pseudonym secret, and the ledger's appends lock its head row. What one process
keeps in memory is a cache it may drop: the app of several workers turns the session cache off,
so that a logout or a disabled account on one worker holds at once on every other.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from dataclasses import replace

from fastapi import FastAPI

from sanctuary.records import Settings
from sanctuary.services.site import Limits

from .app import WebSettings, create_app

#: The trusted reverse proxies, space- or comma-separated (``--trusted-proxy`` sets it for the workers).
TRUSTED_PROXIES_ENV = "SANCTUARY_TRUSTED_PROXIES"
#: What uvicorn imports in each worker process (a factory: it is called there, after the fork).
WORKER_APP = "sanctuary.web.workers:worker_app"


def split_proxies(entries: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """The proxies of repeated options or of one variable, whichever separator was used."""
    return tuple(part for entry in entries or () for part in entry.replace(",", " ").split())


def multiprocess_settings(settings: WebSettings) -> WebSettings:
    """``settings`` for one of several processes: sessions read from the database on every request."""
    return replace(settings, limits=replace(settings.limits, session_cache=dt.timedelta(0)))


def worker_app() -> FastAPI:
    """The app of one worker process of ``sanctuary serve --workers N``, configured from the environment.

    The store (``SANCTUARY_DATABASE_URL``, ``SANCTUARY_KEY_DIR``, ...) and the trusted proxies come
    from the environment that every worker inherits; the database must already be at the schema's
    head and the key directory shared by all workers (``serve`` opens the store once before it
    starts them, which migrates a new SQLite file and creates missing keys).
    """
    proxies = split_proxies([os.environ.get(TRUSTED_PROXIES_ENV, "")])
    settings = WebSettings(records=Settings.from_env(), trusted_proxies=proxies, limits=Limits())
    return warm(create_app(multiprocess_settings(settings)))


def warm(app: FastAPI) -> FastAPI:
    """Load every pack now, then take what start-up built out of the cyclic collector's sight.

    A full collection walking the packs' objects paused a loaded server for about 0.1 s at a time.
    """
    app.state.site.packs()
    gc.collect()
    gc.freeze()
    return app
