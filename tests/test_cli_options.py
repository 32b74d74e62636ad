"""Command-line options that shape a run: --select/--ignore, --quiet, --exit-zero, --color, the
`rules` and `test` commands, and where each kind of output goes (reports on stdout, diagnostics
on stderr)."""

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import SHARED_EXPERTS, TARGET, VLLM_TREE, edit

REPO = VLLM_TREE.parent.parent.parent
REGRESSED = VLLM_TREE / "regressed"
FIXED = VLLM_TREE / "fixed"
ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
TP_ONLY = "vllm/tp-only-decode-overlaps-shared-experts"
PRECEDENCE = "vllm/shared-experts-precedence"


def headers(text):
    """The `path:line:col: severity[rule]` line of each finding."""
    return [line for line in text.splitlines() if re.match(r"^\S+:\d+:\d+: (error|warning)\[", line)]


# ---------------------------------------------------------------- --select / --ignore


def test_select_keeps_the_rules_whose_id_matches_a_glob(cli):
    run = cli("check", "--pack", "vllm", "--root", REGRESSED, "--select", "tp-only-*")
    assert run.exit_code == 1
    assert headers(run.stdout) == [f"{SHARED_EXPERTS}:60:13: error[{TP_ONLY}]"]
    assert run.stdout.endswith("1 error, 0 warnings in 1 target (1 rule, 1 file)\n")


def test_ignore_leaves_out_the_rules_whose_id_matches(cli):
    run = cli("check", "--pack", "vllm", "--root", REGRESSED, "--ignore", PRECEDENCE, "--ignore", "vllm/tp-only-*")
    assert run.exit_code == 0
    assert run.stdout == "0 errors, 0 warnings in 9 targets (48 rules, 6 files)\n"


def test_select_and_ignore_apply_to_the_built_in_rules(cli, tmp_path):
    (tmp_path / "mod.py").write_text("def pick(c):\n    if c.a:\n        return 'X'\n    if c.a and c.b:\n        return 'Y'\n    return 'Z'\n")
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "pick"\nreachable = ["X"]\n')
    shown = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)
    assert headers(shown.stdout) == ["mod.py:5:9: warning[ordercheck/shadowed-branch]"]
    ignored = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path, "--ignore", "ordercheck/shadowed-branch")
    assert headers(ignored.stdout) == []
    only_rules = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path, "--select", "r")
    assert headers(only_rules.stdout) == []


def test_a_selector_that_matches_no_rule_is_exit_2_with_the_nearest_id(cli):
    run = cli("check", "--pack", "vllm", "--root", REGRESSED, "--select", "tp-onyl-*")
    assert run.exit_code == 2
    assert run.stderr == f"config error: --select `tp-onyl-*` matches no rule\n  did you mean `{TP_ONLY}`?\n"
    typo = cli("check", "--pack", "vllm", "--root", REGRESSED, "--ignore", "vllm/shared-experts-precedance")
    assert typo.exit_code == 2
    assert typo.stderr == f"config error: --ignore `vllm/shared-experts-precedance` matches no rule\n  did you mean `{PRECEDENCE}`?\n"


def test_a_suppression_of_an_ignored_rule_is_not_reported_unused(cli, tree):
    root = tree("regressed")
    edit(root, "            return SharedExpertsOrder.NO_OVERLAP\n\n        if self._mk",
         "            return SharedExpertsOrder.NO_OVERLAP  # ordercheck: ignore[shared-experts-precedence]\n\n        if self._mk")
    run = cli("check", "--pack", "vllm", "--root", root, "--ignore", "shared-experts-precedence")
    assert headers(run.stdout) == [f"{SHARED_EXPERTS}:60:13: error[{TP_ONLY}]"]


def test_select_and_ignore_come_from_the_project_configuration(cli, tree):
    root = tree("regressed")
    (root / "pyproject.toml").write_text(f'[tool.ordercheck]\npacks = ["vllm"]\nignore = ["{PRECEDENCE}"]\n')
    run = cli("check", cwd=root)
    assert headers(run.stdout) == [f"{SHARED_EXPERTS}:60:13: error[{TP_ONLY}]"]
    overridden = cli("check", "--ignore", TP_ONLY, cwd=root)
    assert headers(overridden.stdout) == [f"{SHARED_EXPERTS}:60:13: error[{PRECEDENCE}]"]


# ---------------------------------------------------------------- suppressions naming no rule


