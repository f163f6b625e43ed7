"""What 责任追究 adds to the scorecards of ``dj review``: deductions, vetoes and sanctions.

Registered with the providers of ``analysis/scorecard.py`` at import (``scorecard.providers()``
imports every module of this package, so review's code is not edited):

* a deduction for each decision dated in the period on a substantiated case (not 不属实, not
  revoked on appeal), by the decision's 形态 (settings.pursue.deduction_points), against the person decided
  on, or the 党组 for a decision on the Party organization;
* a veto of the top grade for a 诫勉 or an 组织调整/组织处理 decided in the period (受诫勉、组织处理
  的当年年度考核不得评为优秀); a 党纪处分 is vetoed by scorecard's ``discipline_vetoes`` from the
  sanctions below;
* the sanctions (纪律处分, 诫勉, 组织处理 with their dates), whose influence periods
  (settings.influence_months, ``scorecard.influence_end``) feed the 评优 and 选拔任用 gate.

Reasons name the case by its id and the form, never the case's facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..dates import cn_date
from ..models.pursue import DISCIPLINE_TYPES, ORG_MEASURES, Decision, DecisionForm, FourForm, Verdict
from ..resolve import Workspace
from .pursue import four_form_of
from .scorecard import Deduction, Period, Sanction, Veto, register_deductions, register_sanctions, register_vetoes, source_of

SANCTION_FORMS = (*DISCIPLINE_TYPES, *ORG_MEASURES, DecisionForm.ADMONISH, DecisionForm.ADMONISH_TALK)
VETO_FORMS = (*ORG_MEASURES, DecisionForm.ADMONISH, DecisionForm.ADMONISH_TALK)

def four_form(decision: Decision) -> FourForm:
    """The 形态 of a decision: the one it records, else the one its form implies (first for the rest)."""
    return four_form_of(decision) or FourForm.FIRST


def _subject(ws: Workspace, decision: Decision) -> str | None:
    if decision.person is not None:
        return decision.person
    if decision.body is not None:
        return f"body:{ws.config.organization.party_body}" if decision.body == ws.config.organization.party_body else f"body:{decision.body}"
    return None


def decisions_standing(ws: Workspace) -> Iterator[tuple[Any, int, Decision]]:
    """(case, index, decision) of every decision on a case not found untrue and not revoked on appeal."""
    for case in sorted(ws.of("case").values(), key=lambda c: c.id):
        if case.verdict == Verdict.FALSE:
            continue
        for i, decision in enumerate(case.decisions):
            if decision.appeal is not None and decision.appeal.result and "撤销" in decision.appeal.result:
                continue
            yield case, i, decision


def case_deductions(ws: Workspace, period: Period) -> Iterable[Deduction]:
    for case, i, decision in decisions_standing(ws):
        subject = _subject(ws, decision)
        if subject is None or not period.holds(decision.date):
            continue
        shape = four_form(decision)
        points = ws.config.settings.pursue.deduction_points.get(shape.value, 0.0)
        if not points:
            continue
        yield Deduction(subject, points, f"案件 {case.id} 中受{decision.form.value}（{shape.value}，{cn_date(decision.date)} 决定）",
                        source_of(ws, "case", case.id, f"decisions[{i}]"))


def case_vetoes(ws: Workspace, period: Period) -> Iterable[Veto]:
    for case, i, decision in decisions_standing(ws):
        if decision.person is None or decision.form not in VETO_FORMS or not period.holds(decision.date):
            continue
        what = "诫勉" if decision.form in (DecisionForm.ADMONISH, DecisionForm.ADMONISH_TALK) else f"组织处理（{decision.form.value}）"
        yield Veto(decision.person, f"{cn_date(decision.date)} 受{what}（案件 {case.id}），当年年度考核不得评为最高等次",
                   source_of(ws, "case", case.id, f"decisions[{i}]"))


def case_sanctions(ws: Workspace) -> Iterable[Sanction]:
    for case, i, decision in decisions_standing(ws):
        if decision.person is None or decision.form not in SANCTION_FORMS:
            continue
        yield Sanction(decision.person, decision.form.value, decision.date, source_of(ws, "case", case.id, f"decisions[{i}]"))


register_deductions(case_deductions)
register_vetoes(case_vetoes)
register_sanctions(case_sanctions)

__all__ = ["case_deductions", "case_sanctions", "case_vetoes", "four_form"]
