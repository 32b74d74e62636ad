"""Round 34: a class constant (`Base.limit = 4`, read as `self.limit` in a subclass) or a module
constant that another module of the tree writes by a means the model did not recognise was folded
to its body's value: `setattr` under another name (`type.__setattr__`, `object.__setattr__`,
`o.__setattr__`, `builtins.setattr`, `setter = setattr`, `map(setattr, ...)`, a `setattr` handed
as a default or fetched by `getattr`), a computed name on an object the module cannot name (`for c
in ALL: setattr(c, k, v)`), or the class under the name another module imports it as (`from
w.alias import B`). `check` gave a clean verdict and `diff` "0 decisions changed" where running the
code differs. Such a module now makes the constant undetermined, naming it (`check`), and its
statements are what the constant rests on (`diff`: not compared)."""

import pytest
from test_round32_check import check_tree, undetermined
from test_round33_diff_writes import _SEL as _DIFF_SEL
from test_round33_diff_writes import _diff_base, _not_compared
from test_soundness import _diff_tree

_SEL = ("import w.patch\nfrom w.base import Base\n\n\nclass Sel(Base):\n    def pick(self, n):\n        if n > self.limit:\n"
        "            return 'BIG'\n        return 'SMALL'\n")
_WRITES = "<self.limit as w/patch.py writes it>"


def _check_patched(cli, tmp_path, patch: str):
    """`check` of `Sel.pick` (expect 'BIG' for n=5; body `limit = 4`) where `w/patch.py` is `patch`."""
    files = {"w/__init__.py": "", "w/base.py": "class Base:\n    limit = 4\n", "w/alias.py": "from w.base import Base as B\n",
             "w/patch.py": patch, "w/sel.py": _SEL}
    return check_tree(cli, tmp_path, files, "w/sel.py", "Sel.pick", "expect = \"'BIG'\"\n[rule.given]\nn = 5\n")


def _assert_written_by_patch(run) -> None:
    assert undetermined(run) and f"unmodeled code ({_WRITES}, line 7)" in run.output, run.output


# ---------------------------------------------------------------- check: `setattr` under another name

def test_type_setattr_of_the_base_makes_its_constant_undetermined(cli, tmp_path):
    # round 34: clean (self.limit folded to 4); `import w.patch; Sel().pick(5)` is 'SMALL'
    _assert_written_by_patch(_check_patched(cli, tmp_path, "from w.base import Base\ntype.__setattr__(Base, 'limit', 6)\n"))


def test_setattr_of_its_metaclass_reached_through_the_class_makes_its_constant_undetermined(cli, tmp_path):
    # round 34: clean; `Base.__class__.__setattr__(Base, 'limit', 6)` runs: Sel().pick(5) is 'SMALL'
    patch = "from w.base import Base\nBase.__class__.__setattr__(Base, 'limit', 6)\n"
    _assert_written_by_patch(_check_patched(cli, tmp_path, patch))


def test_setattr_bound_to_another_name_makes_its_constant_undetermined(cli, tmp_path):
    # round 34: clean; `setter = setattr; setter(Base, 'limit', 6)`: Sel().pick(5) is 'SMALL'
    _assert_written_by_patch(_check_patched(cli, tmp_path, "from w.base import Base\nsetter = setattr\nsetter(Base, 'limit', 6)\n"))


def test_builtins_setattr_makes_its_constant_undetermined(cli, tmp_path):
    # round 34: clean; `builtins.setattr(Base, 'limit', 6)`: Sel().pick(5) is 'SMALL'
    patch = "import builtins\nfrom w.base import Base\nbuiltins.setattr(Base, 'limit', 6)\n"
    _assert_written_by_patch(_check_patched(cli, tmp_path, patch))


def test_setattr_mapped_over_the_class_makes_its_constant_undetermined(cli, tmp_path):
    # round 34: clean; `list(map(setattr, [Base], ['limit'], [6]))`: Sel().pick(5) is 'SMALL'
    patch = "from w.base import Base\nlist(map(setattr, [Base], ['limit'], [6]))\n"
    _assert_written_by_patch(_check_patched(cli, tmp_path, patch))


def test_setattr_handed_as_a_default_makes_its_constant_undetermined(cli, tmp_path):
    # round 34: clean; `put(Base, 'limit', 6)` calls its default `f=setattr`: Sel().pick(5) is 'SMALL'
    patch = "from w.base import Base\n\n\ndef put(o, k, v, f=setattr):\n    f(o, k, v)\n\n\nput(Base, 'limit', 6)\n"
    _assert_written_by_patch(_check_patched(cli, tmp_path, patch))


def test_setattr_fetched_by_getattr_makes_its_constant_undetermined(cli, tmp_path):
    # round 34: clean; `getattr(builtins, 'setattr')(Base, 'limit', 6)`: Sel().pick(5) is 'SMALL'
    patch = "import builtins\nfrom w.base import Base\ngetattr(builtins, 'setattr')(Base, 'limit', 6)\n"
    _assert_written_by_patch(_check_patched(cli, tmp_path, patch))


def test_a_computed_name_set_on_each_class_of_a_list_makes_its_constant_undetermined(cli, tmp_path):
    # round 34: clean; `for c in [Base]: for k in ['limit']: setattr(c, k, 6)`: Sel().pick(5) is 'SMALL'
    patch = "from w.base import Base\nfor c in [Base]:\n    for k in ['limit']:\n        setattr(c, k, 6)\n"
    _assert_written_by_patch(_check_patched(cli, tmp_path, patch))


# ---------------------------------------------------------------- check: the class under another module's name for it

