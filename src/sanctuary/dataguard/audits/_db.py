"""Database query-log audit rules over one record batch (a generic audit export; see docs/audits.md).

Accepted: CSV with a header or JSON Lines, one query per row, with at least the statement and the
user; optional time, client, database, rows returned, stated purpose, recipient and application.
The header variants include those of SQL Server audit files (``event_time``,
``server_principal_name``, ``client_ip``, ``statement``, ``affected_rows``) and Oracle's unified audit
trail (``EVENT_TIMESTAMP``, ``DBUSERNAME``, ``USERHOST``, ``SQL_TEXT``).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import pyarrow as pa

from sanctuary.dataguard.audits import _patterns as p
from sanctuary.dataguard.audits._frame import Hits, number, text, to_polars, with_keys


@dataclass(frozen=True, slots=True)
class DbOptions:
    """``bulk_rows``: a query returning at least this many rows is a bulk read."""

    bulk_rows: int = 1000


def db_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame keyed by the user and the agency (application/department, else the database)."""
    agency = text(frame, "agency" if "agency" in frame.columns else "database")
    return with_keys(frame, text(frame, "user"), agency)


def audit_db(batch: pa.RecordBatch, options: DbOptions | None = None) -> pa.Table:
    """Findings for one batch of database query-log rows."""
    return audit_db_frame(db_keys(to_polars(batch)), options)


def audit_db_frame(frame: pl.DataFrame, options: DbOptions | None = None) -> pa.Table:
    """The same over a Polars frame of the batch already keyed by ``db_keys`` (the engine does both once)."""
    options = options or DbOptions()
    hits = Hits.over(frame)

    purpose = text(frame, "purpose")
    said = p.contains(purpose, p.IMMIGRATION, p.IMMIGRATION_BENIGN)
    hits.add_matched(said, "db.purpose.immigration", purpose, p.IMMIGRATION, p.IMMIGRATION_BENIGN, column="purpose")

    # Accounts repeat: each distinct user and recipient is matched once, separators folded to spaces.
    user = p.Distinct(text(frame, "user"), p.ACCOUNT_SEPARATORS)
    recipient = p.Distinct(text(frame, "recipient"), p.ACCOUNT_SEPARATORS)
    by_user = user.contains(p.IMMIGRATION_AGENCY)
    by_recipient = recipient.contains(p.IMMIGRATION_AGENCY)
    immigration = by_user | by_recipient
    who = pl.select(
        pl.when(pl.lit(by_user))
        .then(pl.lit("user"))
        .when(pl.lit(by_recipient))
        .then(pl.lit("recipient"))
        .otherwise(pl.lit(None, dtype=pl.Utf8))
    ).to_series()
    hits.add(immigration, "db.account.immigration_agency", column=who)

    federal = immigration | user.contains(p.FEDERAL_ACCOUNT) | recipient.contains(p.FEDERAL_ACCOUNT)
    statement = text(frame, "statement")
    rows = (number(text(frame, "rows")) >= options.bulk_rows).fill_null(False)
    bulk = rows | p.contains_where(federal & ~rows, statement, p.BULK_STATEMENT)
    hits.add(federal & bulk, "db.export.bulk_federal", column="rows" if "rows" in frame.columns else "statement")

    fields = p.contains(statement, p.IMMIGRATION_FIELDS)
    hits.add_matched(fields, "db.query.immigration_fields", statement, p.IMMIGRATION_FIELDS, column="statement")
    return hits.table()
