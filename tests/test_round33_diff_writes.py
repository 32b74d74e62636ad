"""Round 33: `diff` over attributes that code the model does not follow sets or supplies: a
metaclass, a base's `__getattr__`, `setattr` / `__dict__` / `vars` writes, a base's `__new__`, a
helper handed `self`, a module-level loop over classes, a class body's `locals()`, and class hooks
that replace a method (`__init_subclass__`, a metaclass, `__getattribute__`). What `self.X` reads
rests on every class on the way, each with those writers and hooks, and a method on what may
replace it on its class. Each case once gave "unchanged" where running both versions differs
(`Sel().pick(5, "y")`, or `Sel().pick(6, "y")` for a replaced method)."""

import pytest
from test_soundness import _diff_tree


def _not_compared(run, why: str) -> None:
    assert run.exit_code == 1 and "1 not compared" in run.output and why in run.output, run.output


def _unchanged(run) -> None:
    assert run.exit_code == 0 and "0 decisions changed" in run.output and "not compared" not in run.output, run.output


# `sel.py` with another method changed: the target is compared (its own code the same)
_SEL = '''
from base import Base


class Sel(Base):
    def other(self):
        return 1

    def pick(self, n, mode):
        if mode == "x":
            return "X"
        if n > self.limit:
            return "BIG"
        return "SMALL"
'''
_SEL_NEW = _SEL.replace("return 1", "return 2")


def _diff_base(cli, tmp_path, old_base: str, new_base: str, sel: str = _SEL, sel_new: str = _SEL_NEW):
    return _diff_tree(cli, tmp_path, {"sel.py": sel, "base.py": old_base}, {"sel.py": sel_new, "base.py": new_base}, "--no-cache")


# ---------------------------------------------------------------- 02: a metaclass sets the class attribute

_META_SEL = '''
from base import Meta


class Sel(metaclass=Meta):
    def other(self):
        return 1

    def pick(self, n):
        if n > self.LIMIT:
            return "BIG"
        return "SMALL"
'''


def test_a_metaclass_init_setting_the_class_attribute_is_not_compared(cli, tmp_path):
    # round 33: "0 decisions changed" (unchanged); `Meta.__init__`'s `cls.LIMIT = 4` -> 6: Sel().pick(5)
    # 'BIG' -> 'SMALL'
    meta = ("class Meta(type):\n    def __init__(cls, name, bases, ns):\n        super().__init__(name, bases, ns)\n"
            "        cls.LIMIT = 4\n")
    run = _diff_base(cli, tmp_path, meta, meta.replace("= 4", "= 6"), _META_SEL, _META_SEL.replace("return 1", "return 2"))
    _not_compared(run, "`self.LIMIT` rests on `base.py::Meta`, which changed")


def test_a_metaclass_new_writing_the_namespace_behind_a_comment_change_is_not_compared(cli, tmp_path):
    # round 33: sel.py changed by a comment alone: "not modelled", exit 0; `ns["LIMIT"] = 4` -> 6 in
    # `Meta.__new__`: Sel().pick(5) 'BIG' -> 'SMALL'
    meta = ('class Meta(type):\n    def __new__(m, name, bases, ns):\n        ns["LIMIT"] = 4\n'
            "        return super().__new__(m, name, bases, ns)\n")
    run = _diff_base(cli, tmp_path, meta, meta.replace("= 4", "= 6"), _META_SEL + "# x\n", _META_SEL)
    _not_compared(run, "`self.LIMIT` rests on `base.py::Meta`, which changed")


# ---------------------------------------------------------------- 03: a base's `__getattr__` supplies it

def test_a_base_getattr_supplying_the_attribute_from_a_changed_table_is_not_compared(cli, tmp_path):
    # round 33: unchanged; `DEFAULTS = {"limit": 4}` -> 6 read by `Base.__getattr__`: Sel().pick(5, "y")
    # 'BIG' -> 'SMALL'
    base = 'DEFAULTS = {"limit": 4}\n\n\nclass Base:\n    def __getattr__(self, k):\n        return DEFAULTS[k]\n'
    run = _diff_base(cli, tmp_path, base, base.replace("4", "6"))
    _not_compared(run, "`self.limit` rests on `base.py::DEFAULTS`, which changed")


