"""The 五单法 cycle beyond the list and the sign-off: 反馈单, 提示单 and 核单.

绍兴检察院“五单法”: 责任清单 → 签单 → 反馈单 (the subject reports progress on each item) →
提示单 (the 纪检 reminds a subject of items that lag, and the subject replies) → 年底核单
(each item is verified: 核销 or 不予核销, with the reason). Subjects are a person or the
unit's party body (the 党组), whose records the 书记 makes on its behalf.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .base import Choice, Date, DepartmentRef, Model, PersonRef, Record, Ref, subject_key
from .assign import Year


class ItemStatus(StrEnum):
    """责任事项的落实状态（反馈单中填写）。"""

    NOT_STARTED = "未启动"
    IN_PROGRESS = "推进中"
    DONE = "已完成"
    NOT_DONE = "未完成"


class VerifyResult(StrEnum):
    """年底核单的结果。"""

    CLEARED = "核销"
    NOT_CLEARED = "不予核销"


ItemRef = Annotated[str, Ref("responsibility"), Field(title="责任事项", description="责任事项的编号，例如 2024-zs-01。")]


def _check_subject(record: Feedback | Reminder | Verification) -> None:
    given = [v for v in (record.person, record.body, record.department) if v is not None]
    if len(given) != 1:
        raise PydanticCustomError("subject", "请填写 person（责任人的人员编号）、body（例如 党组）或 department（部门编号）中的一个，且只能填写一个。")
    if record.body is not None and not record.body.strip():
        raise PydanticCustomError("subject", "body 不能为空，请填写 党组。")


class _Subject(Record):
    """The subject of a cycle record: a person, a body (党组) or a department."""

    @property
    def subject(self) -> str:
        """The subject's key, as ``ResponsibilityItem.subject``: a person id, ``body:党组``, ``department:d-office``."""
        return subject_key(self.person, self.department, self.body)  # type: ignore[attr-defined]


def _person(what: str) -> object:
    return PersonRef("责任人", f"{what}的责任人的人员编号；责任主体为党组时不填，改填 body。", optional=True)


_BODY = Annotated[str | None, Field(title="责任主体（集体）", description="责任主体为党组（或领导班子、纪检组）时填写其名称，例如 党组；党组的反馈由书记代为填报。")]
_DEPARTMENT = DepartmentRef("责任部门", "责任主体为部门时填写部门编号。", optional=True)


class FeedbackEntry(Model):
    """反馈单中一项责任事项的落实情况。"""

    model_config = ConfigDict(title="反馈事项")

    item: ItemRef
    progress: Annotated[str, Field(title="落实情况", description="本期推进的具体工作、取得的进展。", min_length=1)]
    status: Annotated[Choice(ItemStatus), Field(title="状态", description="未启动、推进中、已完成或未完成；事项的当前状态以最近一次反馈为准。")] = ItemStatus.IN_PROGRESS
    evidence: Annotated[list[str], Field(title="佐证材料", description="例如 会议记录、谈话记录、书面报告。")] = []


class Feedback(_Subject):
    """反馈单：责任主体报告其清单中各事项的落实进展。"""

    model_config = ConfigDict(
        title="反馈单",
        json_schema_extra={
            "description": "“五单法”中的反馈单：责任人（或党组，由书记代为填报）定期报告清单中各事项的落实情况、状态和佐证材料，"
                           "由 dj assign feedback 写入。文件放在 feedback/年度/ 目录。"
        },
    )

    year: Year
    date: Annotated[Date, Field(title="反馈日期", description="填报日期，格式 YYYY-MM-DD。")]
    person: _person("反馈") = None  # type: ignore[valid-type]
    body: _BODY = None
    department: _DEPARTMENT = None  # type: ignore[valid-type]
    reported_by: PersonRef("填报人", "代为填报的人员编号，例如党组的反馈由书记填报；本人填报时不填。", optional=True) = None
    entries: Annotated[list[FeedbackEntry], Field(title="反馈事项", description="每个责任事项一项。", min_length=1)]
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    @model_validator(mode="after")
    def _subject(self) -> Feedback:
        _check_subject(self)
        return self


class Reply(Model):
    """对提示单的回复。"""

    model_config = ConfigDict(title="回复")

    date: Annotated[Date, Field(title="回复日期", description="格式 YYYY-MM-DD。")]
    text: Annotated[str, Field(title="回复内容", description="已采取的措施和落实情况。", min_length=1)]


