"""Records of 检查考核 — checks, 述责述廉, 民主测评 tallies, 座谈 — and their rules (DJ500–DJ519): each rule
fires and stays quiet on in-memory workspaces; the example and real files through dj check."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from assign_support import EXAMPLE, check, dj, new_workspace, write
from dangjian_cli.analysis.review import (
    activity, blank, grade_shares, missing_statements, rectifications, rushes, satisfaction, section_problems, sections,
    tallies_of, tally_problems, tally_usable,
)
from dangjian_cli.models.review import Forum, Inspection, Statement, Tally
from ws_builder import CAST, build, codes, of_code, rules, session

D = dt.date
DIMS = ["落实主体责任", "遵守政治纪律", "执行民主集中制", "改进作风", "廉洁自律"]
FULL = """
## 一、履行责任情况
带头落实主体责任。
## 二、存在问题
督促检查不够经常。
## 三、个人廉洁自律
遵守八项规定。
## 四、整改措施和下一步打算
按季度推进。
"""


# --- records -------------------------------------------------------------------------------


def rect(owner: str = "p-sunba", **fields: Any) -> dict[str, Any]:
    return {"measure": "补齐台账", "owner": owner, **fields}


def inspection(iid: str, day: str, *findings: dict[str, Any], kind: str = "日常检查", **fields: Any) -> Inspection:
    return Inspection.model_validate({"id": iid, "kind": kind, "date": day, "inspectors": ["p-zhaoliu"],
                                      "findings": list(findings), **fields})


def problem(*rects: dict[str, Any], text: str = "接待台账不完整", **subject: Any) -> dict[str, Any]:
    return {"text": text, **subject, "rectifications": list(rects)}


def done(day: str, checked: str | None = None, result: str = "整改到位", **fields: Any) -> dict[str, Any]:
    data = rect(status="已整改", done_on=day, **fields)
    if checked:
        data["verification"] = {"date": checked, "by": "p-zhaoliu", "result": result}
    return data


def statement(sid: str, pid: str, occasion: str = "半年小结", text: str = FULL, day: str = "2024-07-20") -> Statement:
    return Statement.model_validate({"id": sid, "person": pid, "year": 2024, "occasion": occasion, "date": day, "text": text})


def tally(tid: str, valid: int = 20, participants: int = 22, counts: list[int] | None = None, scale: str = "履职",
          grades: list[str] | None = None, **fields: Any) -> Tally:
    grades = grades or ["优秀", "称职", "基本称职", "不称职"]
    counts = counts if counts is not None else [valid - 2, 2, 0, 0]
    data = {"id": tid, "date": "2024-12-27", "year": 2024, "occasion": "年终总结", "scale": scale,
            "participants": participants, "valid": valid,
            "dimensions": [{"name": d, "counts": dict(zip(grades, counts))} for d in DIMS], **fields}
    data.setdefault("person", "p-zhangsan") if not ({"body", "department"} & set(fields)) else None
    return Tally.model_validate(data)


def forum(fid: str, day: str, **fields: Any) -> Forum:
    return Forum.model_validate({"id": fid, "date": day, "topic": "征求意见座谈会",
                                 "groups": [{"group": "人民监督员", "count": 5}], **fields})


def quarterly() -> list[Inspection]:
    """A check in every quarter of 2024, and the 党组's 专题研究 each half-year: the 总账 rules stay quiet."""
    return [inspection(f"q{q}", f"2024-{3 * q - 1:02d}-15") for q in (1, 2, 3, 4)]


def topics() -> list:
    return [session("zt1", "2024-03-14", "党组理论中心组学习", topic="全面从严治党专题研究"),
            session("zt2", "2024-09-12", "党组理论中心组学习", topic="党风廉政建设专题研究")]


def review_rules(*records: Any, as_of: dt.date = D(2025, 3, 1), due: bool = False, **settings: Any) -> list:
    """The findings DJ500–DJ529 of the records with the cast; missing 述责述廉 (DJ508) only when due."""
    ws = build(*CAST, *records, **settings)
    return [f for f in rules(ws, as_of) if "DJ500" <= f.code <= "DJ529" and (due or f.code != "DJ508")]


