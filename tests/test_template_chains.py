"""dj assign template procuratorate: never a chain with an empty link, who is missing, later runs
completing what was left out; the list document and document order."""

from __future__ import annotations

import json
from pathlib import Path

from assign_support import DEPARTMENTS, check, commit_all, dj, git, head_files, new_workspace, person, post, write
from dangjian_cli.yamlio import rt_yaml

# People in post, but no remits: no chain link below the 牵头领导 can be recognised.
NO_REMITS = dict([
    person("p-zhangsan", "张三", post("党组书记、检察长", "主要负责人")),
    person("p-lisi", "李四", post("党组成员、副检察长", "班子成员")),
    person("p-zhaoliu", "赵六", post("派驻纪检监察组组长", "纪检监察负责人")),
    person("p-sunba", "孙八", post("办公室主任", "部门负责人", department="d-office")),
    person("p-fenger", "冯二", post("检务保障部主任", "部门负责人", department="d-support")),
    person("p-qianer", "钱二", post("政治部主任", "部门负责人", department="d-political")),
    person("p-chensan", "陈三", post("政治部一级主任科员", "一般干部", department="d-political")),
    person("p-chusi", "褚四", post("检务保障部会计", "一般干部", department="d-support")),
])

CHAIN_ROLES = {"牵头领导", "责任部门", "分管领导", "部门领导", "具体承办人员"}


def load(path: Path):
    return rt_yaml().load(path.read_text(encoding="utf-8"))


def add_remit(root: Path, pid: str, remit: list[str]) -> None:
    path = root / "people" / f"{pid}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"    remit: [{', '.join(remit)}]\n", encoding="utf-8")


def chain_files(root: Path) -> list[Path]:
    folder = root / "chains" / "2024"
    return sorted(folder.glob("*.yaml")) if folder.exists() else []


