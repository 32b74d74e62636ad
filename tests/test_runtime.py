"""`ordercheck --runtime`: every Python process recorded, output untouched, exit codes, reconciling."""

import json
import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ordercheck.runtime import cuda_trace

PROG_DIR = Path(__file__).parent / "fixtures" / "runtime"


def _interpreters():
    """The program runs under this interpreter and, where installed, under 3.12+ too: the probe is
    standard-library only, and 3.12 takes the sys.monitoring path instead of 3.11's hooks."""
    found = [pytest.param(sys.executable, id=f"py{sys.version_info.major}{sys.version_info.minor}")]
    if sys.version_info < (3, 12):
        candidates = [shutil.which(n) for n in ("python3.13", "python3.12")]
        candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[2-9]*/bin/python3")), reverse=True)
        for path in filter(None, candidates):
            if _has_monitoring(path):
                found.append(pytest.param(path, id="py312+"))
                break
    return found


def _has_monitoring(python):
    done = subprocess.run([python, "-c", "import sys; sys.monitoring"], capture_output=True)
    return done.returncode == 0


@pytest.fixture(params=_interpreters())
def python(request):
    return request.param


def runtime(tmp_path, python, *args, mode="all", rules="rules.toml", extra=()):
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "ordercheck.cli", "--runtime", "--rules", rules, *extra,
               "--format", "json", "--output", str(report), "--data-dir", str(tmp_path / "data"), "--",
               python, "prog.py", mode, *args]
    done = subprocess.run(command, cwd=PROG_DIR, capture_output=True, timeout=300)
    data = json.loads(report.read_text()) if report.exists() else None
    return done, data


def test_parent_spawned_forked_and_subprocess_children_are_all_recorded(tmp_path, python):
    done, data = runtime(tmp_path, python)
    assert done.returncode == 0, done.stderr
    processes = {p["pid"]: p for p in data["processes"]}
    parent = next(p for p in processes.values() if p["argv"][:1] == ["prog.py"] and p["ppid"] != 0
                  and not any(q["pid"] == p["ppid"] and q["argv"][:1] == ["prog.py"] for q in processes.values()))
    picks = {}
    for o in data["observations"]:
        if o["target"] == "decider.py::Router.pick":
            picks[o["pid"]] = picks.get(o["pid"], 0) + o["count"]
    children = {pid: p for pid, p in processes.items() if pid in picks and pid != parent["pid"]}
    kinds = set()
    for p in children.values():
        if "--multiprocessing-fork" in p["argv"]:
            kinds.add("spawned")
        elif p["argv"][:1] == ["prog.py"]:
            kinds.add("forked")
        elif p["argv"][:1] == ["-c"]:
            kinds.add("subprocess")
    assert kinds == {"spawned", "forked", "subprocess"}
    assert picks[parent["pid"]] == 6
    assert sorted(picks[pid] for pid in children) == [3, 5, 7]
    # the target defined in the main script is recorded too (as __main__ and as __mp_main__)
    local = {o["pid"] for o in data["observations"] if o["target"] == "prog.py::Local.choose"}
    assert parent["pid"] in local and len(local) == 3


def test_observations_carry_the_versioned_fields(tmp_path, python):
    _, data = runtime(tmp_path, python, mode="none")
    assert data["schema"] == "ordercheck.runtime/2"
    o = next(o for o in data["observations"] if o["target"] == "decider.py::Router.pick" and o["atoms"]["tokens"] == 5)
    assert set(o) >= {"target", "outcome", "count", "pid", "rank", "line", "atoms", "capturing"}
    assert o["outcome"] == "SLOW" and o["count"] == 1 and o["capturing"] is False
    assert o["atoms"] == {"self.fast": True, "tokens": 5, "self.limit": 4}
    if _has_monitoring(python):
        assert o["line"] == 14  # the return that fired, from sys.monitoring


def test_program_output_is_byte_identical_with_and_without_the_probe(tmp_path, python):
    plain = subprocess.run([python, "prog.py", "all"], cwd=PROG_DIR, capture_output=True, timeout=120)
    probed, _ = runtime(tmp_path, python)
    assert probed.stdout == plain.stdout
    assert plain.stdout.count(b"\n") == 4


def test_an_unhashable_outcome_and_atom_are_kept_by_type_without_calling_their_hash(tmp_path, python):
    done, data = runtime(tmp_path, python, mode="probe-error", extra=("--target", "decider.py::odd"))
    assert done.returncode == 0
    assert b"odd: ['Weird', 'str', 'Weird']" in done.stdout
    assert data["probe_errors"] == [] and not data["disagreements"]
    odd = sorted(((o["outcome"], o["atoms"]["flag"], o["count"]) for o in data["observations"] if o["target"] == "decider.py::odd"), key=repr)
    assert odd == [("<Weird>", "<Weird>", 1), ("<Weird>", True, 1), ("plain", False, 1)], odd


def test_violation_exits_1_with_counts_and_pids(tmp_path, python):
    done, data = runtime(tmp_path, python, mode="none", rules="violated.toml")
    assert done.returncode == 1
    (v,) = data["violations"]
    assert (v["rule"], v["actual"], v["expected"], v["count"]) == ("fast-even-when-large", "SLOW", "FAST", 1)
    assert len(v["pids"]) == 1