# --- models --------------------------------------------------------------------------------


def test_a_completion_date_needs_the_done_status_and_a_tally_one_subject() -> None:
    with pytest.raises(ValidationError, match="已整改"):
        inspection("i", "2024-03-01", problem(rect(status="整改中", done_on="2024-03-20")))
    with pytest.raises(ValidationError, match="只能|不能同时"):
        tally("t", body="党组", person="p-lisi")
    with pytest.raises(ValidationError, match="多于调查人数"):
        forum("f", "2024-06-01", satisfaction={"satisfied": 12, "base": 10})
    with pytest.raises(ValidationError):
        tally("t", counts=[-1, 21, 0, 0])


def test_a_tally_keeps_counts_only_never_ballots() -> None:
    with pytest.raises(ValidationError):
        Tally.model_validate({**tally("t").model_dump(mode="json"), "ballots": [{"voter": "p-lisi", "grade": "优秀"}]})


# --- DJ500–DJ505: rectifications ----------------------------------------------------------


def test_a_rectification_past_its_deadline_warns_naming_the_finding_and_the_owner() -> None:
    late = inspection("i1", "2024-03-01", problem(rect(owner="p-fenger", status="整改中"), text="公务用车登记不完整"))
    found = of_code(review_rules(*quarterly(), *topics(), late, as_of=D(2024, 5, 1)), "DJ500")
    assert len(found) == 1 and found[0].severity == "warning"
    assert "公务用车登记不完整" in found[0].message and "冯二" in found[0].message
    assert "2024年3月31日" in found[0].message  # the default deadline: 30 days after the check
    assert found[0].loc == ("findings", 0, "rectifications", 0, "status")


def test_a_rectification_within_its_deadline_or_done_in_time_is_quiet() -> None:
    ws_records = [*quarterly(), *topics(),
                  inspection("i1", "2024-03-01", problem(rect(deadline="2024-06-30"))),
                  inspection("i2", "2024-03-02", problem(done("2024-03-20", "2024-03-25")))]
    assert not [f for f in review_rules(*ws_records, as_of=D(2024, 5, 1)) if f.code in ("DJ500", "DJ501", "DJ502", "DJ503")]


def test_a_rectification_done_after_its_deadline_warns_once() -> None:
    found = review_rules(*quarterly(), *topics(), inspection("i1", "2024-03-01", problem(done("2024-06-01", "2024-06-10"))))
    assert codes(found) == ["DJ501"]
    assert "逾期 62 天" in found[0].message


def test_a_finding_without_rectification_and_a_done_one_unchecked_warn() -> None:
    found = review_rules(*quarterly(), *topics(), inspection("i1", "2024-03-01", problem(), problem(done("2024-03-10"))))
    assert sorted(codes(found)) == ["DJ502", "DJ503"]
    failed = review_rules(*quarterly(), *topics(), inspection("i1", "2024-03-01", problem(done("2024-03-10", "2024-03-15", "未整改到位"))))
    assert codes(failed) == ["DJ504"]


def test_a_completion_before_the_check_is_an_error() -> None:
    found = review_rules(*quarterly(), *topics(), inspection("i1", "2024-03-01", problem(done("2024-02-10", "2024-03-15"))))
    assert codes(found) == ["DJ505"] and found[0].severity == "error"


def test_the_default_deadline_is_a_setting() -> None:
    ws = build(*CAST, inspection("i1", "2024-03-01", problem(rect())), deadlines={"rectification_report_days": 10})
    assert rectifications(ws)[0].deadline == D(2024, 3, 11)


# --- DJ506–DJ509: 述责述廉 --------------------------------------------------------------------


def test_sections_are_headings_and_numbering_is_dropped() -> None:
    found = sections(FULL)
    assert [h for h, _ in found] == ["履行责任情况", "存在问题", "个人廉洁自律", "整改措施和下一步打算"]
    assert blank("<!-- 请填写 -->\n\n### （一）小标题\n…") and not blank("做了。")


