"""Round 34: a test that ties an object to code of the tree (`type(x) is C`, `x.__class__ is C`,
`type(x) in (C,)`, `m is Mode.A`, `m == Mode.A`, `m in (Mode.A,)`, `isinstance(m, Mode)` of an
enum) left what that code decides of the object (`x.p` of C's property, `x.m()` of its method,
`m.fast` of the member) a free input: a counterexample gave it a value the class never gives. Where
the test holds, the read is now the class's code run on the object (an exact class), the member's
attribute, or unknown (an enum's member the test does not name); a free read made before the test,
on a path that may reach it, leaves the test itself unknown. (`isinstance(x, C)` of a class that may
have subclasses keeps `x.p` an input: a subclass may give it any value.)"""

import textwrap

from test_round32_check import check_tree, undetermined

_C = '''
    class C:
        @property
        def p(self):
            return 1

        def m(self):
            return 1


'''
_MODE = '''
    import enum


    class Mode(enum.Enum):
        A = 1
        B = 2

        @property
        def fast(self):
            return {fast}

        def quick(self):
            return self is Mode.A


'''


def sound(run) -> bool:
    """Clean where running gives what the rule wants, or undetermined; never a definite other."""
    return run.exit_code == 0 or undetermined(run)


def check_class(cli, tmp_path, body: str, forbid: str = "'NOTONE'"):
    return check_tree(cli, tmp_path, {"mod.py": textwrap.dedent(_C) + textwrap.dedent(body)}, "mod.py", "f", f"forbid = [\"{forbid}\"]\n")


def check_mode(cli, tmp_path, body: str, fast: str = "self is Mode.A"):
    return check_tree(cli, tmp_path, {"mod.py": textwrap.dedent(_MODE.format(fast=fast)) + textwrap.dedent(body)}, "mod.py", "f", "forbid = [\"'SLOW'\"]\n")


# ---------------------------------------------------------------- the class `type(x) is` names

def test_a_property_of_the_class_type_x_is_narrows_to_is_not_a_free_input(cli, tmp_path):
    # violation "p=other than 1"; every x with type(x) is C returns 'ONE'
    mod = ("class C:\n    @property\n    def p(self):\n        return 1\n\n\ndef f(x):\n    if type(x) is C:\n"
           "        if x.p == 1:\n            return 'ONE'\n        return 'NOTONE'\n    return 'OTHER'\n")
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "f", "forbid = [\"'NOTONE'\"]\n")
    assert sound(run), run.output


def test_a_property_after_type_x_equals_the_class_is_the_property_run_on_x(cli, tmp_path):
    # running: f(C()) is 'ONE', any other x 'OTHER'; was a violation "p=other than 1"
    run = check_class(cli, tmp_path, '''
        def f(x):
            if type(x) == C:
                if x.p == 1:
                    return 'ONE'
                return 'NOTONE'
            return 'OTHER'
    ''')
    assert run.exit_code == 0 and "shadowed" in run.output, run.output


def test_a_property_after_x_class_is_the_class_is_the_property_run_on_x(cli, tmp_path):
    # running: f(C()) is 'ONE', any other x 'OTHER'; was a violation "p=other than 1"
    run = check_class(cli, tmp_path, '''
        def f(x):
            if x.__class__ is C:
                if x.p == 1:
                    return 'ONE'
                return 'NOTONE'
            return 'OTHER'
    ''')
    assert run.exit_code == 0, run.output


def test_a_property_after_type_x_in_a_tuple_of_classes_is_the_class_s(cli, tmp_path):
    # running: f(C()) is 'ONE', any other x 'OTHER'; was a violation "p=other than 1"
    run = check_class(cli, tmp_path, '''
        def f(x):
            if type(x) in (C,):
                if x.p == 1:
                    return 'ONE'
                return 'NOTONE'
            return 'OTHER'
    ''')
    assert run.exit_code == 0, run.output


def test_a_property_after_an_early_return_on_not_type_x_is_the_class_s(cli, tmp_path):
    # running: f(C()) is 'ONE', any other x 'OTHER'; was a violation "p=other than 1"
    run = check_class(cli, tmp_path, '''
        def f(x):
            if not type(x) is C:
                return 'OTHER'
            if x.p == 1:
                return 'ONE'
            return 'NOTONE'
    ''')
    assert run.exit_code == 0, run.output


def test_a_property_of_an_attribute_narrowed_inside_a_nested_test_is_the_class_s(cli, tmp_path):
    # running: 'ONE' for every cfg (cfg.x.p is 1 wherever type(cfg.x) is C); was a violation
    run = check_class(cli, tmp_path, '''
        def f(cfg):
            if cfg.x is not None:
                if type(cfg.x) is C:
                    if cfg.x.p != 1:
                        return 'NOTONE'
            return 'ONE'
    ''')
    assert run.exit_code == 0, run.output


def test_a_method_of_the_class_type_x_is_names_is_the_method_run_on_x(cli, tmp_path):
    # running: f(C()) is 'ONE' (x.m() is 1); was a violation "x.m()=other than 1"
    run = check_class(cli, tmp_path, '''
        def f(x):
            if type(x) is C:
                if x.m() == 1:
                    return 'ONE'
                return 'NOTONE'
            return 'OTHER'
    ''')
    assert run.exit_code == 0, run.output


def test_a_helper_reading_the_property_of_a_narrowed_argument_reads_the_class_s(cli, tmp_path):
    # running: f(C()) is 'ONE' (one(x) is true); was a violation "p=other than 1"
    run = check_class(cli, tmp_path, '''
        def one(y):
            return y.p == 1


        def f(x):
            if type(x) is C and one(x):
                return 'ONE'
            if type(x) is C:
                return 'NOTONE'
            return 'OTHER'
    ''')
    assert run.exit_code == 0, run.output


