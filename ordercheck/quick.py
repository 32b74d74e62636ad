"""The `ordercheck` command's entry, and its fast path: a pre-commit `check FILES` that no rule
targets.

A hook runs `ordercheck check FILES` on every commit, and most commits touch no file a rule
targets. Such a run checks nothing: it prints the empty summary and exits 0 once the rules are
read and chosen. Here it is answered before the command line library or any rule parser is
imported, from the target paths the last full run with the same rule files (byte for byte) and
the same choosing options remembered under the root (`targets.remembered`). Anything this
module does not follow exactly goes to the full command, which reports it: an option other than
`--pack`, `--rules`, `--root`, `--select`, `--ignore`, `--quiet`, `--exit-zero`, `--color` and
`--format text`; a FILE missing or one a rule targets; a configuration error; no remembered
answer; `--no-cache`.
"""

from __future__ import annotations

import os
import sys

# the options followed, each to the name of what it gives (a list: repeatable; None: a check of its value alone)
_VALUED = {"--pack": "packs", "--rules": "rule_paths", "--root": "root", "--select": "select", "--ignore": "ignore",
           "--color": None, "--format": None}
_CHOICES = {"--color": ("auto", "always", "never"), "--format": ("text",)}
_FLAGS = {"--quiet": True, "-q": True, "--exit-zero": False}  # flag -> whether it is --quiet

EMPTY_SUMMARY = "0 errors, 0 warnings in 0 targets (0 rules, 0 files)\n"  # report.summary_line of no run


def entry() -> None:
    """The console script and `python -m ordercheck`."""
    if sys.stdout is None:  # (`>&-`: Python has no stdout; round 43, an internal error or a report lost
        # while the exit status said what it found)
        from .exit_codes import ERROR

        if sys.stderr is not None:
            sys.stderr.write("ordercheck: error: standard output is closed: the report cannot be written\n")
        sys.exit(ERROR)
    answer = untargeted(sys.argv[1:])
    if answer is None:
        from .startup import install

        install()  # (the methods of its dataclasses compiled once, kept: `startup`)
        from .cli import entry as full

        full()
        return
    sys.stdout.write(answer)
    sys.stdout.flush()
    sys.exit(0)


def untargeted(args: list[str]) -> str | None:
    """What `ordercheck ARGS` prints when it is a `check` of FILES no remembered rule targets
    (exit 0); None where the full command must run."""
    options = _parsed(args)
    if options is None:
        return None
    quiet, files, given = options
    from .config import Config, load_config
    from .targets import chooses, remembered

    config = load_config(os.getcwd())
    if not isinstance(config, Config):  # (a ConfigError: the full command reports it)
        return None
    rule_paths, packs, root = sources(config, given["rule_paths"], given["packs"], given["root"])
    if not os.path.isdir(root) or not files or not all(os.path.exists(f) or os.path.exists(os.path.join(root, f)) for f in files):
        return None
    choice = (tuple(given["select"] or config.select), tuple(given["ignore"] or config.ignore),
              tuple(config.include), tuple(config.exclude))
    paths = remembered(root, rule_paths, packs, choice)
    if paths is None:
        return None
    chosen = chooses(root, files)
    if any(chosen(path) for path in paths):
        return None
    return "" if quiet else EMPTY_SUMMARY


def sources(config, rule_paths, packs, root) -> tuple[list[str], list[str], str]:
    """Command-line rules/packs replace the configuration's; --root overrides its root."""
    if rule_paths or packs:
        return list(rule_paths), list(packs), root or config.root or "."
    return config.rules, config.packs, root or config.root or "."


def _parsed(args: list[str]) -> tuple[bool, list[str], dict] | None:
    """`check`'s options as click reads them, where all are among those followed: (quiet, FILES,
    the valued options given); None otherwise."""
    if not args or args[0] != "check":
        return None
    given: dict = {"packs": [], "rule_paths": [], "root": None, "select": [], "ignore": []}
    quiet, files = False, []
    rest = args[1:]
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            files += rest
            break
        if not arg.startswith("-") or arg == "-":
            files.append(arg)
            continue
        name, equals, value = arg.partition("=")
        if name in _FLAGS and not equals:
            quiet = quiet or _FLAGS[name]
            continue
        if name not in _VALUED or not name.startswith("--"):
            return None
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if name in _CHOICES:
            if value not in _CHOICES[name]:
                return None
        elif name == "--root":
            given["root"] = value
        else:
            given[_VALUED[name]].append(value)
    return quiet, files, given
