"""Round 48 (found reviewing helper-105's fix): `diff` takes every read of a text as one value
(calls change nothing it reads), so a read after a call in one version only (`cfg.refresh()`
added before `if cfg.n > 1`), or after other calls in each (two helper calls swapped before the
read), was "0 decisions changed" where running the two versions differs. Such a text is now a
part the versions may not share: not compared where nothing else changes, and a caveat on the
changes listed."""

from test_round46_diff import _trees

_READ = 'def f(cfg):\n{call}    if cfg.n > 1:\n        return "A"\n    return "B"\n'


class _Cfg:
    def __init__(self, n):
        self.n = n

    def refresh(self):
        self.n = 5


def _returns(source: str, cfg) -> str:
    namespace: dict = {}
    exec(source, namespace)
    return namespace["f"](cfg)


def test_a_call_added_before_a_read_is_not_compared_as_unchanged(cli, tmp_path):
    old_src, new_src = _READ.format(call=""), _READ.format(call="    cfg.refresh()\n")
    assert (_returns(old_src, _Cfg(0)), _returns(new_src, _Cfg(0))) == ("B", "A")
    old, new = _trees(tmp_path, {"m.py": old_src}, {"m.py": new_src})
    run = cli("diff", old, new, "--no-cache")
    assert run.exit_code == 1 and "not compared" in run.output, run.output  # (was "0 decisions changed", exit 0)
    assert "`cfg.n` is read after `cfg.refresh()` in one version only, or another number of times, which may change it" in run.output


def test_another_call_before_a_read_is_not_compared_as_unchanged(cli, tmp_path):
    old, new = _trees(tmp_path, {"m.py": _READ.format(call="    cfg.reset()\n")}, {"m.py": _READ.format(call="    cfg.refresh()\n")})
    run = cli("diff", old, new, "--no-cache")
    assert run.exit_code == 1 and "not compared" in run.output, run.output


def test_the_same_call_before_a_read_in_both_versions_is_compared(cli, tmp_path):
    source = _READ.format(call="    cfg.refresh()\n")
    old, new = _trees(tmp_path, {"m.py": source}, {"m.py": source + "\n\ndef g():\n    return 1\n"})
    run = cli("diff", old, new, "--no-cache")
    assert run.exit_code == 0 and "0 decisions changed in 0 files (1 compared)" in run.output, run.output


def test_a_change_found_over_such_a_read_says_more_may_change(cli, tmp_path):
    old, new = _trees(tmp_path, {"m.py": _READ.format(call="    cfg.refresh()\n")},
                      {"m.py": _READ.format(call="").replace("cfg.n > 1", "cfg.n > 2")})
    run = cli("diff", old, new, "--no-cache")
    assert run.exit_code == 1 and "configurations not listed may change path too" in run.output, run.output
    assert "it is read after `cfg.refresh()` in one version only" in run.output


def test_a_call_made_another_number_of_times_before_a_read_is_not_compared_as_unchanged(cli, tmp_path):
    # round 50: one `cfg.bump()` -> two, or `range(1)` -> `range(2)` around it: "0 decisions changed"
    old, new = _trees(tmp_path, {"m.py": _READ.format(call="    cfg.bump()\n")},
                      {"m.py": _READ.format(call="    cfg.bump()\n    cfg.bump()\n")})
    run = cli("diff", old, new, "--no-cache")
    assert run.exit_code == 1 and "not compared" in run.output, run.output


def test_a_read_in_an_outcome_after_a_call_one_version_makes_is_not_compared_as_unchanged(cli, tmp_path):
    # round 50: `{"k": cfg.n}` after a `cfg.refresh()` the new version alone makes: "0 decisions changed"
    source = 'def f(cfg, x):\n{call}    if x:\n        return {{"k": cfg.n}}\n    return {{}}\n'
    old, new = _trees(tmp_path, {"m.py": source.format(call="")}, {"m.py": source.format(call="    cfg.refresh()\n")})
    run = cli("diff", old, new, "--no-cache")
    assert run.exit_code == 1 and "not compared" in run.output, run.output
