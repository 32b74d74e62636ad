"""Round 33 (found by the diff fixer): a class constant read through `self` (the class's own or
a base's, in another module) that another module of the tree writes (`Base.limit = 6`,
`setattr(Base, "limit", 6)`, `setattr(Base, k, v)` over a table, through the module) was folded
to its body's value: `check` said clean where running returns the other branch. Read as
`Base.limit` it was undetermined already."""

import pytest

from test_round32_check import check_tree, undetermined

_BASE = "class Base:\n    limit = 4\n"
_SEL = '''
    {imports}
    from w.base import Base


    class Sel(Base):
        def pick(self, n):
            if n > self.limit:
                return "BIG"
            return "SMALL"
'''
_RULE = 'expect = "BIG"\n[rule.given]\nn = 5\n'


@pytest.mark.parametrize("patch", [
    "from w.base import Base\nBase.limit = 6\n",
    'from w.base import Base\nsetattr(Base, "limit", 6)\n',
    'from w.base import Base\nfor k, v in {"limit": 6}.items():\n    setattr(Base, k, v)\n',
    "from w import base\nbase.Base.limit = 6\n",
])
def test_a_base_constant_another_module_writes_is_not_folded_through_self(cli, tmp_path, patch):
    # round 33: clean (exit 0: `self.limit` folded to 4); `import w.patch; Sel().pick(5)` returns 'SMALL'
    files = {"w/__init__.py": "", "w/base.py": _BASE, "w/patch.py": patch, "w/sel.py": _SEL.format(imports="import w.patch")}
    run = check_tree(cli, tmp_path, files, "w/sel.py", "Sel.pick", _RULE)
    assert undetermined(run) and "writes it" in run.output, run.output


def test_the_class_own_constant_another_module_writes_is_not_folded_through_self(cli, tmp_path):
    # the same of the target's own class: `Sel.limit = 6` in another module
    sel = "class Sel:\n    limit = 4\n\n    def pick(self, n):\n        if n > self.limit:\n            return 'BIG'\n        return 'SMALL'\n"
    files = {"w/__init__.py": "", "w/sel.py": sel, "w/patch.py": "from w.sel import Sel\nSel.limit = 6\n"}
    run = check_tree(cli, tmp_path, files, "w/sel.py", "Sel.pick", _RULE)
    assert undetermined(run) and "writes it" in run.output, run.output


def test_an_unwritten_inherited_constant_is_still_folded(cli, tmp_path):
    # nothing writes `limit`: 5 > 4, 'BIG', clean as before
    files = {"w/__init__.py": "", "w/base.py": _BASE, "w/other.py": "from w.base import Base\nBase.other = 1\n",
             "w/sel.py": _SEL.format(imports="import w.other")}
    run = check_tree(cli, tmp_path, files, "w/sel.py", "Sel.pick", _RULE)
    assert run.exit_code == 0, run.output
