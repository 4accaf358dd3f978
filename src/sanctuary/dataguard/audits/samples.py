"""Realistic fictitious access logs with labelled violations, for demos, tests and benchmarks.

Deterministic for a given (kind, rows, seed, variant). Every name, plate, address and case number is
invented. Violations are planted at known lines, each meant to trigger exactly one rule, so a test
can demand that the audit finds every planted (line, rule) and nothing else. Clean rows carry the
traps a careless matcher falls into: "police", "office", "device", "Alice", "notice", "ice cream",
"vehicle removal", "Nevada County", vague reasons that do carry a case number.

The file's name picks its format: ``.csv``, ``.jsonl``, ``.parquet`` or ``.xlsx`` (any other name: CSV,
or JSON Lines for the ``jsonl`` variants). Variants (the header shapes seen in real exports):

- alpr ``network``: Flock Network Audit, 14 columns with ``Total Devices Searched``, names redacted.
- alpr ``organization``: Flock Organization Audit, the 13 columns of a 2025 export.
  (ALPR rows with a ``Search Type`` column are hotlist ``Lookup`` rows one time in twenty.)
- alpr ``offense``: a 2026 export with the ``Offense Type`` dropdown and a mostly blank reason.
- alpr ``renamed``: renamed, re-cased and reordered headers, an extra column, optional ones missing,
  an ``Org State`` column.
- db ``generic`` (CSV), ``sqlserver`` (CSV, SQL Server audit names), ``jsonl``.
- email ``gateway`` (CSV), ``jsonl``.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctuary.dataguard.audits._rules import check_kind
from sanctuary.files import atomic_path
from sanctuary.model import InputError

VARIANTS: dict[str, tuple[str, ...]] = {
    "alpr": ("network", "organization", "offense", "renamed"),
    "db": ("generic", "sqlserver", "jsonl"),
    "email": ("gateway", "jsonl"),
}
DEFAULT_SEED = 20250527
DEFAULT_RATE = 0.02


@dataclass(frozen=True, slots=True)
class Planted:
    """A violation written on purpose: the 1-based line of its row and the rule that must find it."""

    line: int
    rule: str


@dataclass(slots=True)
class SampleLog:
    """What was written: the file, its shape, and the planted violations in line order."""

    path: Path
    kind: str
    variant: str
    format: str
    rows: int
    planted: list[Planted] = field(default_factory=list)

    def labels(self) -> set[tuple[int, str]]:
        return {(p.line, p.rule) for p in self.planted}


# ---------------------------------------------------------------------------------------------------
# Shared pools

_INITIALS = "ABCDEFGHJKLMNPRSTVW"
_SURNAMES = (
    "Alvarez", "Nguyen", "Okafor", "Rossi", "Kim", "Haddad", "Moreno", "Singh", "Baker", "Castillo",
    "Ito", "Petrov", "Mendoza", "Walsh", "Reyes", "Chen", "Dubois", "Fofana", "Lindqvist", "Tran",
)  # fmt: skip

_CA_AGENCIES = (
    "Los Angeles Police Department", "LA County Sheriff's Department", "Santa Ana PD", "San Diego PD",
    "Riverside County Sheriff", "Orange County Sheriff's Department", "California Highway Patrol",
    "Nevada County Sheriff's Office", "Office of the Sheriff, Alameda County", "Beverly Hills Police Services",
    "UC Police Department", "LAUSD School Police", "El Cajon PD", "Placer County Sheriff", "Ventura County SO",
    "Santa Clara County Sheriff's Office", "Humboldt County SO", "Long Beach Police Department",
    "California Department of Justice", "Glendale Police Department",
)  # fmt: skip

_CLEAN_REASONS = (
    "Stolen vehicle", "Robbery suspect vehicle", "Missing person - Alice M.", "Hit and run", "Homicide",
    "Burglary at office, device taken", "Carjacking", "Amber Alert", "Silver Alert", "ADW suspect",
    "Grand theft auto", "Police notice of stolen plate", "Catalytic converter theft", "Shots fired",
    "Kidnapping", "Arson", "Reckless driving, black ice collision", "Ice cream truck robbery",
    "Vehicle removal follow-up (tow)", "Service station robbery", "Justice center vandalism",
    "Heroin sales suspect", "Hero Ave shooting", "Fraud - device theft", "investigation", "Practice range theft",
    "Stolen plates", "Armed robbery", "Evading", "Assault, Nero St",
)  # fmt: skip
_STREETS = ("Main St", "Alvarado St", "Figueroa St", "Vermont Ave", "Office Park Dr", "Justice Way", "Rice Rd")
_CLEAN_PROMPTS = ("red pickup with ladder rack", "white sedan, roof rack", "black SUV with police-style push bar")

_IMMIGRATION_REASONS = (
    "ICE", "ICE+ERO", "ICE WARRANT", "immigration", "illegal immigration", "immigration violation",
    "HSI request", "assist CBP", "deportation case", "287(g)", "per DHS", "ICE case", "Border Patrol assist",
    "ERO target", "USBP", "removal order", "ice",
)  # fmt: skip
_IMMIGRATION_PROMPTS = ("ICE van white", "vehicle wanted by HSI", "immigration target silver truck")
_DROPDOWN = ("Immigration (civil/administrative)", "immigration (Civil/Administrative)")
_IMMIGRATION_ORGS = (
    "ICE ERO Los Angeles", "HSI San Diego", "U.S. Customs and Border Protection", "DHS HSI Task Force",
    "US Border Patrol - El Centro Sector",
)  # fmt: skip
_FEDERAL_ORGS = (
    "FBI Los Angeles Field Office", "ATF Louisville Field Division", "Langley AFB Security Forces", "GSA OIG",
    "US Marshals Service", "DEA San Diego",
)  # fmt: skip
_OUT_OF_STATE_ORGS = (
    "Dallas TX PD", "Danville PD (IL)", "Texas DPS", "Johnson County Sheriff, TX",
    "Maricopa County Sheriff's Office (AZ)", "Kentucky State Police", "Cobb County PD, GA",
)  # fmt: skip
_VAGUE = ("investigation", "inv", "check", "case", "Daytime search for best result", "INV.", "follow up")
_OFFENSES = ("Motor Vehicle Theft", "Robbery", "Burglary/Breaking & Entering", "Kidnapping/Abduction", "Homicide")
_MANY_NETWORKS = (845, 1203, 6674, 6809)


def _case(rng: random.Random) -> str:
    return f"{rng.randint(23, 26)}-{rng.randint(0, 999999):06d}"


def _clean_reason(rng: random.Random) -> str:
    """A lawful reason, often with the detail officers add (a block, a report number), as real logs vary."""
    reason = rng.choice(_CLEAN_REASONS)
    draw = rng.random()
    if draw < 0.25:
        return f"{reason} - {rng.randint(1, 99)}00 blk {rng.choice(_STREETS)}"
    if draw < 0.45:
        return f"{reason} rpt {_case(rng)}"
    return reason


def _timestamp(rng: random.Random) -> str:
    month, day, hour, minute = rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)
    return f"2025-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00Z"


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_INITIALS)}. {rng.choice(_SURNAMES)}"


def _time_frame(rng: random.Random) -> tuple[str, str]:
    day = rng.randint(1, 28)
    month = rng.randint(1, 12)
    hour = rng.randint(0, 22)
    minute = rng.randint(0, 59)
    search = f"2025-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{rng.randint(0, 59):02d}"
    frame = f"{month:02d}/{day:02d}/2025 {hour:02d}:00 -\n{month:02d}/{day:02d}/2025 {hour + 1:02d}:00"
    return search, frame


def _plate(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
    return f"{rng.randint(1, 9)}{letters}{rng.randint(0, 999):03d}"


# ---------------------------------------------------------------------------------------------------
# ALPR


# Which header holds which field, per variant, in the order the columns are written.
_ALPR_FIELDS = {
    "network": {
        "id": "ID", "user": "Name", "agency": "Org Name", "networks": "Total Networks Searched",
        "devices": "Total Devices Searched", "frame": "Time Frame", "plate": "License Plate", "reason": "Reason",
        "case": "Case #", "filters": "Filters", "time": "Search Time", "type": "Search Type", "prompt": "Text Prompt",
        "moderation": "Moderation",
    },
    "organization": {
        "id": "ID", "user": "Name", "agency": "Org Name", "networks": "Total Networks Searched",
        "frame": "Time Frame", "plate": "License Plate", "reason": "Reason", "case": "Case #", "filters": "Filters",
        "time": "Search Time", "type": "Search Type", "prompt": "Text Prompt", "moderation": "Moderation",
    },
    "offense": {
        "id": "ID", "user": "Name", "agency": "Org Name", "networks": "Total Networks Searched",
        "frame": "Time Frame", "plate": "License Plate", "offense": "Offense Type", "reason": "Reason",
        "case": "Case #", "time": "Search Time", "type": "Search Type",
    },
    "renamed": {
        "time": "search_time", "user": "user name", "agency": "AGENCY", "state": "org state",
        "reason": "search reason", "case": "case number", "networks": "NETWORKS SEARCHED", "plate": "plate",
        "notes": "Notes",
    },
}  # fmt: skip

_ALPR_RULES = (
    "alpr.reason.immigration",
    "alpr.reason.immigration_dropdown",
    "alpr.requester.immigration_agency",
    "alpr.requester.federal",
    "alpr.requester.out_of_state",
    "alpr.reason.missing",
    "alpr.reason.vague",
    "alpr.search.many_networks",
    "alpr.reason.redacted",
)


def _alpr_row(rng: random.Random, variant: str, index: int, rule: str | None) -> dict[str, Any]:
    search, frame = _time_frame(rng)
    networks = rng.randint(1, 120)
    row: dict[str, Any] = {
        "id": str(100000 + index),
        "user": "***" if variant == "network" and rng.random() < 0.3 else _name(rng),
        "agency": rng.choice(_CA_AGENCIES),
        "state": "CA",
        "networks": f"{networks:,}",
        "devices": f"{networks * rng.randint(8, 15):,}",
        "frame": frame,
        "plate": "***" if variant == "network" else _plate(rng),
        "reason": _clean_reason(rng),
        "case": _case(rng),
        "filters": "",
        "time": search,
        "type": "Plate",
        "prompt": "",
        "moderation": "",
        "offense": "",
        "notes": "",
    }
    if "type" in _ALPR_FIELDS[variant] and rng.random() < 0.05:
        row["type"] = "Lookup"  # a hotlist alert, counted apart from manual searches
    if variant == "offense":
        row["offense"] = rng.choice(_OFFENSES)
        if rng.random() < 0.6:
            row["reason"], row["case"] = "", ""
    if "prompt" in _ALPR_FIELDS[variant] and rng.random() < 0.1:
        row["type"], row["prompt"] = "Text", rng.choice(_CLEAN_PROMPTS)
        row["moderation"] = "Approved"
    if variant == "renamed" and rng.random() < 0.05:
        row["notes"] = "Reviewed by supervisor;\nno issue"
    if rule == "alpr.reason.immigration":
        if "prompt" in _ALPR_FIELDS[variant] and rng.random() < 0.25:
            row["type"], row["prompt"] = "Text", rng.choice(_IMMIGRATION_PROMPTS)
            row["reason"], row["case"] = rng.choice(_CLEAN_REASONS), _case(rng)
        else:
            row["reason"] = rng.choice(_IMMIGRATION_REASONS)
            row["case"] = _case(rng) if rng.random() < 0.5 else ""
    elif rule == "alpr.reason.immigration_dropdown":
        if variant == "offense":
            row["offense"], row["reason"], row["case"] = rng.choice(_DROPDOWN), "", ""
        else:
            row["reason"], row["case"] = rng.choice(_DROPDOWN), ""
    elif rule == "alpr.requester.immigration_agency":
        row["agency"] = rng.choice(_IMMIGRATION_ORGS)
        row["reason"], row["case"] = rng.choice(_CLEAN_REASONS), _case(rng)
    elif rule == "alpr.requester.federal":
        row["agency"] = rng.choice(_FEDERAL_ORGS)
        row["reason"], row["case"] = rng.choice(_CLEAN_REASONS), _case(rng)
    elif rule == "alpr.requester.out_of_state":
        row["agency"] = rng.choice(_OUT_OF_STATE_ORGS)
        row["reason"], row["case"] = rng.choice(_CLEAN_REASONS), _case(rng)
    elif rule == "alpr.reason.missing":
        row["reason"], row["case"] = "", ""
        row["offense"] = "Other" if variant == "offense" else ""
    elif rule == "alpr.reason.vague":
        row["reason"], row["case"] = rng.choice(_VAGUE), ""
        row["offense"] = "Other" if variant == "offense" else ""
    elif rule == "alpr.reason.redacted":
        row["reason"] = "***"
    elif rule == "alpr.search.many_networks":
        many = rng.choice(_MANY_NETWORKS)
        row["networks"], row["devices"] = f"{many:,}", f"{many * 12:,}"
    return row


# ---------------------------------------------------------------------------------------------------
# Database query logs

_DB_FIELDS = {
    "generic": {"time": "timestamp", "user": "user", "client": "client", "database": "database",
                "statement": "statement", "rows": "rows_returned", "purpose": "purpose", "recipient": "recipient"},
    "sqlserver": {"time": "event_time", "user": "server_principal_name", "client": "client_ip",
                  "database": "database_name", "statement": "statement", "rows": "affected_rows",
                  "agency": "application_name"},
    "jsonl": {"time": "timestamp", "user": "user", "client": "client", "database": "database",
              "statement": "query", "rows": "rows_returned", "purpose": "purpose", "recipient": "recipient"},
}  # fmt: skip
_DB_USERS = ("jdoe", "m.garcia@lacity.org", "svc_reporting", "k.tran", "ops_police_records", "office_admin")
_DB_CLEAN_STATEMENTS = (
    "SELECT case_id, status FROM permits WHERE id = {n}",
    "SELECT p.owner_name,\n       p.situs_address\nFROM parcels p\nWHERE p.apn = '{n}'",
    "SELECT birth_date, hire_date FROM employees WHERE employee_id = {n}",
    "SELECT invoice_number, data_number FROM billing WHERE account = {n}",
    "UPDATE service_requests SET status = 'closed' WHERE id = {n}",
    "SELECT visibility, notice_date FROM code_cases WHERE id = {n}",
    "SELECT policy_id, device_serial FROM police_equipment WHERE unit = {n}",
)
_DB_PURPOSES = ("permit review", "311 follow-up", "payroll", "police report follow-up", "office move", "")
_DB_FIELD_STATEMENTS = (
    "SELECT first_name, last_name, country_of_birth FROM clients WHERE id = {n}",
    "SELECT c.citizenship_status\nFROM case_parties c\nWHERE c.case_id = {n}",
    "SELECT a_number, immigration_status FROM jail_bookings WHERE booking_id = {n}",
    "SELECT passport_number FROM applicants WHERE id = {n}",
)
_DB_IMMIGRATION_PURPOSES = ("ICE ERO request", "HSI inquiry", "immigration enforcement assist", "deportation follow-up")
_DB_IMMIGRATION_USERS = ("r.agent@ice.dhs.gov", "hsi_liaison", "cbp.analyst")
_DB_FEDERAL_USERS = ("analyst@fbi.gov", "svc_usms_feed", "dea_taskforce")


def _db_row(rng: random.Random, variant: str, index: int, rule: str | None) -> dict[str, Any]:
    n = rng.randint(1000, 99999)
    row: dict[str, Any] = {
        "time": _timestamp(rng),
        "user": rng.choice(_DB_USERS),
        "client": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        "database": rng.choice(("permits", "hr", "records", "billing")),
        "statement": rng.choice(_DB_CLEAN_STATEMENTS).format(n=n),
        "rows": rng.randint(0, 40) if rng.random() < 0.97 else rng.randint(5000, 90000),
        "purpose": rng.choice(_DB_PURPOSES),
        "recipient": "",
        "agency": rng.choice(("PermitsApp", "SSMS", "ReportServer")),
    }
    if rng.random() < 0.02:
        row["user"], row["rows"] = rng.choice(_DB_FEDERAL_USERS), rng.randint(0, 5)
    if rule == "db.query.immigration_fields":
        row["statement"] = rng.choice(_DB_FIELD_STATEMENTS).format(n=n)
        row["rows"] = rng.randint(0, 5)
    elif rule == "db.purpose.immigration":
        row["purpose"] = rng.choice(_DB_IMMIGRATION_PURPOSES)
        row["rows"] = rng.randint(0, 5)
    elif rule == "db.account.immigration_agency":
        row["user"], row["rows"] = rng.choice(_DB_IMMIGRATION_USERS), rng.randint(0, 5)
    elif rule == "db.export.bulk_federal":
        row["user"] = rng.choice(_DB_FEDERAL_USERS)
        if rng.random() < 0.5:
            row["rows"] = rng.randint(20000, 400000)
        else:
            row["statement"], row["rows"] = "COPY arrests TO '/exports/arrests.csv' CSV HEADER", None
    return row


def _db_rules(variant: str) -> tuple[str, ...]:
    if variant == "sqlserver":
        return ("db.query.immigration_fields", "db.account.immigration_agency", "db.export.bulk_federal")
    return ("db.query.immigration_fields", "db.purpose.immigration", "db.account.immigration_agency",
            "db.export.bulk_federal")  # fmt: skip


# ---------------------------------------------------------------------------------------------------
# Mail-gateway logs

_EMAIL_FIELDS = {
    "gateway": {"time": "Time", "sender": "From", "to": "To", "cc": "Cc", "subject": "Subject",
                "attachments": "Attachments", "size": "Size"},
    "jsonl": {"time": "timestamp", "sender": "from", "to": "to", "cc": "cc", "subject": "subject",
              "attachments": "attachments", "size": "size"},
}  # fmt: skip
_CITY = ("a.kim@lacity.org", "r.moreno@lacity.org", "records@lapd.lacity.org", "j.ito@lacounty.gov")
_OUTSIDE_OK = ("liaison@doj.ca.gov", "clerk@police.gov", "agent@fbi.gov", "notices@justice.ca.gov")
_CLEAN_SUBJECTS = (
    "Police notice: office device policy", "Ice cream social Friday", "Tow and vehicle removal schedule",
    "Budget review Q3", "Re: permit 2231", "Alice's retirement party", "Council agenda",
)  # fmt: skip
_CLEAN_FILES = ("agenda.pdf", "minutes.docx", "photo.jpg", "")
_IMMIGRATION_RECIPIENTS = ("officer.r@ice.dhs.gov", "duty@cbp.dhs.gov", "records@uscis.dhs.gov", "ops@dhs.gov")
_IMMIGRATION_SUBJECTS = ("ICE detainer request - booking 2231", "Re: HSI inquiry", "Immigration enforcement near park")
_BULK_FILES = ("arrests_export_2025.csv", "booking_roster.xlsx", "records_dump.zip")


def _email_row(rng: random.Random, variant: str, index: int, rule: str | None) -> dict[str, Any]:
    to = [rng.choice(_CITY)] if rng.random() < 0.8 else [rng.choice(_OUTSIDE_OK)]
    attachment = rng.choice(_CLEAN_FILES)
    row: dict[str, Any] = {
        "time": _timestamp(rng),
        "sender": rng.choice(_CITY),
        "to": to,
        "cc": [rng.choice(_CITY)] if rng.random() < 0.3 else [],
        "subject": rng.choice(_CLEAN_SUBJECTS),
        "attachments": [attachment] if attachment else [],
        "size": rng.randint(2000, 900000),
    }
    if rng.random() < 0.01 and to[0] == "liaison@doj.ca.gov":
        row["attachments"], row["size"] = ["arrests_export_2025.csv"], 5_000_000
    if rule == "email.recipient.immigration_agency":
        row["subject"], row["attachments"] = rng.choice(_CLEAN_SUBJECTS), ["agenda.pdf"]
        if rng.random() < 0.5:
            row["to"] = [rng.choice(_IMMIGRATION_RECIPIENTS)]
        else:
            row["cc"] = [rng.choice(_CITY), rng.choice(_IMMIGRATION_RECIPIENTS)]
    elif rule == "email.attachment.bulk_federal":
        row["to"], row["cc"] = ["analyst@fbi.gov"], []
        row["attachments"], row["size"] = [rng.choice(_BULK_FILES)], rng.randint(1_200_000, 9_000_000)
    elif rule == "email.subject.immigration":
        row["to"], row["cc"] = [rng.choice(_CITY)], []
        row["subject"] = rng.choice(_IMMIGRATION_SUBJECTS)
    return row


_EMAIL_RULES = ("email.recipient.immigration_agency", "email.attachment.bulk_federal", "email.subject.immigration")

# ---------------------------------------------------------------------------------------------------
# Writing

_Maker = Callable[[random.Random, str, int, "str | None"], dict[str, Any]]


def _spec(kind: str, variant: str) -> tuple[dict[str, str], _Maker, tuple[str, ...]]:
    if kind == "alpr":
        return _ALPR_FIELDS[variant], _alpr_row, _ALPR_RULES
    if kind == "db":
        return _DB_FIELDS[variant], _db_row, _db_rules(variant)
    return _EMAIL_FIELDS[variant], _email_row, _EMAIL_RULES


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def write_sample_log(
    path: Path | str,
    kind: str,
    rows: int,
    *,
    seed: int = DEFAULT_SEED,
    variant: str | None = None,
    rate: float = DEFAULT_RATE,
) -> SampleLog:
    """Write ``rows`` fictitious log rows to ``path`` (atomically); return the planted violations.

    ``rate`` is the share of rows that carry one planted violation, spread evenly over the kind's rules.
    """
    check_kind(kind)
    variant = variant or VARIANTS[kind][0]
    if variant not in VARIANTS[kind]:
        raise InputError(
            "--variant {variant!r} is not a {kind} variant; use one of: {allowed}.",
            variant=variant,
            kind=kind,
            allowed=", ".join(VARIANTS[kind]),
        )
    if rows < 1:
        raise InputError("--rows {rows} must be at least 1.", rows=rows)
    if not 0.0 <= rate <= 1.0:
        raise InputError("--rate {rate} must be between 0 and 1.", rate=rate)
    fields, make, rules = _spec(kind, variant)
    rng = random.Random(f"{kind}/{variant}/{seed}")  # noqa: S311 - fictitious data, not secrets
    fmt = sample_format(Path(path), variant)
    log = SampleLog(Path(path), kind, variant, fmt, rows)
    with atomic_path(Path(path)) as tmp:
        sink = _Sink(tmp, fmt, list(fields.values()))
        try:
            line = sink.first_line
            for index in range(rows):
                rule = rules[rng.randrange(len(rules))] if rng.random() < rate else None
                row = make(rng, variant, index, rule)
                if rule is not None:
                    log.planted.append(Planted(line, rule))
                if fmt == "jsonl":
                    line += sink.write_record({header: row[name] for name, header in fields.items()})
                else:
                    line += sink.write_cells([_cell(row[name]) for name in fields])
        finally:
            sink.close()
    return log


SAMPLE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".xlsx": "xlsx"}


def sample_format(path: Path, variant: str) -> str:
    """The format the file name says (.csv, .jsonl, .parquet, .xlsx); otherwise the variant's own."""
    return SAMPLE_FORMATS.get(path.suffix.lower(), "jsonl" if variant == "jsonl" else "csv")


