"""Round 34: a class body that writes its own namespace by code the model does not follow
(`vars()["__bool__"] = f`, `locals().update(...)`, `exec(...)`, a call handed `locals()`) was read
as a write of the module's names: every name of the module became a free input, and `check`
reported violations no run gives (`Empty()=true` of a class whose objects are always falsy,
`Plain()=false` of a plain class beside it). Such a class, and every class it is a base of, is now
one whose namespace the model cannot tell: its objects, attributes and dunders are undetermined,
neither free nor folded from what the body visibly binds; the module's other names are read as
before (an `exec` of code that may reach them, `exec(code)`, `exec("global X; ...")`, still makes
every module name one `globals()`-like code may rebind)."""

import ast

from test_round32_check import check_tree, undetermined
from test_soundness import _diff_tree

from ordercheck.extract.index import build_index

_MOD = '''
{classes}


def f(a):
    if {test}:
        return 'YES'
    return 'NO'
'''


def _check(cli, tmp_path, classes: str, test: str, runs: str, files: dict[str, str] | None = None):
    """`check` of `f`, which returns 'YES' where `test` holds, against what running `f` gives."""
    mod = _MOD.format(classes=classes.strip("\n"), test=test)
    return check_tree(cli, tmp_path, {**(files or {}), "mod.py": mod}, "mod.py", "f", f"expect = \"'{runs}'\"\n")


def _unknown(run, atom: str) -> None:
    assert undetermined(run) and f"unmodeled code ({atom}, line" in run.output and "scenario" in run.output, run.output


def _not_compared(run, why: str) -> None:
    assert run.exit_code == 1 and "1 not compared" in run.output and why in run.output, run.output


# ---------------------------------------------------------------- each way a body writes its namespace

def test_a_class_body_writing_its_namespace_leaves_no_free_input_of_its_objects(cli, tmp_path):
    # was the violation "Empty()=true"; Empty() is falsy on every run: f gives 'NO'
    run = _check(cli, tmp_path, "class Empty:\n    vars()['__bool__'] = lambda self: False\n", "Empty()", "NO")
    _unknown(run, "Empty()")


def test_a_locals_subscript_write_of_the_body_leaves_its_objects_truth_undetermined(cli, tmp_path):
    # f gives 'NO'
    run = _check(cli, tmp_path, "class Empty:\n    locals()['__bool__'] = lambda self: False\n", "Empty()", "NO")
    _unknown(run, "Empty()")


def test_a_locals_update_of_the_body_leaves_its_objects_truth_undetermined(cli, tmp_path):
    # f gives 'NO'
    run = _check(cli, tmp_path, "class Empty:\n    locals().update(__bool__=lambda self: False)\n", "Empty()", "NO")
    _unknown(run, "Empty()")


def test_a_vars_update_of_the_body_leaves_its_objects_truth_undetermined(cli, tmp_path):
    # f gives 'NO'
    run = _check(cli, tmp_path, "class Empty:\n    vars().update({'__bool__': lambda self: False})\n", "Empty()", "NO")
    _unknown(run, "Empty()")


def test_an_exec_in_the_body_leaves_its_objects_truth_undetermined(cli, tmp_path):
    # f gives 'NO'
    run = _check(cli, tmp_path, "class Empty:\n    exec('__bool__ = lambda self: False')\n", "Empty()", "NO")
    _unknown(run, "Empty()")


def test_an_eval_in_the_body_leaves_its_class_attributes_undetermined(cli, tmp_path):
    # the walrus binds LIMIT in the class namespace: K.LIMIT is 9, f gives 'NO'
    run = _check(cli, tmp_path, "class K:\n    LIMIT = 4\n    eval('(LIMIT := 9)')\n", "K.LIMIT == 4", "NO")
    _unknown(run, "K.LIMIT")


def test_a_call_handed_the_body_locals_leaves_its_objects_truth_undetermined(cli, tmp_path):
    # f gives 'NO': `register` sets `__bool__` in the namespace it is handed
    classes = "def register(ns):\n    ns['__bool__'] = lambda self: False\n\n\nclass Empty:\n    register(locals())\n"
    _unknown(_check(cli, tmp_path, classes, "Empty()", "NO"), "Empty()")


