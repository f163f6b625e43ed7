"""dj.yaml: the organization, the year, and every tunable setting.

Defaults come from shared/domain.md. Items marked [U] or [P] there are local practice
or unverified, so they are settings the user can change, never hard-coded law.
"""

from __future__ import annotations

import calendar
import math
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field, ValidationInfo, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from .base import Choice, Date, Model


def _refuse(message: str) -> PydanticCustomError:
    """A validation error whose Chinese message is shown as it is (``validate._custom_text``)."""
    return PydanticCustomError("dj", message.replace("{", "{{").replace("}", "}}"))


def _month_day(value: str) -> str:
    """An ``MM-DD`` setting names a day that exists (02-29 allowed: it exists in leap years)."""
    month, day = int(value[:2]), int(value[3:])
    if not 1 <= month <= 12:
        raise _refuse(f"“{value}”中的月份 {month} 不存在，请写成 MM-DD，例如 03-31。")
    if not 1 <= day <= calendar.monthrange(2024, month)[1]:
        raise _refuse(f"“{value}”这一天不存在（{month} 月没有 {day} 日），请改为存在的日期，例如 03-31。")
    return value


def _not_negative(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        raise _refuse(f"不能是负数（实际写的是 {value}），请改为 0 或正数。")
    return value


def _texts(value: list[str], what: str) -> list[str]:
    """A list of names: none empty, none twice."""
    seen: set[str] = set()
    for i, text in enumerate(value):
        if not text.strip():
            raise _refuse(f"第 {i + 1} 个{what}是空的，请填写或删去这一项。")
        if text in seen:
            raise _refuse(f"{what}“{text}”重复出现，请删去重复的一项。")
        seen.add(text)
    return value


class Organization(Model):
    model_config = ConfigDict(title="单位")

    name: Annotated[str, Field(title="单位名称", description="例如 示例县人民检察院。", min_length=1)]
    level: Annotated[str, Field(title="层级", description="县级、市级或省级。")] = "县级"
    party_body: Annotated[str, Field(title="党组织", description="本单位的党组织名称，例如 党组。")] = "党组"
    leadership_body: Annotated[str, Field(title="领导班子", description="责任清单中领导班子作为集体责任主体时的名称，例如 院领导班子。")] = "领导班子"
    discipline_body: Annotated[str, Field(title="纪检机构", description="本单位的纪检机构名称，例如 纪检组、派驻纪检监察组。")] = "纪检组"
    superior_committee: Annotated[str, Field(title="上级党委", description="年度报告的主送机关之一，例如 中共示例县委。")] = ""
    superior_commission: Annotated[str, Field(title="上级纪委", description="年度报告的主送机关之一，例如 示例县纪委监委。")] = ""
    superior_procuratorate: Annotated[str, Field(title="上级检察院党组", description="例如 示例市人民检察院党组。可不填。")] = ""

    @field_validator("name", "party_body", "leadership_body", "discipline_body")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise _refuse("不能为空或只有空格，请填写本单位的全称。")
        return value


class Limits(Model):
    model_config = ConfigDict(title="读取限制")

    max_file_kb: Annotated[int, Field(title="单个文件上限（KB）", description="超过此大小的记录文件不读取，防止误放大文件。", ge=1)] = 1024

    @field_validator("max_file_kb")
    @classmethod
    def _sane(cls, value: int) -> int:
        if value > 1024 * 1024:
            raise _refuse(f"{value} KB 超过 1 GB，记录文件不会这么大；请改为不超过 1048576 的数，例如默认的 1024。")
        return value


class Grades(Model):
    model_config = ConfigDict(title="等次")

    annual: Annotated[list[str], Field(title="年度考核等次", description="公务员法第三十六条。")] = ["优秀", "称职", "基本称职", "不称职"]
    annual_bands: Annotated[list[int], Field(title="年度等次分数线", description="优秀、称职、基本称职的最低分，低于最后一个为不称职。[P] 常见样例。")] = [90, 70, 60]
    integrity: Annotated[list[str], Field(title="廉洁自律测评等次", description="民主测评常用。")] = ["好", "较好", "一般", "差"]
    responsibility: Annotated[list[str], Field(title="责任制考核等次", description="党风廉政建设责任制考核常用。")] = ["优秀", "合格", "基本合格", "不合格"]

    @field_validator("annual", "integrity", "responsibility")
    @classmethod
    def _grade_names(cls, value: list[str]) -> list[str]:
        if not value:
            raise _refuse("至少要有一个等次。")
        return _texts(value, "等次")

    @field_validator("annual_bands")
    @classmethod
    def _bands(cls, value: list[int], info: ValidationInfo) -> list[int]:
        for band in value:
            if not 0 <= band <= 100:
                raise _refuse(f"分数线 {band} 不在 0 到 100 之间。")
        if any(a <= b for a, b in zip(value, value[1:])):
            raise _refuse("分数线应从高到低排列，例如 [90, 70, 60]。")
        annual = info.data.get("annual")
        if annual is not None and len(value) != len(annual) - 1:
            raise _refuse(f"年度考核有 {len(annual)} 个等次，分数线应比等次少一个（{len(annual) - 1} 个），实际有 {len(value)} 个。")
        return value


class InfluenceMonths(Model):
    model_config = ConfigDict(title="影响期（月）")

    warning: Annotated[int, Field(title="警告", description="纪律处分条例（2023）第十条：12个月。")] = 12
    serious_warning: Annotated[int, Field(title="严重警告", description="纪律处分条例（2023）第十条：18个月。")] = 18
    removal_from_party_post: Annotated[int, Field(title="撤销党内职务", description="两年内不得担任相当或更高职务：24个月。")] = 24
    probation_restored: Annotated[int, Field(title="留党察看恢复权利后", description="恢复党员权利后24个月内不得担任相当或更高职务。")] = 24
    expulsion_readmission_years: Annotated[int, Field(title="开除党籍后不得重新入党（年）", description="5年。")] = 5
    admonishment: Annotated[int, Field(title="诫勉", description="[U] 标准尚不统一，默认6个月。")] = 6
    dismissal_no_leading_post: Annotated[int, Field(title="免职后不得担任领导职务", description="[P] 默认12个月。")] = 12
    dismissal_no_promotion: Annotated[int, Field(title="免职后不得提拔", description="[P] 默认24个月。")] = 24

    _counts = field_validator("*")(classmethod(lambda cls, value: _not_negative(value)))


class Deadlines(Model):
    model_config = ConfigDict(title="期限")

    rectification_report_days: Annotated[int, Field(title="整改报告期限（天）", description="检查考核后整改情况报告，常见为1个月内。")] = 30
    organizational_handling_days: Annotated[int, Field(title="组织处理办理期限（天）", description="问责决定中组织调整/组织处理的办理期限，1个月。")] = 30
    appeal_days: Annotated[int, Field(title="申诉期限（天）", description="[U] 2019 问责条例按1个月；2009 暂行规定为15日。")] = 30
    appeal_decision_days: Annotated[int, Field(title="申诉处理期限（天）", description="[U] 1个月（2009 暂行规定为30日）。")] = 30
    self_check_by: Annotated[str, Field(title="年度自查报告截止（月-日）", description="[P] 11月中旬前提交书面自查报告。", pattern=r"^\d\d-\d\d$")] = "11-15"
    discipline_announce_days: Annotated[int, Field(title="处分决定宣布期限（天）", description="处分决定作出后1个月内宣布。")] = 30

    _counts = field_validator("*")(classmethod(lambda cls, value: _not_negative(value)))
    _days = field_validator("self_check_by")(classmethod(lambda cls, value: _month_day(value)))


class Meetings(Model):
    model_config = ConfigDict(title="会议与学习")

    topic_study_per_half_year: Annotated[int, Field(title="每半年专题研究次数", description="[P] 党组每半年至少专题研究一次全面从严治党。")] = 1
    democratic_life_attendance: Annotated[float, Field(title="民主生活会到会比例", description="应到人数的三分之二以上。", gt=0, le=1)] = 2 / 3
    integrity_talks_per_year: Annotated[int, Field(title="主要负责人每年与每名班子成员廉洁谈话次数", description="[P] 地方样例：至少一次。")] = 1

    _counts = field_validator("*")(classmethod(lambda cls, value: _not_negative(value)))


# The components of a dj review score (analysis/scorecard.py) and their group: 组织查 or 群众议.
COMPONENT_GROUPS: dict[str, str] = {
    "检查整改": "组织查", "述责述廉": "组织查", "理论学习": "组织查", "清单核销": "组织查", "反馈": "组织查",
    "民主测评": "群众议", "群众满意度": "群众议",
}
DEFAULT_WEIGHTS: dict[str, float] = {
    "检查整改": 0.25, "述责述廉": 0.1, "理论学习": 0.1, "清单核销": 0.15, "反馈": 0.1, "民主测评": 0.2, "群众满意度": 0.1,
}


class Review(Model):
    model_config = ConfigDict(title="考核")

    weights: Annotated[dict[str, float], Field(
        title="考核各项权重",
        description="dj review 综合得分中各项的权重，合计为 1。组织查：检查整改、述责述廉、理论学习、清单核销、反馈；"
                    "群众议：民主测评、群众满意度。某项在考核期内无可计的记录时不计分，其权重由其余各项按比例分担；设为 0 则不计该项。")] = dict(DEFAULT_WEIGHTS)
    finding_points: Annotated[dict[str, float], Field(
        title="检查发现问题扣分", description="检查发现的每个问题按严重程度在“检查整改”一项（满分 100）中扣的分；未按期整改到位的再扣同样的分。")] = {
        "一般": 5, "较重": 10, "严重": 20}
    tally_points: Annotated[list[float], Field(
        title="民主测评等次分值", description="民主测评各等次一票的分值，从最高等次到最低等次，例如 优秀 100、称职 80、基本称职 60、不称职 0；"
                                            "等次较少的等次表取前几个分值，最低等次取最后一个。", min_length=2)] = [100, 80, 60, 0]
    statement_threshold: Annotated[int, Field(title="述责述廉测评警戒分", description="[V 地方] 低于此分须书面说明、提醒或诫勉谈话、限期整改，年终不得评优。")] = 70
    unfit_vote_ratio: Annotated[float, Field(title="不称职票比例上限", description="[V 地方] 超过三分之一则启动组织调整。", gt=0, le=1)] = 1 / 3
    rush_share: Annotated[float, Field(title="年底突击比例", description="一年的履责记录中超过此比例集中在最后一个月，则提示“平时马虎应付，年底集中突击”。", gt=0, le=1)] = 0.5
    rush_min_records: Annotated[int, Field(title="年底突击最少记录数", description="一个责任主体一年的履责记录少于此数时不作“年底突击”判断。", ge=1)] = 4
    min_valid_ballots: Annotated[int, Field(title="民主测评最少有效票数", description="[P] 有效票少于此数的民主测评不计结果（报错）。", ge=1)] = 8
    scales: Annotated[dict[str, list[str]], Field(title="民主测评等次表", description="等次表名称及其等次（从高到低），民主测评记录的 scale 须为其中一项。")] = {
        "责任制考核": ["优秀", "合格", "基本合格", "不合格"],
        "履职": ["优秀", "称职", "基本称职", "不称职"],
        "廉洁自律": ["好", "较好", "一般", "差"],
        "满意度": ["满意", "基本满意", "不满意"],
    }
    dimensions: Annotated[list[str], Field(title="民主测评项目", description="民主测评的默认测评项目。")] = ["落实主体责任", "遵守政治纪律", "执行民主集中制", "改进作风", "廉洁自律"]
    statement_sections: Annotated[list[str], Field(title="述责述廉必备部分", description="述责述廉报告必须有的部分（Markdown 标题），缺少或内容为空时提示。")] = [
        "履行责任情况", "存在问题", "个人廉洁自律", "整改措施和下一步打算",
    ]
    statement_due: Annotated[dict[str, str], Field(title="述责述廉截止（月-日）", description="[P] 各场合述责述廉的截止日期（当年月-日）；过期后在岗的班子成员和部门负责人每人须有一份。未列出的场合不作要求。")] = {
        "半年小结": "07-31", "年终总结": "12-31",
    }
    topic_meeting_forms: Annotated[list[str], Field(title="专题研究的学习形式", description="党组专题研究全面从严治党时所记学习记录的学习形式。")] = ["党组理论中心组学习"]
    topic_meeting_keywords: Annotated[list[str], Field(title="专题研究的主题词", description="[P] 学习记录的主题含其中一个词时，算作党组专题研究全面从严治党（每半年至少一次）。")] = ["全面从严治党", "党风廉政建设", "中央纪委", "党纪学习教育"]

    @field_validator("weights")
    @classmethod
    def _weights(cls, value: dict[str, float]) -> dict[str, float]:
        if not value:
            raise _refuse("至少要有一项及其权重，例如 检查整改: 0.25。")
        for name, weight in value.items():
            if not name.strip():
                raise _refuse("考核项的名称不能为空。")
            if not math.isfinite(weight) or not 0 <= weight <= 1:
                raise _refuse(f"“{name}”的权重 {weight} 应在 0 到 1 之间。")
        total = math.fsum(value.values())
        if abs(total - 1) > 1e-6:
            raise _refuse(f"各项权重合计应为 1，实际为 {round(total, 6)}。请调整，使它们加起来等于 1。")
        for name in value:
            if name not in COMPONENT_GROUPS:
                raise _refuse(f"没有名为“{name}”的考核项。可用的考核项：{'、'.join(COMPONENT_GROUPS)}。")
        return value

    @field_validator("finding_points")
    @classmethod
    def _finding_points(cls, value: dict[str, float]) -> dict[str, float]:
        for name, points in value.items():
            if not math.isfinite(points) or not 0 <= points <= 100:
                raise _refuse(f"“{name}”的扣分 {points} 应在 0 到 100 之间。")
        return value

    @field_validator("tally_points")
    @classmethod
    def _tally_points(cls, value: list[float]) -> list[float]:
        if any(not math.isfinite(p) or not 0 <= p <= 100 for p in value):
            raise _refuse("民主测评等次分值应在 0 到 100 之间。")
        if any(a < b for a, b in zip(value, value[1:])):
            raise _refuse("民主测评等次分值应从高到低排列，例如 [100, 80, 60, 0]。")
        return value

    @field_validator("statement_threshold")
    @classmethod
    def _score(cls, value: int) -> int:
        if not 0 <= value <= 100:
            raise _refuse(f"警戒分 {value} 不在 0 到 100 之间。")
        return value

    @field_validator("scales")
    @classmethod
    def _scales(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, grades in value.items():
            if not name.strip():
                raise _refuse("等次表的名称不能为空。")
            if not grades:
                raise _refuse(f"等次表“{name}”至少要有一个等次。")
            _texts(grades, f"“{name}”的等次")
        return value

    @field_validator("dimensions", "statement_sections", "topic_meeting_forms", "topic_meeting_keywords")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        return _texts(value, "项")

    @field_validator("statement_due")
    @classmethod
    def _due(cls, value: dict[str, str]) -> dict[str, str]:
        from .review import StatementOccasion

        for occasion, day in value.items():
            if occasion not in {o.value for o in StatementOccasion}:
                raise _refuse(f"“{occasion}”不是述责述廉的场合，只能是：{'、'.join(o.value for o in StatementOccasion)}。")
            if not re.fullmatch(r"\d\d-\d\d", day):
                raise _refuse(f"“{occasion}”的截止日期“{day}”请写成 MM-DD，例如 07-31。")
            _month_day(day)
        return value


class Assign(Model):
    model_config = ConfigDict(title="责任分解")

    key_work_areas: Annotated[list[str], Field(title="重点工作", description="须明确完整责任链条的重点工作。")] = ["干部选拔任用", "经费管理使用", "物资采购"]
    required_topics: Annotated[dict[str, list[str]], Field(title="各层级必备要点", description="各层级责任清单必须覆盖的要点，键为责任主体层级。")] = {
        "党组": ["全面领导", "专题研究"],
        "主要负责人": ["抓班子带队伍", "廉洁自律", "管好配偶子女和身边工作人员"],
        "班子成员": ["一岗双责", "廉洁自律"],
        "纪检监察负责人": ["监督责任", "廉洁自律"],
        "部门负责人": ["一岗双责", "廉洁自律"],
    }
    advisory_topics: Annotated[list[str], Field(title="提示性必备要点", description="[P] 缺少时只作警告（不作错误）的必备要点，例如 廉洁自律：各层级都写廉洁自律出自一条规定而非各单位的通行做法。")] = ["廉洁自律"]
    study_forms: Annotated[list[str], Field(title="理论学习形式", description="学习计划和学习记录可用的学习形式。现场教学指到廉洁教育基地或红色资源现场教学。")] = [
        "党组理论中心组学习", "部门集体学习", "个人自学", "警示教育片", "现场教学",
    ]
    sign_by: Annotated[str, Field(title="责任书签订截止（月-日）", description="[U] 年初部署：每年此日前签订当年责任书，逾期未签则提示。", pattern=r"^\d\d-\d\d$")] = "03-31"

    _days = field_validator("sign_by")(classmethod(lambda cls, value: _month_day(value)))

    @field_validator("key_work_areas")
    @classmethod
    def _areas(cls, value: list[str]) -> list[str]:
        return _texts(value, "重点工作")

    @field_validator("advisory_topics")
    @classmethod
    def _advisory(cls, value: list[str]) -> list[str]:
        return _texts(value, "提示性必备要点")

    @field_validator("study_forms")
    @classmethod
    def _forms(cls, value: list[str]) -> list[str]:
        if not value:
            raise _refuse("至少要有一种学习形式。")
        return _texts(value, "学习形式")

    @field_validator("required_topics")
    @classmethod
    def _topics(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for tier, topics in value.items():
            _texts(topics, f"“{tier}”的必备要点")
        return value


class Cycle(Model):
    model_config = ConfigDict(title="五单法")

    required: Annotated[bool, Field(title="每年都须走五单法", description="[P] 为 true 时，每个有责任清单的年度都检查反馈单和核单；为 false 时，只检查已开始使用反馈单、提示单或核单的年度。")] = False
    reply_days: Annotated[int, Field(title="提示单回复期限（天）", description="[P] 提示单未写回复期限时，发出后此天数内须回复。", ge=1)] = 15
    verify_by: Annotated[str, Field(title="年底核单截止（次年月-日）", description="[P] 每年的责任清单须在次年此日前完成核单，逾期未核则提示。", pattern=r"^\d\d-\d\d$")] = "01-31"

    _days = field_validator("verify_by")(classmethod(lambda cls, value: _month_day(value)))


# Days a case may stay in a stage before the next one must begin [U]: 受理 and 初步核实 after local
# practice, 决定 → 送达 within the 1 month of 宣布 (纪律处分条例), 送达 → 执行 within the 1 month of
# 组织处理 (问责条例), 申诉 and 复查 within the 1 month to decide (shared/domain.md items 16, 17, 23).
DEFAULT_STAGE_DAYS: dict[str, int] = {
    "受理": 15, "初步核实": 30, "立案": 15, "调查": 90, "认定": 30, "决定": 30, "送达": 30,
    "申诉": 30, "复查": 30, "执行": 30,
}
DEFAULT_HANDOVER_AREAS: list[str] = ["重点工作任务", "重大资金项目", "党建责任落实", "巡视巡察整改", "历史遗留问题和风险隐患"]


class Pursue(Model):
    model_config = ConfigDict(title="责任追究")

    stage_days: Annotated[dict[str, int], Field(
        title="各阶段办理期限（天）",
        description="[U] 案件在某一阶段停留超过此天数仍未进入下一阶段，dj check 提示“追而不究”。键为阶段：受理、初步核实、立案、调查、认定、决定、送达、申诉、复查、执行；"
                    "未列出的阶段不限期。")] = dict(DEFAULT_STAGE_DAYS)
    execution_days: Annotated[int, Field(title="决定执行期限（天）", description="问责条例：组织调整或组织处理应在 1 个月内办理完毕；自送达日起算（未送达的自决定日起算）。", ge=1)] = 30
    handover_days: Annotated[int, Field(title="离任交接期限（工作日）", description="[P] 任职结束后此数个工作日内完成党风廉政建设责任交接（地方规定多为 5 至 10 个工作日）；只扣除周六、周日，不计法定节假日调休。", ge=1)] = 10
    handover_areas: Annotated[list[str], Field(title="交接方面", description="[U] 离任交接按这些方面列出移交的未结事项。")] = list(DEFAULT_HANDOVER_AREAS)
    yearly_talk_kinds: Annotated[list[str], Field(title="计入年度廉政谈话的谈话类别", description="这些类别的谈话计入“主要负责人每年与每名班子成员、班子成员每年与分管部门负责人谈话”的要求。")] = ["例行廉政谈话"]
    head_talks_per_year: Annotated[int, Field(title="班子成员每年与分管部门负责人廉政谈话次数", description="[P] 责任书常见要求：至少一次。设为 0 则不检查。")] = 1
    deduction_points: Annotated[dict[str, float], Field(
        title="问责决定的年度考核扣分",
        description="[P] dj review 对期间内作出的问责或处分决定，按其“四种形态”从受处理者（对党组织的决定从该组织）的年度总分中扣除的分数。"
                    "键为形态：第一种形态、第二种形态、第三种形态、第四种形态；未列出的形态不扣分。")] = {
        "第一种形态": 2.0, "第二种形态": 5.0, "第三种形态": 10.0, "第四种形态": 20.0}

    _counts = field_validator("head_talks_per_year")(classmethod(lambda cls, value: _not_negative(value)))

    @field_validator("stage_days")
    @classmethod
    def _stage_days(cls, value: dict[str, int]) -> dict[str, int]:
        from .pursue import Stage

        names = [s.value for s in Stage if s != Stage.CLOSED]
        for stage, days in value.items():
            if stage not in names:
                raise _refuse(f"“{stage}”不是可限期的办理阶段，只能是：{'、'.join(names)}。")
            if days < 1:
                raise _refuse(f"“{stage}”的期限 {days} 天应至少为 1 天；不限期请删去这一项。")
        return value

    @field_validator("deduction_points")
    @classmethod
    def _deduction_points(cls, value: dict[str, float]) -> dict[str, float]:
        from .pursue import FourForm

        names = [f.value for f in FourForm]
        for form, points in value.items():
            if form not in names:
                raise _refuse(f"“{form}”不是“四种形态”之一，只能是：{'、'.join(names)}。")
            if points < 0:
                raise _refuse(f"“{form}”的扣分 {points} 不能为负数；不扣分请写 0。")
        return value

    @field_validator("handover_areas")
    @classmethod
    def _areas(cls, value: list[str]) -> list[str]:
        return _texts(value, "交接方面")

    @field_validator("yearly_talk_kinds")
    @classmethod
    def _talk_kinds(cls, value: list[str]) -> list[str]:
        from .pursue import TalkKind

        for kind in _texts(value, "谈话类别"):
            if kind not in {k.value for k in TalkKind}:
                raise _refuse(f"“{kind}”不是谈话类别，只能是：{'、'.join(k.value for k in TalkKind)}。")
        return value


class SanguidingPeriod(StrEnum):
    """重大事项记录的报告期。"""

    MONTH = "月"
    QUARTER = "季度"


class Sanguiding(Model):
    model_config = ConfigDict(title="三个规定")

    period: Annotated[Choice(SanguidingPeriod), Field(
        title="报告期",
        description="最高检 2019 年《关于建立过问或干预、插手检察办案等重大事项记录报告制度的实施办法》实行月报告制度（月）；"
                    "按季度汇总报告的地方填 季度。每个报告期须有记录或零报告，报告期结束后仍没有的，dj check 提示。")] = SanguidingPeriod.MONTH
    recording_days: Annotated[int, Field(title="记录期限（天）", description="[U] 过问或干预发生后此天数内须记录（“及时记录”，各地期限不一）。", ge=0)] = 7
    groups: Annotated[list[str], Field(title="记录人类别", description="[P] 公开通报按记录人类别统计件数和占比，常见为 院领导、员额检察官、其他干警。")] = [
        "院领导", "员额检察官", "其他干警"]
    categories: Annotated[list[str], Field(title="其他重大事项类别", description="[P] 司法办案以外须记录报告的重大事项（地方实施办法）。")] = [
        "干部选拔任用", "项目安排", "工程建设", "监督执纪"]
    forms: Annotated[list[str], Field(title="过问或干预的方式", description="[P] 记录可用的方式。")] = [
        "当面", "电话", "短信/微信", "递条子", "其他"]

    @field_validator("groups")
    @classmethod
    def _groups(cls, value: list[str]) -> list[str]:
        if not value:
            raise _refuse("至少要有一个记录人类别，例如 [院领导, 员额检察官, 其他干警]。")
        return _texts(value, "记录人类别")

    @field_validator("categories")
    @classmethod
    def _categories(cls, value: list[str]) -> list[str]:
        return _texts(value, "重大事项类别")

    @field_validator("forms")
    @classmethod
    def _forms(cls, value: list[str]) -> list[str]:
        if not value:
            raise _refuse("至少要有一种方式，例如 [当面, 电话, 短信/微信, 递条子, 其他]。")
        return _texts(value, "方式")


class Rounding(StrEnum):
    HALF_UP = "四舍五入"
    TRUNCATE = "截尾"


class Report(Model):
    model_config = ConfigDict(title="报告")

    rounding: Annotated[Choice(Rounding), Field(title="百分比取舍", description="报告中百分比的取舍规则：四舍五入或截尾（各地公开的报告两种都有）。")] = Rounding.HALF_UP
    digits: Annotated[int, Field(title="百分比小数位数", description="报告中百分比保留的小数位数，例如 1 即 75.0%。", ge=0, le=4)] = 1
    recipients: Annotated[list[str], Field(title="主送机关", description="年度报告的主送机关；不填则为单位设置中的上级党委、上级纪委。")] = []
    copy_to: Annotated[list[str], Field(title="抄送机关", description="年度报告的抄送机关，例如 上级检察院党组；不填则为单位设置中的上级检察院党组（如有）。")] = []
    issuer: Annotated[str, Field(title="发文机关署名", description="报告落款的发文机关；不填则为“中共”加单位名称和党组织名称，例如 中共示例县人民检察院党组。")] = ""


class Rhythm(Model):
    model_config = ConfigDict(title="年度工作节点")

    what: Annotated[str, Field(title="事项", description="例如 年中检查、民主生活会。", min_length=1)]
    who: Annotated[str, Field(title="责任主体", description="人员编号，或 body:党组 这样的集体；不填为本单位党组织。")] = ""
    start: Annotated[str, Field(title="起始（月-日）", description="此日（含）以后的记录才算完成当年的这一事项。", pattern=r"^\d\d-\d\d$")] = "01-01"
    by: Annotated[str, Field(title="截止（月-日）", description="当年（next_year 为 true 时为次年）此日前须完成。", pattern=r"^\d\d-\d\d$")]
    next_year: Annotated[bool, Field(title="截止在次年", description="为 true 时截止日在次年，例如年终考核在次年1月底前。")] = False
    records: Annotated[list[str], Field(title="完成的记录", description="哪种记录的哪个字段表明已完成，写成 记录种类.字段，例如 inspection.kind、tally.occasion、feedback.entries.progress。", min_length=1)]
    values: Annotated[list[str], Field(title="字段内容", description="字段含其中任一词语即算完成，例如 半年检查。", min_length=1)]

    _days = field_validator("start", "by")(classmethod(lambda cls, value: _month_day(value)))


# The year's rhythm beyond what the records' own rules ask (责任书 by settings.assign.sign_by, 专题研究
# each half-year, 述责述廉 by settings.review.statement_due and 核单 by settings.cycle.verify_by have theirs):
# 年初部署, 年中检查, the 党组's 民主生活会 in Q4 and 年终考核 (shared/domain.md A5 item 34, B1 五单法 rhythm).
DEFAULT_RHYTHM: list[dict[str, Any]] = [
    {"what": "年初部署：党组专题研究部署全年党风廉政建设工作", "by": "03-31",
     "records": ["study_session.topic"], "values": ["全面从严治党", "党风廉政建设", "中央纪委", "部署"]},
    {"what": "年中检查：上半年党风廉政建设责任制落实情况检查", "start": "06-01", "by": "07-31",
     "records": ["inspection.kind"], "values": ["半年检查"]},
    {"what": "民主生活会：党组召开年度民主生活会", "start": "10-01", "by": "12-31",
     "records": ["inspection.kind", "statement.occasion", "tally.occasion", "feedback.entries.progress"], "values": ["民主生活会"]},
    {"what": "年终考核：年度党风廉政建设责任制考核", "start": "11-01", "by": "01-31", "next_year": True,
     "records": ["inspection.kind", "tally.occasion"], "values": ["年度考核"]},
]


class Due(Model):
    model_config = ConfigDict(title="期限提醒")

    warning_days: Annotated[int, Field(title="黄色预警天数", description="距截止日不超过此天数的未完成事项显示为黄色（dj due）；已过截止日的为红色。", ge=0)] = 14
    rhythm: Annotated[list[Rhythm], Field(title="年度工作节点", description="[P] 每年须按时完成的工作节点及表明完成的记录（年初部署、年中检查、民主生活会、年终考核等）；责任书、专题研究、述责述廉和核单由各自的规则提醒，不必列出。")] = [
        Rhythm(**r) for r in DEFAULT_RHYTHM]


class Git(Model):
    model_config = ConfigDict(title="git 仓库")

    signed_folders: Annotated[list[str], Field(
        title="须签名提交的文件夹",
        description="这些文件夹（相对于工作区，例如 cases/）中的文件只能由签名的提交修改；dj check --verify-signatures "
                    "逐个检查改动过它们的提交，未签名、签名无效或签名密钥不可信的都报告出来。默认为空，即不要求签名。")] = []
    signed_since: Annotated[Date | None, Field(
        title="签名要求起始日期",
        description="只检查此日（含）以后提交的签名；开始要求签名以前的提交不再追究。不填则检查全部历史。")] = None

    @field_validator("signed_folders")
    @classmethod
    def _folders(cls, value: list[str]) -> list[str]:
        for folder in _texts(value, "文件夹"):
            parts = folder.replace("\\", "/").strip("/").split("/")
            if folder.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", folder) or ".." in parts or parts == ["."]:
                raise _refuse(f"文件夹“{folder}”应写成工作区内的相对路径，例如 cases/，不能是绝对路径，也不能含“..”。")
        return value


class RuleLevel(StrEnum):
    """What dj.yaml may make of a domain rule's findings."""

    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


def _rule_levels(value: dict[str, Any]) -> dict[str, Any]:
    """Only catalogued domain codes (DJ4xx and up) may be given another severity."""
    from ..findings import CATALOGUE  # the catalogue only: no rules, no models

    for code in value:
        if not re.fullmatch(r"DJ\d{3}", code):
            raise _refuse(f"“{code}”不是问题编号。请写成 DJ 加三位数字，例如 DJ421（编号见 dj check 的输出）。")
        if code not in CATALOGUE:
            raise _refuse(f"没有编号为 {code} 的问题，请对照 dj check 的输出或 README 改正，或删去这一项。")
        if int(code[2:]) < 400:
            raise _refuse(f"{code}（{CATALOGUE[code].title}）是文件、字段或引用的问题，不能调整或关闭："
                          "这类问题会使记录无法被正确读取，其他规则的结论也就不可靠。只有 DJ4xx 及以后的责任制规则可以调整。")
    return value


class Settings(Model):
    model_config = ConfigDict(title="设置")

    limits: Annotated[Limits, Field(title="读取限制", description="防止误放入的大文件拖慢或拖垮校验。")] = Limits()
    grades: Annotated[Grades, Field(title="等次", description="年度考核、民主测评和责任制考核使用的等次及分数线。")] = Grades()
    influence_months: Annotated[InfluenceMonths, Field(title="影响期（月）", description="处分、诫勉和组织处理对提拔使用的影响期。")] = InfluenceMonths()
    deadlines: Annotated[Deadlines, Field(title="期限", description="整改、组织处理、申诉、自查和处分宣布等期限。")] = Deadlines()
    meetings: Annotated[Meetings, Field(title="会议与学习", description="专题研究、民主生活会和廉洁谈话的频次要求。")] = Meetings()
    review: Annotated[Review, Field(title="考核", description="检查考核的权重、警戒分和“年底突击”提示。")] = Review()
    assign: Annotated[Assign, Field(title="责任分解", description="重点工作、各层级必备要点、学习形式和签单期限。")] = Assign()
    rules: Annotated[dict[str, Annotated[Choice(RuleLevel), WithJsonSchema({
        "type": "string", "enum": [level.value for level in RuleLevel], "title": "级别",
        "description": "error 为错误，warning 为警告，off 为关闭。", "errorMessage": "级别只能是：error、warning、off。"})]], Field(
        title="规则级别",
        description="调整责任制规则（DJ4xx 及以后）的级别：error 为错误，warning 为警告，off 为关闭。"
                    "例如 {DJ421: warning, DJ430: off}。文件、字段和引用问题（DJ1xx–DJ3xx）不能调整。",
        json_schema_extra={"propertyNames": {"pattern": r"^DJ[4-9]\d\d$"}})] = {}
    cycle: Annotated[Cycle, Field(title="五单法", description="反馈单、提示单和年底核单的期限（清单→签单→反馈单→提示单→核单）。")] = Cycle()
    pursue: Annotated[Pursue, Field(title="责任追究", description="案件各阶段和决定执行的期限、离任交接的期限和方面、年度廉政谈话的要求。")] = Pursue()
    due: Annotated[Due, Field(title="期限提醒", description="dj due 的黄色预警天数和每年的工作节点。")] = Due()
    report: Annotated[Report, Field(title="报告", description="dj report 生成的报告：百分比的取舍规则和小数位数、主送和抄送机关、发文机关署名。")] = Report()
    sanguiding: Annotated[Sanguiding, Field(title="三个规定", description="防止干预司法“三个规定”重大事项记录：报告期（月或季度）、记录期限、记录人类别、其他重大事项类别和方式。")] = Sanguiding()

    git: Annotated[Git, Field(title="git 仓库", description="须用签名提交修改的文件夹（dj check --verify-signatures 检查）。")] = Git()

    _rules = field_validator("rules")(classmethod(lambda cls, value: _rule_levels(value)))


class Config(Model):
    """dj.yaml 工作区配置。"""

    model_config = ConfigDict(title="dj 工作区配置")

    organization: Annotated[Organization, Field(title="单位", description="本单位及上级机关。")]
    year: Annotated[int, Field(title="当前年度", description="默认的工作年度。", ge=2000, le=2100)]
    first_year: Annotated[int | None, Field(title="起始年度", description="工作区最早记录的年度；不填则不限。", ge=2000, le=2100)] = None
    settings: Annotated[Settings, Field(title="设置", description="可调整的参数，默认值取自相关党内法规与常见做法。")] = Settings()

    @field_validator("first_year")
    @classmethod
    def _first_before_year(cls, value: int | None, info: ValidationInfo) -> int | None:
        year = info.data.get("year")
        if value is not None and year is not None and value > year:
            raise _refuse(f"起始年度 {value} 晚于当前年度 year: {year}，请改正其中之一。")
        return value
