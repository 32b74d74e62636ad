"""`check --base REV` on a pull request: what it hides, the changed line that causes a finding
elsewhere (SARIF relatedLocations, an extra GitHub annotation), and a shallow clone's base."""

import json
import shutil

import pytest

from conftest import SHARED_EXPERTS, VLLM_TREE, edit, git, copy_fixture

RUNNER = '''class Runner:
    @property
    def _use_external(self):
        return self.cfg.eplb or self.cfg.two_sided

    def order(self):
        if self._use_external:
            return "EXTERNAL"
        if self.stream is not None:
            return "OVERLAPPED"
        return "SERIAL"
'''
RULE = '''[[rule]]
id = "tp-only-overlaps"
path = "runner.py"
function = "Runner.order"
message = "TP-only decode overlaps"
expect = "OVERLAPPED"
[rule.given]
eplb = false
two_sided = false
"stream is not None" = true
'''
CAUSE = "changed since HEAD, in `_use_external` (property, line 3), which decides the branch at line 8"


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    return root


def commit(root, message="commit"):
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


@pytest.fixture
def inverted(repo):
    """A pull request that inverts the property at line 4; the branch that then fires is line 8."""
    (repo / "runner.py").write_text(RUNNER)
    (repo / "rules.toml").write_text(RULE)
    commit(repo, "base")
    edit(repo, "        return self.cfg.eplb or self.cfg.two_sided", "        return not (self.cfg.eplb or self.cfg.two_sided)",
         path="runner.py")
    return repo


# ---------------------------------------------------------------- the cause of a finding elsewhere


def test_text_names_the_changed_line_that_makes_the_branch_fire(cli, inverted):
    run = cli("check", "--rules", "rules.toml", "--base", "HEAD", cwd=inverted)
    assert run.exit_code == 1
    assert run.stdout.startswith("runner.py:8:13: error[tp-only-overlaps]\n")
    assert f"  cause     line 4 {CAUSE}\n" in run.stdout


def test_sarif_carries_the_changed_line_as_a_related_location(cli, inverted):
    run = cli("check", "--rules", "rules.toml", "--base", "HEAD", "--format", "sarif", cwd=inverted)
    (result,) = json.loads(run.stdout)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 8, "startColumn": 13}
    related = {r["physicalLocation"]["region"]["startLine"]: r["message"]["text"] for r in result["relatedLocations"]}
    assert related == {10: "expected branch (OVERLAPPED)", 4: CAUSE}
    assert all(r["physicalLocation"]["artifactLocation"]["uri"] == "runner.py" for r in result["relatedLocations"])


def test_github_annotates_the_changed_line_too(cli, inverted):
    run = cli("check", "--rules", "rules.toml", "--base", "HEAD", "--format", "github", cwd=inverted)
    lines = run.stdout.splitlines()
    assert lines[0].startswith("::error file=runner.py,line=8,col=13,title=tp-only-overlaps::TP-only decode overlaps.")
    assert lines[1].startswith(f"::error file=runner.py,line=4,title=tp-only-overlaps (cause)::This line {CAUSE}. "
                               "TP-only decode overlaps. expected OVERLAPPED (line 10), got 'EXTERNAL' (line 8).")
    assert len(lines) == 2


def test_json_lists_the_related_lines(cli, inverted):
    run = cli("check", "--rules", "rules.toml", "--base", "HEAD", "--format", "json", cwd=inverted)
    (finding,) = json.loads(run.stdout)["findings"]
    assert finding["related"] == [{"path": "runner.py", "line": 4, "message": CAUSE}]


def test_a_list_finding_names_the_changed_line_that_built_the_list(cli, repo):
    (repo / "prio.py").write_text('def priorities(major):\n    out = ["TRITON"]\n    if major == 9:\n'
                                  '        out.insert(0, "FLASH")\n    return out\n')
    (repo / "rules.toml").write_text('[[rule]]\nid = "hopper-flash-first"\npath = "prio.py"\nfunction = "priorities"\n'
                                     'message = "Hopper tries flash first"\nfirst = "FLASH"\n[rule.given]\nmajor = 9\n')
    commit(repo, "base")
    edit(repo, 'out.insert(0, "FLASH")', 'out.append("FLASH")', path="prio.py")
    run = cli("check", "--rules", "rules.toml", "--base", "HEAD", "--format", "github", cwd=repo)
    assert run.exit_code == 1, run.output
    # round 15: the finding sat at the unchanged `return out` alone, invisible in the pull request's diff
    assert "file=prio.py,line=4" in run.stdout and "in the list `out` returned at line 5" in run.stdout, run.stdout


def test_a_change_the_branch_does_not_depend_on_is_no_cause(cli, inverted):
    edit(inverted, '        return "SERIAL"', '        return "SERIAL"  # the default', path="runner.py")
    run = cli("check", "--rules", "rules.toml", "--base", "HEAD", "--format", "json", cwd=inverted)
    (finding,) = json.loads(run.stdout)["findings"]
    assert [r["line"] for r in finding["related"]] == [4]


