"""A one-shot command imports only what its verb needs: `--help` no models, Rich or policy; `decide
--json` no records store, guard, reader, web app or Rich. What is imported is checked, not timed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import sanctuary.cli as cli

EXAMPLE = Path(__file__).parent.parent / "examples" / "requests" / "jail-detainer-hold.yaml"

SCRIPT = """
import json, sys
sys.argv = ["sanctuary", *json.loads(sys.argv[1])]
from sanctuary.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
loaded = sorted({name for name in sys.modules if name.split(".")[0] in TOPS})
sys.stderr.write("\\nMODULES " + json.dumps({"code": code, "loaded": loaded}) + "\\n")
"""

TOPS = ("sanctuary", "rich", "pydantic", "sqlalchemy", "pyarrow", "polars", "fastapi", "pypdf", "yaml")


def run(*args: str) -> tuple[int, set[str], str]:
    """Run ``sanctuary ARGS`` in a fresh interpreter; its exit code, loaded modules and stdout."""
    script = SCRIPT.replace("TOPS", repr(TOPS))
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(list(args))], capture_output=True, text=True, timeout=120
    )
    report = json.loads(done.stderr.rsplit("MODULES ", 1)[1])
    return report["code"], set(report["loaded"]), done.stdout


def roots(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules} | {".".join(name.split(".")[:2]) for name in modules}


def test_help_imports_no_models_rich_or_policy() -> None:
    code, loaded, stdout = run("--help")
    assert code == 0
    for verb in cli.VERBS:  # every group is listed
        assert f"  {verb} " in stdout, verb
    assert not roots(loaded) & {"rich", "pydantic", "yaml", "sanctuary.model", "sanctuary.policy"}, sorted(loaded)


def test_decide_json_imports_only_the_decision_path() -> None:
    code, loaded, stdout = run("decide", str(EXAMPLE), "--json", "--on", "2026-06-01")
    assert code == 0
    assert json.loads(stdout)["outcome"] == "decline"
    unwanted = {
        "rich",
        "sqlalchemy",
        "pyarrow",
        "polars",
        "fastapi",
        "pypdf",
        "sanctuary.records",
        "sanctuary.dataguard",
        "sanctuary.documents",
        "sanctuary.reports",
        "sanctuary.web",
        "sanctuary.cli.guard",
        "sanctuary.cli.records",
    }
    assert not roots(loaded) & unwanted, sorted(roots(loaded) & unwanted)


@pytest.mark.parametrize("verb", ["report", "serve", "verify"])
def test_a_verb_alone_in_its_loaded_group_is_still_a_subcommand(verb: str) -> None:
    code, _, stdout = run(verb, "--help")
    assert code == 0
    assert f"Usage: sanctuary {verb}" in " ".join(stdout.split())


def test_an_unknown_verb_loads_every_group_to_say_so() -> None:
    code, _, _ = run("decied")
    assert code == 2


def test_every_verb_is_mapped_to_the_group_that_registers_it() -> None:
    app = cli.app
    registered = {command.name: command.callback for command in app.registered_commands}
    for group in app.registered_groups:
        assert group.typer_instance is not None
        first = group.typer_instance.registered_commands[0].callback
        registered[group.name] = first
    owners = {name: callback.__module__.rsplit(".", 1)[1] for name, callback in registered.items() if callback}
    assert owners == cli.VERBS
    assert set(cli.VERBS.values()) == set(cli.GROUPS)
