"""The 五单法 cycle: 反馈单, 提示单 and 核单 — the rules (DJ470–DJ477) on in-memory workspaces, the
commands (dj assign feedback / remind / reply / verify) on real git repositories, and the example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from assign_support import check, codes, commit_all, dj, git, head_files, new_workspace, write
from dangjian_cli.models.cycle import Feedback, Reminder, Verification
from ws_builder import CAST, build, item, of_code, rules

D = dt.date


# --- records -------------------------------------------------------------------------------


def feedback(fid: str, day: str, *entries: tuple[str, str], year: int = 2024, **subject: Any) -> Feedback:
    subject = subject or {"person": "p-zhangsan"}
    return Feedback.model_validate({"id": fid, "year": year, "date": day, **subject,
                                    "entries": [{"item": i, "progress": "已推进", "status": s} for i, s in entries]})


def reminder(rid: str, day: str, items: list[str], year: int = 2024, **fields: Any) -> Reminder:
    data = {"id": rid, "year": year, "date": day, "by": "p-zhaoliu", "person": "p-zhangsan", "items": items, "reason": "落实滞后"}
    return Reminder.model_validate({**data, **fields})


def verification(vid: str, day: str, *entries: tuple[str, str], year: int = 2024, **subject: Any) -> Verification:
    subject = subject or {"person": "p-zhangsan"}
    return Verification.model_validate({"id": vid, "year": year, "date": day, "by": "p-zhaoliu", **subject,
                                        "entries": [{"item": i, "result": r, **({"reason": "未完成"} if r == "不予核销" else {})}
                                                    for i, r in entries]})


ZS = [item(f"2024-zs-0{n}", "主要负责人", person="p-zhangsan") for n in (1, 2, 3)]
LS = item("2024-ls-01", "班子成员", person="p-lisi")
DZ = item("2024-dz-01", "党组")
ALL = (*ZS, LS, DZ)


# --- DJ470: items past their period with no feedback ----------------------------------------


def test_items_without_feedback_warn_once_per_list_naming_them() -> None:
    ws = build(*CAST, *ALL, feedback("fk1", "2024-07-01", ("2024-zs-01", "推进中")))
    found = of_code(rules(ws, D(2025, 1, 5)), "DJ470")
    assert len(found) == 3  # 张三's list, 李四's, the 党组's: one each
    zhangsan = next(f for f in found if "张三" in f.message)
    assert "2024-zs-02、2024-zs-03（2 项）" in zhangsan.message and "2024-zs-01" not in zhangsan.message
    assert zhangsan.severity == "warning"
    assert any("党组" in f.message and "dj assign feedback 党组" in f.message for f in found)


def test_feedback_on_every_item_or_a_period_not_yet_over_is_quiet() -> None:
    records = (*CAST, *ALL,
               feedback("fk1", "2024-07-01", ("2024-zs-01", "推进中"), ("2024-zs-02", "已完成"), ("2024-zs-03", "推进中")),
               feedback("fk2", "2024-07-02", ("2024-ls-01", "推进中"), person="p-lisi"),
               feedback("fk3", "2024-07-03", ("2024-dz-01", "推进中"), body="党组"))
    assert of_code(rules(build(*records), D(2025, 1, 5)), "DJ470") == []
    # Before the year ends no period is over (none has an earlier deadline).
    assert of_code(rules(build(*CAST, *ALL, feedback("fk1", "2024-07-01", ("2024-zs-01", "推进中"))), D(2024, 12, 31)), "DJ470") == []


def test_an_earlier_deadline_ends_the_period_earlier() -> None:
    early = item("2024-zs-09", "主要负责人", person="p-zhangsan", deadline="2024-06-30")
    ws = build(*CAST, *ZS, early, feedback("fk1", "2024-03-01", ("2024-zs-01", "推进中")))
    found = of_code(rules(ws, D(2024, 7, 15)), "DJ470")
    assert len(found) == 1 and "2024-zs-09" in found[0].message and "2024-zs-02" not in found[0].message


def test_a_year_outside_the_cycle_is_not_asked_for_feedback_unless_required() -> None:
    assert of_code(rules(build(*CAST, *ALL), D(2025, 6, 1)), "DJ470") == []
    assert len(of_code(rules(build(*CAST, *ALL, cycle={"required": True}), D(2025, 6, 1)), "DJ470")) == 3


# --- DJ471: 提示单 unanswered -----------------------------------------------------------------


def test_an_unanswered_reminder_warns_after_its_reply_date() -> None:
    ws = build(*CAST, *ZS, reminder("ts1", "2024-07-01", ["2024-zs-01"], reply_by="2024-07-10"))
    assert of_code(rules(ws, D(2024, 7, 10)), "DJ471") == []
    found = of_code(rules(ws, D(2024, 7, 11)), "DJ471")
    assert len(found) == 1 and found[0].loc == ("reply_by",) and "dj assign reply ts1" in found[0].message


def test_the_reply_date_defaults_to_the_setting_and_a_reply_clears_it() -> None:
    ws = build(*CAST, *ZS, reminder("ts1", "2024-07-01", ["2024-zs-01"]), cycle={"reply_days": 5})
    assert of_code(rules(ws, D(2024, 7, 6)), "DJ471") == []
    assert len(of_code(rules(ws, D(2024, 7, 7)), "DJ471")) == 1
    answered = reminder("ts1", "2024-07-01", ["2024-zs-01"], reply={"date": "2024-07-20", "text": "已整改"})
    assert of_code(rules(build(*CAST, *ZS, answered), D(2024, 12, 1)), "DJ471") == []


# --- DJ472: no 核单 after the year ------------------------------------------------------------


def test_lists_without_verification_warn_after_the_grace_date() -> None:
    fed = (feedback("fk1", "2024-12-20", *((i.id, "已完成") for i in ZS)),
           feedback("fk2", "2024-12-20", ("2024-ls-01", "已完成"), person="p-lisi"),
           feedback("fk3", "2024-12-20", ("2024-dz-01", "已完成"), body="党组"))
    partial = verification("hd1", "2025-01-15", ("2024-zs-01", "核销"))
    ws = build(*CAST, *ALL, *fed, partial)
    assert of_code(rules(ws, D(2025, 1, 31)), "DJ472") == []
    found = of_code(rules(ws, D(2025, 2, 1)), "DJ472")
    assert len(found) == 3
    zhangsan = next(f for f in found if "张三" in f.message)
    assert zhangsan.path == "verifications/hd1.yaml" and "2024-zs-02、2024-zs-03" in zhangsan.message
    complete = (verification("hd1", "2025-01-15", *((i.id, "核销") for i in ZS)),
                verification("hd2", "2025-01-15", ("2024-ls-01", "核销"), person="p-lisi"),
                verification("hd3", "2025-01-15", ("2024-dz-01", "核销"), body="党组"))
    assert of_code(rules(build(*CAST, *ALL, *fed, *complete), D(2025, 6, 1)), "DJ472") == []
    assert of_code(rules(build(*CAST, *ALL, *fed, partial, cycle={"verify_by": "03-31"}), D(2025, 3, 1)), "DJ472") == []


# --- the records themselves ----------------------------------------------------------------


def test_items_of_another_subject_or_year_are_errors_and_repeats_warn() -> None:
    old = item("2023-zs-01", "主要负责人", year=2023, person="p-zhangsan")
    ws = build(*CAST, *ALL, old,
               feedback("fk1", "2024-07-01", ("2024-zs-01", "推进中"), ("2024-ls-01", "推进中"), ("2024-zs-01", "已完成")),
               reminder("ts1", "2024-07-01", ["2023-zs-01"]))
    found = rules(ws, D(2024, 7, 2))
    other = of_code(found, "DJ473")
    assert len(other) == 1 and other[0].severity == "error" and other[0].loc == ("entries", 1, "item") and "李四" in other[0].message
    year = of_code(found, "DJ474")
    assert len(year) == 1 and year[0].record == "ts1" and year[0].loc == ("items", 0)
    twice = of_code(found, "DJ476")
    assert len(twice) == 1 and twice[0].loc == ("entries", 2, "item")


def test_the_bodys_record_may_name_the_bodys_items() -> None:
    ws = build(*CAST, *ALL, feedback("fk1", "2024-07-01", ("2024-dz-01", "推进中"), body="党组", reported_by="p-zhangsan"))
    assert of_code(rules(ws, D(2024, 7, 2)), "DJ473") == []


def test_group_and_department_items_belong_to_their_members_and_department() -> None:
    group = item("2024-bz-01", "班子成员", group="班子成员")
    office = item("2024-bm-office", "部门", department="d-office")
    ws = build(*CAST, group, office,
               feedback("fk1", "2024-07-01", ("2024-bz-01", "推进中"), person="p-lisi"),
               feedback("fk2", "2024-07-01", ("2024-bz-01", "推进中"), person="p-sunba"),
               feedback("fk3", "2024-07-01", ("2024-bm-office", "推进中"), department="d-office"))
    other = of_code(rules(ws, D(2024, 7, 2)), "DJ473")
    assert [f.record for f in other] == ["fk2"]  # 孙八 is a 部门负责人, not a 班子成员
    silent = build(*CAST, group, office, cycle={"required": True})
    lists = sorted(f.message.split(" ")[0] for f in of_code(rules(silent, D(2025, 1, 5)), "DJ470"))
    assert lists == ["办公室", "李四", "赵六", "钱七"]  # each member's list names the group's item


def test_a_second_verification_is_named_and_clearing_an_unfinished_item_warns() -> None:
    ws = build(*CAST, *ZS,
               feedback("fk1", "2024-12-20", ("2024-zs-01", "推进中"), ("2024-zs-02", "已完成")),
               verification("hd-b", "2025-01-10", ("2024-zs-01", "核销"), ("2024-zs-02", "核销")),
               verification("hd-a", "2025-01-20", ("2024-zs-03", "核销")))
    found = rules(ws, D(2025, 1, 21))
    again = of_code(found, "DJ475")
    assert [f.record for f in again] == ["hd-a"]  # the later one, although its id sorts first
    unfinished = of_code(found, "DJ477")
    assert len(unfinished) == 1 and unfinished[0].loc == ("entries", 0, "result") and "推进中" in unfinished[0].message


def test_not_clearing_needs_a_reason_and_a_record_one_subject() -> None:
    with pytest.raises(ValidationError, match="理由"):
        Verification.model_validate({"id": "hd", "year": 2024, "date": "2025-01-10", "by": "p-zhaoliu", "person": "p-zhangsan",
                                     "entries": [{"item": "2024-zs-01", "result": "不予核销"}]})
    with pytest.raises(ValidationError, match="只能填写一个"):
        feedback("fk", "2024-07-01", ("2024-zs-01", "推进中"), person="p-zhangsan", body="党组")
    with pytest.raises(ValidationError, match="早于发出日期"):
        reminder("ts", "2024-07-01", ["2024-zs-01"], reply_by="2024-06-01")


# --- the commands --------------------------------------------------------------------------

ITEMS = {
    "responsibilities/2024/2024-zs-01.yaml": "id: 2024-zs-01\nyear: 2024\ntier: 主要负责人\nperson: p-zhangsan\narea: 廉洁自律\ncontent: 带头廉洁自律\n",
    "responsibilities/2024/2024-zs-02.yaml": "id: 2024-zs-02\nyear: 2024\ntier: 主要负责人\nperson: p-zhangsan\narea: 抓班子带队伍\ncontent: 管好班子\n",
    "responsibilities/2024/2024-ls-01.yaml": "id: 2024-ls-01\nyear: 2024\ntier: 班子成员\nperson: p-lisi\narea: 廉洁自律\ncontent: 带头廉洁自律\n",
    "responsibilities/2024/2024-dz-01.yaml": "id: 2024-dz-01\nyear: 2024\ntier: 党组\nbody: 党组\narea: 全面从严治党\ncontent: 负全面领导责任\n",
}


@pytest.fixture
def ws(tmp_path: Path, git_env: dict) -> Path:
    root = new_workspace(tmp_path / "ws")
    write(root, ITEMS)
    commit_all(root, "清单")
    return root


def _ok(result) -> None:
    assert result.exit_code == 0, result.output + (result.stderr or "")


def test_feedback_writes_commits_and_updates_the_days_file_keeping_comments(ws: Path) -> None:
    _ok(dj(ws, "assign", "feedback", "张三", "--item", "2024-zs-01", "--progress", "已开展廉洁谈话", "--status", "推进中",
           "--evidence", "谈话记录", "--date", "2024-07-01"))
    rel = "feedback/2024/2024-fk-p-zhangsan-2024-07-01.yaml"
    assert head_files(ws) == [rel]
    assert "dj-command: assign feedback" in git(ws, "log", "-1", "--format=%B").lower()
    path = ws / rel
    path.write_text(path.read_text(encoding="utf-8").replace("person: p-zhangsan", "person: p-zhangsan  # 本人填报"), encoding="utf-8")
    commit_all(ws, "注释")
    _ok(dj(ws, "assign", "feedback", "p-zhangsan", "--item", "2024-zs-01", "--item", "2024-zs-02",
           "--progress", "谈话已完成", "--progress", "已部署", "--status", "已完成", "--status", "推进中", "--date", "2024-07-01"))
    text = path.read_text(encoding="utf-8")
    assert "# 本人填报" in text and "谈话已完成" in text and "已开展廉洁谈话" not in text and "2024-zs-02" in text
    assert "谈话记录" not in text  # the entry was replaced as a whole
    record = Feedback.model_validate(__import__("yaml").safe_load(text))
    assert [(e.item, e.status.value) for e in record.entries] == [("2024-zs-01", "已完成"), ("2024-zs-02", "推进中")]


def test_the_bodys_feedback_is_reported_by_the_principal(ws: Path) -> None:
    _ok(dj(ws, "assign", "feedback", "党组", "--item", "2024-dz-01", "--progress", "专题研究一次", "--date", "2024-07-05"))
    text = (ws / "feedback/2024/2024-fk-dz-2024-07-05.yaml").read_text(encoding="utf-8")
    assert "body: 党组" in text and "reported_by: p-zhangsan" in text and "status: 推进中" in text


def test_feedback_refuses_unknown_items_and_items_of_others(ws: Path) -> None:
    unknown = dj(ws, "assign", "feedback", "张三", "--item", "2024-zs-99", "--progress", "x", "--date", "2024-07-01")
    assert unknown.exit_code == 2 and "找不到责任事项 2024-zs-99" in unknown.stderr
    other = dj(ws, "assign", "feedback", "张三", "--item", "2024-ls-01", "--progress", "x", "--date", "2024-07-01")
    assert other.exit_code == 1 and "李四" in other.stderr
    status = dj(ws, "assign", "feedback", "张三", "--item", "2024-zs-01", "--progress", "x", "--status", "差不多")
    assert status.exit_code == 2 and "推进中" in status.stderr
    assert not list((ws / "feedback").rglob("*.yaml"))


def test_remind_and_reply(ws: Path) -> None:
    _ok(dj(ws, "assign", "remind", "张三", "--item", "2024-zs-01", "--reason", "上半年未反馈", "--date", "2024-07-10"))
    rel = "reminders/2024/2024-ts-p-zhangsan-01.yaml"
    assert head_files(ws) == [rel]
    text = (ws / rel).read_text(encoding="utf-8")
    assert "by: p-zhaoliu" in text and "reply_by: 2024-07-25" in text  # the 纪检监察负责人; 15 days
    _, findings = check(ws, "--as-of", "2024-07-26")
    assert "DJ471" in codes(findings)
    path = ws / rel
    path.write_text(path.read_text(encoding="utf-8").replace("reason: 上半年未反馈", "reason: 上半年未反馈  # 电话已通知"), encoding="utf-8")
    commit_all(ws, "注释")
    _ok(dj(ws, "assign", "reply", "2024-ts-p-zhangsan-01", "--text", "已补报反馈单", "--date", "2024-07-20"))
    assert head_files(ws) == [rel]
    text = path.read_text(encoding="utf-8")
    assert "# 电话已通知" in text and "text: 已补报反馈单" in text
    assert "DJ471" not in codes(check(ws, "--as-of", "2024-07-26")[1])
    again = dj(ws, "assign", "reply", "2024-ts-p-zhangsan-01", "--text", "再次回复")
    assert again.exit_code == 1 and "--replace" in again.stderr
    missing = dj(ws, "assign", "reply", "2024-ts-nope", "--text", "x")
    assert missing.exit_code == 2 and "找不到提示单 2024-ts-nope" in missing.stderr


def test_verify_adds_and_updates_entries_of_the_years_verification(ws: Path) -> None:
    _ok(dj(ws, "assign", "verify", "张三", "--item", "2024-zs-01", "--result", "核销", "--date", "2025-01-15"))
    rel = "verifications/2024/2024-hd-p-zhangsan.yaml"
    assert head_files(ws) == [rel]
    path = ws / rel
    path.write_text(path.read_text(encoding="utf-8").replace("by: p-zhaoliu", "by: p-zhaoliu  # 纪检组长"), encoding="utf-8")
    commit_all(ws, "注释")
    refused = dj(ws, "assign", "verify", "张三", "--item", "2024-zs-02", "--result", "不予核销")
    assert refused.exit_code == 2 and "--reason" in refused.stderr
    _ok(dj(ws, "assign", "verify", "张三", "--item", "2024-zs-02", "--result", "不予核销", "--reason", "未开展", "--date", "2025-01-16"))
    _ok(dj(ws, "assign", "verify", "张三", "--item", "2024-zs-01", "--result", "不予核销", "--reason", "材料不全", "--date", "2025-01-16"))
    record = Verification.model_validate(__import__("yaml").safe_load(path.read_text(encoding="utf-8")))
    assert [(e.item, e.result.value, e.reason) for e in record.entries] == [
        ("2024-zs-01", "不予核销", "材料不全"), ("2024-zs-02", "不予核销", "未开展")]
    assert "# 纪检组长" in path.read_text(encoding="utf-8")
    unknown = dj(ws, "assign", "verify", "张三", "--item", "2024-xx-01", "--result", "核销")
    assert unknown.exit_code == 2 and "找不到责任事项" in unknown.stderr


def test_the_bodys_verification_and_a_dry_run(ws: Path) -> None:
    dry = dj(ws, "assign", "verify", "党组", "--item", "2024-dz-01", "--result", "核销", "--date", "2025-01-10", "--dry-run")
    _ok(dry)
    assert "body: 党组" in dry.stdout and not list((ws / "verifications").rglob("*.yaml"))
    _ok(dj(ws, "assign", "verify", "党组", "--item", "2024-dz-01", "--result", "核销", "--date", "2025-01-10"))
    text = (ws / "verifications/2024/2024-hd-dz.yaml").read_text(encoding="utf-8")
    assert "body: 党组" in text and "by: p-zhaoliu" in text and "person:" not in text
    _, findings = check(ws, "--as-of", "2025-02-01")
    assert not [f for f in findings if f["code"] in ("DJ472", "DJ473") and "党组" in f["message"]]


# --- the example ---------------------------------------------------------------------------


def test_the_example_runs_the_whole_cycle_and_shows_the_unanswered_reminder(example: Path) -> None:
    status, findings = check(example)
    assert status == 0
    cycle = [f for f in findings if f["code"].startswith("DJ47")]
    assert [(f["code"], f["path"]) for f in cycle] == [("DJ471", "reminders/2024/2024-ts-p-wangwu-01.yaml")]
    for folder in ("feedback/2024", "reminders/2024", "verifications/2024"):
        assert any((example / folder).iterdir()), folder
    log = git(example, "log", "--format=%s")
    assert "提示单：李四" in log and "核单：2024 年度" in log


def test_progress_shows_each_items_status_reminder_and_verification(example: Path) -> None:
    result = dj(example, "assign", "progress", "--person", "王五", "--format", "json")
    _ok(result)
    data = __import__("json").loads(result.stdout)
    row = next(r for r in data["items"] if r["item"] == "2024-ww-02")
    assert row == {**row, "status": "未完成", "open_reminders": ["2024-ts-p-wangwu-01"], "verification": "不予核销", "feedback_count": 2}
    assert {r["subject"] for r in data["items"]} == {"王五"}
    text = dj(example, "assign", "progress").stdout
    assert text.index("党组") < text.index("张三") < text.index("王五") < text.index("卫五")
    assert "提示单 2024-ts-p-wangwu-01 未回复" in text

