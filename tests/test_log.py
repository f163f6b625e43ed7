"""dj log: who changed which records when, from one pass over git history — on the bundled
example, after renames (Chinese file names), with --since, for a record given by id or name,
for dj's own commits, in a workspace that is a subfolder, and with cases/ in a nested repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "core.quotepath=false", *args], capture_output=True, text=True,
                          encoding="utf-8", check=True, stdin=subprocess.DEVNULL).stdout


def entries(cli, ws: Path, *args: str) -> list[dict]:
    result = cli("-C", ws, "log", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def copy(example: Path, tmp_path: Path, git_env: dict) -> Path:
    """A private copy of the example workspace with its history."""
    ws = tmp_path / "ws"
    shutil.copytree(example, ws, symlinks=True)
    return ws


def test_the_example_lists_commits_by_three_authors_each_with_its_paths_and_records(example: Path, cli) -> None:
    log = entries(cli, example)
    assert len(log) == int(git(example, "rev-list", "--count", "HEAD"))
    for entry in log:
        assert set(entry) >= {"commit", "author", "date", "message", "paths", "records"}
        assert entry["paths"], entry
        assert len(entry["commit"]) == 40 and entry["date"][:2] == "20"
    assert len({e["author"] for e in log}) >= 3
    dates = [e["date"] for e in log]
    assert dates == sorted(dates, reverse=True)  # newest first
    # records are the ids in the files as they are now, not the file names
    study = next(e for e in log if "study_sessions/2024/2024-03-14-zxz.md" in e["paths"])
    assert "2024-zxz-1" in study["records"]
    people = next(e for e in log if "people/p-zhangsan.yaml" in e["paths"])
    assert "p-zhangsan" in people["records"]
    assert next(e for e in log if e["paths"] == ["dj.yaml"] or "dj.yaml" in e["paths"])  # dj.yaml holds no record


def test_the_text_view_names_author_date_message_and_changes_in_chinese(example: Path, cli) -> None:
    result = cli("-C", example, "log", "--since", "2024-12-30")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "工作区的改动历史，2024-12-30 以来" in out
    assert "作者：纪检组 赵六" in out and "方式：手工提交" in out
    assert "说明：核单：2024 年度责任清单年底核单" in out
    assert "新增 verifications/2024/2024-hd-dz.yaml（记录 2024-hd-dz）" in out
    assert "另有" in out  # long commits are cut in the text view, JSON lists every path


def test_since_keeps_only_commits_authored_on_or_after_the_day(example: Path, cli) -> None:
    everything = entries(cli, example)
    late = entries(cli, example, "--since", "2024-12-01")
    assert 0 < len(late) < len(everything)
    assert all(e["date"][:10] >= "2024-12-01" for e in late)
    assert late == [e for e in everything if e["date"][:10] >= "2024-12-01"]
    bad = cli("-C", example, "log", "--since", "2024-13-01")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


def test_a_record_by_id_or_by_name_is_resolved_to_its_file(example: Path, cli) -> None:
    by_name = entries(cli, example, "张三")
    assert by_name and all(e["paths"] == ["people/p-zhangsan.yaml"] for e in by_name)
    assert entries(cli, example, "p-zhangsan") == by_name
    case = entries(cli, example, "2024-zz-01")
    assert case and all(e["paths"] == ["cases/2024/2024-zz-01.yaml"] and e["records"] == ["2024-zz-01"] for e in case)
    folder = entries(cli, example / "cases", ".")  # a folder, relative to the current one (-C)
    assert folder and all(p.startswith("cases/") for e in folder for p in e["paths"])
    missing = cli("-C", example, "log", "没有这个人")
    assert missing.exit_code == 2 and "找不到“没有这个人”" in missing.stderr and "Traceback" not in missing.output


def test_renames_are_followed_back_through_the_single_pass(copy: Path, cli) -> None:
    before = entries(cli, copy, "people/p-wushi.yaml")
    assert len(before) >= 2  # an early version and the final one (the example's history)
    (copy / "people" / "干部").mkdir()
    git(copy, "mv", "people/p-wushi.yaml", "people/干部/吴十.yaml")
    git(copy, "commit", "-q", "-m", "人员文件改用中文名")
    after = entries(cli, copy, "people/干部/吴十.yaml")
    assert len(after) == len(before) + 1
    renamed = after[0]
    assert renamed["message"] == "人员文件改用中文名"
    assert renamed["paths"] == ["people/干部/吴十.yaml"]
    assert renamed["changes"] == [{"status": "R", "path": "people/干部/吴十.yaml", "from": "people/p-wushi.yaml"}]
    assert renamed["records"] == ["p-wushi"]
    assert [e["commit"] for e in after[1:]] == [e["commit"] for e in before]
    # by id, the record is found in its new file, and followed just the same
    assert [e["commit"] for e in entries(cli, copy, "p-wushi")] == [e["commit"] for e in after]
    text = cli("-C", copy, "log", "吴十")
    assert "改名 people/p-wushi.yaml → people/干部/吴十.yaml" in text.stdout
    assert "已跟随改名，更早的提交按原名匹配：people/p-wushi.yaml" in text.stdout
    # a file deleted since is found by its old path, its record by the file name
    git(copy, "rm", "-q", "cases/2024/2024-zz-04.yaml")
    git(copy, "commit", "-q", "-m", "删除案件")
    gone = entries(cli, copy, "cases/2024/2024-zz-04.yaml")
    assert gone[0]["changes"] == [{"status": "D", "path": "cases/2024/2024-zz-04.yaml"}]
    assert gone[0]["records"] == ["2024-zz-04"] and len(gone) >= 2


def test_dj_commits_are_recognised_by_their_trailer(copy: Path, cli) -> None:
    added = cli("-C", copy, "dept", "add", "--name", "案件管理部", "--id", "d-cases")
    assert added.exit_code == 0, added.output
    newest = entries(cli, copy)[0]
    assert newest["command"] == "dept add"
    assert newest["paths"] == ["departments/d-cases.yaml"] and newest["records"] == ["d-cases"]
    assert "Dj-Command" not in newest["message"]
    assert newest["author"] == "测试员"
    assert all(e["command"] is None for e in entries(cli, copy)[1:])  # the example's commits were made by people
    assert "方式：dj dept add" in cli("-C", copy, "log", "d-cases").stdout


def test_a_workspace_in_a_subfolder_sees_only_its_own_changes(tmp_path: Path, git_env: dict, cli) -> None:
    top = tmp_path / "单位仓库"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    (top / "其他.txt").write_text("单位的其他材料\n", encoding="utf-8")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "其他材料")
    made = cli("init", top / "党建", "--name", "示例县人民检察院", "--year", "2024")
    assert made.exit_code == 0, made.output
    (top / "其他.txt").write_text("改过\n", encoding="utf-8")
    git(top, "commit", "-q", "-am", "只改其他材料")
    log = entries(cli, top / "党建")
    assert len(log) == 1
    assert "dj.yaml" in log[0]["paths"] and all(not p.startswith(("党建/", "其他")) for p in log[0]["paths"])
    assert log[0]["command"] == "init"


def test_cases_kept_in_a_nested_repository_are_listed_with_the_workspace(copy: Path, cli) -> None:
    git(copy, "rm", "-r", "-q", "--cached", "cases")
    with (copy / ".gitignore").open("a", encoding="utf-8") as f:
        f.write("\ncases/\n")
    git(copy, "add", ".gitignore")
    git(copy, "commit", "-q", "-m", "cases/ 单独建库")
    git(copy / "cases", "init", "-q", "-b", "main")
    git(copy / "cases", "add", ".")
    git(copy / "cases", "commit", "-q", "-m", "案件库")
    log = entries(cli, copy)
    inner = [e for e in log if e["repository"] == "cases"]
    assert [e["message"] for e in inner] == ["案件库"]
    assert "cases/2024/2024-zz-01.yaml" in inner[0]["paths"] and "2024-zz-01" in inner[0]["records"]
    # the workspace's own history of cases/ (before it moved out) is still there
    case = entries(cli, copy, "2024-zz-01")
    assert {e["repository"] for e in case} == {"", "cases"}
    assert "仓库：cases/" in cli("-C", copy, "log", "cases").stdout


def test_a_message_committed_in_gbk_is_shown_in_chinese(copy: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Old Windows setups commit with i18n.commitEncoding=GBK; git re-encodes such messages for dj."""
    with (copy / "people" / "p-zhangsan.yaml").open("a", encoding="utf-8") as f:
        f.write("# 备注\n")
    (copy / "msg.txt").write_bytes("补充张三的备注（GBK 编码的提交说明）".encode("gbk"))
    # the names too must be valid GBK: git re-encodes the whole commit header and message
    monkeypatch.setenv("GIT_AUTHOR_NAME", "tester")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "tester")
    git(copy, "-c", "i18n.commitEncoding=GBK", "commit", "-q", "-a", "-F", str(copy / "msg.txt"))
    newest = entries(cli, copy, "张三")[0]
    assert newest["message"] == "补充张三的备注（GBK 编码的提交说明）"
    assert newest["author"] == "tester"
