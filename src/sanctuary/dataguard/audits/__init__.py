"""Access-log audits: find immigration-enforcement use in ALPR searches, database queries and e-mail.

``audit(path, kind)`` returns the contract's ``{findings, summary}``; :class:`AuditRun` streams a file
of any size (findings spooled to disk); ``audit_batch(kind, batch)`` is the pure function over one
Arrow record batch. ``samples`` writes realistic fictitious logs with labelled violations.
"""

from sanctuary.dataguard.audits._alpr import AlprOptions, audit_alpr
from sanctuary.dataguard.audits._columns import ROLES, ColumnMap, Role, normalize, resolve
from sanctuary.dataguard.audits._db import DbOptions, audit_db
from sanctuary.dataguard.audits._email import EmailOptions, audit_email
from sanctuary.dataguard.audits._engine import AuditOptions, AuditRun, Summary, audit, audit_batch
from sanctuary.dataguard.audits._reader import LINE, LogReader, ReadStats
from sanctuary.dataguard.audits._rules import KINDS, RULES, Citation, Rule, Severity, rules_for
from sanctuary.dataguard.audits._sources import expand_paths

__all__ = [
    "KINDS",
    "LINE",
    "ROLES",
    "RULES",
    "AlprOptions",
    "AuditOptions",
    "AuditRun",
    "Citation",
    "ColumnMap",
    "DbOptions",
    "EmailOptions",
    "LogReader",
    "ReadStats",
    "Role",
    "Rule",
    "Severity",
    "Summary",
    "audit",
    "audit_alpr",
    "audit_batch",
    "audit_db",
    "audit_email",
    "expand_paths",
    "normalize",
    "resolve",
    "rules_for",
]
