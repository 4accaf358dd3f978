"""Patterns for the audits, in the syntax of Rust's ``regex`` crate (Polars' engine: linear time, no backtracking).

Word boundaries are ASCII (``(?-u:\\b)``) and placed per term, because a boundary after a term that
ends in punctuation never matches (``287(g)``); a boundary on both sides of short acronyms keeps
"ICE" from matching inside "police", "office", "device", "Alice" or "notice". Benign phrases
("ice cream", "tow removal", "Nevada County") are removed before a match is confirmed.
"""

from __future__ import annotations

from typing import Any

import polars as pl

B = r"(?-u:\b)"


def words(*terms: str) -> str:
    """An alternation of terms, each with a word boundary on both sides."""
    return B + "(?:" + "|".join(terms) + ")" + B


# Federal immigration authorities, by acronym or name (also the first terms of the free-text pattern).
_AGENCY_TERMS = (
    "ice",
    "ero",
    "hsi",
    "cbp",
    "usbp",
    "dhs",
    "uscis",
    "immigration",
    r"border\s+patrol",
    r"homeland\s+security",
    r"customs\s+(?:and|&)\s+border(?:\s+protection)?",
)

# Immigration enforcement named in free text (reasons, prompts, subjects, purposes). Every term has a
# boundary on both sides, so at most one term matches at a given start and their order does not matter.
_IMMIGRATION_WORDS = words(
    *_AGENCY_TERMS,
    r"i\.c\.e",
    "immigrants?",
    "inmigraci[oó]n",
    "migra",
    r"deport(?:ation|ations|ed|ee|ees|ing|s)?",
    # "removal" alone is too common (tint, graffiti, converter removal): only its immigration phrases.
    r"removal\s+(?:orders?|proceedings?|operations?|cases?|flights?|warrants?|hearings?)",
    r"orders?\s+of\s+removal",
    r"(?:pending|for|facing|awaiting)\s+removal",
    "aliens?",
    "undocumented",
    "illegals",
    r"visa\s+overstay",
    "overstay(?:ed|s)?",
    "detainers?",
)
IMMIGRATION = r"(?i)(" + _IMMIGRATION_WORDS + "|" + B + r"287\s*\(\s*g\s*\)|" + B + r"287g" + B + ")"

# Phrases that contain an immigration word but are not about immigration.
IMMIGRATION_BENIGN = r"(?i)" + words(
    r"(?:black|dry|shaved|thin)\s+ice",
    r"ice\s+(?:cream|rink|storm|machine|chest|maker|skating|hockey|pick)",
    r"(?:tow|towing|vehicle|car|graffiti|debris|trash|snow|tree|sign|abandoned\s+vehicle)\s+removals?",
    r"removal\s+of\s+(?:a\s+|the\s+)?(?:vehicle|graffiti|debris|trash|property|car)",
    r"unlawful\s+detainers?",
)

# Which immigration enforcement a finding names, checked in this order (the first that matches wins):
# a hold or detainer request is the most specific, "immigra" the least.
IMMIGRATION_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("hold/detainer", r"(?i)" + words(r"detainers?", r"holds?", r"i-?247\w*")),
    ("ICE", r"(?i)" + words("ice", r"i\.c\.e")),
    ("HSI", r"(?i)" + words("hsi", r"homeland\s+security\s+investigations?")),
    ("ERO", r"(?i)" + words("ero", r"enforcement\s+(?:and|&)\s+removal(?:\s+operations)?")),
    ("CBP/USBP", r"(?i)" + words("cbp", "usbp", r"border\s+patrol", r"customs\s+(?:and|&)\s+border(?:\s+protection)?")),
    (
        "deportation",
        r"(?i)"
        + words(
            r"deport(?:ation|ations|ed|ee|ees|ing|s)?",
            r"removal\s+(?:orders?|proceedings?|operations?|cases?|flights?|warrants?|hearings?)",
            r"orders?\s+of\s+removal",
            r"(?:pending|for|facing|awaiting)\s+removal",
        ),
    ),
    ("DHS", r"(?i)" + words("dhs", r"homeland\s+security")),
    ("USCIS", r"(?i)" + words("uscis")),
)
DROPDOWN_CATEGORY = "dropdown"
OTHER_CATEGORY = "immigration"


def categorize(series: pl.Series) -> pl.Series:
    """The first category of ``IMMIGRATION_CATEGORIES`` each text names (benign phrases removed first),
    else ``immigration`` (immigration, immigrant, alien, undocumented, 287(g), visa overstay...)."""
    frame = pl.DataFrame({"text": series.str.replace_all(IMMIGRATION_BENIGN, " ")})
    chain: Any = pl  # pl.when(...) and then each .when(...) of the chain, in priority order
    for name, pattern in IMMIGRATION_CATEGORIES:
        chain = chain.when(pl.col("text").str.contains(pattern).fill_null(False)).then(pl.lit(name))
    return frame.select(chain.otherwise(pl.lit(OTHER_CATEGORY)).alias("category"))["category"]


