"""Round 28: `diff` over reads the model took as values of the same text in both versions (a class
attribute read through `type(self)` or `super()`, a decorator of the tree written as a module's
attribute or a call of a class, a class decorator or module-level code rewriting a method). Each case
once gave "0 decisions changed" where running both versions differs."""

import pytest
from test_soundness import _diff_tree


def _changed(run) -> bool:
    """A change said or a target not compared: never the silent "0 decisions changed"."""
    return ("1 decision changed" in run.output or "not compared" in run.output) and run.exit_code != 0


# ---------------------------------------------------------------- 01: `type(self).X`, `self.__class__.X`

_PICK = '''
class Sel:
    LIMIT = 8

    def lim(self):
        return 8

    def pick(self, n):
        if n >= READ:
            return 'big'
        return 'small'
'''


@pytest.mark.parametrize("read", [
    "type(self).LIMIT",
    "self.__class__.LIMIT",
    "getattr(type(self), 'LIMIT')",
    "(k := type(self)).LIMIT + 0 * k.LIMIT",
])
def test_a_class_attribute_read_through_the_type_of_self_rests_on_the_class(cli, tmp_path, read):
    # round 28: `type(self).LIMIT` was an atom `LIMIT` of the same text in both versions: LIMIT 8 -> 4
    # was "0 decisions changed"; Sel().pick(5) goes 'small' -> 'big'
    old = _PICK.replace("READ", read)
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": old.replace("LIMIT = 8", "LIMIT = 4")}, "--no-cache")
    assert _changed(run), run.output


def test_a_method_called_through_the_type_of_self_is_followed(cli, tmp_path):
    # round 28: `k = type(self); k.lim(self)` was an atom `lim(self)`, "0 decisions changed" where
    # its body went 8 -> 4
    old = _PICK.replace("if n >= READ:", "k = type(self)\n        if n >= k.lim(self):")
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": old.replace("return 8", "return 4")}, "--no-cache")
    assert run.exit_code == 1 and "when n in [4, 8)" in run.output, run.output


# ---------------------------------------------------------------- 02: `super().X`


def test_a_base_class_attribute_read_through_super_rests_on_the_base(cli, tmp_path):
    # round 28: `super().LIMIT` was an atom of the same text in both versions: the base's LIMIT
    # 8 -> 4 was "0 decisions changed"; C().pick(5) goes 'small' -> 'big'
    old = '''
        class B:
            LIMIT = 8


        class C(B):
            LIMIT = 2

            def pick(self, n):
                if n >= super().LIMIT:
                    return 'big'
                return 'small'
    '''
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": old.replace("LIMIT = 8", "LIMIT = 4")}, "--no-cache")
    assert run.exit_code == 1 and "when n in [4, 8)" in run.output, run.output


# ---------------------------------------------------------------- 09: a decorator the model left out

_DEC_OLD = "def deco(fn):\n    return fn\n\n\nclass Deco:\n    def __call__(self, fn):\n        return fn\n"
_DEC_NEW = '''
def deco(fn):
    def inner(n):
        if n > 100:
            return 'huge'
        return fn(n)
    return inner


class Deco:
    def __call__(self, fn):
        return deco(fn)
'''


@pytest.mark.parametrize("header", ["import dec\n\n\n@dec.deco", "from dec import Deco\n\n\n@Deco()"])
def test_a_decorator_of_the_tree_as_a_module_attribute_or_an_object_is_read(cli, tmp_path, header):
    # round 28: `@dec.deco` (`@Deco()`) was no decorator of the tree: "0 decisions changed" where
    # dec.py's changed to wrap it; select(200) goes 'big' -> 'huge'
    sel = header + "\ndef select(n):\n    if n > 4:\n        return 'big'\n    return 'small'\n"
    run = _diff_tree(cli, tmp_path, {"dec.py": _DEC_OLD, "sel.py": sel}, {"dec.py": _DEC_NEW, "sel.py": sel + "# x\n"}, "--no-cache")
    assert _changed(run), run.output


