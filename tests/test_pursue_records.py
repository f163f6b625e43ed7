"""Records of 责任追究 — cases, talks, handovers — and their rules (DJ550–DJ563): each rule fires and
stays quiet on in-memory workspaces; the example through dj check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from assign_support import EXAMPLE, check
from dangjian_cli.analysis.pursue import (
    add_working_days, four_form_of, form_fits, in_post_now, post_titles_on, stage_deadline, yearly_talks_missing,
)
from dangjian_cli.models.pursue import Case, DecisionForm, FourForm, Handover, Talk
from ws_builder import build, codes, department, of_code, person, post, rules

D = dt.date
END = D(2024, 12, 31)

# A small unit: the 主要负责人, two 班子成员 (one oversees the office), the office head, a clerk,
# and a department head who retired in mid-2024.
UNIT = (
    department("d-office", "办公室"),
    department("d-first", "第一检察部"),
    person("p-zhang", "张三", post("党组书记、检察长", "主要负责人")),
    person("p-li", "李四", post("党组成员、副检察长", "班子成员", remit=["d-first"])),
    person("p-wang", "王五", post("党组成员、副检察长", "班子成员", remit=["d-office"])),
    person("p-sun", "孙八", post("办公室主任", "部门负责人", department="d-office")),
    person("p-wei", "卫五", post("办公室科员", "一般干部", department="d-office")),
    person("p-wu", "吴十", post("第一检察部主任", "部门负责人", department="d-first", end="2024-06-30"),
           departure={"date": "2024-06-30", "reason": "退休"}),
)
# The yearly talks that keep DJ556/DJ557 quiet for UNIT in 2024.
YEARLY = (("p-zhang", ["p-li"]), ("p-zhang", ["p-wang"]), ("p-wang", ["p-sun"]), ("p-li", ["p-wu"]))


def case(cid: str = "2024-zz-01", stages: list[tuple[str, str]] | None = None, **fields: Any) -> Case:
    stages = stages or [("受理", "2024-03-01")]
    data = {"id": cid, "title": "某问题", "facts": "不应出现在提示中的事实", "incident_start": "2024-02-01",
            "found_on": "2024-03-01", "how_found": "主动排查", "source": "日常检查",
            "stages": [{"stage": s, "date": d} for s, d in stages], **fields}
    return Case.model_validate(data)


def talk(tid: str, by: str, people: list[str], day: str = "2024-03-05", kind: str = "例行廉政谈话", **fields: Any) -> Talk:
    form = "集体谈话" if len(people) > 1 else "个别谈话"
    return Talk.model_validate({"id": tid, "kind": kind, "date": day, "by": by, "people": people, "form": form, **fields})


def yearly() -> list[Talk]:
    return [talk(f"2024-th-{i:02d}", by, people) for i, (by, people) in enumerate(YEARLY, 1)]


def handover(hid: str = "2024-jj-01", day: str = "2024-07-05", **fields: Any) -> Handover:
    data = {"id": hid, "person": "p-wu", "post": "第一检察部主任", "post_ended": "2024-06-30", "date": day, "to": "p-li", **fields}
    return Handover.model_validate(data)


def run(*records: Any, as_of: dt.date = END, **settings: Any) -> list:
    return rules(build(*UNIT, *yearly(), handover(), *records, **settings), as_of)


CLOSED = [("受理", "2024-03-01"), ("初步核实", "2024-03-05"), ("认定", "2024-03-20"), ("决定", "2024-03-25"),
          ("送达", "2024-03-26"), ("执行", "2024-03-28"), ("结案", "2024-04-10")]
DIRECT = {"person": "p-wei", "regime": "纪律处分条例", "liability": "直接责任者"}
LEADER = {"person": "p-wang", "regime": "问责条例", "liability": "重要领导责任"}


def decision(target: dict[str, str] | None = None, form: str = "批评教育", **fields: Any) -> dict[str, Any]:
    return {**(target or {"person": "p-wei"}), "form": form, "date": "2024-03-25", "delivered_on": "2024-03-26",
            "executed_on": "2024-03-28", **fields}


def closed(**fields: Any) -> Case:
    data = {"verdict": "属实", "determinations": [DIRECT, LEADER], "decisions": [decision()],
            "closure": {"date": "2024-04-10", "outcome": "批评教育", "reason": "决定已执行"}, **fields}
    return case(stages=CLOSED, **data)


# --- models ------------------------------------------------------------------------------------


def test_the_two_triads_are_kept_apart() -> None:
    with pytest.raises(ValidationError, match="纪律处分条例的责任类型"):
        case(determinations=[{"person": "p-wei", "regime": "问责条例", "liability": "直接责任者"}])
    with pytest.raises(ValidationError, match="问责条例的责任类型"):
        case(determinations=[{"person": "p-li", "regime": "纪律处分条例", "liability": "全面领导责任"}])
    ok = case(determinations=[DIRECT, LEADER, {"body": "党组", "regime": "问责条例", "liability": "全面领导责任", "scope": "集体责任"}])
    assert [(d.nature, d.rank) for d in ok.determinations] == [("直接责任", None), ("领导责任", "重要"), ("领导责任", "全面")]


def test_a_case_refuses_stages_out_of_order_and_a_closure_without_the_stage() -> None:
    with pytest.raises(ValidationError, match="顺序不对"):
        case(stages=[("调查", "2024-03-01"), ("受理", "2024-03-02")])
    with pytest.raises(ValidationError, match="最后一项不是“结案”"):
        case(closure={"date": "2024-04-01", "outcome": "x", "reason": "y"})
    assert case(stages=CLOSED).stage == "结案"


def test_an_unliable_determination_needs_a_reason_and_a_dissenter_must_have_voted() -> None:
    with pytest.raises(ValidationError, match="不承担责任的理由"):
        case(determinations=[{"person": "p-wang", "regime": "问责条例"}])
    with pytest.raises(ValidationError, match="不在参加表决者"):
        case(determinations=[{**LEADER, "vote": {"voted": ["p-zhang"], "dissented": ["p-wang"]}}])


# --- analysis --------------------------------------------------------------------------------


def test_posts_are_read_on_the_incident_date_and_a_retiree_is_not_in_post() -> None:
    ws = build(*UNIT)
    assert post_titles_on(ws, "p-wu", D(2024, 3, 1)) == "第一检察部主任"
    assert post_titles_on(ws, "p-wu", D(2024, 9, 1)) is None
    wu = ws.people["p-wu"]
    assert in_post_now(wu, wu.posts[0], D(2024, 3, 1)) and not in_post_now(wu, wu.posts[0], D(2024, 9, 1))


def test_forms_fit_their_target_and_have_a_four_form() -> None:
    assert form_fits(DecisionForm.REORGANIZE, True) and not form_fits(DecisionForm.REORGANIZE, False)
    assert form_fits(DecisionForm.ADMONISH, False) and not form_fits(DecisionForm.ADMONISH, True)
    c = closed(decisions=[decision(form="警告"), decision(form="诫勉谈话"), decision(form="留党察看", four_form="第三种形态")])
    assert [four_form_of(d) for d in c.decisions] == [FourForm.SECOND, FourForm.FIRST, FourForm.THIRD]


def test_stage_deadline_and_working_days() -> None:
    ws = build(*UNIT)
    assert stage_deadline(ws, case(stages=[("受理", "2024-03-01"), ("调查", "2024-03-10")])) == D(2024, 6, 8)
    assert stage_deadline(ws, closed()) is None
    assert add_working_days(D(2024, 6, 28), 10) == D(2024, 7, 12)  # a Friday: two weekends skipped


# --- rules: quiet --------------------------------------------------------------------------------


def test_a_well_kept_year_is_quiet() -> None:
    talks = [talk("2024-th-20", "p-wang", ["p-sun"], kind="诫勉谈话", day="2024-03-25", case="2024-zz-01",
                  to_correct="补齐台账", correct_by="2024-04-05",
                  follow_up={"date": "2024-04-06", "by": "p-zhang", "result": "已改正"})]
    open_case = case("2024-zz-02", stages=[("受理", "2024-12-20")])
    assert codes(run(closed(), open_case, *talks)) == []


# --- rules: each one fires ----------------------------------------------------------------------


def test_dj550_a_case_past_its_stage_deadline_names_only_its_id() -> None:
    late = case(stages=[("受理", "2024-07-01"), ("初步核实", "2024-07-05"), ("立案", "2024-07-10"), ("调查", "2024-08-20")])
    found = of_code(run(late), "DJ550")
    assert len(found) == 1 and "2024-zz-01" in found[0].message and "调查" in found[0].message
    assert "某问题" not in found[0].message and "事实" not in found[0].message
    assert of_code(run(late, as_of=D(2024, 11, 18)), "DJ550") == []  # the last day of 90 is still in time
    assert of_code(run(late, pursue={"stage_days": {"调查": 200}}), "DJ550") == []


def test_dj551_a_decision_not_executed_in_time() -> None:
    pending = closed(decisions=[decision(executed_on=None)])
    assert len(of_code(run(pending), "DJ551")) == 1
    assert of_code(run(pending, as_of=D(2024, 4, 25)), "DJ551") == []  # 30 days from delivery
    late = closed(decisions=[decision(executed_on="2024-05-10")])
    assert "逾期" in of_code(run(late), "DJ551")[0].message


def test_dj552_a_closure_without_outcome_or_reason() -> None:
    found = of_code(run(closed(closure={"date": "2024-04-10"})), "DJ552")
    assert len(found) == 1 and "结案结论" in found[0].message and "结案理由" in found[0].message


def test_dj553_a_substantiated_case_with_no_leader_considered() -> None:
    assert len(of_code(run(closed(determinations=[DIRECT])), "DJ553")) == 1
    considered = {"person": "p-wang", "regime": "问责条例", "note": "已履职，不承担责任"}
    assert of_code(run(closed(determinations=[DIRECT, considered])), "DJ553") == []
    assert of_code(run(closed(determinations=[DIRECT], verdict="不属实")), "DJ553") == []
    assert "没有任何责任认定" in of_code(run(closed(determinations=[])), "DJ553")[0].message


def test_dj554_a_case_closed_because_the_person_left() -> None:
    gone = closed(decisions=[], closure={"date": "2024-04-10", "outcome": "不再追究", "reason": "当事人已退休"})
    assert len(of_code(run(gone), "DJ554")) == 1
    assert of_code(run(closed()), "DJ554") == []


def test_dj555_a_form_that_does_not_fit_its_target_is_an_error() -> None:
    wrong = closed(decisions=[decision(form="改组"), decision({"body": "党组"}, form="诫勉")])
    found = of_code(run(wrong), "DJ555")
    assert len(found) == 2 and all(f.severity == "error" for f in found)
    assert of_code(run(closed(decisions=[decision({"body": "党组"}, form="通报")])), "DJ555") == []


def test_dj556_dj557_yearly_talks_not_held() -> None:
    ws = build(*UNIT, *yearly()[1:], handover())  # the 主要负责人 did not talk with 李四
    assert [(m.by.id, m.with_.id, m.heads) for m in yearly_talks_missing(ws, 2024)] == [("p-zhang", "p-li", False)]
    ws = build(*UNIT, *yearly()[:2], handover())  # no 班子成员 talked with their heads
    found = rules(ws, D(2025, 1, 1))
    assert sorted((f.code, f.record) for f in found if f.code in ("DJ556", "DJ557")) == [("DJ557", "p-li"), ("DJ557", "p-wang")]
    assert [f.code for f in rules(ws, END) if f.code in ("DJ556", "DJ557")] == []  # not before the year has ended
    assert codes(rules(build(*UNIT), D(2025, 1, 1))) == []  # a workspace that keeps no talks is not asked


def test_dj558_a_talk_whose_correction_is_not_followed_up() -> None:
    t = talk("2024-th-20", "p-wang", ["p-sun"], kind="提醒谈话", to_correct="补齐台账", correct_by="2024-04-05")
    assert len(of_code(run(t), "DJ558")) == 1
    assert of_code(run(t, as_of=D(2024, 4, 5)), "DJ558") == []


def test_dj559_dj560_a_post_that_ended_without_a_handover_or_with_a_late_one() -> None:
    ws = build(*UNIT, *yearly(), handover("2024-jj-09", person="p-sun", post="办公室主任", post_ended="2024-12-31",
                                          date="2025-01-02", to="p-wang"))
    found = of_code(rules(ws, END), "DJ559")
    assert [(f.record, f.loc) for f in found] == [("p-wu", ("posts", 0, "end"))]
    assert of_code(run(), "DJ560") == []  # 2024-07-05: within 10 working days of 2024-06-30
    late = of_code(run(pursue={"handover_days": 3}), "DJ560")
    assert [(f.record, f.loc) for f in late] == [("2024-jj-01", ("date",))] and "逾期 2 天" in late[0].message
    assert of_code(rules(ws, D(2024, 7, 12)), "DJ559") == []  # not before the deadline (10 working days)
    assert codes(rules(build(*UNIT, *yearly()), END)) == []  # a workspace that keeps no handovers is not asked


def test_dj561_an_appeal_not_decided() -> None:
    appealed = closed(decisions=[decision(appeal={"date": "2024-04-01"})])
    assert len(of_code(run(appealed), "DJ561")) == 1
    decided = closed(decisions=[decision(appeal={"date": "2024-04-01", "decided_on": "2024-04-20", "result": "维持"})])
    assert of_code(run(decided), "DJ561") == []


def test_dj562_a_post_then_that_the_posts_do_not_show() -> None:
    wrong = closed(determinations=[DIRECT, {**LEADER, "post_then": "检察长"}])
    assert len(of_code(run(wrong), "DJ562")) == 1
    right = closed(determinations=[DIRECT, {**LEADER, "post_then": "党组成员、副检察长"}])
    assert of_code(run(right), "DJ562") == []


def test_dj563_a_handover_area_not_in_the_settings() -> None:
    ws = build(*UNIT, *yearly(), handover(areas=[{"area": "其他事项"}, {"area": "重点工作任务"}]))
    assert [f.loc for f in of_code(rules(ws, END), "DJ563")] == [("areas", 0, "area")]


# --- the example -----------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", [(), ("--as-of", "2024-12-31")], ids=["today", "year-end"])
def test_the_example_warns_about_the_overdue_case(tmp_path: Path, as_of: tuple[str, ...]) -> None:
    import shutil

    shutil.copytree(EXAMPLE, tmp_path / "ws", ignore=shutil.ignore_patterns(".dj-cache"))
    exit_code, findings = check(tmp_path / "ws", *as_of)
    assert exit_code == 0
    pursue = [(f["code"], f["path"], f["record"]) for f in findings if "DJ550" <= f["code"] <= "DJ579"]
    assert pursue == [("DJ550", "cases/2024/2024-zz-04.yaml", "2024-zz-04")], findings
    message = next(f["message"] for f in findings if f["code"] == "DJ550")
    assert "调查" in message and "过问案件" not in message and "线索" not in message
