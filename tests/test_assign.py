"""dj assign on a new workspace: template, add, edit, list, coverage, letter, sign, and the write rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assign_support import USER, check, codes, commit_all, dj, git, head_files, new_workspace, write
from dangjian_cli.yamlio import rt_yaml


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return new_workspace(tmp_path / "ws")


@pytest.fixture
def templated(ws: Path) -> Path:
    result = dj(ws, "assign", "template", "procuratorate")
    assert result.exit_code == 0, result.output
    return ws


def load_yaml(path: Path):
    return rt_yaml().load(path.read_text(encoding="utf-8"))


def dump_yaml(path: Path, data) -> None:
    with path.open("w", encoding="utf-8") as fh:
        rt_yaml().dump(data, fh)


# --- template ------------------------------------------------------------------------------


def test_template_then_check_exits_0(templated: Path) -> None:
    status, findings = check(templated)
    assert status == 0, findings
    assert codes(findings, "error") == []
    log = git(templated, "log", "-1", "--format=%an <%ae>%n%s")
    assert log.splitlines()[0] == f"{USER[0]} <{USER[1]}>"
    assert "责任分解" in log and "重点工作责任链条 3 项" in log
    # Every tier got its list, every key work its chain, and the year a study plan.
    items = json.loads(dj(templated, "assign", "list", "--format", "json").stdout)
    tiers = {i["tier"] for i in items}
    assert tiers == {"党组", "主要负责人", "班子成员", "纪检监察负责人", "部门负责人", "具体承办人员"}
    assert all(i["accountability"] and i["basis"] for i in items)
    assert sorted(p.name for p in (templated / "chains" / "2024").iterdir()) == [
        "2024-chain-cadre.yaml", "2024-chain-funds.yaml", "2024-chain-procurement.yaml"]
    assert (templated / "study_plans" / "2024-study-plan.yaml").is_file()


def test_template_carries_quantified_targets(templated: Path) -> None:
    items = {i["id"]: i for i in json.loads(dj(templated, "assign", "list", "--format", "json").stdout)}
    study = items["2024-body-study"]["targets"][0]
    assert (study["count"], study["per"]) == (1, "每半年")
    talks = items["2024-p-zhangsan-team"]["targets"][0]
    assert (talks["count"], talks["per"]) == (1, "每年") and "廉洁谈话" in talks["description"]
    assert items["2024-p-lisi-dual"]["scope"] == "办公室、检务保障部、经费管理使用、物资采购"


def test_template_twice_adds_nothing_and_never_overwrites(templated: Path) -> None:
    item = templated / "responsibilities" / "2024" / "2024-p-zhangsan-integrity.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("带头严格执行", "本人带头严格执行"), encoding="utf-8")
    commit_all(templated, "秘书修改")
    before = git(templated, "rev-parse", "HEAD")
    result = dj(templated, "assign", "template", "procuratorate")
    assert result.exit_code == 0, result.output
    assert "无需修改" in result.stdout
    assert git(templated, "rev-parse", "HEAD") == before
    assert "本人带头严格执行" in item.read_text(encoding="utf-8")


def test_template_dry_run_shows_the_diff_and_writes_nothing(ws: Path) -> None:
    before = git(ws, "rev-parse", "HEAD")
    result = dj(ws, "assign", "template", "procuratorate", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+++ b/chains/2024/2024-chain-cadre.yaml" in result.stdout
    assert not (ws / "chains" / "2024").exists()
    assert git(ws, "rev-parse", "HEAD") == before


def test_template_no_commit_leaves_files_uncommitted(ws: Path) -> None:
    before = git(ws, "rev-parse", "HEAD")
    assert dj(ws, "assign", "template", "procuratorate", "--no-commit").exit_code == 0
    assert git(ws, "rev-parse", "HEAD") == before
    assert "chains/2024/2024-chain-cadre.yaml" in git(ws, "status", "--porcelain", "--untracked-files=all")


def test_template_reports_a_link_it_cannot_recognise(tmp_path: Path) -> None:
    from assign_support import DEPARTMENTS, PEOPLE

    people = {k: v for k, v in PEOPLE.items() if "p-weiwu" not in k}
    root = new_workspace(tmp_path / "ws", {**DEPARTMENTS, **people})
    result = dj(root, "assign", "template", "procuratorate")
    assert result.exit_code == 0
    # Without its handler the chain's department (and so its head) is not recognised either:
    # the chain is not written, and the command says who is missing and what to add.
    assert "未写入：物资采购的具体承办人员" in result.stderr and "remit: [物资采购]" in result.stderr
    assert "未写入：物资采购的责任部门" in result.stderr and "未写入：物资采购的部门领导" in result.stderr
    assert not (root / "chains/2024/2024-chain-procurement.yaml").exists()
    assert (root / "chains/2024/2024-chain-funds.yaml").exists()
    status, findings = check(root)
    assert status == 0
    assert not [f for f in findings if f["code"] == "DJ411"]
    assert any(f["code"] == "DJ410" and "物资采购" in f["message"] for f in findings)


def test_unknown_template_is_a_usage_error(ws: Path) -> None:
    result = dj(ws, "assign", "template", "court")
    assert result.exit_code == 2
    assert "procuratorate" in result.stderr


# --- the must-show gaps --------------------------------------------------------------------


def test_removing_the_handler_from_a_chain_fails_check(templated: Path) -> None:
    path = templated / "chains" / "2024" / "2024-chain-procurement.yaml"
    data = load_yaml(path)
    data["links"] = [link for link in data["links"] if link["role"] != "具体承办人员"]
    dump_yaml(path, data)
    status, findings = check(templated)
    assert status == 0  # DJ411 is a warning by default (settings.rules can make it an error)
    gap = [f for f in findings if f["code"] == "DJ411"]
    assert len(gap) == 1, findings
    assert gap[0]["path"] == "chains/2024/2024-chain-procurement.yaml" and gap[0]["record"] == "2024-chain-procurement"
    assert "物资采购" in gap[0]["message"] and "具体承办人员" in gap[0]["message"]
    assert gap[0]["line"] > 1


def test_removing_integrity_from_the_principal_fails_check(templated: Path) -> None:
    result = dj(templated, "assign", "edit", "2024-p-zhangsan-integrity", "--clear", "topics", "--area", "个人有关事项报告")
    assert result.exit_code == 0, result.output
    status, findings = check(templated)
    assert status == 0  # 廉洁自律 is an advisory topic (settings.assign.advisory_topics): a warning
    gap = [f for f in findings if f["code"] == "DJ420"]
    assert len(gap) == 1 and gap[0]["severity"] == "warning", findings
    assert "张三" in gap[0]["message"] and "主要负责人" in gap[0]["message"] and "“廉洁自律”" in gap[0]["message"]


# --- add and edit --------------------------------------------------------------------------


def test_add_creates_an_item_and_commits_it(ws: Path) -> None:
    result = dj(ws, "assign", "add", "--tier", "主要负责人", "--person", "张三", "--area", "廉洁自律",
                "--content", "带头廉洁自律", "--topic", "廉洁自律", "--target", "每年至少与每名班子成员廉洁谈话一次",
                "--evidence", "谈话记录", "--accountability", "依照问责条例追究", "--deadline", "2024-12-31")
    assert result.exit_code == 0, result.output
    path = ws / "responsibilities" / "2024" / "2024-p-zhangsan-01.yaml"
    text = path.read_text(encoding="utf-8")
    assert "person: p-zhangsan" in text and "  - 廉洁自律\n" in text and "deadline: 2024-12-31" in text
    assert head_files(ws) == ["responsibilities/2024/2024-p-zhangsan-01.yaml"]
    assert "2024-p-zhangsan-01" in git(ws, "log", "-1", "--format=%s")


def test_add_without_a_terminal_needs_its_options(ws: Path) -> None:
    result = dj(ws, "assign", "add", "--tier", "主要负责人", "--area", "廉洁自律")
    assert result.exit_code == 2
    assert "--content" in result.stderr and "--person" in result.stderr


def test_add_prompts_on_a_terminal(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dangjian_cli.cli.commands import assign as command

    monkeypatch.setattr(command, "_interactive", lambda: True)
    result = dj(ws, "assign", "add", "--no-commit", input="班子成员\n李四\n廉洁自律\n不插手具体经费审批\n")
    assert result.exit_code == 0, result.output
    text = (ws / "responsibilities" / "2024" / "2024-p-lisi-01.yaml").read_text(encoding="utf-8")
    assert "tier: 班子成员" in text and "content: 不插手具体经费审批" in text


def test_edit_prompts_on_a_terminal_and_keeps_what_is_left_alone(templated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dangjian_cli.cli.commands import assign as command

    monkeypatch.setattr(command, "_interactive", lambda: True)
    path = templated / "responsibilities" / "2024" / "2024-p-sunba-dual.yaml"
    before = path.read_text(encoding="utf-8")
    # area, content, scope, period, accountability, basis: change only the scope.
    result = dj(templated, "assign", "edit", "2024-p-sunba-dual", input="\n\n办公室全体干警\n\n\n\n")
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert "scope: 办公室全体干警" in after
    assert [l for l in after.splitlines() if not l.startswith("scope:")] == [l for l in before.splitlines() if not l.startswith("scope:")]


def test_add_with_a_bad_value_is_a_chinese_usage_error(ws: Path) -> None:
    result = dj(ws, "assign", "add", "--tier", "主要领导", "--person", "张三", "--area", "a", "--content", "b")
    assert result.exit_code == 2
    assert "不在允许范围内" in result.stderr and "主要负责人" in result.stderr


def test_edit_keeps_comments_order_quotes_and_crlf(ws: Path) -> None:
    original = (
        "# 张三的廉洁自律责任\r\n"
        "id: zr-001  # 编号不要改\r\n"
        "year: 2024\r\n"
        "tier: 主要负责人\r\n"
        "person: p-zhangsan\r\n"
        "area: 廉洁自律\r\n"
        "content: \"带头廉洁自律\"\r\n"
        "topics: [廉洁自律]\r\n"
        "# 佐证材料\r\n"
        "evidence:\r\n"
        "- 述责述廉报告\r\n"
    )
    write(ws, {"responsibilities/2024/zr-001.yaml": original.encode("utf-8")})
    commit_all(ws)
    result = dj(ws, "assign", "edit", "zr-001", "--content", "带头严格执行八项规定", "--topic", "廉洁自律",
                "--topic", "管好配偶子女和身边工作人员", "--scope", "全院")
    assert result.exit_code == 0, result.output
    raw = (ws / "responsibilities/2024/zr-001.yaml").read_bytes()
    text = raw.decode("utf-8")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line still ends in CRLF
    assert "# 张三的廉洁自律责任\r\n" in text and "id: zr-001  # 编号不要改" in text and "# 佐证材料" in text
    assert 'content: "带头严格执行八项规定"' in text
    assert "topics: [廉洁自律, 管好配偶子女和身边工作人员]" in text
    assert "evidence:\r\n- 述责述廉报告" in text  # the file's own list indentation is kept
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == ["id", "year", "tier", "person", "area", "content", "topics", "scope", "evidence"]
    assert head_files(ws) == ["responsibilities/2024/zr-001.yaml"]


def test_edit_refuses_a_file_with_uncommitted_changes(templated: Path) -> None:
    path = templated / "responsibilities" / "2024" / "2024-p-zhangsan-integrity.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 未提交的批注\n", encoding="utf-8")
    before = path.read_bytes()
    result = dj(templated, "assign", "edit", "2024-p-zhangsan-integrity", "--scope", "全院")
    assert result.exit_code == 1
    assert "2024-p-zhangsan-integrity.yaml" in result.stderr and "尚未提交" in result.stderr
    assert path.read_bytes() == before


def test_edit_of_an_unknown_item_says_so(ws: Path) -> None:
    result = dj(ws, "assign", "edit", "no-such-item", "--scope", "全院")
    assert result.exit_code == 1
    assert "找不到责任事项 no-such-item" in result.stderr


# --- list, coverage, letter, sign ----------------------------------------------------------


def test_list_filters_by_person_and_year(templated: Path) -> None:
    items = json.loads(dj(templated, "assign", "list", "--person", "钱七", "--year", "2024", "--format", "json").stdout)
    assert items and {i["person"] for i in items} == {"p-qianqi"}
    assert {"id", "person", "tier", "area", "content"} <= set(items[0])
    assert json.loads(dj(templated, "assign", "list", "--year", "2023", "--format", "json").stdout) == []
    text = dj(templated, "assign", "list", "--person", "p-qianqi").stdout
    assert "钱七" in text and "2024-p-qianqi-cadre" in text
    assert dj(templated, "assign", "list", "--person", "查无此人").exit_code == 2


def test_coverage_marks_gaps(templated: Path) -> None:
    result = json.loads(dj(templated, "assign", "coverage", "--format", "json").stdout)
    assert result["complete"] is True
    cadre = next(r for r in result["chains"] if r["area"] == "干部选拔任用")
    assert [h["name"] for h in cadre["roles"]["具体承办人员"]["holders"]] == ["陈三"]
    path = templated / "chains" / "2024" / "2024-chain-funds.yaml"
    data = load_yaml(path)
    data["links"] = [link for link in data["links"] if link["role"] != "部门领导"]
    dump_yaml(path, data)
    result = json.loads(dj(templated, "assign", "coverage", "--format", "json").stdout)
    funds = next(r for r in result["chains"] if r["area"] == "经费管理使用")
    assert funds["gaps"] == ["部门领导"] and result["complete"] is False
    text = dj(templated, "assign", "coverage").stdout
    assert "× 缺" in text and "存在缺口" in text


def test_letter_has_the_five_sections(templated: Path) -> None:
    result = dj(templated, "assign", "letter", "李四")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "李四" in text and "测试县人民检察院2024年度党风廉政建设责任书" in text
    positions = [text.index(s) for s in ("责任目标", "责任内容", "具体要求", "考核与追究", "签字和日期")]
    assert positions == sorted(positions)
    assert "签订对象**：张三" in text and "每季度至少1次" in text


def test_sign_records_then_updates_the_sign_off(templated: Path) -> None:
    result = dj(templated, "assign", "sign", "冯二", "--date", "2024-01-05")
    assert result.exit_code == 0, result.output
    path = templated / "signoffs" / "2024" / "2024-sign-p-fenger.yaml"
    assert head_files(templated) == ["signoffs/2024/2024-sign-p-fenger.yaml"]
    text = path.read_text(encoding="utf-8")
    assert "date: 2024-01-05" in text and "counterpart: p-lisi" in text and "  - id: 2024-p-fenger-dual" in text
    assert "2024年1月5日" in dj(templated, "assign", "letter", "冯二").stdout
    # Signing again shows the sign-off there is and needs --replace, which edits the same record.
    path.write_text("# 冯二与分管领导李四签订\n" + text, encoding="utf-8")
    commit_all(templated)
    again = dj(templated, "assign", "sign", "p-fenger", "--date", "2024-01-08")
    assert again.exit_code == 1 and "已于 2024年1月5日 签订" in again.stderr and "--replace" in again.stderr
    assert git(templated, "status", "--porcelain") == ""
    assert dj(templated, "assign", "sign", "p-fenger", "--date", "2024-01-08", "--replace").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 冯二与分管领导李四签订\n") and "date: 2024-01-08" in text
    assert dj(templated, "assign", "sign", "p-fenger", "--date", "2024-01-08", "--replace").stdout.startswith("无需修改")


def test_sign_without_a_list_fails(ws: Path) -> None:
    result = dj(ws, "assign", "sign", "张三", "--date", "2024-01-05")
    assert result.exit_code == 1
    assert "没有 2024 年的责任事项" in result.stderr


def test_writes_need_a_git_identity_unless_no_commit(ws: Path) -> None:
    git(ws, "config", "--unset", "user.name")
    git(ws, "config", "--unset", "user.email")
    result = dj(ws, "assign", "template", "procuratorate")
    if result.exit_code == 2:  # no global identity on this machine (as in CI)
        assert "git config" in result.stderr
    assert dj(ws, "assign", "template", "procuratorate", "--no-commit").exit_code == 0


def test_every_assign_command_has_chinese_help() -> None:
    from assign_support import run

    for command in ("template", "add", "edit", "list", "coverage", "letter", "sign"):
        result = run("assign", command, "--help")
        assert result.exit_code == 0, command
        assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stdout), command
