"""`ordercheck discover` over odd trees (round 43): a cache entry that is not what the writer
writes is no cache (the file is scanned again), and a `.py` link that leaves the root, points
nowhere or loops is listed as `check` reads it, never an internal error."""

import json
import os
import textwrap

MOD = textwrap.dedent('''
    def pick(mode, n):
        if mode == "fast":
            return "FAST"
        if n < 10:
            return "SMALL"
        return "DEFAULT"
''')


def _tree(tmp_path):
    root = tmp_path / "root"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "mod.py").write_text(MOD)
    return root


def _discover(cli, root, *options):
    run = cli("discover", "--root", root, "--format", "json", *options)
    assert run.exit_code == 0, run.output
    return json.loads(run.stdout)


def _with_cache_entry_edited(cli, tmp_path, edit):
    """discover on a tree whose one cache entry had `edit` applied to its first candidate: the
    entry is scanned again (no file from the cache), as the entry then written is read back."""
    root = _tree(tmp_path)
    expected = _discover(cli, root)
    [entry] = (root / ".ordercheck_cache" / "discover").glob("*.json")
    data = json.loads(entry.read_text())
    edit(data["candidates"][0])
    entry.write_text(json.dumps(data))
    again = _discover(cli, root)
    assert again["cached"] == 0
    assert again["candidates"] == expected["candidates"]
    assert _discover(cli, root)["cached"] == 1  # (the entry written again is read)


def test_a_cached_candidate_with_text_for_branches_is_scanned_again(cli, tmp_path):
    _with_cache_entry_edited(cli, tmp_path, lambda c: c.update(branches="x"))


def test_a_cached_candidate_with_a_number_for_kind_is_scanned_again(cli, tmp_path):
    _with_cache_entry_edited(cli, tmp_path, lambda c: c.update(kind=3))


def test_a_cached_candidate_with_a_list_for_target_is_scanned_again(cli, tmp_path):
    _with_cache_entry_edited(cli, tmp_path, lambda c: c.update(target=[1]))


def test_a_cached_candidate_with_null_atoms_is_scanned_again(cli, tmp_path):
    _with_cache_entry_edited(cli, tmp_path, lambda c: c.update(atoms=None))


def test_a_cached_candidate_with_text_for_line_is_not_shown_as_its_line(cli, tmp_path):
    _with_cache_entry_edited(cli, tmp_path, lambda c: c.update(line="x"))


def test_a_cached_candidate_with_null_path_is_not_shown_as_its_path(cli, tmp_path):
    _with_cache_entry_edited(cli, tmp_path, lambda c: c.update(path=None))


def test_a_py_link_to_a_file_outside_the_root_is_scanned_at_its_own_path(cli, tmp_path):
    root = _tree(tmp_path)
    (tmp_path / "shared.py").write_text(MOD.replace("def pick", "def shared_pick"))
    os.symlink(tmp_path / "shared.py", root / "pkg" / "link.py")
    data = _discover(cli, root, "--no-cache")
    assert data["skipped"] == []
    assert {(c["path"], c["target"]) for c in data["candidates"]} == {("pkg/mod.py", "pick"), ("pkg/link.py", "shared_pick")}


def test_a_py_link_to_nothing_is_skipped_as_not_a_regular_file(cli, tmp_path):
    root = _tree(tmp_path)
    os.symlink(tmp_path / "nonexistent" / "x.py", root / "pkg" / "link.py")
    data = _discover(cli, root, "--no-cache")
    assert data["skipped"] == [{"path": "pkg/link.py", "why": "not a regular file"}]
    assert [(c["path"], c["target"]) for c in data["candidates"]] == [("pkg/mod.py", "pick")]


def test_a_py_link_to_itself_is_skipped_as_not_a_regular_file(cli, tmp_path):
    root = _tree(tmp_path)
    os.symlink("link.py", root / "pkg" / "link.py")
    run = cli("discover", "--root", root, "--no-cache")
    assert run.exit_code == 0, run.output
    assert "skipped pkg/link.py: not a regular file" in run.stdout
    assert "1 candidates in 2 files" in run.stdout
