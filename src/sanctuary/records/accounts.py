"""Staff accounts, server-side sessions and login rate limiting, in the records database.

Passwords are argon2 hashes; a session cookie holds a random token of which only the SHA-256 is
stored, so a copy of the database cannot be replayed as a login. Failed logins are counted in the
database so that every web worker sees the same limits; the client is kept only as a keyed hash,
never as an address. A client with too many failures is refused; an account with too many failures
is not locked (anyone could lock anyone out) but answered after a growing delay, except from
clients that logged into it before. Unknown names are checked against a dummy hash, so that the
time taken does not tell which names exist.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

from sanctuary.model import InputError

from .database import writer
from .models import NAMING, UTCDateTime

ROLES = ("front_desk", "counsel", "auditor", "admin")
LANGUAGES = ("en", "es")
MIN_PASSWORD = 12
#: Longer passwords are refused: argon2 hashes any length, but nobody types more.
MAX_PASSWORD = 1024
#: A password with fewer different characters than this ("aaaaaaaaaaaa", "abababababab") is refused.
MIN_DISTINCT = 5
MAX_NAME = 100
#: Besides letters and digits, what an account name may contain.
NAME_PUNCTUATION = "._-"
#: The most common passwords (see the file's header for its source), refused as passwords.
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt")
#: Look-alike letters and digits mapped to one form, to find account names that read the same.
LOOK_ALIKES = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "5": "s", "_": "-", ".": "-"})

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
    #: Set when an admin gave the account a new password: its owner must choose their own first.
    Column("must_change", Boolean, nullable=False, server_default=false()),
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
    #: The password was set by an admin: nothing but choosing a new one is allowed until then.
    must_change: bool = False


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
    """Session lifetimes and the login limits.

    ``failures`` failed logins within ``window`` from one client refuse that client until the
    window passes. As many failures on one account (from anywhere) do not lock it: each further
    attempt on it waits ``step_up`` seconds, doubling with every failure up to ``step_up_max``,
    except from a client that logged into that account within ``known_for``.
    """

    idle: dt.timedelta = dt.timedelta(minutes=30)
    absolute: dt.timedelta = dt.timedelta(hours=8)
    failures: int = 5
    window: dt.timedelta = dt.timedelta(minutes=10)
    step_up: float = 1.0
    step_up_max: float = 20.0
    known_for: dt.timedelta = dt.timedelta(days=30)
    #: How long a session read from the database is trusted from memory. Logging out, disabling an
    #: account or changing its language in this process take effect at once; done by another process,
    #: within this time. Zero (the app of several worker processes) reads the session on every request.
    session_cache: dt.timedelta = dt.timedelta(seconds=5)


#: The first key of the PostgreSQL advisory locks that order one client's login attempts.
LOGIN_LOCK_SPACE = 0x53414E43  # "SANC"
#: How often a live session's idle deadline is written back.
SESSION_TOUCH = dt.timedelta(minutes=1)
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
        self._dummy: str | None = None
        self._sessions: dict[str, _StoredSession] = {}

    # --- accounts -------------------------------------------------------------------------------------

    def add_user(self, name: str, role: str, password: str, *, language: str = "en") -> User:
        """Create an account; InputError names what is wrong (name, role, language, weak password, taken name)."""
        name = check_name(name)
        if role not in ROLES:
            raise InputError(
                "The role {role!r} is not known; use one of: {allowed}.", role=role, allowed=", ".join(ROLES)
            )
        if language not in LANGUAGES:
            raise InputError(
                "The language {language!r} is not offered; use one of: {allowed}.",
                language=language,
                allowed=", ".join(LANGUAGES),
            )
        check_password(password, name)
        with self.engine.connect() as connection:
            taken = connection.execute(select(USERS.c.name)).scalars().all()
        for other in taken:
            if skeleton(other) == skeleton(name):
                if other == name:
                    raise InputError("The account name {name!r} already exists; choose another name.", name=name)
                raise InputError(
                    "The account name {name!r} reads the same as the existing account {other!r}; choose another name.",
                    name=name,
                    other=other,
                )
        digest = self._hasher.hash(password)
        try:
            with self._writer.begin() as connection:
                key = connection.execute(
                    insert(USERS).values(
                        name=name, role=role, password_hash=digest, language=language, created_at=self.clock()
                    )
                ).inserted_primary_key
        except IntegrityError:
            raise InputError("An account named {name!r} already exists.", name=name) from None
        assert key is not None
        return User(int(key[0]), name, role, language)

    def set_password(self, name: str, password: str, *, must_change: bool = False) -> None:
        """Give an active account a new password (the policy applies) and end all its sessions.

        ``must_change``: the owner must choose their own password at the next login.
        """
        account = normalise_name(name)
        check_password(password, account)
        digest = self._hasher.hash(password)
        with self._writer.begin() as connection:
            row = connection.execute(
                select(USERS.c.id).where(USERS.c.name == account, USERS.c.disabled_at.is_(None))
            ).one_or_none()
            if row is None:
                raise InputError("There is no active account named {name!r}.", name=account)
            connection.execute(
                update(USERS).where(USERS.c.id == row.id).values(password_hash=digest, must_change=must_change)
            )
            connection.execute(delete(SESSIONS).where(SESSIONS.c.user_id == row.id))
        self._forget_user(int(row.id))

    def reset_password(self, name: str) -> str:
        """A new random password for an active account (returned once, never stored); its sessions end,
        and its owner must choose their own password at the next login."""
        password = "-".join(secrets.token_urlsafe(6) for _ in range(4))
        self.set_password(name, password, must_change=True)
        return password

    def change_password(self, user: User, current: str, new: str, *, address: str, keep: str | None = None) -> None:
        """The user's own change: the current password must be right; every other session ends.

        A wrong current password counts as a failed login from ``address`` (LoginRefused past the
        limit), so a session left open is no way round the login limit. ``keep`` is the cookie
        token of the session making the change, which stays open.
        """
        client = self.client_key(address)
        now = self.clock()
        with self._writer.begin() as connection:
            self._refuse_if_limited(connection, client, now)
            row = connection.execute(
                select(USERS.c.password_hash).where(USERS.c.id == user.id, USERS.c.disabled_at.is_(None))
            ).one_or_none()
            good = row is not None and self._verify(row.password_hash, current)
            if not good:
                connection.execute(insert(ATTEMPTS).values(account=user.name, client=client, at=now, succeeded=False))
        if not good:
            raise InputError("field 'current': the current password is wrong.")
        if new == current:
            raise InputError("field 'new': the new password must differ from the current one.")
        check_password(new, user.name, field="new")
        digest = self._hasher.hash(new)
        with self._writer.begin() as connection:
            connection.execute(
                update(USERS).where(USERS.c.id == user.id).values(password_hash=digest, must_change=False)
            )
            others = delete(SESSIONS).where(SESSIONS.c.user_id == user.id)
            if keep is not None:
                others = others.where(SESSIONS.c.token_hash != _hash(keep))
            connection.execute(others)
        self._forget_user(user.id)

    def users(self) -> list[User]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(USERS).where(USERS.c.disabled_at.is_(None)).order_by(USERS.c.name))
            return [_user(r) for r in rows]

    def accounts(self) -> list[tuple[User, bool]]:
        """Every account, disabled ones too, by name: the account and whether it is disabled."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(USERS).order_by(USERS.c.name))
            return [(_user(r), r.disabled_at is not None) for r in rows]

    def disable(self, name: str) -> None:
        """Disable an account and end its sessions; InputError if there is no such active account."""
        with self._writer.begin() as connection:
            user_id = _account_id(connection, name, disabled=False)
            connection.execute(update(USERS).where(USERS.c.id == user_id).values(disabled_at=self.clock()))
            connection.execute(delete(SESSIONS).where(SESSIONS.c.user_id == user_id))
        self._forget_user(user_id)

    def enable(self, name: str) -> None:
        """Let a disabled account log in again; InputError if there is no such disabled account."""
        with self._writer.begin() as connection:
            user_id = _account_id(connection, name, disabled=True)
            connection.execute(update(USERS).where(USERS.c.id == user_id).values(disabled_at=None))

    def set_role(self, name: str, role: str) -> None:
        """Change an account's role; its open sessions see the new role at once (this process) or within
        seconds (others)."""
        if role not in ROLES:
            raise InputError(
                "The role {role!r} is not known; use one of: {allowed}.", role=role, allowed=", ".join(ROLES)
            )
        with self._writer.begin() as connection:
            user_id = _account_id(connection, name)
            connection.execute(update(USERS).where(USERS.c.id == user_id).values(role=role))
        self._forget_user(user_id)

    def set_language(self, user_id: int, language: str) -> None:
        if language not in LANGUAGES:
            raise InputError(
                "The language {language!r} is not offered; use one of: {allowed}.",
                language=language,
                allowed=", ".join(LANGUAGES),
            )
        with self._writer.begin() as connection:
            connection.execute(update(USERS).where(USERS.c.id == user_id).values(language=language))
        self._forget_user(user_id)

    # --- logins ---------------------------------------------------------------------------------------

    def client_key(self, address: str) -> str:
        """A keyed hash of the client's address: enough to count its failures, useless to find it."""
        return hmac.new(self._secret, address.encode("utf-8"), hashlib.sha256).hexdigest()

    def login(self, name: str, password: str, address: str) -> tuple[str, Session] | None:
        """A new session token for good credentials, None for bad ones; LoginRefused while this client is limited.

        Only the client's own failures refuse it: failures on the account from elsewhere slow the
        account down (:meth:`step_up_delay`) but never stop its right password.
        """
        account = login_name(name)
        client = self.client_key(address)
        now = self.clock()
        with self._writer.begin() as connection:
            self._refuse_if_limited(connection, client, now)
            row = connection.execute(
                select(USERS).where(USERS.c.name == account, USERS.c.disabled_at.is_(None))
            ).one_or_none()
            # An unknown name costs the same argon2 verification as a known one: the time tells nothing.
            good = self._verify(row.password_hash if row is not None else self._dummy_hash(), password)
            good = good and row is not None
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
            connection.execute(
                delete(ATTEMPTS).where(
                    or_(
                        ATTEMPTS.c.at < now - max(self.limits.known_for, 10 * self.limits.window),
                        ATTEMPTS.c.succeeded.is_(False) & (ATTEMPTS.c.at < now - 10 * self.limits.window),
                    )
                )
            )
            user = _user(row)
        return token, Session(user, csrf, expires)

    def _refuse_if_limited(self, connection: Connection, client: str, now: dt.datetime) -> None:
        """LoginRefused if ``client`` failed ``failures`` times within the window.

        The count, the password check and the attempt's row are one transaction that holds a lock on
        the client: on SQLite the writer's database lock, on PostgreSQL a transaction-scoped advisory
        lock keyed by the client's hash. Without it, attempts sent at once (to several web workers, or
        to several threads of one) would each count the same failures and get more guesses together.
        """
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:space, :key)"),
                {"space": LOGIN_LOCK_SPACE, "key": int.from_bytes(bytes.fromhex(client[:8]), "big", signed=True)},
            )
        failures = (
            connection.execute(
                select(ATTEMPTS.c.at).where(
                    ATTEMPTS.c.at >= now - self.limits.window,
                    ATTEMPTS.c.succeeded.is_(False),
                    ATTEMPTS.c.client == client,
                )
            )
            .scalars()
            .all()
        )
        if len(failures) >= self.limits.failures:
            oldest = sorted(failures)[-self.limits.failures]
            wait = int((oldest + self.limits.window - now).total_seconds()) + 1
            raise LoginRefused(max(wait, 1))

    def step_up_delay(self, name: str, address: str) -> float:
        """Seconds to hold a login attempt on ``name`` from ``address`` before checking it.

        Zero until the account has ``failures`` failed logins within the window (from anywhere),
        then ``step_up`` seconds doubling per further failure, up to ``step_up_max``. Zero for a
        client that logged into this account within ``known_for``: an attack elsewhere never
        slows the account's owner at their usual desk.
        """
        account = login_name(name)
        now = self.clock()
        with self.engine.connect() as connection:
            failed = connection.execute(
                select(func.count())
                .select_from(ATTEMPTS)
                .where(
                    ATTEMPTS.c.account == account,
                    ATTEMPTS.c.succeeded.is_(False),
                    ATTEMPTS.c.at >= now - self.limits.window,
                )
            ).scalar_one()
            if failed < self.limits.failures:
                return 0.0
            known = connection.execute(
                select(ATTEMPTS.c.id)
                .where(
                    ATTEMPTS.c.account == account,
                    ATTEMPTS.c.client == self.client_key(address),
                    ATTEMPTS.c.succeeded.is_(True),
                    ATTEMPTS.c.at >= now - self.limits.known_for,
                )
                .limit(1)
            ).first()
        if known is not None:
            return 0.0
        excess = min(int(failed) - self.limits.failures, 30)
        return float(min(self.limits.step_up * 2**excess, self.limits.step_up_max))

    def _verify(self, digest: str, password: str) -> bool:
        try:
            return self._hasher.verify(digest, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _dummy_hash(self) -> str:
        """A hash of a random password, made with the same parameters as the real ones."""
        if self._dummy is None:
            self._dummy = self._hasher.hash(secrets.token_urlsafe(32))
        return self._dummy

    # --- sessions -------------------------------------------------------------------------------------

    def session(self, token: str) -> Session | None:
        """The live session for a cookie token (its idle deadline moved on), or None if unknown or expired.

        The idle deadline is written at most once a minute, and a session read from the database is
        trusted from memory for ``limits.session_cache`` (a few seconds in one process, none across
        several): a database round trip on every request would make the session check the slowest
        part of an API call in a single process.
        """
        now = self.clock()
        key = _hash(token)
        stored = self._sessions.get(key)
        if stored is None or now - stored.read_at >= self.limits.session_cache or now < stored.read_at:
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
                select(SESSIONS, USERS.c.name, USERS.c.role, USERS.c.language, USERS.c.disabled_at, USERS.c.must_change)
                .join(USERS, USERS.c.id == SESSIONS.c.user_id)
                .where(SESSIONS.c.token_hash == key)
            ).one_or_none()
        if row is None:
            return None
        user = User(int(row.user_id), row.name, row.role, row.language, bool(row.must_change))
        return _StoredSession(
            user, row.csrf_token, row.created_at, row.last_seen, row.expires_at, row.disabled_at is not None, now
        )

    def _forget_user(self, user_id: int) -> None:
        # A copy first: the web app changes accounts from worker threads while requests read sessions.
        for key in [key for key, stored in list(self._sessions.items()) if stored.user.id == user_id]:
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


