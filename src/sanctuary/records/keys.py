"""The secrets a store needs, kept as files outside the database.

Three secrets, each mode 0600 in a 0700 directory and never written to the database: the ledger's
Ed25519 signing key (so a copy of the database cannot forge a checkpoint), the pseudonym secret (so
a subject's pseudonym cannot be recomputed from a guessed name), and the records key that wraps each
case's data key (so a copy of the database cannot read a person's details).

The records key has generations (``records.key`` is generation 0, then ``records-1.key``, ...): a
purge starts a new generation, re-wraps the surviving cases' keys under it and destroys the old
one, so the wrapped keys of purged cases, wherever a copy of them survives (dead rows, WAL,
backups), no longer open.

A key is created only while nothing in the store depends on it: once the store holds what a key
protects (checkpoints, pseudonyms, wrapped data keys), a missing key is an error, never silently
replaced, because a new key would sign, link or seal under a different secret.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import secrets
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sanctuary.model import InputError, Message
from sanctuary.records.ledger import LedgerError, generate_keys, verifier_key_of

log = logging.getLogger(__name__)

#: Signer key then verifier key, one per line (one file, so the pair is always created together).
LEDGER_KEY_FILE = "ledger.key"
#: The verifier key alone: public, handed to anyone who checks the ledger.
VERIFIER_KEY_FILE = "ledger.pub"
PSEUDONYM_SECRET_FILE = "pseudonym.secret"  # noqa: S105 - a file name, not a secret
#: Generation 0 of the records key (the name it always had); later generations are records-N.key.
RECORDS_KEY_FILE = "records.key"
#: The highest signed checkpoint this key directory has seen (a signed note), so that checkpoints
#: removed from the database are noticed.
HIGHEST_CHECKPOINT_FILE = "ledger.highest"
SECRET_BYTES = 32
_GENERATION = re.compile(r"records(?:-([1-9][0-9]{0,8}))?\.key")

#: What each key protects, for :class:`KeyStore`'s ``in_use`` question.
LEDGER = "ledger"
PSEUDONYM = "pseudonym"
RECORDS = "records"


class MissingKeyError(InputError):
    """A key the store's data depends on is not in the key directory."""


@dataclass(frozen=True)
class LedgerKeys:
    """The checkpoint signing pair in C2SP note key format."""

    signer: str
    verifier: str


def records_key_file(generation: int) -> str:
    """The file name of a records-key generation."""
    return RECORDS_KEY_FILE if generation == 0 else f"records-{generation}.key"


