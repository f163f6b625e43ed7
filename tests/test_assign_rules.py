"""dj check on 责任分解: chains (DJ41x), required topics (DJ42x), theory study (DJ43x), sign-offs (DJ44x)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import ws_builder as memory
from assign_support import DEPARTMENTS, PEOPLE, check, codes, dj, new_workspace, person, post, write
from dangjian_cli.yamlio import rt_yaml


def edit_yaml(path: Path, change) -> None:
    y = rt_yaml()
    data = y.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as fh:
        y.dump(data, fh)


def only(findings: list[dict], code: str) -> dict:
    found = [f for f in findings if f["code"] == code]
    assert len(found) == 1, findings
    return found[0]


@pytest.fixture
def templated(tmp_path: Path) -> Path:
    root = new_workspace(tmp_path / "ws")
    assert dj(root, "assign", "template", "procuratorate").exit_code == 0
    return root


# --- which years are checked ---------------------------------------------------------------


def test_a_workspace_not_yet_doing_its_assignment_is_left_alone(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    status, findings = check(root)
    assert status == 0 and findings == []


def test_a_single_item_starts_the_year(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    write(root, {"responsibilities/2024/zr-001.yaml": "id: zr-001\nyear: 2024\ntier: 主要负责人\nperson: p-zhangsan\narea: 廉洁自律\ncontent: 带头廉洁自律\n"})
    status, findings = check(root)
    assert status == 1
    assert {"DJ410", "DJ420", "DJ421"} <= {f["code"] for f in findings}


def test_a_year_with_a_party_list_needs_its_chains(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    write(root, {"responsibilities/2024/dz-001.yaml": "id: dz-001\nyear: 2024\ntier: 党组\nbody: 党组\narea: 全面从严治党\n"
                                                      "content: 全面领导\ntopics: [全面领导, 专题研究]\naccountability: 依照问责条例第七条问责\n"})
    status, findings = check(root)
    assert status == 1
    missing = [f for f in findings if f["code"] == "DJ410"]
    assert sorted(m["message"].split("“")[1].split("”")[0] for m in missing) == ["干部选拔任用", "物资采购", "经费管理使用"]
    assert all(m["path"] == "dj.yaml" for m in missing)
    # Everyone in post of a tier with required topics is told that their list is missing.
    no_list = [f for f in findings if f["code"] == "DJ422"]
    assert {f["path"] for f in no_list} >= {"people/p-zhangsan.yaml", "people/p-zhaoliu.yaml", "people/p-sunba.yaml"}
    assert any("张三（主要负责人）没有 2024 年的责任清单" in f["message"] for f in no_list)


# --- chains --------------------------------------------------------------------------------


def test_a_head_who_retired_mid_year_must_hand_the_link_over(tmp_path: Path) -> None:
    people = dict(PEOPLE)
    people.update([
        person("p-fenger", "冯二", post("检务保障部主任", "部门负责人", department="d-support", end="2024-06-30"),
               extra="departure:\n  date: 2024-06-30\n  reason: 退休\n"),
        person("p-jiangshi", "蒋十", post("检务保障部主任", "部门负责人", start="2024-07-01", department="d-support")),
    ])
    root = new_workspace(tmp_path / "ws", {**DEPARTMENTS, **people})
    assert dj(root, "assign", "template", "procuratorate").exit_code == 0
    chain = root / "chains" / "2024" / "2024-chain-funds.yaml"
    text = chain.read_text(encoding="utf-8")
    assert "person: p-fenger\n    end: 2024-06-30" in text and "person: p-jiangshi\n    start: 2024-07-01" in text
    status, findings = check(root)
    assert status == 0, findings

    def keep_fenger_all_year(data):
        data["links"] = [link for link in data["links"] if link.get("person") != "p-jiangshi"]
        for link in data["links"]:
            if link.get("person") == "p-fenger":
                del link["end"]

    edit_yaml(chain, keep_fenger_all_year)
    status, findings = check(root)
    assert status == 1
    wrong = only(findings, "DJ413")
    assert wrong["path"] == "chains/2024/2024-chain-funds.yaml"
    assert "冯二 在 2024年7月1日至2024年12月31日 不是责任部门的负责人" in wrong["message"]
    assert "经费管理使用" in wrong["message"] and "部门领导" in wrong["message"]


def test_a_link_left_empty_for_part_of_the_year_is_a_warning(templated: Path) -> None:
    def until_june(data):
        for link in data["links"]:
            if link["role"] == "具体承办人员":
                link["end"] = __import__("datetime").date(2024, 6, 30)

    edit_yaml(templated / "chains" / "2024" / "2024-chain-cadre.yaml", until_june)
    status, findings = check(templated)
    assert status == 0
    gap = only(findings, "DJ412")
    assert "具体承办人员环节在 2024年7月1日至2024年12月31日 无人负责" in gap["message"]


def test_leader_without_accountability_while_subordinates_have_it_is_pushed_down(templated: Path) -> None:
    path = templated / "chains" / "2024" / "2024-chain-procurement.yaml"

    def drop_supervisor_clause(data):
        for link in data["links"]:
            if link["role"] == "分管领导":
                del link["accountability"]

    edit_yaml(path, drop_supervisor_clause)
    status, findings = check(templated)
    assert status == 1
    pushed = only(findings, "DJ415")
    assert "责任下推" in pushed["message"] and "分管领导 李四" in pushed["message"] and "卫五" in pushed["message"]

    def drop_every_clause(data):
        for link in data["links"]:
            link.pop("accountability", None)

    edit_yaml(path, drop_every_clause)
    status, findings = check(templated)
    assert "DJ415" not in codes(findings)
    assert codes(findings).count("DJ414") == 5  # one per link, as a warning


def test_key_work_only_on_subordinates_lists_is_pushed_down(templated: Path) -> None:
    (templated / "responsibilities" / "2024" / "2024-p-lisi-funds.yaml").unlink()
    status, findings = check(templated)
    assert status == 1
    pushed = only(findings, "DJ416")
    assert pushed["path"] == "chains/2024/2024-chain-funds.yaml"
    assert "经费管理使用" in pushed["message"] and "分管领导 李四" in pushed["message"] and "褚四" in pushed["message"]


def test_chain_for_an_unknown_area_and_a_duplicate_chain(templated: Path) -> None:
    source = (templated / "chains" / "2024" / "2024-chain-funds.yaml").read_text(encoding="utf-8")
    write(templated, {
        "chains/2024/extra.yaml": source.replace("id: 2024-chain-funds", "id: 2024-chain-extra"),
        "chains/2024/other.yaml": source.replace("id: 2024-chain-funds", "id: 2024-chain-other").replace("area: 经费管理使用", "area: 工程建设"),
    })
    status, findings = check(templated)
    assert only(findings, "DJ418")["record"] in ("2024-chain-extra", "2024-chain-funds")
    assert "工程建设" in only(findings, "DJ417")["message"]


def test_a_chain_link_names_a_person_or_a_department(templated: Path) -> None:
    path = templated / "chains" / "2024" / "2024-chain-cadre.yaml"

    def department_with_person(data):
        data["links"][1]["person"] = "p-chensan"

    edit_yaml(path, department_with_person)
    status, findings = check(templated)
    assert status == 1
    bad = [f for f in findings if f["path"] == "chains/2024/2024-chain-cadre.yaml" and f["code"].startswith("DJ2")]
    assert bad and "责任部门时，请填写 department" in bad[0]["message"]


def test_dangling_people_in_chains_are_reported(templated: Path) -> None:
    path = templated / "chains" / "2024" / "2024-chain-cadre.yaml"
    edit_yaml(path, lambda data: data["links"][4].__setitem__("person", "p-nobody"))
    status, findings = check(templated)
    assert status == 1
    assert "p-nobody" in only(findings, "DJ302")["message"]


# --- required topics -----------------------------------------------------------------------


def test_topics_are_a_setting(templated: Path) -> None:
    edit_yaml(templated / "dj.yaml", lambda data: data.setdefault("settings", {}).setdefault("assign", {}).__setitem__(
        "required_topics", {"主要负责人": ["廉洁自律", "四个亲自", "述责述廉"]}))
    status, findings = check(templated)
    assert status == 1
    gap = only(findings, "DJ420")
    assert "张三（主要负责人）" in gap["message"] and "“述责述廉”" in gap["message"]


def test_a_new_department_head_without_a_list(templated: Path) -> None:
    write(templated, dict([person("p-zhengyi", "郑一", post("第二检察部主任", "部门负责人", start="2024-05-01"))]))
    status, findings = check(templated)
    assert status == 1
    missing = only(findings, "DJ422")
    assert missing["path"] == "people/p-zhengyi.yaml" and "郑一（部门负责人）" in missing["message"]
    assert dj(templated, "assign", "template", "procuratorate").exit_code == 0
    status, findings = check(templated)
    assert status == 0, findings
    items = {p.name for p in (templated / "responsibilities" / "2024").glob("2024-p-zhengyi-*.yaml")}
    assert items == {"2024-p-zhengyi-dual.yaml", "2024-p-zhengyi-integrity.yaml"}
    assert "period: 2024年5月1日至2024年12月31日" in (templated / "responsibilities/2024/2024-p-zhengyi-dual.yaml").read_text(encoding="utf-8")


def test_the_principal_list_needs_an_accountability_clause(templated: Path) -> None:
    for path in (templated / "responsibilities" / "2024").glob("2024-p-zhangsan-*.yaml"):
        edit_yaml(path, lambda data: data.pop("accountability", None))
    # The template's list has a 责任追究 chapter covering the 主要负责人; without it the list has no clause.
    edit_yaml(templated / "lists" / "2024" / "2024-list-dangzu.yaml", lambda data: data.pop("accountability", None))
    status, findings = check(templated)
    assert status == 1
    clause = only(findings, "DJ421")
    assert clause["severity"] == "error" and clause["message"].startswith("张三 2024 年的责任清单没有任何追究条款")


# --- theory study --------------------------------------------------------------------------

def session(sid: str, day: str, form: str, attendees: str = "[p-zhangsan, p-lisi]") -> str:
    return f"id: {sid}\ndate: {day}\nform: {form}\ntopic: 学习\nattendees: {attendees}\n"


def test_study_shortfalls_only_for_periods_that_have_ended() -> None:
    """In memory (tests/ws_builder.py): the rule's messages, day by day."""
    records = [
        *memory.CAST,
        memory.plan("plan-2024", {"form": "党组理论中心组学习", "count": 1, "per": "每季度"},
                    {"form": "警示教育片", "months": [4, 10]}, {"form": "个人自学"}),
        memory.session("s1", "2024-03-10", "党组理论中心组学习"),
        memory.session("s2", "2024-04-18", "警示教育片"),
    ]

    def study_findings(as_of: str) -> list[str]:
        return [f.message for f in memory.of_code(memory.rules(memory.build(*records), dt.date.fromisoformat(as_of)), "DJ430")]

    assert study_findings("2024-06-30") == []
    assert study_findings("2024-07-01") == ["2024年第二季度“党组理论中心组学习”计划 1 次，实际只有 0 次记录。"
                                            "如已开展，请在 study_sessions/ 中补录学习记录；未开展的请说明原因并补课。"]
    later = study_findings("2024-11-15")
    assert len(later) == 3
    assert any("截至2024年10月底（计划月份 4月、10月）“警示教育片”计划 2 次，实际只有 1 次" in m for m in later)
    records += [
        memory.session("s3", "2024-06-20", "党组理论中心组学习"),
        memory.session("s4", "2024-09-20", "党组理论中心组学习"),
        memory.session("s5", "2024-10-17", "警示教育片"),
    ]
    assert study_findings("2024-11-15") == []
    assert len(study_findings("2025-01-01")) == 1  # the fourth quarter


