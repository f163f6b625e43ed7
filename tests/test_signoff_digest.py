"""签单: digests of the signed items (DJ442), the 党组 signed by its 书记, --counterpart, the
earliest sign-off standing (DJ443), and the 责任书 before and after signing."""

from __future__ import annotations

from pathlib import Path

import pytest

from assign_support import check, commit_all, dj, example_workspace, git, head_files, new_workspace, write
from dangjian_cli.yamlio import rt_yaml


def only(findings: list[dict], code: str) -> dict:
    found = [f for f in findings if f["code"] == code]
    assert len(found) == 1, found
    return found[0]


def load(path: Path):
    return rt_yaml().load(path.read_text(encoding="utf-8"))


@pytest.fixture
def ex(tmp_path: Path) -> Path:
    return example_workspace(tmp_path / "ex")


@pytest.fixture
def templated(tmp_path: Path) -> Path:
    root = new_workspace(tmp_path / "ws")
    assert dj(root, "assign", "template", "procuratorate").exit_code == 0
    return root


# --- must show: an edited signed item warns until signed again -------------------------------


def test_editing_a_signed_item_of_the_example_warns_until_signed_again(ex: Path) -> None:
    status, findings = check(ex)
    assert status == 0 and "DJ442" not in {f["code"] for f in findings}
    signed = load(ex / "signoffs/2024/2024-sign-p-lisi.yaml")
    assert all(len(i["digest"]) == 12 for i in signed["items"])  # the example's sign-offs keep digests
    result = dj(ex, "assign", "edit", "2024-ls-01", "--content", "不插手具体经费审批，分管部门的大额支出一律提交党组集体研究")
    assert result.exit_code == 0, result.output
    assert git(ex, "status", "--porcelain") == ""  # committed
    status, findings = check(ex)
    assert status == 0
    changed = only(findings, "DJ442")
    assert changed["path"] == "signoffs/2024/2024-sign-p-lisi.yaml"
    assert "修改了内容 2024-ls-01" in changed["message"] and "dj assign sign 李四 --year 2024 --replace" in changed["message"]
    again = dj(ex, "assign", "sign", "李四", "--year", "2024", "--date", "2024-06-03", "--replace")
    assert again.exit_code == 0, again.output
    assert head_files(ex) == ["signoffs/2024/2024-sign-p-lisi.yaml"]
    _, findings = check(ex)
    assert "DJ442" not in {f["code"] for f in findings}
    assert "date: 2024-06-03" in (ex / "signoffs/2024/2024-sign-p-lisi.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("field", "value", "warns"), [
    ("targets", [{"description": "听取分管部门汇报", "count": 2, "per": "每季度"}], True),
    ("accountability", "失职失责的，依照《中国共产党问责条例》第七条问责。", True),
    ("order", 99, False),          # where the item stands in the document is not what was signed
    ("article", "第九条（一）", False),
    ("basis", "《党委（党组）落实全面从严治党主体责任规定》第八条", False),
])
def test_which_edits_need_a_new_signature(templated: Path, field: str, value, warns: bool) -> None:
    assert dj(templated, "assign", "sign", "李四", "--date", "2024-01-10").exit_code == 0
    path = templated / "responsibilities/2024/2024-p-lisi-dual.yaml"
    y = rt_yaml()
    data = y.load(path.read_text(encoding="utf-8"))
    data[field] = value
    with path.open("w", encoding="utf-8") as fh:
        y.dump(data, fh)
    commit_all(templated)
    _, findings = check(templated)
    assert ("DJ442" in {f["code"] for f in findings}) is warns


def test_reformatting_a_signed_item_needs_no_new_signature(templated: Path) -> None:
    assert dj(templated, "assign", "sign", "李四", "--date", "2024-01-10").exit_code == 0
    path = templated / "responsibilities/2024/2024-p-lisi-integrity.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text("# 李四的廉洁自律\n" + text.replace("evidence:\n  - 个人有关事项报告\n  - 述责述廉报告",
                                                    'evidence: ["个人有关事项报告", "述责述廉报告"]'), encoding="utf-8")
    commit_all(templated)
    _, findings = check(templated)
    assert "DJ442" not in {f["code"] for f in findings}


