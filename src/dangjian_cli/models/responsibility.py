"""Responsibility items (责任清单事项) in their basic shape."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .base import Choice, Date, DepartmentRef, Model, PersonRef, Record, Ref, subject_key
from .enums import BODY_TIERS, Duty, Frequency, SubjectGroup, SubjectTier, Timing, Unit


class Target(Model):
    """一项量化目标。"""

    model_config = ConfigDict(
        title="量化目标",
        json_schema_extra={"allOf": [  # _counted, for the editor
            {
                "if": {"properties": {"per": {"enum": [f.value for f in Frequency if f.measurable]}}, "required": ["per"]},
                "then": {"required": ["count"], "errorMessage": "填写了周期（per）时，请同时填写次数（count）；不便计次的请把周期写成 定期、适时 或 及时。"},
            },
            {
                "if": {"properties": {"per": {"enum": [f.value for f in Frequency if not f.measurable]}}, "required": ["per"]},
                "then": {"properties": {"count": {"type": "null", "errorMessage": "周期为 定期、适时、及时 时无法计次，请删去 count，或把周期改为 每月、每季度 等。"}}},
            },
            {
                "if": {"properties": {"months": {"minItems": 1}}, "required": ["months"]},
                "then": {"properties": {"timing": {"type": "null", "errorMessage": "时点（timing）和月份（months）只能填写一种。"}}},
            },
        ]},
    )

    description: Annotated[str, Field(title="目标", description="例如 每半年至少专题研究一次党风廉政建设。", min_length=1)]
    count: Annotated[int | None, Field(title="次数", description="每个周期至少的次数（大于 0）。", ge=1)] = None
    per: Annotated[Choice(Frequency) | None, Field(title="周期", description="每周、每半月、每月、每季度、每半年、每年；不便计次的写 定期、适时 或 及时。")] = None
    unit: Annotated[Choice(Unit) | None, Field(title="单位", description="次数的单位：次、天、人次、篇、小时或项；不填为次。")] = None
    timing: Annotated[Choice(Timing) | None, Field(title="时点", description="年内何时：年初、上半年、年中、下半年或年底。")] = None
    months: Annotated[list[Annotated[int, Field(ge=1, le=12)]], Field(title="月份", description="年内在哪几个月（1—12），例如 [6, 12]。")] = []

    @model_validator(mode="after")
    def _counted(self) -> Target:
        if self.per is not None and self.per.measurable and self.count is None:
            raise PydanticCustomError("target", "填写了周期（per）时，请同时填写次数（count）；不便计次的请把周期写成 定期、适时 或 及时。")
        if self.per is not None and not self.per.measurable and self.count is not None:
            raise PydanticCustomError("target", "周期“{per}”无法计次，请删去 count，或把周期改为 每月、每季度 等。", {"per": str(self.per)})
        if self.timing is not None and self.months:
            raise PydanticCustomError("target", "时点（timing）和月份（months）只能填写一种。")
        return self


SUBJECT_FIELDS = ("body", "department", "person", "group")


def _subject_rule() -> dict:
    """For the editor: which subject field each tier takes (the same rule as ``_one_subject``)."""
    bodies = [t.value for t in BODY_TIERS]
    individual = "责任主体为个人时，请在 person 中填写责任人的人员编号，或在 group 中填写人群（班子成员、部门负责人、中层干部、全体干警）。"
    collective = "责任主体为党组、领导班子或纪检组时只填写 body，不要填写 person、group 或 department。"
    department = "责任主体为部门时只填写 department，不要填写 person、group 或 body。"
    person = "责任主体为个人时不要填写 body 或 department；集体责任主体请把 tier 改为 党组、领导班子、纪检组 或 部门。"

    def empty(message: str) -> dict:
        return {"type": "null", "errorMessage": message}

    return {"allOf": [
        {"if": {"properties": {"tier": {"enum": bodies}}, "required": ["tier"]},
         "then": {"required": ["body"], "errorMessage": "责任主体为党组、领导班子或纪检组时，请填写 body（例如 党组），不要填写 person、group 或 department。",
                  "properties": {"person": empty(collective), "group": empty(collective), "department": empty(collective)}}},
        {"if": {"properties": {"tier": {"const": SubjectTier.DEPARTMENT.value}}, "required": ["tier"]},
         "then": {"required": ["department"], "errorMessage": "责任主体为部门时，请在 department 中填写部门编号。",
                  "properties": {"person": empty(department), "group": empty(department), "body": empty(department)}}},
        {"if": {"properties": {"tier": {"not": {"enum": [*bodies, SubjectTier.DEPARTMENT.value]}}}, "required": ["tier"]},
         "then": {"oneOf": [{"required": ["person"]}, {"required": ["group"]}], "errorMessage": individual,
                  "properties": {"body": empty(person), "department": empty(person)}}},
    ]}


# The item has a field named ``list`` (the list document it belongs to, as users write it);
# inside its class body the builtin is shadowed, so its list fields use these names.
Texts = list[str]
Targets = list[Target]


class ResponsibilityItem(Record):
    """责任清单中的一项责任。"""

    model_config = ConfigDict(
        title="责任事项",
        json_schema_extra={
            "description": "责任清单中的一项：谁负责、负责什么、做到什么程度、不履行如何追究。文件放在 responsibilities/ 目录。",
            **_subject_rule(),
        },
    )

    year: Annotated[int, Field(title="年度", description="清单所属年度，例如 2024。", ge=2000, le=2100)]
    tier: Annotated[Choice(SubjectTier), Field(title="责任主体层级", description="党组、领导班子、纪检组、主要负责人、班子成员、纪检监察负责人、部门、部门负责人、部门副职或具体承办人员。")]
    person: PersonRef("责任人", "责任人的人员编号；集体责任主体或人群不填。", optional=True) = None
    group: Annotated[Choice(SubjectGroup) | None, Field(title="责任人群", description="一条责任适用于一类人时填写：班子成员、部门负责人、中层干部（含副职）或全体干警；dj 按当时在岗的人展开，不必逐人复制。")] = None
    body: Annotated[str | None, Field(title="责任主体（集体）", description="责任主体为党组、领导班子或纪检组时填写其名称，须与 dj.yaml 中 organization 的名称一致，例如 党组。")] = None
    department: DepartmentRef("责任部门", "责任主体为部门时填写部门编号。", optional=True) = None
    list: Annotated[str | None, Ref("list"), Field(title="所属清单", description="本事项所属清单文件（lists/ 中的 id）。")] = None
    article: Annotated[str | None, Field(title="条款编号", description="清单中的条款编号，照原文填写，例如 第四条（一）。")] = None
    chapter: Annotated[str | None, Field(title="所属章节", description="清单中的章节编号，须为清单 chapters 中的一项，例如 二。")] = None
    order: Annotated[int | None, Field(title="顺序", description="在清单中的顺序号（正整数）；列表、责任书按此顺序排列。", ge=1)] = None
    duty: Annotated[Choice(Duty) | None, Field(title="责任类型", description="全面领导责任、主体责任、第一责任人、重要领导责任、一岗双责、监督责任、部门主体责任或岗位责任（dj 的规则按此判断）。")] = None
    duty_label: Annotated[str | None, Field(title="责任表述", description="清单原文对责任的表述，例如 负总责、政治领导责任。")] = None
    category: Annotated[str | None, Field(title="责任类别", description="清单对责任的分类，例如 领导责任、推动责任、监管责任、自律责任。")] = None
    area: Annotated[str, Field(title="工作领域", description="例如 政治建设、选人用人、经费管理使用、廉洁自律。", min_length=1)]
    content: Annotated[str, Field(title="责任内容", description="具体负责的事项。", min_length=1)]
    topics: Annotated[Texts, Field(title="覆盖要点", description="本事项覆盖的必备要点，例如 抓班子带队伍、廉洁自律（责任类型和工作领域已说明的可不重复）。")] = []
    targets: Annotated[Targets, Field(title="量化目标", description="可量化的要求。")] = []
    scope: Annotated[str | None, Field(title="责任范围", description="本事项适用的范围，例如 分管部门、全院。")] = None
    authority: Annotated[str | None, Field(title="职权依据", description="履行本责任所依托的职权。")] = None
    period: Annotated[str | None, Field(title="期限", description="例如 全年、每季度。")] = None
    deadline: Annotated[Date | None, Field(title="截止日期", description="完成期限，格式 YYYY-MM-DD，须在本事项的年度内。")] = None
    evidence: Annotated[Texts, Field(title="佐证形式", description="例如 会议记录、谈话笔记、报告。")] = []
    accountability: Annotated[str | None, Field(title="追究条款", description="不履行或履行不力时如何追究责任；清单有统一的追究章节时可不填。")] = None
    basis: Annotated[str | None, Field(title="依据", description="来源法规及条款，例如《党委（党组）落实全面从严治党主体责任规定》第八条。")] = None

    @model_validator(mode="after")
    def _one_subject(self) -> ResponsibilityItem:
        given = [f for f in SUBJECT_FIELDS if getattr(self, f) is not None]
        if self.tier in BODY_TIERS:
            if given != ["body"] or not self.body.strip():
                raise PydanticCustomError("subject", "责任主体为{tier}时，请填写 body（例如 {tier}），不要填写 person、group 或 department。", {"tier": str(self.tier)})
        elif self.tier == SubjectTier.DEPARTMENT:
            if given != ["department"]:
                raise PydanticCustomError("subject", "责任主体为部门时，请在 department 中填写部门编号，不要填写 person、group 或 body。")
        elif given not in (["person"], ["group"]):
            raise PydanticCustomError("subject", "责任主体为个人时，请在 person 中填写责任人的人员编号，或在 group 中填写人群"
                                      "（班子成员、部门负责人、中层干部、全体干警），两者只填一个，不要填写 body 或 department。")
        if self.deadline is not None and self.deadline.year != self.year:
            raise PydanticCustomError("deadline", "截止日期 {deadline} 不在本事项的年度 {year} 年内。请核对年度或截止日期。",
                                      {"deadline": str(self.deadline), "year": self.year})
        return self

    @property
    def subject(self) -> str:
        """The subject's key: a person id, ``group:班子成员``, ``department:d-office`` or ``body:党组``."""
        if self.group is not None:
            return f"group:{self.group}"
        return subject_key(self.person, self.department, self.body)


