"""Round 33: answers of `check` that running the code contradicts: a function bound to a name in a
class body (`is_supported = _never_supported`, a lambda, a builtin) read as a free input, attributes
of a value a fact gives (`x.real`, `hasattr(x, "upper")`) free of it, and a dunder bound by
assignment (`__bool__ = f`, `__len__ = lambda self: 0`, `__eq__ = f`, `setattr(C, "__bool__", f)`)
taken for absent."""

from test_round32_check import check_tree, undetermined


def clean(run) -> bool:
    return run.exit_code == 0 and "0 errors" in run.output


# ---------------------------------------------------------------- 05: a function bound in a class body

_BACKEND = '''
    def _never_supported(self):
        return False


    class FlashBackend:
        is_supported = {value}

        def pick(self):
            if self.is_supported({args}):
                return "FLASH"
            return "FALLBACK"
'''


def test_a_module_function_bound_in_a_class_body_is_the_classs_method(cli, tmp_path):
    # round 33: `self.is_supported()` was a free input: expect 'FALLBACK' violated with
    # `is_supported()=true`; FlashBackend().pick() is always 'FALLBACK' (_never_supported(self))
    files = {"mod.py": _BACKEND.format(value="_never_supported", args="")}
    run = check_tree(cli, tmp_path, files, "mod.py", "FlashBackend.pick", "expect = \"'FALLBACK'\"\n")
    assert clean(run), run.output


def test_a_lambda_bound_in_a_class_body_is_no_input(cli, tmp_path):
    # round 33: `is_supported = lambda self: False` was a free input: expect 'FALLBACK' violated;
    # pick() is always 'FALLBACK' (the model does not read the lambda: undetermined)
    files = {"mod.py": _BACKEND.format(value="lambda self: False", args="")}
    run = check_tree(cli, tmp_path, files, "mod.py", "FlashBackend.pick", "expect = \"'FALLBACK'\"\n")
    assert undetermined(run) and "a descriptor of FlashBackend" in run.output, run.output


def test_a_builtin_bound_in_a_class_body_is_no_input(cli, tmp_path):
    # round 33: `is_supported = len` (no descriptor: `self.is_supported("")` is len("")) was a free
    # input: expect 'FALLBACK' violated; pick() is always 'FALLBACK' (len("") is 0)
    files = {"mod.py": _BACKEND.format(value="len", args='""')}
    run = check_tree(cli, tmp_path, files, "mod.py", "FlashBackend.pick", "expect = \"'FALLBACK'\"\n")
    assert undetermined(run) and "a descriptor of FlashBackend" in run.output, run.output


# ---------------------------------------------------------------- 06: attributes of a value a fact gives

def test_hasattr_of_a_string_a_fact_gives_is_computed(cli, tmp_path):
    # round 33: `hasattr(x, 'upper')` was free: expect 'X' with x = "ab" violated with
    # `hasattr(x, 'upper')=false`; f("ab") is 'X'
    files = {"mod.py": '''
        def f(x):
            if hasattr(x, 'upper'):
                return "X"
            return "Y"
    '''}
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "expect = \"'X'\"\n[rule.given]\nx = \"ab\"\n")
    assert clean(run), run.output


def test_hasattr_of_a_number_a_fact_gives_is_computed(cli, tmp_path):
    # round 33: `hasattr(n, "bit_length")` with n = 3 was free: expect 'INT' violated; f(3) is 'INT'
    files = {"mod.py": '''
        def f(n):
            if hasattr(n, "bit_length"):
                return "INT"
            return "OTHER"
    '''}
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "expect = \"'INT'\"\n[rule.given]\nn = 3\n")
    assert clean(run), run.output


def test_getattr_with_a_default_of_a_string_a_fact_gives_is_computed(cli, tmp_path):
    # round 33: `getattr(x, "upper", None)` was the free atom `x.upper`: forbid 'NOUPPER' with
    # x = "ab" violated with `upper=None`; f("ab") is 'HAS'
    files = {"mod.py": '''
        def f(x):
            if getattr(x, "upper", None) is None:
                return "NOUPPER"
            return "HAS"
    '''}
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "forbid = [\"'NOUPPER'\"]\n[rule.given]\nx = \"ab\"\n")
    assert clean(run), run.output


def test_an_attribute_of_a_number_a_fact_gives_is_computed(cli, tmp_path):
    # round 33: `n.real` with n = 3 was free: forbid 'Y' violated with `real=<2|2`; f(3) is 'X'
    files = {"mod.py": '''
        def f(n):
            if n.real > 2:
                return "X"
            return "Y"
    '''}
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "forbid = [\"'Y'\"]\n[rule.given]\nn = 3\n")
    assert clean(run), run.output


