"""dj report outline | ballot | letter | decision | dossier on the bundled example: each document's
content comes from the records, the 决定书 refuses an undecided case, --redact hides names, JSON
carries the figures, and a committed document verifies."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest


def body(text: str) -> str:
    """The Markdown without dj's provenance comment."""
    first, _, rest = text.partition("\n")
    assert first.startswith("<!-- dj:provenance ")
    return rest.lstrip("\n")


def screen(cli: Any, ws: Path, *args: str) -> str:
    result = cli("-C", ws, "report", *args, "-o", "-")
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(cli: Any, ws: Path, *args: str) -> dict[str, Any]:
    return json.loads(screen(cli, ws, *args, "--format", "json"))


@pytest.fixture
def copy(example: Path, tmp_path: Path, git_env: dict[str, str]) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(example, ws, symlinks=True)
    return ws


# --- the outline -------------------------------------------------------------------------------


def test_outline_is_the_review_outline_without_front_matter(cli: Any, example: Path) -> None:
    report = body(screen(cli, example, "outline", "张三", "--year", "2024", "--as-of", "2024-12-20"))
    review = cli("-C", example, "review", "outline", "张三", "--year", "2024", "--as-of", "2024-12-20")
    assert review.exit_code == 0, review.output
    assert not report.startswith("---") and "person: p-zhangsan" not in report
    assert report.startswith("# 张三 2024 年年终总结述责述廉报告")
    # one source: every section and every line the review outline fills in is in the document
    for line in review.stdout.splitlines():
        if line.startswith(("## ", "- ", "  - ")) and "<!--" not in line:
            assert line in report, line
    assert "2024-zs-01" in report and "党组理论中心组学习" in report
    assert "（请据实填写）" in report  # a blank section says so on paper, not in a hidden comment


def test_outline_half_year_and_json(cli: Any, example: Path) -> None:
    data = as_json(cli, example, "outline", "李四", "--year", "2024", "--occasion", "半年小结", "--as-of", "2024-12-20")
    assert data["data"]["occasion"] == "半年小结" and data["data"]["person"] == "p-lisi"
    assert [s["title"] for s in data["data"]["sections"]] == ["履行责任情况", "存在问题", "个人廉洁自律", "整改措施和下一步打算"]
    bad = cli("-C", example, "report", "outline", "张三", "--occasion", "年中", "-o", "-")
    assert bad.exit_code == 2 and "不是述责述廉的场合" in bad.stderr


# --- the 民主测评表 ----------------------------------------------------------------------------


def test_ballot_has_a_table_per_leader_and_the_body(cli: Any, example: Path) -> None:
    text = body(screen(cli, example, "ballot", "--year", "2024", "--as-of", "2024-12-20"))
    for name in ("## 党组", "## 张三", "## 李四", "## 王五", "## 钱七", "## 赵六"):
        assert name in text
    assert "## 孙八" not in text  # a department head only with --heads
    # rows are settings.review.dimensions; the 党组 is assessed on 责任制考核, a person on 履职 (the unit's practice)
    for dim in ("落实主体责任", "遵守政治纪律", "执行民主集中制", "改进作风", "廉洁自律"):
        assert f"| {dim} | □ | □ | □ | □ |" in text
    assert "| 测评项目 | 优秀 | 合格 | 基本合格 | 不合格 |" in text
    assert "| 测评项目 | 优秀 | 称职 | 基本称职 | 不称职 |" in text
    assert "被测评人：张三　　职务：党组书记、检察长" in text
    assert "无记名" in text


def test_ballot_for_one_person_scale_layout_and_json(cli: Any, example: Path) -> None:
    one = as_json(cli, example, "ballot", "--year", "2024", "--person", "张三", "--scale", "廉洁自律", "--as-of", "2024-12-20")
    assert one["data"]["count"] == 1
    assert one["data"]["tables"][0]["name"] == "张三" and one["data"]["tables"][0]["grades"] == ["好", "较好", "一般", "差"]
    body_only = as_json(cli, example, "ballot", "--year", "2024", "--person", "党组", "--as-of", "2024-12-20")
    assert [t["name"] for t in body_only["data"]["tables"]] == ["党组"] and body_only["data"]["tables"][0]["scale"] == "责任制考核"
    merged = body(screen(cli, example, "ballot", "--year", "2024", "--layout", "合表", "--heads", "--as-of", "2024-12-20"))
    assert "| 被测评人 | 职务 | 优秀 | 称职 | 基本称职 | 不称职 |" in merged
    assert "| 孙八 | 办公室主任 | □ | □ | □ | □ |" in merged
    bad = cli("-C", example, "report", "ballot", "--scale", "百分制", "-o", "-")
    assert bad.exit_code == 2 and "等次表“百分制”不存在" in bad.stderr


# --- the 责任书 ---------------------------------------------------------------------------------


