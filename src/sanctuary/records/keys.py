"""The secrets a store needs, kept as files outside the database.

Three secrets, each created on first use with mode 0600 in a 0700 directory and never written to
the database: the ledger's Ed25519 signing key (so a copy of the database cannot forge a
checkpoint), the pseudonym secret (so a subject's pseudonym cannot be recomputed from a guessed
name), and the records key that wraps each case's data key (so a copy of the database cannot read
a person's details, and deleting a case's wrapped key shreds them).
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from sanctuary.model import InputError
from sanctuary.records.ledger import LedgerError, generate_keys, verifier_key_of

log = logging.getLogger(__name__)

#: Signer key then verifier key, one per line (one file, so the pair is always created together).
LEDGER_KEY_FILE = "ledger.key"
#: The verifier key alone: public, handed to anyone who checks the ledger.
VERIFIER_KEY_FILE = "ledger.pub"
PSEUDONYM_SECRET_FILE = "pseudonym.secret"  # noqa: S105 - a file name, not a secret
RECORDS_KEY_FILE = "records.key"
SECRET_BYTES = 32


@dataclass(frozen=True)
class LedgerKeys:
    """The checkpoint signing pair in C2SP note key format."""

    signer: str
    verifier: str


class KeyStore:
    """Loads the store's secrets from ``key_dir``, creating each one the first time it is needed.

    Creation is atomic and first-writer-wins (a temporary file linked into place), so two processes
    starting at once agree on one key instead of each signing with its own.
    """

    def __init__(self, key_dir: Path, origin: str) -> None:
        self.key_dir = key_dir
        self.origin = origin
        self._lock = threading.Lock()
        self._ledger: LedgerKeys | None = None
        self._pseudonym: bytes | None = None
        self._records: bytes | None = None

    def ledger_keys(self) -> LedgerKeys:
        """The signing pair, generated for this store's origin on first use."""
        with self._lock:
            if self._ledger is None:
                signer, verifier = generate_keys(self.origin)
                text = self._create_once(LEDGER_KEY_FILE, f"{signer}\n{verifier}\n".encode())
                lines = text.decode("utf-8", "replace").split()
                if len(lines) != 2 or not _pair(lines[0], lines[1]):
                    raise InputError(
                        f"The ledger key file {self.key_dir / LEDGER_KEY_FILE} is damaged: it must hold the "
                        "signer key and the verifier key, one per line. Restore it from backup; a new key "
                        "would not match the checkpoints already signed."
                    )
                self._ledger = LedgerKeys(signer=lines[0], verifier=lines[1])
                self._create_once(VERIFIER_KEY_FILE, f"{lines[1]}\n".encode())
            return self._ledger

    def verifier_key(self) -> str:
        """The public verifier key (creating the pair if there is none yet)."""
        return self.ledger_keys().verifier

    def existing_verifier_key(self) -> str | None:
        """The verifier key if the signing pair exists; never creates one (verification must not)."""
        if self._ledger is None and not (self.key_dir / LEDGER_KEY_FILE).exists():
            return None
        return self.ledger_keys().verifier

    def pseudonym_secret(self) -> bytes:
        """The HMAC-SHA256 key for subject pseudonyms."""
        with self._lock:
            if self._pseudonym is None:
                self._pseudonym = self._secret(PSEUDONYM_SECRET_FILE)
            return self._pseudonym

    def records_key(self) -> bytes:
        """The AES-256 key that wraps every case's data key."""
        with self._lock:
            if self._records is None:
                self._records = self._secret(RECORDS_KEY_FILE)
            return self._records

    def _secret(self, name: str) -> bytes:
        text = self._create_once(name, f"{secrets.token_hex(SECRET_BYTES)}\n".encode())
        try:
            value = bytes.fromhex(text.decode("ascii").strip())
        except (UnicodeDecodeError, ValueError):
            value = b""
        if len(value) != SECRET_BYTES:
            raise InputError(
                f"The key file {self.key_dir / name} is damaged: it must hold {SECRET_BYTES} bytes in hex. "
                "Restore it from backup; a new key cannot read what the old one protected."
            )
        return value

    def _create_once(self, name: str, content: bytes) -> bytes:
        """The file's content, writing ``content`` first if the file does not exist yet."""
        path = self.key_dir / name
        if not path.exists():
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
            except OSError as exc:
                raise InputError(f"Cannot create the key file {path}: {exc.strerror or exc}.") from None
        try:
            mode = path.stat().st_mode
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"Cannot read the key file {path}: {exc.strerror or exc}.") from None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("key file %s is readable by other users; restrict it with chmod 600", path)
        return data


def _pair(signer: str, verifier: str) -> bool:
    """Whether the verifier key checks what the signer key signs."""
    try:
        return verifier_key_of(signer) == verifier
    except LedgerError:
        return False
