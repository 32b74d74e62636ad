"""Findings for CI systems: SARIF 2.1.0 (GitHub code scanning) and GitHub workflow commands.

Paths are relative to the checked root (`uriBaseId: %SRCROOT%` in SARIF), which is what
code scanning and annotations resolve against when `--root` is the repository root.
"""

from __future__ import annotations

import hashlib
import json

from . import __version__
from .results import CheckResult, finding_key
from .model import ConfigError, Finding, Rule
from .report import BUILTIN_RULES, related

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/ordercheck/"


def finding_message(f: Finding) -> str:
    """One paragraph: what the rule says, what was expected and what fired, under which scenario."""
    parts = [f.title.rstrip(".") + "."]
    if f.expected is not None and f.actual is not None:
        exp = f"expected {f.expected}" + (f" (line {f.expected_line})" if f.expected_line else "")
        got = f"got {f.actual}" + (f" (line {f.actual_line})" if f.actual_line else "")
        parts.append(f"{exp}, {got}.")
    if f.detail:
        parts.append(f.detail + ".")
    if f.scenario:
        parts.append("Scenario: " + ", ".join(f"{k}={v}" for k, v in f.scenario) + ".")
    if f.because:
        parts.append("Because " + f.because[0] + ".")
    return " ".join(parts)


def _rule_descriptor(rule_id: str, rule: Rule | None) -> dict:
    if rule is not None:
        level = "error" if rule.severity == "error" else "warning"
        short = rule.message or rule.id
        help_text = (f"{short}\n\nTarget: {rule.target}\nDefined at {rule.location.path}:{rule.location.line}. "
                     "Unbound atoms are universally quantified; see the finding for the smallest counterexample.")
    else:
        level, short, help_text = BUILTIN_RULES.get(rule_id, ("warning", rule_id, rule_id))
    return {
        "id": rule_id,
        "name": rule_id.replace("/", "-"),
        "shortDescription": {"text": short},
        "fullDescription": {"text": help_text.split("\n\n")[0]},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": level},
        "helpUri": INFORMATION_URI,
    }


def _fingerprint(f: Finding) -> str:
    # stable across line moves: rule, file, target and the outcomes
    return hashlib.sha256("\0".join(finding_key(f)).encode()).hexdigest()[:32]


def _notification(e: ConfigError) -> dict:
    note: dict = {"level": "error", "message": {"text": e.message + "".join(f" {h}" for h in e.hints)}}
    if e.location is not None:
        note["locations"] = [{"physicalLocation": {
            "artifactLocation": {"uri": e.location.path},
            "region": {"startLine": max(1, e.location.line), "startColumn": max(1, e.location.col)},
        }}]
    if e.rule_id:
        note["descriptor"] = {"id": e.rule_id}
    return note


def _region(path: str, line: int, col: int | None = None) -> dict:
    region = {"startLine": line} if col is None else {"startLine": line, "startColumn": col}
    return {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}, "region": region}


def sarif_log(descriptors: list[dict], results: list[dict], errors: list[ConfigError], exit_code: int) -> str:
    """A SARIF 2.1.0 log of one run: rule descriptors, results, configuration errors as notifications."""
    run = {
        "tool": {"driver": {"name": "ordercheck", "version": __version__, "informationUri": INFORMATION_URI,
                            "rules": descriptors}},
        "results": results,
        "columnKind": "unicodeCodePoints",
        "invocations": [{
            "executionSuccessful": not errors,
            "exitCode": exit_code,
            "toolConfigurationNotifications": [_notification(e) for e in errors],
        }],
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"


def check_sarif(result: CheckResult) -> str:
    rules_by_id = {r.id: r for r in result.rules}
    ids = list(rules_by_id) + [i for i in BUILTIN_RULES if i not in rules_by_id]
    ids += [f.rule_id for f in result.findings if f.rule_id not in ids]
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    results = []
    for f in result.findings:
        entry = {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": "error" if f.severity == "error" else "warning",
            "message": {"text": finding_message(f)},
            "locations": [{"physicalLocation": _region(f.location.path, f.location.line, f.location.col)}],
            "partialFingerprints": {"orderCheckFinding/v1": _fingerprint(f)},
        }
        linked = []
        if f.expected_line:
            linked.append((f.expected_line, f"expected branch ({f.expected})"))
        # code scanning shows alerts only on lines of the diff: the changed line that makes this branch fire is one
        linked += related(f)
        if linked:
            entry["relatedLocations"] = [{"id": i, "message": {"text": text}, "physicalLocation": _region(f.location.path, line)}
                                         for i, (line, text) in enumerate(linked, 1)]
        results.append(entry)
    return sarif_log([_rule_descriptor(i, rules_by_id.get(i)) for i in ids], results, result.errors, result.exit_code)


def _escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def annotation(command: str, message: str, title: str, path: str | None = None, line: int | None = None,
               col: int | None = None) -> str:
    """One GitHub workflow command (`::error file=...,line=...::message`)."""
    props = [f"file={_escape(path, True)}"] if path is not None else []
    props += [f"{key}={value}" for key, value in (("line", line), ("col", col)) if value is not None and path is not None]
    props.append(f"title={_escape(title, True)}")
    return f"::{command} {','.join(props)}::{_escape(message)}"


def error_annotation(e: ConfigError, title: str = "ordercheck config error") -> str:
    where = (e.location.path, e.location.line) if e.location is not None else (None, None)
    return annotation("error", e.message + "".join("\n" + h for h in e.hints),
                      title + (f" [{e.rule_id}]" if e.rule_id else ""), *where)


def check_github(result: CheckResult, hidden: int | None = None) -> str:
    """GitHub Actions workflow commands: one annotation per finding and per configuration error, and
    one on each changed line that makes a finding's branch fire (annotations show on diff lines only)."""
    lines = [error_annotation(e) for e in result.errors]
    if hidden:
        lines.append(annotation("notice", f"{hidden} finding{'s' if hidden != 1 else ''} hidden: already in the base revision",
                                "ordercheck"))
    for f in sorted(result.findings, key=lambda f: (f.location.path, f.location.line)):
        command = "error" if f.severity == "error" else "warning"
        lines.append(annotation(command, finding_message(f), f.rule_id, f.location.path, f.location.line, f.location.col))
        for line, why in related(f):
            message = f"This line {why}. {finding_message(f)}"
            lines.append(annotation(command, message, f"{f.rule_id} (cause)", f.location.path, line))
    return "\n".join(lines) + ("\n" if lines else "")
