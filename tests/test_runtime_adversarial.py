"""The probe reads without side effects and loses nothing: programs whose guards run code when
read behave identically with and without it; exec, os._exit and signals keep every count."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from test_runtime import _interpreters

FIXTURES = Path(__file__).parent / "fixtures" / "runtime"
ADVERSARIAL = FIXTURES / "adversarial"


@pytest.fixture(params=_interpreters())
def python(request):
    return request.param


def probed(tmp_path, python, program, *args, target="decider.py::Router.pick", cwd=FIXTURES, extra=()):
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "ordercheck.cli", "--runtime", "--target", target, *extra, "--format", "json",
               "--output", str(report), "--", python, program, *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, timeout=120)
    return done, json.loads(report.read_text())


def test_guards_that_run_code_when_read_leave_output_state_and_exit_code_unchanged(tmp_path, python):
    plain = subprocess.run([python, "prog.py"], cwd=ADVERSARIAL, capture_output=True, timeout=60)
    done, data = probed(tmp_path, python, "prog.py", target="decide.py::Router.pick", cwd=ADVERSARIAL)
    assert (done.stdout, done.stderr, done.returncode) == (plain.stdout, plain.stderr, plain.returncode)
    assert plain.stdout == (b"{'picks': ['EARLY', 'LAZY', 'FLAG', 'EARLY'], 'log': ['flag read', 'getattr enabled', "
                            b"'flag read'], 'flag_reads': 2, 'table': {}, 'item_hits': 0}\n")
    assert data["probe_errors"] == []


def test_each_atom_that_would_run_code_is_recorded_as_not_read_with_its_reason(tmp_path, python):
    _, data = probed(tmp_path, python, "prog.py", target="decide.py::Router.pick", cwd=ADVERSARIAL)
    reasons = data["observations"][0]["not_read"]
    assert reasons == {
        "self.s.cfg.flag": "property Flags.flag",
        "self.s.lazy.enabled": "enabled not in the __dict__ of Lazy; __getattr__ or a descriptor would run",
        "self.s.table['k']": "key 'k' absent; __missing__ would run",
        "self.s.items['x']": "subscript of Table (not a dict, list or tuple)",
        "self.s.limit": "descriptor (Loud) Shape.limit",
    }


def test_plain_values_are_read_and_objects_compared_to_none_are_never_hashed(tmp_path, python):
    _, data = probed(tmp_path, python, "prog.py", target="decide.py::Router.pick", cwd=ADVERSARIAL)
    by_outcome = {o["outcome"]: o for o in data["observations"]}
    assert by_outcome["EARLY"]["count"] == 2
    assert by_outcome["LAZY"]["atoms"] == {"tokens": 1, "self.s.mutating": "<object>", "self.s.n": 3}


def test_exec_keeps_the_counts_of_both_images_of_one_pid(tmp_path, python):
    done, data = probed(tmp_path, python, "lifecycle.py", "exec")
    assert done.returncode == 0
    images = {p["image"]: p for p in data["processes"]}
    assert len(images) == 2 and len({p["pid"] for p in images.values()}) == 1
    calls = {}
    for o in data["observations"]:
        calls[o["image"]] = calls.get(o["image"], 0) + o["count"]
    assert sorted(calls.values()) == [300, 600]
    assert sorted(p["final"] for p in images.values()) == ["exec", "exit"]
    assert data["unfinished_processes"] == []


def test_os_exit_flushes_every_count_and_keeps_the_exit_status(tmp_path, python):
    done, data = probed(tmp_path, python, "lifecycle.py", "os._exit")
    assert done.returncode == 4
    assert sum(o["count"] for o in data["observations"]) == 250
    assert [p["final"] for p in data["processes"]] == ["os._exit"]


def test_sigterm_flushes_every_count_the_process_dies_of_it_and_the_program_sees_the_default_handler(tmp_path, python):
    done, data = probed(tmp_path, python, "lifecycle.py", "sigterm")
    assert done.returncode == 128 + signal.SIGTERM
    assert done.stdout == b"handler: True\n"
    assert sum(o["count"] for o in data["observations"]) == 250
    assert [p["final"] for p in data["processes"]] == [f"signal {int(signal.SIGTERM)}"]


def test_a_process_killed_without_a_final_flush_is_reported_with_how_short_its_counts_may_be(tmp_path, python):
    done, data = probed(tmp_path, python, "lifecycle.py", "sigkill")
    assert done.returncode == 128 + signal.SIGKILL
    (unfinished,) = data["unfinished_processes"]
    assert unfinished["counts_short_by_up_to_s"] == 1.0
    text = subprocess.run([sys.executable, "-m", "ordercheck.cli", "--runtime", "--target", "decider.py::Router.pick",
                           "--", python, "lifecycle.py", "sigkill"], cwd=FIXTURES, capture_output=True, text=True, timeout=60)
    assert "ended without a final flush: counts may be short by up to 1 s" in text.stderr


def test_a_program_that_closes_the_probes_file_keeps_its_own_file_intact(tmp_path, python):
    program = tmp_path / "closer.py"
    program.write_text(
        "import os, sys\n"
        f"sys.path.insert(0, {str(FIXTURES)!r})\n"
        "import decider\n"
        "r = decider.Router(True, 4)\n"
        "r.pick(1)\n"
        "os.closerange(3, 256)\n"
        "fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o600)\n"
        "for t in range(5):\n"
        "    r.pick(t + 10)\n"
        "os.write(fd, b'mine\\n'); os.close(fd)\n")
    own = tmp_path / "own.txt"
    done, data = probed(tmp_path, python, str(program), str(own))
    assert done.returncode == 0
    assert own.read_bytes() == b"mine\n"
    assert sum(o["count"] for o in data["observations"]) == 6
    assert [e["message"] for e in data["probe_errors"]] == [
        "write: the program closed the probe's record file; continued in a new one"]
