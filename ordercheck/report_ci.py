"""Findings for CI systems: SARIF 2.1.0 (GitHub code scanning) and GitHub workflow commands.

Paths are relative to the checked root (`uriBaseId: %SRCROOT%` in SARIF), which is what
code scanning and annotations resolve against when `--root` is the repository root.
"""

from __future__ import annotations

import hashlib
import json

from . import __version__
from .check import SHADOWED_RULE, CheckResult, finding_key
from .model import ConfigError, Finding, Rule
from .suppress import UNUSED_SUPPRESSION_RULE

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/ordercheck/"

_BUILTIN_RULES = {
    SHADOWED_RULE: ("warning", "A branch of a first-match chain that no configuration can reach.",
                    "An earlier branch's guard holds whenever this one's does, so this branch never fires. "
                    "Either the earlier guard is too wide (a regression that re-routes configurations) or this "
                    "branch is dead code."),
    UNUSED_SUPPRESSION_RULE: ("warning", "An `# ordercheck: ignore[...]` comment that silences nothing.",
                              "Remove the comment, or fix its rule id: a stale suppression may hide a future finding."),
}


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
        level, short, help_text = _BUILTIN_RULES.get(rule_id, ("warning", rule_id, rule_id))
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


def check_sarif(result: CheckResult) -> str:
    rules_by_id = {r.id: r for r in result.rules}
    ids = list(rules_by_id) + [i for i in _BUILTIN_RULES if i not in rules_by_id]
    ids += [f.rule_id for f in result.findings if f.rule_id not in ids]
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    results = []
    for f in result.findings:
        entry = {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": "error" if f.severity == "error" else "warning",
            "message": {"text": finding_message(f)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.location.path, "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": f.location.line, "startColumn": f.location.col},
            }}],
            "partialFingerprints": {"orderCheckFinding/v1": _fingerprint(f)},
        }
        if f.expected_line:
            entry["relatedLocations"] = [{
                "id": 1,
                "message": {"text": f"expected branch ({f.expected})"},
                "physicalLocation": {"artifactLocation": {"uri": f.location.path, "uriBaseId": "%SRCROOT%"},
                                     "region": {"startLine": f.expected_line}},
            }]
        results.append(entry)
    run = {
        "tool": {"driver": {
            "name": "ordercheck",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule_descriptor(i, rules_by_id.get(i)) for i in ids],
        }},
        "results": results,
        "columnKind": "unicodeCodePoints",
        "invocations": [{
            "executionSuccessful": not result.errors,
            "exitCode": result.exit_code,
            "toolConfigurationNotifications": [_notification(e) for e in result.errors],
        }],
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"


def _escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def check_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: one annotation per finding and per configuration error."""
    lines = []
    for e in result.errors:
        props = []
        if e.location is not None:
            props += [f"file={_escape(e.location.path, True)}", f"line={e.location.line}"]
        props.append(f"title={_escape('ordercheck config error' + (f' [{e.rule_id}]' if e.rule_id else ''), True)}")
        message = e.message + "".join("\n" + h for h in e.hints)
        lines.append(f"::error {','.join(props)}::{_escape(message)}")
    for f in sorted(result.findings, key=lambda f: (f.location.path, f.location.line)):
        command = "error" if f.severity == "error" else "warning"
        props = [f"file={_escape(f.location.path, True)}", f"line={f.location.line}", f"col={f.location.col}",
                 f"title={_escape(f.rule_id, True)}"]
        lines.append(f"::{command} {','.join(props)}::{_escape(finding_message(f))}")
    return "\n".join(lines) + ("\n" if lines else "")
