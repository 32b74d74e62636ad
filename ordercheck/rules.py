"""Rule files (TOML, read with the standard library) -> `Rule` values, or `ConfigError`s.

A rule file holds `[[rule]]` tables; see README.md ("Writing rules") for every key. Errors name the
rule file and line and the nearest valid key. No file access: callers hand in the text.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import replace

from .model import ConfigError, Location, PolicyStep, Range, Rule, RuleExample, is_nan

RULE_KEYS = (
    "id", "path", "function", "message", "severity", "given",
    "expect", "forbid", "reachable", "order", "otherwise", "first", "before", "contains", "examples",
)
SEVERITIES = ("error", "warning")
TOP_KEYS = ("rule", "pure-calls", "base")
_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]\s*(#.*)?$")
_TOML_LINE = re.compile(r"at line (\d+), column (\d+)")
_ID = re.compile(r"^[A-Za-z0-9_./-]+$")


def parse_rules(text: str, path: str, prefix: str = "") -> tuple[list[Rule], list[ConfigError]]:
    """Parse one rule file. `prefix` is prepended to rule ids (a pack's name, e.g. `vllm/`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        return [], [ConfigError(Location(path, line, col), f"invalid TOML: {str(exc).split(' (at')[0]}")]
    lines = text.splitlines()
    headers = [i + 1 for i, line in enumerate(lines) if _HEADER.match(line)]
    errors: list[ConfigError] = []
    unknown_top = [k for k in data if k not in TOP_KEYS]
    for key in unknown_top:
        errors.append(_error(path, _key_line(lines, key, 1, len(lines)), None,
                             f"unknown top-level key `{key}`", key, TOP_KEYS))
    bases, problem = _bases(data)
    if problem:
        errors.append(ConfigError(Location(path, _key_line(lines, "base", 1, len(lines))), problem))
    pure_calls = data.get("pure-calls", [])
    if not isinstance(pure_calls, list) or not all(isinstance(p, str) and p.strip() for p in pure_calls):
        errors.append(ConfigError(Location(path, _key_line(lines, "pure-calls", 1, len(lines))),
                                  "`pure-calls` must be a list of call patterns (fnmatch, e.g. \"current_platform.*\")"))
        pure_calls = []
    tables = data.get("rule", [])
    if not isinstance(tables, list) or not tables:
        errors.append(ConfigError(Location(path, 1), "no [[rule]] tables in this file"))
        return [], errors
    if not all(isinstance(t, dict) for t in tables):  # (`rule = ["a"]`: an internal error before)
        errors.append(ConfigError(Location(path, 1), "`rule` must be a list of tables: write each rule as a [[rule]] table"))
        return [], errors
    rules: list[Rule] = []
    for n, table in enumerate(tables):
        start = headers[n] if n < len(headers) else 1
        end = headers[n + 1] - 1 if n + 1 < len(headers) else len(lines)
        rule = _rule(table, path, prefix, lines, start, end, errors, bases)
        if rule is not None:
            rules.append(replace(rule, pure_calls=tuple(pure_calls)))
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen:
            errors.append(ConfigError(rule.location, f"duplicate rule id `{rule.id}` (first at line {seen[rule.id].location.line})", rule.id))
        seen.setdefault(rule.id, rule)
    return rules, errors


def _rule(table: dict, path: str, prefix: str, lines: list[str], start: int, end: int, errors: list[ConfigError],
          bases: dict[str, str] | None = None) -> Rule | None:
    before = len(errors)
    rid = table.get("id")
    label = f"{prefix}{rid}" if isinstance(rid, str) else None

    def err(message: str, key: str | None = None, choices: tuple[str, ...] = (), given: str | None = None) -> None:
        """`given`: the word to find the nearest of `choices` for (the key itself by default)."""
        line = _key_line(lines, key, start, end) if key else start
        errors.append(_error(path, line, label, message, given or key, choices))

    for key in table:
        if key not in RULE_KEYS:
            err(f"unknown key `{key}` in rule", key, RULE_KEYS)
    for key in ("id", "path", "function"):
        if key not in table:
            err(f"rule is missing `{key}`")
        elif not isinstance(table[key], str) or not table[key].strip():
            err(f"`{key}` must be a non-empty string", key)
    target = table.get("path")
    if isinstance(target, str) and any(ord(c) < 32 or c == "\x7f" for c in target):
        # (a NUL was "target file `pkg/mod.py` does not exist", the character not shown: round 43)
        err(f"`path` {target!r} holds a control character", "path")
    function = table.get("function")
    if isinstance(function, str) and function.strip() and (function.strip().endswith(":") or function.count(":") > 1):
        # (`Sel.choose:` was read as `Sel.choose`)
        err(f"`function` `{function}` is `Qualname` or `Qualname:variable`, with a variable after the colon", "function")
    if isinstance(rid, str) and not _ID.match(rid):
        err(f"rule id `{rid}` may use only letters, digits and `_ . / -`", "id")
    severity = table.get("severity", "error")
    if severity not in SEVERITIES:
        err(f"severity must be one of {', '.join(SEVERITIES)}, not `{severity}`", "severity", SEVERITIES, str(severity))
    expect = table.get("expect")
    if expect is not None and not isinstance(expect, str):
        err("`expect` must be an outcome name (a string)", "expect")
    elif expect is not None and not expect.strip():
        err("`expect` names no outcome (an empty string)", "expect")
    forbid = _strings(table, "forbid", err)
    reachable = _strings(table, "reachable", err)
    order = _order(table, err)
    otherwise = table.get("otherwise")
    if otherwise is not None and not isinstance(otherwise, str):
        err("`otherwise` must be an outcome name (a string)", "otherwise")
    elif otherwise is not None and not otherwise.strip():
        err("`otherwise` names no outcome (an empty string)", "otherwise")
    if otherwise is not None and not order:
        err("`otherwise` needs an `order` policy", "otherwise")
    first = table.get("first")
    if first is not None and not isinstance(first, str):
        err("`first` must be a candidate name (a string)", "first")
    elif first is not None and not first.strip():
        err("`first` names no candidate (an empty string)", "first")
    contains = _strings(table, "contains", err)
    tried_before = table.get("before", [])
    if not isinstance(tried_before, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) and x.strip() for x in p) for p in tried_before
    ):
        err('`before` must be a list of [X, Y] pairs: X is tried before Y, e.g. before = [["TRITON", "MARLIN"]]', "before")
        tried_before = []
    if expect is None and not forbid and not reachable and not order and first is None and not tried_before and not contains:
        err("rule states no expectation: give `expect`, `forbid`, `reachable`, `order`, `first`, `before` or `contains`")
    given = table.get("given", {})
    if not isinstance(given, dict):
        err("`given` must be a table of facts", "given")
        given = {}
    for key, value in given.items():
        if any(is_nan(v) for v in (value if isinstance(value, list) else value.values() if isinstance(value, dict) else [value])):
            err(f"fact `{key}`: NaN is not modelled (the model takes every number to equal itself and to be "
                "ordered: `x > 1` or `x <= 1`)", key)
        elif isinstance(value, list):
            if not value or not all(isinstance(v, (bool, int, float, str)) for v in value):
                err(f"fact `{key}`: a set of values must be a non-empty list of booleans, numbers or strings", key)
            else:
                given[key] = tuple(value)
        elif isinstance(value, dict):
            if set(value) - {"min", "max"} or not value or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()):
                err(f"fact `{key}`: a range is {{ min = N, max = M }} (either may be left out)", key)
            elif "min" in value and "max" in value and value["min"] > value["max"]:
                err(f"fact `{key}`: the range is empty (min {value['min']} > max {value['max']})", key)
            else:
                given[key] = Range(value.get("min"), value.get("max"))
        elif not isinstance(value, (bool, int, float, str)):
            err(f"fact `{key}` must be a boolean, a number, a string, a list of them (each must hold) or a range {{ min, max }}", key)
    examples = _examples(table, err, bases or {})
    if len(errors) > before:
        return None
    return Rule(
        id=label or "",
        path=_relative(table["path"]),
        function=table["function"].strip(),
        location=Location(path, start),
        message=table.get("message", ""),
        severity=severity,
        given=tuple(given.items()),
        expect=expect,
        forbid=forbid,
        reachable=reachable,
        order=order,
        otherwise=otherwise,
        first=first,
        before=tuple((p[0], p[1]) for p in tried_before),
        contains=contains,
        examples=examples,
        key_lines=tuple((k, _key_line(lines, k, start, end)) for k in [*table, *given]),
    )


