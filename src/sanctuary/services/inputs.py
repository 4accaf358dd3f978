"""Requests and facts as people write them (JSON or YAML), read with limits.

Hostile text must cost little and end in one message: JSON nested thousands deep overflows the
parser's stack, an integer of thousands of digits makes Python refuse it, and YAML has its own
traps (aliases that repeat aliases, collections as keys), stopped by ``policy``'s loader. Every one
becomes an ``InputError`` that says which input and what is allowed.
"""

from __future__ import annotations

import json
from typing import Any

from sanctuary.model import InputError, Message
from sanctuary.policy import YamlError, parse_yaml

#: How deep a request's objects and lists may nest (a request nests three levels).
MAX_DEPTH = 64


def parse_request_text(text: str, name: str | Message) -> Any:
    """The value in ``text``: JSON if it is JSON, else YAML; ``name`` says where it came from."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        pass
    except RecursionError:
        raise _too_deep(name) from None
    except ValueError:
        # Python refuses to read integers of more than 4,300 digits.
        raise InputError(
            "The request on {name} holds a number thousands of digits long; no field takes one.", name=name
        ) from None
    else:
        check_depth(value, name)
        return value
    try:
        value = parse_yaml(text, str(name))
    except YamlError as exc:
        raise InputError("The request is neither valid JSON nor valid YAML: {reason}", reason=str(exc)) from None
    check_depth(value, name)
    return value


def check_depth(value: Any, name: str | Message) -> None:
    """An InputError if lists and objects in ``value`` nest deeper than MAX_DEPTH (checked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(name)
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def _too_deep(name: str | Message) -> InputError:
    """The refusal of a request on ``name`` that nests deeper than MAX_DEPTH."""
    return InputError(
        "The request on {name} nests deeper than {most} levels; a request nests three.", name=name, most=MAX_DEPTH
    )