def test_a_base_getattr_returning_a_changed_literal_is_not_compared(cli, tmp_path):
    # round 33: unchanged; `__getattr__` returning 4 -> 6: Sel().pick(5, "y") 'BIG' -> 'SMALL'
    base = "class Base:\n    def __getattr__(self, k):\n        return 4\n"
    run = _diff_base(cli, tmp_path, base, base.replace("4", "6"))
    _not_compared(run, "`self.limit` rests on `base.py::Base.limit`, which changed")


# ---------------------------------------------------------------- 04: `setattr` / `__dict__` / `vars` writes

_SETATTR_TABLE = '''
DEFAULTS = {"limit": 4, "mode": "a"}


class Base:
    def __init__(self, **kw):
        for k, v in {**DEFAULTS, **kw}.items():
            setattr(self, k, v)
'''


def test_setattr_over_a_changed_defaults_table_in_a_base_init_is_not_compared(cli, tmp_path):
    # round 33: unchanged; `DEFAULTS["limit"]` 4 -> 6 set by `setattr(self, k, v)`: Sel().pick(5, "y")
    # 'BIG' -> 'SMALL'
    run = _diff_base(cli, tmp_path, _SETATTR_TABLE, _SETATTR_TABLE.replace('"limit": 4', '"limit": 6'))
    _not_compared(run, "`self.limit` rests on `base.py::DEFAULTS`, which changed")


@pytest.mark.parametrize("write", [
    'setattr(self, "limit", 4)',
    'self.__dict__["limit"] = 4',
    "self.__dict__.update(limit=4)",
    'vars(self).update({"limit": 4})',
    'object.__setattr__(self, "limit", 4)',
])
def test_a_base_init_writing_the_attribute_by_name_is_not_compared(cli, tmp_path, write):
    # round 33: unchanged (each write); 4 -> 6: Sel().pick(5, "y") 'BIG' -> 'SMALL'
    base = f"class Base:\n    def __init__(self):\n        {write}\n"
    run = _diff_base(cli, tmp_path, base, base.replace("4", "6"))
    _not_compared(run, "`self.limit` rests on `base.py::Base.limit`, which changed")


def test_a_module_level_setattr_on_the_base_is_not_compared(cli, tmp_path):
    # round 33: unchanged; `setattr(Base, "limit", 4)` -> 6 below the class: Sel().pick(5, "y") 'BIG' -> 'SMALL'
    base = 'class Base:\n    limit = 4\n\n\nsetattr(Base, "limit", 4)\n'
    run = _diff_base(cli, tmp_path, base, base.replace('"limit", 4', '"limit", 6'))
    _not_compared(run, "`self.limit` rests on `base.py::Base.limit`, which changed")


# ---------------------------------------------------------------- 05: a base's `__new__` sets it

def test_a_base_new_setting_the_attribute_is_not_compared(cli, tmp_path):
    # round 33: unchanged; `o.limit = 4` -> 6 in `Base.__new__`: Sel().pick(5, "y") 'BIG' -> 'SMALL'
    base = "class Base:\n    def __new__(cls):\n        o = super().__new__(cls)\n        o.limit = 4\n        return o\n"
    run = _diff_base(cli, tmp_path, base, base.replace("4", "6"))
    _not_compared(run, "`self.limit` rests on `base.py::Base.limit`, which changed")


# ---------------------------------------------------------------- 06: a helper handed `self` writes it