class KeyStore:
    """Loads the store's secrets from ``key_dir``; creates one only while the store holds nothing it protects.

    ``in_use(kind)`` answers, from the database, whether data protected by the key ``kind``
    (``ledger``, ``pseudonym``, ``records``) exists. Creation is atomic and first-writer-wins (a
    temporary file linked into place), so two processes starting at once agree on one key.
    """

    def __init__(self, key_dir: Path, origin: str, in_use: Callable[[str], bool]) -> None:
        self.key_dir = key_dir
        self.origin = origin
        self._in_use = in_use
        self._lock = threading.Lock()
        self._ledger: LedgerKeys | None = None
        self._pseudonym: bytes | None = None
        self._records: dict[int, bytes] = {}

    # -- the ledger's signing pair -------------------------------------------------------------

    def ledger_keys(self) -> LedgerKeys:
        """The signing pair; created for this store's origin only if no checkpoint was ever signed."""
        with self._lock:
            if self._ledger is None:
                path = self.key_dir / LEDGER_KEY_FILE
                if not path.exists():
                    self._may_create(LEDGER, LEDGER_KEY_FILE)
                    signer, verifier = generate_keys(self.origin)
                    self._create_once(LEDGER_KEY_FILE, f"{signer}\n{verifier}\n".encode())
                self._ledger = self._read_ledger_keys()
            return self._ledger

    def _read_ledger_keys(self) -> LedgerKeys:
        lines = self._read(LEDGER_KEY_FILE).decode("utf-8", "replace").split()
        if len(lines) != 2 or not _pair(lines[0], lines[1]):
            raise InputError(
                "The ledger key file {path} is damaged: it must hold the "
                "signer key and the verifier key, one per line. Restore it from backup; a new key "
                "would not match the checkpoints already signed.",
                path=self.key_dir / LEDGER_KEY_FILE,
            )
        self._create_once(VERIFIER_KEY_FILE, f"{lines[1]}\n".encode())
        return LedgerKeys(signer=lines[0], verifier=lines[1])

    def verifier_key(self) -> str:
        """The public verifier key (creating the pair if the store has signed nothing yet)."""
        return self.ledger_keys().verifier

    def existing_verifier_key(self) -> str | None:
        """The verifier key if the signing pair exists; never creates one (verification must not)."""
        if self._ledger is None and not (self.key_dir / LEDGER_KEY_FILE).exists():
            return None
        return self.ledger_keys().verifier

    # -- the pseudonym secret ----------------------------------------------------------------------

    def pseudonym_secret(self) -> bytes:
        """The HMAC-SHA256 key for pseudonyms; created only while the store holds no pseudonym."""
        with self._lock:
            if self._pseudonym is None:
                if not (self.key_dir / PSEUDONYM_SECRET_FILE).exists():
                    self._may_create(PSEUDONYM, PSEUDONYM_SECRET_FILE)
                    self._create_once(PSEUDONYM_SECRET_FILE, _new_secret())
                self._pseudonym = self._secret(PSEUDONYM_SECRET_FILE)
            return self._pseudonym

    def existing_pseudonym_secret(self) -> bytes | None:
        """The pseudonym secret if it exists; never creates one (verification must not)."""
        with self._lock:
            if self._pseudonym is None and not (self.key_dir / PSEUDONYM_SECRET_FILE).exists():
                return None
        return self.pseudonym_secret()

    # -- the records key and its generations -------------------------------------------------------

    def records_generations(self) -> list[int]:
        """The records-key generations in the key directory, oldest first."""
        try:
            names = os.listdir(self.key_dir)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise InputError(
                "Cannot read the key directory {folder}: {reason}.", folder=self.key_dir, reason=exc.strerror or exc
            ) from None
        found = (_GENERATION.fullmatch(name) for name in names)
        return sorted(int(match.group(1) or 0) for match in found if match)

    def current_records_key(self) -> tuple[int, bytes]:
        """The newest records-key generation and its key, which seals new cases.

        Call it inside the write transaction (it holds the ledger lock), so a rotation running in
        another process is either wholly before or wholly after.
        """
        with self._lock:
            generations = self.records_generations()
            if not generations:
                self._may_create(RECORDS, RECORDS_KEY_FILE)
                self._create_once(RECORDS_KEY_FILE, _new_secret())
                generations = [0]
            generation = generations[-1]
            return generation, self._records_key(generation)

    def records_key(self, generation: int) -> bytes:
        """The records key of one generation; MissingKeyError if it is not (or no longer) there."""
        with self._lock:
            return self._records_key(generation)

    def _records_key(self, generation: int) -> bytes:
        name = records_key_file(generation)
        if not (self.key_dir / name).exists():
            self._records.pop(generation, None)  # destroyed by a purge in another process
            raise MissingKeyError(
                "The records key generation {generation} ({path}) is not in the key directory: "
                "a purge destroyed it (the cases it sealed were purged), or the key directory is not the "
                "store's. Restore the key directory from its backup if it was lost.",
                generation=generation,
                path=self.key_dir / name,
            )
        if generation not in self._records:
            self._records[generation] = self._secret(name)
        return self._records[generation]

    def new_records_generation(self) -> int:
        """Create the next records-key generation (explicit: a purge or `sanctuary keys rotate`)."""
        with self._lock:
            generations = self.records_generations()
            if not generations:
                self._may_create(RECORDS, RECORDS_KEY_FILE)  # a lost key is not replaced by a rotation either
            generation = generations[-1] + 1 if generations else 0
            self._create_once(records_key_file(generation), _new_secret())
            log.info("created records key generation %d", generation)
            return generation

    def destroy_records_keys(self, keep: int) -> list[int]:
        """Overwrite and delete every records-key generation older than ``keep``; returns those destroyed.

        Overwriting first is best effort (a journaling or copy-on-write file system may keep old
        blocks): the key directory belongs on storage whose deletes are final, and out of backups.
        """
        destroyed = []
        with self._lock:
            for generation in self.records_generations():
                if generation >= keep:
                    continue
                path = self.key_dir / records_key_file(generation)
                try:
                    size = path.stat().st_size
                    with open(path, "r+b") as handle:
                        handle.write(b"\0" * size)
                        handle.flush()
                        os.fsync(handle.fileno())
                    path.unlink()
                except OSError as exc:
                    raise InputError(
                        "Cannot destroy the old records key {path}: {reason}.", path=path, reason=exc.strerror or exc
                    ) from None
                self._records.pop(generation, None)
                destroyed.append(generation)
            if destroyed:
                _fsync_dir(self.key_dir)
                log.info("destroyed records key generation(s) %s", ", ".join(map(str, destroyed)))
        return destroyed

    # -- explicit set-up -----------------------------------------------------------------------------

    def missing(self) -> list[str]:
        """The key files that are not there (of the three kinds; any records generation counts)."""
        absent = [name for name in (LEDGER_KEY_FILE, PSEUDONYM_SECRET_FILE) if not (self.key_dir / name).exists()]
        if not self.records_generations():
            absent.append(RECORDS_KEY_FILE)
        return absent

    def initialize(self, *, replace_lost: bool = False, first_generation: int = 0) -> list[str]:
        """Create every missing key; returns the files created.

        A key whose data exists in the store is created only with ``replace_lost`` (the old data it
        protected stays unreadable, or unverifiable with the new key); a replaced records key starts
        at ``first_generation`` so it never takes the name of the generation that was lost.
        """
        created = []
        for kind, name in ((LEDGER, LEDGER_KEY_FILE), (PSEUDONYM, PSEUDONYM_SECRET_FILE), (RECORDS, RECORDS_KEY_FILE)):
            if name in self.missing():
                if not replace_lost:
                    self._may_create(kind, name)
                if kind == LEDGER:
                    signer, verifier = generate_keys(self.origin)
                    self._create_once(LEDGER_KEY_FILE, f"{signer}\n{verifier}\n".encode())
                    self._read_ledger_keys()
                    created += [LEDGER_KEY_FILE, VERIFIER_KEY_FILE]
                elif kind == PSEUDONYM:
                    self._create_once(name, _new_secret())
                    created.append(name)
                else:
                    generation = first_generation if replace_lost else 0
                    self._create_once(records_key_file(generation), _new_secret())
                    created.append(records_key_file(generation))
        return created

    def backup(self, destination: Path) -> list[str]:
        """Copy the key files into ``destination`` (a new or empty folder, made 0700); returns the names."""
        names = sorted(
            name
            for name in self._names()
            if name in {LEDGER_KEY_FILE, VERIFIER_KEY_FILE, PSEUDONYM_SECRET_FILE, HIGHEST_CHECKPOINT_FILE}
            or _GENERATION.fullmatch(name)
        )
        if not names:
            raise InputError("The key directory {folder} holds no keys to back up.", folder=self.key_dir)
        if destination.resolve() == self.key_dir.resolve():
            raise InputError("The backup folder is the key directory itself; give another folder.")
        if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
            raise InputError(
                "The backup folder {folder} exists and is not empty; give a new folder, so that an older "
                "backup is never mixed with this one.",
                folder=destination,
            )
        try:
            destination.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(destination, 0o700)
            for name in names:
                fd, tmp = tempfile.mkstemp(dir=destination, prefix=f".{name}.")
                with os.fdopen(fd, "wb") as handle:
                    handle.write(self._read(name))
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, destination / name)
            _fsync_dir(destination)
        except OSError as exc:
            raise InputError(
                "Cannot write the key backup to {folder}: {reason}.", folder=destination, reason=exc.strerror or exc
            ) from None
        return names

    # -- the highest checkpoint seen ---------------------------------------------------------------

    def highest_checkpoint(self) -> str | None:
        """The signed note of the highest checkpoint this key directory has seen, if any."""
        path = self.key_dir / HIGHEST_CHECKPOINT_FILE
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError("Cannot read the remembered checkpoint {path}: {reason}.", path=path, reason=exc) from None

    def remember_checkpoint(self, size: int, note: str) -> bool:
        """Keep ``note`` as the highest checkpoint seen if it is larger than the one kept; True if kept.

        Never lowers what is kept (a lock file orders writers); does nothing if the key directory
        does not exist (verifying with a published key on another machine).
        """
        if not self.key_dir.is_dir():
            return False
        try:
            with self._directory_lock():
                kept = self.highest_checkpoint()
                if kept is not None and checkpoint_size(kept) >= size:
                    return False
                fd, tmp = tempfile.mkstemp(dir=self.key_dir, prefix=f".{HIGHEST_CHECKPOINT_FILE}.")
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(note)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.key_dir / HIGHEST_CHECKPOINT_FILE)
                _fsync_dir(self.key_dir)
        except OSError as exc:
            log.warning("cannot remember checkpoint of size %d in %s: %s", size, self.key_dir, exc.strerror or exc)
            return False
        return True

    # -- files -------------------------------------------------------------------------------------

    def _may_create(self, kind: str, name: str) -> None:
        if self._in_use(kind):
            protects = {
                LEDGER: Message("signed checkpoints (a new signing key could not be checked against them)"),
                PSEUDONYM: Message(
                    "pseudonyms of subjects or counsel (a new secret would give the same person another one)"
                ),
                RECORDS: Message("sealed case data (a new key could not open it)"),
            }[kind]
            raise MissingKeyError(
                "The key file {path} is missing, but the store already holds {protects}. "
                "Keys are never recreated silently: restore the key directory from its backup (see "
                "`sanctuary keys backup`) or point SANCTUARY_KEY_DIR at it; if the key is lost for good, "
                "`sanctuary keys init --replace-lost` creates a new one.",
                path=self.key_dir / name,
                protects=protects,
            )

    def _names(self) -> list[str]:
        try:
            return os.listdir(self.key_dir)
        except FileNotFoundError:
            return []

    def _secret(self, name: str) -> bytes:
        try:
            value = bytes.fromhex(self._read(name).decode("ascii").strip())
        except (UnicodeDecodeError, ValueError):
            value = b""
        if len(value) != SECRET_BYTES:
            raise InputError(
                "The key file {path} is damaged: it must hold {size} bytes in hex. "
                "Restore it from backup; a new key cannot read what the old one protected.",
                path=self.key_dir / name,
                size=SECRET_BYTES,
            )
        return value

    def _read(self, name: str) -> bytes:
        path = self.key_dir / name
        try:
            mode = path.stat().st_mode
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(
                "Cannot read the key file {path}: {reason}.", path=path, reason=exc.strerror or exc
            ) from None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("key file %s is readable by other users; restrict it with chmod 600", path)
        return data

    def _create_once(self, name: str, content: bytes) -> None:
        """Write ``content`` to the file ``name`` unless it exists (then the existing one wins)."""
        path = self.key_dir / name
        if path.exists():
            return
        try:
            self.key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=self.key_dir, prefix=f".{name}.")  # mkstemp: mode 0600
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
                    handle.flush()
                    os.fsync(handle.fileno())
                try:
                    os.link(tmp, path)
                    log.info("created key file %s", path)
                except FileExistsError:
                    pass
            finally:
                os.unlink(tmp)
            _fsync_dir(self.key_dir)
        except OSError as exc:
            raise InputError(
                "Cannot create the key file {path}: {reason}.", path=path, reason=exc.strerror or exc
            ) from None

    @contextlib.contextmanager
    def _directory_lock(self) -> Iterator[None]:
        """An exclusive lock on the key directory itself (no lock file left behind), across processes."""
        fd = os.open(self.key_dir, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


def checkpoint_size(note: str) -> int:
    """The tree size a checkpoint note states (its second line), or -1 if it has none."""
    lines = note.split("\n")
    try:
        return int(lines[1]) if len(lines) > 1 and lines[1].isdigit() else -1
    except ValueError:
        return -1


def _new_secret() -> bytes:
    return f"{secrets.token_hex(SECRET_BYTES)}\n".encode()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _pair(signer: str, verifier: str) -> bool:
    """Whether the verifier key checks what the signer key signs."""
    try:
        return verifier_key_of(signer) == verifier
    except LedgerError:
        return False
