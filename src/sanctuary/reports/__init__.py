"""Transparency reports: counts by department, setting, requester, request, paper, outcome and duty.

Pure: it takes the period's case facts and returns tables, with small counts suppressed so that no
hidden count can be recovered by subtraction from anything else the same report publishes (or,
optionally, differentially private counts). The services layer loads the facts, the signed ledger
checkpoint and the packs in force; :func:`write_report` writes the files atomically.
"""

from ._dp import check_epsilon
from ._facts import NOT_RECORDED, PENDING, CaseFact, DutyFact
from ._kinds import KINDS, Basis, Kind
from ._period import Period, parse_period
from ._render import CSV_COLUMNS, PAPERS, headline, html_text, style_text, to_json
from ._report import SCHEMA, Attestation, CheckpointInfo, Report, build_report, kind_of
from ._suppress import THRESHOLD, determined, suppress
from ._tables import Count, Dimension, Population, Table
from ._wording import LANGUAGES, say
from ._write import FORMATS, parse_formats, parse_paper, render, write_report

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "KINDS",
    "LANGUAGES",
    "NOT_RECORDED",
    "PAPERS",
    "PENDING",
    "SCHEMA",
    "THRESHOLD",
    "Attestation",
    "Basis",
    "CaseFact",
    "CheckpointInfo",
    "Count",
    "Dimension",
    "DutyFact",
    "Kind",
    "Period",
    "Population",
    "Report",
    "Table",
    "build_report",
    "check_epsilon",
    "determined",
    "headline",
    "html_text",
    "kind_of",
    "parse_formats",
    "parse_paper",
    "parse_period",
    "render",
    "say",
    "style_text",
    "suppress",
    "to_json",
    "write_report",
]
