"""Pack loading and validation: a broken pack names file:line and the rule; nothing half-loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SOURCE, PackMaker, law_file, rule

from sanctuary import InputError
from sanctuary.policy import PackError, load_pack, load_stack

HEAD = f"""\
instrument: Test Code section 1
citation: Test Code § 1
source: {SOURCE}
confidence: V
effective: {{from: 2000-01-01}}
"""

GOOD_RULE = """\
  - id: {id}
    citation: Test Code § 1(a)
    summary: A rule that is well formed.
    then:
      outcome: decline
      say: {{en: No., es: No.}}
    text: {{en: Because., es: Porque.}}
"""


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the only line of ``text`` that contains ``needle``."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]


def pack_error(pack_id: str) -> PackError:
    with pytest.raises(PackError) as info:
        load_stack(pack_id)
    return info.value


def assert_reports(error: PackError, path: Path, line: int | None, *words: str) -> str:
    """One of the error's problems is at ``path:line`` and contains every word; return it."""
    where = f"{path}:{line}:" if line is not None else f"{path}:"
    matching = [p for p in error.problems if p.startswith(where)]
    assert matching, f"no problem reported at {where}; got:\n{error}"
    for problem in matching:
        if all(word in problem for word in words):
            return problem
    raise AssertionError(f"no problem at {where} mentions {words}; got:\n{error}")


# --- rule and file schema --------------------------------------------------------------------


def test_rule_source_must_be_a_url(make_pack: PackMaker) -> None:
    text = (
        HEAD
        + "rules:\n"
        + GOOD_RULE.format(id="fine")
        + GOOD_RULE.format(id="bad-source").replace(
            "    citation: Test Code § 1(a)\n", "    citation: Test Code § 1(a)\n    source: not-a-url\n", 1
        )
    )
    directory = make_pack("zz-src", {"a.yaml": text})
    error = pack_error("zz-src")
    assert_reports(error, directory / "law" / "a.yaml", line_of(text, "not-a-url"), "rule bad-source", "source")
    assert len(error.problems) == 1, "the well-formed rule is not reported"


def test_law_file_without_source_does_not_load(make_pack: PackMaker) -> None:
    text = HEAD.replace(f"source: {SOURCE}\n", "") + "rules:\n" + GOOD_RULE.format(id="r1")
    directory = make_pack("zz-nosrc", {"a.yaml": text})
    problem = assert_reports(pack_error("zz-nosrc"), directory / "law" / "a.yaml", 1, "source")
    assert "required" in problem.lower()


@pytest.mark.parametrize("tag", ["X", "verified", "v"])
def test_bad_confidence_tag(make_pack: PackMaker, tag: str) -> None:
    text = (
        HEAD
        + "rules:\n"
        + GOOD_RULE.format(id="r1")
        + GOOD_RULE.format(id="r2").replace(
            "    citation: Test Code § 1(a)\n", f"    citation: Test Code § 1(a)\n    confidence: {tag}\n", 1
        )
    )
    directory = make_pack("zz-conf", {"a.yaml": text})
    problem = assert_reports(
        pack_error("zz-conf"), directory / "law" / "a.yaml", line_of(text, f"confidence: {tag}"), "rule r2"
    )
    assert "confidence" in problem
    assert "'V'" in problem
    assert "'S'" in problem
    assert "'U'" in problem


def test_refer_without_refer_to(make_pack: PackMaker) -> None:
    text = (
        HEAD
        + "rules:\n"
        + GOOD_RULE.format(id="r1")
        + GOOD_RULE.format(id="to-nobody").replace("outcome: decline", "outcome: refer")
    )
    directory = make_pack("zz-refer", {"a.yaml": text})
    rule_start = line_of(text, "id: to-nobody")
    then_line = next(n for n, line in enumerate(text.splitlines(), 1) if n > rule_start and "then:" in line)
    assert_reports(pack_error("zz-refer"), directory / "law" / "a.yaml", then_line, "rule to-nobody", "refer_to")


def test_a_rule_with_an_outcome_must_say_something(make_pack: PackMaker) -> None:
    text = HEAD + "rules:\n" + GOOD_RULE.format(id="mute").replace("      say: {en: No., es: No.}\n", "")
    directory = make_pack("zz-mute", {"a.yaml": text})
    assert_reports(pack_error("zz-mute"), directory / "law" / "a.yaml", line_of(text, "then:"), "rule mute", "say")


# --- conditions ------------------------------------------------------------------------------

