"""The one write path: a write is committed whole or changes nothing, whatever git, hooks,
other writers or a kill do to it."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assign_support import IDENTITY, dj, git, new_workspace

DJ = [sys.executable, "-m", "dangjian_cli"]
SIGNOFF = "signoffs/2024/2024-sign-p-fenger.yaml"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, module_git_env: dict) -> Path:
    root = new_workspace(tmp_path_factory.mktemp("base") / "ws")
    assert dj(root, "assign", "template", "procuratorate").exit_code == 0
    return root


@pytest.fixture
def ws(base: Path, tmp_path: Path, git_env: dict) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(base, root, symlinks=True)
    return root


def status(root: Path) -> str:
    return git(root, "status", "--porcelain", "--untracked-files=all")


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def no_leftovers(root: Path) -> None:
    assert not [p for p in root.rglob("*") if p.name.endswith(".dj-tmp")]


def hook(root: Path, body: str) -> None:
    path = root / ".git" / "hooks" / "pre-commit"
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def test_a_held_index_lock_refuses_cleanly_and_the_same_command_commits_later(ws: Path) -> None:
    lock = ws / ".git" / "index.lock"
    lock.write_bytes(b"")
    before = head(ws)
    result = dj(ws, "assign", "sign", "冯二", "--date", "2024-03-05")
    assert result.exit_code == 1
    assert "另一个 git 程序" in result.stderr and "index.lock" in result.stderr
    lock.unlink()
    assert status(ws) == "" and head(ws) == before and not (ws / SIGNOFF).exists()
    again = dj(ws, "assign", "sign", "冯二", "--date", "2024-03-05")
    assert again.exit_code == 0, again.output
    assert status(ws) == "" and git(ws, "show", "--name-only", "--format=", "HEAD").split() == [SIGNOFF]
    message = git(ws, "log", "-1", "--format=%B")
    assert message.startswith("签单：冯二 签订 2024 年党风廉政建设责任书") and "Dj-Command: assign sign" in message
    assert git(ws, "log", "-1", "--format=%(trailers:key=Dj-Command,valueonly)").strip() == "assign sign"


def test_a_rejecting_hook_shows_its_output_and_leaves_tree_and_index_as_they_were(ws: Path) -> None:
    hook(ws, "echo '钩子拒绝：请先通过 dj check' >&2\nexit 1\n")
    # A sign-off that exists, with a comment, so the rollback must restore an edited file.
    assert dj(ws, "assign", "sign", "冯二", "--date", "2024-03-05", "--no-commit").exit_code == 0
    (ws / SIGNOFF).write_text((ws / SIGNOFF).read_text(encoding="utf-8") + "# 签字原件存办公室\n", encoding="utf-8")
    git(ws, "add", SIGNOFF)
    git(ws, "commit", "-q", "--no-verify", "-m", "签单")
    before, content = head(ws), (ws / SIGNOFF).read_bytes()
    for args in (("assign", "sign", "冯二", "--date", "2024-03-06", "--replace"), ("assign", "sign", "孙八", "--date", "2024-03-06")):
        result = dj(ws, *args)
        assert result.exit_code == 1, result.output
        assert "钩子拒绝：请先通过 dj check" in result.stderr and "恢复原样" in result.stderr
        assert status(ws) == "" and head(ws) == before
        assert git(ws, "diff", "--cached", "--name-only") == ""
    assert (ws / SIGNOFF).read_bytes() == content
    assert not (ws / "signoffs" / "2024" / "2024-sign-p-sunba.yaml").exists()
    no_leftovers(ws)
    (ws / ".git" / "hooks" / "pre-commit").unlink()
    result = dj(ws, "assign", "sign", "冯二", "--date", "2024-03-06", "--replace")
    assert result.exit_code == 0 and status(ws) == ""
    assert (ws / SIGNOFF).read_text(encoding="utf-8").endswith("# 签字原件存办公室\n")


def test_two_writers_at_once_each_commit_or_refuse_clearly(ws: Path) -> None:
    env = {**os.environ, **IDENTITY, "NO_COLOR": "1"}
    committed = 0
    for round_ in range(10):
        day = f"2024-03-{round_ + 1:02d}"
        runs = [subprocess.Popen([*DJ, "-C", str(ws), "assign", "sign", who, "--date", day, "--replace"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, text=True)
                for who in ("冯二", "孙八")]
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert "Traceback" not in err and "内部错误" not in err, err
            if run.returncode == 0:
                committed += 1
            else:
                assert run.returncode == 1 and ("另一个 dj 命令" in err or "另一个 git 程序" in err), err
        assert status(ws) == "", f"round {round_}"
        no_leftovers(ws)
    assert committed >= 10  # the lock makes the second wait, not fail


def test_a_killed_write_leaves_no_temporary_file_is_reported_and_undone_by_the_next_write(ws: Path) -> None:
    marker = ws.parent / "hook-started"
    hook(ws, f"touch '{marker}'\nsleep 30\n")
    env = {**os.environ, **IDENTITY, "NO_COLOR": "1"}
    run = subprocess.Popen([*DJ, "-C", str(ws), "assign", "sign", "冯二", "--date", "2024-03-05"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env,
                           start_new_session=True)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert run.poll() is None and time.monotonic() < deadline, "the hook never ran"
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)  # dj and git and the hook, mid-commit
    run.wait()
    (ws / ".git" / "index.lock").unlink(missing_ok=True)  # what a killed git leaves
    (ws / ".git" / "hooks" / "pre-commit").unlink()
    no_leftovers(ws)
    assert (ws / SIGNOFF).exists()  # written, not committed
    result = dj(ws, "check", "--format", "json", "--no-cache")
    import json

    half = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "DJ117"]
    assert [f["path"] for f in half] == [SIGNOFF] and "assign sign" in half[0]["message"], result.stdout
    again = dj(ws, "assign", "sign", "冯二", "--date", "2024-03-05")
    assert again.exit_code == 0, again.output
    assert status(ws) == ""
    assert not [f for f in json.loads(dj(ws, "check", "--format", "json", "--no-cache").stdout)["findings"]
                if f["code"] == "DJ117"]


def test_uncommitted_edits_are_never_overwritten(ws: Path) -> None:
    assert dj(ws, "assign", "sign", "冯二", "--date", "2024-03-05").exit_code == 0
    (ws / SIGNOFF).write_text((ws / SIGNOFF).read_text(encoding="utf-8") + "# 未提交的批注\n", encoding="utf-8")
    result = dj(ws, "assign", "sign", "冯二", "--date", "2024-03-06", "--replace")
    assert result.exit_code == 1 and SIGNOFF in result.stderr
    assert (ws / SIGNOFF).read_text(encoding="utf-8").endswith("# 未提交的批注\n")


def test_signing_in_the_future_or_far_from_the_year_needs_force(ws: Path) -> None:
    for day in ("2099-01-01", "0001-01-01", "2022-12-31"):
        result = dj(ws, "assign", "sign", "冯二", "--date", day)
        assert result.exit_code == 1 and "--force" in result.stderr, day
        assert status(ws) == ""
    assert dj(ws, "assign", "sign", "冯二", "--date", "2023-12-28").exit_code == 0  # the year before is fine
    assert dj(ws, "assign", "sign", "孙八", "--date", "2022-12-31", "--force").exit_code == 0


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write to read-only folders")
def test_a_read_only_record_folder_is_a_usage_problem(ws: Path) -> None:
    folder = ws / "signoffs"
    folder.mkdir(exist_ok=True)
    folder.chmod(0o555)
    try:
        result = dj(ws, "assign", "sign", "冯二", "--date", "2024-03-05")
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2 and "无法写入" in result.stderr
    assert status(ws) == ""


def test_init_and_fix_encoding_write_through_the_same_path(tmp_path: Path, git_env: dict) -> None:
    root = new_workspace(tmp_path / "ws")
    assert "Dj-Command: init" in git(root, "log", "--format=%B", "--reverse").split("\n\n")[1]
    (root / "departments" / "d-gbk.yaml").write_bytes("id: d-gbk\nname: 案件管理部\n".encode("gbk"))
    result = dj(root, "check", "--fix-encoding")
    assert "d-gbk.yaml" in result.stderr
    assert (root / "departments" / "d-gbk.yaml").read_text(encoding="utf-8") == "id: d-gbk\nname: 案件管理部\n"
    assert "d-gbk.yaml" in status(root)  # converted, left for the user to commit
    no_leftovers(root)


def test_letter_output_is_written_atomically_outside_git(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "责任书" / "冯二.md"
    result = dj(ws, "assign", "letter", "冯二", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "党风廉政建设责任书" in out.read_text(encoding="utf-8")
    assert status(ws) == ""
