"""Records of 责任分解 beyond the lists themselves: key-work chains, study plans and sessions, sign-offs.

The chain roles follow the 谁主管谁负责、逐级负责 principle of 《关于实行党风廉政建设责任制的规定》
(2010) 第五条: a 牵头领导, the 责任部门, its 分管领导 and 部门领导, and the 具体承办人员 each answer
for their own link.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ..dates import Span, clip_to_year
from .base import Choice, Date, DepartmentRef, Model, PersonRef, Record, Ref, one_of_two
from .enums import Frequency


class ChainRole(StrEnum):
    """重点工作责任链条的环节。"""

    LEAD = "牵头领导"
    DEPARTMENT = "责任部门"
    SUPERVISOR = "分管领导"
    HEAD = "部门领导"
    HANDLER = "具体承办人员"


# The leader links: their responsibility must not be pushed down onto the links below.
LEADER_ROLES = (ChainRole.LEAD, ChainRole.SUPERVISOR)
SUBORDINATE_ROLES = (ChainRole.HEAD, ChainRole.HANDLER)

Year = Annotated[int, Field(title="年度", description="所属年度，例如 2024。", ge=2000, le=2100)]


class ChainLink(Model):
    """责任链条中的一个环节：由谁（或哪个部门）负责、负责什么、不履行如何追究。"""

    model_config = ConfigDict(
        title="链条环节",
        json_schema_extra={"allOf": [one_of_two(  # _subject, for the editor
            "role", "责任部门",
            ("department", {"type": "string"}, "环节为责任部门时，请填写 department（部门编号），不要填写 person。",
             "环节为责任部门时，请填写 department（部门编号）。", "环节为责任部门时，请填写 department（部门编号），不要填写 person。"),
            ("person", {"type": "string"}, "环节为个人（牵头领导、分管领导、部门领导、具体承办人员）时，请填写 person（人员编号）。",
             "请填写 person（人员编号）。", "环节为个人时，请填写 person（人员编号），不要填写 department。"),
        )]},
    )

    role: Annotated[Choice(ChainRole), Field(title="环节", description="牵头领导、责任部门、分管领导、部门领导或具体承办人员。")]
    person: PersonRef("责任人", "该环节责任人的人员编号；环节为责任部门时不填。", optional=True) = None
    department: DepartmentRef("部门", "环节为责任部门时填写部门编号。", optional=True) = None
    start: Annotated[Date | None, Field(title="开始日期", description="该环节由此人负责的开始日期；不填则从年初开始。人员中途变动时分段填写。")] = None
    end: Annotated[Date | None, Field(title="结束日期", description="该环节由此人负责的结束日期；不填则到年底。")] = None
    duty: Annotated[str | None, Field(title="责任内容", description="该环节负责的具体事项。")] = None
    accountability: Annotated[str | None, Field(title="追究条款", description="该环节不履行或履行不力时如何追究。")] = None

    @model_validator(mode="after")
    def _subject(self) -> ChainLink:
        if self.role == ChainRole.DEPARTMENT:
            if self.department is None or self.person is not None:
                raise PydanticCustomError("link_subject", "环节为责任部门时，请填写 department（部门编号），不要填写 person。")
        elif self.person is None or self.department is not None:
            raise PydanticCustomError("link_subject", "环节为{role}时，请填写 person（人员编号），不要填写 department。", {"role": str(self.role)})
        if self.start is not None and self.end is not None and self.end < self.start:
            raise PydanticCustomError("link_dates", "结束日期 {end} 早于开始日期 {start}。", {"end": str(self.end), "start": str(self.start)})
        return self

    def span(self, year: int) -> Span:
        """The days of the year this link covers."""
        return clip_to_year(year, self.start, self.end)


class KeyWorkChain(Record):
    """一项重点工作的责任链条。"""

    model_config = ConfigDict(
        title="重点工作责任链条",
        json_schema_extra={"description": "干部选拔任用、经费管理使用、物资采购等重点工作的牵头领导、责任部门、分管领导、部门领导和具体承办人员，以及工作程序、纪律和各环节的追究规定。文件放在 chains/ 目录。"},
    )

    year: Year
    area: Annotated[str, Field(title="重点工作", description="须与 dj.yaml 中 settings.assign.key_work_areas 的某一项一致，例如 干部选拔任用。", min_length=1)]
    links: Annotated[list[ChainLink], Field(title="环节", description="每个环节一项；同一环节人员中途变动时，分段列出并填写 start/end。")] = []
    procedure: Annotated[list[str], Field(title="工作程序", description="按顺序列出的工作步骤。")] = []
    discipline: Annotated[list[str], Field(title="工作纪律", description="办理该项工作必须遵守的纪律要求。")] = []
    basis: Annotated[str | None, Field(title="依据", description="来源法规及条款。")] = None
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    def links_of(self, role: ChainRole) -> list[tuple[int, ChainLink]]:
        return [(i, link) for i, link in enumerate(self.links) if link.role == role]


class PlanEntry(Model):
    """学习计划中的一种学习形式及其计划次数或月份。"""

    model_config = ConfigDict(
        title="学习安排",
        json_schema_extra={"allOf": [  # _one_plan, for the editor
            {
                "if": {"properties": {"per": {"enum": [f.value for f in Frequency if f.measurable]}}, "required": ["per"]},
                "then": {
                    "required": ["count"],
                    "errorMessage": "填写了周期（per）时，请同时填写计划次数（count）。",
                    "properties": {"count": {"type": "integer", "errorMessage": "填写了周期（per）时，请同时填写计划次数（count）。"}},
                },
            },
            {
                "if": {"properties": {"months": {"minItems": 1}}, "required": ["months"]},
                "then": {"properties": {"count": {"type": "null", "errorMessage": "计划次数（count）和计划月份（months）只能填写一种。"}}},
            },
        ]},
    )

    form: Annotated[str, Field(title="学习形式", description="须为 dj.yaml 中 settings.assign.study_forms 的一项，例如 党组理论中心组学习、警示教育片。", min_length=1)]
    count: Annotated[int | None, Field(title="计划次数", description="每个周期至少开展的次数；与 per 一起使用，不填 per 则为全年次数。", ge=0)] = None
    per: Annotated[Choice(Frequency) | None, Field(title="周期", description="每周、每半月、每月、每季度、每半年或每年；定期、适时、及时 不计次数。")] = None
    months: Annotated[list[Annotated[int, Field(ge=1, le=12)]], Field(title="计划月份", description="计划开展的月份（1—12），例如 [3, 6, 9, 12]；到某月底累计应开展的次数即此前计划月份的个数。")] = []
    department: DepartmentRef("部门", "只统计该部门开展的学习（部门集体学习时填写）。", optional=True) = None
    participants: Annotated[str | None, Field(title="参加范围", description="例如 党组成员、全体干警。")] = None
    topics: Annotated[list[str], Field(title="学习内容", description="计划的学习专题。")] = []

    @model_validator(mode="after")
    def _one_plan(self) -> PlanEntry:
        if self.months and self.count is not None:
            raise PydanticCustomError("plan_kind", "计划次数（count）和计划月份（months）只能填写一种。")
        if self.per is not None and self.per.measurable and self.count is None:
            raise PydanticCustomError("plan_kind", "填写了周期（per）时，请同时填写计划次数（count）。")
        if self.per is not None and not self.per.measurable and self.count is not None:
            raise PydanticCustomError("plan_kind", "周期“{per}”无法计次，请删去 count，或把周期改为 每月、每季度 等。", {"per": str(self.per)})
        return self


class StudyPlan(Record):
    """年度理论学习计划。"""

    model_config = ConfigDict(
        title="理论学习计划",
        json_schema_extra={"description": "一年的理论学习安排：党组理论中心组学习、部门集体学习、个人自学、警示教育片、现场教学等的计划次数或月份。文件放在 study_plans/ 目录。"},
    )

    year: Year
    title: Annotated[str | None, Field(title="标题", description="例如 2024年度理论学习计划。")] = None
    entries: Annotated[list[PlanEntry], Field(title="学习安排", description="每种学习形式一项。", min_length=1)]
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None


class StudySession(Record):
    """一次学习活动的记录。"""

    model_config = ConfigDict(
        title="学习记录",
        json_schema_extra={"description": "一次学习的日期、形式、主题、参加人员和学习材料。文件放在 study_sessions/ 目录，可以是 YAML，也可以是带 YAML 头信息的 Markdown（正文为学习记录）。"},
    )

    date: Annotated[Date, Field(title="日期", description="学习日期，格式 YYYY-MM-DD。")]
    form: Annotated[str, Field(title="学习形式", description="须为 dj.yaml 中 settings.assign.study_forms 的一项。", min_length=1)]
    topic: Annotated[str, Field(title="主题", description="学习主题。", min_length=1)]
    host: PersonRef("主持人", "主持人的人员编号。", optional=True) = None
    department: DepartmentRef("部门", "部门集体学习时填写部门编号。", optional=True) = None
    site: Annotated[str | None, Field(title="地点", description="现场教学时写明廉洁教育基地或红色资源的名称。")] = None
    attendees: Annotated[list[PersonRef("参加人员", "参加人员的人员编号。")], Field(title="参加人员", description="参加人员的人员编号列表。")] = []
    materials: Annotated[list[str], Field(title="学习材料", description="学习的文件、书目、警示教育片名称等。")] = []
    notes: Annotated[str | None, Field(title="记录", description="学习记录正文；Markdown 文件的正文自动填入此处。")] = None


def _bare_id(value: Any) -> Any:
    """An item written as its bare id (sign-offs made before digests were kept)."""
    return {"id": value} if isinstance(value, str) else value


class SignedItem(Model):
    """签字时的一项责任事项及其内容摘要。"""

    model_config = ConfigDict(title="签订的事项")

    id: Annotated[str, Ref("responsibility"), Field(title="事项编号", description="责任事项的编号。")]
    digest: Annotated[str | None, Field(title="内容摘要", description="签字时该事项内容的摘要，由 dj assign sign 写入；内容此后有改动时 dj check 会提示重新签单。请勿手工修改。",
                                        pattern=r"^[0-9a-f]{12}$")] = None


class SignOff(Record):
    """签单：责任人确认并签订本年度责任清单（责任书）。"""

    model_config = ConfigDict(
        title="责任书签订",
        json_schema_extra={"description": "某人签订某年度党风廉政建设责任书（签单）的记录，由 dj assign sign 写入。"
                                          "党组的清单由党组书记代表党组签订（填写 body）。文件放在 signoffs/ 目录。"},
    )

    year: Year
    person: PersonRef("签订人", "签订责任书的人员编号；代表党组签订时为党组书记。")
    body: Annotated[str | None, Field(title="代表的集体", description="代表党组（或领导班子）签订集体责任清单时填写其名称，例如 党组。")] = None
    date: Annotated[Date, Field(title="签订日期", description="签字日期，格式 YYYY-MM-DD。")]
    counterpart: PersonRef("签订对象", "与其签订责任书的上一级领导的人员编号；主要负责人与上级签订时不填。", optional=True) = None
    items: Annotated[list[Annotated[SignedItem, BeforeValidator(_bare_id, json_schema_input_type=str | SignedItem)]], Field(
        title="签订的责任事项", description="签字时清单中的各项及其内容摘要，由 dj assign sign 写入；清单此后有增删或改动时 dj check 会提示重新签单。")] = []
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    @property
    def subject(self) -> str:
        """Whose list was signed: the person's id, or ``body:党组`` for a collective list."""
        return f"body:{self.body}" if self.body else self.person