CONDITION_CASES = {
    "unknown fact": ("colour: red", ["unknown condition key 'colour'", "setting", "requester.kind"]),
    "unknown enum value": ("setting: moon", ["fact 'setting' has no value 'moon'", "jail", "school"]),
    "bool fact given a string": ("exigent: sometimes", ["fact 'exigent' takes true or false"]),
    "unknown definition": ("is: immigration_whatever", ["unknown definition 'immigration_whatever'"]),
    "empty any": ("any: []", ["'any' takes a non-empty list"]),
}


@pytest.mark.parametrize("case", sorted(CONDITION_CASES))
def test_bad_condition_names_rule_and_line(make_pack: PackMaker, case: str) -> None:
    condition, words = CONDITION_CASES[case]
    bad = GOOD_RULE.format(id="bad-when").replace("    then:\n", f"    when:\n      {condition}\n    then:\n", 1)
    text = HEAD + "rules:\n" + GOOD_RULE.format(id="r1") + bad
    directory = make_pack("zz-when", {"a.yaml": text})
    error = pack_error("zz-when")
    assert_reports(error, directory / "law" / "a.yaml", line_of(text, "id: bad-when"), "rule bad-when", *words)
    assert len(error.problems) == 1


def test_definitions_of_a_parent_are_known_to_the_child(make_pack: PackMaker) -> None:
    parent = (
        HEAD
        + (
            "definitions:\n"
            "  - id: in_jail\n"
            "    citation: Test Code § 1(d)\n"
            "    summary: The setting is a jail.\n"
            "    when: {setting: jail}\n"
            "rules:\n"
        )
        + GOOD_RULE.format(id="p1")
    )
    make_pack("zz-parent", {"a.yaml": parent})
    make_pack(
        "zz-child",
        {"b.yaml": law_file(rule("c1", "comply", {"action": "hold", "is": "in_jail"}))},
        parents=["zz-parent"],
    )
    stack = load_stack("zz-child")
    assert [p.id for p in stack.packs] == ["zz-child", "zz-parent"]
    assert {r.id for r in stack.rules} == {"c1", "p1"}


def test_a_definition_defined_twice(make_pack: PackMaker) -> None:
    definition = (
        "  - id: twice\n    citation: Test Code § 1(d)\n    summary: Defined twice.\n    when: {setting: jail}\n"
    )
    text = HEAD + "definitions:\n" + definition + definition.replace("  - id: twice", "  - id: twice ") + "rules: []\n"
    directory = make_pack("zz-def", {"a.yaml": text})
    second = [n for n, line in enumerate(text.splitlines(), 1) if "id: twice" in line][1]
    assert_reports(pack_error("zz-def"), directory / "law" / "a.yaml", second, "'twice'", "already defined")


# --- across rules and packs ------------------------------------------------------------------


def test_duplicate_rule_id_across_parent_and_child(make_pack: PackMaker) -> None:
    parent_text = HEAD + "rules:\n" + GOOD_RULE.format(id="p1") + GOOD_RULE.format(id="same-id")
    child_text = HEAD + "rules:\n" + GOOD_RULE.format(id="same-id")
    parent = make_pack("zz-base", {"base.yaml": parent_text})
    child = make_pack("zz-city", {"city.yaml": child_text}, parents=["zz-base"])
    error = pack_error("zz-city")
    parent_at = f"{parent / 'law' / 'base.yaml'}:{line_of(parent_text, 'id: same-id')}"
    child_at = f"{child / 'law' / 'city.yaml'}:{line_of(child_text, 'id: same-id')}"
    [problem] = error.problems
    assert "rule same-id" in problem
    assert "already used" in problem
    assert parent_at in problem
    assert child_at in problem
    # each pack on its own is fine
    assert {r.id for r in load_stack("zz-base").rules} == {"p1", "same-id"}


def test_defeats_an_unknown_rule(make_pack: PackMaker) -> None:
    text = (
        HEAD
        + "rules:\n"
        + GOOD_RULE.format(id="r1")
        + GOOD_RULE.format(id="exception").replace("    then:\n", "    defeats: [r1, no-such-rule]\n    then:\n", 1)
    )
    directory = make_pack("zz-defeats", {"a.yaml": text})
    error = pack_error("zz-defeats")
    [problem] = error.problems
    assert problem.startswith(f"{directory / 'law' / 'a.yaml'}:{line_of(text, 'id: exception')}:")
    assert "rule exception" in problem
    assert "'no-such-rule'" in problem
    assert "zz-defeats" in problem