def _user(row: Any) -> User:
    return User(int(row.id), row.name, row.role, row.language, bool(row.must_change))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- names and passwords ------------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """An account name as stored and looked up: NFKC-normalised (full-width, ligatures folded), trimmed."""
    return unicodedata.normalize("NFKC", name).strip()


def login_name(name: str) -> str:
    """The name a login looks up and counts against: normalised, without control characters, bounded.

    No stored name holds a control character, so dropping them never lets one login match another
    account; it keeps a NUL out of the database, which PostgreSQL refuses in text.
    """
    cleaned = "".join(c for c in normalise_name(name) if unicodedata.category(c)[0] != "C")
    return cleaned[:MAX_NAME]


def check_name(name: str) -> str:
    """The normalised name, or an InputError: one word of letters (one script), digits and ``._-``."""
    name = normalise_name(name)
    shown = name.encode("unicode_escape").decode("ascii")
    if not name or len(name) > MAX_NAME:
        raise InputError("The account name {name!r} must have 1 to {most} characters.", name=shown, most=MAX_NAME)
    for char in name:
        if not (char.isalpha() or char in "0123456789" or char in NAME_PUNCTUATION):
            raise InputError(
                "The account name {name!r} may hold only letters, digits 0-9 and {punctuation}; "
                "{char!r} is not allowed.",
                name=shown,
                punctuation=" ".join(NAME_PUNCTUATION),
                char=char.encode("unicode_escape").decode("ascii"),
            )
    scripts = sorted({unicodedata.name(c, "?").split()[0] for c in name if c.isalpha()})
    if len(scripts) > 1:
        raise InputError(
            "The account name {name!r} mixes letters of several scripts ({scripts}); "
            "such names can look like another account's: use one script.",
            name=shown,
            scripts=", ".join(s.title() for s in scripts),
        )
    return name


