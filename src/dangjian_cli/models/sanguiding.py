"""Records of the 防止干预司法“三个规定” and the procuratorate's 重大事项记录报告制度 (issue 14).

Every time someone asks about or tries to influence a case or another 重大事项, the 检察人员 who
was asked records it ("逢问必录", "全面、如实、及时记录, 全程留痕"); a period in which nothing was
recorded is itself a record, the 零报告, so that silence and forgetting can be told apart
(shared/domain.md A6). The three rules (2015): 《领导干部干预司法活动、插手具体案件处理的记录、
通报和责任追究规定》, 《司法机关内部人员过问案件的记录和责任追究规定》 and the 两高三部 rules on
contact with 当事人、律师、特殊关系人、中介组织; for procuratorates the 最高检 实施办法 of 2019-08-23
(monthly reporting; 重大事项 = 司法办案, 干部选拔任用, 项目安排, 工程建设, 监督执纪; retired staff
who ask are recorded too).

What differs by place (the reporting period, the recording deadline, the recorder groups, the
categories and forms) is in dj.yaml ``settings.sanguiding`` and judged by
``rules/sanguiding.py``; the model checks only what a record says by itself.

The ``facts`` field may hold what was said; no finding, report or commit message ever quotes it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .base import Choice, Date, Model, PersonRef, Record

PERIOD_PATTERN = r"^\d{4}(Q[1-4]|-(0[1-9]|1[0-2]))$"


class Side(StrEnum):
    """过问或干预者是否本院人员。"""

    INSIDE = "院内"
    OUTSIDE = "院外"


class Nature(StrEnum):
    """行为性质（全国通报数据按此两类统计）。"""

    INQUIRY = "反映情况、过问了解"
    INTERFERENCE = "干预、插手"


class RuleKind(StrEnum):
    """所适用的规定（“三个规定”）。"""

    LEADER = "领导干部干预"
    INTERNAL = "内部人员过问"
    CONTACT = "不当接触交往"


class Asker(Model):
    """过问或干预的人。"""

    model_config = ConfigDict(title="过问或干预者")

    side: Annotated[Choice(Side), Field(title="院内或院外", description="院内（本院人员，含上级院、本院退休人员）或院外。")]
    post: Annotated[str, Field(title="单位和职务", description="所在单位和职务或身份，例如 县直某局副局长、本院退休干部、律师、当事人亲属。", min_length=1)]
    name: Annotated[str | None, Field(title="姓名", description="姓名；按规定不予写明的可不填（报告中始终隐去，--redact 时显示为“张某”）。")] = None
    retired: Annotated[bool, Field(title="退休人员", description="退（离）休人员过问的填 true。")] = False


class Matter(Model):
    """所涉事项：一件案件（只写案号），或司法办案以外的一类重大事项。"""

    model_config = ConfigDict(title="所涉事项")

    case_no: Annotated[str | None, Field(title="案号", description="所涉案件的案号，例如 示县检刑诉〔2024〕12号。只写案号，不写案情。")] = None
    category: Annotated[str | None, Field(title="其他重大事项", description="司法办案以外的重大事项类别（dj.yaml 中 settings.sanguiding.categories），例如 干部选拔任用、项目安排、工程建设、监督执纪。")] = None

    @model_validator(mode="after")
    def _one(self) -> Matter:
        if (self.case_no is None) == (self.category is None):
            raise PydanticCustomError("sanguiding", "所涉事项请填写 case_no（案号）或 category（其他重大事项类别）中的一个，且只能填写一个。")
        for value in (self.case_no, self.category):
            if value is not None and not value.strip():
                raise PydanticCustomError("sanguiding", "所涉事项不能为空或只有空格。")
        return self


class SanguidingRecord(Record):
    """过问或干预、插手检察办案等重大事项记录，或一个报告期的零报告。"""

    model_config = ConfigDict(
        title="重大事项记录",
        json_schema_extra={
            "description": "防止干预司法“三个规定”：检察人员对过问或干预、插手检察办案等重大事项“逢问必录”的一条记录——"
                           "日期、记录人及其类别、过问或干预者、所涉事项（案号或其他重大事项）、方式、性质、所适用的规定、处理情况，"
                           "以及向上级报告和移送纪检的日期；或一个报告期内没有任何记录时的零报告（只填 zero_report、date、recorder）。"
                           "文件放在 sanguiding/年度/ 目录；sanguiding/ 可放在访问范围更小的单独仓库中。"
        },
    )

    zero_report: Annotated[str | None, Field(
        title="零报告的报告期",
        description="本报告期内没有任何过问或干预记录时，填报告期：按月为 YYYY-MM（例如 2024-04），按季度为 YYYYQn（例如 2024Q2），"
                    "与 dj.yaml 中 settings.sanguiding.period 一致。零报告只填 zero_report、date（报告日期）和 recorder（填报人）。",
        pattern=PERIOD_PATTERN)] = None
    date: Annotated[Date, Field(title="日期", description="过问或干预发生的日期；零报告为报告日期。格式 YYYY-MM-DD。")]
    recorded_on: Annotated[Date | None, Field(title="记录日期", description="记入本记录的日期，须在 settings.sanguiding.recording_days 天内；零报告不填。")] = None
    recorder: PersonRef("记录人", "记录（或填报零报告）的检察人员的人员编号。")
    group: Annotated[str | None, Field(title="记录人类别", description="记录人的类别（dj.yaml 中 settings.sanguiding.groups），例如 院领导、员额检察官、其他干警；零报告不填。")] = None
    asker: Annotated[Asker | None, Field(title="过问或干预者", description="院内或院外、单位和职务、姓名（可不填）、是否退休人员。")] = None
    matter: Annotated[Matter | None, Field(title="所涉事项", description="案号（case_no）或其他重大事项类别（category），只填一项。")] = None
    form: Annotated[str | None, Field(title="方式", description="过问或干预的方式（dj.yaml 中 settings.sanguiding.forms），例如 当面、电话、短信/微信、递条子。")] = None
    nature: Annotated[Choice(Nature) | None, Field(title="性质", description="反映情况、过问了解，或 干预、插手。")] = None
    rule: Annotated[Choice(RuleKind) | None, Field(title="适用的规定", description="领导干部干预、内部人员过问或不当接触交往。")] = None
    facts: Annotated[str | None, Field(title="具体情况", description="过问或干预的具体内容。只留在记录中：dj 的提示、报告和提交说明都不引用。")] = None
    handling: Annotated[str | None, Field(title="处理情况", description="如何处理，例如 告知其按程序办理、予以拒绝并记录。")] = None
    reported_up: Annotated[Date | None, Field(title="报告上级日期", description="向上级检察院（及同级党委政法委）报告的日期。领导干部干预的须报告。")] = None
    to_discipline: Annotated[Date | None, Field(title="移送纪检日期", description="移送本院纪检机构的日期。领导干部干预的须移送。")] = None
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None

    @property
    def is_zero(self) -> bool:
        return self.zero_report is not None

    @model_validator(mode="after")
    def _check(self) -> SanguidingRecord:
        detail = {"recorded_on": self.recorded_on, "group": self.group, "asker": self.asker, "matter": self.matter, "form": self.form,
                  "nature": self.nature, "rule": self.rule, "facts": self.facts, "handling": self.handling,
                  "reported_up": self.reported_up, "to_discipline": self.to_discipline}
        if self.is_zero:
            given = [k for k, v in detail.items() if v is not None]
            if given:
                raise PydanticCustomError("sanguiding", "零报告只填 zero_report、date 和 recorder，不能同时填写 {fields}；"
                                          "本期有过问或干预的，请删去 zero_report，作为一条记录填写。", {"fields": "、".join(given)})
            return self
        missing = [k for k in ("recorded_on", "group", "asker", "matter", "form", "nature", "rule") if detail[k] is None]
        if missing:
            raise PydanticCustomError("sanguiding", "重大事项记录缺少 {fields}，请补全；本期没有任何过问或干预的，请改为零报告（只填 zero_report、date、recorder）。",
                                      {"fields": "、".join(missing)})
        for name in ("group", "form"):
            value = detail[name]
            if isinstance(value, str) and not value.strip():
                raise PydanticCustomError("sanguiding", "{name} 不能为空或只有空格。", {"name": name})
        for name in ("recorded_on", "reported_up", "to_discipline"):
            day = detail[name]
            if day is not None and day < self.date:
                raise PydanticCustomError("sanguiding", "{name}（{day}）早于过问或干预的日期 date（{date}），请改正其中之一。",
                                          {"name": name, "day": day.isoformat(), "date": self.date.isoformat()})
        return self