def test_a_helper_handed_self_in_init_writing_the_attribute_is_not_compared(cli, tmp_path):
    # round 33: unchanged; `configure(self)` in `Sel.__init__`, base.py's `obj.limit = 4` -> 6:
    # Sel().pick(5, "y") 'BIG' -> 'SMALL'
    sel = _SEL.replace("from base import Base", "from base import configure").replace("class Sel(Base):", (
        "class Sel:\n    def __init__(self):\n        configure(self)\n"))
    base = "def configure(obj):\n    obj.limit = 4\n"
    run = _diff_base(cli, tmp_path, base, base.replace("4", "6"), sel, sel.replace("return 1", "return 2"))
    _not_compared(run, "`self.limit` rests on `base.py::configure`, which changed")


# ---------------------------------------------------------------- 07: a class hook replaces the method

_PLAIN_PICK = _SEL.replace("n > self.limit", "n > 3")


def test_a_base_init_subclass_wrapping_the_method_is_not_compared(cli, tmp_path):
    # round 33: unchanged; a new `Base.__init_subclass__` wrapping `cls.pick`: Sel().pick(6, "y") 'BIG' -> 'HUGE'
    new = ("class Base:\n    def __init_subclass__(cls, **kw):\n        super().__init_subclass__(**kw)\n"
           "        f = cls.pick\n        cls.pick = lambda self, n, mode: 'HUGE' if n > 5 else f(self, n, mode)\n")
    run = _diff_base(cli, tmp_path, "class Base:\n    pass\n", new, _PLAIN_PICK, _PLAIN_PICK.replace("return 1", "return 2"))
    _not_compared(run, "what may replace `Sel.pick` on its class")


def test_a_metaclass_init_wrapping_the_method_is_not_compared(cli, tmp_path):
    # round 33: unchanged; `Meta.__init__` gains `cls.pick = lambda ...`: Sel().pick(6, "y") 'BIG' -> 'HUGE'
    sel = _PLAIN_PICK.replace("from base import Base", "from base import Meta").replace("Sel(Base)", "Sel(metaclass=Meta)")
    new = ("class Meta(type):\n    def __init__(cls, *a):\n        super().__init__(*a)\n        f = cls.pick\n"
           "        cls.pick = lambda self, n, mode: 'HUGE' if n > 5 else f(self, n, mode)\n")
    run = _diff_base(cli, tmp_path, "class Meta(type):\n    pass\n", new, sel, sel.replace("return 1", "return 2"))
    _not_compared(run, "what may replace `Sel.pick` on its class (a base's `__init_subclass__`, a metaclass, "
                       "`__getattribute__`, a write of it) rests on `base.py::Meta`, which changed")


def test_a_base_getattribute_wrapping_the_method_is_not_compared(cli, tmp_path):
    # round 33: unchanged; `Base.__getattribute__` added, wrapping `pick`: Sel().pick(6, "y") 'BIG' -> 'HUGE'
    new = ("class Base:\n    def __getattribute__(self, k):\n        v = object.__getattribute__(self, k)\n"
           "        if k == 'pick':\n            return lambda n, mode: 'HUGE' if n > 5 else v(n, mode)\n        return v\n")
    run = _diff_base(cli, tmp_path, "class Base:\n    pass\n", new, _PLAIN_PICK, _PLAIN_PICK.replace("return 1", "return 2"))
    _not_compared(run, "what may replace `Sel.pick` on its class")


def test_a_base_init_subclass_wrapping_the_method_behind_a_comment_change_is_not_compared(cli, tmp_path):
    # round 33: sel.py changed by a comment alone: "not modelled", exit 0; the base's new
    # `__init_subclass__` wraps `cls.pick`: Sel().pick(6, "y") 'BIG' -> 'HUGE'
    new = ("class Base:\n    def __init_subclass__(cls, **kw):\n        f = cls.pick\n"
           "        cls.pick = lambda self, n, mode: 'HUGE' if n > 5 else f(self, n, mode)\n")
    run = _diff_base(cli, tmp_path, "class Base:\n    pass\n", new, _PLAIN_PICK, _PLAIN_PICK + "# x\n")
    _not_compared(run, "rests on `base.py::Base.pick` (but its `def`), which changed")


# ---------------------------------------------------------------- 09: a module loop, a class body's namespace