def test_a_statement_missing_a_section_or_with_an_empty_one_warns() -> None:
    missing = statement("s1", "p-zhangsan", text=FULL.replace("## 二、存在问题\n督促检查不够经常。\n", ""))
    empty = statement("s2", "p-lisi", text=FULL.replace("遵守八项规定。", "<!-- 填写 -->"))
    ws = build(*CAST, missing, empty)
    assert section_problems(ws, missing) == (["存在问题"], [])
    found = review_rules(*quarterly(), *topics(), missing, empty)
    assert {f.code: f.record for f in found if f.code in ("DJ506", "DJ507")} == {"DJ506": "s1", "DJ507": "s2"}
    assert any("存在问题" in f.message and "张三" in f.message for f in of_code(found, "DJ506"))


def test_the_required_sections_are_a_setting() -> None:
    short = statement("s1", "p-zhangsan", text="## 履行责任情况\n做了。\n")
    assert not of_code(review_rules(short, review={"statement_sections": ["履行责任情况"]}), "DJ506")


def test_each_responsible_person_without_a_statement_after_the_due_day_warns() -> None:
    have = [statement(f"s-{p}", p) for p in ("p-zhangsan", "p-lisi", "p-qianqi", "p-zhaoliu", "p-sunba")]
    found = of_code(review_rules(*quarterly(), *topics(), *have, as_of=D(2024, 8, 1), due=True), "DJ508")
    assert sorted(f.record for f in found) == ["p-fenger"]  # 部门负责人 too; 一般干部 not; 年终总结 not yet due
    assert "半年小结" in found[0].message
    assert not of_code(review_rules(*quarterly(), *topics(), *have, as_of=D(2024, 7, 31), due=True), "DJ508")
    ws = build(*CAST, *have, review={"statement_due": {"民主生活会": "12-20"}})
    assert [p.id for _, _, p in missing_statements(ws, 2024, D(2025, 1, 1))] == [p for p in ("p-fenger", "p-lisi", "p-qianqi", "p-sunba", "p-zhangsan", "p-zhaoliu")]


def test_two_statements_of_one_occasion_warn() -> None:
    found = review_rules(statement("s1", "p-lisi"), statement("s2", "p-lisi", day="2024-07-25"), as_of=D(2024, 7, 30))
    assert [f.record for f in of_code(found, "DJ509")] == ["s2"]


# --- DJ510–DJ515: tallies ------------------------------------------------------------------


@pytest.mark.parametrize(("record", "code"), [
    (tally("t", counts=[17, 2, 0, 0]), "DJ510"),
    (tally("t", valid=20, participants=18), "DJ511"),
    (tally("t", valid=6, participants=6, counts=[6, 0, 0, 0]), "DJ512"),
    (tally("t", scale="满意程度"), "DJ513"),
    (tally("t", grades=["优秀", "合格", "基本称职", "不称职"]), "DJ514"),
])
def test_a_tally_that_cannot_be_counted_is_an_error_and_unusable(record: Tally, code: str) -> None:
    found = review_rules(*quarterly(), *topics(), record)
    assert code in codes(found) and all(f.severity == "error" for f in found if f.code == code)
    ws = build(*CAST, record)
    assert not tally_usable(ws, record) and tallies_of(ws, "p-zhangsan", 2024) == []
    assert grade_shares(ws, record) == {}


def test_a_sound_tally_is_usable_and_quiet() -> None:
    good = tally("t")
    ws = build(*CAST, good)
    assert tally_usable(ws, good) and tally_problems(ws, good) == [] and tallies_of(ws, "p-zhangsan", 2024) == [good]
    assert grade_shares(ws, good, "廉洁自律") == {"优秀": 0.9, "称职": 0.1, "基本称职": 0.0, "不称职": 0.0}
    assert not review_rules(*quarterly(), *topics(), good)


def test_the_minimum_of_valid_ballots_is_a_setting() -> None:
    small = tally("t", valid=6, participants=6, counts=[6, 0, 0, 0])
    assert not review_rules(*quarterly(), *topics(), small, review={"min_valid_ballots": 5})


