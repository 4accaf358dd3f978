"""Free-text detection: Sanctuary's Hyperscan detectors against Microsoft Presidio's AnalyzerEngine.

One run, one generated input. Presidio gets the same identifiers: every Sanctuary recognizer's
pattern is added to it as a PatternRecognizer (same regex, same kind, same score), inside an
AnalyzerEngine whose NLP engine is a blank spaCy English pipeline (no model can be downloaded here,
and a blank pipeline is the cheapest Presidio can run: tokenization only, no NER). Presidio is
timed on a prefix of the input, because it is about four orders of magnitude slower; the output
says how many lines each side read. Recall and precision of both are measured on the labeled
fixture set (tests/fixtures/guard/labeled.jsonl) with the same scoring function.

    .venv/bin/python bench/bench_guard_detect.py [--lines 700000] [--presidio-lines 3000] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sanctuary.dataguard import RECOGNIZERS, default_scanner, detect_array  # noqa: E402
from sanctuary.dataguard.evaluation import load_labeled, score  # noqa: E402

LABELED = ROOT / "tests" / "fixtures" / "guard" / "labeled.jsonl"
BATCH = 65_536

CLEAN = [
    "Caller reported a broken streetlight at {n} {street}; crew dispatched on {date}.",
    "Resident requested bulky item pickup for a sofa and two mattresses, ticket {ticket}.",
    "Officer {last} took a theft report at the station lobby; property valued at ${amount}.",
    "Parent {first} {last} called about the bus schedule change for the winter session.",
    "Tenant says the landlord has not fixed the heater since {date}; inspector assigned.",
    "Follow-up scheduled with {first} for next Tuesday at {time}; prefers a call at {phone}.",
    "Meeting notes: budget review, staffing plan and the new intake form (rev. {n}).",
    "Student {first} missed two days of class due to illness; note from the clinic on file.",
    "The police office on {street} is open from 8 to 5; ask Alice at the front desk.",
    "Invoice INV-{year}-{ticket} paid; receipt emailed to accounts payable on {date}.",
    "Library card {card} renewed; fee waived for seniors per policy 12(b), ZIP {zip}.",
    "An ice storm closed the {street} yard; salt trucks staged, overtime approved.",
    "Service request {ticket} for graffiti removal on {street} closed by the crew.",
    "{first} {last} asked for a copy of the collision report, case {ticket}, filed {date}.",
]
FIRST = ["Maria", "Jose", "Ana", "Luis", "Carmen", "Juan", "Rosa", "Miguel", "Elena", "Aiko", "Minh", "Farid"]
LAST = ["Garcia", "Lopez", "Martinez", "Perez", "Torres", "Rivera", "Nguyen", "Kim", "Haddad", "Petrova"]
STREETS = ["Main St", "Figueroa St", "Olive St", "Alice St", "Sunset Blvd", "Pico Blvd", "Vermont Ave"]


def generate(lines: int, share: float, seed: int) -> list[str]:
    """Realistic city text: mostly routine lines, ``share`` of them from the labeled positive lines."""
    rng = random.Random(seed)
    positives = [row["text"] for row in load_labeled(LABELED) if row["spans"]]
    out = []
    for _ in range(lines):
        if rng.random() < share:
            out.append(rng.choice(positives))
            continue
        out.append(
            rng.choice(CLEAN).format(
                n=rng.randrange(1, 9999),
                street=rng.choice(STREETS),
                date=f"{rng.randrange(1, 13):02d}/{rng.randrange(1, 29):02d}/2025",
                ticket=rng.randrange(10**5, 10**8),
                last=rng.choice(LAST),
                first=rng.choice(FIRST),
                amount=rng.randrange(20, 2000),
                time=f"{rng.randrange(8, 18)}:{rng.randrange(60):02d}",
                phone=f"213-555-{rng.randrange(10000):04d}",
                year=rng.choice([2024, 2025]),
                card=rng.randrange(10**13, 10**14),
                zip=rng.choice([90012, 90026, 90033]),
            )
        )
    return out


def sanctuary_spans(lines: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    found: list[list[tuple[int, int, str]]] = [[] for _ in lines]
    for d in detect_array(pa.array(list(lines), pa.string())):
        found[d.row].append((d.start, d.end, d.kind))
    return found


def time_sanctuary(arrays: list[pa.Array], repeat: int) -> dict[str, float]:
    default_scanner()
    detect_array(arrays[0])  # warm-up
    best_wall = best_cpu = float("inf")
    found = 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        found = sum(len(detect_array(a)) for a in arrays)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return {"wall_s": best_wall, "cpu_s": best_cpu, "detections": found}


def presidio_analyzer() -> Any:
    """An AnalyzerEngine on a blank spaCy pipeline, with Sanctuary's patterns as PatternRecognizers."""
    import regex
    import spacy
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class BlankSpacyNlpEngine(SpacyNlpEngine):  # type: ignore[misc]
        """Tokenization only: a blank English pipeline, nothing downloaded."""

        def load(self) -> None:
            self.nlp = {"en": spacy.blank("en")}

    groups: dict[tuple[str, bool], list[Any]] = {}
    for rec in RECOGNIZERS:
        groups.setdefault((rec.kind, rec.caseless), []).append(Pattern(rec.name, rec.pattern, rec.confidence))
    recognizers = [
        PatternRecognizer(
            supported_entity=kind.upper(),
            name=f"{kind}-{'caseless' if caseless else 'cased'}",
            patterns=patterns,
            global_regex_flags=regex.MULTILINE | (regex.IGNORECASE if caseless else 0),
        )
        for (kind, caseless), patterns in groups.items()
    ]
    registry = RecognizerRegistry(recognizers=recognizers, global_regex_flags=regex.MULTILINE)
    engine = BlankSpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank"}])
    engine.load()
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])


