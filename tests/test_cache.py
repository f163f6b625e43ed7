"""The check cache is keyed by content, lives where no clone carries it, and is never wrong."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assign_support import commit_all, git, set_identity
from dangjian_cli import cache
from dangjian_cli.cli.app import app
from dangjian_cli.findings import Finding
from test_check import DJ_YAML, GOOD, write_tree

PLANTED = {"code": "DJ999", "severity": "warning", "path": "planted.yaml", "line": 1, "column": 1,
           "message": "来自缓存", "record": None}


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    write_tree(root, {"dj.yaml": DJ_YAML, **GOOD})
    git(root, "init", "-q", "-b", "main")
    return root


def cache_files(root: Path) -> list[Path]:
    return sorted((root / ".git" / "dj-cache").glob("check-*.json"))


def check(root: Path, *extra: str) -> dict:
    result = CliRunner().invoke(app, ["-C", str(root), "check", "--format", "json", *extra], env={"NO_COLOR": "1"})
    return json.loads(result.stdout)


def plant(root: Path) -> None:
    """Mark the cached result so that a run served from the cache can be told apart."""
    [path] = cache_files(root)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["result"]["findings"].append(PLANTED)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def served_from_cache(root: Path) -> bool:
    return any(f["code"] == "DJ999" for f in check(root)["findings"])


def test_unchanged_workspace_is_served_from_cache(ws: Path) -> None:
    check(ws)
    plant(ws)
    assert served_from_cache(ws)
    assert not (ws / ".dj-cache").exists()  # nothing in the work tree, nothing to commit


@pytest.mark.parametrize("change", ["edit", "add", "remove", "config", "rename"])
def test_any_change_is_read_again(ws: Path, change: str) -> None:
    check(ws)
    plant(ws)
    if change == "edit":
        (ws / "departments/d-office.yaml").write_text("id: d-office\nname: 办公室\nnmae: x\n", encoding="utf-8")
    elif change == "add":
        write_tree(ws, {"departments/d-new.yaml": "id: d-new\nname: 新部门\n"})
    elif change == "remove":
        (ws / "people/p-sunba.yaml").unlink()
    elif change == "config":
        (ws / "dj.yaml").write_text(DJ_YAML.replace("2024", "2025"), encoding="utf-8")
    else:
        (ws / "departments/d-office.yaml").rename(ws / "departments/office.yaml")
    assert not served_from_cache(ws)


def test_new_dj_version_reads_again(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check(ws)
    plant(ws)
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert not served_from_cache(ws)


def test_no_cache_leaves_the_cache_as_it_was(ws: Path) -> None:
    check(ws)
    plant(ws)
    [path] = cache_files(ws)
    before = path.read_bytes()
    write_tree(ws, {"departments/d-new.yaml": "id: d-new\nname: 新部门\n"})
    report = check(ws, "--no-cache")
    assert report["summary"]["files"] == 4 and not any(f["code"] == "DJ999" for f in report["findings"])
    assert path.read_bytes() == before


def test_a_committed_cache_does_not_make_a_broken_workspace_pass_in_a_fresh_clone(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    write_tree(origin, {"dj.yaml": DJ_YAML, **GOOD})
    git(origin, "init", "-q", "-b", "main")
    set_identity(origin)
    clean = check(origin)
    assert clean["findings"] == []
    # Someone commits a clean verdict in every place dj has ever kept one, then breaks a record.
    [entry] = cache_files(origin)
    for folder in (origin / ".dj-cache", origin / ".git-cache"):
        folder.mkdir()
        shutil.copy(entry, folder / "check.json")
        shutil.copy(entry, folder / entry.name)
    write_tree(origin, {"departments/d-office.yaml": "id: d-office\nname: 办公室\nnmae: 错字\n"})
    commit_all(origin, "带着缓存提交")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    assert (clone / ".dj-cache" / "check.json").exists()
    result = CliRunner().invoke(app, ["-C", str(clone), "check", "--format", "json"], env={"NO_COLOR": "1"})
    assert result.exit_code == 1
    assert "DJ202" in [f["code"] for f in json.loads(result.stdout)["findings"]]


def test_an_entry_of_another_workspace_is_never_used(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for root in (first, second):
        write_tree(root, {"dj.yaml": DJ_YAML, **GOOD})
        git(root, "init", "-q", "-b", "main")
    check(first)
    plant(first)
    [entry] = cache_files(first)
    check(second)
    [own] = cache_files(second)
    assert own.name != entry.name  # each workspace its own entry
    shutil.copy(entry, own)  # put there anyway: its key is foreign, so it is read again
    assert not served_from_cache(second)


def test_outside_a_git_repository_there_is_no_cache(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    write_tree(root, {"dj.yaml": DJ_YAML, **GOOD})
    assert check(root)["findings"] == []
    assert not (root / ".dj-cache").exists() and not (root / ".git").exists()
    assert cache.read(root, cache.workspace_key(root, __import__("datetime").date(2024, 12, 31))) is None


# --- the file index: only changed files are parsed again --------------------------------------

def index_file(root: Path) -> Path:
    [path] = sorted((root / ".git" / "dj-cache").glob("files-*.pickle"))
    return path


def age(root: Path, seconds: int = 60) -> None:
    """Make every record file look older than the last run, so no entry is racy."""
    for path in root.rglob("*.yaml"):
        if ".git" not in path.parts:
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9))


def codes(result: dict) -> set[str]:
    return {f["code"] for f in result["findings"]}


def test_an_edit_that_keeps_size_and_mtime_is_seen(ws: Path) -> None:
    age(ws)
    check(ws)  # stores the index and the result
    check(ws)
    path = ws / "departments/d-office.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace("id: d-office", "id: d-offic2")  # same length: p-sunba's reference now dangles
    assert len(edited.encode()) == before.st_size
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    result = check(ws)
    assert "DJ302" in codes(result)


def test_unchanged_files_are_not_parsed_again(ws: Path) -> None:
    age(ws)
    check(ws)
    # Plant a finding in the stored result of one file: a run that uses the index shows it.
    path = index_file(ws)
    data = pickle.loads(path.read_bytes())
    key, digest, blob = data["entries"]["people/p-zhangsan.yaml"]
    record, findings = pickle.loads(blob)
    planted = Finding("DJ999", "warning", "people/p-zhangsan.yaml", 1, 1, "来自文件索引")
    data["entries"]["people/p-zhangsan.yaml"] = (key, digest, pickle.dumps((record, [*findings, planted])))
    path.write_bytes(pickle.dumps(data))
    # Another file changes: the result cache misses, the index still serves p-zhangsan.
    (ws / "departments/d-office.yaml").write_text("id: d-office\nname: 办公室\nnmae: x\n", encoding="utf-8")
    result = check(ws)
    assert "DJ999" in codes(result)
    assert any(f["path"] == "departments/d-office.yaml" for f in result["findings"])
    # --no-cache reads every file and never sees the plant.
    assert "DJ999" not in codes(check(ws, "--no-cache"))


def test_a_racy_entry_is_compared_by_content(ws: Path) -> None:
    check(ws)  # the files were written just now: their entries are racy
    path = index_file(ws)
    data = pickle.loads(path.read_bytes())
    key, digest, blob = data["entries"]["people/p-zhangsan.yaml"]
    record, findings = pickle.loads(blob)
    planted = Finding("DJ999", "warning", "people/p-zhangsan.yaml", 1, 1, "来自文件索引")
    data["entries"]["people/p-zhangsan.yaml"] = (key, b"not the digest", pickle.dumps((record, [planted])))
    path.write_bytes(pickle.dumps(data))
    (ws / "departments/d-office.yaml").write_text("id: d-office\nname: 办公室\nnmae: x\n", encoding="utf-8")
    assert "DJ999" not in codes(check(ws))  # the content was read again, not trusted from metadata
