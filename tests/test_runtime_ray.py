"""`ordercheck --runtime` over a Ray job on a local cluster of a head and a second raylet
(loopback): tasks and an actor run the decisions on both nodes, every worker is probed, and each
observation is attributed to its node."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")
from ray.cluster_utils import Cluster  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "runtime"


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "resources": {"head": 1},
                                                           "object_store_memory": 80 * 1024 * 1024})
    second = cluster.add_node(num_cpus=1, resources={"second": 1}, object_store_memory=80 * 1024 * 1024)
    cluster.wait_for_nodes()
    yield cluster, second
    cluster.shutdown()


@pytest.fixture(scope="module")
def job(cluster, tmp_path_factory):
    cluster, _ = cluster
    report = tmp_path_factory.mktemp("ray") / "report.json"
    command = [sys.executable, "-m", "ordercheck.cli", "--runtime", "--target", "decider.py::Router.pick",
               "--target", "ray_job.py::Sched.mode", "--require-observed", "--format", "json", "--output", str(report),
               "--", sys.executable, "ray_job.py", cluster.address]
    done = subprocess.run(command, cwd=FIXTURES, capture_output=True, text=True, timeout=400)
    plain = subprocess.run([sys.executable, "ray_job.py", cluster.address], cwd=FIXTURES, capture_output=True, text=True, timeout=400)
    return done, plain, json.loads(report.read_text())


def test_the_job_runs_and_prints_as_it_does_without_the_probe(job):
    done, plain, data = job
    assert done.returncode == plain.returncode == 0, done.stderr
    assert done.stdout == plain.stdout
    assert data["probe_errors"] == [] and data["never_observed"] == []


def test_workers_on_both_nodes_are_probed_and_attributed_to_their_node(job, cluster):
    _, _, data = job
    cluster, second = cluster
    head_id, second_id = cluster.head_node.node_id, second.node_id
    workers = {p["image"]: p for p in data["processes"] if p.get("ray_role") == "worker"}
    calls = {}
    for o in data["observations"]:
        if o["image"] in workers:
            key = (o["target"], workers[o["image"]]["ray_node_id"])
            calls[key] = calls.get(key, 0) + o["count"]
    assert calls == {("decider.py::Router.pick", head_id): 5, ("decider.py::Router.pick", second_id): 5,
                     ("ray_job.py::Sched.mode", head_id): 3, ("ray_job.py::Sched.mode", second_id): 3}


def test_the_driver_records_the_cluster_and_no_node_is_missing(job):
    _, _, data = job
    (driver,) = [p for p in data["processes"] if p.get("ray_role") == "driver"]
    assert driver["ray_node_id"]
    assert data["missing_nodes"] == []
