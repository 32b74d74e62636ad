"""Data folders: fresh 0700 run folders, nothing followed, reused or deleted that this run did
not create; another user's folder refused; the default temporary folder removed unless kept."""

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "runtime"


def run(*args, program=("prog.py", "none")):
    command = [sys.executable, "-m", "ordercheck.cli", "--runtime", "--target", "decider.py::Router.pick", *args,
               "--", sys.executable, *program]
    return subprocess.run(command, cwd=FIXTURES, capture_output=True, text=True, timeout=120)


def test_a_new_data_folder_and_each_run_folder_are_created_0700(tmp_path):
    data = tmp_path / "data"
    assert run("--data-dir", str(data)).returncode == 0
    (folder,) = data.iterdir()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700 and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert folder.name.startswith("run-") and (folder / "plan.json").is_file()


def test_existing_files_and_links_are_neither_followed_reused_nor_deleted(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (data / "plan.json").symlink_to(victim)
    (data / "probe-old-1-2.jsonl").write_text("someone else's\n")
    assert run("--data-dir", str(data)).returncode == 0
    assert victim.read_text() == "keep me"
    assert (data / "probe-old-1-2.jsonl").read_text() == "someone else's\n"
    assert len([p for p in data.iterdir() if p.name.startswith("run-")]) == 1
    assert run("--data-dir", str(data)).returncode == 0
    assert len([p for p in data.iterdir() if p.name.startswith("run-")]) == 2  # never reused


def test_a_linked_data_folder_is_refused_with_exit_2(tmp_path):
    (tmp_path / "real").mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    done = run("--data-dir", str(tmp_path / "link"))
    assert done.returncode == 2 and "is a symbolic link" in done.stderr


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder to another user needs root")
def test_a_folder_owned_by_another_user_is_refused_and_the_command_not_run(tmp_path):
    other = tmp_path / "other"
    other.mkdir(mode=0o700)
    os.chown(other, 65534, 65534)
    marker = tmp_path / "ran"
    done = run("--data-dir", str(other), program=("-c", f"open({str(marker)!r}, 'w')"))
    assert done.returncode == 2 and "owned by another user (uid 65534)" in done.stderr
    assert not marker.exists()


def test_a_folder_others_can_write_is_refused(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    done = run("--data-dir", str(shared))
    assert done.returncode == 2 and "writable by others (mode 777)" in done.stderr


def test_the_default_temporary_folder_is_removed_unless_kept(tmp_path):
    report = tmp_path / "r.json"
    assert run("--format", "json", "--output", str(report)).returncode == 0
    data = json.loads(report.read_text())
    assert not Path(data["data_dir"]).exists() and data["data_kept"] is False
    assert run("--keep-data", "--format", "json", "--output", str(report)).returncode == 0
    kept = Path(json.loads(report.read_text())["data_dir"])
    assert kept.is_dir() and stat.S_IMODE(kept.stat().st_mode) == 0o700
    try:
        assert sorted(p.name for p in kept.iterdir() if not p.name.startswith("probe-")) == ["boot", "plan.json"]
    finally:
        shutil.rmtree(kept, ignore_errors=True)  # kept on purpose by the run: the test removes it