def test_an_edited_guard_is_the_cause(cli, repo):
    (repo / "runner.py").write_text(RUNNER.replace("        if self._use_external:", "        if not self._use_external:"))
    (repo / "rules.toml").write_text(RULE.replace("eplb = false", "eplb = true"))
    commit(repo)
    edit(repo, "        if not self._use_external:", "        if self._use_external:", path="runner.py")
    run = cli("check", "--rules", "rules.toml", "--base", "HEAD", cwd=repo)
    assert run.exit_code == 1
    assert "  cause     line 7 changed since HEAD, in the guard at line 7\n" in run.stdout


def test_without_base_no_cause_is_named(cli, inverted):
    run = cli("check", "--rules", "rules.toml", cwd=inverted)
    assert run.exit_code == 1
    assert "  cause " not in run.stdout


# ---------------------------------------------------------------- what --base hides


def test_check_base_says_how_many_findings_it_hid(cli, repo):
    copy_fixture(VLLM_TREE / "regressed", repo, dirs_exist_ok=True)
    commit(repo, "regressed")
    edit(repo, "import envs\n", "import envs  # touched\n")
    run = cli("check", "--pack", "vllm", "--root", repo, "--base", "HEAD")
    assert run.exit_code == 0
    assert run.stdout == ("0 errors, 0 warnings in 9 targets (50 rules, 6 files); "
                          "2 findings hidden: already in the base revision\n")
    data = json.loads(cli("check", "--pack", "vllm", "--root", repo, "--base", "HEAD", "--format", "json").stdout)
    assert data["summary"]["hidden_by_base"] == 2
    github = cli("check", "--pack", "vllm", "--root", repo, "--base", "HEAD", "--format", "github")
    assert github.stdout == "::notice title=ordercheck::2 findings hidden: already in the base revision\n"


def test_check_base_on_a_fixed_base_hides_nothing(cli, repo):
    copy_fixture(VLLM_TREE / "fixed", repo, dirs_exist_ok=True)
    commit(repo, "fixed")
    shutil.copy(VLLM_TREE / "regressed" / SHARED_EXPERTS, repo / SHARED_EXPERTS)
    run = cli("check", "--pack", "vllm", "--root", repo, "--base", "HEAD")
    assert run.exit_code == 1
    assert run.stdout.endswith("2 errors, 0 warnings in 9 targets (50 rules, 6 files); 0 findings hidden: already in the base revision\n")
    causes = [line for line in run.stdout.splitlines() if line.startswith("  cause ")]
    assert causes[:3] == [
        "  cause     line 60 changed since HEAD, the branch that fires",
        "  cause     line 59 changed since HEAD, in the guard at line 59",
        "  cause     line 47 changed since HEAD, in `_has_external_experts` (property, line 48), which decides the branch at line 60",
    ]


# ---------------------------------------------------------------- a shallow clone's base


def test_a_shallow_checkout_without_the_base_says_how_to_fetch_it(cli, repo, tmp_path):
    """As actions/checkout does for a pull request: a new repository, `origin` added, one commit
    of the pull request fetched at depth 1; origin/main is not there until fetched."""
    (repo / "runner.py").write_text(RUNNER)
    (repo / "rules.toml").write_text(RULE)
    commit(repo, "base")
    git(repo, "checkout", "-q", "-b", "feature")
    edit(repo, "        return self.cfg.eplb or self.cfg.two_sided", "        return not (self.cfg.eplb or self.cfg.two_sided)",
         path="runner.py")
    commit(repo, "invert")
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "-q")
    git(work, "remote", "add", "origin", f"file://{repo}")
    git(work, "fetch", "-q", "--depth=1", "origin", "+refs/heads/feature:refs/remotes/origin/feature")
    git(work, "checkout", "-q", "origin/feature")

    run = cli("check", "--rules", "rules.toml", "--base", "origin/main", cwd=work)
    assert run.exit_code == 2
    assert run.stderr == ("config error: cannot resolve revision `origin/main` in .\n"
                          "  fetch the base: git fetch origin main\n"
                          "  in GitHub Actions, check out with `fetch-depth: 0` (actions/checkout is shallow by default)\n")
    git(work, "fetch", "-q", "origin", "main")  # the hint, as given
    fetched = cli("check", "--rules", "rules.toml", "--base", "origin/main", cwd=work)
    assert fetched.exit_code == 1, fetched.output
    assert "  cause     line 4 changed since origin/main, in `_use_external`" in fetched.stdout


def test_an_unknown_revision_outside_ci_is_exit_2_without_fetch_hints(cli, repo):
    (repo / "runner.py").write_text(RUNNER)
    (repo / "rules.toml").write_text(RULE)
    commit(repo)
    run = cli("check", "--rules", "rules.toml", "--base", "no-such-branch", cwd=repo)
    assert run.exit_code == 2
    assert run.stderr == "config error: cannot resolve revision `no-such-branch` in .\n"
