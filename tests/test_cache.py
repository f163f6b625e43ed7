"""The check cache is keyed by content and never wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dangjian_cli import cache
from dangjian_cli.cli.app import app
from test_check import DJ_YAML, GOOD, write_tree

CACHE = Path(".dj-cache") / "check.json"
PLANTED = {"code": "DJ999", "severity": "warning", "path": "planted.yaml", "line": 1, "column": 1,
           "message": "来自缓存", "record": None}


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    write_tree(root, {"dj.yaml": DJ_YAML, **GOOD})
    return root


def check(root: Path, *extra: str) -> dict:
    result = CliRunner().invoke(app, ["-C", str(root), "check", "--format", "json", *extra], env={"NO_COLOR": "1"})
    return json.loads(result.stdout)


def plant(root: Path) -> None:
    """Mark the cached result so that a run served from the cache can be told apart."""
    path = root / CACHE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["result"]["findings"].append(PLANTED)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def served_from_cache(root: Path) -> bool:
    return any(f["code"] == "DJ999" for f in check(root)["findings"])


def test_unchanged_workspace_is_served_from_cache(ws: Path) -> None:
    check(ws)
    plant(ws)
    assert served_from_cache(ws)
    assert (ws / ".dj-cache" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")


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
    before = (ws / CACHE).read_bytes()
    write_tree(ws, {"departments/d-new.yaml": "id: d-new\nname: 新部门\n"})
    report = check(ws, "--no-cache")
    assert report["summary"]["files"] == 4 and not any(f["code"] == "DJ999" for f in report["findings"])
    assert (ws / CACHE).read_bytes() == before