def test_a_suppression_with_an_unknown_rule_id_suggests_the_nearest(cli, tree):
    root = tree("fixed")
    edit(root, "        if self._mk_can_overlap_shared_experts():\n",
         "        if self._mk_can_overlap_shared_experts():  # ordercheck: ignore[every-order-reachabel]\n")
    run = cli("check", "--pack", "vllm", "--root", root)
    assert run.exit_code == 0
    assert f"{SHARED_EXPERTS}:51:52: warning[ordercheck/unused-suppression]" in run.stdout
    assert ("  `# ordercheck: ignore[every-order-reachabel]` names no rule: no rule `every-order-reachabel` exists; "
            "did you mean `vllm/every-order-reachable`?") in run.stdout


# ---------------------------------------------------------------- --quiet, --exit-zero


def test_quiet_prints_nothing_when_clean_and_no_summary_otherwise(cli):
    clean = cli("check", "--pack", "vllm", "--root", FIXED, "--quiet")
    assert (clean.exit_code, clean.stdout) == (0, "")
    found = cli("check", "--pack", "vllm", "--root", REGRESSED, "-q")
    assert found.exit_code == 1
    assert len(headers(found.stdout)) == 2
    assert "errors, 0 warnings" not in found.stdout


def test_quiet_diff_lists_the_changes_without_the_summary(cli):
    run = cli("diff", FIXED, REGRESSED, "--quiet")
    assert run.exit_code == 1
    assert run.stdout.startswith("SharedExperts._determine_shared_experts_order  shared_experts.py:47 -> :55\n")
    assert "decision changed" not in run.stdout


def test_exit_zero_lets_findings_through_but_not_errors(cli, tmp_path):
    found = cli("check", "--pack", "vllm", "--root", REGRESSED, "--exit-zero")
    assert found.exit_code == 0
    assert len(headers(found.stdout)) == 2
    broken = cli("check", "--pack", "vllm", "--root", tmp_path, "--exit-zero")
    assert broken.exit_code == 2
    changed = cli("diff", FIXED, REGRESSED, "--exit-zero")
    assert changed.exit_code == 0


# ---------------------------------------------------------------- --color


def test_color_always_styles_without_cancelling_bold_and_keeps_columns_aligned(cli):
    plain = cli("check", "--pack", "vllm", "--root", REGRESSED, "--select", TP_ONLY, "--color", "never").stdout
    colored = cli("check", "--pack", "vllm", "--root", REGRESSED, "--select", TP_ONLY, "--color", "always").stdout
    assert ESCAPE.sub("", colored) == plain  # escape codes add no width: the `got` column lines up
    assert f"\x1b[1;31merror[{TP_ONLY}]\x1b[0m" in colored
    assert "  got       \x1b[1mNO_OVERLAP\x1b[0m                 (line 60, first branch whose guard holds)" in colored
    assert "\x1b[22m" not in colored  # the stray "normal intensity" that cancelled bold
    assert ESCAPE.search(plain) is None


def test_color_auto_styles_on_a_terminal_only(tmp_path):
    import pty

    def run(env_extra):
        leader, follower = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")} | {"TERM": "xterm"} | env_extra
        done = subprocess.run([sys.executable, "-m", "ordercheck", "check", "--pack", "vllm", "--root", str(REGRESSED)],
                              stdout=follower, stderr=subprocess.DEVNULL, env=env, timeout=120)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        return done.returncode, b"".join(chunks).decode()

    code, on_terminal = run({})
    assert code == 1
    assert "\x1b[1;31merror[" in on_terminal
    _, no_color = run({"NO_COLOR": "1"})
    assert "\x1b[" not in no_color
    piped = subprocess.run([sys.executable, "-m", "ordercheck", "check", "--pack", "vllm", "--root", str(REGRESSED)],
                           capture_output=True, text=True, timeout=120)
    assert "\x1b[" not in piped.stdout


# ---------------------------------------------------------------- reports on stdout, diagnostics on stderr


def test_configuration_errors_go_to_stderr_and_into_the_json_report(cli, tmp_path):
    (tmp_path / "r.toml").write_text(f'[[rule]]\nid = "x"\npath = "{SHARED_EXPERTS}"\nfunction = "{TARGET}"\n'
                                     'expect = "NO_OVERLAP"\n[rule.given]\nenable_epl = true\n')
    run = cli("check", "--rules", tmp_path / "r.toml", "--root", FIXED, "--format", "json")
    assert run.exit_code == 2
    assert run.stderr.startswith(f"{tmp_path / 'r.toml'}:7: config error[x]: fact `enable_epl` binds no atom")
    (error,) = json.loads(run.stdout)["errors"]
    assert (error["rule"], error["line"]) == ("x", 7)
    text = cli("check", "--rules", tmp_path / "r.toml", "--root", FIXED)
    assert "config error" not in text.stdout
    assert text.stdout.endswith("; 1 configuration error: nothing was checked for the rules concerned\n")


