"""List documents, every kind of subject and the consistency rules (DJ450–DJ461), as dj check and
dj assign list show them: accountability from a list's 追究 chapter, topics satisfied by what an item
says, document order, group and department subjects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assign_support import DEPARTMENTS, PEOPLE, check, codes, dj, new_workspace, person, post, write

LIST = """\
id: 2024-list-dz
year: 2024
title: 测试县人民检察院党组2024年度全面从严治党主体责任清单
issuer: 中共测试县人民检察院党组
doc_number: 测检党组发〔2024〕1号
adopted_by: 2024年第2次党组会议
adopted_on: 2024-02-20
chapters:
  - {number: 一, title: 总则}
  - {number: 二, title: 党组的主体责任}
  - {number: 三, title: 班子成员的一岗双责}
  - {number: 四, title: 责任追究}
accountability:
  - article: 第十条
    text: 不履行或者不正确履行本清单责任的，依照《中国共产党问责条例》第七条问责。
    tiers: [党组, 班子成员]
"""


def item(iid: str, tier: str, subject: str, area: str = "全面从严治党", **fields: object) -> dict[str, str]:
    """One responsibility item file; subject is a line such as ``person: p-lisi`` or ``body: 党组``."""
    lines = [f"id: {iid}", "year: 2024", f"tier: {tier}", subject, f"area: {area}", "content: 履行责任"]
    for key, value in fields.items():
        if isinstance(value, list):
            value = "[" + ", ".join(str(v) for v in value) + "]"
        lines.append(f"{key}: {value}")
    return {f"responsibilities/2024/{iid}.yaml": "\n".join(lines) + "\n"}


def of(findings: list[dict], code: str, record: str | None = None) -> list[dict]:
    return [f for f in findings if f["code"] == code and (record is None or f["record"] == record)]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return new_workspace(tmp_path / "ws")


# --- must show: accountability from the list, topics from what an item says -------------------


def test_an_item_covered_by_its_lists_accountability_chapter_gets_no_missing_accountability(ws: Path) -> None:
    write(ws, {"lists/2024/2024-list-dz.yaml": LIST,
               **item("2024-ls-1", "班子成员", "person: p-lisi", list="2024-list-dz", article="第五条", chapter="三",
                      duty="一岗双责", topics=["廉洁自律"]),
               **item("2024-zl-1", "纪检监察负责人", "person: p-zhaoliu", list="2024-list-dz", duty="监督责任", topics=["廉洁自律"])})
    status, findings = check(ws)
    # 李四 (班子成员) is covered by 第十条; 赵六 (纪检监察负责人) is not and is told so.
    assert of(findings, "DJ421", "2024-ls-1") == []
    missing = of(findings, "DJ421", "2024-zl-1")
    assert len(missing) == 1 and missing[0]["severity"] == "warning" and "lists/" in missing[0]["message"]


def test_without_the_lists_clause_the_same_item_lacks_accountability(ws: Path) -> None:
    write(ws, {"lists/2024/2024-list-dz.yaml": LIST.split("accountability:")[0],
               **item("2024-ls-1", "班子成员", "person: p-lisi", list="2024-list-dz", duty="一岗双责", topics=["廉洁自律"])})
    _, findings = check(ws)
    assert len(of(findings, "DJ421", "2024-ls-1")) == 1


def test_a_duty_of_one_post_two_responsibilities_satisfies_that_topic(ws: Path) -> None:
    write(ws, item("2024-ls-1", "班子成员", "person: p-lisi", duty="一岗双责", accountability="依照问责条例问责"))
    _, findings = check(ws)
    lisi = [f["message"] for f in of(findings, "DJ420") if "李四" in f["message"]]
    assert not any("“一岗双责”" in m for m in lisi), lisi
    assert any("“廉洁自律”" in m for m in lisi)  # still missing: nothing the item says names it


def test_a_topic_contained_in_the_duty_or_area_is_covered(ws: Path) -> None:
    write(ws, {**item("2024-dz-1", "党组", "body: 党组", duty="全面领导责任", accountability="依照问责条例问责"),
               **item("2024-dz-2", "党组", "body: 党组", area="专题研究全面从严治党")})
    _, findings = check(ws)
    assert [f for f in of(findings, "DJ420") if "党组（党组）" in f["message"]] == []
    coverage = json.loads(dj(ws, "assign", "coverage", "--format", "json").stdout)
    body = next(t for t in coverage["topics"] if t["tier"] == "党组")
    assert body["subject"] == "body:党组" and body["covered"] == ["全面领导", "专题研究"] and body["missing"] == []


def test_a_missing_integrity_topic_is_a_warning_and_other_topics_errors(ws: Path) -> None:
    write(ws, item("2024-ls-1", "班子成员", "person: p-lisi", accountability="依照问责条例问责"))
    _, findings = check(ws)
    lisi = {f["message"].split("“")[1].split("”")[0]: f["severity"] for f in of(findings, "DJ420") if "李四" in f["message"]}
    assert lisi == {"一岗双责": "error", "廉洁自律": "warning"}


def test_advisory_topics_are_a_setting(ws: Path) -> None:
    config = (ws / "dj.yaml").read_text(encoding="utf-8")
    assert "    advisory_topics: [廉洁自律]\n" in config  # dj init writes the setting with its explanation
    write(ws, {"dj.yaml": config.replace("    advisory_topics: [廉洁自律]\n", "    advisory_topics: []\n"),
               **item("2024-ls-1", "班子成员", "person: p-lisi", duty="一岗双责", accountability="依照问责条例问责")})
    _, findings = check(ws)
    integrity = [f for f in of(findings, "DJ420") if "李四" in f["message"] and "廉洁自律" in f["message"]]
    assert len(integrity) == 1 and integrity[0]["severity"] == "error"


def test_missing_chains_and_links_are_warnings(ws: Path) -> None:
    write(ws, {**item("2024-dz-1", "党组", "body: 党组", duty="全面领导责任", topics=["专题研究"], accountability="依照问责条例问责"),
               "chains/2024/2024-chain-funds.yaml": "id: 2024-chain-funds\nyear: 2024\narea: 经费管理使用\nlinks:\n"
                                                     "  - {role: 牵头领导, person: p-zhangsan, duty: 负总责, accountability: 依照问责条例问责}\n"})
    status, findings = check(ws)
    assert of(findings, "DJ410") and of(findings, "DJ411")
    assert {f["severity"] for f in of(findings, "DJ410") + of(findings, "DJ411")} == {"warning"}


# --- document order and the list's JSON --------------------------------------------------------


def test_list_json_is_in_document_order_with_article_and_list(ws: Path) -> None:
    write(ws, {"lists/2024/2024-list-dz.yaml": LIST,
               **item("2024-x-10", "班子成员", "person: p-lisi"),
               **item("2024-x-2", "班子成员", "person: p-lisi"),
               **item("2024-x-1", "班子成员", "person: p-lisi"),
               **item("2024-y-9", "党组", "body: 党组", list="2024-list-dz", article="第四条（二）", chapter="二", order=2),
               **item("2024-y-10", "党组", "body: 党组", list="2024-list-dz", article="第四条（一）", chapter="二", order=1)})
    result = dj(ws, "assign", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    # The list's items first, by their order (which beats the id); then the rest, numbers as numbers.
    assert [i["id"] for i in items] == ["2024-y-10", "2024-y-9", "2024-x-1", "2024-x-2", "2024-x-10"]
    assert items[0]["article"] == "第四条（一）" and items[0]["list"] == "2024-list-dz" and items[0]["order"] == 1
    assert "list" not in items[-1] or items[-1]["list"] is None


def test_a_persons_list_holds_the_items_of_their_group(ws: Path) -> None:
    write(ws, {**item("2024-bz-1", "班子成员", "group: 班子成员", duty="一岗双责", order=1),
               **item("2024-ls-1", "班子成员", "person: p-lisi", order=2)})
    lisi = json.loads(dj(ws, "assign", "list", "--person", "李四", "--format", "json").stdout)
    assert [i["id"] for i in lisi] == ["2024-bz-1", "2024-ls-1"]
    sunba = json.loads(dj(ws, "assign", "list", "--person", "孙八", "--format", "json").stdout)
    assert sunba == []  # a 部门负责人 is not in the group 班子成员


# --- subjects: groups, departments, collective bodies --------------------------------------------


def test_a_group_item_counts_for_every_member_in_post(ws: Path) -> None:
    write(ws, item("2024-bz-1", "班子成员", "group: 班子成员", duty="一岗双责", topics=["廉洁自律"], accountability="依照问责条例问责"))
    _, findings = check(ws)
    leaders = [f for f in of(findings, "DJ420") + of(findings, "DJ422") if "李四" in f["message"] or "钱七" in f["message"]]
    assert leaders == []
    coverage = json.loads(dj(ws, "assign", "coverage", "--format", "json").stdout)
    lisi = next(t for t in coverage["topics"] if t["person"] == "p-lisi")
    assert lisi["items"] == ["2024-bz-1"] and lisi["missing"] == []


def test_a_group_with_nobody_in_post_is_a_warning(tmp_path: Path) -> None:
    people = {k: v for k, v in PEOPLE.items() if "p-sunba" not in k and "p-fenger" not in k}
    root = new_workspace(tmp_path / "ws", {**DEPARTMENTS, **people})
    write(root, item("2024-bm-1", "部门负责人", "group: 部门负责人", duty="一岗双责"))
    _, findings = check(root)
    nobody = of(findings, "DJ403", "2024-bm-1")
    assert len(nobody) == 1 and nobody[0]["severity"] == "warning" and "部门负责人" in nobody[0]["message"]


def test_a_department_subject_has_its_own_list(ws: Path) -> None:
    write(ws, item("2024-bm-office", "部门", "department: d-office", duty="部门主体责任", area="作风建设"))
    status, findings = check(ws)
    clause = of(findings, "DJ421", "2024-bm-office")
    assert len(clause) == 1 and clause[0]["message"].startswith("办公室 2024 年")
    coverage = json.loads(dj(ws, "assign", "coverage", "--format", "json").stdout)
    assert any(t["subject"] == "department:d-office" and t["name"] == "办公室" for t in coverage["topics"])


def test_the_leadership_and_discipline_bodies_are_subjects_only_when_they_have_items(ws: Path) -> None:
    write(ws, item("2024-dz-1", "党组", "body: 党组", duty="全面领导责任", topics=["专题研究"], accountability="依照问责条例问责"))
    coverage = json.loads(dj(ws, "assign", "coverage", "--format", "json").stdout)
    assert [t["tier"] for t in coverage["topics"] if t["person"] is None] == ["党组"]
    write(ws, item("2024-ld-1", "领导班子", "body: 领导班子", duty="主体责任", accountability="依照问责条例问责"))
    coverage = json.loads(dj(ws, "assign", "coverage", "--format", "json").stdout)
    assert [t["tier"] for t in coverage["topics"] if t["person"] is None] == ["党组", "领导班子"]


# --- DJ450–DJ454: items against their list document --------------------------------------------


def test_list_document_rules_fire(ws: Path) -> None:
    write(ws, {"lists/2024/2024-list-dz.yaml": LIST + "declared_count: 5\n",
               **item("2024-dz-1", "党组", "body: 党组", list="2024-list-dz", article="第四条", chapter="九", order=1),
               **item("2024-dz-2", "党组", "body: 党组", list="2024-list-dz", article="第四条", chapter="二", order=1),
               **item("2024-ls-1", "班子成员", "person: p-lisi", chapter="三"),
               "responsibilities/2023/2023-ls-1.yaml": "id: 2023-ls-1\nyear: 2023\ntier: 班子成员\nperson: p-lisi\narea: 一岗双责\n"
                                                      "content: 履行责任\nlist: 2024-list-dz\n"})
    _, findings = check(ws)
    count = of(findings, "DJ450", "2024-list-dz")
    assert len(count) == 1 and "5 项" in count[0]["message"] and "3 项" in count[0]["message"]
    assert count[0]["path"] == "lists/2024/2024-list-dz.yaml"
    chapter = of(findings, "DJ451")
    assert {f["record"] for f in chapter} == {"2024-dz-1", "2024-ls-1"} and all(f["severity"] == "error" for f in chapter)
    assert "一、二、三、四" in of(findings, "DJ451", "2024-dz-1")[0]["message"]
    assert [f["record"] for f in of(findings, "DJ452")] == ["2023-ls-1"]
    assert [f["record"] for f in of(findings, "DJ453")] == ["2024-dz-2"]
    assert [f["record"] for f in of(findings, "DJ454")] == ["2024-dz-2"]


def test_list_document_rules_stay_quiet_on_a_consistent_list(ws: Path) -> None:
    write(ws, {"lists/2024/2024-list-dz.yaml": LIST + "declared_count: 2\n",
               **item("2024-dz-1", "党组", "body: 党组", list="2024-list-dz", article="第四条", chapter="二", order=1),
               **item("2024-ls-1", "班子成员", "person: p-lisi", list="2024-list-dz", article="第四条", chapter="三", order=2)})
    _, findings = check(ws)
    assert not {"DJ450", "DJ451", "DJ452", "DJ453", "DJ454"} & set(codes(findings))


# --- DJ455, DJ456: whose item it is -------------------------------------------------------------


def test_a_body_that_is_not_the_units_is_an_error(ws: Path) -> None:
    write(ws, {**item("2024-dz-1", "党组", "body: 党组", duty="全面领导责任", topics=["专题研究"], accountability="依照问责条例问责"),
               **item("2024-xw-1", "党组", "body: 县委", duty="全面领导责任", topics=["专题研究"])})
    status, findings = check(ws)
    wrong = of(findings, "DJ455")
    assert status == 1 and [f["record"] for f in wrong] == ["2024-xw-1"] and wrong[0]["severity"] == "error"
    assert "organization.party_body" in wrong[0]["message"] and "“党组”" in wrong[0]["message"]
    # The 县委's item does not count for the 党组's list.
    coverage = json.loads(dj(ws, "assign", "coverage", "--format", "json").stdout)
    assert next(t for t in coverage["topics"] if t["subject"] == "body:党组")["items"] == ["2024-dz-1"]


def test_a_group_that_does_not_fit_the_tier_is_a_warning(ws: Path) -> None:
    write(ws, {**item("2024-g-1", "班子成员", "group: 部门负责人", duty="一岗双责"),
               **item("2024-g-2", "部门负责人", "group: 部门负责人", duty="一岗双责"),
               **item("2024-g-3", "部门副职", "group: 中层干部", duty="一岗双责")})
    _, findings = check(ws)
    assert [f["record"] for f in of(findings, "DJ456")] == ["2024-g-1"]


# --- DJ457–DJ461: consistency -------------------------------------------------------------------


def test_duty_consistency_warnings(ws: Path) -> None:
    write(ws, {**item("2024-dz-1", "党组", "body: 党组", duty="一岗双责"),
               **item("2024-dz-2", "党组", "body: 党组", duty="全面领导责任"),
               **item("2024-bm-1", "部门负责人", "person: p-sunba", duty="全面领导责任"),
               **item("2024-bm-2", "部门负责人", "person: p-sunba", duty="部门主体责任", duty_label="本部门党风廉政建设第一责任人"),
               **item("2024-cb-1", "具体承办人员", "person: p-chusi", duty="第一责任人")})
    _, findings = check(ws)
    assert [f["record"] for f in of(findings, "DJ457")] == ["2024-dz-1"]
    assert sorted(f["record"] for f in of(findings, "DJ458")) == ["2024-bm-1", "2024-cb-1"]
    assert all(f["severity"] == "warning" for f in of(findings, "DJ457") + of(findings, "DJ458"))
    assert "duty_label" in of(findings, "DJ458", "2024-bm-1")[0]["message"]


def test_a_leader_without_remit_is_told_what_to_put_in_it(tmp_path: Path) -> None:
    people = dict(PEOPLE)
    people.update([person("p-lisi", "李四", post("党组成员、副检察长", "班子成员"))])
    root = new_workspace(tmp_path / "ws", {**DEPARTMENTS, **people})
    assert of(check(root)[1], "DJ459") == []  # not yet under 责任分解
    write(root, item("2024-ls-1", "班子成员", "person: p-lisi", duty="一岗双责"))
    _, findings = check(root)
    remit = of(findings, "DJ459")
    assert len(remit) == 1 and remit[0]["path"] == "people/p-lisi.yaml" and remit[0]["severity"] == "warning"
    # Nobody else covers 办公室 and 检务保障部, nor 经费管理使用 and 物资采购: those are suggested.
    assert all(word in remit[0]["message"] for word in ("remit", "d-office", "d-support", "经费管理使用", "物资采购"))
    assert "d-political" not in remit[0]["message"]


def test_the_discipline_head_neither_supervises_a_key_work_nor_heads_a_department_list(ws: Path) -> None:
    write(ws, {"chains/2024/2024-chain-funds.yaml": "id: 2024-chain-funds\nyear: 2024\narea: 经费管理使用\nlinks:\n"
                                                     "  - {role: 牵头领导, person: p-zhangsan}\n"
                                                     "  - {role: 分管领导, person: p-zhaoliu}\n",
               **item("2024-zl-1", "部门负责人", "person: p-zhaoliu", duty="一岗双责"),
               **item("2024-zl-2", "纪检监察负责人", "person: p-zhaoliu", duty="监督责任")})
    _, findings = check(ws)
    chain = of(findings, "DJ460")
    assert len(chain) == 1 and chain[0]["record"] == "2024-chain-funds" and "三转" in chain[0]["message"]
    assert [f["record"] for f in of(findings, "DJ461")] == ["2024-zl-1"]


# --- the example ---------------------------------------------------------------------------------


def test_the_example_has_a_list_document_a_group_and_a_department_and_none_of_these_findings(example: Path) -> None:
    status, findings = check(example)
    assert status == 0
    assert not {f"DJ{n}" for n in range(450, 470)} & set(codes(findings))
    assert of(findings, "DJ421") == []
    items = json.loads(dj(example, "assign", "list", "--year", "2024", "--format", "json").stdout)
    listed = [i for i in items if i.get("list") == "2024-list-dz"]
    assert [i["order"] for i in listed] == list(range(1, 11)) and listed[0]["article"] == "第四条"
    assert any(i.get("group") == "班子成员" for i in listed) and any(i.get("department") == "d-office" for i in listed)
    # The 民主生活会 item has no accountability of its own: the list's 第十四条 covers the 党组.
    assert not next(i for i in items if i["id"] == "2024-dz-04").get("accountability")


def test_a_group_item_puts_a_key_work_on_its_members_lists(ws: Path) -> None:
    chain = ("id: 2024-chain-funds\nyear: 2024\narea: 经费管理使用\nlinks:\n"
             "  - {role: 牵头领导, person: p-zhangsan}\n  - {role: 分管领导, person: p-lisi}\n"
             "  - {role: 具体承办人员, person: p-chusi}\n")
    write(ws, {"chains/2024/2024-chain-funds.yaml": chain,
               **item("2024-cb-1", "具体承办人员", "person: p-chusi", area="经费管理使用"),
               **item("2024-zs-1", "主要负责人", "person: p-zhangsan", area="经费管理使用")})
    pushed = of(check(ws)[1], "DJ416")
    assert [f["message"] for f in pushed if "李四" in f["message"]]  # 李四's list lacks the key work
    write(ws, item("2024-bz-1", "班子成员", "group: 班子成员", area="经费管理使用", duty="一岗双责"))
    assert of(check(ws)[1], "DJ416") == []


def test_deputy_heads_are_subjects_when_their_topics_are_configured(tmp_path: Path) -> None:
    people = {**PEOPLE, **dict([person("p-deputy", "副八", post("办公室副主任", "部门副职", department="d-office"))])}
    root = new_workspace(tmp_path / "ws", {**DEPARTMENTS, **people})
    write(root, item("2024-zs-1", "主要负责人", "person: p-zhangsan", duty="第一责任人"))
    assert not [f for f in check(root)[1] if "副八" in f["message"]]  # 部门副职 not in required_topics
    config = (root / "dj.yaml").read_text(encoding="utf-8")
    write(root, {"dj.yaml": config.replace("      部门负责人: [一岗双责, 廉洁自律]\n",
                                           "      部门负责人: [一岗双责, 廉洁自律]\n      部门副职: [一岗双责]\n", 1)})
    missing = [f for f in of(check(root)[1], "DJ422") if "副八" in f["message"]]
    assert len(missing) == 1 and "部门副职" in missing[0]["message"] and missing[0]["path"] == "people/p-deputy.yaml"
    write(root, item("2024-fb-1", "部门副职", "person: p-deputy", duty="一岗双责"))
    assert not [f for f in check(root)[1] if "副八" in f["message"] and f["code"] in ("DJ420", "DJ422", "DJ404")]
