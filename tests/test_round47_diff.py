"""Round 47 (round 46's leftovers): a cached or recursive *method* the model does not inline
rested on nothing beyond its own module, as round 46's module helpers did: a constant it reads
from another module changed and `diff` said "0 decisions changed" where the versions differ."""

import pytest

from test_round46_diff import _trees

_SEL = '''import functools
from pkg.consts import LIMIT


class Sel:
    {decorator}
    def fits(self, n{extra}):
        {body}

    def pick(self, n):
        if self.fits(n):
            return "small"
        return "big"
'''

_CACHED = dict(decorator="@functools.lru_cache(maxsize=None)", extra="", body="return n <= LIMIT")
_RECURSIVE = dict(decorator="", extra=", depth=0", body="return n <= LIMIT if depth > 3 else self.fits(n, depth + 1)")


@pytest.mark.parametrize("shape", [_CACHED, _RECURSIVE], ids=["cached", "recursive"])
def test_a_method_not_inlined_rests_on_the_constant_it_imports(cli, tmp_path, shape):
    sel = _SEL.format(**shape)
    old, new = _trees(tmp_path, {"pkg/__init__.py": "", "pkg/consts.py": "LIMIT = 4\n", "pkg/sel.py": sel},
                      {"pkg/__init__.py": "", "pkg/consts.py": "LIMIT = 8\n",
                       "pkg/sel.py": sel + "\n\ndef unrelated():\n    return 1\n"})
    run = cli("diff", old, new, "--no-cache")
    assert "not compared" in run.output and "rests on `pkg/consts.py::LIMIT`, which changed" in run.output, run.output
    assert run.exit_code == 1, run.output
    # the truth: Sel().pick(6) is 'big' in the old version and 'small' in the new
    for side, want in ((old, "big"), (new, "small")):
        namespace: dict = {"__name__": "sel"}
        exec((side / "pkg/sel.py").read_text().replace("from pkg.consts import LIMIT",
                                                      (side / "pkg/consts.py").read_text()), namespace)
        assert namespace["Sel"]().pick(6) == want