class Chapter(Model):
    """清单的一章。"""

    model_config = ConfigDict(title="章节")

    number: Annotated[str, Field(title="编号", description="照原文填写，例如 一、二 或 1。", min_length=1)]
    title: Annotated[str, Field(title="标题", description="例如 总则、党组的主体责任、责任追究。", min_length=1)]


class ListClause(Model):
    """清单中适用于某些层级或全部事项的追究条款。"""

    model_config = ConfigDict(title="追究条款")

    text: Annotated[str, Field(title="条款内容", description="不履行或履行不力时如何追究。", min_length=1)]
    tiers: Annotated[list[Annotated[Choice(SubjectTier), Field(title="层级")]], Field(title="适用层级", description="本条适用的责任主体层级；不填则适用于清单全部事项。")] = []
    article: Annotated[str | None, Field(title="条款编号", description="例如 第二十条。")] = None
    basis: Annotated[str | None, Field(title="依据", description="例如《中国共产党问责条例》第七条。")] = None

    def covers(self, tier: SubjectTier) -> bool:
        return not self.tiers or tier in self.tiers


class ResponsibilityList(Record):
    """责任清单或实施办法这份文件本身。"""

    model_config = ConfigDict(
        title="责任清单文件",
        json_schema_extra={"description": "一份责任清单（或实施办法）文件：标题、制定机关、文号、通过的会议和日期、章节、任务总数和统一的追究条款。"
                                          "清单中的各项事项在 responsibilities/ 中，用 list 指向本文件。文件放在 lists/ 目录。"},
    )

    year: Annotated[int, Field(title="年度", description="清单适用的年度，例如 2024。", ge=2000, le=2100)]
    title: Annotated[str, Field(title="标题", description="例如 示例县人民检察院党组2024年度全面从严治党主体责任清单。", min_length=1)]
    issuer: Annotated[str | None, Field(title="制定机关", description="例如 中共示例县人民检察院党组。")] = None
    doc_number: Annotated[str | None, Field(title="文号", description="例如 示检党组发〔2024〕3号。")] = None
    adopted_by: Annotated[str | None, Field(title="通过的会议", description="例如 2024年第2次党组会议。")] = None
    adopted_on: Annotated[Date | None, Field(title="通过日期", description="格式 YYYY-MM-DD。")] = None
    trial: Annotated[bool, Field(title="试行", description="是否试行，true 或 false。")] = False
    supersedes: Annotated[str | None, Field(title="废止的文件", description="本清单施行后废止的文件，写标题和文号，或 lists/ 中的编号。")] = None
    purpose: Annotated[str | None, Field(title="目的", description="制定目的，照原文填写。")] = None
    principles: Annotated[list[str], Field(title="原则", description="例如 党组统一领导、一级抓一级、层层抓落实。")] = []
    chapters: Annotated[list[Chapter], Field(title="章节", description="按原文顺序列出各章。")] = []
    declared_count: Annotated[int | None, Field(title="任务总数", description="清单声明的责任任务条数，dj 会与实际事项数核对。", ge=1)] = None
    accountability: Annotated[list[ListClause], Field(title="追究条款", description="清单统一的责任追究章节：各条适用的层级和内容。")] = []
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    def clauses_for(self, tier: SubjectTier) -> list[ListClause]:
        return [c for c in self.accountability if c.covers(tier)]