def test_study_sessions_in_markdown_and_their_checks(templated: Path) -> None:
    write(templated, {
        "study_sessions/2024/zxz.md": "---\n" + session("zxz-1", "2024-03-14", "党组理论中心组学习") + "materials: [纪律处分条例]\n---\n# 学习记录\n\n张三主持。\n",
        "study_sessions/2024/bad-form.yaml": session("bad-form", "2024-03-15", "读书会"),
        "study_sessions/2024/early.yaml": session("early", "2019-03-15", "个人自学", "[p-lisi]"),
    })
    _, findings = check(templated)
    assert "读书会" in only(findings, "DJ431")["message"]
    absent = only(findings, "DJ432")
    assert absent["record"] == "early" and "李四 在 2019年3月15日 没有任职" in absent["message"]
    assert not [f for f in findings if f["path"] == "study_sessions/2024/zxz.md"]


def test_a_year_under_way_without_a_study_plan(templated: Path) -> None:
    (templated / "study_plans" / "2024-study-plan.yaml").unlink()
    status, findings = check(templated)
    assert status == 0
    assert "2024 年没有理论学习计划" in only(findings, "DJ433")["message"]


# --- sign-offs -----------------------------------------------------------------------------


def test_sign_offs_are_due_by_the_setting(templated: Path) -> None:
    _, findings = check(templated, "--as-of", "2024-03-31")
    assert "DJ440" not in codes(findings)
    _, findings = check(templated, "--as-of", "2024-04-01")
    due = [f for f in findings if f["code"] == "DJ440"]
    assert len(due) == 10 and all(f["severity"] == "warning" for f in due)  # 9 people and the 党组
    assert any(f["message"].startswith("党组 2024 年的党风廉政建设责任清单尚未签订（应于 2024年3月31日 前由党组书记张三代表党组签订）") for f in due)
    assert any(f["message"].startswith("张三 尚未签订 2024 年的党风廉政建设责任书（应于 2024年3月31日 前签订）") for f in due)