def test_old_sign_offs_with_bare_ids_compare_ids_only(templated: Path) -> None:
    items = sorted(p.stem for p in (templated / "responsibilities/2024").glob("2024-p-lisi-*.yaml"))
    write(templated, {"signoffs/2024/2024-sign-p-lisi.yaml":
                      "id: 2024-sign-p-lisi\nyear: 2024\nperson: p-lisi\ndate: 2024-01-10\ncounterpart: p-zhangsan\nitems:\n"
                      + "".join(f"  - {i}\n" for i in items)})
    assert dj(templated, "assign", "edit", "2024-p-lisi-dual", "--content", "改写的内容").exit_code == 0
    status, findings = check(templated)
    assert status == 0 and "DJ442" not in {f["code"] for f in findings}
    assert dj(templated, "assign", "add", "--tier", "班子成员", "--person", "李四", "--area", "述责述廉",
              "--content", "年底述责述廉").exit_code == 0
    _, findings = check(templated)
    assert "新增 2024-p-lisi-01" in only(findings, "DJ442")["message"]


# --- the earliest sign-off stands -------------------------------------------------------------


def test_of_two_sign_offs_the_earliest_stands_and_the_later_is_named(templated: Path) -> None:
    assert dj(templated, "assign", "sign", "李四", "--date", "2024-02-10").exit_code == 0
    text = (templated / "signoffs/2024/2024-sign-p-lisi.yaml").read_text(encoding="utf-8")
    # An earlier one whose id sorts after the first: the earlier date stands, not the first id.
    write(templated, {"signoffs/2024/2024-sign-p-lisi-z.yaml":
                      text.replace("id: 2024-sign-p-lisi", "id: 2024-sign-p-lisi-z").replace("date: 2024-02-10", "date: 2024-01-05")})
    commit_all(templated)
    _, findings = check(templated)
    duplicate = only(findings, "DJ443")
    assert duplicate["record"] == "2024-sign-p-lisi" and duplicate["path"] == "signoffs/2024/2024-sign-p-lisi.yaml"
    assert "2024-sign-p-lisi-z" in duplicate["message"] and "以最早的签订为准" in duplicate["message"]
    assert "2024年1月5日" in dj(templated, "assign", "letter", "李四").stdout


# --- the 党组's list --------------------------------------------------------------------------


def test_the_secretary_signs_the_party_group_list(templated: Path) -> None:
    _, findings = check(templated, "--as-of", "2024-04-01")
    assert any(f["code"] == "DJ440" and f["message"].startswith("党组 2024 年") for f in findings)
    letter = dj(templated, "assign", "letter", "党组").stdout
    assert "**责任主体**：党组（由党组书记张三代表签订）" in letter and "第一条（一）" in letter
    result = dj(templated, "assign", "sign", "党组", "--date", "2024-01-15")
    assert result.exit_code == 0, result.output
    assert head_files(templated) == ["signoffs/2024/2024-sign-body.yaml"]
    record = load(templated / "signoffs/2024/2024-sign-body.yaml")
    assert record["person"] == "p-zhangsan" and record["body"] == "党组" and "counterpart" not in record
    assert {i["id"] for i in record["items"]} == {p.stem for p in (templated / "responsibilities/2024").glob("2024-body-*.yaml")}
    _, findings = check(templated, "--as-of", "2024-04-01")
    assert not any(f["code"] == "DJ440" and f["message"].startswith("党组") for f in findings)
    assert not [f for f in findings if f["code"] in ("DJ441", "DJ442", "DJ443", "DJ444")]
    # The 书记's own list is another list: still unsigned.
    assert any(f["code"] == "DJ440" and f["message"].startswith("张三") for f in findings)
    assert "2024年1月15日" in dj(templated, "assign", "letter", "党组").stdout
    # An edit of a 党组 item asks the 党组 to sign again.
    assert dj(templated, "assign", "edit", "2024-body-study", "--content", "每季度召开党组会议专题研究").exit_code == 0
    _, findings = check(templated)
    assert "dj assign sign 党组 --year 2024 --replace" in only(findings, "DJ442")["message"]


