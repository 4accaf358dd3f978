"""Signed checkpoints: round trips, forgeries, malformed notes, and Go's published signed note.

The format vector is the example of golang.org/x/mod/sumdb/note (note.go's package comment and
note_test.go: TestSign, TestOpen, TestNewVerifier): the PeterNeumann key pair, the two-line text and
its signature, plus EnochRoot's signature of the same text. Ed25519 is deterministic, so signing that
text with that key must reproduce Go's note byte for byte; if it does, Go tooling and C2SP
witnesses read our checkpoints, and we read theirs.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctuary.model import InputError
from sanctuary.records.ledger import (
    EMPTY_ROOT,
    Checkpoint,
    LedgerError,
    generate_keys,
    leaf_hash,
    open_checkpoint,
    open_note,
    sign_checkpoint,
    sign_note,
    verifier_key_of,
)

PETER_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_KEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
PETER_SIG = (
    "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"
)
GO_NOTE = GO_TEXT + "\n" + PETER_SIG

ORIGIN = "ledger.sanctuary.example/lacity"
ROOT = leaf_hash(b"a root for the tests")


@pytest.fixture(scope="module")
def keys() -> tuple[str, str]:
    return generate_keys(ORIGIN)


# -- Go's published vector --------------------------------------------------------------------------


def test_signing_reproduces_the_go_note_byte_for_byte() -> None:
    assert sign_note(GO_TEXT, PETER_SIGNER) == GO_NOTE


def test_the_go_note_opens_with_the_go_key() -> None:
    assert open_note(GO_NOTE, PETER_KEY) == GO_TEXT
    assert verifier_key_of(PETER_SIGNER) == PETER_KEY


def test_a_second_signer_is_verified_or_ignored() -> None:
    both = GO_TEXT + "\n" + PETER_SIG + ENOCH_SIG
    assert open_note(both, PETER_KEY) == GO_TEXT  # EnochRoot's line is ignored, as the formats require
    assert open_note(both, ENOCH_KEY) == GO_TEXT  # and is itself a valid published signature


def test_the_go_note_rejects_a_changed_word() -> None:
    with pytest.raises(LedgerError, match=r"bad signature on line 4 by PeterNeumann\+c74f20a3"):
        open_note(GO_NOTE.replace("cryptography", "cryptographY"), PETER_KEY)


def test_go_invalid_signature_case() -> None:
    # note_test.go inserts "ABCD" 60 bytes into the signature line (bytes, not characters).
    raw = PETER_SIG.encode()
    forged = (raw[:60] + b"ABCD" + raw[60:]).decode()
    with pytest.raises(LedgerError, match="bad signature"):
        open_note(GO_TEXT + "\n" + forged, PETER_KEY)


@pytest.mark.parametrize(
    "message",
    [
        GO_TEXT,
        GO_TEXT + "\n",
        GO_TEXT + "\n" + PETER_SIG[:-1],
        "\x01" + GO_TEXT + "\n" + PETER_SIG,
        GO_TEXT
        + "\n"
        + "\u2014 Bad Name "
        + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
        GO_TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        GO_TEXT + "\n" + PETER_SIG * 101,
    ],
)
def test_go_malformed_notes_are_rejected(message: str) -> None:
    with pytest.raises(LedgerError, match="malformed"):
        open_note(message, PETER_KEY)


def test_go_verifier_key_manglings_are_rejected() -> None:
    """Every proper substring and every single-character change of the key fails (TestNewVerifier)."""
    accepted = []
    for i in range(len(PETER_KEY) + 1):
        for j in range(i + 1, len(PETER_KEY) + 1):
            if (i, j) != (0, len(PETER_KEY)):
                try:
                    open_note(GO_NOTE, PETER_KEY[i:j])
                    accepted.append(PETER_KEY[i:j])
                except LedgerError:
                    pass
    for i in range(len(PETER_KEY)):
        changed = PETER_KEY[:i] + chr(ord(PETER_KEY[i]) + 1) + PETER_KEY[i + 1 :]
        try:
            open_note(GO_NOTE, changed)
            accepted.append(changed)
        except LedgerError:
            pass
    assert accepted == []


def test_go_signer_key_manglings_are_rejected() -> None:
    accepted = []
    for i in range(len(PETER_SIGNER)):
        changed = PETER_SIGNER[:i] + chr(ord(PETER_SIGNER[i]) + 1) + PETER_SIGNER[i + 1 :]
        try:
            sign_note(GO_TEXT, changed)
            accepted.append(changed)
        except LedgerError:
            pass
    assert accepted == []


# -- our own checkpoints ----------------------------------------------------------------------------


def test_round_trip(keys: tuple[str, str]) -> None:
    signer, verifier = keys
    note = sign_checkpoint(ORIGIN, 12345, ROOT, signer)
    assert open_checkpoint(note, verifier) == Checkpoint(ORIGIN, 12345, ROOT)
    assert open_checkpoint(note, verifier, origin=ORIGIN).size == 12345
    assert verifier_key_of(signer) == verifier


def test_the_note_has_the_c2sp_shape(keys: tuple[str, str]) -> None:
    signer, verifier = keys
    note = sign_checkpoint(ORIGIN, 7, ROOT, signer)
    body, signature_line = note.split("\n\n")
    assert body == f"{ORIGIN}\n7\n{base64.b64encode(ROOT).decode()}"
    match = re.fullmatch(r"\u2014 (\S+) ([A-Za-z0-9+/]+=*)\n", signature_line)
    assert match is not None
    assert match.group(1) == ORIGIN
    blob = base64.b64decode(match.group(2))
    assert len(blob) == 4 + 64
    # The key hash, recomputed here from the verifier key's parts as signed-note defines it.
    name, hash16, key64 = verifier.split("+", 2)
    encoded_key = base64.b64decode(key64)
    assert encoded_key[0] == 0x01
    assert len(encoded_key) == 33
    assert hashlib.sha256(name.encode() + b"\n" + encoded_key).digest()[:4] == bytes.fromhex(hash16) == blob[:4]
    assert signer.startswith(f"PRIVATE+KEY+{ORIGIN}+{hash16}+")


def test_empty_log_and_extension_lines_round_trip(keys: tuple[str, str]) -> None:
    signer, verifier = keys
    empty = sign_checkpoint(ORIGIN, 0, EMPTY_ROOT, signer)
    assert open_checkpoint(empty, verifier) == Checkpoint(ORIGIN, 0, EMPTY_ROOT)
    extended = sign_checkpoint(ORIGIN, 3, ROOT, signer, extensions=("pack-digest abc", "2026-06-01"))
    opened = open_checkpoint(extended, verifier)
    assert opened.extensions == ("pack-digest abc", "2026-06-01")
    assert opened.body() + "\n" == extended.split("\u2014")[0]


def test_a_signature_from_another_key_is_rejected(keys: tuple[str, str]) -> None:
    _, verifier = keys
    other_signer, other_verifier = generate_keys("someone.else/log")
    note = sign_checkpoint(ORIGIN, 5, ROOT, other_signer)
    with pytest.raises(LedgerError, match=r"unknown key: .*no signature by ledger\.sanctuary\.example/lacity\+"):
        open_checkpoint(note, verifier)
    assert open_checkpoint(note, other_verifier).size == 5


def test_a_same_name_key_is_called_out(keys: tuple[str, str]) -> None:
    _, verifier = keys
    impostor, _ = generate_keys(ORIGIN)
    note = sign_checkpoint(ORIGIN, 5, ROOT, impostor)
    with pytest.raises(LedgerError, match="same name, different key"):
        open_checkpoint(note, verifier)


def test_a_swapped_signature_is_rejected(keys: tuple[str, str]) -> None:
    signer, verifier = keys
    five = sign_checkpoint(ORIGIN, 5, ROOT, signer)
    six = sign_checkpoint(ORIGIN, 6, ROOT, signer)
    spliced = five.split("\n\n")[0] + "\n\n" + six.split("\n\n")[1]
    with pytest.raises(LedgerError, match="bad signature on line 5"):
        open_checkpoint(spliced, verifier)


def test_every_changed_byte_of_the_body_is_rejected(keys: tuple[str, str]) -> None:
    signer, verifier = keys
    note = sign_checkpoint(ORIGIN, 4096, ROOT, signer)
    body_length = note.index("\n\n") + 1
    accepted, bad_signatures = [], 0
    for position in range(body_length):
        for bit in (0, 1, 5):
            changed = note[:position] + chr(ord(note[position]) ^ (1 << bit)) + note[position + 1 :]
            try:
                open_checkpoint(changed, verifier)
                accepted.append((position, bit))
            except LedgerError as error:
                bad_signatures += "bad signature" in str(error)
    assert accepted == []
    assert bad_signatures > body_length  # most changes still parse, and the signature catches them


@settings(max_examples=200, deadline=None)
@given(position=st.integers(min_value=0), bit=st.integers(0, 7))
def test_any_changed_signature_bit_is_rejected(keys: tuple[str, str], position: int, bit: int) -> None:
    signer, verifier = keys
    note = sign_checkpoint(ORIGIN, 99, ROOT, signer)
    body, line = note.split("\n\n")
    name, blob = line[2:-1].split(" ")
    raw = bytearray(base64.b64decode(blob))
    raw[position % len(raw)] ^= 1 << bit
    forged = f"{body}\n\n\u2014 {name} {base64.b64encode(bytes(raw)).decode()}\n"
    with pytest.raises(LedgerError, match=r"bad signature|unknown key"):
        open_checkpoint(forged, verifier)


def test_wrong_origin_is_rejected(keys: tuple[str, str]) -> None:
    signer, verifier = keys
    note = sign_checkpoint(ORIGIN, 5, ROOT, signer)
    with pytest.raises(
        LedgerError, match=r"wrong origin: the checkpoint is for the log 'ledger\.sanctuary\.example/lacity'"
    ):
        open_checkpoint(note, verifier, origin="ledger.sanctuary.example/boston")


def _signed_body(body: str, signer: str) -> str:
    """Sign an arbitrary body, so a malformed checkpoint reaches the body checks with a good signature."""
    return sign_note(body, signer)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (f"{ORIGIN}\n05\n{base64.b64encode(ROOT).decode()}\n", "malformed line 2: the tree size"),
        (f"{ORIGIN}\n-5\n{base64.b64encode(ROOT).decode()}\n", "malformed line 2"),
        (f"{ORIGIN}\n\u0665\n{base64.b64encode(ROOT).decode()}\n", "malformed line 2"),  # an Arabic-Indic 5
        (f"{ORIGIN}\n5\n{base64.b64encode(ROOT[:31]).decode()}\n", "malformed line 3: the root hash"),
        (f"{ORIGIN}\n5\n{ROOT.hex()}\n", "malformed line 3"),
        (f"{ORIGIN}\n5\n", "the body has 2 lines"),
        (f"{ORIGIN}\n5\n{base64.b64encode(ROOT).decode()}\n\nextra\n", "malformed line 4: .* empty line"),
    ],
)
def test_malformed_bodies_name_the_line(keys: tuple[str, str], body: str, message: str) -> None:
    signer, verifier = keys
    with pytest.raises(LedgerError, match=message):
        open_checkpoint(_signed_body(body, signer), verifier)


def test_malformed_notes_name_the_problem(keys: tuple[str, str]) -> None:
    signer, verifier = keys
    note = sign_checkpoint(ORIGIN, 5, ROOT, signer)
    cases = {
        note.replace("\n\n", "\n"): "no blank line",
        note.split("\n\n")[0] + "\n\n": "no signature lines",
        note.replace("\n", "\r\n"): "line 1 contains a carriage return",
        note.replace("\u2014 ", "- "): "malformed line 5: a signature line starts with an em dash",
        note.replace("\u2014 ", "\u2014  "): "malformed line 5: the key name",
        note[:-3] + "!=\n": "malformed line 5: the signature is not base64",
        note + "trailing": "does not end with a newline",
    }
    for text, message in cases.items():
        with pytest.raises(LedgerError, match=message):
            open_checkpoint(text, verifier)
    with pytest.raises(LedgerError, match="a signed note is text"):
        open_checkpoint(note.encode(), verifier)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "verifier key is malformed"),
        ("PeterNeumann+c74f20a3", "verifier key is malformed"),
        ("PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "not 8 hex digits"),
        ("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "algorithm 0x65"),
        ("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==", "32 bytes"),
        ("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "does not match"),
        ("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "key name"),
    ],
)
def test_malformed_verifier_keys(key: str, message: str) -> None:
    with pytest.raises(LedgerError, match=message) as raised:
        open_note(GO_NOTE, key)
    assert isinstance(raised.value, InputError)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: sign_checkpoint("", 1, ROOT, s), "origin is one non-empty line"),
        (lambda s: sign_checkpoint("a\nb", 1, ROOT, s), "origin is one non-empty line"),
        (lambda s: sign_checkpoint(ORIGIN, -1, ROOT, s), "non-negative integer"),
        (lambda s: sign_checkpoint(ORIGIN, True, ROOT, s), "non-negative integer"),
        (lambda s: sign_checkpoint(ORIGIN, 1, ROOT[:20], s), "32-byte hash"),
        (lambda s: sign_checkpoint(ORIGIN, 1, ROOT, s, extensions=("",)), "extension"),
        (lambda s: sign_checkpoint(ORIGIN, 1, ROOT, "not a key"), "signer key is malformed"),
        (lambda s: sign_note("no newline", s), "must end with a newline"),
        (lambda s: generate_keys("has space"), "key name"),
        (lambda s: generate_keys("a+b"), "key name"),
    ],
)
def test_bad_signing_arguments(keys: tuple[str, str], call: object, message: str) -> None:
    signer, _ = keys
    with pytest.raises(LedgerError, match=message):
        call(signer)  # type: ignore[operator]
