"""Round 47 (explorer of rules, explain and the runtime): what a reader of `explain` and of a
finding's scenario could not tell apart. A text read again after a call that may change it is a
second atom: the table, the JSON and the diagrams wrote both reads alike (`n > 1` twice, "1 atom"),
so the second row read as one that cannot fire while running the function takes it. A scenario
shortened two atoms to one last name (`self.x`, `cfg.x`: "x=false, x=true"), and a value and its
truth to one text ("n=other, n=false")."""

import json

from test_round32_check import check_tree

_REREAD = '''
    def pick(cfg):
        if cfg.n > 1:
            return "A"
        cfg.refresh()
        if cfg.n > 1:
            return "B"
        return "C"
'''


def _explain(cli, tmp_path, *extra):
    (tmp_path / "sel.py").write_text(_REREAD.lstrip().replace("\n    ", "\n"))
    return cli("explain", "sel.py::pick", "--root", tmp_path, *extra)


class _Cfg:
    def __init__(self, n):
        self.n = n

    def refresh(self):
        self.n += 2


def test_a_text_read_again_after_a_call_is_its_own_atom_in_the_table(cli, tmp_path):
    run = _explain(cli, tmp_path)
    assert run.exit_code == 0
    lines = run.output.splitlines()
    assert lines[0] == "pick  (sel.py:1, 3 branches, 2 atoms)"
    assert lines[2].split(None, 3)[3] == "n > 1"
    assert lines[3].split(None, 3)[3] == "n (after cfg.refresh()) > 1"
    # the truth: row 2 fires where row 1 did not (the call changed what `cfg.n` reads)
    namespace: dict = {}
    exec(_REREAD.replace("\n    ", "\n"), namespace)
    assert namespace["pick"](_Cfg(0)) == "B"


def test_the_json_and_the_diagrams_tell_the_two_reads_apart(cli, tmp_path):
    data = json.loads(_explain(cli, tmp_path, "--format", "json").output)
    assert data["atoms"] == ["cfg.n", "cfg.n (after cfg.refresh())"]
    assert [b["guard"] for b in data["branches"][:2]] == ["cfg.n > 1", "cfg.n (after cfg.refresh()) > 1"]
    mermaid = _explain(cli, tmp_path, "--format", "mermaid").output
    assert 'g1{"n (after cfg.refresh()) #gt; 1"}' in mermaid


def test_a_text_read_once_after_a_call_keeps_its_plain_name(cli, tmp_path):
    # (the flagship table reads every atom after a call: naming each call there would be noise)
    (tmp_path / "sel.py").write_text('def pick(cfg):\n    cfg.refresh()\n    if cfg.n > 1:\n        return "A"\n    return "C"\n')
    run = cli("explain", "sel.py::pick", "--root", tmp_path)
    assert run.output.splitlines()[2].split(None, 3)[3] == "n > 1"


def test_a_scenario_names_two_atoms_of_one_last_name_in_full(cli, tmp_path):
    files = {"pkg/__init__.py": "", "pkg/s2.py": '''
        class S:
            def pick(self, cfg):
                if self.x:
                    return "A"
                if cfg.x:
                    return "B"
                return "C"
    '''}
    run = check_tree(cli, tmp_path, files, "pkg/s2.py", "S.pick", 'order = [{ when = "x", then = "A" }]\notherwise = "C"\n')
    assert run.exit_code == 1
    assert "scenario  self.x=false, cfg.x=true" in run.output
    assert "because   cfg.x = true" in run.output
    assert "x=false, x=true" not in run.output


def test_a_value_and_its_truth_are_two_names_in_a_scenario(cli, tmp_path):
    files = {"pkg/__init__.py": "", "pkg/m.py": '''
        def f(n):
            if n:
                return "A"
            return "B"
    '''}
    run = check_tree(cli, tmp_path, files, "pkg/m.py", "f", 'order = [{ when = "n != 0", then = "A" }]\notherwise = "B"\n')
    assert run.exit_code == 1
    assert "scenario  n=other, bool(n)=false" in run.output
    # the truth: a falsy value other than 0 (None, "") is `n != 0` and takes "B"
    namespace: dict = {}
    exec(files["pkg/m.py"].replace("\n        ", "\n"), namespace)
    assert namespace["f"](None) == "B"


# ---------------------------------------------------------------- discover --suggest


def _suggest_and_check(cli, tmp_path, source: str, function: str):
    (tmp_path / "m.py").write_bytes(source.encode("latin-1"))
    run = cli("discover", "--root", tmp_path, "--suggest", f"m.py::{function}")
    assert run.exit_code == 0, run.output
    (tmp_path / "s.toml").write_text(run.output)
    return run.output, cli("check", "--rules", tmp_path / "s.toml", "--root", tmp_path)


def test_a_suggested_fact_against_a_boolean_names_it_as_python_does(cli, tmp_path):
    # round 47: `"b != true" = true` (TOML's spelling in a Python key): a config error, exit 2
    text, run = _suggest_and_check(cli, tmp_path, 'def v(b, c):\n    if b == True:\n        return "T"\n'
                                   '    if c is False:\n        return "F"\n    return "N"\n', "v")
    assert '"b != True" = true' in text
    assert run.exit_code == 0, run.output


def test_a_suggested_other_string_is_none_of_the_functions_own(cli, tmp_path):
    # round 47: the fall-through's rule pinned m = "other", which the function tests: exit 1 on its own code
    text, run = _suggest_and_check(cli, tmp_path, 'def o(m):\n    if m == "other":\n        return "OTHER_MODE"\n'
                                   '    if m == "a":\n        return "A"\n    return "DEFAULT"\n', "o")
    assert '"m" = "other1"' in text
    assert run.exit_code == 0, run.output


def test_discover_reads_a_file_of_a_declared_coding(cli, tmp_path):
    # round 47: "skipped m.py: not UTF-8", where Python, check and --suggest read it
    (tmp_path / "m.py").write_bytes('# -*- coding: latin-1 -*-\ndef g(a):\n    if a == "\xe9":\n        return "E"\n'
                                    '    if a == "b":\n        return "B"\n    return "N"\n'.encode("latin-1"))
    run = cli("discover", "--root", tmp_path, "--no-cache", tmp_path)
    assert "m.py::g" in run.output and "skipped" not in run.output
