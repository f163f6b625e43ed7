"""Pure tests of the calendar, the shared queries of 责任分解 and its rules: in-memory workspaces
(tests/ws_builder.py), no files, no git, no CLI. Locating findings in files is tested at the end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from dangjian_cli import dates
from dangjian_cli.analysis import assign as analysis
from dangjian_cli.findings import Finding, Severity
from dangjian_cli.models.assign import ChainRole
from dangjian_cli.models.enums import Frequency
from ws_builder import CAST, build, build_resolved, chain, codes, item, link, of_code, person, plan, post, rules, session, signoff

D = dt.date

# --- dates ---------------------------------------------------------------------------------


def test_year_bounds_month_ends_and_clipping() -> None:
    assert dates.year_bounds(2024) == (D(2024, 1, 1), D(2024, 12, 31))
    assert [dates.month_end(2024, m) for m in (2, 12)] == [D(2024, 2, 29), D(2024, 12, 31)]
    assert dates.month_end(2023, 2) == D(2023, 2, 28)
    assert dates.clip_to_year(2024, None, None) == dates.year_bounds(2024)
    assert dates.clip_to_year(2024, D(2019, 5, 1), D(2024, 6, 30)) == (D(2024, 1, 1), D(2024, 6, 30))
    assert dates.partial_bounds((D(2024, 1, 1), D(2024, 6, 30)), 2024) == {"end": D(2024, 6, 30)}
    assert dates.partial_bounds((D(2024, 7, 1), D(2024, 12, 31)), 2024) == {"start": D(2024, 7, 1)}
    assert dates.partial_bounds(dates.year_bounds(2024), 2024) == {}


def test_post_span_is_the_whole_term_or_its_part_of_a_year() -> None:
    held = person("p-x", "某", post("主任", "部门负责人", start="2023-04-01")).posts[0]
    assert dates.post_span(held) == (D(2023, 4, 1), D.max)
    assert dates.post_span(held, 2023) == (D(2023, 4, 1), D(2023, 12, 31))
    assert dates.post_span(held, 2024) == dates.year_bounds(2024)


def test_periods_of_a_year() -> None:
    assert dates.period_spans(2024, None) == dates.period_spans(2024, Frequency.YEAR) == [("2024年", dates.year_bounds(2024))]
    halves = dates.period_spans(2024, Frequency.HALF_YEAR)
    assert halves == [("2024年上半年", (D(2024, 1, 1), D(2024, 6, 30))), ("2024年下半年", (D(2024, 7, 1), D(2024, 12, 31)))]
    quarters = dates.period_spans(2024, Frequency.QUARTER)
    assert [name for name, _ in quarters] == ["2024年第一季度", "2024年第二季度", "2024年第三季度", "2024年第四季度"]
    assert quarters[0][1] == (D(2024, 1, 1), D(2024, 3, 31))
    months = dates.period_spans(2023, Frequency.MONTH)
    assert len(months) == 12 and months[1] == ("2023年2月", (D(2023, 2, 1), D(2023, 2, 28)))


def test_subtract_leaves_the_days_no_cover_reaches() -> None:
    year = dates.year_bounds(2024)
    assert dates.subtract(year, []) == [year]
    assert dates.subtract(year, [(D(2024, 3, 1), D(2024, 3, 31))]) == [(D(2024, 1, 1), D(2024, 2, 29)), (D(2024, 4, 1), D(2024, 12, 31))]
    assert dates.subtract(year, [(D(2020, 1, 1), D(2024, 6, 30)), (D(2024, 6, 1), D.max)]) == []
    assert dates.subtract(year, [(D(2025, 1, 1), D.max)]) == [year]


def test_chinese_dates_and_spans() -> None:
    assert dates.cn_date("2024-01-05") == "2024年1月5日"
    assert dates.fmt_span((D(2024, 3, 1), D(2024, 3, 1))) == "2024年3月1日"
    assert dates.fmt_span((D(2024, 7, 1), D(2024, 12, 31))) == "2024年7月1日至2024年12月31日"


def test_a_month_day_setting_as_a_day_of_a_year() -> None:
    assert dates.month_day("03-31", 2024) == D(2024, 3, 31)
    assert dates.month_day("02-29", 2024) == D(2024, 2, 29)
    assert dates.month_day("02-29", 2023) is None  # the year has no such day: no deadline
    assert dates.month_day("02-30", 2024) is None


# --- who is in post, which years are under way ---------------------------------------------


def test_only_years_with_records_of_their_assignment_are_under_way() -> None:
    assert analysis.years_in_progress(build(*CAST)) == []
    ws = build(*CAST, item("a", "主要负责人", person="p-zhangsan"), plan("p", {"form": "个人自学"}, year=2025))
    assert analysis.years_in_progress(ws) == [2024, 2025]


def test_subjects_of_a_year_and_the_topics_their_lists_cover() -> None:
    newcomer = person("p-zhengyi", "郑一", post("第二检察部主任", "部门负责人", start="2024-05-01"))
    gone = person("p-old", "旧人", post("副检察长", "班子成员", start="2010-01-01", end="2023-12-31"))
    ws = build(*CAST, newcomer, gone,
               item("z1", "主要负责人", person="p-zhangsan", topics=["抓班子带队伍", "廉洁自律"]),
               item("b1", "党组", topics=["全面领导", "专题研究"]),
               chain("c", "物资采购", link("具体承办人员", "p-weiwu")))
    subjects = analysis.subjects_of_year(ws, 2024)
    assert [(s.name, s.tier) for s in subjects][:3] == [("党组", "党组"), ("张三", "主要负责人"), ("李四", "班子成员")]
    names = {s.name for s in subjects}
    assert "郑一" in names and "旧人" not in names
    assert "卫五" not in names  # 具体承办人员 have no required topics by default
    principal = next(s for s in subjects if s.name == "张三")
    assert principal.covered == ["抓班子带队伍", "廉洁自律"] and principal.missing == ["管好配偶子女和身边工作人员"]
    assert principal.to_dict()["items"] == ["z1"]
    body = subjects[0]
    assert body.person is None and body.missing == []


def test_study_shortfalls_count_periods_that_have_ended() -> None:
    ws = build(*CAST,
               plan("plan-2024", {"form": "党组理论中心组学习", "count": 1, "per": "每季度"},
                    {"form": "警示教育片", "months": [4, 10]}, {"form": "个人自学"}),
               session("s1", "2024-03-10", "党组理论中心组学习"),
               session("s2", "2024-04-18", "警示教育片"))

    def periods(day: dt.date) -> list[tuple[str, int, int]]:
        return [(s.period, s.planned, s.held) for s in analysis.study_shortfalls(ws, day)]

    assert periods(D(2024, 6, 30)) == []  # the second quarter ends that day
    assert periods(D(2024, 7, 1)) == [("2024年第二季度", 1, 0)]
    assert periods(D(2024, 11, 1)) == [("2024年第二季度", 1, 0), ("2024年第三季度", 1, 0),
                                       ("截至2024年10月底（计划月份 4月、10月）", 2, 1)]


def test_coverage_marks_links_nobody_holds_and_holders_without_a_fitting_post() -> None:
    retired = person("p-fenger", "冯二", post("检务保障部主任", "部门负责人", department="d-support", end="2024-06-30"))
    funds = chain("2024-chain-funds", "经费管理使用",
                  link("牵头领导", "p-zhangsan"), link("责任部门", "d-support"), link("分管领导", "p-lisi"),
                  link("部门领导", "p-fenger"), link("具体承办人员", "p-chusi", end="2024-06-30"))
    ws = build(*[r for r in CAST if r.id != "p-fenger"], retired, funds)
    result = analysis.coverage(ws, 2024)
    rows = {row.area: row for row in result.chains}
    assert rows["经费管理使用"].gaps == [ChainRole.HEAD, ChainRole.HANDLER]
    head = rows["经费管理使用"].roles[ChainRole.HEAD]
    assert head.holders[0].suitable is False and head.uncovered == []
    handler = rows["经费管理使用"].to_dict()["roles"]["具体承办人员"]
    assert handler["uncovered"] == [["2024-07-01", "2024-12-31"]] and handler["filled"] is False
    assert rows["物资采购"].chain is None and len(rows["物资采购"].gaps) == 5
    data = result.to_dict()
    assert list(data) == ["year", "roles", "chains", "topics", "complete"] and data["complete"] is False


def test_a_chain_is_recognised_from_posts() -> None:
    recognised = analysis.recognise_chain(build(*CAST), "经费管理使用", 2024)
    assert {role.value: [who for who, _ in holders] for role, holders in recognised.items()} == {
        "牵头领导": ["p-zhangsan"], "责任部门": ["d-support"], "分管领导": ["p-lisi"],
        "部门领导": ["p-fenger"], "具体承办人员": ["p-chusi"],
    }


# --- rules on in-memory workspaces ---------------------------------------------------------


def test_rules_name_the_record_and_a_place_in_it_and_leave_locating_to_the_pipeline() -> None:
    ws = build(*CAST, chain("c", "经费管理使用", link("牵头领导", "p-zhangsan"), link("具体承办人员", "p-chusi", end="2024-06-30")))
    gaps = of_code(rules(ws, D(2024, 12, 31)), "DJ412")
    assert gaps and all(f.path == "chains/c.yaml" and f.record == "c" and (f.line, f.column) == (0, 0) for f in gaps)
    handler = next(f for f in gaps if "具体承办人员" in f.message)
    assert handler.loc == ("links", 1) and "2024年7月1日至2024年12月31日 无人负责" in handler.message
    missing = of_code(rules(ws, D(2024, 12, 31)), "DJ410")
    assert missing and all(f.path == "dj.yaml" and f.loc == ("settings", "assign", "key_work_areas") for f in missing)


def test_an_accountability_clause_is_an_error_only_for_the_principal_and_the_body() -> None:
    ws = build(*CAST, item("z1", "主要负责人", person="p-zhangsan"), item("s1", "部门负责人", person="p-sunba"), item("b1", "党组"))
    clauses = {f.record: f.severity for f in of_code(rules(ws, D(2024, 1, 10)), "DJ421")}
    assert clauses == {"z1": Severity.ERROR, "s1": Severity.WARNING, "b1": Severity.ERROR}


def test_sign_offs_are_due_after_the_setting_and_a_day_the_year_lacks_sets_no_deadline() -> None:
    records = (*CAST, item("z1", "主要负责人", person="p-zhangsan"), item("s1", "部门负责人", person="p-sunba"),
               signoff("sig", "p-sunba", "2024-01-20", items=["s1"]))
    ws = build(*records)
    assert of_code(rules(ws, D(2024, 3, 31)), "DJ440") == []
    due = of_code(rules(ws, D(2024, 4, 1)), "DJ440")
    assert [f.record for f in due] == ["z1"] and "应于 2024年3月31日 前签订" in due[0].message
    leap_day = build(*records, assign={"sign_by": "02-29"})
    assert [f.record for f in of_code(rules(leap_day, D(2024, 3, 1)), "DJ440")] == ["z1"]
    # a day no year has is refused in dj.yaml (it used to switch the deadline off silently)
    with pytest.raises(ValidationError, match="这一天不存在"):
        build(*records, assign={"sign_by": "02-30"})


def test_references_and_duplicate_ids_in_memory() -> None:
    _, findings = build_resolved(*CAST, session("s", "2024-03-01", "个人自学", attendees=["p-zhangsan", "p-ghost"]))
    assert codes(findings) == ["DJ302"] and findings[0].loc == ("attendees", 1)


# --- locating findings in files ------------------------------------------------------------


def test_findings_of_a_file_are_located_with_one_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dangjian_cli import pipeline, yamlio

    (tmp_path / "a.yaml").write_text("id: a\nlinks:\n  - person: x\n  - person: y\n", encoding="utf-8")
    (tmp_path / "s.md").write_text("---\nid: s\nform: 自学\n---\n# 正文\n", encoding="utf-8")
    composed: list[str] = []
    real = yamlio.compose
    monkeypatch.setattr(yamlio, "compose", lambda text: composed.append(text) or real(text))
    findings = [Finding.at("DJ302", Severity.ERROR, "a.yaml", ("links", i, "person"), f"m{i}", "a") for i in range(2)]
    findings += [Finding.at("DJ431", Severity.ERROR, "s.md", ("form",), "m", "s"),
                 Finding.at("DJ302", Severity.ERROR, "gone.yaml", ("x",), "m", "g"),
                 Finding("DJ101", Severity.ERROR, "b.yaml", 3, 4, "m")]
    located = {(f.path, f.message): (f.line, f.column, f.loc) for f in pipeline.locate_findings(tmp_path, findings)}
    assert located == {
        ("a.yaml", "m0"): (3, 13, None), ("a.yaml", "m1"): (4, 13, None),
        ("s.md", "m"): (3, 7, None),  # in the front matter, at the line of the file
        ("gone.yaml", "m"): (1, 1, None),  # unreadable now: the whole file
        ("b.yaml", "m"): (3, 4, None),  # located already
    }
    assert len(composed) == 2
    assert "loc" not in findings[0].to_dict() and Finding.from_dict(findings[-1].to_dict()) == findings[-1]