def _relative(path: str) -> str:
    path = path.strip().replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def _strings(table: dict, key: str, err) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        err(f"`{key}` must be a list of outcome names", key)
        return ()
    if not all(v.strip() for v in value):
        err(f"`{key}` names no outcome (an empty string)", key)
        return ()
    return tuple(value)


def _order(table: dict, err) -> tuple[PolicyStep, ...]:
    value = table.get("order", [])
    if not isinstance(value, list):
        err("`order` must be a list of {when, then} tables", "order")
        return ()
    steps = []
    for step in value:
        if not isinstance(step, dict) or set(step) != {"when", "then"} or not all(isinstance(v, str) and v.strip() for v in step.values()):
            err("each `order` step must be { when = \"...\", then = \"OUTCOME\" }", "order")
            return ()
        steps.append(PolicyStep(step["when"], step["then"]))
    return tuple(steps)


def _bases(data: dict) -> tuple[dict[str, str], str]:
    """`[[base]]` tables: a named source that examples edit (`base = "NAME"`, `replace = [[old, new], ...]`)."""
    value = data.get("base", [])
    if not isinstance(value, list) or not all(
        isinstance(b, dict) and set(b) == {"name", "source"} and all(isinstance(v, str) for v in b.values()) for b in value
    ):
        return {}, "each [[base]] must be { name = \"...\", source = '''...''' }"
    return {b["name"]: b["source"] for b in value}, ""


