"""ALPR audit rules over one record batch of a Flock-style audit export (Organization or Network Audit).

Pure: a batch in (role columns + line), findings out; no state, no I/O. What motivates each rule is the
2025 record: reasons such as "ICE", "ICE+ERO", "HSI", "CBP", "immigration violation" (Danville IL,
CalMatters/Oakland Privacy), the 2026 dropdown "Immigration (civil/administrative)", federal and
out-of-state organizations searching California cameras (El Cajon, Ventura, Mountain View), a
predicted shift to vague reasons ("investigation", "inv", "case"), and national lookups across
thousands of networks (a Dallas "ICE+ERO" search hit 6,674 networks).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import pyarrow as pa

from sanctuary.dataguard.audits import _patterns as p
from sanctuary.dataguard.audits._frame import SEARCH_TYPE, Hits, empty, text, to_polars, with_keys

# Roles whose text is searched for immigration terms, in the order a finding names them.
TEXT_ROLES = ("reason", "offense", "prompt", "case", "filters")


@dataclass(frozen=True, slots=True)
class AlprOptions:
    """Thresholds. ``max_networks``: a search across more networks than this is reported (national lookup)."""

    max_networks: int = 500


def alpr_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame keyed by the searching user and organization, and whether the row is a hotlist lookup."""
    keyed = with_keys(frame, text(frame, "user"), text(frame, "agency"))
    if "search_type" not in frame.columns:
        return keyed.with_columns(pl.lit("search").alias(SEARCH_TYPE))
    kinds = p.Distinct(frame["search_type"].fill_null("")).contains(p.LOOKUP)
    return keyed.with_columns(pl.when(kinds).then(pl.lit("lookup")).otherwise(pl.lit("search")).alias(SEARCH_TYPE))


def audit_alpr(batch: pa.RecordBatch, options: AlprOptions | None = None) -> pa.Table:
    """Findings for one batch of ALPR audit rows (see ``_frame`` for the columns)."""
    return audit_alpr_frame(alpr_keys(to_polars(batch)), options)


def _row_masks(frame: pl.DataFrame, options: AlprOptions) -> pl.DataFrame:
    """Every pattern that must look at every row, in one Polars call (its expressions run in parallel)."""
    present = set(frame.columns)
    exprs: dict[str, pl.Expr] = {}
    for role in TEXT_ROLES:
        if role in present:
            exprs[f"imm:{role}"] = pl.col(role).str.contains(p.IMMIGRATION).fill_null(False)
    for role in ("reason", "offense"):
        if role in present:
            exprs[f"drop:{role}"] = pl.col(role).str.contains(p.DROPDOWN).fill_null(False)
    if "reason" in present:
        exprs["redacted"] = pl.col("reason").str.contains(p.REDACTED).fill_null(False)
    if "case" in present:
        exprs["case"] = pl.col("case").str.contains(p.HAS_NUMBER).fill_null(False)
    if "networks" in present:
        networks = pl.col("networks").str.replace_all(r"[,\s]", "").cast(pl.Int64, strict=False)
        exprs["many"] = (networks > options.max_networks).fill_null(False)
    if not exprs:
        return pl.DataFrame()
    return frame.select(**exprs)


def audit_alpr_frame(frame: pl.DataFrame, options: AlprOptions | None = None) -> pa.Table:
    """The same over a Polars frame of the batch already keyed by ``alpr_keys`` (the engine does both once)."""
    options = options or AlprOptions()
    hits = Hits.over(frame)
    masks = _row_masks(frame, options)
    height = frame.height
    reason = text(frame, "reason")
    none = pl.repeat(False, height, eager=True)

    # Immigration named in the reason, offense, text prompt, case number or filters; a match must
    # survive the removal of benign phrases, which is re-checked on the matching rows only.
    found = none.clone()
    where = pl.repeat(None, height, dtype=pl.Utf8, eager=True)
    matched = pl.repeat(None, height, dtype=pl.Utf8, eager=True)
    category = pl.repeat(None, height, dtype=pl.Utf8, eager=True)
    dropdown = none.clone()
    for role in ("reason", "offense"):
        if f"drop:{role}" in masks.columns:
            dropdown = dropdown | masks[f"drop:{role}"]
    for role in TEXT_ROLES:
        if f"imm:{role}" not in masks.columns:
            continue
        mask = masks[f"imm:{role}"]
        if f"drop:{role}" in masks.columns:
            mask = mask & ~masks[f"drop:{role}"]
        mask = mask & ~found
        if not mask.any():
            continue
        index = mask.arg_true()
        subset = frame[role].gather(index)
        terms = p.extract(subset, p.IMMIGRATION, p.IMMIGRATION_BENIGN)
        kept = index.filter(terms.is_not_null())
        if kept.is_empty():
            continue
        matched = matched.scatter(kept, terms.drop_nulls())
        category = category.scatter(kept, p.categorize(subset.filter(terms.is_not_null())))
        where = where.scatter(kept, role)
        found = found.scatter(kept, True)
    hits.add(found, "alpr.reason.immigration", matched=matched, column=where, category=category)
    # The dropdown is a finding on its own, with or without words in the detail field.
    hits.add(dropdown, "alpr.reason.immigration_dropdown", column="reason", category=p.DROPDOWN_CATEGORY)

    # Who searched: immigration authority, other federal agency, other state (each name matched once).
    if "agency" in frame.columns:
        agency = p.Distinct(frame["agency"])
        immigration = agency.contains(p.IMMIGRATION_AGENCY)
        hits.add(immigration, "alpr.requester.immigration_agency", column="agency")
        federal = agency.contains(p.FEDERAL_AGENCY) & ~immigration
        hits.add(federal, "alpr.requester.federal", column="agency")
        elsewhere = agency.contains(p.OUT_OF_STATE, p.OUT_OF_STATE_BENIGN)
        if "state" in frame.columns:
            elsewhere = elsewhere | ~p.Distinct(frame["state"].fill_null("")).contains(p.HOME_STATE)
        hits.add(elsewhere & ~immigration & ~federal, "alpr.requester.out_of_state", column="agency")

    # No purpose anyone can check: blank or vague reason, no case number, no offense category.
    # Only the rows without a case number and an offense category are looked at.
    unexplained = ~found & ~dropdown
    if "case" in masks.columns:
        unexplained = unexplained & ~masks["case"]
    if "offense" in frame.columns:
        unexplained = unexplained & p.Distinct(frame["offense"].fill_null("")).contains(p.OTHER_OR_EMPTY)
    if unexplained.any():
        index = unexplained.arg_true()
        subset = reason.gather(index)
        redacted = p.contains(subset, p.REDACTED)
        blank = empty(subset) | (p.contains(subset, p.KEYSTROKE) & ~redacted)
        vague = p.contains(subset, p.VAGUE) & ~redacted & ~blank
        hits.add(none.clone().scatter(index, blank), "alpr.reason.missing", column="reason")
        hits.add(none.clone().scatter(index, vague), "alpr.reason.vague", column="reason")

    # Redacted reasons: the purpose cannot be audited.
    if "redacted" in masks.columns:
        hits.add(masks["redacted"], "alpr.reason.redacted", column="reason")

    # National lookups.
    if "many" in masks.columns:
        hits.add(masks["many"], "alpr.search.many_networks", column="networks")
    return hits.table()
