"""Round 43: wrong exit codes of `check` and `diff` options. An empty `--base` / `--head` (CI's
`--base "$BASE"` with BASE unset) was read as no option: a full check with the base's findings
reported as new (exit 1), or a diff of the working tree's file list against the index's contents
(exit 0). A rule `path` spelled unnormalised (`pkg//mod.py`) was chosen by no FILES, in the full
command and in the pre-commit fast path: `check pkg/mod.py` said clean (exit 0)."""

import shutil

import pytest

from conftest import git
from ordercheck import api
from ordercheck.quick import untargeted

PICK = '''def pick(mode, n):
    if n > 3:
        return "SLOW"
    if mode == "fast":
        return "FAST"
    return "DEFAULT"
'''

REORDERED = PICK.replace('    if n > 3:\n        return "SLOW"\n    if mode == "fast":\n        return "FAST"\n',
                         '    if mode == "fast":\n        return "FAST"\n    if n > 3:\n        return "SLOW"\n')


def rule(path: str) -> str:
    return f'[[rule]]\nid = "fast"\npath = "{path}"\nfunction = "pick"\nexpect = "FAST"\n[rule.given]\nmode = "fast"\n'


@pytest.fixture
def repo(tmp_path):
    """A git repository whose commit already has the finding of rule `fast` on pkg/mod.py."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(PICK)
    (tmp_path / "rules.toml").write_text(rule("pkg/mod.py"))
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def test_check_with_an_empty_base_is_a_usage_error_not_a_full_check(cli, repo):
    with (repo / "pkg" / "mod.py").open("a") as fh:
        fh.write("# an unrelated edit\n")
    assert cli("check", "--rules", "rules.toml", "--root", ".", "--base", "HEAD", cwd=repo).exit_code == 0  # (hidden)
    run = cli("check", "--rules", "rules.toml", "--root", ".", "--base", "", cwd=repo)
    assert run.exit_code == 2, run.output
    assert "--base is empty: give a git revision" in run.stderr
    assert "error[fast]" not in run.stdout


def test_diff_with_an_empty_head_is_a_usage_error_not_the_index(cli, repo):
    # an unstaged re-ordering: the working tree decides otherwise, the index does not
    (repo / "pkg" / "mod.py").write_text(REORDERED)
    assert cli("diff", "--base", "HEAD", "--root", ".", "--no-cache", cwd=repo).exit_code == 1
    run = cli("diff", "--base", "HEAD", "--head", "", "--root", ".", "--no-cache", cwd=repo)
    assert run.exit_code == 2, run.output
    assert "--head is empty: give a git revision" in run.stderr
    # the library too: a blank head is git's error, never the working tree's files read from the index
    result = api.run_diff("HEAD", "", root=str(repo), use_cache=False, jobs=1)
    assert result.exit_code == 2 and any("git" in e.message for e in result.errors), result.errors


UNNORMALISED = ["pkg//mod.py", "pkg/../pkg/mod.py", "pkg/mod.py/"]  # (`./pkg/mod.py`: the loader strips `./`)


@pytest.mark.parametrize("path", UNNORMALISED)
def test_files_choose_a_rule_whose_path_is_spelled_unnormalised(cli, tmp_path, path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(PICK)
    (tmp_path / "rules.toml").write_text(rule(path))
    assert cli("check", "--rules", "rules.toml", "--no-cache", cwd=tmp_path).exit_code == 1  # (the full check)
    run = cli("check", "--rules", "rules.toml", "--no-cache", "pkg/mod.py", cwd=tmp_path)
    assert run.exit_code == 1, run.output
    assert "1 rule, 1 file" in run.stdout


@pytest.mark.parametrize("path", UNNORMALISED)
def test_the_fast_path_leaves_a_file_an_unnormalised_rule_path_targets_to_the_full_run(cli, tmp_path, path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(PICK)
    (tmp_path / "pkg" / "other.py").write_text("X = 1\n")
    (tmp_path / "rules.toml").write_text(rule(path))
    other = ["check", "--rules", "rules.toml", "pkg/other.py"]
    assert cli(*other, cwd=tmp_path).exit_code == 0  # (remembers the rules' target paths)
    assert untargeted(other) is not None  # (answered from them)
    assert untargeted(["check", "--rules", "rules.toml", "pkg/mod.py"]) is None
    assert cli("check", "--rules", "rules.toml", "pkg/mod.py").exit_code == 1


def test_a_rule_file_starting_with_a_byte_order_mark_is_read(cli, tmp_path):
    # round 43 (f): a rule file saved by a Windows editor ("\ufeff" first) was "invalid TOML:
    # Invalid statement" at line 1 (pyproject.toml was read with the mark, rule files were not)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(REORDERED)
    (tmp_path / "rules.toml").write_text("\ufeff" + rule("pkg/mod.py"), encoding="utf-8")
    run = cli("check", "--rules", tmp_path / "rules.toml", "--root", tmp_path)
    assert run.exit_code == 0 and "Invalid statement" not in run.output, run.output


def test_two_folder_diff_names_the_missing_folder_and_refuses_head(cli, tmp_path):
    # round 43 (g): `diff pkg /nonexistent` did not name the folder; `--head` without `--base` was
    # silently ignored in two-folder mode (the folders compared as they are)
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    missing = cli("diff", tmp_path / "old", tmp_path / "nowhere")
    assert missing.exit_code == 2 and "nowhere: no such folder" in missing.output, missing.output
    head = cli("diff", "--head", "HEAD", tmp_path / "old", tmp_path / "new")
    assert head.exit_code == 2 and "--head needs --base" in head.output, head.output


@pytest.mark.parametrize("target", ["::pick", "pkg/mod.py:::pick"])
def test_a_target_with_no_path_or_an_empty_qualname_says_what_a_target_is(cli, tmp_path, target):
    # round 43 (b, c): `::pick` was "cannot read : not a regular file", `pkg/mod.py:::pick` "no
    # function `` in pkg/mod.py"
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(PICK)
    for command in (("explain", target), ("discover", "--suggest", target)):
        run = cli(*command, "--root", tmp_path)
        assert run.exit_code == 2 and "must be PATH::Qualname" in run.output, (command, run.output)


def test_a_base_that_cannot_be_read_hides_nothing_and_says_no_count(cli, tmp_path):
    # round 43 (d): outside git, `--base HEAD` was a config error and the summary still said
    # "0 findings hidden: already in the base revision", as if the base had been compared
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(PICK)
    (tmp_path / "rules.toml").write_text(rule("pkg/mod.py"))
    run = cli("check", "--rules", tmp_path / "rules.toml", "--root", tmp_path, "--base", "HEAD")
    assert run.exit_code == 2 and "error[fast]" in run.stdout, run.output
    assert "hidden" not in run.stdout, run.stdout


def test_a_rule_path_with_a_control_character_says_so(cli, tmp_path):
    # round 43 (a): `path = "pkg/mod.py\u0000"` said the file does not exist, the NUL not shown
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(PICK)
    (tmp_path / "rules.toml").write_text(rule("pkg/mod.py\\u0000"))
    run = cli("check", "--rules", tmp_path / "rules.toml", "--root", tmp_path)
    assert run.exit_code == 2 and "holds a control character" in run.output and "\\x00" in run.output, run.output


def test_an_empty_output_option_is_a_usage_error(cli, tmp_path):
    # round 43: `--output ''` wrote the report to stdout, as if the option had not been given
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(PICK)
    (tmp_path / "rules.toml").write_text(rule("pkg/mod.py"))
    run = cli("check", "--rules", tmp_path / "rules.toml", "--root", tmp_path, "--output", "")
    assert run.exit_code == 2 and "--output is empty" in run.output, run.output