def test_setattr_of_the_class_imported_from_a_module_renaming_it_makes_its_constant_undetermined(cli, tmp_path):
    # round 34: clean; `from w.alias import B` (`from w.base import Base as B` there); `setattr(B, 'limit', 6)`:
    # Sel().pick(5) is 'SMALL'
    _assert_written_by_patch(_check_patched(cli, tmp_path, "from w.alias import B\nsetattr(B, 'limit', 6)\n"))


def test_setattr_under_another_name_of_the_renamed_class_makes_its_constant_undetermined(cli, tmp_path):
    # round 34: clean; `from w.alias import B; setter = setattr; setter(B, 'limit', 6)`: Sel().pick(5) is 'SMALL'
    patch = "from w.alias import B\nsetter = setattr\nsetter(B, 'limit', 6)\n"
    _assert_written_by_patch(_check_patched(cli, tmp_path, patch))


# ---------------------------------------------------------------- check: a module constant

_PICK = "import w.patch\nfrom w import consts\n\n\ndef pick(n):\n    if n > consts.LIMIT:\n        return 'BIG'\n    return 'SMALL'\n"


@pytest.mark.parametrize("write", [
    "setter = setattr\nsetter(consts, 'LIMIT', 6)\n",
    "consts.__setattr__('LIMIT', 6)\n",
    "object.__setattr__(consts, 'LIMIT', 6)\n",
    "import builtins\nbuiltins.setattr(consts, 'LIMIT', 6)\n",
    "list(map(setattr, [consts], ['LIMIT'], [6]))\n",
])
def test_a_module_constant_set_by_setattr_under_another_name_is_undetermined(cli, tmp_path, write):
    # round 34: clean (consts.LIMIT folded to 4); `import w.patch; pick(5)` is 'SMALL' with each write
    files = {"w/__init__.py": "", "w/consts.py": "LIMIT = 4\n", "w/patch.py": "from w import consts\n" + write, "w/sel.py": _PICK}
    run = check_tree(cli, tmp_path, files, "w/sel.py", "pick", "expect = \"'BIG'\"\n[rule.given]\nn = 5\n")
    assert undetermined(run) and "unmodeled code (<consts.LIMIT as w/patch.py changes it>)" in run.output, run.output


# ---------------------------------------------------------------- diff

_BASE = "class Base:\n    limit = 4\n"


def _diff_patch(cli, tmp_path, old_patch: str | None, new_patch: str):
    """`diff` where `sel.py` changed in another method and `patch.py` is `old_patch` (None: absent), then `new_patch`."""
    old = {"sel.py": _DIFF_SEL, "base.py": _BASE, **({"patch.py": old_patch} if old_patch is not None else {})}
    new = {"sel.py": _DIFF_SEL.replace("return 1", "return 2"), "base.py": _BASE, "patch.py": new_patch}
    return _diff_tree(cli, tmp_path, old, new, "--no-cache")


def test_diff_of_type_setattr_of_the_base_in_another_module_is_not_compared(cli, tmp_path):
    # round 34: "0 decisions changed"; patch.py's `type.__setattr__(Base, 'limit', 4)` -> 6: Sel().pick(5, "y")
    # 'BIG' -> 'SMALL'
    patch = "from base import Base\ntype.__setattr__(Base, 'limit', 4)\n"
    run = _diff_patch(cli, tmp_path, patch, patch.replace("4)", "6)"))
    _not_compared(run, "`<self.limit as patch.py writes it>` is the same in both versions")


def test_diff_of_setattr_under_another_name_in_another_module_is_not_compared(cli, tmp_path):
    # round 34: "0 decisions changed"; patch.py's `setter(Base, 'limit', 4)` -> 6: Sel().pick(5, "y") 'BIG' -> 'SMALL'
    patch = "from base import Base\nsetter = setattr\nsetter(Base, 'limit', 4)\n"
    run = _diff_patch(cli, tmp_path, patch, patch.replace("4)", "6)"))
    _not_compared(run, "`<self.limit as patch.py writes it>` is the same in both versions")


def test_diff_of_a_new_module_writing_the_base_by_setattr_under_another_name_changes_the_decision(cli, tmp_path):
    # round 34: "0 decisions changed"; a new patch.py runs `setter(Base, 'limit', 6)`: Sel().pick(5, "y") 'BIG' -> 'SMALL'
    run = _diff_patch(cli, tmp_path, None, "from base import Base\nsetter = setattr\nsetter(Base, 'limit', 6)\n")
    # (round 46: not compared, naming the value patch.py writes; regions over it were listed before,
    # some of which no run gives)
    assert run.exit_code == 1 and (("new atoms: `<self.limit as patch.py writes it>`" in run.output
                                    and "1 decision changed in 1 file" in run.output)
                                   or "not compared: a change needs `<self.limit as patch.py writes it> ? n`" in run.output), run.output


@pytest.mark.parametrize("write", [
    "type.__setattr__(Base, 'limit', {})\n",
    "setter = setattr\nsetter(Base, 'limit', {})\n",
    "list(map(setattr, [Base], ['limit'], [{}]))\n",
])
def test_diff_of_the_base_module_setting_its_constant_by_setattr_under_another_name_is_not_compared(cli, tmp_path, write):
    # round 34: "0 decisions changed"; base.py's write below the class 4 -> 6: Sel().pick(5, "y") 'BIG' -> 'SMALL'
    old, new = _BASE + "\n\n" + write.format(4), _BASE + "\n\n" + write.format(6)
    run = _diff_base(cli, tmp_path, old, new, _DIFF_SEL, _DIFF_SEL.replace("return 1", "return 2"))
    _not_compared(run, "`self.limit` rests on `base.py::Base.limit`, which changed")
