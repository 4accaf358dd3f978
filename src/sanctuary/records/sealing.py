"""Envelope encryption of a case's personal details, so they can be shredded case by case.

Each case gets its own random AES-256 data key. The data key is stored only wrapped (AES-GCM under
a generation of the records key from the key directory), and everything personal in the case is
sealed with it. A purge deletes the wrapped key and the ciphertext and destroys the generation that
wrapped them, so no surviving copy of those bytes (dead rows, WAL, a backup) opens again. Every
ciphertext is bound to its case and purpose with associated data, so a sealed value copied into
another case or field does not open.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sanctuary.model import InputError

#: Format byte in front of every sealed value, so the scheme can change without guessing.
VERSION = b"\x01"
NONCE_BYTES = 12
KEY_BYTES = 32


class SealError(InputError):
    """A sealed value does not open: wrong key, wrong case, or damaged bytes."""


def new_data_key() -> bytes:
    """A fresh random AES-256 key for one case."""
    return AESGCM.generate_key(bit_length=8 * KEY_BYTES)


def seal(key: bytes, plaintext: bytes, context: str) -> bytes:
    """``VERSION || nonce || AES-GCM(plaintext)`` with ``context`` as associated data."""
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode("utf-8"))


def open_sealed(key: bytes, sealed: bytes, context: str) -> bytes:
    """The plaintext of :func:`seal`; SealError names the context when it does not open."""
    if len(sealed) < 1 + NONCE_BYTES + 16 or sealed[:1] != VERSION:
        raise SealError("The sealed value for {context} is damaged or in an unknown format.", context=context)
    nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, body, context.encode("utf-8"))
    except InvalidTag:
        raise SealError(
            "The sealed value for {context} does not open with this key: the records key in the key "
            "directory is not the one it was sealed with, or the bytes were altered.",
            context=context,
        ) from None


def wrap_key(records_key: bytes, data_key: bytes, case_id: str) -> bytes:
    """A case's data key sealed under the records key."""
    return seal(records_key, data_key, f"case-key:{case_id}")


def unwrap_key(records_key: bytes, wrapped: bytes, case_id: str) -> bytes:
    """The case's data key, or SealError."""
    key = open_sealed(records_key, wrapped, f"case-key:{case_id}")
    if len(key) != KEY_BYTES:
        raise SealError("The data key of case {case_id} is damaged.", case_id=case_id)
    return key