def test_diff_errors_go_to_stderr(cli, tmp_path):
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "gone"\npath = "vllm/x.py"\nfunction = "f"\nexpect = "A"\n')
    run = cli("diff", "--rules", tmp_path / "r.toml", FIXED, REGRESSED)
    assert run.exit_code == 2
    assert "target `f` exists in neither version of vllm/x.py" in run.stderr
    assert "exists in neither version" not in run.stdout


# ---------------------------------------------------------------- ordercheck rules


def test_rules_lists_each_rule_with_severity_target_and_message(cli):
    run = cli("rules", "--pack", "vllm")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(TP_ONLY))
    assert lines[at].split() == [TP_ONLY, "error", f"{SHARED_EXPERTS}::{TARGET}"]
    assert lines[at + 1].strip().startswith("TP-only decode must overlap shared experts on the aux stream (see vLLM #35153 / #38990)  (")
    assert lines[at + 1].strip().endswith("rules/vllm/shared_experts.toml:113)")
    assert lines[-5].split() == ["ordercheck/shadowed-branch", "warning", "every", "target"]
    assert lines[-1] == "50 rules and 2 built-in rules; installed packs: sglang (16 rules), vllm (50 rules)"


def test_rules_without_rules_lists_the_installed_packs(cli, tmp_path):
    run = cli("rules", cwd=tmp_path)
    assert run.exit_code == 0
    assert run.stdout.splitlines()[-1] == "0 rules and 2 built-in rules; installed packs: sglang (16 rules), vllm (50 rules)"


def test_rules_select_narrows_the_listing(cli):
    run = cli("rules", "--pack", "vllm", "--select", "*-never-overlaps", "--quiet")
    ids = [line.split()[0] for line in run.stdout.splitlines()[::2]]
    assert ids == ["vllm/fully-sharded-lora-never-overlaps", "vllm/sequence-parallel-never-overlaps",
                   "vllm/eplb-unsafe-backend-never-overlaps", "vllm/flashinfer-two-sided-never-overlaps"]


def test_rules_of_an_unknown_pack_is_exit_2(cli):
    run = cli("rules", "--pack", "vlm")
    assert run.exit_code == 2
    assert run.stderr == "config error: no rule pack named `vlm` (installed packs: sglang, vllm)\n"


# ---------------------------------------------------------------- ordercheck test


def test_test_takes_rules_like_check(cli):
    run = cli("test", "--rules", REPO / "rules" / "vllm")
    assert run.exit_code == 0, run.output
    assert run.stdout.splitlines()[-1].startswith("105 examples: 105 passed, 0 failed")


def test_test_selects_rules_and_quiet_shows_failures_only(cli):
    run = cli("test", "--pack", "vllm", "--select", "tp-only-*")
    assert run.stdout.splitlines()[-1] == "3 examples: 3 passed, 0 failed"
    quiet = cli("test", "--pack", "vllm", "-q")
    assert (quiet.exit_code, quiet.stdout) == (0, "")


def test_test_writes_errors_to_stderr_and_the_report_to_output(cli, tmp_path):
    (tmp_path / "bad.toml").write_text('[[rule]]\nid = "r"\npath = "m.py"\n')
    out = tmp_path / "report.txt"
    run = cli("test", "--rules", tmp_path / "bad.toml", "--pack", "vllm", "--output", out)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert f"{tmp_path / 'bad.toml'}:1: config error[r]: rule is missing `function`" in run.stderr
    assert out.read_text().splitlines()[-1].startswith("105 examples: 105 passed, 0 failed")


def test_rules_and_test_read_select_from_the_configuration_and_write_to_output(cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.ordercheck]\npacks = ["vllm"]\nselect = ["tp-only-*"]\n')
    listing = tmp_path / "rules.txt"
    run = cli("rules", "--output", listing, cwd=tmp_path)
    assert (run.exit_code, run.stdout) == (0, "")
    assert listing.read_text().splitlines()[0].split()[0] == TP_ONLY
    assert listing.read_text().splitlines()[-1] == "1 rule and 0 built-in rules; installed packs: sglang (16 rules), vllm (50 rules)"
    examples = cli("test", cwd=tmp_path)
    assert examples.stdout.splitlines()[-1] == "3 examples: 3 passed, 0 failed"