def test_a_dimension_named_twice_is_an_error() -> None:
    data = tally("t").model_dump(mode="json")
    data["dimensions"].append(data["dimensions"][0])
    assert "DJ515" in codes(review_rules(*quarterly(), *topics(), Tally.model_validate(data)))


# --- DJ519 and satisfaction: 座谈 -----------------------------------------------------------


def test_an_opinion_left_unhandled_warns_and_satisfaction_sums_over_forums() -> None:
    f1 = forum("f1", "2024-06-20", opinions=[{"text": "阅卷等待时间偏长"}], satisfaction={"satisfied": 15, "base": 16})
    f2 = forum("f2", "2024-12-18", opinions=[{"text": "告知不够主动", "status": "已办结", "follow_up": "已落实"}],
               satisfaction={"satisfied": 29, "base": 31})
    found = of_code(review_rules(*quarterly(), *topics(), f1, f2), "DJ519")
    assert [f.record for f in found] == ["f1"] and "阅卷等待时间偏长" in found[0].message
    satisfied, base, counted = satisfaction(build(*CAST, f1, f2), 2024)
    assert (satisfied, base, [f.id for f in counted]) == (44, 47, ["f1", "f2"])


# --- DJ516–DJ518: 总账 and 细账 ---------------------------------------------------------------


def dec_crowd() -> list[Inspection]:
    """检务保障部: five rectifications done, four of them in December."""
    days = ["2024-06-10", "2024-12-05", "2024-12-12", "2024-12-18", "2024-12-20"]
    return [inspection(f"c{n}", "2024-05-16", problem(done(day, day, deadline="2024-12-31"), department="d-support"))
            for n, day in enumerate(days)]


def test_a_subject_whose_year_crowds_into_december_warns_with_tuji() -> None:
    found = of_code(review_rules(*quarterly(), *topics(), *dec_crowd()), "DJ516")
    assert len(found) == 1 and found[0].severity == "warning"
    assert "突击" in found[0].message and "检务保障部" in found[0].message and "4 件集中在12月" in found[0].message


def test_spread_activity_few_records_or_a_year_not_over_is_quiet() -> None:
    spread = [inspection(f"c{m}", "2024-01-10", problem(done(f"2024-{m:02d}-20", f"2024-{m:02d}-25", deadline="2024-12-31"), department="d-support"))
              for m in (3, 6, 9, 12)]
    assert not of_code(review_rules(*quarterly(), *topics(), *spread), "DJ516")
    assert not of_code(review_rules(*quarterly(), *topics(), *dec_crowd()[2:]), "DJ516")  # 3 records < rush_min_records
    assert not of_code(review_rules(*quarterly(), *topics(), *dec_crowd(), as_of=D(2024, 12, 31)), "DJ516")
    assert not of_code(review_rules(*quarterly(), *topics(), *dec_crowd(), review={"rush_share": 0.9}), "DJ516")


def test_activity_counts_study_feedback_and_rectifications_not_the_year_end_records() -> None:
    ws = build(*CAST, *dec_crowd(), session("s1", "2024-03-20", "部门集体学习", department="d-support"),
               inspection("annual", "2024-12-27", kind="年度考核"), statement("nz", "p-zhaoliu", "年终总结", day="2024-12-27"))
    acts = activity(ws, 2024)
    assert len(acts["department:d-support"]) == 6
    assert all(a.record != "annual" for a in acts.get("p-zhaoliu", [])) and not any(a.record == "nz" for a in acts.get("p-zhaoliu", []))
    assert [r.subject for r in rushes(ws, 2024)] == ["department:d-support"]


def test_a_quarter_without_any_check_warns_in_reviewed_years_only() -> None:
    found = of_code(review_rules(*quarterly()[:3], *topics()), "DJ517")
    assert len(found) == 1 and "第四季度" in found[0].message and found[0].path == "dj.yaml"
    assert not of_code(review_rules(*topics()), "DJ517")  # no review records at all: not asked
    assert not of_code(review_rules(*quarterly()[:3], *topics(), as_of=D(2024, 12, 31)), "DJ517")  # Q4 not over