# Flock's 2026 dropdown category.
DROPDOWN = r"(?i)^\s*immigration\s*[-:(]?\s*civil\s*/\s*administrative\s*\)?\s*$"

# Reasons that state no purpose anyone could check.
VAGUE = (
    r"(?i)^\s*(?:inv\.?|invest|invst|investigations?|investigative|investigate|criminal\s+investigation|case|"
    r"check|chk|check\s+plate|plate\s+check|test|testing|training|search|lookup|look\s+up|query|info|"
    r"information|intel|other|misc\.?|miscellaneous|n/?a|none|unknown|unk|see\s+case|see\s+notes|"
    r"see\s+report|per\s+request|request|assist|assist\s+other\s+agency|aoa|follow\s*up|f/?u|"
    r"daytime\s+search\s+for\s+best\s+results?|suspicious|suspicious\s+vehicle|susp?\s+veh|vehicle|leads?|"
    r"locate|bolo)\s*[.!?]*\s*$"
)
# No reason at all: one keystroke ("x", ".", "1") or punctuation only ("--", "?!"); "***" is a redaction.
KEYSTROKE = r"^\s*(?:\S|[\p{P}\p{S}\s]+)\s*$"
REDACTED = r"^\s*\*+\s*$"
# Hotlist lookups (alerts on a list the agency keeps) are not manual searches: every count keeps them apart.
LOOKUP = r"(?i)" + words("lookups?", r"hot\s*-?\s*lists?", "alerts?")
HAS_NUMBER = r"\d{2,}"
OTHER_OR_EMPTY = r"(?i)^\s*(?:other)?\s*$"

# Organizations: federal immigration authorities, other federal agencies, other states.
IMMIGRATION_AGENCY = r"(?i)(" + words(*_AGENCY_TERMS) + ")"

FEDERAL_AGENCY = (
    r"(?i)("
    + words(
        "fbi",
        "federal",
        "dea",
        "atf",
        "usms",
        "usss",
        "usps",
        "gsa",
        "afb",
        "ncis",
        r"u\.?s\.?\s+(?:marshals?|attorney|army|navy|air\s+force|coast\s+guard|postal|forest|park|fish|secret|"
        r"department|dept)",
        r"united\s+states",
        r"marshals?\s+service",
        r"secret\s+service",
        r"air\s+force",
        r"coast\s+guard",
        r"department\s+of\s+(?:defense|homeland\s+security)",
        r"postal\s+inspect\w*",
    )
    + "|"
    + B
    + r"u\.\s?s\.)"
)

_STATES = (
    "alabama|alaska|arizona|arkansas|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|"
    r"indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|"
    r"missouri|montana|nebraska|nevada|new\s+hampshire|new\s+jersey|new\s+mexico|new\s+york|north\s+carolina|"
    r"north\s+dakota|ohio|oklahoma|oregon|pennsylvania|rhode\s+island|south\s+carolina|south\s+dakota|"
    r"tennessee|texas|utah|vermont|virginia|washington|west\s+virginia|wisconsin|wyoming|district\s+of\s+columbia"
)
# Postal codes; CA is home, and LA (Los Angeles / Louisiana) is ambiguous, so neither is listed.
_CODES = (
    "AL|AK|AZ|AR|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|"
    "PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC"
)
# Codes that are safe before "PD"/"Sheriff" (not also Californian abbreviations such as SD, SC, or words).
_CODES_BEFORE_UNIT = "AZ|AR|CT|FL|GA|IL|IA|KS|KY|MD|MI|MN|MT|NE|NV|NH|NJ|NM|NY|NC|ND|RI|TN|TX|UT|VT|WA|WV|WI|WY|DC"
OUT_OF_STATE = (
    r"((?i:" + B + "(?:" + _STATES + ")" + B + r")"
    r"|(?:,\s*|\(\s*)(?:" + _CODES + r")\s*(?:\)|$)"
    r"|" + B + "(?:" + _CODES_BEFORE_UNIT + r")\s+(?i:pd|so|dps|police|sheriff|state\s+police)" + B + ")"
)
OUT_OF_STATE_BENIGN = r"(?i)" + words(r"nevada\s+(?:county|city)")
HOME_STATE = r"(?i)^\s*(?:ca|calif\.?|california)?\s*$"


def contains(series: pl.Series, pattern: str, benign: str | None = None) -> pl.Series:
    """Boolean mask of ``pattern`` matches (null -> False); with ``benign``, a match must survive its removal.

    The benign re-check runs only on the rows that matched, so it costs nothing on clean logs.
    """
    mask = series.str.contains(pattern).fill_null(False)
    if benign is None or not mask.any():
        return mask
    index = mask.arg_true()
    recheck = series.gather(index).str.replace_all(benign, " ").str.contains(pattern).fill_null(False)
    return mask.scatter(index, recheck)


def contains_where(mask: pl.Series, series: pl.Series, pattern: str, benign: str | None = None) -> pl.Series:
    """``contains`` evaluated on the rows of ``mask`` only (False elsewhere), for a rare precondition."""
    result = pl.repeat(False, len(series), eager=True)
    if not mask.any():
        return result
    index = mask.arg_true()
    return result.scatter(index, contains(series.gather(index), pattern, benign))