def test_letter_is_the_assign_letter(cli: Any, example: Path) -> None:
    report = body(screen(cli, example, "letter", "张三", "--year", "2024"))
    assign = cli("-C", example, "assign", "letter", "张三", "--year", "2024")
    assert assign.exit_code == 0, assign.output
    assert report == assign.stdout
    data = as_json(cli, example, "letter", "党组", "--year", "2024")
    assert data["data"]["collective"] is True and data["data"]["signed_by"] == "张三"
    assert data["data"]["items"][:2] == ["2024-dz-01", "2024-dz-02"]


# --- the 问责决定书 -----------------------------------------------------------------------------


def test_decision_of_a_decided_case(cli: Any, example: Path) -> None:
    text = body(screen(cli, example, "decision", "2024-zz-02"))
    assert text.count("# 问责决定书") == 2  # one per person decided on
    assert "**关于给予吴十同志通报的决定**" in text and "**关于给予李四同志谈话提醒的决定**" in text
    assert "吴十，事发时任第一检察部主任" in text
    assert "6 件案件线索未按规定在 3 个工作日内登记" in text  # the facts as the record states them
    assert "**依据**：问责条例第八条。" in text
    assert "可自收到本决定之日起30日内，向中共示例县人民检察院党组或其上一级党组织提出书面申诉" in text
    assert "本决定于2024年11月8日宣布、送达，申诉期至2024年12月8日" in text
    assert "中共示例县人民检察院党组\n\n2024年11月5日" in text
    data = as_json(cli, example, "decision", "2024-zz-02", "--person", "李四")
    assert data["title"] == "问责决定书"
    assert [d["target"] for d in data["data"]["decisions"]] == ["李四"]
    assert data["data"]["decisions"][0]["appeal_until"] == "2024-12-08"
    other = body(screen(cli, example, "decision", "2024-zz-01"))
    assert other.startswith("# 处理决定书") and "纪律处分条例第五条" in other


def test_decision_refuses_an_undecided_case(cli: Any, example: Path) -> None:
    result = cli("-C", example, "report", "decision", "2024-zz-04", "-o", "-")
    assert result.exit_code == 1
    assert "尚未作出处理决定" in result.stderr and "Traceback" not in result.output
    missing = cli("-C", example, "report", "decision", "2024-zz-99", "-o", "-")
    assert missing.exit_code == 1 and "找不到案件 2024-zz-99" in missing.stderr


def test_decision_redact_hides_names(cli: Any, example: Path) -> None:
    text = body(screen(cli, example, "decision", "2024-zz-02", "--redact"))
    assert "吴十" not in text and "李四" not in text
    assert "给予吴某同志通报" in text and "给予李某同志谈话提醒" in text
    data = as_json(cli, example, "decision", "2024-zz-02", "--redact")
    assert "吴十" not in json.dumps(data, ensure_ascii=False).replace('"name"', "")
    assert data["provenance"]["params"]["redact"] is True


def test_decision_appeal_period_comes_from_settings(cli: Any, copy: Path) -> None:
    config = copy / "dj.yaml"
    text = config.read_text(encoding="utf-8")
    assert "appeal_days: 30" in text
    config.write_text(text.replace("appeal_days: 30", "appeal_days: 15"), encoding="utf-8")
    out = body(screen(cli, copy, "decision", "2024-zz-02", "--person", "吴十"))
    assert "之日起15日内" in out and "申诉期至2024年11月23日" in out


# --- the 廉政档案 -------------------------------------------------------------------------------


def test_dossier_of_a_year(cli: Any, example: Path) -> None:
    text = body(screen(cli, example, "dossier", "李四", "--year", "2024", "--as-of", "2025-01-20"))
    assert text.startswith("# 李四廉政档案（2024年度）")
    assert "党组成员、副检察长（班子成员）：2019年1月1日至今" in text
    assert "| 2024 | 2024-ls-01 |" in text
    assert "2024年3月19日 签订2024年度责任书，签订对象张三，3 项" in text
    assert "共参加 10 次" in text
    assert "收到赵六发出的提示单 2024-ts-p-lisi-01" in text
    assert "接受张三的例行廉政谈话" in text
    assert "年终总结民主测评（履职）：参加 42 人，有效票 40 张" in text and "述责述廉测评得分 86.0" in text
    assert "分管部门廉政风险点排查未随新修订的办案规则更新" in text
    assert "案件 2024-zz-02" in text and "重要领导责任" in text and "谈话提醒（第一种形态）" in text
    assert "同案其他人员：吴十" in text
    # no saved review result: the grade computed as dj review does, and said so
    assert "2024年度考核（按截至2025年1月20日的记录计算，未经 dj review --save 保存）：得分 91.66，等次 优秀" in text
    data = as_json(cli, example, "dossier", "李四", "--year", "2024", "--as-of", "2025-01-20")["data"]
    assert data["counts"]["study"] == 10 and data["counts"]["cases"] == 1 and data["counts"]["talks_received"] == 1
    assert data["study_by_form"]["党组理论中心组学习"] == 4
    assert data["tallies"][0]["top_text"] == "74.5%（149/200）"
    assert data["cases"][0]["decisions"][0]["form"] == "谈话提醒"


