"""Bad input and crashes through the command line: exit 2, one line on stderr, never a
traceback (unless --debug), never 1 (which CI reads as "findings"), never clean."""

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED_EXPERTS, TARGET, VLLM_TREE, edit
from ordercheck import api

REGRESSED = VLLM_TREE / "regressed"
HINT = "(a bug in ordercheck, not a finding; rerun with --debug to see the traceback)"


def ordercheck(*args, cwd=None):
    """The installed module as a user runs it: `python -m ordercheck ...`."""
    return subprocess.run([sys.executable, "-m", "ordercheck", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def crashing_check(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("the engine fell over\nsecond line")

    monkeypatch.setattr(api, "run_check", boom)


# ---------------------------------------------------------------- python -m ordercheck


def test_python_dash_m_ordercheck_is_the_command():
    done = ordercheck("--version")
    assert done.returncode == 0
    assert done.stdout == "ordercheck, version 0.1.0\n"
    check = ordercheck("check", "--pack", "vllm", "--root", REGRESSED)
    assert check.returncode == 1
    assert f"{SHARED_EXPERTS}:60:13: error[vllm/tp-only-decode-overlaps-shared-experts]" in check.stdout


def test_top_level_help_lists_runtime_and_every_command():
    done = ordercheck("--help")
    assert done.returncode == 0
    assert "  --runtime " in done.stdout
    assert "  --debug " in done.stdout
    for command in ("check", "diff", "explain", "rules", "runtime", "test"):
        assert f"\n  {command} " in done.stdout


# ---------------------------------------------------------------- crashes


def test_a_crash_is_exit_2_with_one_line_and_a_debug_hint(cli, crashing_check):
    run = cli("check", "--pack", "vllm", "--root", REGRESSED)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr == f"ordercheck: internal error: RuntimeError: the engine fell over {HINT}\n"


@pytest.mark.parametrize("where", ["after the command", "before the command"])
def test_debug_shows_the_traceback_and_still_exits_2(cli, crashing_check, where):
    args = ["check", "--pack", "vllm", "--root", REGRESSED]
    run = cli(*(args + ["--debug"] if where == "after the command" else ["--debug"] + args))
    assert run.exit_code == 2
    assert run.stderr.startswith("Traceback (most recent call last):\n")
    assert run.stderr.rstrip().endswith("RuntimeError: the engine fell over\nsecond line")
    assert "rerun with --debug" not in run.stderr


def test_output_into_a_missing_folder_is_exit_2_before_any_work():
    done = ordercheck("check", "--pack", "vllm", "--root", REGRESSED, "--format", "sarif", "--output", "no/such/dir/o.sarif")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "ordercheck: error: --output no/such/dir/o.sarif: folder `no/such/dir` does not exist\n"


def test_output_that_is_a_folder_is_exit_2(cli, tmp_path):
    run = cli("explain", f"{SHARED_EXPERTS}::{TARGET}", "--root", REGRESSED, "--output", tmp_path)
    assert run.exit_code == 2
    assert run.stderr == f"ordercheck: error: --output {tmp_path} is a folder; give a file name\n"


def test_output_that_cannot_be_written_is_exit_2(cli):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    run = cli("check", "--pack", "vllm", "--root", REGRESSED, "--output", "/dev/full")
    assert run.exit_code == 2
    assert run.stderr == "ordercheck: error: cannot write --output /dev/full: No space left on device\n"


# ---------------------------------------------------------------- FILES


def test_files_that_do_not_exist_are_exit_2(cli):
    run = cli("check", "--pack", "vllm", "--root", REGRESSED, "vllm/nope.py")
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr == "ordercheck: error: FILES: `vllm/nope.py` does not exist\n"


def test_files_that_are_folders_select_the_rules_whose_target_is_under_them(cli):
    whole = cli("check", "--pack", "vllm", "--root", REGRESSED, REGRESSED / "vllm" / "model_executor")
    assert whole.exit_code == 1
    assert whole.stdout.rstrip().endswith("2 errors, 0 warnings in 6 targets (32 rules, 4 files)")  # not platforms/
    root_itself = cli("check", "--pack", "vllm", ".", cwd=REGRESSED)
    assert root_itself.exit_code == 1
    elsewhere = cli("check", "--pack", "vllm", "--root", REGRESSED, REGRESSED / "vllm" / "model_executor" / "layers" / "fused_moe" / "runner" / "..")
    assert elsewhere.exit_code == 1


def test_files_relative_to_the_root_select_their_rules_from_anywhere(cli, tmp_path):
    run = cli("check", "--pack", "vllm", "--root", REGRESSED, "vllm/model_executor", cwd=tmp_path)
    assert run.exit_code == 1
    assert run.stdout.rstrip().endswith("(32 rules, 4 files)")


def test_a_folder_beside_the_targets_selects_no_rule(cli, tree):
    root = tree("regressed")
    (root / "docs").mkdir()
    run = cli("check", "--pack", "vllm", "--root", root, root / "docs")
    assert run.exit_code == 0
    assert run.stdout == "0 errors, 0 warnings in 0 targets (0 rules, 0 files)\n"


# ---------------------------------------------------------------- one message per problem


def test_a_wrong_root_is_one_message_that_asks_about_root(cli, tmp_path):
    run = cli("check", "--pack", "vllm", "--root", tmp_path)
    assert run.exit_code == 2
    assert run.stderr.count("config error") == 1
    first, *hints = run.stderr.splitlines()
    assert first.endswith(f"config error: none of the 6 target files of the rules exists under {tmp_path}")
    assert hints[0] == f"  is --root right? target paths are relative to it (now {tmp_path})"
    assert hints[1].startswith("  looked for `vllm/platforms/cuda.py`, ")
    assert run.stdout.endswith("; 1 configuration error: nothing was checked for the rules concerned\n")


def test_a_root_with_one_target_missing_names_the_rules_that_need_it(cli, tree, tmp_path):
    root = tree("fixed")
    (root / SHARED_EXPERTS).unlink()
    run = cli("check", "--pack", "vllm", "--root", root)
    assert run.exit_code == 2
    first, *hints = run.stderr.splitlines()
    assert first.endswith(f"config error: target file `{SHARED_EXPERTS}` does not exist under {root}")
    assert hints[1] == ("  named by 11 rules: `vllm/shared-experts-precedence`, `vllm/tp-only-decode-overlaps-shared-experts`, "
                        "`vllm/fully-sharded-lora-never-overlaps` and 8 more")
    assert run.stdout.endswith("in 8 targets (39 rules, 5 files); 1 configuration error: nothing was checked for the rules concerned\n")


def test_a_root_without_any_of_several_targets_is_one_message(cli, tmp_path):
    rules = tmp_path / "r.toml"
    rules.write_text("".join(f'[[rule]]\nid = "r{i}"\npath = "pkg/m{i}.py"\nfunction = "f"\nexpect = "A"\n' for i in range(3)))
    run = cli("check", "--rules", rules, "--root", tmp_path)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        f"{rules}:3: config error: none of the 3 target files of the rules exists under {tmp_path}",
        f"  is --root right? target paths are relative to it (now {tmp_path})",
        "  looked for `pkg/m0.py`, `pkg/m1.py`, `pkg/m2.py`",
    ]


def test_an_unparsable_target_is_one_message_for_all_its_rules(cli, tree):
    root = tree("regressed")
    (root / SHARED_EXPERTS).write_text("def broken(:\n    pass\n")
    run = cli("check", "--pack", "vllm", "--root", root)
    assert run.exit_code == 2
    assert run.stderr.count("cannot parse") == 1
    assert run.stderr.startswith(f"{SHARED_EXPERTS}:1:12: config error: cannot parse {SHARED_EXPERTS}: invalid syntax\n")
    assert "  named by 11 rules: `vllm/shared-experts-precedence`" in run.stderr


def test_a_missing_function_is_one_message_for_all_its_rules(cli, tree):
    root = tree("fixed")
    edit(root, "def _determine_shared_experts_order(", "def _determine_order(")
    run = cli("check", "--pack", "vllm", "--root", root)
    assert run.exit_code == 2
    assert run.stderr.count("config error") == 1
    assert run.stderr.startswith(f"{SHARED_EXPERTS}:1: config error: no function `{TARGET}`")
    assert "  did you mean `SharedExperts._determine_order` (line 47)?\n" in run.stderr
    assert "  named by 11 rules: `vllm/shared-experts-precedence`, " in run.stderr


def test_explain_with_a_wrong_root_asks_about_root(cli, tmp_path):
    run = cli("explain", f"{SHARED_EXPERTS}::{TARGET}", "--root", tmp_path)
    assert run.exit_code == 2
    assert run.stderr == (f"{SHARED_EXPERTS}:1: config error: target file `{SHARED_EXPERTS}` does not exist under {tmp_path}\n"
                          f"  is --root right? target paths are relative to it (now {tmp_path})\n")


def test_a_root_that_is_not_a_folder_is_exit_2(cli, tmp_path):
    run = cli("check", "--pack", "vllm", "--root", tmp_path / "nope")
    assert run.exit_code == 2
    assert run.stderr == f"ordercheck: error: --root {tmp_path / 'nope'}: no such folder\n"


# ---------------------------------------------------------------- rule paths outside the root


@pytest.mark.parametrize("path", ["/etc/passwd.py", "../outside.py", "vllm/../../outside.py"])
def test_a_rule_path_outside_the_root_is_refused_at_its_line(cli, tmp_path, path):
    (tmp_path / "outside.py").write_text("def f():\n    return 'A'\n")
    root = tmp_path / "root"
    root.mkdir()
    rules = tmp_path / "r.toml"
    rules.write_text(f'[[rule]]\nid = "escape"\nfunction = "f"\npath = "{path}"\nexpect = "A"\n')
    run = cli("check", "--rules", rules, "--root", root)
    assert run.exit_code == 2
    assert run.stderr == (f"{rules}:4: config error[escape]: target path `{path}` is outside the root: "
                          f"rule paths are relative to --root ({root}) and stay inside it\n")


def test_diff_refuses_a_rule_path_outside_the_root_too(cli, tmp_path):
    rules = tmp_path / "r.toml"
    rules.write_text('[[rule]]\nid = "escape"\npath = "../x.py"\nfunction = "f"\nexpect = "A"\n')
    run = cli("diff", "--rules", rules, VLLM_TREE / "fixed", VLLM_TREE / "regressed")
    assert run.exit_code == 2
    assert "config error[escape]: target path `../x.py` is outside the root" in run.stderr


# ---------------------------------------------------------------- packs are names


@pytest.mark.parametrize("given", ["rules/vllm", "my_rules.toml"])
def test_a_path_given_to_pack_suggests_rules(cli, given):
    run = cli("check", "--pack", given, "--root", REGRESSED)
    assert run.exit_code == 2
    assert run.stderr == (f"config error: `{given}` is a path, not a pack name: pass rule files and folders with --rules {given}\n"
                          "  installed packs: sglang, vllm\n")


# ---------------------------------------------------------------- a bad expectation, at its own line


@pytest.mark.parametrize("key, value", [("expect", '"MULTI_STREAM"'), ("forbid", '["MULTI_STREAM"]'), ("reachable", '["MULTI_STREAM"]')])
def test_an_unknown_outcome_is_reported_at_the_line_that_names_it(cli, tmp_path, key, value):
    rules = tmp_path / "r.toml"
    rules.write_text(f'[[rule]]\nid = "r"\npath = "{SHARED_EXPERTS}"\nfunction = "{TARGET}"\nmessage = "m"\n{key} = {value}\n')
    run = cli("check", "--rules", rules, "--root", REGRESSED)
    assert run.exit_code == 2
    assert run.stderr.startswith(f"{rules}:6: config error[r]: unknown outcome `MULTI_STREAM` for {TARGET}\n")
    assert "  did you mean `MULTI_STREAM_OVERLAPPED`?\n" in run.stderr
