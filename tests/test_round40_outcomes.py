"""Round 40 (explorer over shadowed-branch warnings, policies and `reachable`): a set display and a
tuple compared with one atom were one value, a returned input a fact gives was no longer the
expression a rule names, and an enum member's `str()` was computed from the model's placeholder
for it. Each a wrong shadowed-branch warning, `unreachable` or clean verdict."""

from test_round32_check import check_tree, undetermined

_SET_TUPLE = '''
    def pick(cap):
        if cap == {9, 0}:
            return "SET"
        if cap == (9, 0):
            return "TUPLE"
        return "OTHER"
'''


def test_a_set_and_a_tuple_compared_with_one_value_are_two_values(cli, tmp_path):
    # round 40 (07): `cap == {9, 0}` then `cap == (9, 0)` was a shadowed branch and 'TUPLE' unreachable
    run = check_tree(cli, tmp_path, {"m.py": _SET_TUPLE}, "m.py", "pick", 'reachable = ["\'TUPLE\'"]\n')
    assert run.exit_code == 0 and "shadowed" not in run.output, run.output
    run = check_tree(cli, tmp_path, {"m.py": _SET_TUPLE}, "m.py", "pick", 'forbid = ["\'TUPLE\'"]\n')
    assert run.exit_code == 1 and "cap=(9, 0)" in run.output, run.output


def test_a_tuple_compared_as_one_value_is_shown_as_a_tuple(cli, tmp_path):
    # round 40 (06): `cap >= (10, 0)` showed as `cap >= {10, 0}`, which reads as a set
    (tmp_path / "m.py").write_text("def pick(cap):\n    if cap == (9, 0):\n        return 'A'\n"
                                   "    if cap in ('x', 'y'):\n        return 'B'\n    return 'C'\n")
    run = cli("explain", "m.py::pick", "--root", tmp_path)
    assert "cap == (9, 0)" in run.output and 'cap in {"x", "y"}' in run.output, run.output


_PASSED = '''
    def pick(backend):
        if backend is not None and backend != "auto":
            return backend
        return "flashinfer"
'''


def test_a_returned_input_a_fact_gives_is_still_the_expression_a_rule_names(cli, tmp_path):
    # round 40 (04): with `backend = "triton"`, `expect = "backend"` failed at its own line and
    # `forbid = ["backend"]` was clean, though `backend` is returned
    given = '[rule.given]\nbackend = "triton"\n'
    run = check_tree(cli, tmp_path, {"m.py": _PASSED}, "m.py", "pick", f'expect = "backend"\n{given}')
    assert run.exit_code == 0, run.output
    run = check_tree(cli, tmp_path, {"m.py": _PASSED}, "m.py", "pick", f'forbid = ["backend"]\n{given}')
    assert run.exit_code == 1, run.output
    run = check_tree(cli, tmp_path, {"m.py": _PASSED}, "m.py", "pick", f'expect = "\'triton\'"\n{given}')
    assert run.exit_code == 0, run.output
    run = check_tree(cli, tmp_path, {"m.py": _PASSED}, "m.py", "pick",
                     f'order = [{{when = "backend is not None and backend != \'auto\'", then = "backend"}}]\n'
                     f'otherwise = "\'flashinfer\'"\n{given}')
    assert run.exit_code == 0, run.output


def test_str_of_an_input_that_is_a_str_enum_member_is_not_the_placeholder_text(cli, tmp_path):
    # round 40 (09): `str(x) == "flash"` where `x is B.FLASH` (a StrEnum's, whose str is "flash") was
    # computed false: expect 'MEMBER' clean, every run returns 'STR'
    source = '''
        import enum

        class B(enum.StrEnum):
            FLASH = "flash"
            TRITON = "triton"

        def g(x):
            if str(x) == "flash":
                return "STR"
            if x is B.FLASH:
                return "MEMBER"
            return "OTHER"
    '''
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "g", 'expect = "\'MEMBER\'"\n[rule.given]\n"x is FLASH" = true\n')
    assert undetermined(run), run.output


def test_membership_of_objects_the_function_made_is_computed(cli, tmp_path):
    # round 40 (02): `Leaf() in [Leaf()]` was an atom `Leaf() == Leaf()` free to hold; every run gives 'OUT'
    source = '''
        class Leaf:
            pass

        def pick():
            if Leaf() in [Leaf()]:
                return "IN"
            return "OUT"

        def same():
            a = Leaf()
            if a in (Leaf(), a):
                return "IN"
            return "OUT"
    '''
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "pick", 'expect = "\'OUT\'"\n')
    assert run.exit_code == 0, run.output
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "same", 'expect = "\'IN\'"\n')
    assert run.exit_code == 0, run.output


_REBOUND = '''
    def pick(cap, disable):
        ok = cap >= 80
        if disable:
            ok = False
        if ok:
            return "FLASH"
        return "TRITON"


    def once(cap, disable):
        ok = cap >= 80 and not disable
        if ok:
            return "FLASH"
        return "TRITON"
'''


def test_a_fact_naming_a_local_bound_on_two_lines_is_a_config_error(cli, tmp_path):
    # round 40 (03): `ok = true` bound `ok`'s first binding; the violation's scenario `ok=true,
    # disable=true` is a state where the guard's `ok` is False (pick(90, True) runs 'TRITON' as it should)
    given = "expect = \"'FLASH'\"\n[rule.given]\nok = true\n"
    run = check_tree(cli, tmp_path, {"m.py": _REBOUND}, "m.py", "pick", given)
    assert run.exit_code == 2 and "binds on more than one line (first at line 3)" in run.output, run.output
    policy = check_tree(cli, tmp_path, {"m.py": _REBOUND}, "m.py", "pick",
                        "order = [{ when = \"ok\", then = \"'FLASH'\" }]\notherwise = \"'TRITON'\"\n")
    assert policy.exit_code == 2 and "binds on more than one line" in policy.output, policy.output
    # one binding: the fact is the guard's value
    assert check_tree(cli, tmp_path, {"m.py": _REBOUND}, "m.py", "once", given).exit_code == 0
