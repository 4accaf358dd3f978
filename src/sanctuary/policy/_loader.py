"""Finding, validating and stacking packs. Every error names file:line and the rule id."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sanctuary.model import Action, InputError

from ._cache import load_pack_yaml
from ._conditions import Condition, ConditionError, parse_condition
from ._pack import Definition, Pack, Rule, Stack
from ._schema import LawFile, Manifest
from ._yaml import LineDict, YamlError, line_of

BUILTIN_PACKS = Path(__file__).resolve().parent.parent / "packs"
PACKS_PATH_ENV = "SANCTUARY_PACKS_PATH"


class PackError(InputError):
    """A pack that does not load. Each line of the message is one problem at file:line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def pack_roots() -> list[Path]:
    """Where packs are looked for: the built-in ones, then any folders in SANCTUARY_PACKS_PATH."""
    extra = [Path(p) for p in os.environ.get(PACKS_PATH_ENV, "").split(os.pathsep) if p]
    return [BUILTIN_PACKS, *extra]


def available_packs() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in pack_roots():
        if not root.is_dir():
            continue
        for manifest in sorted(root.glob("*/pack.yaml")):
            found.setdefault(manifest.parent.name, manifest.parent)
    return found


#: The packs whose stacks are being loaded on this thread, outermost first (to catch parent cycles:
#: ``load_pack`` loads its parents' stacks for their definitions, so a cycle re-enters ``load_stack``).
_loading = threading.local()


def load_stack(pack_id: str) -> Stack:
    """The pack ``pack_id`` with all its ancestors, validated. Cached: packs are read-only data."""
    return _load_stack_cached(pack_id, os.environ.get(PACKS_PATH_ENV, ""))


@cache
def _load_stack_cached(pack_id: str, _extra_roots: str) -> Stack:
    # A pack's definitions need its parents loaded first; a parent already being loaded is a cycle.
    loading: list[str] = _loading.__dict__.setdefault("ids", [])
    if pack_id in loading:
        cycle = " -> ".join([*loading[loading.index(pack_id) :], pack_id])
        raise PackError([f"pack {pack_id!r}: its parents form a cycle ({cycle})"])
    loading.append(pack_id)
    try:
        return _stack(_resolve(pack_id, available_packs()))
    finally:
        loading.pop()


def _resolve(pack_id: str, known: dict[str, Path]) -> list[Pack]:
    """The pack and its ancestors, child first. Loading the pack loaded its parents' stacks (for their
    definitions), so they are taken from the cache rather than loaded again.
    """
    if pack_id not in known:
        allowed = ", ".join(sorted(known)) or "(none found)"
        raise InputError("Unknown pack {pack!r}; available packs: {allowed}.", pack=pack_id, allowed=allowed)
    pack = load_pack(known[pack_id])
    ordered = [pack]
    for parent in pack.parents:
        for ancestor in load_stack(parent).packs:
            if all(ancestor.id != seen.id for seen in ordered):
                ordered.append(ancestor)
    return ordered


M = TypeVar("M", bound=BaseModel)


def _validated(model: type[M], raw: Any, path: Path, problems: list[str], context: str = "") -> M | None:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for item in exc.errors(include_url=False):
            loc = tuple(item["loc"])
            line = line_of(raw, loc)
            where = f"{path}:{line}" if line else str(path)
            field = ".".join(str(x) for x in loc) or "(file)"
            problems.append(f"{where}: {context}{_owner_of(raw, loc)}{field}: {item['msg']}")
        return None


def _owner_of(raw: Any, loc: tuple[int | str, ...]) -> str:
    """'rule <id>: ' (or 'definition <id>: ') when ``loc`` points inside a rule or definition."""
    if len(loc) < 2 or loc[0] not in ("rules", "definitions") or not isinstance(loc[1], int):
        return ""
    items = raw.get(loc[0]) if isinstance(raw, dict) else None
    if not isinstance(items, list) or not 0 <= loc[1] < len(items) or not isinstance(items[loc[1]], dict):
        return ""
    ident = items[loc[1]].get("id")
    return f"{'rule' if loc[0] == 'rules' else 'definition'} {ident}: " if isinstance(ident, str) else ""