def test_a_method_decorated_through_a_module_attribute_is_read(cli, tmp_path):
    # round 28: the same of a method `S.select`
    sel = "import dec\n\n\nclass S:\n    @dec.deco\n    def select(self, n):\n        if n > 4:\n            return 'big'\n        return 'small'\n"
    new = _DEC_NEW.replace("def inner(n)", "def inner(self, n)").replace("fn(n)", "fn(self, n)")
    run = _diff_tree(cli, tmp_path, {"dec.py": _DEC_OLD, "sel.py": sel}, {"dec.py": new, "sel.py": sel + "# x\n"}, "--no-cache")
    assert _changed(run), run.output


# ---------------------------------------------------------------- 10: code that rewrites the method on its class

_PATCH_OLD = "def patch(cls):\n    return cls\n"
_PATCH_NEW = '''
def patch(cls):
    orig = cls.select

    def select(self, n):
        if n > 100:
            return 'huge'
        return orig(self, n)
    cls.select = select
    return cls
'''
_CLASS = "class S:\n    def select(self, n):\n        if n > 4:\n            return 'big'\n        return 'small'\n"


@pytest.mark.parametrize("sel", [
    "from dec import patch\n\n\n@patch\n" + _CLASS,
    "from dec import patch\n\n\n" + _CLASS + "\n\nS = patch(S)\n",
    "import dec\n\n\n" + _CLASS + "\n\ndec.patch(S)\n",
])
def test_code_of_the_tree_that_may_rewrite_the_method_on_its_class_is_read(cli, tmp_path, sel):
    # round 28: a class decorator writing `cls.select`, `S = patch(S)`, `dec.patch(S)`: the method's
    # body was its model, "0 decisions changed"; S().select(200) goes 'big' -> 'huge'
    run = _diff_tree(cli, tmp_path, {"dec.py": _PATCH_OLD, "sel.py": sel}, {"dec.py": _PATCH_NEW, "sel.py": sel + "# x\n"}, "--no-cache")
    assert _changed(run), run.output


def test_a_class_decorator_of_the_same_module_rewriting_the_method_is_read(cli, tmp_path):
    # round 28: the same with `patch` in the class's own module
    sel = "\n\n@patch\n" + _CLASS
    run = _diff_tree(cli, tmp_path, {"sel.py": _PATCH_OLD + sel}, {"sel.py": _PATCH_NEW + sel}, "--no-cache")
    assert _changed(run), run.output


# ---------------------------------------------------------------- 08: `__slots__` added to a class of another module


def test_slots_added_to_a_class_of_another_module_is_read_by_a_write_of_its_object(cli, tmp_path):
    # round 28: `c.mode = 'x'` of a `Cfg()` whose class gained `__slots__ = ()` in cfg.py: the write
    # elsewhere was taken to be maybe the class's, no raise in either version, "0 decisions
    # changed"; select(3) goes 'small' -> raise AttributeError
    sel = "from cfg import Cfg\n\n\ndef select(n):\n    c = Cfg()\n    if n > 4:\n        return 'big'\n    c.mode = 'x'\n    return 'small'\n"
    run = _diff_tree(cli, tmp_path, {"cfg.py": "class Cfg:\n    pass\n", "sel.py": sel},
                     {"cfg.py": "class Cfg:\n    __slots__ = ()\n", "sel.py": sel + "# x\n"}, "--no-cache")
    assert _changed(run), run.output


# ---------------------------------------------------------------- 03, 04, 05, 06: namespaces read by a name


def test_a_class_attribute_read_through_the_class_dict_rests_on_the_class(cli, tmp_path):
    # round 28: `Sel.__dict__['LIMIT']` was an opaque atom of the same text in both versions: LIMIT
    # 8 -> 4 was "0 decisions changed"; Sel().pick(5) goes 'small' -> 'big'
    old = "class Sel:\n    LIMIT = 8\n\n    def pick(self, n):\n        if n >= Sel.__dict__['LIMIT']:\n            return 'big'\n        return 'small'\n"
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": old.replace("LIMIT = 8", "LIMIT = 4")}, "--no-cache")
    assert _changed(run), run.output