def test_a_frame_locals_write_of_the_body_leaves_its_objects_truth_undetermined(cli, tmp_path):
    # the class body's frame's `f_locals` is its namespace: f gives 'NO' (was folded as truthy)
    classes = "import sys\n\n\nclass Empty:\n    sys._getframe(0).f_locals['__bool__'] = lambda self: False\n"
    _unknown(_check(cli, tmp_path, classes, "Empty()", "NO"), "Empty()")


def test_a_module_setattr_of_a_computed_name_on_the_class_leaves_its_objects_truth_undetermined(cli, tmp_path):
    # the loop sets `Empty.__bool__`: f gives 'NO' (was folded as truthy, "no branch returns 'NO'")
    classes = "class Empty:\n    pass\n\n\nfor k in ('__bool__',):\n    setattr(Empty, k, lambda self: False)\n"
    _unknown(_check(cli, tmp_path, classes, "Empty()", "NO"), "Empty()")


def test_a_decorator_setting_attributes_it_cannot_name_leaves_its_objects_truth_undetermined(cli, tmp_path):
    # the decorator sets `Empty.__bool__`: f gives 'NO' (was folded as truthy)
    classes = ("def falsy(cls):\n    for k in ('__bool__',):\n        setattr(cls, k, lambda self: False)\n    return cls\n\n\n"
               "@falsy\nclass Empty:\n    pass\n")
    _unknown(_check(cli, tmp_path, classes, "Empty()", "NO"), "Empty()")


# ---------------------------------------------------------------- what is read of such a class

def test_a_class_constant_is_not_folded_from_the_visible_binding(cli, tmp_path):
    # K.LIMIT is 9 on every run: f gives 'NO' (was folded to 4: "no branch returns 'NO'")
    run = _check(cli, tmp_path, "class K:\n    LIMIT = 4\n    vars()['LIMIT'] = 9\n", "K.LIMIT == 4", "NO")
    _unknown(run, "K.LIMIT")


def test_a_class_attribute_read_through_an_object_is_undetermined(cli, tmp_path):
    # K().LIMIT is 9: f gives 'NO'
    run = _check(cli, tmp_path, "class K:\n    LIMIT = 4\n    vars()['LIMIT'] = 9\n", "K().LIMIT == 4", "NO")
    _unknown(run, "K().LIMIT")


def test_a_method_the_body_rebinds_is_not_inlined(cli, tmp_path):
    # the `lambda` replaces `def ok`: K().ok() is False, f gives 'NO'
    classes = "class K:\n    def ok(self):\n        return True\n    vars()['ok'] = lambda self: False\n"
    _unknown(_check(cli, tmp_path, classes, "K().ok()", "NO"), "K().ok()")


def test_a_property_the_body_rebinds_is_not_inlined(cli, tmp_path):
    # K().ok is False: f gives 'NO'
    classes = "class K:\n    @property\n    def ok(self):\n        return True\n    vars()['ok'] = property(lambda self: False)\n"
    _unknown(_check(cli, tmp_path, classes, "K().ok", "NO"), "K().ok")


def test_a_method_of_the_class_reads_its_own_attributes_as_undetermined(cli, tmp_path):
    # K().pick() is 'NO': `self.ok()` runs the lambda
    mod = ("class K:\n    def ok(self):\n        return True\n    vars()['ok'] = lambda self: False\n\n"
           "    def pick(self):\n        if self.ok():\n            return 'YES'\n        return 'NO'\n")
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "K.pick", "expect = \"'NO'\"\n")
    _unknown(run, "self.ok()")


def test_a_super_call_does_not_inline_the_def_the_base_body_rebinds(cli, tmp_path):
    # Sub().ok() is 'B': `super().ok()` runs the base's lambda, not its `def`
    mod = ("class Base:\n    def ok(self):\n        return 'A'\n    vars()['ok'] = lambda self: 'B'\n\n\n"
           "class Sub(Base):\n    def ok(self):\n        x = super().ok()\n        if x == 'A':\n            return 'A'\n"
           "        return 'B'\n")
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "Sub.ok", "expect = \"'B'\"\n")
    _unknown(run, "<super().ok: an attribute of a base the model does not read as such>()")