def load_pack(directory: Path) -> Pack:
    """Load and validate one pack folder (its rules' definitions may refer to its parents')."""
    problems: list[str] = []
    manifest_path = directory / "pack.yaml"
    try:
        manifest_bytes = _read_bytes(manifest_path)
        raw_manifest = load_pack_yaml(manifest_path, manifest_bytes)
    except YamlError as exc:
        raise PackError([str(exc)]) from None
    manifest = _validated(Manifest, raw_manifest, manifest_path, problems)
    if manifest is None:
        raise PackError(problems)
    if manifest.id != directory.name:
        problems.append(f"{manifest_path}:1: pack id {manifest.id!r} differs from its folder name {directory.name!r}")

    hasher = hashlib.sha256()
    hasher.update(manifest_bytes)
    law_files: list[tuple[Path, LawFile, Any]] = []
    for name in manifest.law:
        path = directory / "law" / name
        if not path.is_file():
            problems.append(f"{manifest_path}: law file {name!r} is listed but {path} does not exist")
            continue
        try:
            data = _read_bytes(path)
            hasher.update(b"\0" + name.encode() + b"\0" + data)
            raw = load_pack_yaml(path, data)
        except YamlError as exc:
            problems.append(str(exc))
            continue
        law = _validated(LawFile, raw, path, problems)
        if law is not None:
            law_files.append((path, law, raw))
    listed = set(manifest.law)
    for stray in sorted((directory / "law").glob("*.yaml")):
        if stray.name not in listed:
            problems.append(f"{stray}: not listed in {manifest_path} under 'law', so it would be ignored")
    if problems:
        raise PackError(problems)

    parent_definitions = _parent_definitions(manifest.parents)
    digest = "sha256:" + hasher.hexdigest()
    definitions, rules = _compile(manifest.id, law_files, parent_definitions, problems)
    if problems:
        raise PackError(problems)
    return Pack(
        id=manifest.id,
        name=manifest.name,
        version=manifest.version,
        jurisdiction=manifest.jurisdiction,
        parents=tuple(manifest.parents),
        effective=manifest.effective,
        digest=digest,
        directory=directory,
        rules=tuple(rules),
        definitions=tuple(definitions),
        law=tuple(manifest.law),
        description=manifest.description,
        state=manifest.state,
    )