def test_a_half_year_without_the_party_groups_topic_meeting_warns() -> None:
    found = of_code(review_rules(*quarterly(), topics()[0]), "DJ518")
    assert len(found) == 1 and "下半年" in found[0].message
    other_topic = session("zt2", "2024-09-12", "党组理论中心组学习", topic="学习新修订的刑事诉讼规则")
    assert len(of_code(review_rules(*quarterly(), topics()[0], other_topic), "DJ518")) == 1
    assert not of_code(review_rules(*quarterly(), *topics()), "DJ518")
    assert not of_code(review_rules(*quarterly(), topics()[0], other_topic,
                                    review={"topic_meeting_keywords": ["刑事诉讼规则", "全面从严治党"]}), "DJ518")


# --- real files: dj check ------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    ws = tmp_path_factory.mktemp("review") / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns(".dj-cache"))
    result = dj(ws, "check", "--format", "json", "--no-cache", "--as-of", "2025-03-01")
    assert result.exit_code == 0, result.stdout
    return json.loads(result.stdout)["findings"]


def test_the_example_warns_about_the_december_crowding_with_tuji(example_report: list[dict]) -> None:
    rush = [f for f in example_report if f["code"] == "DJ516"]
    assert rush and all(f["severity"] == "warning" for f in rush)
    assert any("突击" in f["message"] and "第二检察部" in f["message"] for f in rush)


def test_the_example_warns_about_the_late_rectification(example_report: list[dict]) -> None:
    late = [f for f in example_report if f["code"] in ("DJ500", "DJ501")]
    assert len(late) == 1 and late[0]["severity"] == "warning"
    assert "郑一" in late[0]["message"] and "逾期" in late[0]["message"] and late[0]["path"].startswith("inspections/2024/")


def test_the_example_has_no_other_review_findings(example_report: list[dict]) -> None:
    assert sorted(f["code"] for f in example_report if "DJ500" <= f["code"] <= "DJ529") == ["DJ501", "DJ516"]


def test_a_tally_that_does_not_add_up_or_is_below_the_minimum_is_an_error_in_dj_check(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    write(root, {
        "tallies/2024/t1.yaml": "id: t1\ndate: 2024-12-27\nyear: 2024\noccasion: 年终总结\nperson: p-lisi\nscale: 履职\n"
                                "participants: 12\nvalid: 10\ndimensions:\n  - name: 廉洁自律\n    counts: {优秀: 8, 称职: 1}\n",
        "tallies/2024/t2.yaml": "id: t2\ndate: 2024-12-27\nyear: 2024\noccasion: 年终总结\nperson: p-qianqi\nscale: 廉洁自律\n"
                                "participants: 6\nvalid: 6\ndimensions:\n  - name: 廉洁自律\n    counts: {好: 5, 较好: 1}\n",
    })
    exit_code, findings = check(root, "--as-of", "2024-12-31")
    assert exit_code == 1
    errors = {(f["code"], f["path"], f["line"]) for f in findings if f["severity"] == "error"}
    assert ("DJ510", "tallies/2024/t1.yaml", 11) in errors
    assert ("DJ512", "tallies/2024/t2.yaml", 8) in errors
    assert all("Traceback" not in f["message"] for f in findings)


def test_a_statement_in_markdown_is_read_with_its_sections(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    write(root, {"statements/2024/s.md": "---\nid: s\nperson: p-lisi\nyear: 2024\noccasion: 半年小结\ndate: 2024-07-20\n---\n"
                                         "\n## 履行责任情况\n做了。\n\n## 存在问题\n\n## 个人廉洁自律\n遵守。\n"})
    exit_code, findings = check(root, "--as-of", "2024-07-25")
    assert exit_code == 0
    mine = {f["code"]: f["message"] for f in findings if f["path"] == "statements/2024/s.md"}
    assert "整改措施和下一步打算" in mine["DJ506"] and "存在问题" in mine["DJ507"]
