"""A unit keeps cases/ in a git repository of its own (narrower access), ignored by the workspace's."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import CLI_ENV

OPEN = ["pursue", "open", "--id", "2024-case-95", "--title", "经费报销审核不严", "--incident", "2024-03-05",
        "--found", "2024-05-10", "--how", "主动排查", "--source", "日常检查", "--person", "褚四",
        "--chain", "2024-chain-funds", "--date", "2024-05-12"]


def dj(ws: Path, *args: str) -> Any:
    from dangjian_cli.cli.app import app

    return CliRunner().invoke(app, ["-C", str(ws), *args], env=CLI_ENV, prog_name="dj")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout.strip()


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    made = dj(tmp_path, "init", "--example", str(root))
    assert made.exit_code == 0, made.output
    git(root, "rm", "-r", "-q", "--cached", "cases")
    with (root / ".gitignore").open("a", encoding="utf-8") as f:
        f.write("\ncases/\n")
    git(root, "add", ".gitignore")
    git(root, "commit", "-q", "-m", "Keep cases/ in its own repository")
    git(root / "cases", "init", "-q")
    git(root / "cases", "add", ".")
    git(root / "cases", "commit", "-q", "-m", "Cases")
    return root


def test_write_into_nested_repo_commits_there(tmp_path: Path, git_env: dict[str, str]) -> None:
    root = _workspace(tmp_path)
    outer, inner = git(root, "rev-parse", "HEAD"), git(root / "cases", "rev-parse", "HEAD")
    result = dj(root, *OPEN)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "GitCommandError" not in result.output
    assert "已提交" in result.output and "--no-commit" not in result.output
    assert "已写入 cases/" in result.output
    assert git(root, "rev-parse", "HEAD") == outer and git(root, "status", "--porcelain") == ""
    assert git(root / "cases", "rev-parse", "HEAD^") == inner
    assert git(root / "cases", "status", "--porcelain") == ""
    files = git(root / "cases", "show", "--name-only", "--format=", "HEAD").splitlines()
    assert len(files) == 1 and "2024-case-95" in files[0]
    message = git(root / "cases", "log", "-1", "--format=%B")
    assert "Dj-Command: pursue open" in message
    assert git(root / "cases", "log", "-1", "--format=%ae") == git_env["GIT_AUTHOR_EMAIL"]
    updated = dj(root, "pursue", "update", "2024-case-95", "--stage", "调查", "--date", "2024-05-20")
    assert updated.exit_code == 0, updated.output
    assert git(root / "cases", "rev-list", "--count", f"{inner}..HEAD") == "2"
    assert git(root, "rev-parse", "HEAD") == outer
    assert dj(root, "check").exit_code == 0


def test_no_commit_then_commit_in_the_nested_repo(tmp_path: Path, git_env: dict[str, str]) -> None:
    root = _workspace(tmp_path)
    outer = git(root, "rev-parse", "HEAD")
    result = dj(root, *OPEN, "--no-commit")
    assert result.exit_code == 0, result.output
    assert "--no-commit" in result.output
    new = git(root / "cases", "status", "--porcelain")
    assert "2024-case-95" in new
    assert git(root, "rev-parse", "HEAD") == outer and git(root, "status", "--porcelain") == ""
    assert dj(root, "check").exit_code == 0