def test_dossier_of_a_tenure_follows_a_case_after_retirement(cli: Any, example: Path) -> None:
    text = body(screen(cli, example, "dossier", "吴十", "--tenure", "--as-of", "2025-01-20"))
    assert "档案期间：2019年1月2日至2024年6月30日" in text
    assert "离开本单位：2024年6月30日，退休" in text
    assert "2024年11月5日 通报" in text  # decided after retirement: 终身问责
    assert "作为离任者办理第一检察部主任的党风廉政建设责任交接" in text and "接手人周九" in text
    both = cli("-C", example, "report", "dossier", "吴十", "--tenure", "--year", "2024", "-o", "-")
    assert both.exit_code == 2 and "只能选一个" in both.stderr


def test_dossier_redact_hides_other_people_in_case_data(cli: Any, example: Path) -> None:
    text = body(screen(cli, example, "dossier", "李四", "--year", "2024", "--as-of", "2025-01-20", "--redact"))
    section = text.split("## 九、责任追究")[1].split("## 十")[0]
    assert "吴十" not in section and "同案其他人员：吴某" in section
    assert text.startswith("# 李四廉政档案")  # the person's own name stays
    # a talk held because of a case (王五's 诫勉谈话 with 孙八 over 2024-zz-03) is case data too
    talks = body(screen(cli, example, "dossier", "王五", "--year", "2024", "--as-of", "2025-01-20", "--redact"))
    talks = talks.split("## 五、谈话")[1].split("## 六")[0]
    plain = body(screen(cli, example, "dossier", "王五", "--year", "2024", "--as-of", "2025-01-20"))
    assert "对孙八进行诫勉谈话" in plain
    assert "对孙某进行诫勉谈话（个别谈话），涉及案件 2024-zz-03" in talks and "对孙八进行诫勉谈话" not in talks


# --- written, committed and verified -----------------------------------------------------------------


def test_documents_commit_and_verify(cli: Any, copy: Path) -> None:
    for args in (("dossier", "李四", "--year", "2024"), ("decision", "2024-zz-02", "--redact"), ("ballot", "--year", "2024"),
                 ("letter", "张三", "--year", "2024"), ("outline", "张三", "--year", "2024")):
        result = cli("-C", copy, "report", *args, "--as-of", "2025-01-20")
        assert result.exit_code == 0, result.output
    saved = cli("-C", copy, "review", "--year", "2024", "--save", "--as-of", "2025-01-20")
    assert saved.exit_code == 0, saved.output
    graded = body(screen(cli, copy, "dossier", "李四", "--year", "2024", "--as-of", "2025-01-20"))
    assert "- 2024年度考核：得分 91.66，等次 优秀" in graded  # the saved result, as saved
    # named people get a file of their own (not the whole unit's 2024-ballot.md); --no-commit leaves it uncommitted
    named = cli("-C", copy, "report", "ballot", "--year", "2024", "-p", "张三", "-p", "党组", "--no-commit", "--as-of", "2025-01-20")
    assert named.exit_code == 0, named.output
    (copy / "reports" / "2024-ballot-body-p-zhangsan.md").unlink()
    names = sorted(p.name for p in (copy / "reports").iterdir())
    assert names == ["2024-ballot.md", "2024-dossier-p-lisi.md", "2024-letter-p-zhangsan.md", "2024-outline-p-zhangsan-nz.md",
                     "2024-zz-02-decision-redacted.md"]
    log = subprocess.run(["git", "log", "--format=%s", "-8"], cwd=copy, capture_output=True, text=True, check=True).stdout
    assert "报告：reports/2024-dossier-p-lisi.md" in log
    assert "吴十" not in (copy / "reports" / "2024-zz-02-decision-redacted.md").read_text(encoding="utf-8")
    verified = cli("-C", copy, "report", "--verify")
    assert verified.exit_code == 0, verified.output


def test_decision_as_docx_and_html(cli: Any, example: Path, tmp_path: Path) -> None:
    pytest.importorskip("docx")
    out = tmp_path / "决定书.docx"
    result = cli("-C", example, "report", "decision", "2024-zz-02", "--format", "docx", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"
    page = tmp_path / "档案.html"
    result = cli("-C", example, "report", "dossier", "李四", "--year", "2024", "--format", "html", "-o", page)
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "李四廉政档案" in html and "<svg" in html


def test_letter_as_docx(cli: Any, example: Path, tmp_path: Path) -> None:
    pytest.importorskip("docx")
    letter = tmp_path / "责任书.docx"
    result = cli("-C", example, "report", "letter", "张三", "--year", "2024", "--format", "docx", "-o", letter)
    assert result.exit_code == 0, result.output
    assert letter.read_bytes()[:2] == b"PK"


def test_docx_with_many_parameters_is_written_committed_and_verified(cli: Any, example: Path) -> None:
    """The provenance line of a document with several parameters runs past 255 characters (python-docx's limit)."""
    pytest.importorskip("docx")
    result = cli("-C", example, "report", "decision", "2024-zz-02", "--person", "李四", "--redact", "--format", "docx")
    assert result.exit_code == 0, result.output
    verify = cli("-C", example, "report", "--verify")
    assert verify.exit_code == 0, verify.output