def test_an_exit_the_body_rebinds_may_swallow_the_exception(cli, tmp_path):
    # the lambda `__exit__` returns True: Sel().pick(1) is 'DONE' (was "raise ValueError" for n > 0)
    mod = ("class Lock:\n    def __enter__(self):\n        return self\n\n    def __exit__(self, *exc):\n        return None\n"
           "    vars()['__exit__'] = lambda self, *exc: True\n\n\nclass Sel:\n    def __init__(self):\n"
           "        self._lock = Lock()\n\n    def pick(self, n):\n        with self._lock:\n            if n > 0:\n"
           "                raise ValueError(n)\n        return 'DONE'\n")
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "Sel.pick", "expect = \"'DONE'\"\n")
    assert undetermined(run), run.output


def test_a_length_the_body_defines_is_undetermined(cli, tmp_path):
    # len(Lens()) is 0: f gives 'NO'
    run = _check(cli, tmp_path, "class Lens:\n    vars()['__len__'] = lambda self: 0\n", "len(Lens()) > 0", "NO")
    assert undetermined(run), run.output


def test_an_equality_the_body_defines_is_undetermined(cli, tmp_path):
    # the body's `__eq__` is always false, `e == e` too: f gives 'NO' (was "e == e" folded as
    # object's identity, a definite violation)
    mod = ("class Eq:\n    vars()['__eq__'] = lambda self, other: False\n    vars()['__hash__'] = lambda self: 0\n\n\n"
           "def f(a):\n    e = Eq()\n    if e == e:\n        return 'YES'\n    return 'NO'\n")
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "f", "expect = \"'NO'\"\n")
    _unknown(run, "Eq() ? Eq()")


def test_a_new_the_body_defines_makes_no_instance_the_model_assumes(cli, tmp_path):
    # New() is 0, no New: f gives 'NO'
    run = _check(cli, tmp_path, "class New:\n    vars()['__new__'] = lambda cls: 0\n", "isinstance(New(), New)", "NO")
    assert undetermined(run), run.output


def test_an_enum_body_writing_its_namespace_has_members_the_model_does_not_list(cli, tmp_path):
    # `vars()["BLUE"] = 2` makes a member: len(Color) is 2, f gives 'NO'
    classes = "import enum\n\n\nclass Color(enum.Enum):\n    RED = 1\n    vars()['BLUE'] = 2\n"
    assert undetermined(_check(cli, tmp_path, classes, "len(Color) == 1", "NO"))


# ---------------------------------------------------------------- subclasses inherit the unknown namespace

def test_a_subclass_of_such_a_base_leaves_its_objects_truth_undetermined(cli, tmp_path):
    # Sub() is falsy through its base: f gives 'NO'
    classes = "class Base:\n    vars()['__bool__'] = lambda self: False\n\n\nclass Sub(Base):\n    pass\n"
    _unknown(_check(cli, tmp_path, classes, "Sub()", "NO"), "Sub()")


def test_a_subclass_of_such_a_base_of_another_module_reads_its_attributes_as_undetermined(cli, tmp_path):
    # Sub.LIMIT is the 9 of the base of base.py: f gives 'NO' (was the violation "LIMIT=4")
    files = {"base.py": "class Base:\n    LIMIT = 4\n    vars()['LIMIT'] = 9\n"}
    classes = "from base import Base\n\n\nclass Sub(Base):\n    pass\n"
    _unknown(_check(cli, tmp_path, classes, "Sub.LIMIT == 4", "NO", files), "Sub.LIMIT")


