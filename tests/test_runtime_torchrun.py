"""Multi-node torchrun, simulated on loopback: two launches (`--nnodes 2 --node-rank 0|1`, gloo on
the CPU), each under `ordercheck --runtime` with its own data folder, as two machines without a
shared folder would run it; every record attributed to its node and rank; `ordercheck combine`
merges the two folders into one report, and one node's folder alone names the other as missing."""

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="torch is not installed (CI runs without it; `pip install torch==2.13.0` runs this)")

FIXTURES = Path(__file__).parent / "fixtures" / "runtime"
HOST = socket.gethostname()
NODES = {0: f"{HOST}/node-rank-0", 1: f"{HOST}/node-rank-1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    """{node rank: (exit code, stdout, report, data folder)} of the two launches."""
    tmp = tmp_path_factory.mktemp("torchrun")
    port = free_port()
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    launches = {}
    for rank in (0, 1):
        command = [sys.executable, "-m", "ordercheck.cli", "--runtime", "--target", "decider.py::Router.pick",
                   "--data-dir", str(tmp / f"node{rank}"), "--format", "json", "--output", str(tmp / f"node{rank}.json"), "--",
                   sys.executable, "-m", "torch.distributed.run", "--nnodes", "2", "--node-rank", str(rank),
                   "--nproc-per-node", "2", "--master-addr", "127.0.0.1", "--master-port", str(port), "torchrun_job.py"]
        launches[rank] = subprocess.Popen(command, cwd=FIXTURES, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True)
    out = {}
    for rank, launch in launches.items():
        stdout, stderr = launch.communicate(timeout=400)
        report = tmp / f"node{rank}.json"
        assert report.exists(), stderr
        out[rank] = (launch.returncode, stdout, json.loads(report.read_text()), tmp / f"node{rank}")
    return out


def calls_by_node_and_rank(data):
    calls = {}
    for o in data["observations"]:
        calls[(o["node"], o["rank"])] = calls.get((o["node"], o["rank"]), 0) + o["count"]
    return calls


def test_each_node_runs_its_ranks_with_the_programs_output_untouched(nodes):
    for rank, (code, stdout, _, _) in nodes.items():
        assert code == 0
        ranks = (0, 1) if rank == 0 else (2, 3)
        assert sorted(line.split(":")[0] for line in stdout.splitlines()) == [f"rank {r}" for r in ranks]
        assert all(line.endswith("all ranks: 18") for line in stdout.splitlines())


def test_each_nodes_records_carry_its_node_and_its_ranks(nodes):
    for rank, (_, _, data, _) in nodes.items():
        processes = data["processes"]
        assert len(processes) == 3  # the launcher and its two workers
        assert {p["node"] for p in processes} == {NODES[rank]}
        assert {p["node_rank"] for p in processes} == {rank} and {p["nodes"] for p in processes} == {2}
        assert sorted(p["rank"] for p in processes if p["rank"] is not None) == ([0, 1] if rank == 0 else [2, 3])
        assert [n["node"] for n in data["missing_nodes"]] == [f"node rank {1 - rank}"]


def test_combine_merges_both_nodes_into_one_report(nodes):
    folders = [str(nodes[rank][3]) for rank in (0, 1)]
    done = subprocess.run([sys.executable, "-m", "ordercheck.cli", "combine", *folders, "--format", "json"], cwd=FIXTURES,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert len(data["processes"]) == 6 and data["missing_nodes"] == []
    assert calls_by_node_and_rank(data) == {(NODES[0], 0): 3, (NODES[0], 1): 4, (NODES[1], 2): 5, (NODES[1], 3): 6}
    assert data["disagreements"] == [] and data["unfinished_processes"] == []
    text = subprocess.run([sys.executable, "-m", "ordercheck.cli", "combine", *folders], cwd=FIXTURES,
                          capture_output=True, text=True, timeout=120).stdout
    assert f"6 processes probed (pid " in text and f"on 2 nodes ({NODES[0]}, {NODES[1]})" in text
    assert re.search(rf"rank 3 on {re.escape(NODES[1])}: SLOW( \(line 14\))? x 1\n", text)  # the line on 3.12+