def test_a_list_changed_after_signing_asks_for_a_new_signature(templated: Path) -> None:
    assert dj(templated, "assign", "sign", "张三", "--date", "2024-01-20").exit_code == 0
    _, findings = check(templated, "--as-of", "2024-04-01")
    assert not [f for f in findings if f["code"] == "DJ440" and f["message"].startswith("张三")]
    assert dj(templated, "assign", "add", "--tier", "主要负责人", "--person", "张三", "--area", "述责述廉",
              "--content", "年底述责述廉").exit_code == 0
    _, findings = check(templated)
    changed = only(findings, "DJ442")
    assert "新增 2024-p-zhangsan-01" in changed["message"] and "dj assign sign 张三 --year 2024" in changed["message"]
    assert dj(templated, "assign", "sign", "张三", "--date", "2024-01-25", "--replace").exit_code == 0
    _, findings = check(templated)
    assert "DJ442" not in codes(findings)


def test_sign_off_dates_and_duplicates(templated: Path) -> None:
    assert dj(templated, "assign", "sign", "李四", "--date", "2025-01-05", "--year", "2024", "--force").exit_code == 0
    source = (templated / "signoffs" / "2024" / "2024-sign-p-lisi.yaml").read_text(encoding="utf-8")
    write(templated, {"signoffs/2024/copy.yaml": source.replace("id: 2024-sign-p-lisi", "id: 2024-sign-copy")})
    _, findings = check(templated)
    assert "已在该年度之后" in only(findings, "DJ441")["message"]
    assert only(findings, "DJ443")["record"] == "2024-sign-p-lisi" or only(findings, "DJ443")["record"] == "2024-sign-copy"


def test_a_required_topics_key_that_is_no_tier(templated: Path) -> None:
    edit_yaml(templated / "dj.yaml", lambda data: data.setdefault("settings", {}).setdefault("assign", {}).__setitem__(
        "required_topics", {"主要负责人": ["廉洁自律"], "院长": ["廉洁自律"]}))
    status, findings = check(templated)
    assert status == 0
    wrong = only(findings, "DJ423")
    assert wrong["path"] == "dj.yaml" and wrong["line"] > 1 and "“院长”" in wrong["message"]


def test_the_template_plans_only_the_configured_study_forms(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    edit_yaml(root / "dj.yaml", lambda data: data.setdefault("settings", {}).setdefault("assign", {}).__setitem__(
        "study_forms", ["党组理论中心组学习", "读书班"]))
    assert dj(root, "assign", "template", "procuratorate", "--no-commit").exit_code == 0
    plan = (root / "study_plans" / "2024-study-plan.yaml").read_text(encoding="utf-8")
    assert "党组理论中心组学习" in plan and "警示教育片" not in plan
    status, findings = check(root)
    assert status == 0 and "DJ431" not in codes(findings)
