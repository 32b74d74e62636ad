"""Round 32: answers of `check` that running the code contradicts: a logger or a lock of the tree's
own classes taken by its name for one of the standard library's, a list or a class changed through
a name another module imports it under, `envs.X` of a name or a value its `__getattr__` table
cannot give, a pure `@lru_cache` function read as a free input, and a raise inside a helper of
another module reported at the target's file with the helper's line."""

import json
import textwrap

from test_soundness import check


def check_tree(cli, tmp_path, files: dict[str, str], target: str, function: str, rule: str, *extra):
    """`check` of `target::function` in a tree of `files` (path -> source)."""
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(textwrap.dedent(text))
    (tmp_path / "r.toml").write_text(f'[[rule]]\nid = "r"\npath = "{target}"\nfunction = "{function}"\n' + textwrap.dedent(rule))
    return cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path, *extra)


def undetermined(run) -> bool:
    return run.exit_code == 1 and "undetermined" in run.output


# ---------------------------------------------------------------- 01: a logger of the tree's own class

_LOGGER = {
    "w/__init__.py": "",
    "w/logger.py": '''
        class _Logger:
            def warning_once(self, msg, cfg):
                cfg.warned = True


        def init_logger(name):
            return _Logger()
    ''',
}
_WARN = '''
    {head}


    def warn_then(cfg):
        cfg.warned = False
        if cfg.use_fp8:
            logger.warning_once("fp8 path", cfg)
        if cfg.warned:
            return "WARNED"
        return "QUIET"
'''


def test_a_logger_made_by_a_class_of_the_tree_is_no_pure_call(cli, tmp_path):
    # round 32: `logger.warning_once(...)` matched `logger.*` and was ignored: forbid 'WARNED' clean,
    # warn_then(cfg(use_fp8=True)) returns 'WARNED'
    files = {**_LOGGER, "w/sel.py": _WARN.format(head="from w.logger import init_logger\n    logger = init_logger(__name__)")}
    run = check_tree(cli, tmp_path, files, "w/sel.py", "warn_then", "forbid = [\"'WARNED'\"]\n")
    assert undetermined(run) and "warned (after logger.warning_once" in run.output, run.output


def test_a_logger_of_the_standard_library_stays_a_pure_call(cli, tmp_path):
    files = {**_LOGGER, "w/sel.py": _WARN.format(head="import logging\n    logger = logging.getLogger(__name__)")}
    run = check_tree(cli, tmp_path, files, "w/sel.py", "warn_then", "forbid = [\"'WARNED'\"]\n")
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- 02: a context manager named `_lock`

_GUARDED = '''
    import threading


    class _Guard:
        def __enter__(self):
            return self

        def __exit__(self, exc_type, exc, tb):
            return {swallows}


    class Selector:
        def __init__(self):
            self._lock = {made}

        def pick(self, use_flash):
            with self._lock:
                if use_flash:
                    raise ValueError("flash unavailable")
                return "TRITON"
            return "FALLBACK"
'''


def test_a_lock_named_context_manager_of_a_swallowing_tree_class_may_swallow(cli, tmp_path):
    # round 32: `with self._lock:` matched `*._lock` (plain): forbid 'FALLBACK' clean; pick(True) is 'FALLBACK'
    run = check(cli, tmp_path, _GUARDED.format(swallows="True", made="_Guard()"), "forbid = [\"'FALLBACK'\"]\n",
                function="Selector.pick")
    assert run.exit_code == 1 and "FALLBACK" in run.output and "exception caught" in run.output, run.output


def test_a_lock_of_a_plain_tree_class_or_of_threading_stays_plain(cli, tmp_path):
    for made in ("_Guard()", "threading.Lock()"):
        run = check(cli, tmp_path, _GUARDED.format(swallows="None", made=made), "forbid = [\"'FALLBACK'\"]\n",
                    function="Selector.pick")
        assert run.exit_code == 0, (made, run.output)


# ---------------------------------------------------------------- 03: changed through another name for it

def test_a_list_changed_through_a_name_another_module_imports_it_under_is_no_constant(cli, tmp_path):
    # round 32: `ORDER.insert(0, Flex)` of `from a.layers import ORDER` (`from a.sel import PRIORITY as
    # ORDER` there): expect Flash clean, first() returns Flex
    files = {
        "a/__init__.py": "from a import plug  # noqa: F401\n",
        "a/layers.py": "from a.sel import PRIORITY as ORDER  # noqa: F401\n",
        "a/plug.py": "from a.layers import ORDER\nfrom a.sel import Flex\n\nORDER.insert(0, Flex)\n",
        "a/sel.py": '''
            class Flash:
                pass


            class Flex:
                pass


            PRIORITY = [Flash]


            def first():
                return PRIORITY[0]
        ''',
    }
    run = check_tree(cli, tmp_path, files, "a/sel.py", "first", 'expect = "Flash"\n')
    assert run.exit_code == 1, run.output


def test_a_class_attribute_written_through_a_name_another_module_imports_it_under_is_read(cli, tmp_path):
    # round 32: `FA.MIN_CAP = 0` of `from a.layers import FA` (`from a.sel import Flash as FA`)
    files = {
        "a/__init__.py": "from a import plug  # noqa\n",
        "a/layers.py": "from a.sel import Flash as FA  # noqa\n",
        "a/plug.py": "from a.layers import FA\n\nFA.MIN_CAP = 0\n",
        "a/sel.py": '''
            class Flash:
                MIN_CAP = 90


            def choose(cap):
                if cap >= Flash.MIN_CAP:
                    return "FLASH"
                return "OTHER"
        ''',
    }
    run = check_tree(cli, tmp_path, files, "a/sel.py", "choose", 'expect = "\'OTHER\'"\n[rule.given]\ncap = 50\n')
    assert run.exit_code == 1, run.output


