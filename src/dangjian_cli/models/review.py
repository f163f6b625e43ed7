"""Records of 检查考核 (the second link of the responsibility system): checks, 述责述廉, 民主测评, 座谈.

《关于实行党风廉政建设责任制的规定》(2010): the results of 检查考核 are "领导班子总体评价和领导干部
业绩评定、奖励惩处、选拔任用的重要依据" (shared/domain.md A3 item 26, B5). A check (检查记录) lists
what it found and how each finding is rectified and verified; a 述责述廉 report is a Markdown file
with YAML front matter; a 民主测评 is kept as a tally only, never as individual ballots; a 座谈
keeps the opinions of the masses and a 群众满意度 figure.

The models check only what a record says by itself. Whatever depends on dj.yaml (the scales,
the dimensions, the minimum of valid ballots, the statement sections, the default deadline of a
rectification) or on other records is judged by the rules (``rules/review.py``) through the
queries of ``analysis/review.py``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .assign import Year
from .base import Choice, Date, DepartmentRef, Model, PersonRef, Record, Ref, subject_key


class InspectionKind(StrEnum):
    """检查的类别。"""

    ROUTINE = "日常检查"
    SPECIAL = "专项检查"
    HALF_YEAR = "半年检查"
    ANNUAL = "年度考核"
    DEMOCRATIC_LIFE = "民主生活会检查"
    ORGANIZATIONAL_LIFE = "组织生活会检查"


class FindingSeverity(StrEnum):
    """检查发现问题的严重程度。"""

    MINOR = "一般"
    SERIOUS = "较重"
    GRAVE = "严重"


class RectificationStatus(StrEnum):
    """整改状态。"""

    OPEN = "未整改"
    IN_PROGRESS = "整改中"
    DONE = "已整改"


class CheckResult(StrEnum):
    """整改验收（跟踪核查）的结论。"""

    PASSED = "整改到位"
    FAILED = "未整改到位"


class StatementOccasion(StrEnum):
    """述责述廉的场合。"""

    HALF_YEAR = "半年小结"
    DEMOCRATIC_LIFE = "民主生活会"
    ORGANIZATIONAL_LIFE = "组织生活会"
    YEAR_END = "年终总结"


class TallyOccasion(StrEnum):
    """民主测评的场合。"""

    HALF_YEAR = "半年小结"
    DEMOCRATIC_LIFE = "民主生活会"
    ORGANIZATIONAL_LIFE = "组织生活会"
    YEAR_END = "年终总结"
    ANNUAL = "年度考核"


class OpinionStatus(StrEnum):
    """座谈意见的办理状态。"""

    OPEN = "未办理"
    IN_PROGRESS = "办理中"
    DONE = "已办结"


def _one_subject_at_most(person: str | None, department: str | None, body: str | None, required: bool) -> None:
    given = [v for v in (person, department, body) if v is not None]
    if len(given) > 1 or (required and not given):
        what = "请填写" if required else "最多填写"
        raise PydanticCustomError(
            "subject", f"{what} person（人员编号）、department（部门编号）或 body（例如 党组）中的一个，不能同时填写几个。")
    if body is not None and not body.strip():
        raise PydanticCustomError("subject", "body 不能为空，请填写 党组 或 领导班子。")


_BODY = Annotated[str | None, Field(title="集体", description="对象为党组、领导班子等集体时填写其名称，例如 党组。")]


class RectificationCheck(Model):
    """对一项整改的跟踪核查（验收）。"""

    model_config = ConfigDict(title="整改核查")

    date: Annotated[Date, Field(title="核查日期", description="格式 YYYY-MM-DD。")]
    by: PersonRef("核查人", "核查整改情况的人员编号，通常为纪检监察人员。")
    result: Annotated[Choice(CheckResult), Field(title="核查结论", description="整改到位或未整改到位。")]
    note: Annotated[str | None, Field(title="说明", description="核查的方式和发现，例如 查阅台账、个别谈话。")] = None


class Rectification(Model):
    """一项整改措施：内容、责任人、期限、状态和核查。"""

    model_config = ConfigDict(title="整改措施")

    measure: Annotated[str, Field(title="整改措施", description="具体的整改措施。", min_length=1)]
    owner: PersonRef("整改责任人", "负责落实整改的人员编号。")
    deadline: Annotated[Date | None, Field(
        title="整改期限", description="须在此日期前完成；不填则为检查日期加 dj.yaml 中 settings.deadlines.rectification_report_days 天（默认一个月）。")] = None
    status: Annotated[Choice(RectificationStatus), Field(title="整改状态", description="未整改、整改中或已整改。")] = RectificationStatus.OPEN
    done_on: Annotated[Date | None, Field(title="完成日期", description="整改完成的日期；状态为已整改时填写。")] = None
    verification: Annotated[RectificationCheck | None, Field(
        title="整改核查", description="对整改情况的跟踪核查；已整改的事项须经核查，dj check 会提示没有核查的已整改事项。")] = None

    @model_validator(mode="after")
    def _done(self) -> Rectification:
        if self.done_on is not None and self.status != RectificationStatus.DONE:
            raise PydanticCustomError("rectification_done", "填写了完成日期 done_on，整改状态应为 已整改（现为 {status}）；尚未完成时请删去 done_on。",
                                      {"status": str(self.status)})
        if self.verification is not None and self.done_on is not None and self.verification.date < self.done_on:
            raise PydanticCustomError("rectification_done", "核查日期 {check} 早于完成日期 {done}，请改正其中之一。",
                                      {"check": str(self.verification.date), "done": str(self.done_on)})
        return self


class InspectionFinding(Model):
    """检查发现的一个问题及其整改。"""

    model_config = ConfigDict(title="发现的问题")

    text: Annotated[str, Field(title="问题", description="发现的问题，写明事实。", min_length=1)]
    severity: Annotated[Choice(FindingSeverity), Field(title="严重程度", description="一般、较重或严重。")] = FindingSeverity.MINOR
    person: PersonRef("涉及人员", "问题涉及的责任人的人员编号；涉及部门或集体时不填。", optional=True) = None
    department: DepartmentRef("涉及部门", "问题涉及的部门编号。", optional=True) = None
    body: _BODY = None
    item: Annotated[str | None, Ref("responsibility"), Field(title="责任事项", description="问题涉及的责任事项编号，可不填。")] = None
    rectifications: Annotated[list[Rectification], Field(
        title="整改措施", description="针对该问题的整改措施；每个问题至少要有一项，dj check 会提示没有整改措施的问题。")] = []

    @model_validator(mode="after")
    def _subject(self) -> InspectionFinding:
        _one_subject_at_most(self.person, self.department, self.body, required=False)
        return self

    @property
    def subject(self) -> str | None:
        """Whom the finding is about (``subject_key``), None when it is about the unit as a whole."""
        return subject_key(self.person, self.department, self.body)


class Inspection(Record):
    """检查记录：一次检查考核的类别、日期、检查人、检查对象、发现的问题和整改。"""

    model_config = ConfigDict(
        title="检查记录",
        json_schema_extra={"description": "日常检查、专项检查、半年检查、年度考核、民主生活会检查或组织生活会检查的记录："
                                          "检查了什么（责任事项、人员、部门、党支部），发现了什么问题（严重程度、涉及谁），"
                                          "每个问题的整改措施、责任人、期限、状态和跟踪核查。文件放在 inspections/年度/ 目录。"},
    )

    kind: Annotated[Choice(InspectionKind), Field(title="检查类别", description="日常检查、专项检查、半年检查、年度考核、民主生活会检查或组织生活会检查。")]
    date: Annotated[Date, Field(title="检查日期", description="检查（或检查结束）的日期，格式 YYYY-MM-DD。")]
    year: Annotated[int | None, Field(title="所属年度", description="检查考核的年度；不填则为检查日期的年份（次年年初考核上一年度时填写）。", ge=2000, le=2100)] = None
    title: Annotated[str | None, Field(title="标题", description="例如 2024年上半年党风廉政建设责任制检查。")] = None
    inspectors: Annotated[list[PersonRef("检查人", "检查人的人员编号。")], Field(title="检查人", description="参加检查的人员编号。", min_length=1)]
    items: Annotated[list[Annotated[str, Ref("responsibility")]], Field(title="检查的责任事项", description="检查的责任事项编号。")] = []
    people: Annotated[list[PersonRef("被检查人", "被检查人员的人员编号。")], Field(title="被检查人员", description="被检查的责任人的人员编号。")] = []
    departments: Annotated[list[DepartmentRef("被检查部门", "被检查部门的部门编号。")], Field(title="被检查部门", description="被检查部门的部门编号。")] = []
    branches: Annotated[list[str], Field(title="被检查党支部", description="被检查党支部的名称，例如 第一党支部。")] = []
    methods: Annotated[list[str], Field(title="检查方式", description="例如 听取汇报、民主测评、个别谈话、查阅资料、明查暗访。")] = []
    findings: Annotated[list[InspectionFinding], Field(title="发现的问题", description="检查发现的问题及其整改；没有发现问题时不填。")] = []
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    @property
    def review_year(self) -> int:
        """The year the check assesses: ``year`` when given, else the year of its date."""
        return self.year if self.year is not None else self.date.year


class Statement(Record):
    """述责述廉报告：某人在某场合的述责述廉，正文为 Markdown，各部分用标题分开。"""

    model_config = ConfigDict(
        title="述责述廉",
        json_schema_extra={"description": "一人一次述责述廉（半年小结、民主生活会、组织生活会或年终总结）。"
                                          "Markdown 文件，开头是 YAML 头信息（person、year、occasion、date），正文用“## 履行责任情况”"
                                          "“## 存在问题”“## 个人廉洁自律”“## 整改措施和下一步打算”等标题分成各部分"
                                          "（必备部分见 dj.yaml 中 settings.review.statement_sections）。文件放在 statements/年度/ 目录。"},
    )

    person: PersonRef("述职人", "述责述廉人员的人员编号。")
    year: Year
    occasion: Annotated[Choice(StatementOccasion), Field(title="场合", description="半年小结、民主生活会、组织生活会或年终总结。")]
    date: Annotated[Date, Field(title="日期", description="述责述廉（或提交书面报告）的日期，格式 YYYY-MM-DD。")]
    oral: Annotated[bool, Field(title="现场述职", description="主要负责人现场口头述责述廉时为 true；书面报告为 false。")] = False
    text: Annotated[str | None, Field(title="报告正文", description="述责述廉报告正文；Markdown 文件的正文自动填入此处。")] = None
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None


NonNegative = Annotated[int, Field(ge=0)]


class TallyDimension(Model):
    """民主测评中一个测评项目的各等次票数。"""

    model_config = ConfigDict(title="测评项目")

    name: Annotated[str, Field(title="测评项目", description="例如 落实主体责任、遵守政治纪律、执行民主集中制、改进作风、廉洁自律（见 settings.review.dimensions）。", min_length=1)]
    counts: Annotated[dict[str, NonNegative], Field(
        title="各等次票数", description="等次及其票数，等次须属于测评使用的等次表，例如 {优秀: 12, 称职: 3, 基本称职: 0, 不称职: 0}；各等次票数合计应等于有效票数。")]


class Tally(Record):
    """民主测评汇总：只记各项目各等次的票数，不记个人的测评票。"""

    model_config = ConfigDict(
        title="民主测评",
        json_schema_extra={"description": "一次民主测评的汇总：被测评人（或党组、部门）、使用的等次表、参加人数、有效票数、"
                                          "各测评项目各等次的票数，以及述责述廉测评得分。测评是无记名的：只记汇总票数，不得记录个人的测评票。"
                                          "文件放在 tallies/年度/ 目录。"},
    )

    date: Annotated[Date, Field(title="测评日期", description="格式 YYYY-MM-DD。")]
    year: Year
    occasion: Annotated[Choice(TallyOccasion), Field(title="场合", description="半年小结、民主生活会、组织生活会、年终总结或年度考核。")]
    person: PersonRef("被测评人", "被测评人员的人员编号；测评对象为党组或部门时不填。", optional=True) = None
    department: DepartmentRef("被测评部门", "测评对象为部门时填写部门编号。", optional=True) = None
    body: _BODY = None
    scale: Annotated[str, Field(title="等次表", description="测评使用的等次表名称，须为 dj.yaml 中 settings.review.scales 的一项，例如 履职、廉洁自律、责任制考核。", min_length=1)]
    participants: Annotated[int, Field(title="参加人数", description="参加测评的人数（发出的测评票数）。", ge=0)]
    valid: Annotated[int, Field(title="有效票数", description="收回的有效测评票数；不得多于参加人数，也不得少于 settings.review.min_valid_ballots（默认 8）。", ge=0)]
    dimensions: Annotated[list[TallyDimension], Field(title="测评项目", description="每个测评项目一项，写明各等次的票数。", min_length=1)]
    statement_score: Annotated[float | None, Field(title="述责述廉测评得分", description="述责述廉测评的得分（0—100）；低于 settings.review.statement_threshold 时须书面说明、谈话和限期整改。", ge=0, le=100)] = None
    opinions: Annotated[list[str], Field(title="意见建议", description="测评表中的意见建议（汇总，不注明提出人）。")] = []
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    @model_validator(mode="after")
    def _subject(self) -> Tally:
        _one_subject_at_most(self.person, self.department, self.body, required=True)
        return self

    @property
    def subject(self) -> str:
        """The subject's key (``subject_key``)."""
        return subject_key(self.person, self.department, self.body) or ""


