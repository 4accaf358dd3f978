"""Safe YAML that remembers line numbers, so pack errors can point at file:line.

YAML read from people (requests, facts files) may be hostile: a few hundred bytes of aliases that
repeat aliases ("billion laughs") expand to billions of values, a deep nest overflows the stack,
a mapping may have a list for a key, an integer may have thousands of digits. The loader measures
each document as it is composed, before anything is built: how deep it nests, and how many values
it holds once every alias is counted as what it repeats. Past the limits it stops with one message.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


class LineDict(dict[str, Any]):
    """A YAML mapping that knows the line of each of its keys."""

    line: int
    key_lines: dict[str, int]


#: How deep collections may nest (a pack rule nests about ten levels).
MAX_DEPTH = 64
#: How many values a document may hold, aliases counted as what they repeat (a pack file has a few thousand).
MAX_NODES = 200_000
#: The longest integer, in characters (Python refuses to convert more than 4,300 digits anyway).
MAX_NUMBER_CHARS = 100


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (only true/false, so a key like ``on:`` stays a string),
    limits on depth and expanded size, and no collections as mapping keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is not None and id(target) not in self._sizes:
                raise yaml.composer.ComposerError(
                    None, None, f"the alias *{event.anchor} repeats a collection that contains it", mark
                )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"collections nest deeper than {MAX_DEPTH} levels", mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is not None and id(node) not in self._sizes:
            size = 1
            if isinstance(node, yaml.SequenceNode):
                size += sum(self._sizes.get(id(item), 1) for item in node.value)
            elif isinstance(node, yaml.MappingNode):
                size += sum(self._sizes.get(id(k), 1) + self._sizes.get(id(v), 1) for k, v in node.value)
            if size > MAX_NODES:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"the document holds more than {MAX_NODES:,} values once its aliases are expanded",
                    node.start_mark,
                )
            self._sizes[id(node)] = size
        return node


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value, not a list or a mapping", key_node.start_mark
            )
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    if len(text) > MAX_NUMBER_CHARS:
        raise yaml.constructor.ConstructorError(
            None, None, f"a number {len(text):,} characters long (at most {MAX_NUMBER_CHARS})", node.start_mark
        )
    return int(yaml.SafeLoader.construct_yaml_int(loader, node))


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


class YamlError(ValueError):
    """A file that is not valid YAML; the message carries file:line."""


def load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlError(f"{path}: cannot be read ({exc})") from None
    return parse_yaml(text, str(path))


def parse_yaml(text: str, name: str) -> Any:
    """Parse YAML text safely; errors name ``name`` and the line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(f"{where}: not valid YAML ({problem})") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # A scalar that looks like a date or a number but is none (2025-02-30, an enormous float).
        raise YamlError(f"{name}: not valid YAML ({str(exc)[:120]})") from None
    except RecursionError:
        raise YamlError(f"{name}: not valid YAML (collections nest too deeply)") from None


def line_of(raw: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line of the deepest element of ``raw`` along the pydantic error location ``loc``."""
    line = raw.line if isinstance(raw, LineDict) else None
    current = raw
    for step in loc:
        if isinstance(current, LineDict) and isinstance(step, str) and step in current:
            line = current.key_lines.get(step, line)
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            current = current[step]
            if isinstance(current, LineDict):
                line = current.line
        else:
            break
    return line
