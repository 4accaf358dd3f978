"""The parsed-pack cache: a second load reads the cache, and a damaged or altered entry is never trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctuary.policy import PackError, load_pack
from sanctuary.policy._loader import BUILTIN_PACKS


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SANCTUARY_CACHE_DIR", str(folder))
    return folder


def _summary(directory: Path) -> list[tuple[str, str, int, str, str | None]]:
    pack = load_pack(directory)
    return [(r.id, r.citation, r.line, repr(r.condition), r.outcome and r.outcome.value) for r in pack.rules]


def test_a_cached_load_is_the_same_pack(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = BUILTIN_PACKS / "us-ca"
    fresh = _summary(directory)
    entries = sorted((cache / "packs").glob("*.json"))
    assert len(entries) >= len(load_pack(directory).law) + 1  # every law file and the manifest (and the parent's)

    def no_parsing(text: str, name: str) -> None:
        raise AssertionError(f"{name} was parsed again")

    monkeypatch.setattr("sanctuary.policy._cache.parse_yaml", no_parsing)
    assert _summary(directory) == fresh
    assert load_pack(directory).digest == load_pack(directory).digest
    assert (cache / "key").stat().st_mode & 0o077 == 0  # the key is the user's alone


def _copy_pack(source: Path, target: Path) -> Path:
    (target / "law").mkdir(parents=True)
    (target / "pack.yaml").write_bytes((source / "pack.yaml").read_bytes())
    for law in (source / "law").glob("*.yaml"):
        (target / "law" / law.name).write_bytes(law.read_bytes())
    return target


def test_an_altered_entry_is_parsed_again_from_the_pack(cache: Path, tmp_path: Path) -> None:
    directory = _copy_pack(BUILTIN_PACKS / "us", tmp_path / "us")
    honest = _summary(directory)
    for entry in (cache / "packs").glob("*.json"):
        tag, _, body = entry.read_bytes().partition(b"\n")
        # Someone turns every refusal or referral into compliance, keeping the old tag.
        entry.write_bytes(tag + b"\n" + body.replace(b'"refer"', b'"comply"').replace(b'"decline"', b'"comply"'))
    assert _summary(directory) == honest
    for entry in (cache / "packs").glob("*.json"):
        entry.write_bytes(b"not a cache entry")
    assert _summary(directory) == honest


def test_a_changed_pack_file_is_read_anew(cache: Path, tmp_path: Path) -> None:
    directory = _copy_pack(BUILTIN_PACKS / "us", tmp_path / "us")
    before = _summary(directory)
    law = directory / "law" / "8-cfr-287.7.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace("citation:", "citation:  ", 1), encoding="utf-8")
    assert _summary(directory) == before  # same law, a new file digest: parsed again, not mistaken
    law.write_text("rules: [", encoding="utf-8")
    with pytest.raises(PackError, match=r"8-cfr-287\.7\.yaml:\d+: not valid YAML"):
        load_pack(directory)


def test_errors_keep_their_lines_when_cached(cache: Path, tmp_path: Path) -> None:
    directory = _copy_pack(BUILTIN_PACKS / "us", tmp_path / "us")
    law = directory / "law" / "8-cfr-287.7.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace("confidence:", "confidnce:", 1), encoding="utf-8")
    messages = []
    for _ in range(2):  # the second load reads the parse from the cache
        with pytest.raises(PackError) as caught:
            load_pack(directory)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "8-cfr-287.7.yaml:" in messages[0]


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANCTUARY_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_pack(BUILTIN_PACKS / "us")
    assert not any(tmp_path.iterdir())
