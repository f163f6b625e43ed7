"""Enumerations. Values are the Chinese terms the regulations use."""

from enum import StrEnum


class Tier(StrEnum):
    """任职层级 (post tier)."""

    PRINCIPAL = "主要负责人"
    LEADER = "班子成员"
    DISCIPLINE = "纪检监察负责人"
    DEPARTMENT_HEAD = "部门负责人"
    DEPUTY_HEAD = "部门副职"
    STAFF = "一般干部"


class SubjectTier(StrEnum):
    """责任主体层级: who bears a responsibility item (责任制规定 2010 第六条; 主体责任规定 2020 第八条).

    In the order real lists have them. The first three and 部门 are collective subjects (a
    body, or a department by reference); the others are individual (a person, or a group of
    people who share one clause, see ``SubjectGroup``).
    """

    BODY = "党组"
    LEADERSHIP = "领导班子"
    DISCIPLINE_BODY = "纪检组"
    PRINCIPAL = "主要负责人"
    LEADER = "班子成员"
    DISCIPLINE = "纪检监察负责人"
    DEPARTMENT = "部门"
    DEPARTMENT_HEAD = "部门负责人"
    DEPUTY_HEAD = "部门副职"
    HANDLER = "具体承办人员"


# Collective subjects named by ``body`` (validated against dj.yaml's organization).
BODY_TIERS = (SubjectTier.BODY, SubjectTier.LEADERSHIP, SubjectTier.DISCIPLINE_BODY)


class SubjectGroup(StrEnum):
    """A group of people who share one clause of a list (“班子成员”“各部门负责人”“中层干部”)."""

    LEADERS = "班子成员"
    HEADS = "部门负责人"
    MIDDLE = "中层干部"
    ALL = "全体干警"


# Which post tiers a group takes in, on the day that matters.
GROUP_POST_TIERS: dict[SubjectGroup, tuple[Tier, ...]] = {
    SubjectGroup.LEADERS: (Tier.LEADER, Tier.DISCIPLINE),
    SubjectGroup.HEADS: (Tier.DEPARTMENT_HEAD,),
    SubjectGroup.MIDDLE: (Tier.DEPARTMENT_HEAD, Tier.DEPUTY_HEAD),
    SubjectGroup.ALL: tuple(Tier),
}


class Duty(StrEnum):
    """责任类型 as rules use it; the list's own wording goes in ``duty_label``."""

    OVERALL = "全面领导责任"
    MAIN_BODY = "主体责任"
    FIRST = "第一责任人"
    IMPORTANT = "重要领导责任"
    DUAL = "一岗双责"
    SUPERVISION = "监督责任"
    DEPARTMENT = "部门主体责任"
    POST = "岗位责任"


class DepartureReason(StrEnum):
    RETIRED = "退休"
    TRANSFERRED = "调离"
    RESIGNED = "辞职"
    DISMISSED = "免职"
    DECEASED = "去世"
    OTHER = "其他"


class Frequency(StrEnum):
    """周期. The last three say how often without a number: they cannot be counted."""

    WEEK = "每周"
    HALF_MONTH = "每半月"
    MONTH = "每月"
    QUARTER = "每季度"
    HALF_YEAR = "每半年"
    YEAR = "每年"
    REGULAR = "定期"
    WHEN_FIT = "适时"
    PROMPT = "及时"

    @property
    def measurable(self) -> bool:
        return self not in (Frequency.REGULAR, Frequency.WHEN_FIT, Frequency.PROMPT)


class Timing(StrEnum):
    """年内时点."""

    START = "年初"
    FIRST_HALF = "上半年"
    MIDDLE = "年中"
    SECOND_HALF = "下半年"
    END = "年底"


class Unit(StrEnum):
    TIMES = "次"
    DAYS = "天"
    PERSON_TIMES = "人次"
    PIECES = "篇"
    HOURS = "小时"
    ITEMS = "项"


# Which post tiers may bear an item of a given subject tier.
SUBJECT_POST_TIERS: dict[SubjectTier, tuple[Tier, ...]] = {
    SubjectTier.PRINCIPAL: (Tier.PRINCIPAL,),
    SubjectTier.LEADER: (Tier.LEADER, Tier.DISCIPLINE, Tier.PRINCIPAL),
    SubjectTier.DISCIPLINE: (Tier.DISCIPLINE,),
    SubjectTier.DEPARTMENT_HEAD: (Tier.DEPARTMENT_HEAD, Tier.LEADER, Tier.DISCIPLINE),
    SubjectTier.DEPUTY_HEAD: (Tier.DEPUTY_HEAD, Tier.DEPARTMENT_HEAD),
    SubjectTier.HANDLER: tuple(Tier),
}