def test_an_attribute_a_given_value_lacks_is_tied_to_it(cli, tmp_path):
    # round 33: `x.upper` with x = 3 was free: expect 'Y' violated with `upper=true`; f(3) raises
    # AttributeError there, which the model does not say: undetermined, no definite answer
    files = {"mod.py": '''
        def f(x):
            if x.upper:
                return "X"
            return "Y"
    '''}
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "expect = \"'Y'\"\n[rule.given]\nx = 3\n")
    assert undetermined(run) and "computed from `x`" in run.output, run.output


# ---------------------------------------------------------------- 09: dunders bound by assignment

_TRUTH = '''
    def _never(self):
        return False


    class Empty:
        {body}
    {after}

    def f(a):
        cfg = Empty()
        if cfg:
            return "TRUTHY"
        return "FALSY"
'''


def test_a_bool_dunder_bound_to_a_module_function_decides_truth(cli, tmp_path):
    # round 33: `__bool__ = _never` was missed, Empty() taken as true: expect 'TRUTHY' clean;
    # f(1) is 'FALSY'
    files = {"mod.py": _TRUTH.format(body="__bool__ = _never", after="")}
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "expect = \"'TRUTHY'\"\n")
    assert undetermined(run) and "which its class decides" in run.output, run.output


def test_a_len_dunder_bound_to_a_lambda_decides_truth(cli, tmp_path):
    # round 33: `__len__ = lambda self: 0` was missed: expect 'TRUTHY' clean; f(1) is 'FALSY'
    files = {"mod.py": _TRUTH.format(body="__len__ = lambda self: 0", after="")}
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "expect = \"'TRUTHY'\"\n")
    assert undetermined(run) and "which its class decides" in run.output, run.output


def test_a_bool_dunder_set_on_the_class_by_setattr_decides_truth(cli, tmp_path):
    # round 33: `setattr(Empty, "__bool__", _never)` after the class was missed: expect 'TRUTHY'
    # clean; f(1) is 'FALSY'
    files = {"mod.py": _TRUTH.format(body="pass", after='setattr(Empty, "__bool__", _never)')}
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "expect = \"'TRUTHY'\"\n")
    assert undetermined(run) and "which its class decides" in run.output, run.output


def test_an_eq_dunder_bound_to_a_module_function_decides_equality(cli, tmp_path):
    # round 33: `__eq__ = _always` was missed, two objects compared by identity: expect
    # 'DIFFERENT' clean; f(1) is 'EQUAL'
    files = {"mod.py": '''
        def _always(self, other):
            return True


        class Key:
            __eq__ = _always
            __hash__ = object.__hash__


        def f(a):
            if Key() == Key():
                return "EQUAL"
            return "DIFFERENT"
    '''}
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "expect = \"'DIFFERENT'\"\n")
    assert undetermined(run) and "Key() == Key()" in run.output, run.output


def test_an_eq_dunder_bound_to_a_lambda_decides_equality(cli, tmp_path):
    # round 33: `__eq__ = lambda self, other: True` (with `__hash__ = None`) was missed: expect
    # 'DIFFERENT' clean; f(1) is 'EQUAL'
    files = {"mod.py": '''
        class Key:
            __hash__ = None
            __eq__ = lambda self, other: True


        def f(a):
            if Key() == Key():
                return "EQUAL"
            return "DIFFERENT"
    '''}
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "expect = \"'DIFFERENT'\"\n")
    assert undetermined(run) and "Key() == Key()" in run.output, run.output


def test_a_bool_dunder_set_by_setattr_in_another_module_decides_truth(cli, tmp_path):
    # round 33: `setattr(Empty, "__bool__", _never)` in a module importing Empty was missed:
    # expect 'TRUTHY' clean; f(1) is 'FALSY'
    files = {"m.py": _TRUTH.format(body="pass", after=""), "s.py": '''
        from m import Empty, _never
        setattr(Empty, "__bool__", _never)


        def f(a):
            if Empty():
                return "TRUTHY"
            return "FALSY"
    '''}
    run = check_tree(cli, tmp_path, files, "s.py", "f", "expect = \"'TRUTHY'\"\n")
    assert undetermined(run) and "which its class decides" in run.output, run.output


def test_an_eq_dunder_bound_in_an_int_enum_body_decides_equality(cli, tmp_path):
    # round 33: `__eq__ = _eq` in an IntEnum's body was missed, its members compared as ints:
    # expect 'NE' clean; f(1) is 'EQ'
    files = {"mod.py": '''
        from enum import IntEnum


        def _eq(self, other):
            return True


        class Lvl(IntEnum):
            LOW = 1
            HIGH = 2
            __eq__ = _eq
            __hash__ = IntEnum.__hash__


        def f(n):
            if Lvl.LOW == 5:
                return "EQ"
            return "NE"
    '''}
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "expect = \"'NE'\"\n")
    assert undetermined(run) and "Lvl.LOW == 5" in run.output, run.output