def test_a_subclass_constant_a_base_init_subclass_of_the_namespace_rewrites_is_undetermined(cli, tmp_path):
    # the base's `__init_subclass__` sets Child.LIMIT to 9 after Child's body bound 4: f gives 'NO'
    classes = ("class Base:\n    vars()['__init_subclass__'] = classmethod(lambda cls: setattr(cls, 'LIMIT', 9))\n\n\n"
               "class Child(Base):\n    LIMIT = 4\n")
    _unknown(_check(cli, tmp_path, classes, "Child.LIMIT == 4", "NO"), "Child.LIMIT")


# ---------------------------------------------------------------- the module's other names

def test_a_plain_class_beside_such_a_class_is_still_read_exactly(cli, tmp_path):
    # Plain() is truthy on every run: f gives 'YES' (was the violation "Plain()=false": the class
    # body's `vars()` was read as a write of any module name)
    classes = "class Empty:\n    vars()['__bool__'] = lambda self: False\n\n\nclass Plain:\n    pass\n"
    run = _check(cli, tmp_path, classes, "Plain()", "YES")
    assert run.exit_code == 0 and not run.stderr.strip(), run.output


def test_a_class_imported_from_a_module_whose_class_runs_exec_is_undetermined(cli, tmp_path):
    # Empty() is falsy: f gives 'NO' (base.py's exec binds the class's names alone)
    files = {"base.py": "class Empty:\n    exec('__bool__ = lambda self: False')\n"}
    _unknown(_check(cli, tmp_path, "from base import Empty\n", "Empty()", "NO", files), "Empty()")


# ---------------------------------------------------------------- the index

def test_the_index_marks_a_class_whose_body_writes_its_namespace(tmp_path):
    source = ("class Vars:\n    vars()['x'] = 1\n\n\nclass Handed:\n    print(locals())\n\n\nclass Module:\n    globals()['y'] = 1\n\n\n"
              "class Methods:\n    def m(self):\n        vars()['x'] = 1\n        return lambda: locals()\n")
    index = build_index(source, "mod.py", ast.parse(source))
    known = {name: cls.namespace_known for name, cls in index.classes.items()}
    assert known == {"Vars": False, "Handed": False, "Module": True, "Methods": True}


def test_an_exec_of_the_body_reaches_the_module_names_only_where_its_code_may(tmp_path):
    def reflective(body: str) -> bool:
        source = f"class K:\n    {body}\n"
        return build_index(source, "mod.py", ast.parse(source)).reflective

    assert not reflective("exec('x = 1; f = lambda self: g()')") and not reflective("vars()['x'] = 1")
    assert reflective("exec('global y; y = 1')") and reflective("exec(CODE)") and reflective("exec('g()')")


# ---------------------------------------------------------------- diff

_DIFF = '''
class Empty:
    vars()['__bool__'] = lambda self: {value}


class K:
    LIMIT = 4
    vars()['LIMIT'] = {limit}


def truth(a):
    if Empty():
        return 'YES'
    return 'NO'


def limit(a):
    if K.LIMIT > 9:
        return 'BIG'
    return 'SMALL'
'''


def test_diff_does_not_take_the_truth_the_body_writes_for_the_same(cli, tmp_path):
    # truth(): 'NO' -> 'YES' (was "0 decisions changed", 1 compared)
    old, new = _DIFF.format(value="False", limit=9), _DIFF.format(value="True", limit=9)
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new}, "--no-cache")
    _not_compared(run, "`Empty()` rests on `sel.py::Empty`, which changed")


def test_diff_does_not_take_a_class_constant_the_body_writes_for_the_same(cli, tmp_path):
    # limit(): 'SMALL' -> 'BIG'
    old, new = _DIFF.format(value="False", limit=9), _DIFF.format(value="False", limit=10)
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new}, "--no-cache")
    _not_compared(run, "`K.LIMIT` rests on `sel.py::K.LIMIT`, which changed")


def test_hasattr_of_a_method_the_body_may_delete_is_undetermined(cli, tmp_path):
    # was 'YES' for certain (the visible `def ok`); running: `exec("del ok")` removed it, f(0) is 'NO'
    classes = "class K:\n    def ok(self):\n        return 1\n    exec('del ok')\n"
    run = _check(cli, tmp_path, classes, "hasattr(K, 'ok')", "NO")
    assert undetermined(run), run.output
