"""The corpus of hostile inputs: one folder a case under tests/corpus/, run by one test.

A case folder holds ``case.yaml`` and a ``ws/`` folder whose files are laid over the clean
base workspace ``tests/corpus/_base/``; ``dj check`` on the result must report exactly the
findings the case expects (code, path, line), with the expected exit code, within a time
limit, and never a traceback. Adding a case is adding a folder.

case.yaml::

    about: what the case is
    expect: [[DJ101, people/p-bad.yaml, 3], ...]   # [] for a clean pass
    exit: 1            # optional: 1 when an expected finding is an error, else 0; 2 for a broken
                       # dj.yaml (then expect is [] and stderr: [text, ...] must appear in stderr)
    make:              # optional: what git cannot hold
      fifo: [people/pipe.yaml]
      symlink: {people/loop.yaml: loop.yaml}       # link: target
      delete: [people/p-sunba.yaml]                # base files to remove
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"
BASE = CORPUS / "_base"
TIME_LIMIT = 20.0  # seconds for one check, however hostile the input


def cases() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def read_case(folder: Path) -> dict:
    data = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8")) or {}
    assert isinstance(data, dict) and "expect" in data, f"{folder.name}: case.yaml needs 'expect'"
    return data


def build(folder: Path, target: Path, case: dict) -> None:
    shutil.copytree(BASE, target)
    if (folder / "ws").is_dir():
        shutil.copytree(folder / "ws", target, dirs_exist_ok=True)
    make = case.get("make") or {}
    for rel in make.get("delete", []):
        (target / rel).unlink()
    for rel in make.get("fifo", []):
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this system")
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(target / rel)
    for rel, dest in (make.get("symlink") or {}).items():
        link = target / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.symlink(dest, link)
        except OSError:
            pytest.skip("symlinks cannot be made here")


def default_exit(expect: list, catalogue: dict) -> int:
    for code, *_ in expect:
        entry = catalogue.get(code)
        severity = getattr(entry, "severity", None)
        if str(severity) == "error" or getattr(entry, "varies", ""):
            return 1
    return 0


@pytest.mark.parametrize("folder", cases(), ids=lambda p: p.name)
def test_case(folder: Path, tmp_path: Path) -> None:
    from dangjian_cli.findings import CATALOGUE

    case = read_case(folder)
    ws = tmp_path / "ws"
    build(folder, ws, case)
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "dangjian_cli", "-C", str(ws), "check", "--format", "json", "--no-cache",
         "--as-of", "2024-12-31"],
        capture_output=True, stdin=subprocess.DEVNULL, timeout=TIME_LIMIT,
        env={**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", "PYTHONIOENCODING": "utf-8"},
    )
    took = time.monotonic() - started
    stderr = run.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "内部错误" not in stderr, stderr
    assert took < TIME_LIMIT
    if case.get("exit") == 2:  # dj.yaml itself is wrong: no check is run, stderr says where
        assert run.returncode == 2 and case["expect"] == [], stderr
        for needle in case.get("stderr", []):
            assert needle in stderr, f"{folder.name}: {needle!r} not in\n{stderr}"
        assert "Input should" not in stderr and "Error:" not in stderr, stderr
        return
    report = json.loads(run.stdout.decode("utf-8"))
    found = sorted([f["code"], f["path"], f["line"]] for f in report["findings"])
    expected = sorted([str(c), str(p), int(n)] for c, p, n in case["expect"])
    messages = "\n".join(f"{f['code']} {f['path']}:{f['line']} {f['message']}" for f in report["findings"])
    assert found == expected, f"{folder.name}: {case.get('about', '')}\n{messages}"
    assert run.returncode == case.get("exit", default_exit(case["expect"], CATALOGUE)), messages
    for finding in report["findings"]:
        assert finding["message"] and not any(w in finding["message"] for w in ("Input should", "Traceback", "Error:")), finding


def test_the_corpus_covers_every_record_kind_and_dj_yaml() -> None:
    from dangjian_cli.kinds import KINDS

    assert len(cases()) >= 80, f"the corpus has {len(cases())} cases; the issue asks for at least 80"
    touched = {rel.split("/", 1)[0] for case in cases() if (case / "ws").is_dir()
               for rel in (p.relative_to(case / "ws").as_posix() for p in (case / "ws").rglob("*") if p.is_file())}
    missing = [k.folder for k in KINDS if k.folder not in touched] + ([] if "dj.yaml" in touched else ["dj.yaml"])
    assert not missing, f"no corpus case has a file in {missing}"
