"""Departments and people with their post history."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from .base import Choice, Date, DepartmentRef, Model, Record
from .enums import DepartureReason, Tier


class Department(Record):
    """内设机构或部门。"""

    model_config = ConfigDict(title="部门", json_schema_extra={"description": "单位的内设机构或部门，文件放在 departments/ 目录。"})

    name: Annotated[str, Field(title="名称", description="部门全称，例如 办公室、政治部、第一检察部。", min_length=1)]
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None


class Post(Model):
    """一段任职经历。"""

    model_config = ConfigDict(title="任职")

    title: Annotated[str, Field(title="职务", description="职务名称，例如 党组书记、检察长；副检察长；办公室主任。", min_length=1)]
    tier: Annotated[Choice(Tier), Field(title="层级", description="主要负责人、班子成员、纪检监察负责人、部门负责人或一般干部。")]
    department: DepartmentRef("所在部门", "部门编号（departments/ 中的 id）；院领导可不填。", optional=True) = None
    start: Annotated[Date, Field(title="开始日期", description="任职开始日期，格式 YYYY-MM-DD。")]
    end: Annotated[Date | None, Field(title="结束日期", description="任职结束日期；仍在任则不填。")] = None
    remit: Annotated[list[str], Field(title="分管范围", description="班子成员分管的部门编号或工作，例如 [d-office, 经费管理]。")] = []

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)


class Departure(Model):
    """离开本单位的情况。"""

    model_config = ConfigDict(title="离任")

    date: Annotated[Date, Field(title="日期", description="离开本单位（退休、调离等）的日期。")]
    reason: Annotated[Choice(DepartureReason), Field(title="原因", description="退休、调离、辞职、免职、去世或其他。")]
    handover: Annotated[str | None, Field(title="交接情况", description="党风廉政建设责任的离任交接说明（交给谁、未结事项）。")] = None


class Person(Record):
    """人员及其任职经历。"""

    model_config = ConfigDict(title="人员", json_schema_extra={"description": "一名干部及其任职经历，文件放在 people/ 目录。"})

    name: Annotated[str, Field(title="姓名", description="姓名。命令中可用姓名代替编号（须唯一）。", min_length=1)]
    gender: Annotated[Literal["男", "女"] | None, Field(title="性别", description="男或女。")] = None
    party_member: Annotated[bool, Field(title="党员", description="是否中共党员，true 或 false。")] = True
    posts: Annotated[list[Post], Field(title="任职经历", description="按时间顺序列出每段任职，至少一段。", min_length=1)]
    departure: Annotated[Departure | None, Field(title="离任", description="已离开本单位时填写。")] = None
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    def posts_on(self, day: dt.date) -> list[Post]:
        return [p for p in self.posts if p.covers(day)]

    def posts_in(self, first: dt.date, last: dt.date) -> list[Post]:
        return [p for p in self.posts if p.overlaps(first, last)]
