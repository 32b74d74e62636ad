"""Round 36: a unary operator over a parenthesised expression lost its parentheses. The model keeps
arithmetic on inputs as text it computes from the facts; `-(-n // 4)` (the ceiling division) was
kept as `--n // 4`, `(-n) ** 2` as `-n ** 2`, `(-2) ** s` as `-2 ** s`, `-(s or 1)` as `-s if s else 1`:
other expressions, so `check` was clean where every run takes the forbidden branch, and `diff` said
nothing changed when an edit removed the parentheses. Operands are now parenthesised wherever they
are expressions or negative numbers, and an operator on a condition's value is unknown."""

import pytest

from test_round32_check import check_tree, undetermined

_PICK = '''
    def pick(n):
        if {guard}:
            return "HIT"
        return "MISS"
'''


def _python(guard: str, n) -> str:
    namespace: dict = {}
    exec(f"def pick(n):\n    return 'HIT' if {guard} else 'MISS'\n", namespace)
    return repr(namespace["pick"](n))


@pytest.mark.parametrize("guard, n", [
    ("-(-n // 4) == 2", 5),
    ("-(n // 2) == -1", 3),
    ("-(n % 5) == -3", 3),
    ("(-n) ** 2 == 9", 3),
    ("(-2) ** n == 4", 2),
    ("~(n & 1) == -2", 3),
    ("-(n - 1) == -2", 3),
    ("abs(-(n - 9)) == 6", 3),
    ("-(n or 1) == -1", 0),
    ("-(n > 1) == -1", 3),
    ("[-n][0] ** 2 == 9", 3),
])
def test_an_operator_over_an_expression_keeps_its_parentheses(cli, tmp_path, guard, n):
    # round 36: clean (computed as another expression); with the fact's value every run is 'HIT'
    assert _python(guard, n) == "'HIT'"
    run = check_tree(cli, tmp_path, {"mod.py": _PICK.replace("{guard}", guard)}, "mod.py", "pick",
                     f"forbid = [\"'HIT'\"]\n[rule.given]\nn = {n}\n")
    assert run.exit_code == 1 and (undetermined(run) or "got       'HIT'" in run.output), run.output
    run = check_tree(cli, tmp_path, {"mod.py": _PICK.replace("{guard}", guard)}, "mod.py", "pick",
                     f"expect = \"'HIT'\"\n[rule.given]\nn = {n}\n")
    assert run.exit_code == 0 or undetermined(run), run.output


def test_explain_shows_the_parentheses(cli, tmp_path):
    (tmp_path / "mod.py").write_text("def pick(num_tokens):\n    if -(-num_tokens // 4) == 2:\n        return 'TWO'\n    return 'OTHER'\n")
    run = cli("explain", f"{tmp_path / 'mod.py'}::pick")
    assert "-((-num_tokens) // 4) == 2" in run.output, run.output


@pytest.mark.parametrize("old, new", [
    ("-(-n // 4) > 2", "--n // 4 > 2"),
    ("-(n // 2) < -1", "-n // 2 < -1"),
    ("-(a + b) == -2", "-a + b == -2"),
    ("~(a | b) == -2", "~a | b == -2"),
])
def test_diff_of_an_edit_that_drops_the_parentheses_is_no_unchanged(cli, tmp_path, old, new):
    # round 36: "0 decisions changed"; the two versions return differently (n = 9..11, a = b = 1)
    for side, guard in (("old", old), ("new", new)):
        (tmp_path / side).mkdir()
        (tmp_path / side / "sel.py").write_text(f"def pick(n, a, b):\n    if {guard}:\n        return 'MANY'\n    return 'FEW'\n")
    run = cli("diff", tmp_path / "old", tmp_path / "new", "--no-cache")
    assert "0 decisions changed in 0 files (1 compared)" not in run.output, run.output
    assert "not compared" in run.output or "1 decision changed" in run.output, run.output