def _example_source(example: dict, bases: dict[str, str]) -> tuple[str | None, str]:
    """The example's source: its own `source`, or its `base` with each `replace` applied (each
    old text must be in it, so an edit that no longer applies is caught)."""
    if "source" in example:
        return (example["source"], "") if isinstance(example["source"], str) else (None, "`source` must be a string")
    name = example.get("base")
    if name not in bases:
        return None, f"example base `{name}` is not a [[base]] of this file" + (f" (bases: {', '.join(bases)})" if bases else "")
    source = bases[name]
    for pair in example.get("replace", []):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            return None, "`replace` must be a list of [old, new] text pairs"
        old, new = pair
        if old not in source:
            return None, f"example edit does not apply: {old.strip()[:60]!r} is not in base `{name}`"
        source = source.replace(old, new, 1)
    return source, ""


def _examples(table: dict, err, bases: dict[str, str]) -> tuple[RuleExample, ...]:
    value = table.get("examples", [])
    if not isinstance(value, list):
        err("`examples` must be a list of {source, verdict} tables", "examples")
        return ()
    out = []
    keys = ("source", "base", "replace", "verdict", "name", "branch_line")
    for example in value:
        unknown = sorted(set(example) - set(keys)) if isinstance(example, dict) else []
        if unknown:
            near = [k for k in keys if k.endswith("_" + unknown[0])] or difflib.get_close_matches(unknown[0], keys, n=1, cutoff=0.6)
            err(f"unknown key `{unknown[0]}` in an example" + (f" (did you mean `{near[0]}`?)" if near else "")
                + f"; an example takes {', '.join(f'`{k}`' for k in keys)}", unknown[0])
            return ()
        if (
            not isinstance(example, dict)
            or ("source" in example) == ("base" in example)
            or example.get("verdict") not in ("pass", "fail", "undetermined", "error")
            or set(example) - {"source", "base", "replace", "verdict", "name", "branch_line"}
        ):
            err("each example must be { name = \"...\", verdict = \"pass\" | \"fail\" | \"undetermined\" | \"error\", "
                "source = '''...''' } or, instead of `source`, base = \"NAME\" with replace = [[old, new], ...]", "examples")
            return ()
        source, problem = _example_source(example, bases)
        if source is None:
            err(problem, "examples")
            return ()
        example = {**example, "source": source}
        branch_line, problem = _branch_line(example)
        if problem:
            err(problem, "branch_line")
            return ()
        out.append(RuleExample(example["source"], example["verdict"], example.get("name", ""), branch_line))
    return tuple(out)


def _branch_line(example: dict) -> tuple[int | None, str]:
    """An example's optional `branch_line` (a line of its source, on a `fail` example), or what is wrong with it."""
    line, lines = example.get("branch_line"), len(example["source"].splitlines())
    if line is None:
        return None, ""
    if example["verdict"] != "fail":
        return None, "`branch_line` pins the branch that a failing example fires: it needs verdict = \"fail\""
    if isinstance(line, bool) or not isinstance(line, int) or not 1 <= line <= lines:
        return None, f"`branch_line` must be a line of the example's source (1 to {lines})"
    return line, ""


def _key_line(lines: list[str], key: str | None, start: int, end: int) -> int:
    """The line in `start..end` that sets `key` (`key =` or `"key" =`), else `start`. String
    tests, not a regular expression per key: a pack's hundreds of keys compiled one pattern each,
    a third of a pre-commit run on a file no rule targets."""
    if key is None:
        return start
    quoted = f'"{key}"'
    for i in range(start - 1, min(end, len(lines))):
        text = lines[i].lstrip()
        for name in (key, quoted):
            if text.startswith(name) and text[len(name):].lstrip().startswith("="):
                return i + 1
    return start


def _error(path: str, line: int, rule_id: str | None, message: str, key: str | None, choices: tuple[str, ...]) -> ConfigError:
    hints: tuple[str, ...] = ()
    if key and choices:
        near = difflib.get_close_matches(key, choices, n=2, cutoff=0.6)
        hints = tuple(f"did you mean `{n}`?" for n in near)
    return ConfigError(Location(path, line), message, rule_id, hints)
