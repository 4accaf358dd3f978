"""The `sanctuary` command: decisions on stdout, bad input as one message on stderr with exit code 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PACKS_PATH_ENV, PackMaker, law_file, rule
from typer.testing import CliRunner, Result

import sanctuary.policy._loader as loader
from sanctuary.cli import app
from sanctuary.policy import load_stack

DAY = "2025-06-01"
DETAINER = {"action": "hold", "requester": {"kind": "federal_immigration"}, "instrument": {"type": "detainer"}}
DETAINER_YAML = "action: hold\nrequester:\n  kind: federal_immigration\ninstrument:\n  type: detainer\n"


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_clean_error(result: Result, *words: str) -> str:
    """Exit 2, nothing on stdout, one `error:` message on stderr naming ``words``, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stdout == ""
    message = flat(result.stderr)
    assert message.startswith("error: "), message
    assert message.count("error:") == 1
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    return message


@pytest.fixture
def request_file(tmp_path: Path) -> Path:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(DETAINER), encoding="utf-8")
    return path


# --- decide ---------------------------------------------------------------------------------


def test_decide_file_json(request_file: Path) -> None:
    result = run("decide", str(request_file), "--pack", "us", "--on", DAY, "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    decision = json.loads(result.stdout)
    assert decision["outcome"] == "refer"
    assert decision["on"] == DAY
    assert [p["id"] for p in decision["packs"]] == ["us"]
    assert "us-287.7-detainer-is-request" in {r["rule"] for r in decision["reasons"]}


EXAMPLES = sorted((Path(__file__).parent.parent / "examples" / "requests").iterdir())
#: What the README promises for each bundled example, decided under today's law.
EXAMPLE_OUTCOMES = {
    "city-hall-ice-administrative-warrant.yaml": "decline",
    "jail-detainer-hold.yaml": "decline",
    "jail-immigration-judge-order.yaml": "refer",
    "records-address-and-status.json": "refer",
    "school-judicial-warrant.yaml": "refer",
}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_every_bundled_example_decides_as_documented(example: Path) -> None:
    result = run("decide", str(example), "--on", "2026-06-01", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outcome"] == EXAMPLE_OUTCOMES[example.name]


def test_decide_reads_stdin() -> None:
    from_stdin = run("decide", "-", "--pack", "us", "--on", DAY, "--json", input=json.dumps(DETAINER))
    assert from_stdin.exit_code == 0, from_stdin.output
    default_arg = run("decide", "--pack", "us", "--on", DAY, "--json", input=json.dumps(DETAINER))
    assert default_arg.exit_code == 0, default_arg.output
    assert json.loads(from_stdin.stdout) == json.loads(default_arg.stdout)
    assert json.loads(from_stdin.stdout)["outcome"] == "refer"


def test_decide_yaml_equals_json(tmp_path: Path, request_file: Path) -> None:
    yaml_file = tmp_path / "request.yaml"
    yaml_file.write_text(DETAINER_YAML, encoding="utf-8")
    from_yaml = run("decide", str(yaml_file), "--pack", "us", "--on", DAY, "--json")
    from_json = run("decide", str(request_file), "--pack", "us", "--on", DAY, "--json")
    assert from_yaml.exit_code == 0, from_yaml.output
    assert json.loads(from_yaml.stdout) == json.loads(from_json.stdout)
    from_yaml_stdin = run("decide", "-", "--pack", "us", "--on", DAY, "--json", input=DETAINER_YAML)
    assert json.loads(from_yaml_stdin.stdout) == json.loads(from_json.stdout)


def test_decide_on_a_date(make_pack: PackMaker, request_file: Path) -> None:
    make_pack(
        "zz-cli-dated",
        {
            "old.yaml": law_file(
                rule("old-decline", "decline", {"action": "hold"}), effective={"from": "2000-01-01", "to": "2020-12-31"}
            ),
            "new.yaml": law_file(rule("new-comply", "comply", {"action": "hold"}), effective={"from": "2021-01-01"}),
        },
    )
    before = run("decide", str(request_file), "--pack", "zz-cli-dated", "--on", "2020-12-31", "--json")
    after = run("decide", str(request_file), "--pack", "zz-cli-dated", "--on", "2021-01-01", "--json")
    assert json.loads(before.stdout)["outcome"] == "decline"
    assert json.loads(after.stdout)["outcome"] == "comply"
    assert json.loads(after.stdout)["on"] == "2021-01-01"


def test_decide_pack_option_overrides_the_request(make_pack: PackMaker, tmp_path: Path) -> None:
    make_pack("zz-cli", {"a.yaml": law_file(rule("zz-stand-aside", "stand_aside", {"action": "hold"}))})
    path = tmp_path / "r.json"
    path.write_text(json.dumps({**DETAINER, "pack": "us"}), encoding="utf-8")
    by_request = json.loads(run("decide", str(path), "--on", DAY, "--json").stdout)
    by_option = json.loads(run("decide", str(path), "--pack", "zz-cli", "--on", DAY, "--json").stdout)
    assert [p["id"] for p in by_request["packs"]] == ["us"]
    assert [p["id"] for p in by_option["packs"]] == ["zz-cli"]
    assert by_option["outcome"] == "stand_aside"
    assert [r["rule"] for r in by_option["reasons"]] == ["zz-stand-aside"]


def test_decide_human_output(request_file: Path) -> None:
    result = run("decide", str(request_file), "--pack", "us", "--on", DAY)
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "Ask first" in text
    assert "8 C.F.R. § 287.7" in text
    assert "Not legal advice" in text
    assert "Diga:" in text


# --- bad input ------------------------------------------------------------------------------

BAD_FILES: dict[str, tuple[str, list[str]]] = {
    "malformed JSON": ('{"action": "hold", "setting": ', ["neither valid JSON nor valid YAML"]),
    "malformed YAML": ("action: hold\n  setting: [jail\n", ["neither valid JSON nor valid YAML"]),
    "empty file": ("", ["empty"]),
    "blank file": ("  \n\n", ["empty"]),
    "not an object": ("[1, 2]", ["must be a JSON or YAML object"]),
    "unknown field": ('{"action": "hold", "colour": "red"}', ["'colour'", "not part of the request", "setting"]),
    "unknown nested field": ('{"action": "hold", "requester": {"knd": "x"}}', ["'requester.knd'", "kind"]),
    "unknown enum value": (
        '{"action": "hold", "requester": {"kind": "ice"}}',
        ["'requester.kind'", "'ice'", "federal_immigration", "state_local_in_state", "unknown"],
    ),
    "unknown enum value in a list": ('{"action": "share_data", "data": ["ssn"]}', ["'data[0]'", "home_address"]),
    "unknown action": ("action: detain\n", ["'action'", "hold", "share_data", "ask_status"]),
    "missing action": ('{"setting": "jail"}', ["'action'", "required"]),
    "string for a boolean": ('{"action": "hold", "exigent": "yes"}', ["'exigent'"]),
    "unknown pack in the request": ('{"action": "hold", "pack": "atlantis"}', ["'atlantis'", "available packs", "us"]),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_request_file(tmp_path: Path, case: str) -> None:
    content, words = BAD_FILES[case]
    path = tmp_path / "request.txt"
    path.write_text(content, encoding="utf-8")
    pack = [] if "pack" in content else ["--pack", "us"]
    assert_clean_error(run("decide", str(path), *pack, "--on", DAY, "--json"), *words)


@pytest.mark.parametrize("case", ["malformed JSON", "unknown enum value", "empty file"])
def test_bad_request_on_stdin(case: str) -> None:
    content, words = BAD_FILES[case]
    assert_clean_error(run("decide", "-", "--pack", "us", "--on", DAY, input=content), *words)


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    assert_clean_error(run("decide", str(missing), "--pack", "us"), str(missing), "does not exist")


def test_a_directory_is_not_a_request(tmp_path: Path) -> None:
    assert_clean_error(run("decide", str(tmp_path), "--pack", "us"), "not a file")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"action": "hold", "requester": {"agency": "Policía"}}'.encode("latin-1"))
    assert_clean_error(run("decide", str(path), "--pack", "us"), "UTF-8")


def test_unknown_pack_option(request_file: Path) -> None:
    assert_clean_error(run("decide", str(request_file), "--pack", "atlantis"), "'atlantis'", "available packs", "us")


def test_date_before_the_pack_took_effect(request_file: Path) -> None:
    assert_clean_error(
        run("decide", str(request_file), "--pack", "us", "--on", "1990-01-01"), "1996-09-30", "1990-01-01"
    )


@pytest.mark.parametrize("day", ["2025-13-01", "tomorrow", "01/06/2025", "2025-02-30"])
def test_bad_on_date(request_file: Path, day: str) -> None:
    assert_clean_error(run("decide", str(request_file), "--pack", "us", "--on", day), "--on", day, "YYYY-MM-DD")


def test_schema_unknown() -> None:
    assert_clean_error(run("schema", "foo"), "'foo'", "request", "decision")


def test_a_broken_pack_is_a_clean_error(make_pack: PackMaker, request_file: Path) -> None:
    directory = make_pack("zz-broken", {"a.yaml": "instrument: x\n  bad: [\n"})
    message = assert_clean_error(run("decide", str(request_file), "--pack", "zz-broken"))
    assert f"{directory / 'law' / 'a.yaml'}:2:" in message.replace(" ", ""), message


# --- packs ----------------------------------------------------------------------------------


@pytest.fixture
def only_us(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_pack: PackMaker) -> Path:
    """Built-in packs = a copy of `us` alone (other packs are being written), plus one synthetic child."""
    builtin = tmp_path / "builtin"
    shutil.copytree(loader.BUILTIN_PACKS / "us", builtin / "us")
    monkeypatch.setattr(loader, "BUILTIN_PACKS", builtin)
    make_pack("zz-city", {"a.yaml": law_file(rule("zz-city-rule", "decline", {"action": "hold"}))}, parents=["us"])
    return builtin


def test_packs_list(only_us: Path) -> None:
    result = run("packs", "list", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == ["us", "zz-city"]
    by_id = {row["id"]: row for row in rows}
    assert by_id["zz-city"]["parents"] == ["us"]
    assert by_id["zz-city"]["rules"] == 1
    assert by_id["us"]["digest"] == load_stack("us").top.digest
    table = run("packs", "list")
    assert table.exit_code == 0
    assert "us" in table.stdout
    assert "zz-city" in table.stdout
    assert "Not legal advice" in flat(table.stdout)


def test_packs_show_us() -> None:
    result = run("packs", "show", "us", "--json")
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["id"] == "us"
    assert info["stack"] == ["us"]
    assert info["digest"] == load_stack("us").top.digest
    assert "court_command" in info["definitions"]
    human = run("packs", "show", "us")
    assert human.exit_code == 0
    assert "United States" in human.stdout


def test_packs_show_unknown() -> None:
    assert_clean_error(run("packs", "show", "atlantis"), "'atlantis'", "available packs")


def test_packs_rules_us_json() -> None:
    result = run("packs", "rules", "us", "--json")
    assert result.exit_code == 0, result.output
    rules = json.loads(result.stdout)
    assert len(rules) == len(load_stack("us").top.rules) > 0
    for entry in rules:
        assert entry["citation"], entry
        assert entry["source"].startswith(("http://", "https://")), entry
        assert entry["confidence"] in {"V", "S", "U"}, entry
        assert entry["pack"] == "us"
    assert "us-judicial-warrant-obeyed" in {r["id"] for r in rules}


def test_packs_rules_stack(only_us: Path) -> None:
    own = json.loads(run("packs", "rules", "zz-city", "--json").stdout)
    stacked = json.loads(run("packs", "rules", "zz-city", "--stack", "--json").stdout)
    assert [r["id"] for r in own] == ["zz-city-rule"]
    assert {r["pack"] for r in stacked} == {"zz-city", "us"}


def test_verify_us() -> None:
    result = run("verify", "--pack", "us")
    assert result.exit_code == 0, result.output
    assert "verified" in result.stdout
    as_json = run("verify", "--pack", "us", "--json")
    [report] = json.loads(as_json.stdout)
    assert report["pack"] == "us"
    assert report["ok"] is True
    assert report["failures"] == []
    assert report["classes"] > 0


def test_verify_finds_a_counterexample(make_pack: PackMaker) -> None:
    # complying with every hold, even for ICE without a warrant, breaks P1
    make_pack("zz-bad-law", {"a.yaml": law_file(rule("always-hold", "comply", {"action": "hold"}))})
    result = run("verify", "--pack", "zz-bad-law", "--on", DAY, "--json")
    assert result.exit_code == 1
    [report] = json.loads(result.stdout)
    assert report["ok"] is False
    assert "P1" in {f["property"] for f in report["failures"]}


# --- the real command, in a subprocess ------------------------------------------------------


def console_script() -> str:
    beside = Path(sys.executable).parent / "sanctuary"
    found = str(beside) if beside.exists() else shutil.which("sanctuary")
    if not found:
        pytest.skip("the sanctuary console script is not installed")
    return found


def real(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in (PACKS_PATH_ENV, "SANCTUARY_PACK")}
    env["COLUMNS"] = "80"
    return subprocess.run(
        [console_script(), *args], input=input, capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_subprocess_decide(request_file: Path) -> None:
    done = real("decide", str(request_file), "--pack", "us", "--on", DAY, "--json")
    assert done.returncode == 0, done.stderr
    decision: dict[str, Any] = json.loads(done.stdout)
    assert decision["outcome"] == "refer"
    stdin = real("decide", "-", "--pack", "us", "--on", DAY, "--json", input=DETAINER_YAML)
    assert stdin.returncode == 0, stdin.stderr
    assert json.loads(stdin.stdout) == decision


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (["decide", "-", "--pack", "us"], '{"action": ', ["neither valid JSON nor valid YAML"]),
        (["decide", "-", "--pack", "us"], '{"action": "hold", "setting": "moon"}', ["'setting'", "jail"]),
        (["decide", "-", "--pack", "atlantis"], '{"action": "hold"}', ["available packs"]),
        (["decide", "-", "--pack", "us", "--on", "someday"], '{"action": "hold"}', ["YYYY-MM-DD"]),
        (["schema", "foo"], None, ["request, decision"]),
    ],
)
def test_subprocess_bad_input(args: list[str], stdin: str | None, words: list[str]) -> None:
    done = real(*args, input=stdin)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert "Traceback" not in done.stdout
    assert done.stdout == ""
    message = flat(done.stderr)
    assert message.startswith("error: ")
    assert message.count("error:") == 1
    for word in words:
        assert word in message


def test_subprocess_verify_and_schema() -> None:
    verified = real("verify", "--pack", "us")
    assert verified.returncode == 0, verified.stderr
    assert "verified" in verified.stdout
    schema = real("schema", "request")
    assert schema.returncode == 0
    assert json.loads(schema.stdout)["required"] == ["action"]
