"""Mail-gateway log audit rules over one record batch (see docs/audits.md for the accepted columns).

One message per row: recipients (to, optionally cc and bcc; several addresses separated by ',' or ';'),
optionally time, sender, subject, attachment names and size in bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import pyarrow as pa

from sanctuary.dataguard.audits import _patterns as p
from sanctuary.dataguard.audits._frame import Hits, number, text, to_polars, with_keys


@dataclass(frozen=True, slots=True)
class EmailOptions:
    """``bulk_bytes``: a data-file attachment at least this large counts as bulk even if its name is bland."""

    bulk_bytes: int = 1_000_000


def email_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame keyed by the sender, and the sender's domain as the agency."""
    sender = text(frame, "sender")
    return with_keys(frame, sender, sender.str.extract(r"@([A-Za-z0-9.\-]+)", 1).str.to_lowercase())


def audit_email(batch: pa.RecordBatch, options: EmailOptions | None = None) -> pa.Table:
    """Findings for one batch of mail-gateway rows."""
    return audit_email_frame(email_keys(to_polars(batch)), options)


def audit_email_frame(frame: pl.DataFrame, options: EmailOptions | None = None) -> pa.Table:
    """The same over a Polars frame of the batch already keyed by ``email_keys`` (the engine does both once)."""
    options = options or EmailOptions()
    hits = Hits.over(frame)

    recipients = pl.select(
        pl.concat_str([pl.lit(text(frame, role)).fill_null("") for role in ("to", "cc", "bcc")], separator="; ")
    ).to_series()
    immigration = p.contains(recipients, p.IMMIGRATION_DOMAIN_TEST)
    hits.add_matched(immigration, "email.recipient.immigration_agency", recipients, p.IMMIGRATION_DOMAIN, column="to")

    attachments = text(frame, "attachments").fill_null("")
    data_file = p.contains(attachments, p.BULK_ATTACHMENT)
    big = (number(text(frame, "size")) >= options.bulk_bytes).fill_null(False)
    bulky = data_file & (big | p.contains(attachments, p.BULK_NAME))
    federal = p.contains_where(bulky, recipients, p.FEDERAL_DOMAIN_TEST)
    hits.add_matched(federal, "email.attachment.bulk_federal", recipients, p.FEDERAL_DOMAIN, column="attachments")

    subject = text(frame, "subject").fill_null("")
    in_subject = p.contains(subject, p.IMMIGRATION, p.IMMIGRATION_BENIGN)
    # File names separate words with '_', '-' or '.', which are not word boundaries for the pattern.
    names = attachments.str.replace_all(r"[_.\-]+", " ")
    in_names = p.contains(names, p.IMMIGRATION, p.IMMIGRATION_BENIGN) & ~in_subject
    both = pl.select(pl.when(pl.lit(in_subject)).then(pl.lit(subject)).otherwise(pl.lit(names))).to_series()
    hits.add_matched(
        in_subject | in_names,
        "email.subject.immigration",
        both,
        p.IMMIGRATION,
        p.IMMIGRATION_BENIGN,
        column=pl.select(
            pl.when(pl.lit(in_subject)).then(pl.lit("subject")).otherwise(pl.lit("attachments"))
        ).to_series(),
    )
    return hits.table()