def test_a_party_group_sign_off_by_someone_not_principal_is_flagged(templated: Path) -> None:
    write(templated, {"signoffs/2024/2024-sign-body.yaml":
                      "id: 2024-sign-body\nyear: 2024\nperson: p-lisi\nbody: 党组\ndate: 2024-01-15\n"})
    commit_all(templated)
    _, findings = check(templated)
    assert "不能代表党组签订" in only(findings, "DJ441")["message"]


def test_counterpart_overrides_the_one_worked_out(templated: Path) -> None:
    result = dj(templated, "assign", "sign", "冯二", "--date", "2024-01-05", "--counterpart", "张三")
    assert result.exit_code == 0, result.output
    assert load(templated / "signoffs/2024/2024-sign-p-fenger.yaml")["counterpart"] == "p-zhangsan"
    bad = dj(templated, "assign", "sign", "孙八", "--date", "2024-01-05", "--counterpart", "无此人")
    assert bad.exit_code == 2 and "找不到人员" in bad.stderr


# --- the 责任书 -------------------------------------------------------------------------------


def test_signature_cells_stay_blank_until_signed(templated: Path) -> None:
    before = dj(templated, "assign", "letter", "李四").stdout
    table = before[before.index("## 五、签字和日期"):]
    assert "李四" not in table and "张三" not in table and "年  月  日" in table
    assert dj(templated, "assign", "sign", "李四", "--date", "2024-01-10").exit_code == 0
    after = dj(templated, "assign", "letter", "李四").stdout
    table = after[after.index("## 五、签字和日期"):]
    assert "| 李四 | 2024年1月10日 |" in table and "年  月  日" not in table


def test_letters_follow_document_order_with_article_numbers(templated: Path) -> None:
    text = dj(templated, "assign", "letter", "张三").stdout
    body = text[text.index("## 二、责任内容"):text.index("## 三、具体要求")]
    articles = [line.split(" ", 2)[1] for line in body.splitlines() if line[:1].isdigit()]
    assert articles[:6] == [f"第二条（{n}）" for n in "一二三四五六"]
    assert "重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要案件亲自督办" in body


def test_no_template_leftovers_in_any_letter_of_the_example(example: Path) -> None:
    subjects = [p.stem for p in (example / "people").glob("*.yaml")] + ["党组"]
    for subject in subjects:
        result = dj(example, "assign", "letter", subject, "--year", "2024")
        if result.exit_code == 1 and "没有 2024 年的责任事项" in result.stderr:
            continue
        assert result.exit_code == 0, (subject, result.output)
        assert "常见做法" not in result.stdout and "{" not in result.stdout, subject


def test_no_template_leftovers_in_any_templated_letter(templated: Path) -> None:
    for subject in [p.stem for p in (templated / "people").glob("*.yaml")] + ["党组"]:
        result = dj(templated, "assign", "letter", subject)
        if result.exit_code == 0:
            assert "常见做法" not in result.stdout and "{" not in result.stdout, subject


def test_a_group_member_with_only_the_group_items_must_sign_too(tmp_path: Path) -> None:
    from assign_support import DEPARTMENTS, person, post

    people = dict([
        person("p-zhangsan", "张三", post("党组书记、检察长", "主要负责人")),
        person("p-chensan", "陈三", post("政治部一级主任科员", "一般干部", department="d-political")),
    ])
    root = new_workspace(tmp_path / "ws", {**DEPARTMENTS, **people})
    write(root, {"responsibilities/2024/2024-all-01.yaml": (
        "id: 2024-all-01\nyear: 2024\ntier: 具体承办人员\ngroup: 全体干警\narea: 廉洁自律\n"
        "content: 严守廉洁纪律\naccountability: 违反的依纪处理。\n")})
    commit_all(root)
    _, findings = check(root, "--as-of", "2024-04-01")
    due = [f for f in findings if f["code"] == "DJ440" and f["message"].startswith("陈三")]
    assert len(due) == 1 and "全体干警的共同事项" in due[0]["message"]
    assert dj(root, "assign", "sign", "陈三", "--date", "2024-03-01").exit_code == 0
    record = load(root / "signoffs/2024/2024-sign-p-chensan.yaml")
    assert [i["id"] for i in record["items"]] == ["2024-all-01"]
    _, findings = check(root, "--as-of", "2024-04-01")
    assert not [f for f in findings if f["code"] == "DJ440" and f["message"].startswith("陈三")]
