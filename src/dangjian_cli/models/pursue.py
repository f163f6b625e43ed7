"""Records of 责任追究 (the third link of the responsibility system): cases, talks and handovers.

"正确认定责任, 敢于追究责任, 消除追责盲区" (shared/domain.md A1, A2, A3 items 27–29, A5 item 43, B7).
A case (问责/追责案件) moves 受理 → 初步核实 → 立案 → 调查 → 认定 → 决定 → 送达 → (申诉 → 复查) →
执行 → 结案, each stage dated; it records who bears what (the determination) and the decisions.

The 问责条例 (2019) and the 纪律处分条例 (2023) use two different liability triads (domain.md
item 5): the first has 全面/主要/重要领导责任 and no 直接责任, the second has 直接责任者/主要领导
责任者/重要领导责任者 and no 全面领导责任. They are two enums here, and a determination says which
regime it is made under.

The models check only what a record says by itself; whatever depends on dj.yaml (stage
deadlines, handover deadline and areas) or on other records (who held which post on the
incident date, whether a form fits its target) is judged by ``rules/pursue.py`` through the
queries of ``analysis/pursue.py``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, ValidationInfo, WithJsonSchema, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .base import Choice, Date, DepartmentRef, Model, PersonRef, Record, Ref, subject_key


class DiscoveryMode(StrEnum):
    """问题的发现方式（责任制规定实施中的“主动发现/主动查处”从轻、减轻或免予追究）。"""

    ACTIVE = "主动排查"
    PASSIVE = "被动查处"


class CaseSource(StrEnum):
    """问题线索来源。"""

    INSPECTION_TOUR = "巡视"
    CIRCUIT_INSPECTION = "巡察"
    PETITION = "信访举报"
    AUDIT = "审计"
    ASSIGNED = "上级交办"
    ROUTINE_CHECK = "日常检查"
    REVIEW = "检查考核"
    VERIFICATION = "核单"
    SELF_CHECK = "自查"
    OTHER = "其他"


class Stage(StrEnum):
    """案件办理阶段，按先后顺序。申诉、复查只在被追责者申诉时出现。"""

    ACCEPTED = "受理"
    PRELIMINARY = "初步核实"
    FILED = "立案"
    INVESTIGATION = "调查"
    DETERMINATION = "认定"
    DECISION = "决定"
    DELIVERY = "送达"
    APPEAL = "申诉"
    REVIEW = "复查"
    EXECUTION = "执行"
    CLOSED = "结案"


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)


class Verdict(StrEnum):
    """核实结论。"""

    TRUE = "属实"
    PARTLY_TRUE = "部分属实"
    FALSE = "不属实"


class Regime(StrEnum):
    """认定责任所依据的党内法规：两者的责任划分不同，不能混用。"""

    DISCIPLINE = "纪律处分条例"
    ACCOUNTABILITY = "问责条例"


class DisciplineLiability(StrEnum):
    """《中国共产党纪律处分条例》（2023）第三十九条的责任划分。"""

    DIRECT = "直接责任者"
    MAIN_LEADERSHIP = "主要领导责任者"
    IMPORTANT_LEADERSHIP = "重要领导责任者"


class AccountabilityLiability(StrEnum):
    """《中国共产党问责条例》（2019）第六条的领导责任划分（没有“直接责任”）。"""

    OVERALL = "全面领导责任"
    MAIN = "主要领导责任"
    IMPORTANT = "重要领导责任"


LIABILITIES: dict[Regime, tuple[str, ...]] = {
    Regime.DISCIPLINE: tuple(DisciplineLiability),
    Regime.ACCOUNTABILITY: tuple(AccountabilityLiability),
}


class Scope(StrEnum):
    """集体责任或个人责任（不得以集体责任代替个人责任）。"""

    COLLECTIVE = "集体责任"
    INDIVIDUAL = "个人责任"


class CircumstanceKind(StrEnum):
    """从轻、减轻、从重、加重或免予（不予）追究的情节。"""

    LIGHTER = "从轻"
    MITIGATED = "减轻"
    HEAVIER = "从重"
    AGGRAVATED = "加重"
    EXEMPT = "免予"


class DecisionForm(StrEnum):
    """问责、处分或第一种形态处理的方式。"""

    # for a Party organization (问责条例第八条; 纪律处分条例第九条)
    CHECK = "检查"
    CIRCULATE = "通报"
    REORGANIZE = "改组"
    DISSOLVE = "解散"
    # for a cadre (问责条例第八条)
    ADMONISH = "诫勉"
    SUSPEND = "停职检查"
    REASSIGN = "调整职务"
    ORDER_RESIGN = "责令辞职"
    REMOVE = "免职"
    DEMOTE = "降职"
    # 纪律处分 (纪律处分条例第八条)
    WARNING = "警告"
    SERIOUS_WARNING = "严重警告"
    REMOVE_PARTY_POST = "撤销党内职务"
    PROBATION = "留党察看"
    EXPEL = "开除党籍"
    # first-form measures (谈话提醒、批评教育、责令检查、诫勉 family)
    TALK_REMINDER = "谈话提醒"
    INTERVIEW = "约谈"
    WORK_NOTICE = "工作提示函"
    CRITICISM = "批评教育"
    ORDER_CHECK = "责令检查"
    ADMONISH_TALK = "诫勉谈话"
    WARNING_TALK = "警示性谈话"
    # 第四种形态
    PROSECUTE = "移送司法机关"


# Which forms fit which target (问责条例第八条; 纪律处分条例第八、九条).
ORG_FORMS: tuple[DecisionForm, ...] = (DecisionForm.CHECK, DecisionForm.CIRCULATE, DecisionForm.REORGANIZE, DecisionForm.DISSOLVE,
                                       DecisionForm.INTERVIEW, DecisionForm.WORK_NOTICE)
CADRE_FORMS: tuple[DecisionForm, ...] = tuple(f for f in DecisionForm
                                              if f not in (DecisionForm.CHECK, DecisionForm.REORGANIZE, DecisionForm.DISSOLVE))
ORG_MEASURES: tuple[DecisionForm, ...] = (DecisionForm.SUSPEND, DecisionForm.REASSIGN, DecisionForm.ORDER_RESIGN,
                                          DecisionForm.REMOVE, DecisionForm.DEMOTE)
DISCIPLINE_TYPES: tuple[DecisionForm, ...] = (DecisionForm.WARNING, DecisionForm.SERIOUS_WARNING, DecisionForm.REMOVE_PARTY_POST,
                                              DecisionForm.PROBATION, DecisionForm.EXPEL)
FIRST_FORM_MEASURES: tuple[DecisionForm, ...] = (DecisionForm.TALK_REMINDER, DecisionForm.INTERVIEW, DecisionForm.WORK_NOTICE,
                                                 DecisionForm.CRITICISM, DecisionForm.ORDER_CHECK, DecisionForm.ADMONISH_TALK,
                                                 DecisionForm.WARNING_TALK)


class FourForm(StrEnum):
    """监督执纪“四种形态”（纪律处分条例第五条）。"""

    FIRST = "第一种形态"
    SECOND = "第二种形态"
    THIRD = "第三种形态"
    FOURTH = "第四种形态"


class TalkKind(StrEnum):
    """谈话的类别。"""

    APPOINTMENT = "任职谈话"
    INTEGRITY = "例行廉政谈话"
    REMINDER = "提醒谈话"
    ADMONISH = "诫勉谈话"
    WARNING = "警示性谈话"


class TalkForm(StrEnum):
    INDIVIDUAL = "个别谈话"
    COLLECTIVE = "集体谈话"


class FollowUpResult(StrEnum):
    """谈话后跟踪核查的结论。"""

    CORRECTED = "已改正"
    NOT_CORRECTED = "未改正"


class CopyTo(StrEnum):
    """离任交接材料抄送的部门。"""

    DISCIPLINE = "纪检"
    ORGANIZATION = "组织"
    FINANCE = "财政"
    AUDIT = "审计"


def _one_target(person: str | None, body: str | None, department: str | None, what: str) -> None:
    given = [v for v in (person, body, department) if v is not None]
    if len(given) != 1:
        raise PydanticCustomError("target", "{what}请填写 person（人员编号）、body（党组织或领导班子名称，例如 党组）或 department（部门编号）中的一个，且只能填写一个。",
                                  {"what": what})
    if body is not None and not body.strip():
        raise PydanticCustomError("target", "body 不能为空，请填写党组织名称，例如 党组。")


def _not_before(later: dt.date | None, earlier: dt.date | None, later_name: str, earlier_name: str) -> None:
    if later is not None and earlier is not None and later < earlier:
        raise PydanticCustomError("dates", "{a}（{x}）早于{b}（{y}），请改正其中之一。",
                                  {"a": later_name, "x": str(later), "b": earlier_name, "y": str(earlier)})


# ---------------------------------------------------------------- case


class StageEntry(Model):
    """案件进入某一阶段的日期。"""

    model_config = ConfigDict(title="办理阶段")

    stage: Annotated[Choice(Stage), Field(title="阶段", description="受理、初步核实、立案、调查、认定、决定、送达、申诉、复查、执行、结案之一，按先后顺序排列。")]
    date: Annotated[Date, Field(title="日期", description="进入该阶段的日期，格式 YYYY-MM-DD。")]
    note: Annotated[str | None, Field(title="说明", description="例如 经主要负责人批准立案。不要写入案情细节。")] = None


class Circumstance(Model):
    """从轻、减轻、从重、加重或免予追究的情节及其依据。"""

    model_config = ConfigDict(title="情节")

    kind: Annotated[Choice(CircumstanceKind), Field(title="情节", description="从轻、减轻、从重、加重或免予。")]
    article: Annotated[str | None, Field(title="依据条款", description="例如 问责条例第十八条、纪律处分条例第十七条。")] = None
    note: Annotated[str | None, Field(title="说明", description="例如 主动发现并及时纠正、积极配合调查。")] = None


class Vote(Model):
    """集体决策的表决情况：谁参加表决，谁明确表示反对或保留意见（明确反对者免予追究，问责条例第十七条）。"""

    model_config = ConfigDict(title="集体决策表决")

    date: Annotated[Date | None, Field(title="决策日期", description="作出该集体决策的会议日期。")] = None
    meeting: Annotated[str | None, Field(title="会议", description="例如 党组会、检察长办公会。")] = None
    voted: Annotated[list[PersonRef("参加表决者", "人员编号。")], Field(title="参加表决者", description="参加该集体决策的人员编号。")] = []  # type: ignore[valid-type]
    dissented: Annotated[list[PersonRef("明确反对者", "人员编号。")], Field(title="明确反对者", description="在决策时明确提出反对或保留意见并有记录的人员编号；其不承担该集体决策的责任。")] = []  # type: ignore[valid-type]
    note: Annotated[str | None, Field(title="说明", description="例如 会议记录所在。")] = None

    @model_validator(mode="after")
    def _dissenters_voted(self) -> Vote:
        if self.voted:
            missing = [p for p in self.dissented if p not in self.voted]
            if missing:
                raise PydanticCustomError("vote", "明确反对者 {who} 不在参加表决者 voted 中，请补上或改正。", {"who": "、".join(missing)})
        return self


class Determination(Model):
    """一名责任人（或一个责任主体）的责任认定。"""

    model_config = ConfigDict(title="责任认定")

    person: PersonRef("责任人", "人员编号；责任主体为党组织或领导班子时不填，改填 body。", optional=True) = None
    body: Annotated[str | None, Field(title="责任主体（集体）", description="党组织或领导班子的名称，例如 党组、领导班子。")] = None
    department: DepartmentRef("责任部门", "责任主体为部门时填写部门编号。", optional=True) = None
    post_then: Annotated[str | None, Field(title="事发时职务", description="事发时所任职务（按任职经历在事发日期所任职务填写），例如 副检察长。")] = None
    regime: Annotated[Choice(Regime), Field(title="依据", description="纪律处分条例（直接责任者、主要领导责任者、重要领导责任者）或问责条例（全面领导责任、主要领导责任、重要领导责任）。")]
    liability: Annotated[Choice(DisciplineLiability) | Choice(AccountabilityLiability) | None, WithJsonSchema({"anyOf": [
        {"type": "string", "enum": [*DisciplineLiability, *AccountabilityLiability]}, {"type": "null"}]}), Field(
        title="责任类型",
        description="依纪律处分条例：直接责任者、主要领导责任者、重要领导责任者；依问责条例：全面领导责任、主要领导责任、重要领导责任。"
                    "经审查不承担责任时不填，并在 note 中写明理由。")] = None
    scope: Annotated[Choice(Scope), Field(title="集体或个人责任", description="集体责任或个人责任；不得以集体责任代替个人责任。")] = Scope.INDIVIDUAL
    circumstances: Annotated[list[Circumstance], Field(title="情节", description="从轻、减轻、从重、加重或免予追究的情节及其依据条款。")] = []
    vote: Annotated[Vote | None, Field(title="集体决策表决", description="涉及集体决策时填写：谁参加表决、谁明确反对。")] = None
    basis: Annotated[str | None, Field(title="认定依据", description="例如 分管该项工作、参与决策。")] = None
    note: Annotated[str | None, Field(title="说明", description="其他说明；经审查不承担责任时写明理由。")] = None

    @model_validator(mode="after")
    def _check(self) -> Determination:
        _one_target(self.person, self.body, self.department, "责任认定")
        if self.liability is not None and self.liability not in LIABILITIES[self.regime]:
            other = Regime.ACCOUNTABILITY if self.regime == Regime.DISCIPLINE else Regime.DISCIPLINE
            raise PydanticCustomError(
                "liability", "“{liability}”是{other}的责任类型，依{regime}只能是：{allowed}。两部条例的责任划分不同，请改正 regime 或 liability。",
                {"liability": str(self.liability), "other": other.value, "regime": self.regime.value,
                 "allowed": "、".join(LIABILITIES[self.regime])})
        if self.liability is None and not (self.note or "").strip():
            raise PydanticCustomError("liability", "未填写责任类型（liability）时，请在 note 中写明经审查不承担责任的理由。")
        return self

    @property
    def target(self) -> str:
        """The target's key: a person id, ``body:党组`` or ``department:d-office``."""
        return subject_key(self.person, self.department, self.body)

    @property
    def nature(self) -> str | None:
        """直接责任 or 领导责任 (None when no liability was found)."""
        if self.liability is None:
            return None
        return "直接责任" if self.liability == DisciplineLiability.DIRECT else "领导责任"

    @property
    def rank(self) -> str | None:
        """全面, 主要 or 重要 for a leadership liability, else None."""
        if self.liability is None or self.liability == DisciplineLiability.DIRECT:
            return None
        return str(self.liability.value)[:2]