def presidio_spans(analyzer: Any, lines: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    return [
        [(r.start, r.end, r.entity_type.lower()) for r in analyzer.analyze(text=line, language="en")] for line in lines
    ]


def time_export(rows: int, seed: int) -> dict[str, Any]:
    """The outbound gate on a generated CSV: CSV in, Parquet out, identifiers scrubbed from the notes."""
    import tempfile

    from sanctuary.dataguard.gate import CategoryRuling, run_gate, sample
    from sanctuary.model import DataCategory, Outcome

    notes = generate(rows, 0.03, seed)
    allowed = {DataCategory.OTHER_PERSONAL: CategoryRuling(Outcome.COMPLY)}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "cases.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            import csv

            writer = csv.writer(handle)
            writer.writerow(["case_id", "opened", "notes", "amount"])
            for i, note in enumerate(notes):
                writer.writerow([i, f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}", note, i % 997])
        size = source.stat().st_size / 1e6
        pool = pa.default_memory_pool()
        wall, cpu = time.perf_counter(), time.process_time()
        result = run_gate(sample(source), allowed, Path(folder) / "out.parquet", manifest_header={})
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "rows": result.rows,
        "megabytes": round(size, 1),
        "mb_per_s_wall": round(size / wall, 1),
        "mb_per_s_cpu": round(size / cpu, 1),
        "arrow_peak_mb": round(pool.max_memory() / 1e6, 1),
        "scrubbed": result.scrubbed_total(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=700_000, help="generated lines for Sanctuary (default 700,000)")
    parser.add_argument("--presidio-lines", type=int, default=3_000, help="prefix of them timed for Presidio")
    parser.add_argument("--share", type=float, default=0.03, help="share of lines holding something to find")
    parser.add_argument("--repeat", type=int, default=3, help="rounds for Sanctuary; the fastest is kept")
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--no-presidio", action="store_true")
    parser.add_argument(
        "--predefined-lines", type=int, default=500, help="lines for Presidio with its predefined recognizers too"
    )
    parser.add_argument("--export-rows", type=int, default=1_000_000, help="rows of the gate's CSV (0: skip)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    # The gate first: Arrow's peak-memory counter is per process, and the detection input below is held whole.
    export = time_export(args.export_rows, args.seed) if args.export_rows else None
    lines = generate(args.lines, args.share, args.seed)
    arrays = [pa.array(lines[i : i + BATCH], pa.string()) for i in range(0, len(lines), BATCH)]
    megabytes = sum(len(line.encode("utf-8")) for line in lines) / 1e6
    ours = time_sanctuary(arrays, args.repeat)
    rows = load_labeled(LABELED)
    ours_scores = score(rows, sanctuary_spans)
    figures: dict[str, Any] = {
        "input": {"lines": len(lines), "megabytes": round(megabytes, 2), "share_with_findings": args.share},
        "sanctuary": {
            "lines": len(lines),
            "mb_per_s_wall": round(megabytes / ours["wall_s"], 1),
            "mb_per_s_cpu": round(megabytes / ours["cpu_s"], 1),
            "lines_per_s_cpu": round(len(lines) / ours["cpu_s"]),
            "detections": ours["detections"],
            "fixture": ours_scores.as_json(),
        },
    }
    if not args.no_presidio:
        analyzer = presidio_analyzer()
        sample = lines[: args.presidio_lines]
        sample_mb = sum(len(line.encode("utf-8")) for line in sample) / 1e6
        presidio_spans(analyzer, sample[:50])  # warm-up
        wall, cpu = time.perf_counter(), time.process_time()
        found = sum(len(spans) for spans in presidio_spans(analyzer, sample))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        theirs = score(rows, lambda texts: presidio_spans(analyzer, texts))
        figures["presidio"] = {
            "lines": len(sample),
            "mb_per_s_wall": round(sample_mb / wall, 4),
            "mb_per_s_cpu": round(sample_mb / cpu, 4),
            "lines_per_s_cpu": round(len(sample) / cpu),
            "detections": found,
            "fixture": theirs.as_json(),
        }
        figures["speedup_cpu"] = round(figures["sanctuary"]["mb_per_s_cpu"] / figures["presidio"]["mb_per_s_cpu"])
        if args.predefined_lines:
            # The same engine with Presidio's own predefined recognizers loaded as well (its default set).
            analyzer.registry.load_predefined_recognizers(languages=["en"], nlp_engine=analyzer.nlp_engine)
            small = lines[: args.predefined_lines]
            small_mb = sum(len(line.encode("utf-8")) for line in small) / 1e6
            cpu = time.process_time()
            presidio_spans(analyzer, small)
            cpu = time.process_time() - cpu
            figures["presidio_with_predefined"] = {
                "lines": len(small),
                "recognizers": len(analyzer.registry.recognizers),
                "mb_per_s_cpu": round(small_mb / cpu, 4),
                "lines_per_s_cpu": round(len(small) / cpu),
            }
    if export is not None:
        figures["export"] = export
    if args.json:
        sys.stdout.write(json.dumps(figures, indent=2) + "\n")
        return
    print(f"input: {len(lines):,} lines, {megabytes:.1f} MB, {args.share:.0%} with something to find")
    print(f"{'engine':<10} {'lines':>9} {'MB/s cpu':>10} {'MB/s wall':>10} {'lines/s':>11} {'recall':>7} {'prec.':>7}")
    for name in ("sanctuary", "presidio"):
        if name not in figures:
            continue
        f = figures[name]
        overall = f["fixture"]["overall"]
        print(
            f"{name:<10} {f['lines']:>9,} {f['mb_per_s_cpu']:>10} {f['mb_per_s_wall']:>10} "
            f"{f['lines_per_s_cpu']:>11,} {overall['recall']:>7.3f} {overall['precision']:>7.3f}"
        )
    if "speedup_cpu" in figures:
        print(f"Sanctuary is {figures['speedup_cpu']:,}x Presidio per CPU second on this input.")
    if "presidio_with_predefined" in figures:
        p = figures["presidio_with_predefined"]
        print(
            f"Presidio with its predefined recognizers too ({p['recognizers']} recognizers, {p['lines']:,} lines): "
            f"{p['mb_per_s_cpu']} MB/s cpu, {p['lines_per_s_cpu']:,} lines/s"
        )
    print("fixture set, per kind (sanctuary recall / precision; presidio recall / precision):")
    for kind, per in figures["sanctuary"]["fixture"]["per_kind"].items():
        other = figures.get("presidio", {}).get("fixture", {}).get("per_kind", {}).get(kind)
        theirs_text = f"{other['recall']:.3f} / {other['precision']:.3f}" if other else "-"
        print(f"  {kind:<24} {per['recall']:.3f} / {per['precision']:.3f}    {theirs_text}")
    clean = figures["sanctuary"]["fixture"]
    print(f"clean lines hit: sanctuary {clean['clean_lines_hit']} of {clean['clean_lines']}", end="")
    if "presidio" in figures:
        print(f", presidio {figures['presidio']['fixture']['clean_lines_hit']}")
    else:
        print()
    if "export" in figures:
        e = figures["export"]
        print(
            f"export (CSV -> Parquet, {e['rows']:,} rows, {e['megabytes']} MB): {e['mb_per_s_cpu']} MB/s cpu, "
            f"{e['mb_per_s_wall']} MB/s wall, Arrow peak {e['arrow_peak_mb']} MB, scrubbed {e['scrubbed']}"
        )


if __name__ == "__main__":
    main()
