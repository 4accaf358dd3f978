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


def _tests_agree(directory: Path, rounds: int = 300) -> list[str]:
    """The ids of rules whose compiled test disagrees with evaluating the condition, on random facts."""
    import random

    from sanctuary.policy import FACTS

    rng = random.Random(7)  # noqa: S311 -- test data

    def value(name: str) -> object:
        spec = FACTS[name]
        if spec.kind == "bool":
            return rng.choice([True, False, None])
        if spec.kind == "set":
            return rng.choice([None, frozenset(rng.sample(spec.domain, rng.randint(0, len(spec.domain))))])
        return rng.choice([None, *spec.domain])

    wrong = []
    for rule in load_pack(directory).rules:
        for _ in range(rounds):
            facts = {name: value(name) for name in FACTS}
            if rule.test(dict(facts)) is not rule.condition.evaluate(facts):
                wrong.append(rule.id)
                break
    return wrong


def test_compiled_tests_are_cached_and_read_back(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = BUILTIN_PACKS / "us"
    assert not _tests_agree(directory)
    entries = list((cache / "code").glob("*.marshal"))
    assert len(entries) == 1

    def no_compiling(*args: object) -> None:
        raise AssertionError("a rule test was compiled again")

    monkeypatch.setattr("sanctuary.policy._cache.compile", no_compiling, raising=False)
    assert not _tests_agree(directory)


def test_an_altered_code_entry_is_never_run(cache: Path, tmp_path: Path) -> None:
    import marshal

    directory = _copy_pack(BUILTIN_PACKS / "us", tmp_path / "us")
    load_pack(directory)
    (entry,) = (cache / "code").glob("*.marshal")
    tag, _, body = entry.read_bytes().partition(b"\n")
    table = marshal.loads(body)  # noqa: S302 -- the test's own entry
    always = compile("def test(facts):\n    return True\n", "<forged>", "exec")
    # Someone makes every rule hold for every request, keeping the old tag.
    entry.write_bytes(tag + b"\n" + marshal.dumps(dict.fromkeys(table, always)))
    assert not _tests_agree(directory)
    entry.write_bytes(b"not a cache entry")
    assert not _tests_agree(directory)


def test_a_changed_rule_is_compiled_from_its_new_text(cache: Path, tmp_path: Path) -> None:
    from sanctuary.model import Action
    from sanctuary.policy import FACTS

    directory = _copy_pack(BUILTIN_PACKS / "us", tmp_path / "us")
    law = directory / "law" / "8-cfr-287.7.yaml"

    def open_to_transfers() -> set[str]:
        """Rules of the law file a custody transfer does not rule out (all other facts unknown)."""
        facts = {**dict.fromkeys(FACTS), "action": Action.TRANSFER_CUSTODY}
        return {r.id for r in load_pack(directory).rules if r.file == law and r.test(dict(facts)) is not False}

    before = open_to_transfers()
    text = law.read_text(encoding="utf-8")
    narrower = text.replace("action: [hold, notify_release, transfer_custody]", "action: [hold, notify_release]", 1)
    assert narrower != text
    law.write_text(narrower, encoding="utf-8")
    after = open_to_transfers()
    assert after < before  # the cached test of the old text is not used for the new one
    assert not _tests_agree(directory)
    assert len(list((cache / "code").glob("*.marshal"))) == 2  # a new digest, a new entry
