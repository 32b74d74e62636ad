"""Round 50 (explorer attacking rounds 48-49): answers running the code contradicted. A dict keyed
by an enum member was named `Term('B.FA')` (a rule's `{B.FA: 'fa3'}` named none); a dispatcher's
helper-written attribute no guard of it reads was no candidate ("0 decisions changed"); a helper
writing `self.X` through another name for the object, a loop, `__setattr__`, another module's
function or a property's setter, and a bound method taken on one line and called later, were
unseen (clean). (`diff` reading after a call made another number of times, and in an outcome:
tests/test_round48_reread.py; a tuple holding a list handed to `warning_once`:
tests/test_round49_logging.py; a logged list and another module's logger class:
tests/test_round49_closures.py.)"""

import textwrap

import pytest

from test_round32_check import check_tree
from test_round46_diff import _trees

_ENUM_KEY = '''
    import enum


    class B(enum.Enum):
        FA = "fa"
        TR = "tr"


    def enumkey(view):
        if view.a:
            return {B.FA: view.x}
        return {B.TR: "fa3"}
'''


def test_forbid_of_a_dict_keyed_by_an_enum_member_names_it_as_python_does(cli, tmp_path):
    run = check_tree(cli, tmp_path, {"m.py": _ENUM_KEY}, "m.py", "enumkey",
                     "forbid = [\"{B.FA: 'fa3'}\"]\n[rule.given]\na = true\nx = \"fa3\"\n")
    assert run.exit_code == 1 and "got       {B.FA: 'fa3'}" in run.output, run.output  # (was clean)
    assert "Term(" not in run.output


_SERVER = '''class ServerArgs:
    def _a(self):
        self.backend = "a"

    def _b(self):
        if self.fast:
            self.backend = "b"

    def setup(self):
{calls}

    def kernel(self):
        if self.backend == "b":
            return "SLOW"
        return "FAST"
'''


def test_a_dispatcher_whose_helpers_write_an_attribute_another_method_reads_is_compared(cli, tmp_path):
    old_src = _SERVER.format(calls="        self._b()\n        self._a()")
    new_src = _SERVER.format(calls="        self._a()\n        self._b()")
    outcomes = []
    for source in (old_src, new_src):
        namespace: dict = {}
        exec(source, namespace)
        s = namespace["ServerArgs"]()
        s.fast = True
        s.setup()
        outcomes.append((s.backend, s.kernel()))
    assert outcomes == [("a", "FAST"), ("b", "SLOW")]
    old, new = _trees(tmp_path, {"m.py": old_src}, {"m.py": new_src})
    run = cli("diff", old, new, "--no-cache")
    assert run.exit_code == 1 and "'a' (line 11)  ->  'b' (line 11)" in run.output, run.output  # (was "0 decisions changed")


_SRV = '''
    import other


    class Srv:
        def _alias(self):
            o = self
            o.backend = "b"

        def _loop(self):
            for o in (self,):
                o.backend = "b"

        def _dunder(self):
            self.__setattr__("backend", "b")

        def _off(self):
            self.backend = "b"

        @property
        def mode(self):
            return self._mode

        @mode.setter
        def mode(self, v):
            self.backend = v

        def pick(self, n):
            self.backend = "a"
            {take}
            if n:
                {call}
'''

_WAYS = {
    "alias": ("pass", "self._alias()"),
    "loop": ("pass", "self._loop()"),
    "dunder": ("pass", "self._dunder()"),
    "other-module": ("pass", "other.off(self)"),
    "property-setter": ("pass", "self.mode = 'b'"),
    "bound-method": ("f = self._off", "f()"),
}


@pytest.mark.parametrize("way", sorted(_WAYS))
def test_a_write_of_the_attribute_the_model_does_not_name_is_no_clean(cli, tmp_path, way):
    take, call = _WAYS[way]
    source = _SRV.replace("{take}", take).replace("{call}", call)
    files = {"m.py": source, "other.py": "def off(o):\n    o.backend = 'b'\n"}
    run = check_tree(cli, tmp_path, files, "m.py", "Srv.pick:self.backend", "expect = \"'a'\"\n[rule.given]\nn = true\n")
    assert run.exit_code == 1, run.output  # (was clean)
    space: dict = {"other": _Other()}
    exec(textwrap.dedent(source).replace("import other\n", ""), space)
    s = space["Srv"]()
    s.pick(True)
    assert s.backend == "b"


class _Other:
    @staticmethod
    def off(o):
        o.backend = "b"
