"""[V] means the operative text was read: every rule tagged V quotes it and cites an official source.

A confidence tag is a promise to counsel reviewing a pack. V says "read from the operative text", so
the rule carries the words it encodes (`quote:`) and the official URL they were read at; a rule drawn
from news or a summary is S, and an unverified one U (whose outcome is refer).
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from sanctuary.model import Confidence, Outcome
from sanctuary.policy import available_packs, load_stack

#: Where the law itself is published: legislatures, code publishers, clerks, courts, agencies.
OFFICIAL_HOSTS = (
    "leginfo.legislature.ca.gov",
    "ecfr.gov",
    "uscode.house.gov",
    "govinfo.gov",
    "congress.gov",
    "federalregister.gov",
    "uscourts.gov",
    "supremecourt.gov",
    "justice.gov",
    "ice.gov",
    "dhs.gov",
    "uscis.gov",
    "studentprivacy.ed.gov",
    "ed.gov",
    "oag.ca.gov",
    "courts.ca.gov",
    "codelibrary.amlegal.com",
    "library.municode.com",
    "cityclerk.lacity.org",
    "clkrep.lacity.org",
    "lacity.gov",
    "lapdonline.org",
    "lausd.org",
    "legistar.com",
    "legistar.council.nyc.gov",
    "nyc.gov",
    "malegislature.gov",
    "mass.gov",
    "boston.gov",
    "nycourts.gov",
)


def _official(url: str) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS)


def _all_rules():
    seen = set()
    for pack_id in available_packs():
        for rule in load_stack(pack_id).top.rules:
            if rule.id not in seen:
                seen.add(rule.id)
                yield rule


RULES = list(_all_rules())


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_a_rule_tagged_v_quotes_the_operative_text_from_an_official_source(rule):
    if rule.confidence is not Confidence.V:
        return
    assert rule.quote, f"{rule.where}: rule {rule.id} is tagged V but quotes no operative text (`quote:`)"
    assert _official(rule.source), (
        f"{rule.where}: rule {rule.id} is tagged V but its source {rule.source} is not an official publisher "
        "of the law; cite the official text, or tag the rule S"
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_an_unverified_rule_refers(rule):
    if rule.confidence is Confidence.U and rule.outcome is not None:
        assert rule.outcome is Outcome.REFER, (
            f"{rule.where}: rule {rule.id} is unverified [U] but decides {rule.outcome}"
        )


def test_every_pack_has_rules_read_from_the_text():
    tags = {rule.confidence for rule in RULES}
    assert Confidence.V in tags
