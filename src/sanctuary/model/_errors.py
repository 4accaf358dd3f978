"""User-facing input errors: one message that says which input, what is wrong, and what is allowed."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError


class InputError(ValueError):
    """Bad input from a person or program. Interfaces show the message and exit with code 2."""


class NotFound(InputError):
    """The input names something that does not exist (a case, a duty, a document): 404 on the web."""


def _field_path(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            name = item if len(item) <= ECHO_CHARS else f"{item[: ECHO_CHARS - 1]}…"
            parts.append(("." if parts else "") + name)
    return "".join(parts) or "(top level)"


def _model_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The pydantic model that owns the field at ``loc`` (to list its allowed fields)."""
    current: Any = model
    for item in loc:
        if isinstance(item, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(item)
        if field is None:
            return current
        current = _innermost_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _innermost_model(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _innermost_model(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return annotation


def _allowed_values(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str] | None:
    # A list item's location ends in its index (``data[0]``): the field is the last name before it.
    end = len(loc)
    while end and isinstance(loc[end - 1], int):
        end -= 1
    if not end:
        return None
    name = loc[end - 1]
    owner = _model_at(model, loc[: end - 1])
    if owner is None or not isinstance(name, str) or name not in owner.model_fields:
        return None
    enum = _innermost_enum(owner.model_fields[name].annotation)
    return [member.value for member in enum] if enum else None


def _innermost_enum(annotation: Any) -> type[Enum] | None:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _innermost_enum(arg)
        if found:
            return found
    return None


#: Characters of a wrong value echoed back in a message (a hostile value may be a megabyte).
ECHO_CHARS = 80
#: Problems listed in one message; the rest are counted.
SHOWN_PROBLEMS = 10


def echo(value: Any) -> str:
    """``repr(value)``, cut short: enough to recognise the value, never a page of it."""
    if isinstance(value, (dict, list, tuple)) and len(value) > ECHO_CHARS:
        return f"a {type(value).__name__} of {len(value):,} items"
    try:
        text = repr(value)
    except (RecursionError, ValueError):  # a self-containing list; an integer too long to print
        return f"a {type(value).__name__} too large to show"
    return text if len(text) <= ECHO_CHARS else f"{text[: ECHO_CHARS - 1]}… ({len(text):,} characters)"


def describe_validation_error(error: ValidationError, model: type[BaseModel], what: str) -> str:
    """Turn pydantic's error list into sentences a clerk or a programmer can act on."""
    sentences: list[str] = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        path = _field_path(loc)
        kind = item["type"]
        given = item.get("input")
        if kind == "extra_forbidden":
            owner = _model_at(model, loc[:-1])
            allowed = ", ".join(owner.model_fields) if owner else ""
            sentences.append(f"field '{path}' is not part of the {what}; the fields allowed here are: {allowed}")
        elif kind == "enum":
            allowed_enum = _allowed_values(model, loc) or []
            sentences.append(
                f"field '{path}' has the value {echo(given)}, which is not allowed; "
                f"allowed values: {', '.join(allowed_enum)}"
            )
        elif kind == "missing":
            sentences.append(f"field '{path}' is required but missing")
        else:
            allowed_values = _allowed_values(model, loc)
            hint = f"; allowed values: {', '.join(allowed_values)}" if allowed_values else ""
            sentences.append(f"field '{path}': {item['msg'].lower()} (got {echo(given)}){hint}")
    count = len(sentences)
    head = f"The {what} is invalid ({count} problem{'s' if count != 1 else ''}): "
    more = f"; and {count - SHOWN_PROBLEMS:,} more" if count > SHOWN_PROBLEMS else ""
    return head + "; ".join(sentences[:SHOWN_PROBLEMS]) + more + "."
