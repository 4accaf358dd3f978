"""Every refused-input message exists in Spanish, and reads the same in English as it always did.

The source is read with ``ast``: an error of the ``InputError`` family is raised with a template
(a string constant with named values), never a pre-formatted f-string, so the catalogue can hold
its Spanish; and every template has a Spanish text that fills in no value the template lacks.
"""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from sanctuary.model import InputError, Message, Request, describe_validation_error
from sanctuary.model.messages import catalogue


def placeholders(template: str) -> set[str]:
    """The names a template fills in."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


SOURCE = Path(__file__).resolve().parents[1] / "src" / "sanctuary"


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """``InputError`` and every class of the source that derives from one of the family."""
    family = {"InputError", "NotFound"}
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in family:
                    bases = {getattr(base, "id", None) or getattr(base, "attr", "") for base in node.bases}
                    if bases & family:
                        family.add(node.name)
                        grew = True
    return family


def _trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(SOURCE.rglob("*.py"))}


def _called(node: ast.Call) -> str:
    return node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")


#: Classes of the family that build their message themselves (their ``__init__`` passes a template).
SELF_WORDED = {"PackError"}


def _templates() -> Iterator[tuple[str, str]]:
    """(where, template) for every message template in the source; a bad call yields ("where", "")."""
    trees = _trees()
    family = _error_classes(trees) - SELF_WORDED
    for path, tree in trees.items():
        where = path.relative_to(SOURCE.parent)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _called(node)
            if name in family or name == "Message":
                if not node.args:
                    continue
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    yield f"{where}:{node.lineno}", first.value
                elif (isinstance(first, ast.Call) and _called(first) == "describe_validation_error") or (
                    isinstance(first, ast.Attribute) and first.attr == "message"
                ):
                    continue  # a message built elsewhere: its own templates are checked there
                elif name == "Message" and isinstance(first, ast.Attribute | ast.Subscript | ast.Name):
                    continue  # a template chosen from a table of constants, checked where the table is
                else:
                    yield f"{where}:{node.lineno}", ""
            elif name in {"describe_validation_error", "validated"} and len(node.args) >= 3:
                what = node.args[2]
                if isinstance(what, ast.Constant) and isinstance(what.value, str):
                    yield f"{where}:{node.lineno}", what.value


def test_errors_are_raised_with_templates() -> None:
    worded = [where for where, template in _templates() if not template]
    assert not worded, "raise these with a template and named values, not a formatted string:\n" + "\n".join(worded)


def test_every_template_has_spanish() -> None:
    spanish = catalogue("es")
    missing = sorted(
        {f"{where}: {template!r}" for where, template in _templates() if template and template not in spanish}
    )
    assert not missing, f"{len(missing)} message(s) have no Spanish in sanctuary/messages/es:\n" + "\n".join(missing)


def test_spanish_fills_in_only_the_templates_values() -> None:
    spanish = catalogue("es")
    wrong = [english for english, text in spanish.items() if not placeholders(text) <= placeholders(english)]
    assert not wrong, f"these translations name values their English does not: {wrong}"


def test_spanish_catalogue_formats() -> None:
    """Each Spanish text formats with its English template's values (no stray brace, no bad spec)."""
    for english, text in catalogue("es").items():
        values = dict.fromkeys(placeholders(english), 1)
        text.format(**values)


def test_english_is_unchanged_and_spanish_is_spanish() -> None:
    template = "--status {status!r} is not a case status; allowed values: {allowed}."
    error = InputError(template, status="x", allowed="a, b")
    assert str(error) == "--status 'x' is not a case status; allowed values: a, b."
    assert error.in_language("en") == str(error)


def test_a_message_without_a_translation_stays_english() -> None:
    assert Message("No such sentence {n}.", {"n": 2}).render("es") == "No such sentence 2."


def test_validation_errors_read_in_both_languages() -> None:
    with pytest.raises(ValidationError) as caught:
        Request.model_validate({"action": "share_datax", "zz": 1, "subject": {"in_custody": "maybe"}})
    message = describe_validation_error(caught.value, Request, "request")
    english, spanish = message.render("en"), message.render("es")
    assert english.startswith("The request is invalid (")
    assert "allowed values:" in english
    assert spanish.startswith("Hay datos no válidos en la solicitud (")
    assert "valores permitidos:" in spanish
    assert "is not" not in spanish
    assert "should be" not in spanish


def test_a_message_translated_twice_reads_the_same() -> None:
    """A template in two parts' catalogues has one Spanish text (which file is read last must not matter)."""
    from babel.messages.pofile import read_po

    seen: dict[str, tuple[str, str]] = {}
    differ = []
    for path in sorted((SOURCE / "messages" / "es").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale="es"):
                if not message.id:
                    continue
                earlier = seen.setdefault(str(message.id), (path.name, str(message.string)))
                if earlier[1] != message.string:
                    differ.append(f"{message.id!r}: {earlier[0]} and {path.name}")
    assert not differ, "translated differently: " + "; ".join(differ)
