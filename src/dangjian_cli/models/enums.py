"""Enumerations. Values are the Chinese terms the regulations use."""

from enum import StrEnum


class Tier(StrEnum):
    """任职层级 (post tier)."""

    PRINCIPAL = "主要负责人"
    LEADER = "班子成员"
    DISCIPLINE = "纪检监察负责人"
    DEPARTMENT_HEAD = "部门负责人"
    STAFF = "一般干部"


class SubjectTier(StrEnum):
    """责任主体层级: who bears a responsibility item (责任制规定 2010 第六条; 主体责任规定 2020 第八条)."""

    BODY = "党组"
    PRINCIPAL = "主要负责人"
    LEADER = "班子成员"
    DISCIPLINE = "纪检监察负责人"
    DEPARTMENT_HEAD = "部门负责人"
    HANDLER = "具体承办人员"


class Duty(StrEnum):
    """责任类型."""

    OVERALL = "全面领导责任"
    MAIN_BODY = "主体责任"
    FIRST = "第一责任人"
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
    YEAR = "每年"
    HALF_YEAR = "每半年"
    QUARTER = "每季度"
    MONTH = "每月"


# Which post tiers may bear an item of a given subject tier.
SUBJECT_POST_TIERS: dict[SubjectTier, tuple[Tier, ...]] = {
    SubjectTier.PRINCIPAL: (Tier.PRINCIPAL,),
    SubjectTier.LEADER: (Tier.LEADER, Tier.DISCIPLINE, Tier.PRINCIPAL),
    SubjectTier.DISCIPLINE: (Tier.DISCIPLINE,),
    SubjectTier.DEPARTMENT_HEAD: (Tier.DEPARTMENT_HEAD, Tier.LEADER, Tier.DISCIPLINE),
    SubjectTier.HANDLER: tuple(Tier),
}
