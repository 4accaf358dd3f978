"""A cache of parsed pack files, so a one-shot command does not re-parse the law every time.

Parsing YAML with line numbers is most of what loading a pack costs. Each file's parse is kept as
JSON under the SHA-256 of the file's bytes, so any change to a pack file is a new key and the old
entry is never read again. Each entry is authenticated with an HMAC whose key lives beside the cache
(created private to the user): an entry that was corrupted or altered fails the check and is parsed
again from the pack file, never trusted. Validation and compilation always run on the result, so a
cached parse is held to the same schema as a fresh one.

The cache lives in ``SANCTUARY_CACHE_DIR``, else ``$XDG_CACHE_HOME/sanctuary``, else
``~/.cache/sanctuary``; ``SANCTUARY_CACHE_DIR=off`` turns it off. A cache that cannot be written
is simply not used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from ._yaml import LineDict, YamlError, parse_yaml

CACHE_DIR_ENV = "SANCTUARY_CACHE_DIR"
#: Bumped whenever the parsed form changes, so entries of an older form are never read.
FORMAT = "pack-yaml-1"

_MAPPING = "\x00mapping"
_DATE = "\x00date"


def cache_dir() -> Path | None:
    """Where parsed packs are kept, or None when the cache is off."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured == "off":
        return None
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sanctuary"


def load_pack_yaml(path: Path, data: bytes) -> Any:
    """The parsed YAML of a pack file whose bytes are ``data``: from the cache when an authentic entry
    exists, else parsed (and cached). YamlError for a file that is not valid YAML."""
    folder = cache_dir()
    key = _key(folder) if folder is not None else None
    if folder is None or key is None:
        return parse_yaml(_text(path, data), str(path))
    digest = hashlib.sha256(FORMAT.encode() + b"\0" + data).hexdigest()
    entry = folder / "packs" / f"{digest}.json"
    cached = _read(entry, key)
    if cached is not None:
        return cached
    parsed = parse_yaml(_text(path, data), str(path))
    _write(entry, key, parsed)
    return parsed


def _text(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(f"{path}: cannot be read ({exc})") from None


def _key(folder: Path) -> bytes | None:
    """The cache's HMAC key, made (private to this user) on first use; None if it cannot be."""
    path = folder / "key"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key)
        return key
    except FileExistsError:  # another process made it first
        try:
            return path.read_bytes()
        except OSError:
            return None
    except OSError:
        return None


def _read(entry: Path, key: bytes) -> Any:
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    tag, _, body = raw.partition(b"\n")
    if not hmac.compare_digest(tag, hmac.new(key, body, hashlib.sha256).hexdigest().encode()):
        return None  # corrupted or altered: parse the pack file again
    try:
        return json.loads(body, object_hook=_decode)
    except ValueError:
        return None


def _write(entry: Path, key: bytes, parsed: Any) -> None:
    try:
        body = json.dumps(_encode(parsed), separators=(",", ":"), ensure_ascii=False).encode()
    except (TypeError, ValueError):  # a value JSON cannot hold: this file is simply not cached
        return
    tag = hmac.new(key, body, hashlib.sha256).hexdigest().encode()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".entry-")
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(tag + b"\n" + body)
        os.replace(temporary, entry)  # readers see the whole entry or none
    except OSError:
        return


def _encode(value: Any) -> Any:
    """JSON for a parsed YAML tree, keeping each mapping's line numbers and dates as dates."""
    if isinstance(value, dict) and not all(isinstance(key, str) for key in value):
        raise TypeError("JSON keeps only text keys")
    if isinstance(value, LineDict):
        items = {key: _encode(item) for key, item in value.items()}
        return {_MAPPING: [getattr(value, "line", None), getattr(value, "key_lines", {}), items]}
    if isinstance(value, dict):
        return {_MAPPING: [None, {}, {key: _encode(item) for key, item in value.items()}]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {_DATE: value.isoformat()}
    if isinstance(value, dt.datetime):
        raise TypeError("a time of day is not cached")
    return value


def _decode(value: dict[str, Any]) -> Any:
    if _DATE in value:
        return dt.date.fromisoformat(value[_DATE])
    if _MAPPING in value:
        line, key_lines, items = value[_MAPPING]
        mapping = LineDict(items)
        if line is not None:
            mapping.line = line
            mapping.key_lines = key_lines
        return mapping
    return value
