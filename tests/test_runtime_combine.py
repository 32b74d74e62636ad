"""`ordercheck combine` merges run folders of several nodes (or runs) into one report; a node
that should have records but has none is named; a target never observed is listed everywhere."""

import json
import os
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "runtime"


def probe(data_dir, env=None, target="decider.py::Router.pick", extra=()):
    command = [sys.executable, "-m", "ordercheck.cli", "--runtime", "--target", target, *extra, "--data-dir", str(data_dir),
               "--", sys.executable, "prog.py", "none"]
    return subprocess.run(command, cwd=FIXTURES, capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def combine(*args):
    return subprocess.run([sys.executable, "-m", "ordercheck.cli", "combine", *map(str, args)], cwd=FIXTURES,
                          capture_output=True, text=True, timeout=120)


def test_combine_reports_runs_from_two_nodes_as_one(tmp_path):
    assert probe(tmp_path / "a", {"ORDERCHECK_NODE": "node-a"}).returncode == 0
    assert probe(tmp_path / "b", {"ORDERCHECK_NODE": "node-b"}).returncode == 0
    done = combine(tmp_path / "a", tmp_path / "b", "--format", "json")
    data = json.loads(done.stdout)
    assert done.returncode == 0
    assert sorted(p["node"] for p in data["processes"]) == ["node-a", "node-b"]
    picks = {}
    for o in data["observations"]:
        picks[o["node"]] = picks.get(o["node"], 0) + o["count"]
    assert picks == {"node-a": 6, "node-b": 6}


def test_combine_text_names_the_nodes(tmp_path):
    probe(tmp_path / "a", {"ORDERCHECK_NODE": "node-a"})
    probe(tmp_path / "b", {"ORDERCHECK_NODE": "node-b"})
    done = combine(tmp_path / "a", tmp_path / "b")
    assert "2 processes probed" in done.stdout and "on 2 nodes (node-a, node-b)" in done.stdout


def test_a_torchrun_node_without_records_is_named(tmp_path):
    env = {"TORCHELASTIC_RUN_ID": "t", "GROUP_RANK": "0", "GROUP_WORLD_SIZE": "2", "RANK": "0"}
    probe(tmp_path / "a", env)
    done = combine(tmp_path / "a", "--format", "json")
    data = json.loads(done.stdout)
    assert data["missing_nodes"] == [{"node": "node rank 1", "address": None, "system": "torchrun"}]
    text = combine(tmp_path / "a").stdout
    assert "MISSING NODE node rank 1 (torchrun): no probed process recorded there" in text


def test_a_target_never_observed_is_listed_and_require_observed_exits_1(tmp_path):
    plain = probe(tmp_path / "a", target="decider.py::odd")
    assert plain.returncode == 0 and "NEVER OBSERVED" in plain.stderr
    strict = probe(tmp_path / "b", target="decider.py::odd", extra=("--require-observed", "--format", "json"))
    assert strict.returncode == 1
    assert json.loads(strict.stderr)["never_observed"] == ["decider.py::odd"]


def test_combine_of_folders_without_runs_is_exit_2(tmp_path):
    done = combine(tmp_path)
    assert done.returncode == 2 and "no run folders" in done.stderr
