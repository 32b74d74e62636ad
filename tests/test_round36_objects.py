"""Round 36 (an exploratory helper): a `cached_property` read as if computed now, and a read-only
`vars(obj)` / `globals()` taken for a write to every name of its module.

- `self.backend` of a `functools.cached_property` was inlined: the getter run on the attributes the
  facts give. An object the target did not make may have cached the value by an earlier read, on
  other attributes (a config built, read, then adjusted). Now the getter's value holds only where
  an atom "<self.backend was cached before line N>" is false; where it is true the value is one the
  model does not know (undetermined, never an input) and nothing the getter does happens. An
  object the target made (`Sel()` of a plain class whose construction reads nothing of `self`,
  handed to no call since) is fresh: its getter runs, exactly.
- A `vars(obj)` or `globals()` anywhere in the module (`return vars(Cfg())`, `globals().get(k)`)
  made every name of the module one code may rebind: `Cfg` became a heap read, and
  `Cfg().backend` a free input (a definite violation no run gives). Now a namespace only read
  (`k in globals()`, `sorted(vars(x))`, `vars(x).items()`, `dict(vars(x))`, `{**vars(x)}`, the dict
  of an object just made, a function's bare `vars()`) rebinds no name; one that hands out the
  objects it holds makes its lists and dicts changed in place (as `return ORDER` does);
  `globals()["X"] = v` rebinds X alone. A namespace handed out (`return globals()`) is as before."""

import pytest

from test_round32_check import check_tree, undetermined

_SEL = '''
    from functools import cached_property


    class Sel:
        def __init__(self, cap):
            self.cap = cap

        @cached_property
        def backend(self):
            return "FLASH" if self.cap >= 90 else "TRITON"
'''

_CHOOSE = '''
        def choose(self):
            if self.backend == "FLASH":
                return "FLASH"
            return "TRITON"
'''

_GIVEN_CAP = "expect = \"'FLASH'\"\n[rule.given]\n\"self.cap\" = 95\n"


def test_a_cached_property_of_self_may_hold_an_earlier_value(cli, tmp_path):
    # round 36: clean; `s = Sel(80); s.backend; s.cap = 95; s.choose()` is 'TRITON'
    run = check_tree(cli, tmp_path, {"mod.py": _SEL + _CHOOSE}, "mod.py", "Sel.choose", _GIVEN_CAP)
    assert undetermined(run) and "<self.backend was cached before line 14>" in run.output, run.output


@pytest.mark.parametrize("method", [
    # through a helper method
    "\n    def _b(self):\n        return self.backend\n\n    def choose(self):\n        if self._b() == 'FLASH':\n"
    "            return 'FLASH'\n        return 'TRITON'\n",
    # by `getattr` with a literal name
    "\n    def choose(self):\n        if getattr(self, 'backend') == 'FLASH':\n            return 'FLASH'\n        return 'TRITON'\n",
    # through a plain property
    "\n    @property\n    def b3(self):\n        return self.backend\n\n    def choose(self):\n        if self.b3 == 'FLASH':\n"
    "            return 'FLASH'\n        return 'TRITON'\n",
])
def test_a_cached_property_of_self_read_another_way_may_hold_an_earlier_value(cli, tmp_path, method):
    # round 36: each was clean (the getter inlined with cap 95); a Sel(80) read before returns 'TRITON'
    import textwrap

    source = textwrap.dedent(_SEL) + textwrap.indent(textwrap.dedent(method), "    ")
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "Sel.choose", _GIVEN_CAP)
    assert undetermined(run) and "was cached before line" in run.output, run.output


def test_a_cached_property_of_a_base_in_another_module_may_hold_an_earlier_value(cli, tmp_path):
    # round 36 variant: clean; a Sub(80) whose backend was read before returns 'TRITON'
    sub = '''
        from base import Sel


        class Sub(Sel):
            def choose(self):
                if self.backend == "FLASH":
                    return "FLASH"
                return "TRITON"
    '''
    run = check_tree(cli, tmp_path, {"base.py": _SEL, "mod.py": sub}, "mod.py", "Sub.choose", _GIVEN_CAP)
    assert undetermined(run) and "<self.backend was cached before line 7>" in run.output, run.output


def test_a_cached_getter_that_was_not_run_changed_nothing(cli, tmp_path):
    # round 36 variant: clean (`self.flag` True after the getter); where `side` was cached, choose() is 'OFF'
    source = '''
        from functools import cached_property


        class S:
            @cached_property
            def side(self):
                self.flag = True
                return 1

            def choose(self):
                self.flag = False
                x = self.side
                if self.flag:
                    return "ON"
                return "OFF"
    '''
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "S.choose", "expect = \"'ON'\"\n")
    assert undetermined(run) and "<self.side was cached before line 13>" in run.output, run.output