class _Sink:
    """Writes rows in one format; each write returns how many lines (rows, for Parquet) the row took,
    as the audit counts them: CSV lines include those inside quoted cells, a worksheet row is one."""

    def __init__(self, path: Path, fmt: str, headers: list[str]) -> None:
        self.fmt = fmt
        self.headers = headers
        self.first_line = 1 if fmt in {"jsonl", "parquet"} else 2
        self._handle: Any = None
        self._pending: list[list[str]] = []
        if fmt in {"csv", "jsonl"}:
            self._handle = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by close()
            self._csv = csv.writer(self._handle, lineterminator="\n")
            if fmt == "csv":
                self._csv.writerow(headers)
        elif fmt == "xlsx":
            from openpyxl import Workbook

            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet("Audit")
            self._sheet.append(headers)
            self._path = path
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            self._schema = pa.schema([(h, pa.string()) for h in headers])
            self._handle = pq.ParquetWriter(path, self._schema)

    def write_record(self, record: dict[str, Any]) -> int:
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return 1

    def write_cells(self, cells: list[str]) -> int:
        if self.fmt == "csv":
            self._csv.writerow(cells)
            return 1 + sum(cell.count("\n") for cell in cells)
        if self.fmt == "xlsx":
            self._sheet.append(cells)
            return 1
        self._pending.append(cells)
        if len(self._pending) >= 50_000:
            self._flush()
        return 1

    def _flush(self) -> None:
        import pyarrow as pa

        columns = list(zip(*self._pending, strict=True)) if self._pending else [() for _ in self.headers]
        arrays = [pa.array(list(column), pa.string()) for column in columns]
        self._handle.write_table(pa.Table.from_arrays(arrays, schema=self._schema))
        self._pending = []

    def close(self) -> None:
        if self.fmt == "xlsx":
            self._book.save(self._path)
            return
        if self.fmt == "parquet" and self._pending:
            self._flush()
        self._handle.close()
