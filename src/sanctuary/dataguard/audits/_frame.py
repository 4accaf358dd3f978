"""The shape every audit returns: one row per (log row, rule) with the row's line, user, agency and cells.

Columns: ``__line`` (int64), ``rule``, ``matched`` (the words that triggered it, when a pattern did),
``column`` (the role they were found in), ``category`` (for immigration findings, which kind of
immigration enforcement), ``__user``, ``__agency``, ``__type`` for ALPR logs (``search`` or
``lookup``), then the row's role columns as evidence. Plain Arrow, so a batch of findings can cross a
process or a distributed engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from sanctuary.dataguard.audits import _patterns as p
from sanctuary.dataguard.audits._reader import LINE

USER = "__user"
AGENCY = "__agency"
SEARCH_TYPE = "__type"
FINDING_COLUMNS = (LINE, "rule", "matched", "column", "category", USER, AGENCY)
_RANK = "__rank"


@dataclass(slots=True)
class Hits:
    """Accumulates the findings of one batch, rule by rule."""

    frame: pl.DataFrame
    parts: list[pl.DataFrame]

    @classmethod
    def over(cls, frame: pl.DataFrame) -> Hits:
        return cls(frame, [])

    def add(
        self,
        mask: pl.Series,
        rule: str,
        *,
        matched: pl.Series | None = None,
        column: str | pl.Series | None = None,
        category: str | pl.Series | None = None,
    ) -> None:
        """Record ``rule`` for the rows of ``mask``; ``matched``/``column``/``category`` are full-length or None."""
        if not mask.any():
            return
        rows = self.frame.filter(mask)
        if matched is not None:
            matched_values = matched.filter(mask)
        else:
            matched_values = pl.repeat(None, rows.height, dtype=pl.Utf8, eager=True)
        if isinstance(column, pl.Series):
            column_values = column.filter(mask)
        else:
            column_values = pl.repeat(column, rows.height, dtype=pl.Utf8, eager=True)
        if isinstance(category, pl.Series):
            category_values = category.filter(mask)
        else:
            category_values = pl.repeat(category, rows.height, dtype=pl.Utf8, eager=True)
        self.parts.append(
            rows.with_columns(
                pl.lit(rule).alias("rule"),
                matched_values.alias("matched"),
                column_values.alias("column"),
                category_values.alias("category"),
                pl.lit(len(self.parts), dtype=pl.Int32).alias(_RANK),
            )
        )

    def add_matched(
        self,
        mask: pl.Series,
        rule: str,
        series: pl.Series,
        pattern: str,
        benign: str | None = None,
        *,
        column: str | pl.Series,
    ) -> None:
        """``add`` with the words of ``pattern`` that ``series`` holds on those rows as ``matched``."""
        self.add(mask, rule, matched=p.extract_where(mask, series, pattern, benign), column=column)

    def table(self) -> pa.Table:
        """All findings of the batch as one Arrow table (empty, with the right columns, when none)."""
        keys = [SEARCH_TYPE] if SEARCH_TYPE in self.frame.columns else []
        evidence = [c for c in self.frame.columns if c not in FINDING_COLUMNS and c not in keys]
        order = [*FINDING_COLUMNS, *keys, *evidence]
        if not self.parts:
            empty = self.frame.head(0).with_columns(
                pl.lit(None, dtype=pl.Utf8).alias("rule"),
                pl.lit(None, dtype=pl.Utf8).alias("matched"),
                pl.lit(None, dtype=pl.Utf8).alias("column"),
                pl.lit(None, dtype=pl.Utf8).alias("category"),
            )
            return empty.select(order).to_arrow()
        return pl.concat(self.parts, how="vertical").sort([LINE, _RANK]).select(order).to_arrow()


def with_keys(frame: pl.DataFrame, users: pl.Series, agencies: pl.Series) -> pl.DataFrame:
    """The frame with each row's user and agency: what the summary counts by and every finding names."""
    return frame.with_columns(users.fill_null("").alias(USER), agencies.fill_null("").alias(AGENCY))


def text(frame: pl.DataFrame, role: str) -> pl.Series:
    """A role's column, or an all-null string column when the log does not have it."""
    if role in frame.columns:
        return frame[role]
    return pl.repeat(None, frame.height, dtype=pl.Utf8, eager=True).alias(role)


def number(series: pl.Series) -> pl.Series:
    """'6,674' -> 6674; redacted or text -> null."""
    return series.str.replace_all(r"[,\s]", "").cast(pl.Int64, strict=False)


def empty(series: pl.Series) -> pl.Series:
    """True for null or whitespace-only cells."""
    return series.is_null() | (series.str.strip_chars().str.len_bytes() == 0)


def to_polars(batch: pa.RecordBatch | pa.Table) -> pl.DataFrame:
    """A record batch as a Polars frame; strings are cast to Arrow string views first (Polars' own
    layout), which is several times cheaper than letting Polars convert them."""
    columns = [pc.cast(c, pa.string_view()) if c.type == pa.string() else c for c in batch.columns]
    frame = pl.from_arrow(pa.Table.from_arrays(columns, names=batch.schema.names))
    assert isinstance(frame, pl.DataFrame)
    return frame