_PLAIN = '''
    from functools import cached_property
    import somewhere


    class Sel:
        cap = 80

        @cached_property
        def backend(self):
            return "FLASH" if self.cap >= 90 else "TRITON"


    def pick():
        s = Sel()
        {between}
        s.cap = 95
        if s.backend == "FLASH":
            return "FLASH"
        return "TRITON"
'''


def test_a_cached_property_of_an_object_the_function_made_is_computed_now(cli, tmp_path):
    # a fresh object's getter runs on what the function wrote: pick() is always 'FLASH'
    run = check_tree(cli, tmp_path, {"mod.py": _PLAIN.replace("{between}", "pass")}, "mod.py", "pick", "expect = \"'FLASH'\"\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_a_cached_property_of_an_object_handed_to_a_call_may_hold_an_earlier_value(cli, tmp_path):
    # round 36 variant: clean; `somewhere.log(s)` may read `s.backend` while cap is 80: 'TRITON'
    source = _PLAIN.replace("{between}", "somewhere.log(s)")
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", "expect = \"'FLASH'\"\n")
    assert undetermined(run) and "<Sel().backend was cached before line 18>" in run.output, run.output


def test_a_cached_property_read_by_the_constructor_may_hold_an_earlier_value(cli, tmp_path):
    # round 36 variant: clean; `Sub()` caches 'TRITON' in `__init__` (cap 80): pick() is 'TRITON'
    source = _PLAIN.replace("{between}", "pass").replace("s = Sel()", "s = Sub()") + '''

    class Sub(Sel):
        def __init__(self):
            self.seen = self.backend
    '''
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", "expect = \"'FLASH'\"\n")
    assert undetermined(run) and "<Sub().backend was cached before line 18>" in run.output, run.output


# ---------------------------------------------------------------- 10: a read-only namespace

_CFG = '''
    import json


    class Cfg:
        backend = "flash"


    def describe(k=None):
        {use}


    def pick():
        c = Cfg()
        if c.backend == "flash":
            return "FLASH"
        return "OTHER"
'''


@pytest.mark.parametrize("use", ["return vars(Cfg())", "return dict(vars(Cfg()))", "return vars()",
                                 "return sorted(vars(Cfg()).items())", "return {**vars(Cfg())}", "return 'x' in globals()",
                                 "return [k for k in globals()]", "return len(vars(k))", "return vars(Cfg()).get(k)",
                                 "globals()['backend'] = 1", "vars()['Cfg'] = 1"])
def test_a_namespace_only_read_rebinds_no_name(cli, tmp_path, use):
    # round 36: `backend=other than "flash"`, a definite violation; pick() is always 'FLASH'
    run = check_tree(cli, tmp_path, {"mod.py": _CFG.replace("{use}", use)}, "mod.py", "pick", "expect = \"'FLASH'\"\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


@pytest.mark.parametrize("use", ["globals()['Cfg'] = dict", "return globals()"])
def test_a_namespace_written_or_handed_out_still_rebinds(cli, tmp_path, use):
    # `describe()` may bind `Cfg` to another class (or hands the namespace to a caller that may): no clean
    run = check_tree(cli, tmp_path, {"mod.py": _CFG.replace("{use}", use)}, "mod.py", "pick", "expect = \"'FLASH'\"\n")
    assert run.exit_code == 1, run.output


_ORDER = '''
    ORDER = ["flash", "triton"]


    def lookup(name):
        {use}


    def pick():
        if ORDER[0] == "flash":
            return "FLASH"
        return "OTHER"
'''


@pytest.mark.parametrize("use", ["return name in globals()", "return sorted(globals())", "return globals().keys()"])
def test_a_namespace_read_for_its_names_keeps_list_constants(cli, tmp_path, use):
    # round 36 (w26): `ORDER[0]=other than "flash"`, definite; pick() is always 'FLASH'
    run = check_tree(cli, tmp_path, {"mod.py": _ORDER.replace("{use}", use)}, "mod.py", "pick", "expect = \"'FLASH'\"\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_a_namespace_that_hands_out_its_objects_may_change_a_list_in_place(cli, tmp_path):
    # as `return ORDER`: `lookup("ORDER").insert(0, "x")` makes pick() 'OTHER'
    run = check_tree(cli, tmp_path, {"mod.py": _ORDER.replace("{use}", "return globals().get(name)")}, "mod.py", "pick",
                     "expect = \"'FLASH'\"\n")
    assert run.exit_code == 1 and "ORDER[0]" in run.output, run.output
