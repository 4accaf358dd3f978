"""Staff accounts, server-side sessions and login rate limiting, in the records database.

Passwords are argon2 hashes; a session cookie holds a random token of which only the SHA-256 is
stored, so a copy of the database cannot be replayed as a login. Failed logins are counted in the
database (per account and per client) so that every web worker sees the same limit; the client is
kept only as a keyed hash, never as an address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from sanctuary.model import InputError

from .database import writer
from .models import NAMING, UTCDateTime

ROLES = ("front_desk", "counsel", "auditor", "admin")
LANGUAGES = ("en", "es")
MIN_PASSWORD = 12
MAX_NAME = 100

Clock = Callable[[], dt.datetime]

metadata = MetaData(naming_convention=NAMING)
USERS = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(MAX_NAME), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("language", String(8), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("disabled_at", UTCDateTime(), nullable=True),
)
SESSIONS = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("last_seen", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
)
ATTEMPTS = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account", String(MAX_NAME), nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("succeeded", Boolean, nullable=False),
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class User:
    """A staff account as the web app sees it (never the hash)."""

    id: int
    name: str
    role: str
    language: str


@dataclass(frozen=True)
class Session:
    """A live session: who, and the CSRF token its forms must carry."""

    user: User
    csrf_token: str
    expires_at: dt.datetime


class LoginRefused(Exception):
    """Too many failed logins: the caller must wait ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed logins; try again in {retry_after} seconds")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limits:
    """Session lifetimes and the login limit (failures allowed per window, per account and per client)."""

    idle: dt.timedelta = dt.timedelta(minutes=30)
    absolute: dt.timedelta = dt.timedelta(hours=8)
    failures: int = 5
    window: dt.timedelta = dt.timedelta(minutes=10)


#: How often a live session's idle deadline is written back.
SESSION_TOUCH = dt.timedelta(minutes=1)
#: How long a session read from the database is trusted from memory. Logging out, disabling an
#: account or changing its language in this process take effect at once; done by another process
#: (a second web worker), within this time.
SESSION_CACHE = dt.timedelta(seconds=5)
#: Sessions remembered at most; past this the memory starts afresh.
SESSION_CACHE_SIZE = 10_000


@dataclass(frozen=True)
class _StoredSession:
    """A session row as read from the database, and when it was read."""

    user: User
    csrf_token: str
    created_at: dt.datetime
    last_seen: dt.datetime
    expires_at: dt.datetime
    disabled: bool
    read_at: dt.datetime