def skeleton(name: str) -> str:
    """What a name looks like: case and accents dropped, look-alikes (0/o, 1/l/i, rn/m) made one."""
    decomposed = unicodedata.normalize("NFKD", normalise_name(name).casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("rn", "m").replace("vv", "w").translate(LOOK_ALIKES)


def check_password(password: str, name: str, *, field: str = "password") -> None:
    """InputError unless the password is long, varied, not a common one and not the account's name.

    The common list is checked as typed (any case) and with digits and symbols trimmed from both
    ends, the usual way of meeting a composition rule ("Summer2024!").
    """
    if len(password) < MIN_PASSWORD:
        raise InputError(
            "field '{field}': the password must have at least {least} characters.", field=field, least=MIN_PASSWORD
        )
    if len(password) > MAX_PASSWORD:
        raise InputError(
            "field '{field}': the password must have at most {most} characters.", field=field, most=MAX_PASSWORD
        )
    if len(set(password)) < MIN_DISTINCT:
        raise InputError(
            "field '{field}': the password repeats too few characters; use at least {least} different ones.",
            field=field,
            least=MIN_DISTINCT,
        )
    folded = password.casefold()
    core = folded.strip("0123456789!@#$%^&*()-_=+.,;:?/ ")
    if folded in common_passwords() or (len(core) >= 4 and core in common_passwords()):
        raise InputError(
            "field '{field}': the password is one of the most common passwords (or one with digits or "
            "symbols added); choose another, e.g. several unrelated words.",
            field=field,
        )
    if folded == normalise_name(name).casefold():
        raise InputError("field '{field}': the password must not be the account name.", field=field)


@functools.cache
def common_passwords() -> frozenset[str]:
    """The bundled list of common passwords (lower case)."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _account_id(connection: Connection, name: str, *, disabled: bool | None = None) -> int:
    """The id of the account named ``name`` (only a disabled or an active one, when ``disabled`` says
    so); InputError naming what was looked for when there is none."""
    name = normalise_name(name)
    query = select(USERS.c.id).where(USERS.c.name == name)
    if disabled is not None:
        query = query.where(USERS.c.disabled_at.is_not(None) if disabled else USERS.c.disabled_at.is_(None))
    row = connection.execute(query).one_or_none()
    if row is None:
        if disabled is None:
            raise InputError("There is no account named {name!r}.", name=name)
        if disabled:
            raise InputError("There is no disabled account named {name!r}.", name=name)
        raise InputError("There is no active account named {name!r}.", name=name)
    return int(row.id)