class Appeal(Model):
    """申诉及其处理。"""

    model_config = ConfigDict(title="申诉")

    date: Annotated[Date, Field(title="申诉日期", description="提出书面申诉的日期。")]
    decided_on: Annotated[Date | None, Field(title="处理日期", description="作出申诉处理决定的日期；尚未处理时不填。")] = None
    result: Annotated[str | None, Field(title="处理结果", description="例如 维持原决定、变更为通报、撤销。")] = None

    @model_validator(mode="after")
    def _dates(self) -> Appeal:
        _not_before(self.decided_on, self.date, "处理日期", "申诉日期")
        return self


class Decision(Model):
    """对一名责任人或一个党组织作出的问责、处分或处理决定。"""

    model_config = ConfigDict(title="处理决定")

    person: PersonRef("被处理人", "人员编号；对象为党组织时不填，改填 body。", optional=True) = None
    body: Annotated[str | None, Field(title="被处理的党组织", description="党组织的名称，例如 党组、某党支部。")] = None
    department: DepartmentRef("被处理部门", "对象为部门（其党组织）时填写部门编号。", optional=True) = None
    form: Annotated[Choice(DecisionForm), Field(
        title="方式",
        description="对党组织：检查、通报、改组（解散）；对干部：通报、诫勉、组织调整或组织处理（停职检查、调整职务、责令辞职、免职、降职）、"
                    "纪律处分（警告、严重警告、撤销党内职务、留党察看、开除党籍），以及谈话提醒、约谈、工作提示函、批评教育、责令检查、诫勉谈话、警示性谈话；移送司法机关。")]
    four_form: Annotated[Choice(FourForm) | None, Field(title="形态", description="四种形态之一；不填则按方式推定（第一种：谈话提醒、批评教育、责令检查、诫勉等；第二种：轻处分、组织调整；第三种：重处分、重大职务调整；第四种：移送司法机关）。")] = None
    date: Annotated[Date, Field(title="决定日期", description="作出决定的日期。")]
    basis: Annotated[str | None, Field(title="依据", description="例如 问责条例第七条第（八）项、第八条。")] = None
    delivered_on: Annotated[Date | None, Field(title="送达日期", description="宣布、送达的日期；申诉期和执行期由此起算。")] = None
    executed_on: Annotated[Date | None, Field(title="执行日期", description="决定执行完毕的日期（组织调整办理完毕、处分执行、谈话已进行等）。")] = None
    appeal: Annotated[Appeal | None, Field(title="申诉", description="被处理者提出申诉时填写；申诉期间不停止执行。")] = None
    note: Annotated[str | None, Field(title="说明", description="其他说明。")] = None

    @model_validator(mode="after")
    def _check(self) -> Decision:
        _one_target(self.person, self.body, self.department, "处理决定")
        _not_before(self.delivered_on, self.date, "送达日期", "决定日期")
        _not_before(self.executed_on, self.date, "执行日期", "决定日期")
        if self.appeal is not None:
            _not_before(self.appeal.date, self.delivered_on or self.date, "申诉日期", "送达日期")
        return self

    @property
    def target(self) -> str:
        return subject_key(self.person, self.department, self.body)

    @property
    def is_organization(self) -> bool:
        return self.person is None


