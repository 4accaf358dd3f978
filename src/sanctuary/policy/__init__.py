"""Law as data: loading and validating packs, deciding requests, verifying packs.

Nothing here knows about any particular jurisdiction; jurisdictions are packs.
"""

from ._engine import clear_decision_cache, combine, decide_unit, decision_cache_info, evaluate, rules_in_force
from ._facts import FACTS, NOT_APPLICABLE, FactSpec, facts_of, request_from_facts
from ._loader import PackError, available_packs, load_pack, load_stack, pack_roots
from ._pack import PROTECTION, Definition, Pack, Rule, Stack
from ._scenarios import Coverage, Scenario, coverage, load_scenarios, run_scenario
from ._verify import PROPERTIES, Failure, Report, verify
from ._yaml import YamlError, parse_yaml

__all__ = [
    "FACTS",
    "NOT_APPLICABLE",
    "PROPERTIES",
    "PROTECTION",
    "Coverage",
    "Definition",
    "FactSpec",
    "Failure",
    "Pack",
    "PackError",
    "Report",
    "Rule",
    "Scenario",
    "Stack",
    "YamlError",
    "available_packs",
    "clear_decision_cache",
    "combine",
    "coverage",
    "decide_unit",
    "decision_cache_info",
    "evaluate",
    "facts_of",
    "load_pack",
    "load_scenarios",
    "load_stack",
    "pack_roots",
    "parse_yaml",
    "request_from_facts",
    "rules_in_force",
    "run_scenario",
    "verify",
]