def extract_where(mask: pl.Series, series: pl.Series, pattern: str, benign: str | None = None) -> pl.Series:
    """``extract`` on the rows of ``mask`` only (null elsewhere): matched words cost nothing on clean rows."""
    result = pl.repeat(None, len(series), dtype=pl.Utf8, eager=True)
    if not mask.any():
        return result
    index = mask.arg_true()
    return result.scatter(index, extract(series.gather(index), pattern, benign))


def extract(series: pl.Series, pattern: str, benign: str | None = None) -> pl.Series:
    """The first match of ``pattern``'s group 1 (after removing ``benign`` phrases), as written in the log."""
    if benign is not None:
        series = series.str.replace_all(benign, " ")
    return series.str.extract(pattern, 1)


# Database query logs.
IMMIGRATION_FIELDS = (
    r"(?i)("
    + words(
        "country_of_birth",
        "birth_?country",
        "place_of_birth",
        "birth_?place",
        r"citizenship\w*",
        r"citizen_?status",
        "nationality",
        r"immigration\w*",
        r"alien_?(?:number|no|num|id|reg\w*)",
        "a_?number",
        "a_?num",
        r"uscis\w*",
        r"i_?94\w*",
        r"visa(?:_\w+)?",
        r"passport\w*",
        r"sevis\w*",
        r"(?:ice_)?detainer\w*",
        r"daca\w*",
        r"asylum\w*",
    )
    + ")"
)
BULK_STATEMENT = (
    r"(?i)^\s*(?:copy\s[\s\S]*\sto\s|\\copy\s[\s\S]*\sto\s|unload\s|export\s)|into\s+outfile|\bbcp\s[\s\S]*\sout\s"
)
# Account names are folded first ("ice_liaison" -> "ice liaison", "a@ice.dhs.gov" -> "a ice dhs gov").
ACCOUNT_SEPARATORS = r"[_.@\-/\\:]+"
FEDERAL_ACCOUNT = (
    r"(?i)(" + words("fbi", "dea", "atf", "usms", "usss", "usdoj", "federal", "usmarshals", "treasury", "mil") + ")"
)

# Mail-gateway logs.
_END = r"(?:[^a-zA-Z0-9.\-]|$)"
_LABELS = r"(?:[a-z0-9\-]+\.)*"


def _address(domains: str, *, local: bool = True) -> str:
    """An address at one of ``domains`` (group 1); without ``local`` only its '@domain', which is all
    the row-wide test needs (the full pattern is used to extract the address)."""
    return r"(?i)(" + (r"[a-z0-9._%+\-]*" if local else "") + "@" + _LABELS + "(?:" + domains + "))" + _END


_IMMIGRATION_DOMAINS = r"(?:dhs|ice|cbp|uscis)\.gov"
_FEDERAL_DOMAINS = (
    r"(?:dhs|ice|cbp|uscis|fbi|usdoj|justice|dea|atf|usmarshals|usss|secretservice|treasury|irs|state|"
    r"uscourts|defense)\.gov|[a-z0-9\-]+\.mil"
)
IMMIGRATION_DOMAIN = _address(_IMMIGRATION_DOMAINS)
IMMIGRATION_DOMAIN_TEST = _address(_IMMIGRATION_DOMAINS, local=False)
FEDERAL_DOMAIN = _address(_FEDERAL_DOMAINS)
FEDERAL_DOMAIN_TEST = _address(_FEDERAL_DOMAINS, local=False)
BULK_ATTACHMENT = (
    r"(?i)\.(?:csv|tsv|xlsx?|xlsm|json|jsonl|ndjson|parquet|sql|dump|bak|mdb|accdb|dbf|sqlite|db|zip|gz|tgz|7z|rar)" + B
)
BULK_NAME = r"(?i)(?:export|dump|extract|roster|bulk|database|backup|records|list|all[_\- ]|full[_\- ])"


class Distinct:
    """A low-cardinality column (organization names, states, dropdown values): match each value once.

    A batch of 100,000 searches typically names a few dozen organizations; matching those and mapping
    back with a hash lookup is much cheaper than running the patterns on every row. Columns that turn
    out not to repeat much are matched row by row as usual.
    """

    def __init__(self, series: pl.Series, fold: str | None = None) -> None:
        """``fold``: a pattern whose matches are replaced by a space before matching (e.g. separators)."""
        self.series = series
        self.fold = fold
        values = series.unique()
        self.values = values if len(values) * 4 <= len(series) else None

    def _folded(self, series: pl.Series) -> pl.Series:
        return series.fill_null("").str.replace_all(self.fold, " ") if self.fold else series

    def contains(self, pattern: str, benign: str | None = None) -> pl.Series:
        if self.values is None:
            return contains(self._folded(self.series), pattern, benign)
        hits = self.values.filter(contains(self._folded(self.values), pattern, benign))
        if hits.is_empty():
            return pl.repeat(False, len(self.series), eager=True)
        return self.series.is_in(hits.drop_nulls().implode()).fill_null(False)
