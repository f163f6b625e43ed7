"""dj dept add, dj person add/move/leave: a new user sets up departments and people with dj alone."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import CLI_ENV


def git(ws: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(ws), "-c", "core.quotepath=false", *args], capture_output=True, text=True,
                          encoding="utf-8", check=True, stdin=subprocess.DEVNULL).stdout


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def ws(tmp_path: Path, git_env: dict, cli) -> Path:
    """A workspace made by dj init, nothing else."""
    folder = tmp_path / "党建"
    result = cli("init", folder, "--name", "示例县人民检察院", "--year", "2024")
    assert result.exit_code == 0, result.output
    return folder


def test_a_new_user_sets_up_and_moves_people_with_dj_alone_and_check_passes(ws: Path, cli) -> None:
    steps = [
        ["dept", "add", "--name", "办公室"],
        ["dept", "add", "--name", "第一检察部", "--id", "d-first", "--note", "刑事检察"],
        ["person", "add", "--name", "张三", "--title", "党组书记、检察长", "--tier", "主要负责人", "--start", "2021-09-15",
         "--remit", "全面工作", "--gender", "男"],
        ["person", "add", "--name", "李四", "--title", "副检察长", "--tier", "班子成员", "--start", "2024-01-01",
         "--remit", "办公室", "--remit", "经费管理使用"],
        ["person", "add", "--name", "王五", "--title", "办公室主任", "--tier", "部门负责人", "--department", "办公室",
         "--start", "2022-03-01"],
        ["person", "move", "王五", "--title", "第一检察部主任", "--tier", "部门负责人", "--department", "d-first",
         "--date", "2024-07-01"],
    ]
    for args in steps:
        result = cli("-C", ws, *args)
        assert result.exit_code == 0, (args, result.output)
        assert "已提交" in result.stdout

    office = read(ws / "departments" / "d-01.yaml")
    assert office == {"id": "d-01", "name": "办公室"}
    assert read(ws / "departments" / "d-first.yaml")["note"] == "刑事检察"
    lisi = read(ws / "people" / "p-02.yaml")
    assert lisi["posts"][0]["remit"] == ["d-01", "经费管理使用"]  # a department's name is kept as its id
    wangwu = read(ws / "people" / "p-03.yaml")
    import datetime as dt

    assert [(p["title"], p["start"], p.get("end"), p.get("department")) for p in wangwu["posts"]] == [
        ("办公室主任", dt.date(2022, 3, 1), dt.date(2024, 6, 30), "d-01"),
        ("第一检察部主任", dt.date(2024, 7, 1), None, "d-first"),
    ]
    check = cli("-C", ws, "check", "--no-cache", "--format", "json")
    assert check.exit_code == 0, check.stdout
    assert [f for f in json.loads(check.stdout)["findings"] if f["severity"] == "error"] == []
    subjects = git(ws, "log", "--format=%s").splitlines()
    assert subjects[0] == "人员与部门：王五 自 2024-07-01 任第一检察部主任（原任“办公室主任”于 2024-06-30 结束）"
    assert len(subjects) == 1 + len(steps)
    assert git(ws, "status", "--porcelain") == ""


def test_a_handover_of_the_principal_post_leaves_no_overlap(ws: Path, cli) -> None:
    assert cli("-C", ws, "person", "add", "--name", "张三", "--title", "检察长", "--tier", "主要负责人", "--start", "2020-01-01").exit_code == 0
    assert cli("-C", ws, "person", "add", "--name", "李四", "--title", "副检察长", "--tier", "班子成员", "--start", "2020-01-01").exit_code == 0
    assert cli("-C", ws, "person", "move", "张三", "--title", "二级高级检察官", "--tier", "一般干部", "--date", "2024-07-01").exit_code == 0
    assert cli("-C", ws, "person", "move", "李四", "--title", "检察长", "--tier", "主要负责人", "--date", "2024-07-01").exit_code == 0
    check = cli("-C", ws, "check", "--no-cache", "--format", "json")
    # a newcomer as 主要负责人 while the predecessor's term is open: a hint names who to move
    early = cli("-C", ws, "person", "add", "--name", "周九", "--title", "检察长", "--tier", "主要负责人", "--start", "2024-08-01", "--dry-run")
    assert early.exit_code == 0 and "李四 在 2024-08-01 仍是主要负责人" in early.stderr and "张三" not in early.stderr
    codes = [f["code"] for f in json.loads(check.stdout)["findings"]]
    assert "DJ405" not in codes and check.exit_code == 0, check.stdout


def test_leave_ends_every_open_post_and_records_the_handover(ws: Path, cli) -> None:
    assert cli("-C", ws, "person", "add", "--name", "赵六", "--title", "副检察长", "--tier", "班子成员", "--start", "2020-01-01").exit_code == 0
    result = cli("-C", ws, "person", "leave", "赵六", "--date", "2024-09-30", "--reason", "调离",
                 "--handover", "交接给李四，未结事项：第三季度谈话记录待归档")
    assert result.exit_code == 0, result.output
    text = (ws / "people" / "p-01.yaml").read_text(encoding="utf-8")
    assert "&" not in text and "*" not in text  # one date written twice, not as an anchor and alias
    data = yaml.safe_load(text)
    assert str(data["posts"][0]["end"]) == "2024-09-30"
    assert data["departure"] == {"date": data["posts"][0]["end"], "reason": "调离",
                                 "handover": "交接给李四，未结事项：第三季度谈话记录待归档"}
    assert "交接情况：交接给李四" in git(ws, "log", "-1", "--format=%B")
    assert cli("-C", ws, "check", "--no-cache").exit_code == 0

    again = cli("-C", ws, "person", "leave", "赵六", "--date", "2024-10-30", "--reason", "调离")
    assert again.exit_code == 1 and "已于 2024-09-30 调离" in again.stderr
    moved = cli("-C", ws, "person", "move", "赵六", "--title", "x", "--tier", "一般干部", "--date", "2024-12-01")
    assert moved.exit_code == 1 and "不能再调整职务" in moved.stderr


def test_move_and_leave_keep_the_comments_of_the_file(ws: Path, cli) -> None:
    path = ws / "people" / "p-lisi.yaml"
    path.write_text(
        "# 李四的任职记录\n"
        "id: p-lisi\n"
        "name: 李四\n"
        "posts:\n"
        "  - title: 副检察长  # 2020 年任命\n"
        "    tier: 班子成员\n"
        "    start: 2020-01-01\n"
        "    remit: [经费管理使用]\n"
        "# 以上为任职经历\n"
        "note: 备注\n", encoding="utf-8")
    git(ws, "add", "people/p-lisi.yaml")
    git(ws, "commit", "-q", "-m", "李四")
    assert cli("-C", ws, "person", "move", "李四", "--title", "党组副书记", "--tier", "班子成员", "--date", "2024-07-01").exit_code == 0
    assert cli("-C", ws, "person", "leave", "p-lisi", "--date", "2024-12-31", "--reason", "退休").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 李四的任职记录\nid: p-lisi\n")
    assert "  - title: 副检察长  # 2020 年任命\n" in text and "    remit: [经费管理使用]\n" in text
    # the comment after the posts stays right above what followed them
    assert text.index("departure:") < text.index("# 以上为任职经历\nnote: 备注\n")
    data = yaml.safe_load(text)
    assert [str(p["end"]) for p in data["posts"]] == ["2024-06-30", "2024-12-31"]


@pytest.mark.parametrize(("args", "words"), [
    (["person", "move", "王五", "--title", "x", "--tier", "部门负责人", "--date", "2022-03-01"], ["不晚于它", "应晚于 2022-03-01"]),
    (["person", "move", "王五", "--title", "x", "--tier", "处长", "--date", "2024-07-01"], ["不是任职层级", "部门副职"]),
    (["person", "move", "钱七", "--title", "x", "--tier", "一般干部", "--date", "2024-07-01"], ["找不到人员“钱七”"]),
    (["person", "leave", "王五", "--date", "2021-01-01", "--reason", "调离"], ["晚于离任日期"]),
    (["person", "leave", "王五", "--date", "2024-01-01", "--reason", "出差"], ["不是离任原因", "调离"]),
    (["person", "add", "--name", "王五", "--title", "x", "--tier", "一般干部", "--start", "2024-01-01"], ["已有名叫“王五”", "dj person move p-01"]),
    (["person", "add", "--name", "赵六", "--title", "x", "--tier", "一般干部", "--start", "2024-01-01", "--department", "财务科"], ["找不到部门“财务科”", "dj dept add"]),
    (["person", "add", "--name", "赵六", "--title", "x", "--tier", "一般干部", "--start", "2024-01-01", "--id", "p-01"], ["已被使用"]),
    (["person", "add", "--name", "赵六", "--title", "x", "--tier", "一般干部", "--start", "2024-01-01", "--id", "赵六"], ["编号“赵六”格式不正确"]),
    (["person", "add", "--name", "赵六"], ["缺少 --title、--tier、--start", "非交互环境"]),
    (["person", "add", "--name", "赵六", "--title", "x", "--tier", "一般干部", "--start", "2024/01/01"], ["格式不正确，应为 YYYY-MM-DD"]),
    (["dept", "add", "--name", "办公室"], ["已有名为“办公室”的部门"]),
    (["dept", "add"], ["缺少 --name"]),
])
def test_refusals_say_why_and_change_nothing(ws: Path, cli, args: list[str], words: list[str]) -> None:
    assert cli("-C", ws, "dept", "add", "--name", "办公室").exit_code == 0
    assert cli("-C", ws, "person", "add", "--name", "王五", "--title", "办公室主任", "--tier", "部门负责人",
               "--department", "办公室", "--start", "2022-03-01").exit_code == 0
    head = git(ws, "rev-parse", "HEAD")
    result = cli("-C", ws, *args)
    assert result.exit_code in (1, 2), result.output
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert "Traceback" not in result.output
    assert git(ws, "rev-parse", "HEAD") == head and git(ws, "status", "--porcelain") == ""


def test_dry_run_no_commit_and_json(ws: Path, cli) -> None:
    dry = cli("-C", ws, "dept", "add", "--name", "政治部", "--dry-run")
    assert dry.exit_code == 0 and "+name: 政治部" in dry.stdout and not (ws / "departments" / "d-01.yaml").exists()
    result = cli("-C", ws, "dept", "add", "--name", "政治部", "--no-commit", "--format", "json")
    data = json.loads(result.stdout)
    assert data["changed"] == ["departments/d-01.yaml"] and data["commit"] is None
    assert "?? departments/d-01.yaml" in git(ws, "status", "--porcelain", "--untracked-files=all")


def test_ids_are_numbered_after_the_highest_in_use(ws: Path, cli) -> None:
    for name in ("办公室", "政治部"):
        assert cli("-C", ws, "dept", "add", "--name", name).exit_code == 0
    (ws / "departments" / "d-01.yaml").unlink()
    git(ws, "commit", "-q", "-am", "删除办公室")
    assert cli("-C", ws, "dept", "add", "--name", "检务保障部").exit_code == 0
    assert (ws / "departments" / "d-03.yaml").is_file()


def test_missing_values_are_asked_on_a_terminal(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dangjian_cli.cli.app import app
    from dangjian_cli.cli.commands import people

    monkeypatch.setattr(people, "interactive", lambda: True)
    answers = ["张三", "检察长", "主要领导", "主要负责人", "2024-13-01", "2024-01-01"]
    result = CliRunner().invoke(app, ["-C", str(ws), "person", "add"], input="\n".join(answers) + "\n",
                                env=CLI_ENV, prog_name="dj")
    assert result.exit_code == 0, result.output
    assert "不是任职层级" in result.stderr and "格式不正确" in result.stderr
    data = read(ws / "people" / "p-01.yaml")
    assert data["posts"][0]["tier"] == "主要负责人" and str(data["posts"][0]["start"]) == "2024-01-01"


def test_help_lists_the_tiers_from_the_model(cli) -> None:
    from dangjian_cli.models.enums import Tier

    out = cli("person", "add", "--help").stdout
    for tier in Tier:
        assert tier.value in out
    assert "前一天结束" in cli("person", "move", "--help").stdout