@pytest.mark.parametrize("read", [
    "globals()['LIMIT']",
    "globals().get('LIMIT')",
    "globals().get('LIMIT', 0)",
    "eval('LIMIT')",
    "sys.modules[__name__].LIMIT",
    "importlib.import_module('sel').LIMIT",
    "__import__('sel').LIMIT",
])
def test_a_global_read_through_its_module_namespace_rests_on_the_module(cli, tmp_path, read):
    # round 28: each was an atom of the same text in both versions: LIMIT 8 -> 4 was "0 decisions
    # changed"; select(5) goes 'small' -> 'big'
    old = f"import importlib\nimport sys\n\nLIMIT = 8\n\n\ndef select(n):\n    if n >= {read}:\n        return 'big'\n    return 'small'\n"
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": old.replace("LIMIT = 8", "LIMIT = 4")}, "--no-cache")
    assert _changed(run), run.output


@pytest.mark.parametrize("read", [
    "consts.__dict__['LIMIT']",
    "importlib.import_module('consts').LIMIT",
    "__import__('consts').LIMIT",
    "sys.modules['consts'].LIMIT",
    "operator.attrgetter('LIMIT')(consts)",
])
def test_a_global_of_another_module_read_through_its_namespace_rests_on_that_module(cli, tmp_path, read):
    # round 28: consts.py's LIMIT 8 -> 4, sel.py the same: "0 decisions changed" (or its file skipped
    # as reading none that changed); select(5) goes 'small' -> 'big'
    sel = f"import importlib\nimport operator\nimport sys\n\nimport consts\n\n\ndef select(n):\n    if n >= {read}:\n        return 'big'\n    return 'small'\n"
    run = _diff_tree(cli, tmp_path, {"consts.py": "LIMIT = 8\n", "sel.py": sel}, {"consts.py": "LIMIT = 4\n", "sel.py": sel + "# x\n"},
                     "--no-cache")
    assert _changed(run), run.output


# ---------------------------------------------------------------- 07: a call from outside the tree on a changed constant


@pytest.mark.parametrize("old_limit, new_limit, call, changes", [
    ("8.2", "8.7", "math.floor", False),
    ("8.5", "4.5", "math.floor", True),
    ("8", "4", "copy.copy", True),
])
def test_a_standard_function_of_a_changed_constant_is_computed(cli, tmp_path, old_limit, new_limit, call, changes):
    # round 28: `math.floor(8.2)` and `math.floor(8.7)` were two free atoms: regions listed that no
    # input gives (floor is 8 in both); `math.floor(8.5)` -> `math.floor(4.5)` listed
    # "math.floor(8.5) <= n, math.floor(4.5) > n", empty since 4 < 8
    sel = f"import copy\nimport math\n\nimport consts\n\n\ndef select(n):\n    if n >= {call}(consts.LIMIT):\n        return 'big'\n    return 'small'\n"
    run = _diff_tree(cli, tmp_path, {"consts.py": f"LIMIT = {old_limit}\n", "sel.py": sel},
                     {"consts.py": f"LIMIT = {new_limit}\n", "sel.py": sel + "# x\n"}, "--no-cache")
    if changes:
        assert run.exit_code == 1 and "when n in [4, 8)" in run.output and "math.floor(" not in run.output, run.output
    else:
        assert run.exit_code == 0 and "0 decisions changed" in run.output, run.output


def test_a_class_handed_to_a_registry_that_keeps_it_is_still_compared(cli, tmp_path):
    # round 28: `register(S)` that only files the class away rewrites no method: the method's change
    # is listed, not "not compared"
    sel = ("REG = []\n\n\ndef register(cls):\n    REG.append(cls)\n    return cls\n\n\n" + _CLASS
           + "\n\nregister(S)\nS = register(S)\n")
    run = _diff_tree(cli, tmp_path, {"sel.py": sel}, {"sel.py": sel.replace("n > 4", "n > 5")}, "--no-cache")
    assert run.exit_code == 1 and "when n in (4, 5]" in run.output, run.output