def test_a_rule_cannot_defeat_itself(make_pack: PackMaker) -> None:
    directory = make_pack("zz-self", {"a.yaml": law_file(rule("narcissus", "decline", defeats=["narcissus"]))})
    [problem] = pack_error("zz-self").problems
    assert problem.startswith(f"{directory / 'law' / 'a.yaml'}:")
    assert "narcissus" in problem
    assert "itself" in problem


def test_defeat_cycle(make_pack: PackMaker) -> None:
    make_pack(
        "zz-cycle",
        {
            "a.yaml": law_file(
                rule("alpha", "decline", defeats=["beta"]),
                rule("beta", "comply", defeats=["gamma"]),
                rule("gamma", "refer", defeats=["alpha"]),
            )
        },
    )
    error = pack_error("zz-cycle")
    assert any("defeat cycle" in p for p in error.problems), error
    cycle = next(p for p in error.problems if "defeat cycle" in p)
    assert re.search(r"a\.yaml:\d+: rule \S+: defeat cycle", cycle)
    for name in ("alpha", "beta", "gamma"):
        assert name in cycle


def test_parent_cycle_is_an_error_not_a_crash(make_pack: PackMaker) -> None:
    make_pack("zz-hen", {"a.yaml": law_file(rule("hen", "decline"))}, parents=["zz-egg"])
    make_pack("zz-egg", {"b.yaml": law_file(rule("egg", "decline"))}, parents=["zz-hen"])
    error = pack_error("zz-hen")
    assert "cycle" in str(error)
    assert "zz-hen" in str(error)
    assert "zz-egg" in str(error)


def test_unknown_parent_is_reported(make_pack: PackMaker) -> None:
    make_pack("zz-orphan", {"a.yaml": law_file(rule("r1", "decline"))}, parents=["zz-nowhere"])
    with pytest.raises(InputError, match="zz-nowhere"):
        load_stack("zz-orphan")


# --- files -----------------------------------------------------------------------------------


def test_law_file_not_listed_in_manifest(make_pack: PackMaker) -> None:
    directory = make_pack(
        "zz-stray",
        {"a.yaml": law_file(rule("r1", "decline")), "forgotten.yaml": law_file(rule("r2", "decline"))},
        listed=["a.yaml"],
    )
    [problem] = pack_error("zz-stray").problems
    assert problem.startswith(str(directory / "law" / "forgotten.yaml"))
    assert "not listed" in problem
    assert str(directory / "pack.yaml") in problem


def test_law_file_listed_but_missing(make_pack: PackMaker) -> None:
    directory = make_pack("zz-missing", {"a.yaml": law_file(rule("r1", "decline"))}, listed=["a.yaml", "b.yaml"])
    [problem] = pack_error("zz-missing").problems
    assert problem.startswith(str(directory / "pack.yaml"))
    assert "'b.yaml'" in problem
    assert "does not exist" in problem


def test_duplicate_yaml_key(make_pack: PackMaker) -> None:
    text = HEAD + "confidence: S\nrules: []\n"
    directory = make_pack("zz-dupkey", {"a.yaml": text})
    [problem] = pack_error("zz-dupkey").problems
    assert problem.startswith(f"{directory / 'law' / 'a.yaml'}:{line_of(text, 'confidence: S')}:")
    assert "duplicate key 'confidence'" in problem


def test_duplicate_key_inside_a_rule(make_pack: PackMaker) -> None:
    text = (
        HEAD
        + "rules:\n"
        + GOOD_RULE.format(id="r1").replace(
            "    summary: A rule that is well formed.\n",
            "    summary: A rule that is well formed.\n    summary: Said twice.\n",
        )
    )
    directory = make_pack("zz-dupkey2", {"a.yaml": text})
    [problem] = pack_error("zz-dupkey2").problems
    assert problem.startswith(f"{directory / 'law' / 'a.yaml'}:{line_of(text, 'Said twice')}:")


def test_invalid_yaml(make_pack: PackMaker) -> None:
    text = HEAD + "rules:\n  - id: [unclosed\n    citation: x\n"
    directory = make_pack("zz-yaml", {"a.yaml": text})
    [problem] = pack_error("zz-yaml").problems
    match = re.match(rf"{re.escape(str(directory / 'law' / 'a.yaml'))}:(\d+): not valid YAML", problem)
    assert match, problem
    assert line_of(text, "[unclosed") <= int(match.group(1)) <= line_of(text, "citation: x") + 1


def test_invalid_manifest(make_pack: PackMaker) -> None:
    manifest = "id: zz-man\nname: Test\nversion: one\njurisdiction: Testland\neffective: 2000-01-01\nlaw: [a.yaml]\n"
    directory = make_pack("zz-man", {"a.yaml": law_file(rule("r1", "decline"))}, manifest=manifest)
    [problem] = pack_error("zz-man").problems
    assert problem.startswith(f"{directory / 'pack.yaml'}:{line_of(manifest, 'version: one')}:")
    assert "version" in problem


