"""The pre-commit fast path (`ordercheck.quick`): `check FILES` that no rule targets is answered
from what a full run remembered, exactly as the full run answers it, and never where the rules,
the options or the files could make the full run say something else (issue 10: a run on files
no rule targets costs at most 3x `python -c pass`)."""

import subprocess
import sys
import textwrap

from ordercheck.quick import untargeted

RULE = textwrap.dedent('''
    [[rule]]
    id = "r"
    path = "pkg/sel.py"
    function = "pick"
    forbid = ["'SLOW'"]
''')
SOURCE = textwrap.dedent('''
    def pick(fast):
        if fast:
            return "FAST"
        return "SLOW"
''')


def project(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "sel.py").write_text(SOURCE)
    (tmp_path / "pkg" / "other.py").write_text("X = 1\n")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.toml").write_text(RULE)
    return tmp_path


def test_an_untargeted_file_is_answered_as_the_full_run_answers_it(cli, tmp_path, monkeypatch):
    project(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = ["check", "--rules", "rules", "pkg/other.py"]
    assert untargeted(args) is None  # (nothing remembered yet)
    full = cli(*args)
    assert full.exit_code == 0
    assert untargeted(args) == full.stdout
    assert (tmp_path / ".ordercheck_cache" / ".gitignore").read_text().splitlines()[-1] == "*"  # (git never lists it)
    assert untargeted([*args, "-q"]) == cli(*args, "-q").stdout == ""
    assert untargeted(["check", "--rules=rules", "--color", "never", "--format", "text", "--", "pkg/other.py"]) == full.stdout


def test_what_the_full_run_must_decide_is_left_to_it(cli, tmp_path, monkeypatch):
    project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli("check", "--rules", "rules", "pkg/other.py").exit_code == 0
    assert untargeted(["check", "--rules", "rules", "pkg/sel.py"]) is None  # a file a rule targets
    assert untargeted(["check", "--rules", "rules", "pkg"]) is None  # a folder holding one
    assert untargeted(["check", "--rules", "rules", "pkg/missing.py"]) is None  # exit 2 there
    assert untargeted(["check", "--rules", "rules"]) is None  # no FILES: every target
    for option in (["--format", "json"], ["--output", "out.txt"], ["--base", "HEAD"], ["--no-cache"], ["--debug"],
                   ["--color", "sometimes"], ["-qq"], ["--pack"]):
        assert untargeted(["check", "--rules", "rules", *option, "pkg/other.py"]) is None, option
    assert untargeted(["explain", "pkg/sel.py::pick"]) is None


def test_a_rule_file_changed_after_the_run_is_read_again(cli, tmp_path, monkeypatch):
    # a rule whose `path` now names the file, or a rule file that no longer parses: the full
    # run's answer (a finding, exit 2), never the remembered "nothing targeted"
    project(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = ["check", "--rules", "rules", "pkg/other.py"]
    assert cli(*args).exit_code == 0 and untargeted(args) is not None
    (tmp_path / "rules" / "r.toml").write_text(RULE.replace("pkg/sel.py", "pkg/other.py"))
    assert untargeted(args) is None
    (tmp_path / "rules" / "r.toml").write_text(RULE.replace('forbid = ', 'forbid = ['))
    assert untargeted(args) is None
    assert cli(*args).exit_code == 2
    assert untargeted(args) is None  # (a run with errors is not remembered)
    (tmp_path / "rules" / "more.toml").write_text(RULE.replace('id = "r"', 'id = "s"'))
    (tmp_path / "rules" / "r.toml").write_text(RULE)
    assert untargeted(args) is None  # (a rule file added to the folder)


def test_options_that_choose_rules_are_part_of_what_is_remembered(cli, tmp_path, monkeypatch):
    project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli("check", "--rules", "rules", "--select", "r", "pkg/other.py").exit_code == 0
    assert untargeted(["check", "--rules", "rules", "--select", "r", "pkg/other.py"]) is not None
    assert untargeted(["check", "--rules", "rules", "--ignore", "r", "pkg/other.py"]) is None
    assert untargeted(["check", "--rules", "rules", "--select", "nothing", "pkg/other.py"]) is None
    assert cli("check", "--rules", "rules", "--select", "nothing", "pkg/other.py").exit_code == 2
    (tmp_path / "pyproject.toml").write_text('[tool.ordercheck]\nrules = ["rules"]\nexclude = ["pkg/*"]\n')
    assert untargeted(["check", "pkg/other.py"]) is None  # (the configuration's choice: not seen yet)
    assert cli("check", "pkg/other.py").exit_code == 0
    assert untargeted(["check", "pkg/other.py"]) == cli("check", "pkg/other.py").stdout
    (tmp_path / "pyproject.toml").write_text('[tool.ordercheck]\nrules = ["rules"]\nroot = 3\n')
    assert untargeted(["check", "pkg/other.py"]) is None  # (a configuration error)


def test_no_cache_neither_reads_nor_writes(cli, tmp_path, monkeypatch):
    project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli("check", "--rules", "rules", "--no-cache", "pkg/other.py").exit_code == 0
    assert not (tmp_path / ".ordercheck_cache").exists()
    assert untargeted(["check", "--rules", "rules", "pkg/other.py"]) is None


def test_the_command_answers_without_the_command_line_library(cli, tmp_path):
    project(tmp_path)
    assert cli("check", "--rules", tmp_path / "rules", "--root", tmp_path, tmp_path / "pkg" / "other.py").exit_code == 0
    probe = ("import sys, runpy; sys.argv = ['ordercheck', 'check', '--rules', 'rules', 'pkg/other.py']\n"
             "try:\n    runpy.run_module('ordercheck', run_name='__main__')\n"
             "except SystemExit as done:\n    print(done.code, sorted(m for m in sys.modules if m in ('click', 'ordercheck.rules', 'ordercheck.model')))\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.stdout.splitlines() == ["0 errors, 0 warnings in 0 targets (0 rules, 0 files)", "0 []"], done.stdout + done.stderr


def test_a_check_reads_the_rules_it_parsed_before_and_parses_a_changed_file_again(cli, tmp_path, monkeypatch):
    # the parsed rules are kept (signed) under the root: a second check parses no rule file; an
    # edited one is parsed again, and its finding is the new rule's
    import ordercheck.api as api

    project(tmp_path)
    monkeypatch.chdir(tmp_path)
    first = cli("check", "--rules", "rules", "pkg/sel.py")
    assert first.exit_code == 1 and "'SLOW'" in first.output
    parsed = []
    real = api.parse_rules
    monkeypatch.setattr(api, "parse_rules", lambda *a, **k: parsed.append(a) or real(*a, **k))
    assert cli("check", "--rules", "rules", "pkg/sel.py").output == first.output and not parsed
    (tmp_path / "rules" / "r.toml").write_text(RULE.replace("'SLOW'", "'FAST'"))
    again = cli("check", "--rules", "rules", "pkg/sel.py")
    assert parsed and again.exit_code == 1 and "'FAST'" in again.output
    assert cli("check", "--rules", "rules", "--no-cache", "pkg/sel.py").output == again.output