class ForumGroup(Model):
    """座谈的一类参加人员。"""

    model_config = ConfigDict(title="参加人员类别")

    group: Annotated[str, Field(title="类别", description="例如 干警代表、人民监督员、律师代表、群众代表。", min_length=1)]
    count: Annotated[int | None, Field(title="人数", description="本类参加人数；列出 people 时可不填。", ge=0)] = None
    people: Annotated[list[PersonRef("参加人员", "本单位参加人员的人员编号。")], Field(title="参加人员", description="本单位参加人员的人员编号；单位以外的人员只填人数。")] = []

    @model_validator(mode="after")
    def _some(self) -> ForumGroup:
        if self.count is None and not self.people:
            raise PydanticCustomError("forum_group", "请填写“{group}”的人数 count，或列出参加人员 people。", {"group": self.group})
        return self

    @property
    def size(self) -> int:
        """How many took part in this group: ``count`` when given, else the people listed."""
        return self.count if self.count is not None else len(self.people)


class ForumOpinion(Model):
    """座谈中的一条意见及其办理。"""

    model_config = ConfigDict(title="意见")

    text: Annotated[str, Field(title="意见", description="意见或建议的内容。", min_length=1)]
    person: PersonRef("涉及人员", "意见涉及的人员编号，可不填。", optional=True) = None
    department: DepartmentRef("涉及部门", "意见涉及的部门编号，可不填。", optional=True) = None
    follow_up: Annotated[str | None, Field(title="办理情况", description="对这条意见的办理和反馈情况。")] = None
    owner: PersonRef("办理责任人", "负责办理的人员编号，可不填。", optional=True) = None
    status: Annotated[Choice(OpinionStatus), Field(title="办理状态", description="未办理、办理中或已办结。")] = OpinionStatus.OPEN

    @model_validator(mode="after")
    def _subject(self) -> ForumOpinion:
        _one_subject_at_most(self.person, self.department, None, required=False)
        return self

    @property
    def subject(self) -> str | None:
        return subject_key(self.person, self.department, None)


