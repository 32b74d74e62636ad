"""The environment by the names code gives it. Its values are strings, so `os.environ.get("K") == 1`
never holds (round 35); the model took any mapping whose text was `environ` or `os.environ` for it: a
parameter `environ` (a dict of anything) or `os` (any object), and `check` said clean where a run
returns the forbidden branch. The other way round, `from os import environ as env` and `from os
import getenv` were plain mappings and calls: a counterexample gave the environment the value 1,
and `getenv(k)` after `os.environ[k] = "1"` read the value from before the write (a definite
violation every run contradicts). The environment is now `os.environ` of the `os` module, under
whatever name the code imports it or `getenv`."""

import pytest

from test_round32_check import check_tree, undetermined

_FORBID_ONE = "forbid = [\"'ONE'\"]\n"
_TWO_IMPORTS = "import os\n        from helper import read"


def _pick(guard: str, head: str = "import os", params: str = "") -> str:
    return f'''
        {head}


        def pick({params}):
            if {guard}:
                return "ONE"
            return "OTHER"
    '''


@pytest.mark.parametrize("params, guard", [
    ("environ", 'environ.get("K") == 1'),
    ("os", 'os.environ.get("K") == 1'),
    ("os", 'os.getenv("K") == 1'),
    ("environ", '"K" in environ and environ["K"] == 1'),
    ("environ", 'environ.get("K") is None and "K" in environ'),
])
def test_a_parameter_named_like_the_environment_may_hold_anything(cli, tmp_path, params, guard):
    # review of round 35: clean; pick({"K": 1}) is 'ONE'
    run = check_tree(cli, tmp_path, {"mod.py": _pick(guard, params=params)}, "mod.py", "pick", _FORBID_ONE)
    assert run.exit_code == 1 and "error[r]" in run.output and "undetermined" not in run.output, run.output
    assert "'ONE'" in run.output.split("got", 1)[1].splitlines()[0], run.output


def test_a_module_global_os_that_is_no_import_is_no_environment(cli, tmp_path):
    source = '''
        class _Fake:
            environ = {"K": 1}


        os = _Fake()


        def pick():
            if os.environ.get("K") == 1:
                return "ONE"
            return "OTHER"
    '''
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", _FORBID_ONE)
    assert run.exit_code == 1 and "clean" not in run.output.splitlines()[-1], run.output


@pytest.mark.parametrize("head, guard", [
    ("import os", 'os.environ.get("K") == 1'),
    ("import os", 'os.getenv("K") == 1'),
    ("from os import environ", 'environ.get("K") == 1'),
    ("from os import environ as real_env", 'real_env.get("K") == 1'),
    ("from os import environ as real_env", '"K" in real_env and real_env["K"] == 1'),
    ("from os import getenv", 'getenv("K") == 1'),
    ("import os", 'os.environ.get("K") is None and "K" in os.environ'),
    ("from os import environ as e", 'e.get("K") is None and "K" in e'),
])
def test_the_environment_under_any_name_holds_strings(cli, tmp_path, head, guard):
    # review of round 35: the aliases gave counterexamples `real_env.get('K')=1`, `getenv('K')=1`, and
    # `os.environ.get('K')=None` with the key present; no environment reproduces any of them
    run = check_tree(cli, tmp_path, {"mod.py": _pick(guard, head)}, "mod.py", "pick", _FORBID_ONE)
    assert run.exit_code == 0, run.output


def test_the_environment_passed_to_a_helper_of_another_module_holds_strings(cli, tmp_path):
    files = {
        "helper.py": '''
            def read(env, key):
                return env.get(key)
        ''',
        "mod.py": _pick('read(os.environ, "K") == 1', _TWO_IMPORTS),
    }
    run = check_tree(cli, tmp_path, files, "mod.py", "pick", _FORBID_ONE)
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("head, write, read", [
    ("from os import getenv", 'os.environ["K"] = "1"', 'getenv("K")'),
    ("from os import environ", 'environ["K"] = "1"', 'os.environ.get("K")'),
    ("from os import environ", 'os.environ["K"] = "1"', 'environ.get("K")'),
])
def test_a_read_after_a_write_through_another_name_is_no_read_from_before(cli, tmp_path, head, write, read):
    # review of round 35: a definite 'OTHER' (the read before the write, free); every run is 'ONE'
    source = f'''
        import os
        {head}


        def pick():
            {write}
            if {read} == "1":
                return "ONE"
            return "OTHER"
    '''
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", "expect = \"'ONE'\"\n")
    assert run.exit_code == 0 or undetermined(run), run.output