def test_violation_text_report_names_rule_and_observed_atoms(tmp_path):
    command = [sys.executable, "-m", "ordercheck.cli", "--runtime", "--rules", "violated.toml", "--", sys.executable, "prog.py", "none"]
    done = subprocess.run(command, cwd=PROG_DIR, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stdout == "parent: 5 fast, 3 graph\n"
    assert "VIOLATION fast-even-when-large: SLOW" in done.stderr
    assert "observed fast=true, limit=4, tokens=5" in done.stderr
    assert "rule     violated.toml:1" in done.stderr


def test_commands_own_failure_status_wins(tmp_path, python):
    done, _ = runtime(tmp_path, python, mode="fail")
    assert done.returncode == 3


def test_code_patched_at_run_time_is_reported_as_model_disagreement(tmp_path, python):
    done, data = runtime(tmp_path, python, mode="patched")
    assert done.returncode == 1
    bad = [d for d in data["disagreements"] if d["target"] == "decider.py::Router.pick"]
    assert bad and all(d["outcome"] == "FAST" for d in bad)
    assert {d["atoms"]["tokens"] for d in bad} == {5}
    assert bad[0]["predicted"][0]["outcome"] == "'SLOW'"


def test_configuration_error_exits_2_and_does_not_run_the_command(tmp_path):
    rules = tmp_path / "stale.toml"
    rules.write_text('[[rule]]\nid = "s"\npath = "decider.py"\nfunction = "Router.pick"\nexpect = "FAST"\n[rule.given]\nfaster = true\n')
    marker = tmp_path / "ran"
    command = [sys.executable, "-m", "ordercheck.cli", "--runtime", "--rules", str(rules), "--",
               sys.executable, "-c", f"open({str(marker)!r}, 'w')"]
    done = subprocess.run(command, cwd=PROG_DIR, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "fact `faster` binds no atom" in done.stderr
    assert not marker.exists()


def test_a_process_the_probe_could_not_start_in_is_a_probe_error_and_runs_as_without_it(tmp_path, python):
    program = tmp_path / "child.py"
    program.write_text(
        "import os, subprocess, sys\n"
        "plan = os.path.join(os.path.dirname(os.environ['ORDERCHECK_PROBE']), 'gone.json')\n"
        "subprocess.run([sys.executable, '-c', 'print(7)'], env=dict(os.environ, ORDERCHECK_PROBE=plan), check=True)\n")
    report = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-m", "ordercheck.cli", "--runtime", "--target", "decider.py::Router.pick",
                           "--format", "json", "--output", str(report), "--", python, str(program)],
                          cwd=PROG_DIR, capture_output=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, b"7\n")
    (error,) = json.loads(report.read_text())["probe_errors"]
    assert error["image"].startswith("pid ")
    assert error["message"].startswith("the probe did not start (-c): FileNotFoundError: [Errno 2] No such file or directory")


def test_overlap_is_the_swept_intersection_of_kernel_intervals():
    def kernel(name, ts, dur, stream):
        return {"cat": "kernel", "name": name, "ts": ts, "dur": dur, "args": {"stream": stream}}

    def annotation(name, ts, dur, stream):
        return {"cat": "gpu_user_annotation", "name": name, "ts": ts, "dur": dur, "args": {"stream": stream}}

    trace = {"traceEvents": [
        annotation("shared_experts", 0, 30, 13), kernel("gemm_a", 0, 10, 13), kernel("gemm_b", 12, 18, 13),
        annotation("routed_experts", 5, 100, 7), kernel("grouped_1", 5, 40, 7), kernel("grouped_2", 50, 55, 7),
        annotation("shared_experts", 200, 30, 13), kernel("gemm_a", 200, 30, 13),
        annotation("routed_experts", 210, 100, 7), kernel("grouped_1", 210, 100, 7),
    ]}
    ev = cuda_trace.analyze(trace)
    assert ev.streams == {"shared": [13], "routed": [7]}
    assert ev.kernels == {"shared": 3, "routed": 3}
    assert ev.overlap_us == (10 - 5) + (30 - 12) + (230 - 210)
    assert ev.layers == 2 and ev.per_layer_us == 21.5
    assert ev.overlapped and ev.classified_by == "ranges"
    serial = cuda_trace.analyze({"traceEvents": [kernel("gemm", 0, 10, 7), kernel("grouped", 10, 50, 7)]},
                                [cuda_trace.KernelClass("shared", "$^", "gemm"), cuda_trace.KernelClass("routed", "$^", "grouped")])
    assert serial.overlap_us == 0 and not serial.overlapped and serial.classified_by == "kernel names"


@pytest.mark.skipif(os.environ.get("ORDERCHECK_GPU") != "1", reason="GPU run: set ORDERCHECK_GPU=1 on a CUDA machine")
def test_gpu_regressed_variant_shows_no_overlap(tmp_path):
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    root = Path(__file__).resolve().parent.parent / "examples" / "moe_decode"
    command = [sys.executable, "-m", "ordercheck.cli", "--runtime", "--rules", str(root / "rules"), "--root", str(root / "regressed"),
               "--cuda-evidence", "--format", "json", "--output", str(tmp_path / "r.json"), "--",
               sys.executable, str(root / "decode.py"), "--variant", "regressed", "--device", "cuda", "--small", "--steps", "40"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    data = json.loads((tmp_path / "r.json").read_text())
    assert done.returncode == 1 and data["violations"]
    assert data["cuda_evidence"] and not data["cuda_evidence"][0]["overlapped"]
