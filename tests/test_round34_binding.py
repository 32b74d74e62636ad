"""Round 34: a method whose parameters are only `*args` gets its receiver among them (the model
bound the call's arguments without it, so `len(args)` was one short)."""

import pytest

from test_round32_check import check_tree

_K = """class K:
    def check(*args):
        return len(args) == 2

    @classmethod
    def kind(*args):
        return len(args)

    def run(self, x):
        if self.check(x):
            return 'BOUND'
        return 'NO'

    def run_class(self):
        if self.kind() == 1:
            return 'ONE'
        return 'OTHER'
"""


@pytest.mark.parametrize("function, expect", [("K.run", "'BOUND'"), ("K.run_class", "'ONE'")])
def test_a_method_of_star_args_gets_its_receiver_among_them(cli, tmp_path, function, expect):
    # round 34: expect 'NO' of K.run was clean (args == (x,)); K().run(1) is 'BOUND' (args == (self, 1));
    # K().run_class() is 'ONE' (args == (K,))
    run = check_tree(cli, tmp_path, {"mod.py": _K}, "mod.py", function, f"expect = \"{expect}\"\n")
    assert run.exit_code == 0, run.output
    wrong = "'NO'" if function == "K.run" else "'OTHER'"
    run = check_tree(cli, tmp_path, {"mod.py": _K}, "mod.py", function, f"expect = \"{wrong}\"\n")
    assert run.exit_code == 1 and "undetermined" not in run.output, run.output
