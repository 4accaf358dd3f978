"""A cache of parsed pack files and of their compiled rule tests, so a one-shot command does not
re-parse and re-compile the law every time.

Parsing YAML with line numbers, then compiling each rule's condition into Python, is most of what
loading a pack costs. Each file's parse is kept as JSON under the SHA-256 of the file's bytes, so any
change to a pack file is a new key and the old entry is never read again. Validation always runs on
the result, so a cached parse is held to the same schema as a fresh one.

The code objects compiled from a pack's rule tests are kept together (``CompiledCode``), under the
pack's digest and Python's bytecode version, each looked up by its exact source text and name: the
cache only ever stands in for ``compile(source, name, "exec")`` of the same text, so a changed rule
or a changed compiler is a miss, never a stale test.

Each entry is authenticated with an HMAC whose key lives beside the cache (created private to the
user), and nothing is decoded before its tag is checked: an entry that was corrupted or altered
fails the check and the pack is parsed or compiled again, never trusted.

The cache lives in ``SANCTUARY_CACHE_DIR``, else ``$XDG_CACHE_HOME/sanctuary``, else
``~/.cache/sanctuary``; ``SANCTUARY_CACHE_DIR=off`` turns it off. A cache that cannot be written
is simply not used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import marshal
import os
import secrets
import tempfile
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

from ._yaml import LineDict, YamlError, parse_yaml

CACHE_DIR_ENV = "SANCTUARY_CACHE_DIR"
#: Bumped whenever the parsed form changes, so entries of an older form are never read.
FORMAT = "pack-yaml-1"
#: The same for compiled rule tests (whose entries are also keyed by Python's bytecode version).
CODE_FORMAT = "pack-code-1"

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


class CompiledCode:
    """``compile(source, name, "exec")`` for one pack's rule tests, remembered across processes.

    Loaded once per pack (one file read and one HMAC check), consulted for each rule, and written
    back by ``save`` when something new was compiled.
    """

    def __init__(self, digest: str) -> None:
        folder = cache_dir()
        self._key = _key(folder) if folder is not None else None
        self._entry: Path | None = None
        self._codes: dict[str, CodeType] = {}
        self._added = False
        if folder is None or self._key is None:
            return
        name = hashlib.sha256(CODE_FORMAT.encode() + b"\0" + MAGIC_NUMBER + b"\0" + digest.encode()).hexdigest()
        self._entry = folder / "code" / f"{name}.marshal"
        body = _authentic(self._entry, self._key)
        if body is not None:
            self._codes = _code_table(body)

    def compile(self, source: str, name: str) -> CodeType:
        lookup = f"{name}\0{source}"
        code = self._codes.get(lookup)
        if code is None:
            code = compile(source, name, "exec")
            self._codes[lookup] = code
            self._added = True
        return code

    def save(self) -> None:
        if self._added and self._entry is not None and self._key is not None:
            _store(self._entry, self._key, marshal.dumps(self._codes))
            self._added = False


def _code_table(body: bytes) -> dict[str, CodeType]:
    """The table of an authenticated entry (still checked for shape: a table of text to code)."""
    try:
        table = marshal.loads(body)  # noqa: S302 -- only ever an entry whose HMAC tag was just checked
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, CodeType) for k, v in table.items()):
        return {}
    return table


def _authentic(entry: Path, key: bytes) -> bytes | None:
    """The body of a cache entry whose HMAC tag checks out, else None (missing, corrupted or altered)."""
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    tag, _, body = raw.partition(b"\n")
    if not hmac.compare_digest(tag, hmac.new(key, body, hashlib.sha256).hexdigest().encode()):
        return None
    return body


def _read(entry: Path, key: bytes) -> Any:
    body = _authentic(entry, key)
    if body is None:
        return None  # missing, corrupted or altered: parse the pack file again
    try:
        return json.loads(body, object_hook=_decode)
    except ValueError:
        return None


def _write(entry: Path, key: bytes, parsed: Any) -> None:
    try:
        body = json.dumps(_encode(parsed), separators=(",", ":"), ensure_ascii=False).encode()
    except (TypeError, ValueError):  # a value JSON cannot hold: this file is simply not cached
        return
    _store(entry, key, body)


def _store(entry: Path, key: bytes, body: bytes) -> None:
    """Write ``body`` with its HMAC tag, atomically (readers see the whole entry or none)."""
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
