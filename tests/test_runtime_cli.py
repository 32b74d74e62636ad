"""Where `runtime` and `combine` write: the report to --output or stdout, as every command does,
except that a report of a program that ran goes to stderr (its stdout is the program's);
configuration errors are diagnostics on stderr and, in JSON, entries of the one error shape."""

import json
import subprocess
import sys
from pathlib import Path

from ordercheck import schemas
from ordercheck.model import ConfigError, Location
from ordercheck.report import error_dict

FIXTURES = Path(__file__).parent / "fixtures" / "runtime"
STALE = ('[[rule]]\nid = "s"\npath = "decider.py"\nfunction = "Router.pick"\nexpect = "FAST"\n'
         '[rule.given]\nfaster = true\n')


def ordercheck(*args):
    return subprocess.run([sys.executable, "-m", "ordercheck.cli", *map(str, args)], cwd=FIXTURES, capture_output=True,
                          text=True, timeout=120)


def test_the_report_of_a_program_that_ran_goes_to_stderr_and_its_stdout_stays_its_own(tmp_path):
    done = ordercheck("--runtime", "--target", "decider.py::Router.pick", "--format", "json", "--",
                      sys.executable, "prog.py", "none")
    assert done.stdout == "parent: 5 fast, 3 graph\n"
    schemas.validator("runtime").validate(json.loads(done.stderr))


def test_with_output_the_report_goes_to_the_file_and_nothing_else_is_added(tmp_path):
    report = tmp_path / "r.txt"
    done = ordercheck("--runtime", "--target", "decider.py::Router.pick", "--output", report, "--",
                      sys.executable, "prog.py", "none")
    assert (done.stdout, done.stderr) == ("parent: 5 fast, 3 graph\n", "")
    assert report.read_text().startswith("ordercheck runtime: 1 process probed")


def test_a_configuration_error_is_a_diagnostic_and_the_report_goes_to_stdout_as_nothing_ran(tmp_path):
    (tmp_path / "stale.toml").write_text(STALE)
    done = ordercheck("--runtime", "--rules", tmp_path / "stale.toml", "--format", "json", "--",
                      sys.executable, "prog.py", "none")
    assert done.returncode == 2
    assert "config error" in done.stderr and "fact `faster` binds no atom" in done.stderr
    data = json.loads(done.stdout)
    schemas.validator("runtime").validate(data)
    assert data["errors"] == [{"rule": "s", "path": str(tmp_path / "stale.toml"), "line": 7, "col": 1,
                               "message": "fact `faster` binds no atom of Router.pick: the target does not read it (a typo, or the guard "
                                          "that read it was removed or rewritten)",
                               "hints": ["did you mean `fast`? (self.fast, line 10)"]}]
    assert set(data["errors"][0]) == set(error_dict(ConfigError(Location("x", 1), "m")))
    text = ordercheck("--runtime", "--rules", tmp_path / "stale.toml", "--", sys.executable, "prog.py", "none")
    assert text.stdout == "ordercheck runtime: 1 configuration error: nothing was run or reconciled\n"
    assert "fact `faster` binds no atom" in text.stderr


def test_combine_writes_its_report_to_stdout_or_output(tmp_path):
    ordercheck("--runtime", "--target", "decider.py::Router.pick", "--data-dir", tmp_path / "a", "--",
               sys.executable, "prog.py", "none")
    done = ordercheck("combine", tmp_path / "a")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("ordercheck runtime: 1 process probed")
    report = tmp_path / "combined.json"
    to_file = ordercheck("combine", tmp_path / "a", "--format", "json", "--output", report)
    assert (to_file.stdout, to_file.stderr) == ("", "")
    schemas.validator("runtime").validate(json.loads(report.read_text()))


def test_combines_configuration_errors_are_diagnostics_with_the_one_json_shape(tmp_path):
    ordercheck("--runtime", "--target", "decider.py::Router.pick", "--data-dir", tmp_path / "a", "--",
               sys.executable, "prog.py", "none")
    (tmp_path / "stale.toml").write_text(STALE)
    done = ordercheck("combine", tmp_path / "a", "--rules", tmp_path / "stale.toml", "--format", "json")
    assert done.returncode == 2 and "fact `faster` binds no atom" in done.stderr
    data = json.loads(done.stdout)
    schemas.validator("runtime").validate(data)
    assert [set(e) for e in data["errors"]] == [set(error_dict(ConfigError(None, "m")))]


def test_runtime_help_states_where_the_report_goes():
    text = " ".join(ordercheck("runtime", "--help").stdout.split())
    assert "The report goes to --output FILE; without it, to stderr, because stdout is COMMAND's" in text
    assert "when COMMAND did not run (a configuration error), to stdout" in text
