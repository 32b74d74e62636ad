"""Round 48 (explorer of `check` and `diff`, SGLang #30952): a dispatcher method that writes an
attribute of `self` only through helpers it calls (`self._handle_a2a_moe()` then
`self._select_dsv4_runner()`) could not be named as `Dispatcher:self.moe_runner_backend` ("never
assigns the decision variable"), and a reorder of its two calls was "0 decisions changed" (the
dispatcher no candidate at all); a `self.` decision variable was run only to its last assignment,
and a helper's write after it (`if n: self._off()`) was never seen. Each truth is the small
program run."""

import itertools
import textwrap

from test_round32_check import check_tree
from test_round46_diff import _trees

_HELPERS = '''
class ServerArgs:
    def _handle_a2a_moe(self):
        if self.enable_deepep_moe:
            self.moe_a2a_backend = "deepep"
        if self.enable_mega_moe:
            self.moe_a2a_backend = "mega_moe"

    def _select_dsv4_runner(self):
        if self.moe_runner_backend != "auto":
            return
        if self.moe_a2a_backend != "none":
            return
        if self.sm == 100:
            self.moe_runner_backend = "flashinfer_mxfp4"
        elif self.sm == 90:
            self.moe_runner_backend = "marlin"

    def _handle_model_specific(self):
        if self.model_arch == "DeepseekV4ForCausalLM":
{calls}
'''

_OLD = _HELPERS.replace("{calls}", "            self._handle_a2a_moe()\n            self._select_dsv4_runner()")
_NEW = _HELPERS.replace("{calls}", "            self._select_dsv4_runner()\n            self._handle_a2a_moe()")


def _runs(source: str) -> dict[tuple, str]:
    """The final `moe_runner_backend` of every configuration, by running `source`."""
    space: dict = {}
    exec(compile(source, "<sa>", "exec"), space)
    out = {}
    for sm, deepep, mega, a2a, runner in itertools.product([90, 100, 80], [False, True], [False, True], ["none", "deepep"],
                                                          ["auto", "triton"]):
        s = space["ServerArgs"]()
        s.model_arch, s.sm = "DeepseekV4ForCausalLM", sm
        s.enable_deepep_moe, s.enable_mega_moe, s.moe_a2a_backend, s.moe_runner_backend = deepep, mega, a2a, runner
        s._handle_model_specific()
        out[(sm, deepep, mega, a2a, runner)] = s.moe_runner_backend
    return out


_GIVEN = ('expect = "\'auto\'"\n[rule.given]\nmodel_arch = "DeepseekV4ForCausalLM"\nmoe_runner_backend = "auto"\n'
          'moe_a2a_backend = "none"\nenable_deepep_moe = true\nenable_mega_moe = false\nsm = 100\n')


def test_a_dispatcher_whose_helpers_write_the_attribute_is_a_target(cli, tmp_path):
    # round 48: config error "never assigns the decision variable"; running: the new order forces
    # 'flashinfer_mxfp4' where DeepEP is on, the old keeps 'auto'
    assert _runs(_OLD)[(100, True, False, "none", "auto")] == "auto"
    assert _runs(_NEW)[(100, True, False, "none", "auto")] == "flashinfer_mxfp4"
    function = "ServerArgs._handle_model_specific:self.moe_runner_backend"
    old = check_tree(cli, tmp_path / "old", {"sa.py": _OLD}, "sa.py", function, _GIVEN)
    assert old.exit_code == 0, old.output
    new = check_tree(cli, tmp_path / "new", {"sa.py": _NEW}, "sa.py", function, _GIVEN)
    assert new.exit_code == 1 and "flashinfer_mxfp4" in new.output, new.output
    # an attribute no helper it calls writes stays the configuration error
    none = check_tree(cli, tmp_path / "none", {"sa.py": _OLD}, "sa.py", "ServerArgs._handle_model_specific:self.nothing",
                      _GIVEN)
    assert none.exit_code == 2 and "never assigns" in none.output, none.output


_LATER = '''
def _ext(o):
    o.backend = "z"


class Srv:
    def _off(self):
        self.backend = "b"

    def _off2(self):
        self._off()

    def setup(self, n):
        self.backend = "a"
        if n:
            self._off()

    def setup2(self, n):
        self.backend = "a"
        if n:
            self._off2()

    def setup3(self, n):
        self.backend = "a"
        if n:
            _ext(self)
'''


def test_a_helper_writing_the_attribute_after_its_last_assignment_is_run(cli, tmp_path):
    # round 48: `Srv.setup:self.backend` (and a helper's helper, a function handed `self`) ran to
    # `self.backend = "a"` only: `expect = "'a'"` at n = true was clean; running gives 'b' / 'z'
    space: dict = {}
    exec(compile(textwrap.dedent(_LATER), "<srv>", "exec"), space)
    for method, got in (("setup", "b"), ("setup2", "b"), ("setup3", "z")):
        s = space["Srv"]()
        getattr(s, method)(True)
        assert s.backend == got
        run = check_tree(cli, tmp_path / method, {"m.py": _LATER}, "m.py", f"Srv.{method}:self.backend",
                         'expect = "\'a\'"\n[rule.given]\nn = true\n')
        assert run.exit_code == 1 and f"'{got}'" in run.output, (method, run.output)


def test_a_reorder_of_two_helper_calls_in_a_dispatcher_is_a_change(cli, tmp_path):
    # round 48 (SGLang #30952): "0 decisions changed in 0 files (2 compared)", exit 0; running:
    # 6 of 48 configurations end with another `moe_runner_backend`
    before, after = _runs(_OLD), _runs(_NEW)
    changed = {k for k in before if before[k] != after[k]}
    assert len(changed) == 6
    old, new = _trees(tmp_path, {"sa.py": _OLD}, {"sa.py": _NEW})
    run = cli("diff", old, new, "sa.py", "--no-cache")
    assert run.exit_code == 1, run.output
    assert "ServerArgs._handle_model_specific:self.moe_runner_backend" in run.output, run.output
    assert "6 of" in run.output, run.output  # (sm 80 is none of the model's atoms: 48 runs, 6 of them; the model's 6)


_TABLE = '''
class Cfg:
    def _apply(self, table):
        for key, value in table.items():
            setattr(self, key, value)

    def _pick(self):
        if self.a2a == "none":
            self.runner = "fast"

    def finish(self, table):
{calls}
'''


def test_a_dispatcher_whose_helper_writes_by_a_computed_name_is_listed_not_compared(cli, tmp_path):
    # round 48: a helper's `setattr(self, key, v)` moved before `_pick`: "0 decisions changed";
    # running: a table {"a2a": "deepep"} now keeps runner "auto"
    old_src = _TABLE.replace("{calls}", "        self._pick()\n        self._apply(table)")
    new_src = _TABLE.replace("{calls}", "        self._apply(table)\n        self._pick()")
    runs = []
    for source in (old_src, new_src):
        space: dict = {}
        exec(compile(source, "<cfg>", "exec"), space)
        c = space["Cfg"]()
        c.a2a, c.runner = "none", "auto"
        c.finish({"a2a": "deepep"})
        runs.append(c.runner)
    assert runs == ["fast", "auto"]
    old, new = _trees(tmp_path, {"cfg.py": old_src}, {"cfg.py": new_src})
    run = cli("diff", old, new, "cfg.py", "--no-cache")
    assert run.exit_code == 1 and "Cfg.finish" in run.output and "not compared" in run.output, run.output
