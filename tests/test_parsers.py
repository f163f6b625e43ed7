"""The fast parser (yaml-rs) and libyaml give the same records and the same findings.

The bulk read hands a record file to the fast parser only when nothing in it needs
libyaml's nodes (``yamlio.fast_load``); everything else, and every file with a problem,
goes the libyaml way. Here every corpus goes through both:

* each case of the YAML test suite and of dj's own conformance cases: whenever the fast
  path accepts a text, the libyaml read path accepts it too, with equal data of equal types;
* each hostile workspace of tests/corpus and the example: ``dj check`` gives the same
  result with either parser (DJ_YAML_PARSER=libyaml selects the fallback).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dangjian_cli import yamlio
from dangjian_cli.actions import yamledit
from dangjian_cli.pipeline import check_workspace
from test_conformance import DJ_CASES, SUITE_CASES, read_path
from test_corpus import build, cases, read_case

pytestmark = pytest.mark.skipif(yamlio.FAST_LOADS is None, reason="yaml-rs is not installed here")

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("corpus", ["yaml-test-suite", "dj-cases"])
def test_what_the_fast_parser_accepts_libyaml_reads_alike(corpus: str) -> None:
    texts = SUITE_CASES if corpus == "yaml-test-suite" else DJ_CASES
    differ, fast = {}, 0
    for key, text in sorted(texts.items()):
        data = yamlio.fast_load(text)
        if data is None:
            continue
        fast += 1
        read = read_path(text)
        if read[0] != "ok" or not yamledit.same_data(read[1], data):
            differ[key] = (read, data)
    assert not differ, f"{len(differ)} cases read apart: {differ}"
    assert fast >= (25 if corpus == "yaml-test-suite" else 20), fast  # not agreement by declining everything


def test_the_fast_parser_declines_what_only_libyaml_reports() -> None:
    for text in ["a: 1\na: 2\n", "a: !!str 5\n", "a: &x 1\nb: *x\n", "1: x\n", "- a\n", "",
                 "a: 2024-03-01 16:00:00.1234567\n", "%YAML 1.2\n---\na: 1\n", "a: |\n  \n  x\n",
                 "a: " + "9" * 70 + "\n", "b: x\t\n"]:
        assert yamlio.fast_load(text) is None, text
    assert yamlio.fast_load("id: p-zhangsan\nname: 张三\nstart: 2024-01-02\nscore: 95.5\n") == {
        "id": "p-zhangsan", "name": "张三", "start": dt.date(2024, 1, 2), "score": 95.5}


def _both(root: Path) -> tuple[dict, dict]:
    day = dt.date(2024, 12, 31)
    fast = check_workspace(root, day, use_cache=False).to_dict()
    saved = yamlio.FAST_LOADS
    yamlio.FAST_LOADS = None
    try:
        slow = check_workspace(root, day, use_cache=False).to_dict()
    finally:
        yamlio.FAST_LOADS = saved
    return fast, slow


@pytest.mark.parametrize("folder", cases(), ids=lambda p: p.name)
def test_check_gives_the_same_findings_with_either_parser(folder: Path, tmp_path: Path) -> None:
    case = read_case(folder)
    if case.get("exit") == 2:
        pytest.skip("dj.yaml itself is refused before any record is read")
    ws = tmp_path / "ws"
    build(folder, ws, case)
    fast, slow = _both(ws)
    assert fast == slow


def test_the_example_checks_alike_with_either_parser() -> None:
    fast, slow = _both(REPO / "examples" / "procuratorate")
    assert fast == slow


def test_the_fallback_is_chosen_by_the_environment(tmp_path: Path) -> None:
    code = "from dangjian_cli import yamlio; print(yamlio.FAST_LOADS is None)"
    env = {**os.environ, "DJ_YAML_PARSER": "libyaml"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "True"


def test_a_large_cold_read_in_two_processes_gives_what_one_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dangjian_cli import load
    from test_check import DJ_YAML, GOOD, write_tree

    files = {f"departments/d-{i:04d}.yaml": f"id: d-{i:04d}\nname: 部门{i}\n" for i in range(load.PARALLEL_FILES + 10)}
    files["departments/d-0007.yaml"] = "id: d-0007\nname: 部门7\nnmae: x\n"  # a finding in the child's half
    files["departments/d-0010.yaml"] = "id: d-0010\nname: [\n"  # and one in the parent's
    root = tmp_path / "ws"
    write_tree(root, {"dj.yaml": DJ_YAML, **GOOD, **files})
    day = dt.date(2024, 12, 31)
    two = check_workspace(root, day, use_cache=False).to_dict()
    monkeypatch.setattr(load, "PARALLEL_FILES", 10**9)
    one = check_workspace(root, day, use_cache=False).to_dict()
    assert two == one
    assert {f["path"] for f in two["findings"]} >= {"departments/d-0007.yaml", "departments/d-0010.yaml"}
    # With the file index: built by both processes, then served from it, the same again.
    monkeypatch.undo()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    from dangjian_cli.cache import FileIndex
    from dangjian_cli.pipeline import load_workspace

    assert load_workspace(root, day, FileIndex(root))[1].to_dict() == one
    (root / "departments/d-0003.yaml").write_text("id: d-0003\nname: 部门3\nnmae: y\n", encoding="utf-8")
    changed = load_workspace(root, day, FileIndex(root))[1].to_dict()
    assert "departments/d-0003.yaml" in {f["path"] for f in changed["findings"]}
    assert changed["summary"]["errors"] == one["summary"]["errors"] + 1
