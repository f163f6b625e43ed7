"""The bundled example: a replayed year of git history that passes dj check, and breaks loudly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def dj(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "dangjian_cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=env, stdin=subprocess.DEVNULL)


def test_example_history_replays_2024(example: Path) -> None:
    log = subprocess.run(["git", "-C", str(example), "log", "--format=%an%x1f%ae%x1f%aI"],
                         capture_output=True, text=True, encoding="utf-8", check=True).stdout.splitlines()
    entries = [line.split("\x1f") for line in log]
    assert len(entries) >= 5
    assert len({email for _, email, _ in entries}) >= 3
    assert all(date.startswith("2024-") for _, _, date in entries)


def test_example_passes_check(example: Path) -> None:
    result = dj("-C", str(example), "check", "--no-cache", "--format", "json")
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 0
    assert report["summary"]["records"] >= 20


def test_four_breaks_at_once_are_all_reported(example: Path, tmp_path: Path) -> None:
    ws = tmp_path / "broken"
    shutil.copytree(example, ws)
    people = sorted((ws / "people").glob("*.yaml"))
    syntax, unknown, copied = people[0], people[1], people[2]
    departments = sorted((ws / "departments").glob("*.yaml"))
    gbk = departments[0]

    syntax.write_text(syntax.read_text(encoding="utf-8") + "note: [未闭合\n", encoding="utf-8")
    gbk.write_bytes(gbk.read_text(encoding="utf-8").encode("gb18030"))
    unknown.write_text(unknown.read_text(encoding="utf-8") + "nmae: 拼错的字段\n", encoding="utf-8")
    shutil.copy(copied, copied.with_name("copy-of-" + copied.name))

    result = dj("-C", str(ws), "check", "--format", "json", "--no-cache")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    findings = json.loads(result.stdout)["findings"]

    def found(code: str, path: Path) -> dict:
        rel = path.relative_to(ws).as_posix()
        hits = [f for f in findings if f["code"] == code and f["path"] == rel and f["severity"] == "error"]
        assert hits, (code, rel, findings)
        assert hits[0]["line"] >= 1
        return hits[0]

    found("DJ101", syntax)
    found("DJ105", gbk)
    found("DJ202", unknown)
    found("DJ301", copied)
    found("DJ301", copied.with_name("copy-of-" + copied.name))