def test_people_without_remits_get_no_chain_with_an_empty_link_then_a_later_run_completes_them(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws", {**DEPARTMENTS, **NO_REMITS})
    result = dj(root, "assign", "template", "procuratorate", "--format", "json")
    assert result.exit_code == 0, result.output
    # Nothing committed has an empty link: no chain at all, and no chain member items.
    for path in chain_files(root):
        assert {link["role"] for link in load(path)["links"]} == CHAIN_ROLES, path
    assert chain_files(root) == []
    assert not list((root / "responsibilities/2024").glob("2024-p-*-cadre.yaml"))
    assert git(root, "status", "--porcelain") == ""
    # Who is missing, on stderr and in the JSON: which role of which work and what to add.
    data = json.loads(result.stdout)
    missing = {(m["area"], m["role"]) for m in data["missing"]}
    assert ("经费管理使用", "具体承办人员") in missing and ("干部选拔任用", "分管领导") in missing
    assert ("经费管理使用", "牵头领导") not in missing  # the 主要负责人 is there
    handler = next(m for m in data["missing"] if m == {**m, "area": "经费管理使用", "role": "具体承办人员"})
    assert "remit: [经费管理使用]" in handler["hint"] and "陈三" in handler["hint"] and "褚四" in handler["hint"]
    assert "未写入：经费管理使用的具体承办人员" in result.stderr and "remit" in result.stderr
    status, findings = check(root)
    assert status == 0
    assert not [f for f in findings if f["code"] == "DJ411"]

    # The remits are added; the next run writes what was left out and leaves no chain gap.
    add_remit(root, "p-chusi", ["经费管理使用", "物资采购"])
    add_remit(root, "p-chensan", ["干部选拔任用"])
    add_remit(root, "p-lisi", ["d-support", "d-political"])
    commit_all(root, "补录分管范围")
    again = dj(root, "assign", "template", "procuratorate")
    assert again.exit_code == 0, again.output
    assert "未写入" not in again.stderr
    assert {p.stem for p in chain_files(root)} == {"2024-chain-cadre", "2024-chain-funds", "2024-chain-procurement"}
    for path in chain_files(root):
        assert {link["role"] for link in load(path)["links"]} == CHAIN_ROLES, path
    status, findings = check(root)
    assert status == 0, findings
    assert not [f for f in findings if f["code"] in ("DJ410", "DJ411", "DJ450", "DJ453", "DJ454")], findings
    doc = load(root / "lists/2024/2024-list-dangzu.yaml")
    assert doc["declared_count"] == len(list((root / "responsibilities/2024").glob("*.yaml")))

    # A third run changes nothing.
    head = git(root, "rev-parse", "HEAD")
    third = dj(root, "assign", "template", "procuratorate")
    assert third.exit_code == 0 and "无需修改" in third.stdout
    assert git(root, "rev-parse", "HEAD") == head


def test_a_chain_lacking_roles_gets_only_the_missing_links(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    # A chain written by hand (or by an older dj) without its handler, with the user's own words.
    write(root, {"chains/2024/2024-chain-funds.yaml": (
        "# 手工录入的链条\n"
        "id: 2024-chain-funds\nyear: 2024\narea: 经费管理使用\nlinks:\n"
        "  - role: 牵头领导\n    person: p-zhangsan\n    duty: 本院自定的牵头职责  # 党组会议确定\n"
        "  - role: 责任部门\n    department: d-support\n"
        "  - role: 分管领导\n    person: p-lisi\n"
        "  - role: 部门领导\n    person: p-fenger\n")})
    commit_all(root)
    before = (root / "chains/2024/2024-chain-funds.yaml").read_text(encoding="utf-8")
    result = dj(root, "assign", "template", "procuratorate")
    assert result.exit_code == 0, result.output
    after = (root / "chains/2024/2024-chain-funds.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # the links there are untouched, comments and all
    added = load(root / "chains/2024/2024-chain-funds.yaml")["links"][4:]
    assert [(link["role"], link["person"]) for link in added] == [("具体承办人员", "p-chusi")]
    assert (root / "responsibilities/2024/2024-p-chusi-funds.yaml").exists()
    assert "补写缺少的环节：2024-chain-funds（具体承办人员）" in git(root, "log", "-1", "--format=%B")
    _, findings = check(root)
    assert not [f for f in findings if f["code"] == "DJ411"]
    # Nothing is added twice.
    assert "无需修改" in dj(root, "assign", "template", "procuratorate").stdout


def test_the_template_writes_a_list_document_and_items_in_document_order(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    write(root, {"dj.yaml": (root / "dj.yaml").read_text(encoding="utf-8").replace(
        'superior_procuratorate: ""', "superior_procuratorate: 示例市人民检察院党组")})
    commit_all(root)
    assert dj(root, "assign", "template", "procuratorate").exit_code == 0
    doc = load(root / "lists/2024/2024-list-dangzu.yaml")
    assert doc["title"] == "测试县人民检察院党组2024年度全面从严治党（党风廉政建设）责任清单"
    assert [c["title"] for c in doc["chapters"]][0] == "党组的主体责任" and doc["chapters"][-1]["title"] == "责任追究"
    assert any(c.get("tiers") == ["党组"] for c in doc["accountability"])
    items = json.loads(dj(root, "assign", "list", "--year", "2024", "--format", "json").stdout)
    assert all(i["list"] == "2024-list-dangzu" and i["article"].startswith("第") and i["order"] >= 1 for i in items)
    assert len(items) == doc["declared_count"] and len({i["order"] for i in items}) == len(items)
    body = [i for i in items if i["tier"] == "党组"]
    assert [i["area"] for i in body][:3] == ["全面从严治党", "政治建设", "选人用人"]
    assert [i["article"] for i in body][:3] == ["第一条（一）", "第一条（二）", "第一条（三）"]
    assert {"制度建设", "廉洁风险防控", "制约监督", "支持纪检监察", "专题研究", "责任报告", "民主生活会"} <= {i["area"] for i in body}
    cases = next(i for i in items if i["id"] == "2024-p-zhangsan-cases")
    assert "示例市人民检察院党组报告" in cases["content"]
    assert "重要案件亲自督办" in next(i for i in items if i["id"] == "2024-p-zhangsan-four")["content"]
    assert not [i for i in items if "常见做法" in json.dumps(i, ensure_ascii=False)]
    status, findings = check(root)
    assert status == 0, findings
    assert not [f for f in findings if f["code"].startswith("DJ45")], findings


def test_the_quarterly_option_is_the_setting(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    text = (root / "dj.yaml").read_text(encoding="utf-8")
    assert "topic_study_per_half_year: 1" in text
    write(root, {"dj.yaml": text.replace("topic_study_per_half_year: 1", "topic_study_per_half_year: 2")})
    commit_all(root)
    assert dj(root, "assign", "template", "procuratorate").exit_code == 0
    study = load(root / "responsibilities/2024/2024-body-study.yaml")
    assert study["targets"][0]["count"] == 2 and study["targets"][0]["per"] == "每半年"
    assert "每半年至少召开2次" in study["content"]


def test_rerunning_the_template_on_a_complete_workspace_commits_nothing(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    assert dj(root, "assign", "template", "procuratorate").exit_code == 0
    assert "lists/2024/2024-list-dangzu.yaml" in head_files(root)
    head = git(root, "rev-parse", "HEAD")
    again = dj(root, "assign", "template", "procuratorate", "--format", "json")
    assert again.exit_code == 0
    data = json.loads(again.stdout)
    assert data["changed"] == [] and data["missing"] == [] and "2024-list-dangzu" in data["skipped"]
    assert git(root, "rev-parse", "HEAD") == head
