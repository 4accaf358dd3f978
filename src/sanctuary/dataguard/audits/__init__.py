"""Access-log audits: find immigration-enforcement use in ALPR searches, database queries and e-mail.

``audit(path, kind)`` returns the contract's ``{findings, summary}``; :class:`AuditRun` streams a file
of any size (findings spooled to disk); ``audit_batch(kind, batch)`` is the pure function over one
Arrow record batch. ``samples`` writes realistic fictitious logs with labelled violations.
"""

from sanctuary.dataguard.audits._alpr import AlprOptions, audit_alpr
from sanctuary.dataguard.audits._columns import ROLES, ColumnMap, Role, normalize, resolve
from sanctuary.dataguard.audits._db import DbOptions, audit_db
from sanctuary.dataguard.audits._email import EmailOptions, audit_email
from sanctuary.dataguard.audits._engine import (
    RATE_OF,
    RATE_RULES,
    AuditOptions,
    AuditRun,
    FileAudit,
    Summary,
    audit,
    audit_batch,
    finding_json,
    open_readers,
    run_summary_json,
)
from sanctuary.dataguard.audits._frame import SEARCH_TYPE
from sanctuary.dataguard.audits._output import (
    FORMATS,
    HTML_PER_RULE,
    SavedAudit,
    finding_from_row,
    render_terminal,
    write,
    write_parquet,
)
from sanctuary.dataguard.audits._reader import LINE, LogReader, ReadStats
from sanctuary.dataguard.audits._rules import KINDS, RULES, Citation, Rule, Severity, rules_for
from sanctuary.dataguard.audits._sources import expand_paths

__all__ = [
    "FORMATS",
    "HTML_PER_RULE",
    "KINDS",
    "LINE",
    "RATE_OF",
    "RATE_RULES",
    "ROLES",
    "RULES",
    "SEARCH_TYPE",
    "AlprOptions",
    "AuditOptions",
    "AuditRun",
    "Citation",
    "ColumnMap",
    "DbOptions",
    "EmailOptions",
    "FileAudit",
    "LogReader",
    "ReadStats",
    "Role",
    "Rule",
    "SavedAudit",
    "Severity",
    "Summary",
    "audit",
    "audit_alpr",
    "audit_batch",
    "audit_db",
    "audit_email",
    "expand_paths",
    "finding_from_row",
    "finding_json",
    "normalize",
    "open_readers",
    "render_terminal",
    "resolve",
    "rules_for",
    "run_summary_json",
    "write",
    "write_parquet",
]