def _read_bytes(path: Path) -> bytes:
    """A pack file's bytes, read once: they are hashed into the digest and parsed from the same read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise YamlError(f"{path}: cannot be read ({exc})") from None


def _parent_definitions(parents: Iterable[str]) -> dict[str, Definition]:
    found: dict[str, Definition] = {}
    for parent in parents:
        for pack in load_stack(parent).packs:
            for definition in pack.definitions:
                found.setdefault(definition.id, definition)
    return found


def _compile(
    pack_id: str,
    law_files: list[tuple[Path, LawFile, Any]],
    inherited: dict[str, Definition],
    problems: list[str],
) -> tuple[list[Definition], list[Rule]]:
    definitions: dict[str, Definition] = dict(inherited)
    own_definitions: list[Definition] = []
    rules: list[Rule] = []

    def resolve(name: str) -> Condition:
        if name not in definitions:
            allowed = ", ".join(sorted(definitions)) or "(none)"
            raise ConditionError(f"unknown definition {name!r} (defined so far: {allowed})")
        return definitions[name].condition

    for path, law, raw in law_files:
        raw_definitions = raw.get("definitions", []) if isinstance(raw, LineDict) else []
        for index, term in enumerate(law.definitions):
            line = line_of(raw, ("definitions", index)) or 1
            if term.id in definitions:
                problems.append(f"{path}:{line}: definition {term.id!r} is already defined")
                continue
            try:
                condition = parse_condition(raw_definitions[index].get("when"), resolve)
            except ConditionError as exc:
                problems.append(f"{path}:{line}: definition {term.id}: {exc}")
                continue
            definition = Definition(term.id, pack_id, term.citation, term.summary, condition)
            definitions[term.id] = definition
            own_definitions.append(definition)
        raw_rules = raw.get("rules", []) if isinstance(raw, LineDict) else []
        for index, spec in enumerate(law.rules):
            line = line_of(raw, ("rules", index)) or 1
            try:
                condition = parse_condition(raw_rules[index].get("when"), resolve)
            except ConditionError as exc:
                problems.append(f"{path}:{line}: rule {spec.id}: {exc}")
                continue
            effective = spec.effective or law.effective
            rules.append(
                Rule(
                    id=spec.id,
                    pack=pack_id,
                    citation=spec.citation,
                    source=spec.source or law.source,
                    confidence=spec.confidence or law.confidence,
                    summary=spec.summary,
                    quote=spec.quote,
                    effective_from=effective.from_,
                    effective_to=effective.to,
                    condition=condition,
                    fact_names=frozenset(condition.facts()),
                    outcome=spec.then.outcome,
                    refer_to=tuple(spec.then.refer_to),
                    obligations=tuple(spec.then.obligations),
                    say=spec.then.say,
                    text=spec.text,
                    defeats=tuple(spec.defeats),
                    binding=spec.binding,
                    default=spec.default,
                    when_outcome=frozenset(spec.when_outcome) if spec.when_outcome is not None else None,
                    file=path,
                    line=line,
                )
            )
    return own_definitions, rules


def _stack(packs: list[Pack]) -> Stack:
    problems: list[str] = []
    rules: list[Rule] = [rule for pack in packs for rule in pack.rules]
    by_id: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in by_id:
            problems.append(f"{rule.where}: rule {rule.id}: the id is already used at {by_id[rule.id].where}")
        by_id[rule.id] = rule
    defeaters: dict[str, list[str]] = {}
    for rule in rules:
        for target in rule.defeats:
            if target not in by_id:
                problems.append(
                    f"{rule.where}: rule {rule.id}: defeats {target!r}, which is not a rule of this pack "
                    f"or its parents ({', '.join(p.id for p in packs)})"
                )
            elif target == rule.id:
                problems.append(f"{rule.where}: rule {rule.id}: a rule cannot defeat itself")
            else:
                defeaters.setdefault(target, []).append(rule.id)
    if problems:
        raise PackError(problems)
    order = _defeat_order(by_id, defeaters, problems)
    if problems:
        raise PackError(problems)
    ranked = sorted(rules, key=lambda r: order[r.id])
    actions = {rule.id: rule.actions for rule in ranked}  # read off each condition once
    by_action = {action: tuple(r for r in ranked if action in actions[r.id]) for action in Action}
    return Stack(
        packs=tuple(packs),
        rules=tuple(rules),
        by_action=by_action,
        defeaters={k: tuple(v) for k, v in defeaters.items()},
        effective=max(p.effective for p in packs),
        refs=tuple(p.ref for p in packs),
        rank={rule.id: position for position, rule in enumerate(ranked)},
    )


def _defeat_order(by_id: dict[str, Rule], defeaters: dict[str, list[str]], problems: list[str]) -> dict[str, int]:
    """Rank rules so every rule comes after all rules that can defeat it; report cycles."""
    order: dict[str, int] = {}
    visiting: set[str] = set()

    def visit(rule_id: str, path: tuple[str, ...]) -> int:
        if rule_id in order:
            return order[rule_id]
        if rule_id in visiting:
            rule = by_id[rule_id]
            problems.append(f"{rule.where}: rule {rule_id}: defeat cycle {' -> '.join([*path, rule_id])}")
            return 0
        visiting.add(rule_id)
        rank = 1 + max((visit(d, (*path, rule_id)) for d in defeaters.get(rule_id, ())), default=-1)
        visiting.discard(rule_id)
        order[rule_id] = rank
        return rank

    for rule_id in by_id:
        visit(rule_id, ())
    return order