class Accounts:
    """Users, sessions and login attempts over the store's engine."""

    def __init__(self, engine: Engine, *, secret: bytes, limits: Limits | None = None, clock: Clock = _now) -> None:
        self.engine = engine
        self._writer = writer(engine)
        self._secret = secret
        self.limits = limits or Limits()
        self.clock = clock
        self._hasher = PasswordHasher()
        self._sessions: dict[str, _StoredSession] = {}

    # --- accounts -------------------------------------------------------------------------------------

    def add_user(self, name: str, role: str, password: str, *, language: str = "en") -> User:
        """Create an account; InputError names what is wrong (role, language, weak password, taken name)."""
        name = name.strip()
        if not name or len(name) > MAX_NAME or any(c.isspace() for c in name):
            raise InputError(f"The account name {name!r} must be one word of 1 to {MAX_NAME} characters.")
        if role not in ROLES:
            raise InputError(f"The role {role!r} is not known; use one of: {', '.join(ROLES)}.")
        if language not in LANGUAGES:
            raise InputError(f"The language {language!r} is not offered; use one of: {', '.join(LANGUAGES)}.")
        if len(password) < MIN_PASSWORD:
            raise InputError(f"The password must have at least {MIN_PASSWORD} characters.")
        digest = self._hasher.hash(password)
        try:
            with self._writer.begin() as connection:
                key = connection.execute(
                    insert(USERS).values(
                        name=name, role=role, password_hash=digest, language=language, created_at=self.clock()
                    )
                ).inserted_primary_key
        except IntegrityError:
            raise InputError(f"An account named {name!r} already exists.") from None
        assert key is not None
        return User(int(key[0]), name, role, language)

    def users(self) -> list[User]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(USERS).where(USERS.c.disabled_at.is_(None)).order_by(USERS.c.name))
            return [User(int(r.id), r.name, r.role, r.language) for r in rows]

    def accounts(self) -> list[tuple[User, bool]]:
        """Every account, disabled ones too, by name: the account and whether it is disabled."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(USERS).order_by(USERS.c.name))
            return [(User(int(r.id), r.name, r.role, r.language), r.disabled_at is not None) for r in rows]

    def disable(self, name: str) -> None:
        """Disable an account and end its sessions; InputError if there is no such active account."""
        with self._writer.begin() as connection:
            row = connection.execute(
                select(USERS.c.id).where(USERS.c.name == name, USERS.c.disabled_at.is_(None))
            ).one_or_none()
            if row is None:
                raise InputError(f"There is no active account named {name!r}.")
            connection.execute(update(USERS).where(USERS.c.id == row.id).values(disabled_at=self.clock()))
            connection.execute(delete(SESSIONS).where(SESSIONS.c.user_id == row.id))
        self._forget_user(int(row.id))

    def set_language(self, user_id: int, language: str) -> None:
        if language not in LANGUAGES:
            raise InputError(f"The language {language!r} is not offered; use one of: {', '.join(LANGUAGES)}.")
        with self._writer.begin() as connection:
            connection.execute(update(USERS).where(USERS.c.id == user_id).values(language=language))
        self._forget_user(user_id)

    # --- logins ---------------------------------------------------------------------------------------

    def client_key(self, address: str) -> str:
        """A keyed hash of the client's address: enough to count its failures, useless to find it."""
        return hmac.new(self._secret, address.encode("utf-8"), hashlib.sha256).hexdigest()

    def login(self, name: str, password: str, address: str) -> tuple[str, Session] | None:
        """A new session token for good credentials, None for bad ones; LoginRefused while rate limited."""
        account = name.strip()[:MAX_NAME]
        client = self.client_key(address)
        now = self.clock()
        since = now - self.limits.window
        with self._writer.begin() as connection:
            failures = connection.execute(
                select(ATTEMPTS.c.account, ATTEMPTS.c.client, ATTEMPTS.c.at).where(
                    ATTEMPTS.c.at >= since,
                    ATTEMPTS.c.succeeded.is_(False),
                    or_(ATTEMPTS.c.account == account, ATTEMPTS.c.client == client),
                )
            ).all()
            by_account = [r.at for r in failures if r.account == account]
            by_client = [r.at for r in failures if r.client == client]
            for times in (by_account, by_client):
                if len(times) >= self.limits.failures:
                    oldest = sorted(times)[-self.limits.failures]
                    wait = int((oldest + self.limits.window - now).total_seconds()) + 1
                    raise LoginRefused(max(wait, 1))
            row = connection.execute(
                select(USERS).where(USERS.c.name == account, USERS.c.disabled_at.is_(None))
            ).one_or_none()
            good = row is not None and self._verify(row.password_hash, password)
            connection.execute(insert(ATTEMPTS).values(account=account, client=client, at=now, succeeded=good))
            if not good or row is None:
                return None
            token = secrets.token_urlsafe(32)
            csrf = secrets.token_urlsafe(32)
            expires = min(now + self.limits.idle, now + self.limits.absolute)
            connection.execute(
                insert(SESSIONS).values(
                    token_hash=_hash(token),
                    user_id=row.id,
                    csrf_token=csrf,
                    created_at=now,
                    last_seen=now,
                    expires_at=expires,
                )
            )
            connection.execute(delete(ATTEMPTS).where(ATTEMPTS.c.at < now - 10 * self.limits.window))
            user = User(int(row.id), row.name, row.role, row.language)
        return token, Session(user, csrf, expires)

    def _verify(self, digest: str, password: str) -> bool:
        try:
            return self._hasher.verify(digest, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    # --- sessions -------------------------------------------------------------------------------------

    def session(self, token: str) -> Session | None:
        """The live session for a cookie token (its idle deadline moved on), or None if unknown or expired.

        The idle deadline is written at most once a minute, and a session read from the database is
        trusted from memory for a few seconds: a database round trip (and a disk sync) on every
        request would make the session check the slowest part of an API call.
        """
        now = self.clock()
        key = _hash(token)
        stored = self._sessions.get(key)
        if stored is None or now - stored.read_at >= SESSION_CACHE or now < stored.read_at:
            stored = self._read_session(key, now)
            if stored is None:
                self._sessions.pop(key, None)
                return None
        if stored.expires_at <= now or stored.disabled:
            self._sessions.pop(key, None)
            with self._writer.begin() as connection:
                connection.execute(delete(SESSIONS).where(SESSIONS.c.token_hash == key))
            return None
        if now - stored.last_seen >= SESSION_TOUCH:
            expires = min(now + self.limits.idle, stored.created_at + self.limits.absolute)
            with self._writer.begin() as connection:
                connection.execute(
                    update(SESSIONS).where(SESSIONS.c.token_hash == key).values(last_seen=now, expires_at=expires)
                )
            stored = replace(stored, last_seen=now, expires_at=expires)
        if len(self._sessions) >= SESSION_CACHE_SIZE:
            self._sessions.clear()
        self._sessions[key] = stored
        return Session(stored.user, stored.csrf_token, stored.expires_at)

    def _read_session(self, key: str, now: dt.datetime) -> _StoredSession | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(SESSIONS, USERS.c.name, USERS.c.role, USERS.c.language, USERS.c.disabled_at)
                .join(USERS, USERS.c.id == SESSIONS.c.user_id)
                .where(SESSIONS.c.token_hash == key)
            ).one_or_none()
        if row is None:
            return None
        user = User(int(row.user_id), row.name, row.role, row.language)
        return _StoredSession(
            user, row.csrf_token, row.created_at, row.last_seen, row.expires_at, row.disabled_at is not None, now
        )

    def _forget_user(self, user_id: int) -> None:
        for key in [key for key, stored in self._sessions.items() if stored.user.id == user_id]:
            self._sessions.pop(key, None)

    def logout(self, token: str) -> None:
        self._sessions.pop(_hash(token), None)
        with self._writer.begin() as connection:
            connection.execute(delete(SESSIONS).where(SESSIONS.c.token_hash == _hash(token)))

    def purge_expired(self) -> int:
        """Drop expired sessions; returns how many."""
        with self._writer.begin() as connection:
            result = connection.execute(delete(SESSIONS).where(SESSIONS.c.expires_at <= self.clock()))
            return int(result.rowcount or 0)

    def count_sessions(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(SESSIONS)).scalar_one())


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