class Satisfaction(Model):
    """群众满意度：满意（含基本满意）的人数和调查基数。"""

    model_config = ConfigDict(title="群众满意度")

    satisfied: Annotated[int, Field(title="满意人数", description="表示满意（含基本满意）的人数。", ge=0)]
    base: Annotated[int, Field(title="调查人数", description="参加满意度调查的人数（基数）。", ge=1)]
    basis: Annotated[str | None, Field(title="调查方式", description="例如 座谈会现场填写满意度调查表。")] = None

    @model_validator(mode="after")
    def _within(self) -> Satisfaction:
        if self.satisfied > self.base:
            raise PydanticCustomError("satisfaction", "满意人数 {satisfied} 多于调查人数 {base}，请改正其中之一。",
                                      {"satisfied": self.satisfied, "base": self.base})
        return self

    @property
    def share(self) -> float:
        """Satisfied over base, between 0 and 1."""
        return self.satisfied / self.base


class Forum(Record):
    """座谈记录：参加人员、意见建议及其办理、群众满意度。"""

    model_config = ConfigDict(
        title="座谈",
        json_schema_extra={"description": "一次座谈（征求意见）的日期、主题、各类参加人员、意见建议及其办理情况和群众满意度"
                                          "（满意人数和调查人数）。“组织查”与“群众议”相结合的群众议部分。文件放在 forums/年度/ 目录。"},
    )

    date: Annotated[Date, Field(title="座谈日期", description="格式 YYYY-MM-DD。")]
    year: Annotated[int | None, Field(title="所属年度", description="不填则为座谈日期的年份。", ge=2000, le=2100)] = None
    topic: Annotated[str, Field(title="主题", description="例如 2024年度党风廉政建设责任制落实情况征求意见座谈会。", min_length=1)]
    host: PersonRef("主持人", "主持人的人员编号。", optional=True) = None
    person: PersonRef("评议对象", "座谈评议某个人时填写其人员编号；评议全院时不填。", optional=True) = None
    department: DepartmentRef("评议部门", "座谈评议某个部门时填写部门编号。", optional=True) = None
    body: _BODY = None
    groups: Annotated[list[ForumGroup], Field(title="参加人员", description="按类别列出参加人员：人数或本单位人员编号。", min_length=1)]
    opinions: Annotated[list[ForumOpinion], Field(title="意见建议", description="座谈中提出的意见建议及其办理情况。")] = []
    satisfaction: Annotated[Satisfaction | None, Field(title="群众满意度", description="满意人数和调查人数，例如 {satisfied: 46, base: 50}。")] = None
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    @model_validator(mode="after")
    def _subject(self) -> Forum:
        _one_subject_at_most(self.person, self.department, self.body, required=False)
        return self

    @property
    def subject(self) -> str | None:
        """Whom the forum assessed (``subject_key``); None for the unit as a whole."""
        return subject_key(self.person, self.department, self.body)

    @property
    def review_year(self) -> int:
        return self.year if self.year is not None else self.date.year


__all__ = [
    "CheckResult", "FindingSeverity", "Forum", "ForumGroup", "ForumOpinion", "Inspection", "InspectionFinding",
    "InspectionKind", "OpinionStatus", "Rectification", "RectificationCheck", "RectificationStatus", "Satisfaction",
    "Statement", "StatementOccasion", "Tally", "TallyDimension", "TallyOccasion", "subject_key",
]