# ---------------------------------------------------------------- 04, 05: envs.X of a `__getattr__` table

_ENVS = '''
    import os

    environment_variables = {
        "VLLM_USE_X": lambda: os.getenv("VLLM_USE_X", "0") == "1",
        "VLLM_BACKEND": lambda: os.getenv("VLLM_BACKEND", "auto").lower(),
        "VLLM_MIN_TOKENS": lambda: int(os.getenv("VLLM_MIN_TOKENS", "8")),
    }


    def __getattr__(name):
        if name in environment_variables:
            return environment_variables[name]()
        raise AttributeError(name)
'''


def test_a_name_missing_from_the_getattr_table_raises(cli, tmp_path):
    # round 32: `envs.VLLM_USE_Y` (a typo) was an input: forbid 'Y' a finding with VLLM_USE_Y=true;
    # Python raises AttributeError
    files = {"s/__init__.py": "", "s/envs.py": _ENVS, "s/sel.py": '''
        from s import envs


        def typo():
            if envs.VLLM_USE_Y:
                return "Y"
            return "N"
    '''}
    run = check_tree(cli, tmp_path, files, "s/sel.py", "typo", "forbid = [\"raise AttributeError\"]\n")
    assert run.exit_code == 1 and "raise AttributeError" in run.output and "VLLM_USE_Y=" not in run.output, run.output
    run = check_tree(cli, tmp_path, files, "s/sel.py", "typo", "forbid = [\"'Y'\"]\n")
    assert run.exit_code == 0, run.output


def test_an_envs_value_is_one_its_table_entry_can_compute(cli, tmp_path):
    # round 32: findings with VLLM_BACKEND="FLASH" (the entry lowercases) and VLLM_MIN_TOKENS=None (int(...))
    files = {"s/__init__.py": "", "s/envs.py": _ENVS, "s/sel.py": '''
        from s import envs


        def pick():
            if envs.VLLM_BACKEND == "FLASH":
                return "UPPER"
            if envs.VLLM_MIN_TOKENS is None:
                return "OFF"
            if envs.VLLM_BACKEND == "flash":
                return "LOWER"
            return "OTHER"
    '''}
    run = check_tree(cli, tmp_path, files, "s/sel.py", "pick", "forbid = [\"'UPPER'\", \"'OFF'\"]\n")
    assert run.exit_code == 0, run.output
    run = check_tree(cli, tmp_path, files, "s/sel.py", "pick", "forbid = [\"'LOWER'\"]\n")
    assert run.exit_code == 1 and 'VLLM_BACKEND="flash"' in run.output.replace("'", '"'), run.output


# ---------------------------------------------------------------- 06: a pure `@lru_cache` function

def test_a_cached_function_of_its_arguments_alone_is_inlined(cli, tmp_path):
    # round 32: `_use_big(tp_size)` was a free input: a finding with tp_size=4, `_use_big(...)=false`
    source = '''
        import functools

        LIMIT = 1


        @functools.lru_cache
        def _use_big(tp_size):
            return tp_size > LIMIT


        def choose(tp_size):
            if _use_big(tp_size):
                return "BIG"
            return "SMALL"
    '''
    run = check(cli, tmp_path, source, 'expect = "\'BIG\'"\n[rule.given]\ntp_size = 4\n', function="choose")
    assert run.exit_code == 0, run.output


def test_a_cached_function_reading_an_attribute_is_still_not_inlined(cli, tmp_path):
    source = '''
        import functools


        @functools.lru_cache
        def _use_big(cfg):
            return cfg.tp_size > 1


        def choose(cfg):
            if _use_big(cfg):
                return "BIG"
            return "SMALL"
    '''
    run = check(cli, tmp_path, source, 'expect = "\'BIG\'"\n[rule.given]\n"cfg.tp_size" = 4\n', function="choose")
    assert run.exit_code != 0, run.output


# ---------------------------------------------------------------- 07: a raise inside another module's helper

def test_a_raise_in_a_helper_of_another_module_is_reported_at_the_call(cli, tmp_path):
    # round 32: reported at w/sel.py:3 (the helper's line, blank in sel.py); Python raises at w/checks.py:3
    files = {
        "w/__init__.py": "",
        "w/checks.py": "def require(ok, msg):\n    if not ok:\n        raise ValueError(msg)\n",
        "w/sel.py": "from w import checks\n\n\ndef req(cfg):\n    checks.require(cfg.tp_size <= 8, 'too big')\n    return 'OK'\n",
    }
    run = check_tree(cli, tmp_path, files, "w/sel.py", "req", 'expect = "\'OK\'"\n[rule.given]\ntp_size = 16\n')
    assert run.exit_code == 1 and "w/sel.py:5:" in run.output and "checks.require(cfg.tp_size <= 8" in run.output, run.output
    sarif = check_tree(cli, tmp_path, files, "w/sel.py", "req", 'expect = "\'OK\'"\n[rule.given]\ntp_size = 16\n',
                       "--format", "sarif")
    region = json.loads(sarif.output)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 5, region
    explain = cli("explain", "w/sel.py::req", "--root", tmp_path)
    assert "raised at w/checks.py:3" in explain.output, explain.output
