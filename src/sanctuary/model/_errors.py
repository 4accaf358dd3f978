"""User-facing input errors: one message that says which input, what is wrong, and what is allowed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .messages import Message, translated


class InputError(ValueError):
    """Bad input from a person or program. Interfaces show the message and exit with code 2.

    The message is a template with named ``values`` (``str.format`` syntax), so each interface can
    show it in its user's language: ``str(error)`` is English, ``error.in_language("es")`` Spanish.
    A value may itself be a :class:`Message` or an ``InputError``, shown in the same language.
    """

    def __init__(self, template: str | Message, /, **values: Any) -> None:
        self.message = template if isinstance(template, Message) else Message(template, values)
        super().__init__(self.message.render("en"))

    def in_language(self, language: str) -> str:
        """The message in ``language`` (English where the catalogue has no translation)."""
        return self.message.render(language)


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


Model = TypeVar("Model", bound=BaseModel)


def validated(model: type[Model], raw: Any, what: str) -> Model:
    """``raw`` validated into ``model``; an InputError naming each bad field of the ``what`` otherwise."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, model, what)) from None


def describe_validation_error(error: ValidationError, model: type[BaseModel], what: str) -> Message:
    """Turn pydantic's error list into sentences a clerk or a programmer can act on.

    ``what`` names the input in English ("request"); it is a catalogue entry, shown translated.
    """
    sentences: list[Message] = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        path = _field_path(loc)
        kind = item["type"]
        given = item.get("input")
        if kind == "extra_forbidden":
            owner = _model_at(model, loc[:-1])
            allowed = ", ".join(owner.model_fields) if owner else ""
            sentences.append(
                Message(
                    "field '{path}' is not part of the {what}; the fields allowed here are: {allowed}",
                    {"path": path, "what": Message(what), "allowed": allowed},
                )
            )
        elif kind == "enum":
            allowed_enum = _allowed_values(model, loc) or []
            sentences.append(
                Message(
                    "field '{path}' has the value {given}, which is not allowed; allowed values: {allowed}",
                    {"path": path, "given": echo(given), "allowed": ", ".join(allowed_enum)},
                )
            )
        elif kind == "missing":
            sentences.append(Message("field '{path}' is required but missing", {"path": path}))
        else:
            allowed_values = _allowed_values(model, loc)
            found: dict[str, Any] = {"path": path, "problem": problem(item), "given": echo(given)}
            if allowed_values:
                found["allowed"] = ", ".join(allowed_values)
                sentences.append(Message("field '{path}': {problem} (got {given}); allowed values: {allowed}", found))
            else:
                sentences.append(Message("field '{path}': {problem} (got {given})", found))
    count = len(sentences)
    shown = sentences[:SHOWN_PROBLEMS]
    values: dict[str, Any] = {"what": Message(what), "count": count, "problems": shown}
    if count > SHOWN_PROBLEMS:
        values["more"] = count - SHOWN_PROBLEMS
        return Message("The {what} is invalid ({count} problems): {problems}; and {more:,} more.", values)
    if count == 1:
        return Message("The {what} is invalid (1 problem): {problems}.", values)
    return Message("The {what} is invalid ({count} problems): {problems}.", values)


@dataclass(frozen=True, slots=True)
class Problem:
    """One of pydantic's error details as a phrase: pydantic's own words in English; in another
    language the catalogue's, by the error's type with the figures of its context, or the message of
    the validator's own ``InputError``."""

    english: str
    template: str | None
    figures: Mapping[str, Any]
    cause: Message | None = None

    def in_language(self, language: str) -> str:
        if language == "en":
            return self.english
        if self.cause is not None:
            return self.cause.render(language)
        if self.template is None or translated(self.template, language) == self.template:
            return self.english
        return Message(self.template, self.figures).render(language)


def problem(item: Mapping[str, Any]) -> Problem:
    """The phrase for one pydantic error (an item of ``ValidationError.errors()``)."""
    context = dict(item.get("ctx") or {})
    cause = context.get("error")
    figures = {name: value for name, value in context.items() if isinstance(value, (int, float, str))}
    return Problem(
        str(item["msg"]).lower(),
        _PYDANTIC_PROBLEMS.get(str(item["type"])),
        figures,
        cause.message if isinstance(cause, InputError) else None,
    )


#: Pydantic error types with a catalogue entry: the English text, as pydantic words it, is the entry's id.
_PYDANTIC_PROBLEMS = {
    "string_type": "input should be a valid string",
    "string_too_short": "string should have at least {min_length} characters",
    "string_too_long": "string should have at most {max_length} characters",
    "string_pattern_mismatch": "string should match pattern '{pattern}'",
    "int_type": "input should be a valid integer",
    "int_parsing": "input should be a valid integer, unable to parse string as an integer",
    "int_from_float": "input should be a valid integer, got a number with a fractional part",
    "float_type": "input should be a valid number",
    "float_parsing": "input should be a valid number, unable to parse string as a number",
    "bool_type": "input should be a valid boolean",
    "bool_parsing": "input should be a valid boolean, unable to interpret input",
    "list_type": "input should be a valid list",
    "dict_type": "input should be a valid dictionary",
    "model_type": "input should be a valid dictionary or instance of {class_name}",
    "model_attributes_type": "input should be a valid dictionary or object to extract fields from",
    "date_type": "input should be a valid date",
    "date_parsing": "input should be a valid date in the format yyyy-mm-dd, {error}",
    "date_from_datetime_parsing": "input should be a valid date or datetime, {error}",
    "datetime_type": "input should be a valid datetime",
    "datetime_parsing": "input should be a valid datetime, {error}",
    "datetime_from_date_parsing": "input should be a valid datetime or date, {error}",
    "greater_than": "input should be greater than {gt}",
    "greater_than_equal": "input should be greater than or equal to {ge}",
    "less_than": "input should be less than {lt}",
    "less_than_equal": "input should be less than or equal to {le}",
    "too_short": "{field_type} should have at least {min_length} items after validation, not {actual_length}",
    "too_long": "{field_type} should have at most {max_length} items after validation, not {actual_length}",
    "literal_error": "input should be {expected}",
    "finite_number": "input should be a finite number",
    "frozen_instance": "instance is frozen",
}
