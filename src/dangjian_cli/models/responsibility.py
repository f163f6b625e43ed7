"""Responsibility items (责任清单事项) in their basic shape."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .base import Choice, Date, Model, PersonRef, Record, one_of_two
from .enums import Duty, Frequency, SubjectTier


class Target(Model):
    """一项量化目标。"""

    model_config = ConfigDict(title="量化目标")

    description: Annotated[str, Field(title="目标", description="例如 每半年至少专题研究一次党风廉政建设。", min_length=1)]
    count: Annotated[int | None, Field(title="次数", description="每个周期至少的次数。", ge=0)] = None
    per: Annotated[Choice(Frequency) | None, Field(title="周期", description="每年、每半年、每季度或每月。")] = None


class ResponsibilityItem(Record):
    """责任清单中的一项责任。"""

    model_config = ConfigDict(
        title="责任事项",
        json_schema_extra={
            "description": "责任清单中的一项：谁负责、负责什么、做到什么程度、不履行如何追究。文件放在 responsibilities/ 目录。",
            # _one_subject, for the editor.
            "allOf": [one_of_two(
                "tier", "党组",
                ("body", {"type": "string", "minLength": 1}, "责任主体为党组时，请填写 body（例如 党组），不要填写 person。",
                 "责任主体为党组时，请填写 body（例如 党组）。", "责任主体为党组时，请填写 body（例如 党组），不要填写 person。"),
                ("person", {"type": "string"}, "责任主体为个人时，请在 person 中填写责任人的人员编号。",
                 "责任主体为个人时，请在 person 中填写责任人的人员编号。", "person 与 body 只能填写一个：责任主体为个人时不要填写 body。"),
            )],
        },
    )

    year: Annotated[int, Field(title="年度", description="清单所属年度，例如 2024。", ge=2000, le=2100)]
    tier: Annotated[Choice(SubjectTier), Field(title="责任主体层级", description="党组、主要负责人、班子成员、纪检监察负责人、部门负责人或具体承办人员。")]
    person: PersonRef("责任人", "责任人的人员编号；责任主体为党组时不填。", optional=True) = None
    body: Annotated[str | None, Field(title="责任主体（集体）", description="责任主体为集体时填写，例如 党组。")] = None
    duty: Annotated[Choice(Duty) | None, Field(title="责任类型", description="全面领导责任、主体责任、第一责任人、一岗双责、监督责任、部门主体责任或岗位责任。")] = None
    area: Annotated[str, Field(title="工作领域", description="例如 政治建设、选人用人、经费管理使用、廉洁自律。", min_length=1)]
    content: Annotated[str, Field(title="责任内容", description="具体负责的事项。", min_length=1)]
    topics: Annotated[list[str], Field(title="覆盖要点", description="本事项覆盖的必备要点，例如 抓班子带队伍、廉洁自律。")] = []
    targets: Annotated[list[Target], Field(title="量化目标", description="可量化的要求。")] = []
    scope: Annotated[str | None, Field(title="责任范围", description="本事项适用的范围，例如 分管部门、全院。")] = None
    authority: Annotated[str | None, Field(title="职权依据", description="履行本责任所依托的职权。")] = None
    period: Annotated[str | None, Field(title="期限", description="例如 全年、每季度。")] = None
    deadline: Annotated[Date | None, Field(title="截止日期", description="完成期限，格式 YYYY-MM-DD。")] = None
    evidence: Annotated[list[str], Field(title="佐证形式", description="例如 会议记录、谈话笔记、报告。")] = []
    accountability: Annotated[str | None, Field(title="追究条款", description="不履行或履行不力时如何追究责任。")] = None
    basis: Annotated[str | None, Field(title="依据", description="来源法规及条款，例如《党委（党组）落实全面从严治党主体责任规定》第八条。")] = None

    @model_validator(mode="after")
    def _one_subject(self) -> ResponsibilityItem:
        if self.tier == SubjectTier.BODY:
            if self.person is not None or not self.body:
                raise PydanticCustomError("subject", "责任主体为党组时，请填写 body（例如 党组），不要填写 person。")
        elif self.person is None:
            raise PydanticCustomError("subject", "责任主体为个人时，请在 person 中填写责任人的人员编号。")
        elif self.body is not None:
            raise PydanticCustomError("subject", "person 与 body 只能填写一个。")
        return self