def test_a_property_read_before_the_type_test_leaves_the_test_unknown(cli, tmp_path):
    # running: f(C()) is 'ONE' (v is C's 1); was a violation "p=other than 1"
    run = check_class(cli, tmp_path, '''
        def f(x):
            v = x.p
            if type(x) is C:
                if v == 1:
                    return 'ONE'
                return 'NOTONE'
            return 'OTHER'
    ''')
    assert undetermined(run) and "<type(x) is C>" in run.output, run.output


def test_a_property_read_on_a_path_that_left_before_the_type_test_leaves_the_test_known(cli, tmp_path):
    # running with early false: f(C(), False) is 'ONE'; was a violation "p=other than 1"
    run = check_tree(cli, tmp_path, {"mod.py": textwrap.dedent(_C) + textwrap.dedent('''
        def f(x, early):
            if early:
                if x.p == 2:
                    return 'TWO'
                return 'OTHER'
            if type(x) is C:
                if x.p == 1:
                    return 'ONE'
                return 'NOTONE'
            return 'OTHER'
    ''')}, "mod.py", "f", "forbid = [\"'NOTONE'\"]\n[rule.given]\nearly = false\n")
    assert run.exit_code == 0, run.output


def test_a_property_of_an_enum_type_m_is_names_is_the_enum_s(cli, tmp_path):
    # running: f(Mode.A), f(Mode.B) are 'FAST' (fast is always True); was a violation "fast=false"
    run = check_mode(cli, tmp_path, '''
        def f(m):
            if type(m) is Mode:
                if m.fast:
                    return 'FAST'
                return 'SLOW'
            return 'OTHER'
    ''', fast="True")
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- a member

def test_a_property_of_an_enum_a_member_test_narrows_to_is_not_a_free_input(cli, tmp_path):
    # violation "m=Mode.A, fast=false"; f(Mode.A) is 'FAST'
    mod = ("import enum\n\n\nclass Mode(enum.Enum):\n    A = 1\n    B = 2\n\n    @property\n    def fast(self):\n"
           "        return self is Mode.A\n\n\ndef f(m):\n    if m is Mode.A:\n        if m.fast:\n            return 'FAST'\n"
           "        return 'SLOW'\n    return 'OTHER'\n")
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "f", "forbid = [\"'SLOW'\"]\n")
    assert sound(run), run.output


def test_a_property_after_m_equals_a_member_of_a_plain_enum_is_the_member_s(cli, tmp_path):
    # running: f(Mode.A) is 'FAST'; was a violation "m=Mode.A, fast=false"
    run = check_mode(cli, tmp_path, '''
        def f(m):
            if m == Mode.A:
                if m.fast:
                    return 'FAST'
                return 'SLOW'
            return 'OTHER'
    ''')
    assert undetermined(run) and "<Mode.A.fast>" in run.output, run.output


def test_a_property_after_m_in_a_tuple_of_members_is_the_member_s(cli, tmp_path):
    # running: f(Mode.A) is 'FAST'; was a violation "m=Mode.A, fast=false"
    run = check_mode(cli, tmp_path, '''
        def f(m):
            if m in (Mode.A,):
                if m.fast:
                    return 'FAST'
                return 'SLOW'
            return 'OTHER'
    ''')
    assert undetermined(run) and "<Mode.A.fast>" in run.output, run.output


def test_a_method_of_a_member_after_an_early_return_on_is_not_is_the_member_s(cli, tmp_path):
    # running: f(Mode.A) is 'FAST' (Mode.A.quick() is true); was a violation "m.quick()=false"
    run = check_mode(cli, tmp_path, '''
        def f(m):
            if m is not Mode.A:
                return 'OTHER'
            if m.quick():
                return 'FAST'
            return 'SLOW'
    ''')
    assert undetermined(run) and "<Mode.A.quick>" in run.output, run.output


def test_a_property_of_a_member_read_before_the_member_test_leaves_the_test_unknown(cli, tmp_path):
    # running: f(Mode.A) is 'FAST' (quick is Mode.A.fast, true); was a violation "m=Mode.A, fast=false"
    run = check_mode(cli, tmp_path, '''
        def f(m):
            quick = m.fast
            if m is Mode.A:
                if quick:
                    return 'FAST'
                return 'SLOW'
            return 'OTHER'
    ''')
    assert undetermined(run) and "<m is Mode.A>" in run.output, run.output


# ---------------------------------------------------------------- `isinstance` of an enum (no subclass)

def test_a_property_after_isinstance_of_an_enum_is_no_free_input(cli, tmp_path):
    # running: every member's fast is True, 'FAST'; was a violation "fast=false"
    run = check_mode(cli, tmp_path, '''
        def f(m):
            if isinstance(m, Mode):
                if m.fast:
                    return 'FAST'
                return 'SLOW'
            return 'OTHER'
    ''', fast="True")
    assert undetermined(run), run.output


def test_a_property_read_before_isinstance_of_an_enum_leaves_the_test_unknown(cli, tmp_path):
    # running: every member's fast is True, 'FAST'; was a violation "fast=false"
    run = check_mode(cli, tmp_path, '''
        def f(m):
            quick = m.fast
            if isinstance(m, Mode):
                if quick:
                    return 'FAST'
                return 'SLOW'
            return 'OTHER'
    ''', fast="True")
    assert undetermined(run) and "isinstance(m, Mode)" in run.output, run.output