def test_a_module_loop_writing_the_class_attribute_is_not_compared(cli, tmp_path):
    # round 33: unchanged; `for c in [Base]: c.limit = 4` -> 6: Sel().pick(5, "y") 'BIG' -> 'SMALL'
    base = "class Base:\n    limit = 4\n\n\nfor c in [Base]:\n    c.limit = 4\n"
    run = _diff_base(cli, tmp_path, base, base.replace("c.limit = 4", "c.limit = 6"))
    _not_compared(run, "`self.limit` rests on `base.py::Base.limit`, which changed")


@pytest.mark.parametrize("write", ['locals()["limit"] = 4', "vars().update(limit=4)"])
def test_a_class_body_writing_its_namespace_is_not_compared(cli, tmp_path, write):
    # round 33: unchanged (each write); 4 -> 6 in the class body: Sel().pick(5, "y") 'BIG' -> 'SMALL'
    base = f"class Base:\n    limit = 1\n    {write}\n"
    run = _diff_base(cli, tmp_path, base, base.replace("4", "6"))
    _not_compared(run, "`self.limit` rests on `base.py::Base.limit`, which changed")


def test_a_descriptor_set_name_writing_the_owner_attribute_is_not_compared(cli, tmp_path):
    # round 33 (found with the above): "0 decisions changed" (unchanged); `d = Desc()` in the class
    # body, `Desc.__set_name__`'s `owner.limit = 4` -> 6: Sel().pick(5) 'BIG' -> 'SMALL'
    sel = ("from base import Desc\n\n\nclass Sel:\n    d = Desc()\n\n    def other(self):\n        return 1\n\n"
           "    def pick(self, n):\n        if n > self.limit:\n            return 'BIG'\n        return 'SMALL'\n")
    base = "class Desc:\n    def __set_name__(self, owner, name):\n        owner.limit = 4\n"
    run = _diff_base(cli, tmp_path, base, base.replace("4", "6"), sel, sel.replace("return 1", "return 2"))
    _not_compared(run, "`self.limit` rests on `base.py::Desc`, which changed")


# ---------------------------------------------------------------- the common case stays compared

_PLAIN = '''
class Base:
    mode = "a"

    def __init__(self, limit=4):
        self.limit = limit
        self.fast = True


class Sel(Base):
    cap = 8

    def __init__(self):
        super().__init__(6)
        self.slow = False

    def other(self):
        return 1

    def pick(self, n, mode):
        if mode == self.mode:
            return "X"
        if n > self.limit and n < self.cap:
            return "BIG"
        return "SMALL"
'''


def test_a_plain_class_setting_its_attributes_literally_stays_compared(cli, tmp_path):
    # round 33: only another method changed. Before: "not compared", `self.limit` rests on
    # `sel.py::Base.limit`, which changed (each class's definition was compared with every other's,
    # `Sel.limit` with `Base.limit`); running both versions gives the same everywhere: "unchanged"
    run = _diff_tree(cli, tmp_path, {"sel.py": _PLAIN}, {"sel.py": _PLAIN.replace("return 1", "return 2")}, "--no-cache")
    _unchanged(run)


def test_a_base_in_another_module_with_an_unrelated_method_changed_stays_compared(cli, tmp_path):
    # round 33: `Base.__init__` and `Sel.__init__` both set `self.limit` literally; a base's other method
    # (no writer of `limit`, no hook) changed. Before: "not compared" (`Sel.limit` compared with
    # `Base.limit`); running both versions gives the same everywhere: "unchanged"
    base = ("class Base:\n    def __init__(self):\n        self.limit = 4\n\n    def describe(self):\n"
            "        return 'base'\n")
    sel = _SEL.replace("    def other(self):", "    def __init__(self):\n        super().__init__()\n        self.limit = 5\n\n"
                                             "    def other(self):")
    run = _diff_base(cli, tmp_path, base, base.replace("'base'", "'the base'"), sel, sel.replace("return 1", "return 2"))
    _unchanged(run)