class Closure(Model):
    """结案。"""

    model_config = ConfigDict(title="结案")

    date: Annotated[Date, Field(title="结案日期", description="格式 YYYY-MM-DD。")]
    outcome: Annotated[str | None, Field(title="结案结论", description="例如 给予诫勉谈话，整改到位；问题不属实，予以了结。")] = None
    reason: Annotated[str | None, Field(title="结案理由", description="为什么可以结案，例如 处理决定已执行完毕、整改经核查到位。调离、退休不是结案理由。")] = None


# Aliases: ``Case`` has a field called ``list``, which hides the builtin in its class body.
_People = list[PersonRef("涉及人员", "人员编号。")]  # type: ignore[misc]
_Departments = list[DepartmentRef("涉及部门", "部门编号。")]  # type: ignore[misc]
_Items = list[Annotated[str, Ref("responsibility")]]
_Stages = list[StageEntry]
_Determinations = list[Determination]
_Decisions = list[Decision]


class Case(Record):
    """责任追究案件。"""

    model_config = ConfigDict(
        title="责任追究案件",
        json_schema_extra={
            "description": "一件问责或责任追究案件：事实、发生和发现日期、发现方式与来源、涉及的责任事项，各办理阶段及日期，"
                           "责任认定和处理决定，结案情况。由 dj pursue 写入。文件放在 cases/年度/ 目录；"
                           "案件材料敏感，可单独放在一个权限更严的仓库中（见 README）。"
        },
    )

    title: Annotated[str, Field(title="案件名称", description="简要名称，例如 某部门违规发放补贴问题。dj check 的提示不引用案件名称和事实，只写案件编号。", min_length=1)]
    facts: Annotated[str | None, Field(title="基本事实", description="经核实的基本事实。")] = None
    incident_start: Annotated[Date, Field(title="事发日期", description="问题发生（开始）的日期；据此确定当时的任职，而不是现在的任职。")]
    incident_end: Annotated[Date | None, Field(title="事发截止日期", description="问题持续一段时间时填写其结束日期。")] = None
    found_on: Annotated[Date, Field(title="发现日期", description="发现问题或收到线索的日期。")]
    how_found: Annotated[Choice(DiscoveryMode), Field(title="发现方式", description="主动排查或被动查处；主动发现并坚决查处的可从轻、减轻或免予追究。")]
    source: Annotated[Choice(CaseSource), Field(title="线索来源", description="巡视、巡察、信访举报、审计、上级交办、日常检查、检查考核、核单、自查或其他。")]
    source_note: Annotated[str | None, Field(title="来源说明", description="来源为其他时写明，例如 媒体报道。")] = None
    items: Annotated[_Items, Field(title="涉及的责任事项", description="责任事项编号，例如 [2024-zs-01]。")] = []
    list: Annotated[str | None, Ref("list"), Field(title="涉及的责任清单", description="责任清单文件编号。")] = None
    chain: Annotated[str | None, Ref("chain"), Field(title="涉及的重点工作链条", description="重点工作责任链条编号。")] = None
    people: Annotated[_People, Field(title="涉及人员", description="案件涉及的人员编号（尚未认定责任）。")] = []
    departments: Annotated[_Departments, Field(title="涉及部门", description="案件涉及的部门编号。")] = []
    stages: Annotated[_Stages, Field(title="办理阶段", description="按先后顺序记录进入每个阶段的日期，第一项通常为受理。", min_length=1)]
    verdict: Annotated[Choice(Verdict) | None, Field(title="核实结论", description="属实、部分属实或不属实；尚未核实时不填。")] = None
    determinations: Annotated[_Determinations, Field(title="责任认定", description="每名责任人（或责任主体）一项；“一案双查”：既查直接责任，也查领导责任。")] = []
    decisions: Annotated[_Decisions, Field(title="处理决定", description="每个处理对象、每种方式一项。")] = []
    closure: Annotated[Closure | None, Field(title="结案", description="结案时填写日期、结论和理由。")] = None
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    @model_validator(mode="after")
    def _check(self) -> Case:
        _not_before(self.incident_end, self.incident_start, "事发截止日期", "事发日期")
        _not_before(self.found_on, self.incident_start, "发现日期", "事发日期")
        previous: StageEntry | None = None
        for entry in self.stages:
            if previous is not None:
                if STAGE_ORDER.index(entry.stage) <= STAGE_ORDER.index(previous.stage):
                    raise PydanticCustomError(
                        "stages", "阶段“{stage}”排在“{previous}”之后，顺序不对或重复。阶段的顺序是：{order}。",
                        {"stage": entry.stage.value, "previous": previous.stage.value, "order": " → ".join(STAGE_ORDER)})
                _not_before(entry.date, previous.date, f"“{entry.stage.value}”的日期", f"“{previous.stage.value}”的日期")
            previous = entry
        if self.closure is not None and self.stages[-1].stage != Stage.CLOSED:
            raise PydanticCustomError("closure", "已填写结案（closure），但办理阶段的最后一项不是“结案”，请在 stages 中补上结案阶段。")
        return self

    @property
    def stage(self) -> Stage:
        """The current stage: the last one entered."""
        return self.stages[-1].stage

    @property
    def entered(self) -> dt.date:
        """The day the current stage was entered."""
        return self.stages[-1].date

    @property
    def year(self) -> int:
        return self.stages[0].date.year

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED


