"""dj assign on the shipped example (示例县人民检察院, 2024): the must-show points."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assign_support import USER, check, codes, commit_all, dj, example_workspace, git, head_files

CHAIN_ROLES = ["牵头领导", "责任部门", "分管领导", "部门领导", "具体承办人员"]


def test_example_passes_check_with_its_chains_study_and_sign_offs(example: Path) -> None:
    status, findings = check(example)
    assert status == 0, findings
    assert codes(findings, "error") == []
    for folder in ("chains/2024", "study_plans", "study_sessions/2024", "signoffs/2024"):
        assert any((example / folder).iterdir()), folder


def test_example_list_has_every_tier_and_the_party_body(example: Path) -> None:
    items = json.loads(dj(example, "assign", "list", "--format", "json").stdout)
    assert all({"id", "person", "tier", "area", "content"} <= set(i) for i in items)
    tiers = {i["tier"] for i in items}
    assert {"主要负责人", "班子成员", "纪检监察负责人", "部门负责人", "具体承办人员", "党组"} <= tiers
    body = [i for i in items if i["tier"] == "党组"]
    assert body and all(i["person"] is None for i in body)
    assert all(i["person"] or i.get("group") or i.get("department") for i in items if i["tier"] != "党组")


def test_example_coverage_fills_all_five_roles_of_the_three_key_works(example: Path) -> None:
    result = json.loads(dj(example, "assign", "coverage", "--format", "json").stdout)
    assert result["year"] == 2024 and result["roles"] == CHAIN_ROLES
    chains = {row["area"]: row for row in result["chains"]}
    assert set(chains) == {"干部选拔任用", "经费管理使用", "物资采购"}
    for area, row in chains.items():
        assert row["gaps"] == [], area
        assert all(row["roles"][role]["filled"] and row["roles"][role]["holders"] for role in CHAIN_ROLES), area
    handlers = {area: [h["name"] for h in row["roles"]["具体承办人员"]["holders"]] for area, row in chains.items()}
    assert handlers == {"干部选拔任用": ["陈三", "周九"], "经费管理使用": ["褚四"], "物资采购": ["卫五"]}
    assert all(not t["missing"] for t in result["topics"]) and result["complete"] is True


def test_example_letter_is_a_responsibility_letter(example: Path) -> None:
    result = dj(example, "assign", "letter", "张三", "--year", "2024")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# 示例县人民检察院2024年度党风廉政建设责任书")
    assert "**责任人**：张三（党组书记、检察长）" in text
    for section in ("## 一、责任目标", "## 二、责任内容", "## 三、具体要求", "## 四、考核与追究", "## 五、签字和日期"):
        assert section in text
    assert "2024年3月18日" in text  # the date 张三 signed
    assert "干部选拔任用（牵头领导）" in text


def test_sign_on_a_commented_example_keeps_every_comment(tmp_path: Path) -> None:
    root = example_workspace(tmp_path / "ws")
    yaml_files = sorted(p for p in root.rglob("*.yaml") if ".git" not in p.parts)
    for path in yaml_files:
        rel = path.relative_to(root).as_posix()
        path.write_text(f"# 批注：{rel}\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    commit_all(root, "为每个 YAML 文件加一行批注")
    before = {p: p.read_text(encoding="utf-8") for p in yaml_files}

    result = dj(root, "assign", "sign", "张三", "--year", "2024", "--date", "2024-03-25", "--replace")
    assert result.exit_code == 0, result.output
    changed = "signoffs/2024/2024-sign-p-zhangsan.yaml"
    assert head_files(root) == [changed]
    assert git(root, "log", "-1", "--format=%an <%ae>%n%cn <%ce>").splitlines() == [f"{USER[0]} <{USER[1]}>"] * 2
    assert "张三" in git(root, "log", "-1", "--format=%s")
    assert git(root, "status", "--porcelain") == ""
    for path in yaml_files:
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        assert text.startswith(f"# 批注：{rel}\n"), rel
        if rel != changed:
            assert text == before[path], rel
    signed = (root / changed).read_text(encoding="utf-8")
    assert "date: 2024-03-25" in signed and "- id: 2024-zs-04" in signed
    assert codes(check(root)[1], "error") == []