def test_manifest_id_must_match_folder(make_pack: PackMaker) -> None:
    manifest = (
        "id: zz-other\nname: Test\nversion: 1.0.0\njurisdiction: Testland\neffective: 2000-01-01\nlaw: [a.yaml]\n"
    )
    directory = make_pack("zz-folder", {"a.yaml": law_file(rule("r1", "decline"))}, manifest=manifest)
    [problem] = pack_error("zz-folder").problems
    assert problem.startswith(f"{directory / 'pack.yaml'}:1:")
    assert "'zz-other'" in problem
    assert "'zz-folder'" in problem


def test_all_problems_of_a_pack_are_reported_together(make_pack: PackMaker) -> None:
    text = (
        HEAD
        + "rules:\n"
        + GOOD_RULE.format(id="one").replace("    then:\n", "    when: {setting: moon}\n    then:\n", 1)
        + GOOD_RULE.format(id="two").replace("    then:\n", "    when: {planet: mars}\n    then:\n", 1)
    )
    make_pack("zz-many", {"a.yaml": text})
    error = pack_error("zz-many")
    assert len(error.problems) == 2
    assert str(error).count("\n") == 1
    assert "rule one" in error.problems[0]
    assert "rule two" in error.problems[1]


# --- finding packs ---------------------------------------------------------------------------


def test_unknown_pack_lists_available_packs(make_pack: PackMaker) -> None:
    make_pack("zz-known", {"a.yaml": law_file(rule("r1", "decline"))})
    with pytest.raises(InputError) as info:
        load_stack("zz-unknown")
    assert not isinstance(info.value, PackError)
    message = str(info.value)
    assert "'zz-unknown'" in message
    available = message.split("available packs:", 1)[1]
    assert "zz-known" in available
    assert "us" in available


def test_a_good_pack_loads(make_pack: PackMaker) -> None:
    make_pack(
        "zz-good",
        {"a.yaml": law_file(rule("r1", "decline", {"action": "hold"}), rule("r2", "comply", defeats=["r1"]))},
    )
    stack = load_stack("zz-good")
    assert stack.top.id == "zz-good"
    assert stack.defeaters == {"r1": ("r2",)}
    r1 = stack.rule("r1")
    assert r1.source == SOURCE
    assert r1.confidence.value == "V"
    assert r1.where.endswith("a.yaml:8"), r1.where  # the '- id: r1' line of the dumped YAML


# --- digests ---------------------------------------------------------------------------------


def test_digest_is_stable_and_changes_with_a_law_file(make_pack: PackMaker) -> None:
    directory = make_pack("zz-digest", {"a.yaml": law_file(rule("r1", "decline")), "b.yaml": law_file()})
    first = load_pack(directory).digest
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", first)
    assert load_pack(directory).digest == first

    law = directory / "law" / "b.yaml"
    original = law.read_text(encoding="utf-8")
    law.write_text(original.replace("Test Code section 1", "Test Code section 2"), encoding="utf-8")
    changed = load_pack(directory).digest
    assert changed != first

    law.write_text(original, encoding="utf-8")
    assert load_pack(directory).digest == first


def test_digest_changes_with_the_manifest(make_pack: PackMaker) -> None:
    directory = make_pack("zz-digest2", {"a.yaml": law_file(rule("r1", "decline"))})
    first = load_pack(directory).digest
    manifest = directory / "pack.yaml"
    manifest.write_text(manifest.read_text().replace("1.0.0", "1.0.1"), encoding="utf-8")
    assert load_pack(directory).digest != first


def test_decisions_carry_the_pack_digest(make_pack: PackMaker) -> None:
    import sanctuary

    directory = make_pack("zz-ref", {"a.yaml": law_file(rule("r1", "decline"))}, version="2.3.4")
    decision = sanctuary.decide({"action": "hold"}, pack="zz-ref", on="2025-01-01")
    [ref] = decision.packs
    assert (ref.id, ref.version, ref.digest) == ("zz-ref", "2.3.4", load_pack(directory).digest)


def test_builtin_us_pack_loads_with_citations() -> None:
    stack = load_stack("us")
    assert stack.top.id == "us"
    assert stack.rules
    for r in stack.rules:
        assert r.citation
        assert r.source.startswith(("http://", "https://"))
        assert r.confidence.value in ("V", "S", "U")
