"""The law as people read it: a pack's rules with their citations, sources, quotes and dates.

One description shared by `sanctuary packs rules --json`, the web app's law pages and its API, so a
reviewer sees the same fields (the operative text quoted for a rule tagged V among them) everywhere.
"""

from __future__ import annotations

from typing import Any

from sanctuary.policy import Rule, load_stack


def describe_rule(rule: Rule) -> dict[str, Any]:
    """One rule as JSON-ready fields."""
    return {
        "id": rule.id,
        "pack": rule.pack,
        "citation": rule.citation,
        "source": rule.source,
        "confidence": rule.confidence.value,
        "quote": rule.quote,
        "effective": {
            "from": rule.effective_from.isoformat(),
            "to": rule.effective_to and rule.effective_to.isoformat(),
        },
        "outcome": rule.outcome.value if rule.outcome else None,
        "obligations": [o.id.value for o in rule.obligations],
        "defeats": list(rule.defeats),
        "binding": rule.binding,
        "default": rule.default,
        "summary": rule.summary,
        "text": {"en": rule.text.en, "es": rule.text.es},
        "where": f"{rule.file.name}:{rule.line}",
    }


def pack_rules(pack_id: str, *, with_parents: bool = True) -> list[dict[str, Any]]:
    """The pack's own rules, then (with_parents) its parents', each as `describe_rule` gives it."""
    stack = load_stack(pack_id)
    return [describe_rule(rule) for rule in (stack.rules if with_parents else stack.top.rules)]