# ---------------------------------------------------------------- talk


class FollowUp(Model):
    """谈话后的跟踪核查：要求改正的问题是否改正。"""

    model_config = ConfigDict(title="跟踪核查")

    date: Annotated[Date, Field(title="核查日期", description="格式 YYYY-MM-DD。")]
    by: PersonRef("核查人", "人员编号。")
    result: Annotated[Choice(FollowUpResult), Field(title="核查结论", description="已改正或未改正。")]
    note: Annotated[str | None, Field(title="说明", description="例如 已退回多报销的费用并作出书面检查。")] = None


class Talk(Record):
    """谈话记录：任职谈话、例行廉政谈话、提醒谈话、诫勉谈话、警示性谈话。"""

    model_config = ConfigDict(
        title="谈话记录",
        json_schema_extra={
            "description": "一次谈话：类别、日期、谈话人、谈话对象、个别或集体谈话，涉及的案件，要求改正的问题及期限，以及跟踪核查结果。"
                           "主要负责人每年至少与每名班子成员、班子成员每年至少与其分管部门负责人进行例行廉政谈话。"
                           "由 dj pursue talk 写入。文件放在 talks/年度/ 目录。"
        },
    )

    kind: Annotated[Choice(TalkKind), Field(title="谈话类别", description="任职谈话、例行廉政谈话、提醒谈话、诫勉谈话或警示性谈话。")]
    date: Annotated[Date, Field(title="谈话日期", description="格式 YYYY-MM-DD。")]
    by: PersonRef("谈话人", "人员编号，例如主要负责人或分管院领导。")
    form: Annotated[Choice(TalkForm), Field(title="形式", description="个别谈话或集体谈话。")] = TalkForm.INDIVIDUAL
    people: Annotated[list[PersonRef("谈话对象", "人员编号。")], Field(title="谈话对象", description="谈话对象的人员编号；集体谈话时列出全部对象。", min_length=1)]  # type: ignore[valid-type]
    case: Annotated[str | None, Ref("case"), Field(title="涉及的案件", description="因案件进行的谈话填写案件编号。")] = None
    topics: Annotated[str | None, Field(title="谈话要点", description="谈话的主要内容。")] = None
    to_correct: Annotated[str | None, Field(title="须改正的问题", description="要求立即或限期改正的问题。")] = None
    correct_by: Annotated[Date | None, Field(title="改正期限", description="须在此日期前改正；立即改正的填谈话当日。")] = None
    follow_up: Annotated[FollowUp | None, Field(title="跟踪核查", description="核查改正情况后填写。")] = None
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    @field_validator("people")
    @classmethod
    def _people(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("form") == TalkForm.INDIVIDUAL and len(value) > 1:
            raise PydanticCustomError("talk", "个别谈话只能有一名谈话对象；对多人谈话请把 form 改为 集体谈话。")
        if info.data.get("by") in value:
            raise PydanticCustomError("talk", "谈话人 {by} 不能同时是谈话对象。", {"by": info.data.get("by")})
        if len(set(value)) != len(value):
            raise PydanticCustomError("talk", "谈话对象中有重复的人员，请删去重复的一项。")
        return value

    @model_validator(mode="after")
    def _check(self) -> Talk:
        if self.correct_by is not None and not (self.to_correct or "").strip():
            raise PydanticCustomError("talk", "填写了改正期限 correct_by，请在 to_correct 中写明须改正的问题。")
        _not_before(self.correct_by, self.date, "改正期限", "谈话日期")
        if self.follow_up is not None:
            _not_before(self.follow_up.date, self.date, "核查日期", "谈话日期")
        return self


# ---------------------------------------------------------------- handover


class HandoverArea(Model):
    """离任交接的一个方面及其未结事项。"""

    model_config = ConfigDict(title="交接事项")

    area: Annotated[str, Field(title="方面", description="例如 重点工作任务、重大资金项目、党建责任落实、巡视巡察整改、历史遗留问题和风险隐患（dj.yaml 中 settings.pursue.handover_areas）。", min_length=1)]
    open_items: Annotated[list[str], Field(title="未结事项", description="移交的未结事项，每项一句话。")] = []
    items: Annotated[list[Annotated[str, Ref("responsibility")]], Field(title="移交的责任事项", description="责任事项编号。")] = []
    cases: Annotated[list[Annotated[str, Ref("case")]], Field(title="移交的案件", description="未结案件编号。")] = []
    reminders: Annotated[list[Annotated[str, Ref("reminder")]], Field(title="移交的提示单", description="提示单编号。")] = []
    inspections: Annotated[list[Annotated[str, Ref("inspection")]], Field(title="移交的整改", description="有未完成整改的检查记录编号。")] = []


class Handover(Record):
    """离任交接：党风廉政建设责任的交接。"""

    model_config = ConfigDict(
        title="离任交接",
        json_schema_extra={
            "description": "一段任职结束时党风廉政建设责任的交接：离任者、职务、任职结束日期、交接日期、接手人，"
                           "按方面列出移交的未结事项、案件、提示单和整改，离任者的说明，以及抄送纪检、组织、财政、审计的情况。"
                           "须在任职结束后 settings.pursue.handover_days 天内完成。调离、退休不免除责任（终身问责）。"
                           "由 dj pursue handover 写入。文件放在 handovers/年度/ 目录。"
        },
    )

    person: PersonRef("离任者", "人员编号。")
    post: Annotated[str, Field(title="职务", description="结束的职务名称，与人员记录中的任职经历一致，例如 副检察长。", min_length=1)]
    post_ended: Annotated[Date, Field(title="任职结束日期", description="该职务结束的日期（人员记录中任职经历的结束日期）。")]
    date: Annotated[Date, Field(title="交接日期", description="完成交接的日期。")]
    to: PersonRef("接手人", "接手该职务（或其工作）的人员编号。", optional=True) = None
    areas: Annotated[list[HandoverArea], Field(title="交接事项", description="按方面列出移交的未结事项；没有未结事项的方面也可列出并留空。")] = []
    statement: Annotated[str | None, Field(title="离任者说明", description="离任者对任内履行党风廉政建设责任情况的说明。")] = None
    copies_to: Annotated[list[Choice(CopyTo)], Field(title="抄送", description="纪检、组织、财政、审计中的若干项。")] = []  # type: ignore[valid-type]
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    @field_validator("to")
    @classmethod
    def _not_self(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and value == info.data.get("person"):
            raise PydanticCustomError("handover", "接手人不能是离任者本人，请填写接手该职务或工作的人员编号。")
        return value

    @model_validator(mode="after")
    def _check(self) -> Handover:
        seen: set[str] = set()
        for area in self.areas:
            if area.area in seen:
                raise PydanticCustomError("handover", "方面“{area}”重复出现，请合并为一项。", {"area": area.area})
            seen.add(area.area)
        return self


__all__ = [
    "AccountabilityLiability", "Appeal", "CADRE_FORMS", "Case", "CaseSource", "Circumstance", "CircumstanceKind", "Closure",
    "CopyTo", "DISCIPLINE_TYPES", "Decision", "DecisionForm", "Determination", "DisciplineLiability", "DiscoveryMode",
    "FIRST_FORM_MEASURES", "FollowUp", "FollowUpResult", "FourForm", "Handover", "HandoverArea", "LIABILITIES",
    "ORG_FORMS", "ORG_MEASURES", "Regime", "STAGE_ORDER", "Scope", "Stage", "StageEntry", "Talk", "TalkForm", "TalkKind",
    "Verdict", "Vote",
]