class Reminder(_Subject):
    """提示单：纪检监察负责人就落实滞后的事项提醒责任主体，责任主体限期回复。"""

    model_config = ConfigDict(
        title="提示单",
        json_schema_extra={
            "description": "“五单法”中的提示单：纪检监察负责人发现责任事项落实滞后或存在问题时，向责任人（或党组）发出提示，"
                           "写明事项、原因和回复期限，回复后记入 reply。由 dj assign remind 和 dj assign reply 写入。文件放在 reminders/年度/ 目录。"
        },
    )

    year: Year
    date: Annotated[Date, Field(title="发出日期", description="格式 YYYY-MM-DD。")]
    by: PersonRef("发出人", "发出提示单的纪检监察人员的人员编号，通常为纪检监察负责人。")
    person: _person("被提示") = None  # type: ignore[valid-type]
    body: _BODY = None
    department: _DEPARTMENT = None  # type: ignore[valid-type]
    items: Annotated[list[ItemRef], Field(title="提示的事项", description="需要督促落实的责任事项编号。", min_length=1)]
    reason: Annotated[str, Field(title="提示原因", description="例如 未按期开展专题研究、反馈材料不全。", min_length=1)]
    reply_by: Annotated[Date | None, Field(title="回复期限", description="须在此日期前回复；不填则为发出日期加 dj.yaml 中 settings.cycle.reply_days 天。")] = None
    reply: Annotated[Reply | None, Field(title="回复", description="责任主体的回复；尚未回复时不填。")] = None
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    @model_validator(mode="after")
    def _subject(self) -> Reminder:
        _check_subject(self)
        return self

    @field_validator("reply_by")
    @classmethod
    def _due_after_issue(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        issued = info.data.get("date")
        if value is not None and issued is not None and value < issued:
            raise PydanticCustomError("reminder_dates", "回复期限 {reply_by} 早于发出日期 {date}，请改正其中之一。",
                                      {"reply_by": str(value), "date": str(issued)})
        return value

    @field_validator("reply")
    @classmethod
    def _reply_after_issue(cls, value: Reply | None, info: ValidationInfo) -> Reply | None:
        issued = info.data.get("date")
        if value is not None and issued is not None and value.date < issued:
            raise PydanticCustomError("reminder_dates", "回复日期 {reply} 早于发出日期 {date}，请改正其中之一。",
                                      {"reply": str(value.date), "date": str(issued)})
        return value


class VerificationEntry(Model):
    """核单中一项责任事项的核销结果。"""

    model_config = ConfigDict(
        title="核销事项",
        json_schema_extra={"allOf": [{
            "if": {"properties": {"result": {"const": "不予核销"}}, "required": ["result"]},
            "then": {"required": ["reason"], "errorMessage": "不予核销时请填写 reason（不予核销的理由）。",
                     "properties": {"reason": {"type": "string", "minLength": 1, "errorMessage": "不予核销时请填写理由。"}}},
        }]},
    )

    item: ItemRef
    result: Annotated[Choice(VerifyResult), Field(title="核销结果", description="核销或不予核销。")]
    reason: Annotated[str | None, Field(title="理由", description="核销的依据或不予核销的理由；不予核销时必填。")] = None

    @model_validator(mode="after")
    def _reason(self) -> VerificationEntry:
        if self.result == VerifyResult.NOT_CLEARED and not (self.reason or "").strip():
            raise PydanticCustomError("verify_reason", "事项 {item} 不予核销，请在 reason 中写明理由。", {"item": self.item})
        return self


class Verification(_Subject):
    """核单：年底逐项核查责任清单的落实情况，核销或不予核销。"""

    model_config = ConfigDict(
        title="核单",
        json_schema_extra={
            "description": "“五单法”中的年底核单：对某责任人（或党组）某年度清单的每个事项核查落实情况，"
                           "核销或不予核销（须写明理由）。由 dj assign verify 写入。文件放在 verifications/年度/ 目录。"
        },
    )

    year: Year
    date: Annotated[Date, Field(title="核单日期", description="格式 YYYY-MM-DD。")]
    by: PersonRef("核单人", "组织核单的人员编号，例如纪检监察负责人。")
    person: _person("被核") = None  # type: ignore[valid-type]
    body: _BODY = None
    department: _DEPARTMENT = None  # type: ignore[valid-type]
    entries: Annotated[list[VerificationEntry], Field(title="核销事项", description="每个责任事项一项。")] = []
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    @model_validator(mode="after")
    def _subject(self) -> Verification:
        _check_subject(self)
        return self


__all__ = ["Feedback", "FeedbackEntry", "ItemStatus", "Reminder", "Reply", "Verification", "VerificationEntry", "VerifyResult"]
