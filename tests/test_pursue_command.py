"""dj pursue on a copy of the example: a case from 受理 to 结案 through the commands, who bears what
by the posts held on the incident date (a retired leader stays a candidate), the refusals of decide
and close, --redact, talks and handovers, and the deduction and veto a decision brings to dj review."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import CLI_ENV

AS_OF = "2025-02-15"
NAMES = ("张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑一", "冯二", "陈三", "褚四", "卫五")


def dj(ws: Path, *args: str) -> Any:
    from dangjian_cli.cli.app import app

    return CliRunner().invoke(app, ["-C", str(ws), *map(str, args)], env=CLI_ENV, prog_name="dj")


def ok(ws: Path, *args: str) -> Any:
    result = dj(ws, *args)
    assert result.exit_code == 0, result.output
    return result


def head(ws: Path) -> str:
    return subprocess.run(["git", "-C", str(ws), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()


def as_json(ws: Path, *args: str) -> Any:
    return json.loads(ok(ws, *args, "--format", "json").stdout)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory, module_git_env: dict[str, str]) -> Path:
    """The example with two cases added through the commands: one closed (a 诫勉 on the 分管领导 and a
    警告 on the handler), one just opened about a department head who retired before it was found."""
    root = tmp_path_factory.mktemp("pursue") / "ws"
    from dangjian_cli.cli.app import app

    made = CliRunner().invoke(app, ["init", "--example", str(root)], env=CLI_ENV, prog_name="dj")
    assert made.exit_code == 0, made.output
    ok(root, "pursue", "open", "--id", "2024-case-91", "--title", "经费报销审核不严", "--incident", "2024-03-05", "--found", "2024-05-10",
       "--how", "主动排查", "--source", "日常检查", "--person", "褚四", "--chain", "2024-chain-funds", "--date", "2024-05-12")
    ok(root, "pursue", "update", "2024-case-91", "--stage", "调查", "--date", "2024-05-20")
    ok(root, "pursue", "update", "2024-case-91", "--stage", "认定", "--date", "2024-06-10", "--verdict", "属实")
    ok(root, "pursue", "who", "2024-case-91", "--record", "--date", "2024-06-12")
    ok(root, "pursue", "decide", "2024-case-91", "--person", "王五", "--form", "诫勉", "--date", "2024-06-20")
    ok(root, "pursue", "decide", "2024-case-91", "--person", "褚四", "--form", "警告", "--date", "2024-06-20")
    delivered = ok(root, "pursue", "deliver", "2024-case-91", "--date", "2024-06-22")
    assert "申诉期限：2024年7月22日" in delivered.stdout
    ok(root, "pursue", "execute", "2024-case-91", "--date", "2024-07-01")
    ok(root, "pursue", "close", "2024-case-91", "--date", "2024-07-05", "--outcome", "给予诫勉和警告处分", "--reason", "处理决定已执行完毕")
    ok(root, "pursue", "open", "--id", "2024-case-92", "--title", "第一检察部违规收受礼品问题", "--incident", "2024-05-10",
       "--found", "2024-09-01", "--how", "被动查处", "--source", "信访举报", "--item", "2024-bm-wushi", "--date", "2024-09-03")
    return root


def test_list_json_gives_each_case_with_its_status(ws: Path) -> None:
    data = as_json(ws, "pursue", "list", "--as-of", "2024-09-10")
    mine = {c["id"]: c for c in data["cases"] if c["id"] in ("2024-case-91", "2024-case-92")}
    assert mine["2024-case-91"]["status"] == "结案" and mine["2024-case-91"]["closed"] is True
    assert mine["2024-case-91"]["decisions"] == ["诫勉", "警告"]
    assert mine["2024-case-92"]["status"] == "受理" and mine["2024-case-92"]["overdue"] is False
    assert mine["2024-case-92"]["how_found"] == "被动查处" and mine["2024-case-92"]["source"] == "信访举报"
    # 受理 may last 15 days (settings.pursue.stage_days): overdue by October, and --open/--overdue filter.
    late = as_json(ws, "pursue", "list", "--open", "--overdue", "--as-of", "2024-10-01")
    ids = [c["id"] for c in late["cases"]]
    assert "2024-case-92" in ids and "2024-case-91" not in ids
    assert "已超期" in ok(ws, "pursue", "list", "--as-of", "2024-10-01").stdout


def test_who_names_the_leader_by_the_post_held_on_the_incident_date_though_retired(ws: Path) -> None:
    data = as_json(ws, "pursue", "who", "2024-case-92", "--as-of", "2024-10-01")
    assert data["case"] == "2024-case-92"
    wushi = [c for c in data["candidates"] if c["person"] == "p-wushi"]
    assert wushi, data
    assert wushi[0]["in_post_now"] is False
    assert wushi[0]["post_then"] == "第一检察部主任"
    assert wushi[0]["liability"] == "主要领导责任者" and wushi[0]["regime"] == "纪律处分条例"
    assert "退休" in wushi[0]["now"]
    # The 班子成员 who oversaw the department then, and the 班子 as a whole, under the 问责条例.
    lisi = {c["regime"]: c for c in data["candidates"] if c["person"] == "p-lisi"}
    assert lisi["问责条例"]["liability"] == "主要领导责任" and lisi["问责条例"]["in_post_now"] is True
    assert any(c.get("body") == "党组" and c["liability"] == "全面领导责任" for c in data["candidates"])
    for c in data["candidates"]:
        assert set(c) >= {"person", "post_then", "liability", "basis", "in_post_now"}
    text = ok(ws, "pursue", "who", "2024-case-92", "--as-of", "2024-10-01").stdout
    assert "吴十" in text and "已退休" in text and "仍须追究" in text


def test_who_keeps_the_two_triads_apart(ws: Path) -> None:
    data = as_json(ws, "pursue", "who", "2024-case-91", "--as-of", "2024-10-01")
    for c in data["candidates"]:
        if c["regime"] == "纪律处分条例":
            assert c["liability"] in ("直接责任者", "主要领导责任者", "重要领导责任者")
        else:
            assert c["liability"] in ("全面领导责任", "主要领导责任", "重要领导责任")
    handler = next(c for c in data["candidates"] if c["person"] == "p-chusi")
    assert handler["liability"] == "直接责任者" and handler["determined"] == "直接责任者"


def test_decide_refuses_a_form_that_does_not_fit_the_target(ws: Path) -> None:
    before = head(ws)
    person = dj(ws, "pursue", "decide", "2024-case-92", "--person", "吴十", "--form", "改组", "--date", "2024-09-05")
    assert person.exit_code == 1
    assert "“改组”只适用于党组织，不能用于个人" in person.stderr
    body = dj(ws, "pursue", "decide", "2024-case-92", "--body", "党组", "--form", "诫勉", "--date", "2024-09-05")
    assert body.exit_code == 1
    assert "“诫勉”只适用于干部个人，不能用于党组织" in body.stderr
    assert "Traceback" not in person.output + body.output
    assert head(ws) == before


def test_close_refuses_a_case_with_no_outcome(ws: Path) -> None:
    before = head(ws)
    text = (ws / "cases/2024/2024-case-92.yaml").read_bytes()
    result = dj(ws, "pursue", "close", "2024-case-92", "--date", "2024-09-05")
    assert result.exit_code == 1
    assert "不能结案" in result.stderr and "没有结案结论" in result.stderr and "没有核实结论" in result.stderr
    # Leaving post is no reason to close (终身问责).
    moved = dj(ws, "pursue", "close", "2024-case-92", "--date", "2024-09-05", "--outcome", "不再追究", "--reason", "吴十已退休")
    assert moved.exit_code == 1 and "终身问责" in moved.stderr
    assert head(ws) == before and (ws / "cases/2024/2024-case-92.yaml").read_bytes() == text


def test_show_is_the_case_as_a_timeline_with_names(ws: Path) -> None:
    out = ok(ws, "pursue", "show", "2024-case-91").stdout
    lines = [line for line in out.splitlines() if line[:4].isdigit()]
    assert [line[:10] for line in lines] == sorted(line[:10] for line in lines)
    for what in ("事发", "发现", "受理", "调查", "认定", "决定", "送达", "执行", "结案"):
        assert any(f"  {what}" in line for line in lines), what
    assert "王五：诫勉（第一种形态）" in out and "褚四：警告（第二种形态）" in out


def test_redact_hides_names_in_list_and_who(ws: Path) -> None:
    listed = ok(ws, "pursue", "list", "--redact", "--format", "json").stdout
    who = ok(ws, "pursue", "who", "2024-case-92", "--redact", "--format", "json").stdout
    for name in NAMES:
        assert name not in listed and name not in who, name
    assert "p-wushi" not in who and "吴某" in who
    assert "褚某" in listed


def test_commit_messages_name_no_one(ws: Path) -> None:
    log = subprocess.run(["git", "-C", str(ws), "log", "--format=%s"], capture_output=True, text=True, check=True).stdout
    mine = [line for line in log.splitlines() if line.startswith("责任追究：")]
    assert len(mine) >= 10 and any("2024-case-91" in line for line in mine)
    for line in mine:
        assert not any(name in line for name in NAMES), line


def test_writes_never_wait_for_input(ws: Path) -> None:
    result = dj(ws, "pursue", "open", "--title", "缺少日期")
    assert result.exit_code == 2 and "缺少 --incident" in result.stderr


def test_check_accepts_what_the_commands_wrote(ws: Path) -> None:
    result = dj(ws, "check", "--as-of", AS_OF, "--format", "json")
    data = json.loads(result.stdout)
    mine = [f for f in data["findings"] if "2024-case-9" in (f.get("file") or "")]
    assert not [f for f in mine if f["severity"] == "error"], mine


def test_a_2024_decision_changes_the_2024_scorecard_and_its_explain(ws: Path, tmp_path: Path, example: Path) -> None:
    def card(root: Path) -> dict[str, Any]:
        data = as_json(root, "review", "--year", "2024", "--as-of", AS_OF, "--person", "王五", "--explain")
        return data["scorecards"][0]

    with_case, without = card(ws), card(example)
    deductions = [d for d in with_case["deductions"] if "2024-case-91" in d["reason"]]
    assert deductions and deductions[0]["source"]["file"] == "cases/2024/2024-case-91.yaml"
    assert with_case["score"] < without["score"]
    assert any("诫勉" in v["reason"] for v in with_case["vetoes"])
    assert with_case["consequences"]["evaluation"]["eligible"] is False
    text = ok(ws, "review", "--year", "2024", "--as-of", AS_OF, "--person", "王五", "--explain").stdout
    assert "扣分：-2 案件 2024-case-91 中受诫勉" in text and "cases/2024/2024-case-91.yaml" in text
    # The handler's 警告 (党纪处分) rules out promotion while its 12 months run; 褚四 is no scorecard subject,
    # so the case is looked at through the 2025 gate of someone who is: none here, the veto suffices.


def test_talk_and_handover(ws: Path) -> None:
    ok(ws, "pursue", "talk", "--kind", "例行廉政谈话", "--by", "张三", "--person", "李四", "--date", "2024-03-20", "--id", "2024-talk-h9-01")
    talk = (ws / "talks/2024/2024-talk-h9-01.yaml").read_text(encoding="utf-8")
    assert "by: p-zhangsan" in talk and "p-lisi" in talk
    ok(ws, "pursue", "talk", "--kind", "诫勉谈话", "--by", "张三", "--person", "王五", "--case", "2024-case-91", "--date", "2024-06-25",
       "--to-correct", "加强经费审批把关", "--correct-by", "2024-08-31", "--id", "2024-talk-h9-02")
    ok(ws, "pursue", "talk", "--follow-up", "2024-talk-h9-02", "--by", "李四", "--result", "已改正", "--date", "2024-09-02")
    assert "已改正" in (ws / "talks/2024/2024-talk-h9-02.yaml").read_text(encoding="utf-8")
    assert "跟踪核查" in ok(ws, "pursue", "show", "2024-case-91").stdout
    collective = dj(ws, "pursue", "talk", "--kind", "提醒谈话", "--by", "张三")
    assert collective.exit_code == 2 and "--person" in collective.stderr
    existing = list((ws / "handovers").rglob("*.yaml")) if (ws / "handovers").exists() else []
    if not any("p-wushi" in p.read_text(encoding="utf-8") for p in existing):
        ok(ws, "pursue", "handover", "吴十", "--to", "周九", "--date", "2024-06-28", "--copy", "纪检", "--copy", "组织",
           "--area", "重点工作任务:未结案件两件移交周九", "--statement", "任内责任已履行")
        made = (ws / "handovers/2024/2024-handover-p-wushi-0630.yaml").read_text(encoding="utf-8")
        assert "post: 第一检察部主任" in made and "to: p-zhoujiu" in made and "历史遗留问题和风险隐患" in made


def test_unknown_case_and_person_are_plain_errors(ws: Path) -> None:
    missing = dj(ws, "pursue", "who", "2024-case-00")
    assert missing.exit_code == 1 and "找不到案件 2024-case-00" in missing.stderr
    nobody = dj(ws, "pursue", "decide", "2024-case-92", "--person", "无名氏", "--form", "诫勉")
    assert nobody.exit_code == 2 and "找不到人员" in nobody.stderr



# --- the example's four cases ----------------------------------------------------------------------


def test_example_list_gives_the_four_cases_with_their_status(example: Path) -> None:
    data = as_json(example, "pursue", "list", "--as-of", AS_OF)
    status = {c["id"]: c["status"] for c in data["cases"]}
    assert len(status) == 4, status
    assert sorted(status.values()).count("结案") == 3
    open_cases = [c for c in data["cases"] if not c["closed"]]
    assert len(open_cases) == 1 and open_cases[0]["overdue"] is True
    assert {c["how_found"] for c in data["cases"]} == {"主动排查", "被动查处"}


def test_example_who_names_the_leader_who_left_with_the_post_then(example: Path) -> None:
    data = as_json(example, "pursue", "who", "2024-zz-02", "--as-of", AS_OF)
    wushi = [c for c in data["candidates"] if c["person"] == "p-wushi"]
    assert wushi and all(c["in_post_now"] is False for c in wushi)
    assert {c["post_then"] for c in wushi} == {"第一检察部主任"}
    assert {c["liability"] for c in wushi} == {"主要领导责任者", "主要领导责任"}


def test_example_a_2024_decision_shows_in_the_2024_scorecard(example: Path) -> None:
    card = as_json(example, "review", "--year", "2024", "--as-of", AS_OF, "--person", "孙八", "--explain")["scorecards"][0]
    assert any("2024-zz-03" in d["reason"] for d in card["deductions"]), card["deductions"]
    assert any("2024-zz-03" in v["reason"] for v in card["vetoes"])
    text = ok(example, "review", "--year", "2024", "--as-of", AS_OF, "--person", "孙八", "--explain").stdout
    assert "2024-zz-03" in text and "cases/2024/2024-zz-03.yaml" in text


def test_redact_tells_two_people_of_one_surname_apart(example: Path, tmp_path: Path, git_env: dict[str, str]) -> None:
    import shutil

    ws = tmp_path / "ws"
    shutil.copytree(example, ws)
    (ws / "people/p-zhangqi.yaml").write_text(
        "id: p-zhangqi\nname: 张七\nposts:\n  - title: 检察官助理\n    tier: 一般干部\n    department: d-support\n    start: 2020-01-01\n",
        encoding="utf-8")
    subprocess.run(["git", "-C", str(ws), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(ws), "commit", "-q", "-m", "张七"], check=True)
    text = ok(ws, "pursue", "who", "2024-zz-01", "--redact").stdout
    # By person id: p-zhangqi (张七) is 张某甲, p-zhangsan (张三) 张某乙.
    assert "张某乙" in text and "张三" not in text


def test_deliver_then_appeal_starts_the_clocks_and_dates_the_stages(ws: Path) -> None:
    ok(ws, "pursue", "update", "2024-case-92", "--stage", "认定", "--date", "2024-10-20", "--verdict", "属实")
    refused = dj(ws, "pursue", "appeal", "2024-case-92", "--person", "吴十", "--date", "2024-11-01")
    assert refused.exit_code == 1 and "没有该对象的处理决定" in refused.stderr
    ok(ws, "pursue", "decide", "2024-case-92", "--person", "吴十", "--form", "通报", "--date", "2024-10-28")
    early = dj(ws, "pursue", "appeal", "2024-case-92", "--person", "吴十", "--date", "2024-11-01")
    assert early.exit_code == 1 and "尚未送达" in early.stderr
    out = ok(ws, "pursue", "deliver", "2024-case-92", "--person", "吴十", "--date", "2024-10-30").stdout
    assert "申诉期限：2024年11月29日" in out and "执行期限：2024年11月29日" in out
    ok(ws, "pursue", "appeal", "2024-case-92", "--person", "吴十", "--date", "2024-11-10", "--decided-on", "2024-12-05", "--result", "维持原决定")
    text = (ws / "cases/2024/2024-case-92.yaml").read_text(encoding="utf-8")
    assert "delivered_on: 2024-10-30" in text and "result: 维持原决定" in text
    stages = [line.split(":")[1].strip() for line in text.splitlines() if line.strip().startswith("- stage:")]
    assert stages[-3:] == ["送达", "申诉", "复查"], stages
    assert "&id" not in text
