"""Signed checkpoints in the C2SP formats, so the city's log is checkable with off-the-shelf tools.

A checkpoint (https://c2sp.org/tlog-checkpoint) is the text ``<origin>\\n<size>\\n<base64 root>\\n``
(plus optional extension lines), signed as a note (https://c2sp.org/signed-note, the format of Go's
golang.org/x/mod/sumdb/note): the text, a blank line, then one line per signature,
``— <key name> <base64(4-byte key hash || Ed25519 signature)>``. The key hash is the first four
bytes of SHA-256(name || 0x0A || 0x01 || public key); keys are written ``<name>+<hash>+<base64>``.

A checkpoint binds a root hash to *this* log (the origin) at *this* size, under a key the public
knows; verifying a Merkle root without its signature proves nothing about who published it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sanctuary.model import Message

from ._errors import LedgerError
from ._merkle import HASH_SIZE

#: The signed-note algorithm byte for Ed25519, the only one supported.
ALG_ED25519 = 0x01
#: Every signature line starts with an em dash (U+2014) and a space.
SIGNATURE_PREFIX = "\u2014 "
#: Notes with more signature lines are rejected, as Go's sumdb/note does, to bound the work.
MAX_SIGNATURES = 100

_HEX8 = re.compile(r"[0-9a-fA-F]{8}")
_SIZE = re.compile(r"0|[1-9][0-9]*")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
_MAX_SIZE = 2**64 - 1


@dataclass(frozen=True)
class Checkpoint:
    """A verified tree head: the log ``origin``, its ``size`` in entries, and its Merkle ``root``."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> str:
        """The checkpoint note text that gets signed."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode("ascii"), *self.extensions]
        return "".join(f"{line}\n" for line in lines)


@dataclass(frozen=True)
class _VerifierKey:
    name: str
    key_hash: bytes
    public_key: Ed25519PublicKey

    @property
    def label(self) -> str:
        return f"{self.name}+{self.key_hash.hex()}"


@dataclass(frozen=True)
class _SignatureLine:
    line: int
    name: str
    key_hash: bytes
    signature: bytes

    @property
    def label(self) -> str:
        return f"{self.name}+{self.key_hash.hex()}"


def _is_valid_name(name: str) -> bool:
    """A key name is non-empty, with no spaces and no '+', as sumdb/note requires."""
    return bool(name) and "+" not in name and not any(c.isspace() for c in name) and not _CONTROL.search(name)


def _key_hash(name: str, encoded_key: bytes) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\n" + encoded_key).digest()[:4]


def _b64decode(text: str) -> bytes | None:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None


def _public_key_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes_raw()


def generate_keys(name: str) -> tuple[str, str]:
    """A new Ed25519 key pair for the log ``name``: ``(signer_key, verifier_key)``.

    The signer key is secret (keep it outside the database); the verifier key is what the public gets.
    """
    if not _is_valid_name(name):
        raise LedgerError("a key name must be non-empty, without spaces or '+': {name!r}", name=name)
    private = Ed25519PrivateKey.generate()
    public = bytes([ALG_ED25519]) + _public_key_bytes(private.public_key())
    seed = bytes([ALG_ED25519]) + private.private_bytes_raw()
    key_hash = _key_hash(name, public).hex()
    signer = f"PRIVATE+KEY+{name}+{key_hash}+{base64.b64encode(seed).decode('ascii')}"
    verifier = f"{name}+{key_hash}+{base64.b64encode(public).decode('ascii')}"
    return signer, verifier


def _key_bytes(kind: Message, material: Message, name: str, hash16: str, key64: str) -> bytes:
    """The checks a signer key and a verifier key share: name, hash field, base64, Ed25519, length.

    ``kind`` names the key ("the verifier key"), ``material`` what it holds ("an Ed25519 key").
    """
    if not _is_valid_name(name):
        raise LedgerError("{kind} is malformed: the key name {name!r} is empty or has spaces", kind=kind, name=name)
    if not _HEX8.fullmatch(hash16):
        raise LedgerError("{kind} is malformed: the key hash {hash!r} is not 8 hex digits", kind=kind, hash=hash16)
    key = _b64decode(key64)
    if key is None or not key:
        raise LedgerError("{kind} is malformed: the key is not valid base64", kind=kind)
    if key[0] != ALG_ED25519:
        raise LedgerError(
            "{kind} uses algorithm 0x{algorithm:02x}; only Ed25519 (0x01) is supported", kind=kind, algorithm=key[0]
        )
    if len(key) != 33:
        raise LedgerError(
            "{kind} is malformed: {material} is 32 bytes, this one is {size}",
            kind=kind,
            material=material,
            size=len(key) - 1,
        )
    return key


def _parse_verifier_key(verifier_key: str) -> _VerifierKey:
    parts = verifier_key.strip().split("+", 2) if isinstance(verifier_key, str) else []
    if len(parts) != 3:
        raise LedgerError("the verifier key is malformed: expected '<name>+<8 hex digits>+<base64 key>'")
    name, hash16, key64 = parts
    key = _key_bytes(Message("the verifier key"), Message("an Ed25519 key"), name, hash16, key64)
    if _key_hash(name, key) != bytes.fromhex(hash16):
        raise LedgerError(
            "the verifier key is malformed: its key hash {hash} does not match its name and key (expected {expected})",
            hash=hash16,
            expected=_key_hash(name, key).hex(),
        )
    return _VerifierKey(name, bytes.fromhex(hash16), Ed25519PublicKey.from_public_bytes(key[1:]))


def _parse_signer_key(signer_key: str) -> tuple[str, bytes, Ed25519PrivateKey]:
    parts = signer_key.strip().split("+", 4) if isinstance(signer_key, str) else []
    if len(parts) != 5 or parts[0] != "PRIVATE" or parts[1] != "KEY":
        raise LedgerError("the signer key is malformed: expected 'PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>'")
    _, _, name, hash16, key64 = parts
    key = _key_bytes(Message("the signer key"), Message("an Ed25519 seed"), name, hash16, key64)
    private = Ed25519PrivateKey.from_private_bytes(key[1:])
    public = bytes([ALG_ED25519]) + _public_key_bytes(private.public_key())
    if _key_hash(name, public) != bytes.fromhex(hash16):
        raise LedgerError(
            "the signer key is malformed: its key hash {hash} does not match its name and key", hash=hash16
        )
    return name, bytes.fromhex(hash16), private


def verifier_key_of(signer_key: str) -> str:
    """The public verifier key that checks what ``signer_key`` signs (for a store holding only the secret)."""
    name, key_hash, private = _parse_signer_key(signer_key)
    public = bytes([ALG_ED25519]) + _public_key_bytes(private.public_key())
    return f"{name}+{key_hash.hex()}+{base64.b64encode(public).decode('ascii')}"


def _check_text(text: str, what: Message) -> None:
    """Note text is UTF-8 with no control characters other than newline (signed-note, and sumdb/note)."""
    for number, line in enumerate(text.split("\n"), start=1):
        found = _CONTROL.search(line)
        if found:
            char = found.group()
            name = (
                Message("a carriage return (notes end lines with \\n only)")
                if char == "\r"
                else Message("a control character")
            )
            raise LedgerError(
                "malformed {what}: line {number} contains {name} U+{code:04X}",
                what=what,
                number=number,
                name=name,
                code=ord(char),
            )
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:
            raise LedgerError(
                "malformed {what}: line {number} is not valid Unicode text", what=what, number=number
            ) from None


def sign_note(text: str, signer_key: str) -> str:
    """Sign ``text`` (which must end in a newline) as a signed note with one signature line."""
    name, key_hash, private = _parse_signer_key(signer_key)
    if not isinstance(text, str) or not text.endswith("\n"):
        raise LedgerError("a note text must end with a newline")
    _check_text(text, Message("note text"))
    signature = private.sign(text.encode("utf-8"))
    blob = base64.b64encode(key_hash + signature).decode("ascii")
    return f"{text}\n{SIGNATURE_PREFIX}{name} {blob}\n"


def _split_note(note: str) -> tuple[str, list[_SignatureLine]]:
    """Split a signed note into its text and its signature lines, numbering lines from 1."""
    if not isinstance(note, str):
        raise LedgerError("a signed note is text, got {kind}", kind=type(note).__name__)
    _check_text(note, Message("note"))
    split = note.rfind("\n\n")
    if split < 0:
        raise LedgerError("malformed note: no blank line separates the text from the signature lines")
    text, block = note[: split + 1], note[split + 2 :]
    if not block:
        raise LedgerError("malformed note: it has no signature lines after the blank line")
    if not block.endswith("\n"):
        raise LedgerError(
            "malformed note: line {number} (the last) does not end with a newline", number=note.count("\n") + 1
        )
    first = text.count("\n") + 2
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise LedgerError(
            "malformed note: it has {count} signature lines, more than {most}", count=len(lines), most=MAX_SIGNATURES
        )
    signatures: list[_SignatureLine] = []
    for number, line in enumerate(lines, start=first):
        if not line.startswith(SIGNATURE_PREFIX):
            raise LedgerError(
                "malformed line {number}: a signature line starts with an em dash and a space "
                "('\u2014 <key name> <base64>'), got {start!r}",
                number=number,
                start=line[:40],
            )
        name, _, blob = line[len(SIGNATURE_PREFIX) :].partition(" ")
        if not _is_valid_name(name):
            raise LedgerError(
                "malformed line {number}: the key name {name!r} is empty or has spaces or '+'", number=number, name=name
            )
        raw = _b64decode(blob)
        if raw is None or len(raw) < 5:
            raise LedgerError(
                "malformed line {number}: the signature is not base64 of a key hash and a signature", number=number
            )
        signatures.append(_SignatureLine(number, name, raw[:4], raw[4:]))
    return text, signatures


def _verify(text: str, signatures: list[_SignatureLine], key: _VerifierKey, what: Message) -> None:
    mine = [s for s in signatures if s.name == key.name and s.key_hash == key.key_hash]
    if not mine:
        same_name = [s.label for s in signatures if s.name == key.name]
        if same_name:
            raise LedgerError(
                "unknown key: {what} is signed by {signers}, not by the verifier key "
                "{key} (same name, different key: a rotated or a forged key)",
                what=what,
                signers=", ".join(same_name),
                key=key.label,
            )
        raise LedgerError(
            "unknown key: {what} has no signature by {key}; it is signed by {signers}",
            what=what,
            key=key.label,
            signers=", ".join(s.label for s in signatures),
        )
    message = text.encode("utf-8")
    for signature in mine:
        try:
            if len(signature.signature) != 64:
                raise InvalidSignature
            key.public_key.verify(signature.signature, message)
        except InvalidSignature:
            raise LedgerError(
                "bad signature on line {number} by {key}: the signed text was changed "
                "after signing, or the signature was not made with this key",
                number=signature.line,
                key=key.label,
            ) from None


def open_note(note: str, verifier_key: str) -> str:
    """The text of a signed note, once a signature by ``verifier_key`` on it has been verified.

    Signatures by other keys are ignored (the formats require it: witnesses add cosignatures).
    """
    key = _parse_verifier_key(verifier_key)
    text, signatures = _split_note(note)
    _verify(text, signatures, key, Message("the note"))
    return text


def _parse_body(text: str) -> Checkpoint:
    lines = text[:-1].split("\n")
    for number, line in enumerate(lines, start=1):
        if not line:
            raise LedgerError("malformed line {number}: the checkpoint body has an empty line", number=number)
    if len(lines) < 3:
        if len(lines) == 1:
            raise LedgerError(
                "malformed checkpoint: the body has 1 line; it needs the origin, the tree size and the root hash"
            )
        raise LedgerError(
            "malformed checkpoint: the body has {count} lines; it needs the origin, the tree size and the root hash",
            count=len(lines),
        )
    origin, size_text, root_text, *extensions = lines
    if not _SIZE.fullmatch(size_text) or int(size_text) > _MAX_SIZE:
        raise LedgerError(
            "malformed line 2: the tree size must be a decimal number without leading zeros, got {given!r}",
            given=size_text,
        )
    root = _b64decode(root_text)
    if root is None or len(root) != HASH_SIZE or base64.b64encode(root).decode("ascii") != root_text:
        raise LedgerError(
            "malformed line 3: the root hash must be the base64 of {hash_size} bytes, got {given!r}",
            hash_size=HASH_SIZE,
            given=root_text,
        )
    return Checkpoint(origin, int(size_text), root, tuple(extensions))


def sign_checkpoint(origin: str, size: int, root: bytes, signer_key: str, *, extensions: tuple[str, ...] = ()) -> str:
    """The signed checkpoint note for the tree of ``size`` entries with ``root`` in the log ``origin``."""
    if not isinstance(origin, str) or not origin or "\n" in origin:
        raise LedgerError("a checkpoint origin is one non-empty line of text, got {origin!r}", origin=origin)
    if isinstance(size, bool) or not isinstance(size, int) or not 0 <= size <= _MAX_SIZE:
        raise LedgerError("a checkpoint size is a non-negative integer, got {size!r}", size=size)
    if not isinstance(root, bytes) or len(root) != HASH_SIZE:
        raise LedgerError(
            "a checkpoint root is a {hash_size}-byte hash, got {root!r:.80}", hash_size=HASH_SIZE, root=root
        )
    for extension in extensions:
        if not isinstance(extension, str) or not extension or "\n" in extension:
            raise LedgerError(
                "a checkpoint extension is one non-empty line of text, got {extension!r}", extension=extension
            )
    return sign_note(Checkpoint(origin, size, root, tuple(extensions)).body(), signer_key)


def open_checkpoint(note_text: str, verifier_key: str, origin: str | None = None) -> Checkpoint:
    """The checkpoint in ``note_text``, after checking its form, its signature by ``verifier_key`` and its origin.

    Raises LedgerError saying what is wrong: a malformed line (with its number), an unknown key,
    a bad signature, or a checkpoint for another log than ``origin``.
    """
    key = _parse_verifier_key(verifier_key)
    text, signatures = _split_note(note_text)
    checkpoint = _parse_body(text)
    _verify(text, signatures, key, Message("the checkpoint"))
    if origin is not None and checkpoint.origin != origin:
        raise LedgerError(
            "wrong origin: the checkpoint is for the log {origin!r}, expected {expected!r}",
            origin=checkpoint.origin,
            expected=origin,
        )
    return checkpoint
