"""Return lines (Python 3.12+) and decisions that raise, through `ordercheck --runtime`: every call
counted once, under the line it returned at, whether the probe watched that return on every call
or learned its line from its outcome once."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_runtime import _has_monitoring, _interpreters

FIXTURES = Path(__file__).parent / "fixtures" / "runtime"


@pytest.fixture(params=_interpreters())
def python(request):
    return request.param


def probed(tmp_path, python):
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "ordercheck.cli", "--runtime", "--target", "decider.py::Router.pick",
               "--target", "decider.py::checked", "--format", "json", "--output", str(report), "--", python, "returns.py"]
    done = subprocess.run(command, cwd=FIXTURES, capture_output=True, text=True, timeout=120)
    return done, json.loads(report.read_text())


def by_line(data, target):
    out = {}
    for o in data["observations"]:
        if o["target"] == target:
            key = (json.dumps(o["outcome"]), o["line"])
            out[key] = out.get(key, 0) + o["count"]
    return out


def test_every_return_is_counted_once_under_its_line(tmp_path, python):
    done, data = probed(tmp_path, python)
    assert done.returncode == 0, done.stderr
    lines = _has_monitoring(python)
    assert by_line(data, "decider.py::Router.pick") == (
        {('"FAST"', 13): 50, ('"SLOW"', 14): 30, ('"SLOW"', 11): 20} if lines  # line 13 is quiet: learned once
        else {('"FAST"', None): 50, ('"SLOW"', None): 50})
    assert data["disagreements"] == [] and data["probe_errors"] == []


def test_a_decision_that_raises_is_observed_with_its_exception_even_on_its_first_call(tmp_path, python):
    done, data = probed(tmp_path, python)
    assert done.stdout.startswith("['ValueError', 'ValueError', 'ValueError', 'OK', 'OK', 'OK', 'ZeroDivisionError']")
    assert by_line(data, "decider.py::checked") == {
        ('{"raised": "ValueError"}', None): 3, ('{"raised": "ZeroDivisionError"}', None): 1,
        ('"OK"', 33 if _has_monitoring(python) else None): 3}
    (unpredicted,) = data["unpredicted_raises"]
    assert (unpredicted["outcome"], unpredicted["count"], unpredicted["atoms"]) == ({"raised": "ZeroDivisionError"}, 1, {"n": 20})
    assert data["disagreements"] == [] and data["exit_code"] == 0


def test_the_text_report_names_the_raise_and_the_exception_no_branch_raises(tmp_path):
    command = [sys.executable, "-m", "ordercheck.cli", "--runtime", "--target", "decider.py::checked", "--",
               sys.executable, "returns.py"]
    done = subprocess.run(command, cwd=FIXTURES, capture_output=True, text=True, timeout=120)
    assert ": raise ValueError x 3" in done.stderr
    assert "RAISED ZeroDivisionError x 1" in done.stderr
    assert "no branch of the static model raises it; a call or an operation inside the target did" in done.stderr
