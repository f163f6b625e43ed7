#!/usr/bin/env python3
"""Generate a realistic, fictional dj workspace for benchmarks.

    python bench/generate.py DIR --records N [--years Y] [--seed S] [--year END] [--as-of DATE] [--force]

The workspace is a fictional county procuratorate (示例县人民检察院): departments, people
with post histories (promotions and moves mid-year, retirements, transfers), and per
year the lists of responsibility items (about 4 KB each, mostly Chinese text), the
key-work chains, a study plan with the sessions that fulfil it, and everyone's sign-off
of their list. N counts records of every kind together (a small N may be exceeded: every
person in post gets a list and a sign-off). The records are committed to git in monthly
batches by several fictional authors, with dated commits, so history-based commands have
a realistic log to read. Nothing is dated on or after --as-of (default today).

The same arguments (including --as-of) always give the same files and commits, and the
workspace passes ``dj check --as-of DATE`` with no errors and no warnings.

Only the standard library is used; YAML text is written directly. ``dangjian_cli`` is
imported only to learn which record kinds exist (``dangjian_cli.kinds.KINDS``) and the
defaults of ``settings.assign``; without it the basic three kinds are generated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

D = dt.date
DAY = dt.timedelta(days=1)

# --------------------------------------------------------------------------------------------
# Vocabulary (fictional unit, plainly fictional people)
# --------------------------------------------------------------------------------------------

UNIT = "示例县人民检察院"

BASE_DEPARTMENTS = [
    ("d-office", "办公室", "负责文秘、机要、保密、档案、信息化和后勤保障。"),
    ("d-political", "政治部", "负责干部人事、教育培训、机构编制和队伍建设。"),
    ("d-procuratorate-1", "第一检察部", "负责普通刑事犯罪案件的审查逮捕、审查起诉和诉讼监督。"),
    ("d-procuratorate-2", "第二检察部", "负责职务犯罪、经济犯罪案件的审查逮捕、审查起诉。"),
    ("d-procuratorate-3", "第三检察部", "负责刑事执行检察和社区矫正监督。"),
    ("d-procuratorate-4", "第四检察部", "负责民事、行政检察和公益诉讼。"),
    ("d-minors", "未成年人检察部", "负责涉未成年人案件的办理和未成年人保护。"),
    ("d-case-management", "案件管理部", "负责案件受理、流程监控、质量评查和统计分析。"),
    ("d-inspection", "检务督察部", "负责检务督察、执法监督和廉政风险防控。"),
    ("d-finance", "计划财务装备部", "负责预算、财务、政府采购和装备管理。"),
    ("d-technology", "检察技术信息部", "负责检察技术、电子数据和信息化建设。"),
    ("d-judicial-police", "司法警察大队", "负责押解、看管、送达和安全保卫。"),
]
TOWNS = ["东城", "西城", "南关", "北山", "河口", "青石", "柳林", "杨庄", "马集", "白沙", "石桥", "清水",
         "新集", "双河", "桃园", "梅岭", "龙泉", "松林", "金沙", "凤凰", "长岭", "三里", "高桥", "平安"]

SURNAMES = ("张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
            "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"

AUTHORS = [  # who keeps the records (commits); plainly fictional
    ("张三", "zhangsan@example.org"),
    ("李四", "lisi@example.org"),
    ("王五", "wangwu@example.org"),
    ("赵六", "zhaoliu@example.org"),
]

# Post tiers (dangjian_cli.models.enums.Tier) and subject tiers (SubjectTier).
PRINCIPAL, LEADER, DISCIPLINE, HEAD, STAFF = "主要负责人", "班子成员", "纪检监察负责人", "部门负责人", "一般干部"
BODY, HANDLER = "党组", "具体承办人员"
# The post tier a subject tier is naturally borne by (a subset of SUBJECT_POST_TIERS).
SUBJECT_TO_POST = {PRINCIPAL: PRINCIPAL, LEADER: LEADER, DISCIPLINE: DISCIPLINE, HEAD: HEAD, HANDLER: STAFF}
DUTIES = {
    BODY: ["全面领导责任", "主体责任"],
    PRINCIPAL: ["第一责任人"],
    LEADER: ["一岗双责"],
    DISCIPLINE: ["监督责任"],
    HEAD: ["部门主体责任", "一岗双责"],
    HANDLER: ["岗位责任"],
}
# dj.yaml settings.assign.required_topics defaults, plus topics any tier may list.
REQUIRED_TOPICS = {
    BODY: ["全面领导", "专题研究"],
    PRINCIPAL: ["抓班子带队伍", "廉洁自律", "管好配偶子女和身边工作人员"],
    LEADER: ["一岗双责", "廉洁自律"],
    DISCIPLINE: ["监督责任", "廉洁自律"],
    HEAD: ["一岗双责", "廉洁自律"],
    HANDLER: ["廉洁自律"],
}
EXTRA_TOPICS = ["警示教育", "廉政风险防控", "作风建设", "选人用人", "经费管理", "案件质量", "意识形态", "保密工作"]
# Items per year a person of a tier bears, relative to each other.
ITEM_WEIGHT = {BODY: 24, PRINCIPAL: 16, LEADER: 10, DISCIPLINE: 12, HEAD: 7, HANDLER: 2.5}

STAFF_TITLES = ["检察官", "一级检察官", "二级检察官", "检察官助理", "书记员", "司法警察", "综合管理人员", "检察技术人员"]
LEADER_TITLES = ["党组成员、副检察长", "党组成员、副检察长", "党组成员、政治部主任", "检察委员会专职委员"]

AREAS: dict[str, list[str]] = {
    "政治建设": [
        "坚持把党的政治建设摆在首位，严明政治纪律和政治规矩，教育引导干警坚定拥护“两个确立”、坚决做到“两个维护”",
        "认真落实“第一议题”制度，及时传达学习党中央重大决策部署和上级党组的工作要求，结合检察工作研究贯彻措施",
        "严格执行重大事项请示报告制度，按规定向上级检察院党组和县委报告重大事项，做到不漏报、不迟报",
        "落实党组议事规则和决策程序，凡属“三重一大”事项一律经党组会议集体研究决定",
    ],
    "思想建设": [
        "组织开展党纪学习教育，通过党组理论学习中心组学习、支部“三会一课”等形式系统学习党章党规党纪",
        "结合检察业务开展廉政文化进机关活动，推动廉洁理念融入办案、管理和服务各环节",
        "建立干警思想动态分析制度，每季度分析一次队伍思想状况，对苗头性、倾向性问题早发现、早提醒、早纠正",
    ],
    "组织建设": [
        "加强党支部标准化规范化建设，落实支部书记抓党建述职评议考核，推动党建与业务深度融合",
        "严格党员教育管理监督，按时足额收缴党费，规范党员组织关系转接和党员发展工作",
        "落实民主集中制，按规定召开民主生活会和组织生活会，认真开展批评和自我批评，抓好问题整改",
    ],
    "作风建设": [
        "严格落实中央八项规定及其实施细则精神，持续纠治“四风”特别是形式主义、官僚主义问题",
        "规范公务接待、公务用车、会议培训和差旅管理，严禁超标准、超范围列支各项费用",
        "开展作风纪律专项检查，对迟到早退、工作日饮酒、违规使用公车等问题发现一起、纠正一起、通报一起",
    ],
    "纪律建设": [
        "严格执行防止干预司法“三个规定”，对过问或者干预、插手案件情况做到全面如实记录、逐月报告",
        "落实检察官办案责任制，明确检察官、检察官助理和书记员的职责权限，严格执行司法责任追究制度",
        "运用监督执纪“四种形态”特别是第一种形态，对发现的问题及时开展谈话提醒、批评教育",
    ],
    "廉洁自律": [
        "带头遵守廉洁自律各项规定，按规定如实报告个人有关事项，不利用职权和职务影响为本人或者他人谋取利益",
        "管好配偶、子女和身边工作人员，严禁其利用本人职务影响从事经商办企业或者插手检察业务",
        "严格执行检察人员任职回避和公务回避规定，主动申报应当回避的情形",
    ],
    "干部选拔任用": [
        "严格执行《党政领导干部选拔任用工作条例》，坚持党管干部原则，规范动议、民主推荐、考察、讨论决定和任职等各环节",
        "落实干部选拔任用“凡提四必”要求，严把政治关、品行关、能力关、作风关、廉洁关",
        "认真执行干部任前公示、任职试用期和选人用人工作“一报告两评议”制度，接受干部群众监督",
    ],
    "经费管理使用": [
        "严格执行预算管理和财务报销制度，规范资金审批流程，大额资金支出一律经党组会议集体研究",
        "加强涉案财物和罚没款管理，做到账物相符、账账相符，杜绝截留、挪用、坐收坐支",
        "定期开展财务内部审计和专项检查，对发现的问题建立台账、限期整改",
    ],
    "物资采购": [
        "严格执行政府采购法律法规，规范采购需求、采购方式、合同签订和履约验收等环节",
        "落实采购事项集体决策和分事行权、分岗设权、分级授权要求，防止采购权力过于集中",
        "建立采购档案，对采购全过程留痕管理，定期公开采购信息，接受监督",
    ],
    "司法办案监督": [
        "加强对司法办案活动的监督制约，落实案件流程监控、质量评查和检察官业绩考评制度",
        "规范律师接待和案件信息公开，严禁违规会见当事人及其委托人，严禁泄露办案秘密",
        "开展不捕不诉、变更强制措施等重点案件专项评查，对评查发现的问题逐案整改、逐人反馈",
    ],
    "意识形态工作": [
        "落实意识形态工作责任制，定期分析研判意识形态领域情况，加强检察新媒体阵地管理",
        "严格涉检网络舆情监测和处置，建立舆情快速反应机制，及时回应社会关切",
    ],
    "保密工作": [
        "落实保密工作责任制，加强涉密人员、涉密载体和涉密信息系统管理，定期开展保密自查",
        "严格执行检察工作秘密管理规定，规范案卷借阅和电子数据使用，防止失泄密事件发生",
    ],
}
AREA_NAMES = list(AREAS)

TIER_LEADS = {
    BODY: "党组对本院党风廉政建设和全面从严治党工作负全面领导责任，坚持把党风廉政建设与检察业务工作一起部署、一起落实、一起检查、一起考核。",
    PRINCIPAL: "作为本院落实全面从严治党主体责任的第一责任人，对党风廉政建设重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要案件亲自督办。",
    LEADER: "按照“一岗双责”要求，在抓好分管业务工作的同时，对分管部门（{remit}）的党风廉政建设负重要领导责任。",
    DISCIPLINE: "协助党组落实全面从严治党主体责任，履行监督专责，聚焦“关键少数”和执法办案重点岗位、关键环节开展日常监督。",
    HEAD: "对{dept}的党风廉政建设负直接领导责任，把党风廉政建设要求落实到本部门各项检察业务和队伍管理之中。",
    HANDLER: "在{dept}承办的检察业务中严格遵守廉洁从检各项规定，落实岗位廉政风险防控措施，对本岗位的廉洁履职负直接责任。",
}
CLOSINGS = [
    "年中对照清单开展一次自查，年底形成书面履责报告，接受党组检查考核和干警民主测评。",
    "对履责中发现的问题建立整改台账，明确整改措施、责任人和完成时限，做到件件有着落、事事有回音。",
    "履责情况纳入年度述责述廉内容，作为考核评价、评先评优和选拔任用的重要依据。",
    "每季度末对照本事项梳理履责情况，及时补齐短板，确保责任落实不缺位、不越位、不错位。",
]
LINKS = ["同时，", "此外，", "在此基础上，", "针对薄弱环节，", "结合本年度工作重点，", ""]

TARGETS = [
    ("每半年至少专题研究一次全面从严治党和党风廉政建设工作", 1, "每半年"),
    ("每季度至少召开一次党风廉政建设工作例会，分析形势、部署任务", 1, "每季度"),
    ("每年至少讲授一次廉政党课", 1, "每年"),
    ("每年与分管部门负责人开展廉洁谈话不少于{n}次", None, "每年"),
    ("每季度听取一次分管部门党风廉政建设情况汇报", 1, "每季度"),
    ("每月开展一次廉政风险点排查，更新风险防控台账", 1, "每月"),
    ("每年组织警示教育活动不少于{n}次", None, "每年"),
    ("每半年向党组书面报告一次履行“一岗双责”情况", 1, "每半年"),
    ("每季度开展一次案件质量评查，评查覆盖率不低于{p}%", 1, "每季度"),
    ("过问或者干预、插手案件情况记录报告率达到100%", None, None),
    ("干部选拔任用工作“一报告两评议”满意率不低于{p}%", None, None),
    ("政府采购项目合同履约验收率达到100%，采购档案归档率达到100%", None, None),
    ("全年开展作风纪律专项督察不少于{n}次，督察结果全院通报", None, "每年"),
    ("每月对涉案财物管理情况进行一次核对，做到账物相符", 1, "每月"),
]
EVIDENCE = ["会议记录", "会议纪要", "谈话记录", "工作台账", "专题报告", "签到表", "学习笔记", "照片资料", "通报文件",
            "整改清单", "督察通报", "述责述廉报告", "廉政档案", "检查考核评分表", "警示教育材料", "案件评查报告",
            "过问干预案件登记表", "采购合同及验收单", "财务审计报告", "民主测评表"]
ACCOUNTABILITY = [
    "不履行或者不正确履行本项责任，造成不良影响的，依照《中国共产党问责条例》第七条、第八条，视情节轻重，对责任人采取检查、通报、诫勉方式问责；"
    "情节较重的，采取组织调整或者组织处理方式问责；涉嫌违犯党纪的，移送纪检监察机关依规依纪处理。",
    "未按要求完成本项量化目标的，由党组责令作出书面说明，限期整改，取消年度评先评优资格；"
    "因履责不力导致本部门发生严重违纪违法问题的，依照《中国共产党问责条例》追究主体责任、领导责任。",
    "履责不力、敷衍应付的，在年度党风廉政建设责任制考核中相应扣分；考核为“基本合格”的，予以通报并进行诫勉谈话；"
    "连续两年“基本合格”或者考核“不合格”的，按规定进行组织调整。",
    "对本项责任范围内发生的违反中央八项规定精神问题负有责任的，按照“一案双查”要求，既追究当事人责任，又倒查有关领导的主体责任和监督责任。",
]
BASIS = [
    "《党委（党组）落实全面从严治党主体责任规定》第八条",
    "《关于实行党风廉政建设责任制的规定》第五条、第六条",
    "《中国共产党问责条例》第六条、第七条",
    "《检察机关党风廉政建设责任制实施办法》",
    "《中国共产党纪律处分条例》（2023年修订）",
    "《党政领导干部选拔任用工作条例》第二十四条",
    "县委关于落实全面从严治党主体责任的实施意见",
]
AUTHORITY = [
    "党组会议议事规则规定的集体决策权",
    "检察长对本院工作的统一领导权",
    "对分管部门的工作部署、督促检查和考核评价权",
    "纪检监察机构的日常监督、问题线索处置和执纪问责权",
    "部门负责人对本部门工作的组织管理权和案件审核权",
    "检察官在授权范围内的办案决定权",
]
SCOPES = {BODY: ["全院"], PRINCIPAL: ["全院"], LEADER: ["分管部门", "分管部门及联系点"], DISCIPLINE: ["全院", "全院各部门及派出检察室"],
          HEAD: ["本部门"], HANDLER: ["本人承办的案件", "本岗位"]}
PERIODS = ["全年", "全年", "每季度", "每半年", "上半年", "下半年"]
DEPARTMENT_NOTES = ["", "", "", "设立党支部。", "与{other}合署办公。", "{year}年机构改革后组建。"]
PERSON_NOTES = ["", "", "", "", "兼任党支部书记。", "兼任机关纪委委员。", "挂职锻炼一年。", "{year}年由县直单位交流任职。"]
HANDOVERS = ["已向继任者移交分管部门党风廉政建设责任清单及未结整改事项。", "已书面交接在办事项，未结事项由党组指定专人跟进。", "已完成离任交接和离任审计。"]


# --------------------------------------------------------------------------------------------
# YAML text
# --------------------------------------------------------------------------------------------

_PLAIN_BAD_START = set("-?:,[]{}#&*!|>'\"%@` ")
_NOT_PLAIN = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N"
    r"|[-+]?[0-9][0-9_.:eEoxXa-fA-F]*|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)|\d{4}-\d\d?-\d\d?.*)$"
)


def scalar(value: Any) -> str:
    """A YAML scalar meaning the same under YAML 1.1 and 1.2."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, D):
        return value.isoformat()
    text = str(value)
    if (not text or text[0] in _PLAIN_BAD_START or text[-1] == " " or ": " in text or " #" in text
            or "\n" in text or text.endswith(":") or "\t" in text or _NOT_PLAIN.match(text)):
        return json.dumps(text, ensure_ascii=False)
    return text


def block(text: str, indent: str) -> str:
    """A literal block scalar with one sentence per line, as people type long text."""
    sentences = [s for s in re.split(r"(?<=[。；])", text) if s]
    return "|-\n" + "\n".join(indent + s for s in sentences)


def emit(data: dict[str, Any], blocks: frozenset[str] = frozenset(), indent: str = "") -> str:
    """Block-style YAML for a mapping of scalars, lists of scalars and lists of mappings."""
    out: list[str] = []
    for key, value in data.items():
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, dict):
            out.append(f"{indent}{key}:")
            out.append(emit(value, blocks, indent + "  "))
        elif isinstance(value, list):
            out.append(f"{indent}{key}:")
            for item in value:
                if isinstance(item, dict):
                    inner = emit(item, blocks, indent + "    ").split("\n")
                    out.append(f"{indent}  - {inner[0].lstrip()}")
                    out.extend(inner[1:])
                else:
                    out.append(f"{indent}  - {scalar(item)}")
        elif key in blocks and isinstance(value, str):
            out.append(f"{indent}{key}: {block(value, indent + '  ')}")
        else:
            out.append(f"{indent}{key}: {scalar(value)}")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# People and posts
# --------------------------------------------------------------------------------------------


@dataclass
class Post:
    title: str
    tier: str
    department: str | None
    start: D
    end: D | None = None
    remit: list[str] = field(default_factory=list)


@dataclass
class Person:
    id: str
    name: str
    gender: str
    party_member: bool
    posts: list[Post] = field(default_factory=list)
    departure: tuple[D, str, str | None] | None = None  # (date, reason, handover)
    note: str | None = None

    @property
    def created(self) -> D:
        return self.posts[0].start

    def post_on(self, day: D) -> Post | None:
        for post in self.posts:
            if post.start <= day and (post.end is None or day <= post.end):
                return post
        return None

    def events(self) -> list[D]:
        """Dates on which this person's record changes."""
        out = {self.created}
        for post in self.posts:
            out.add(post.start)
            if post.end is not None:
                out.add(post.end)
        if self.departure:
            out.add(self.departure[0])
        return sorted(out)

    def as_of(self, day: D) -> dict[str, Any]:
        """The record as its keeper would have written it on day."""
        posts = []
        for post in self.posts:
            if post.start > day:
                continue
            posts.append({
                "title": post.title,
                "tier": post.tier,
                "department": post.department,
                "start": post.start,
                "end": post.end if post.end is not None and post.end <= day else None,
                "remit": post.remit,
            })
        data: dict[str, Any] = {"id": self.id, "name": self.name, "gender": self.gender}
        if not self.party_member:
            data["party_member"] = False
        data["posts"] = posts
        if self.departure and self.departure[0] <= day:
            date, reason, handover = self.departure
            data["departure"] = {"date": date, "reason": reason, "handover": handover}
        data["note"] = self.note
        return data


def person_name(index: int) -> str:
    """Plainly fictional names: surname + heavenly stem (+ earthly branch), e.g. 张甲, 王乙卯."""
    s = len(SURNAMES)
    surname, j = SURNAMES[index % s], index // s
    given = STEMS[j % 10]
    if j >= 10:
        given += BRANCHES[(j // 10 - 1) % 12]
    if j >= 10 * 13:
        given += "甲乙丙丁戊己庚辛壬癸"[(j // 130) % 10]
    return surname + given


def rand_date(rng: random.Random, first: D, last: D) -> D:
    if last <= first:
        return first
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


class Staffing:
    """Simulates who holds which post, day by day through the covered years."""

    def __init__(self, rng: random.Random, departments: list[tuple[str, str, str]], first_year: int, limit: D,
                 people_target: int) -> None:
        self.rng = rng
        self.departments = departments
        self.dept_ids = [d[0] for d in departments]
        self.dept_names = {d[0]: d[1] for d in departments}
        self.first = D(first_year, 1, 1)
        self.history_start = D(first_year - 12, 1, 1)
        # The last day anything happens: records never describe the future.
        self.last = limit
        self.people: list[Person] = []
        self.target = people_target
        self.holding: set[str] = set()  # ids of people holding a leading post (a slot)

    def new_person(self) -> Person:
        index = len(self.people)
        rng = self.rng
        person = Person(
            id=f"p-{index + 1:05d}",
            name=person_name(index),
            gender=rng.choice("男男女"),
            party_member=rng.random() < 0.92,
        )
        note = rng.choice(PERSON_NOTES)
        person.note = note.format(year=rng.randint(self.first.year - 5, self.first.year)) or None
        self.people.append(person)
        return person

    # staff careers -----------------------------------------------------------------------

    def staff_career(self, joined: D | None = None) -> Person:
        rng = self.rng
        person = self.new_person()
        start = joined or rand_date(rng, self.history_start, self.first - DAY)
        dept = rng.choice(self.dept_ids)
        person.posts.append(Post(rng.choice(STAFF_TITLES), STAFF, dept, start))
        moves = rng.choices([0, 1, 2], weights=[6, 3, 1])[0]
        day = max(start, self.first)
        for _ in range(moves):
            day = rand_date(rng, day + 60 * DAY, self.last)
            if day >= self.last:
                break
            self._move_staff(person, day)
        if rng.random() < 0.14:
            leave = rand_date(rng, max(person.posts[-1].start + 30 * DAY, self.first), self.last)
            if leave < self.last:
                reason = rng.choices(["退休", "调离", "辞职"], weights=[6, 3, 1])[0]
                self._leave(person, leave, reason)
        return person

    def _move_staff(self, person: Person, day: D) -> None:
        current = person.posts[-1]
        current.end = day - DAY
        dept = self.rng.choice([d for d in self.dept_ids if d != current.department] or self.dept_ids)
        person.posts.append(Post(self.rng.choice(STAFF_TITLES), STAFF, dept, day))

    def _leave(self, person: Person, day: D, reason: str) -> None:
        person.posts[-1].end = day
        handover = self.rng.choice(HANDOVERS) if person.posts[-1].tier != STAFF else None
        person.departure = (day, reason, handover)

    def promotable_staff(self, day: D, dept: str | None) -> Person | None:
        """Someone in a staff post on day (for at least a year) who does not leave soon."""
        pool = []
        for person in self.people:
            if person.id in self.holding:  # holds (or will hold) a leading post: not a candidate
                continue
            post = person.post_on(day)
            if post is None or post.tier != STAFF or post.start > day - 365 * DAY:
                continue
            if dept is not None and post.department != dept:
                continue
            pool.append(person)
        return self.rng.choice(pool) if pool else None

    def take_over(self, person: Person, day: D) -> None:
        """End person's career as planned from day on: the current post ends the day before."""
        kept = [p for p in person.posts if p.start < day]
        kept[-1].end = day - DAY
        person.posts = kept
        person.departure = None

    # leading posts as slots ----------------------------------------------------------------

    def run(self) -> list[Person]:
        rng = self.rng
        # Staff first: they are the pool for promotions.
        initial_staff = max(10, int(self.target * 0.72))
        for _ in range(initial_staff):
            self.staff_career()
        slots: list[dict[str, Any]] = []
        slots.append({"tier": PRINCIPAL, "title": "党组书记、检察长", "dept": None, "years": (4, 7)})
        slots.append({"tier": DISCIPLINE, "title": "派驻纪检监察组组长", "dept": None, "years": (3, 6)})
        leaders = 4 + len(self.dept_ids) // 8
        remits = [self.dept_ids[i::leaders] for i in range(leaders)]
        for i in range(leaders):
            slots.append({"tier": LEADER, "title": LEADER_TITLES[i % len(LEADER_TITLES)], "dept": None,
                          "remit": remits[i], "years": (3, 8)})
        for dept in self.dept_ids:
            title = f"{self.dept_names[dept]}主任" if "检察" in self.dept_names[dept] or dept in ("d-office", "d-political") \
                else f"{self.dept_names[dept]}负责人"
            slots.append({"tier": HEAD, "title": title, "dept": dept, "years": (3, 9)})
        # Initial occupants, then an event loop over term ends.
        queue: list[tuple[D, int]] = []
        for index, slot in enumerate(slots):
            person = self.new_person()
            start = rand_date(rng, self.first - 6 * 365 * DAY, self.first - 30 * DAY)
            if rng.random() < 0.5:  # an earlier post, ended the day before
                earlier = rand_date(rng, start - 8 * 365 * DAY, start - 365 * DAY)
                person.posts.append(Post(rng.choice(STAFF_TITLES), STAFF, rng.choice(self.dept_ids), earlier, start - DAY))
            self._occupy(slot, person, start)
            queue.append((self._term_end(slot, start), index))
        while queue:
            queue.sort()
            end, index = queue.pop(0)
            if end >= self.last:
                continue
            changed = self._replace(slots, index, end + DAY)
            for j in changed:
                queue = [(d, k) for d, k in queue if k != j]
                queue.append((self._term_end(slots[j], end + DAY), j))
        # Top up with staff who joined during the covered years, up to the target.
        while len(self.people) < self.target:
            self.staff_career(rand_date(rng, self.first, self.last - 30 * DAY))
        return self.people

    def _term_end(self, slot: dict[str, Any], start: D) -> D:
        low, high = slot["years"]
        return start + dt.timedelta(days=self.rng.randint(low * 365, high * 365))

    def _occupy(self, slot: dict[str, Any], person: Person, day: D) -> None:
        person.posts.append(Post(slot["title"], slot["tier"], slot["dept"], day, None, list(slot.get("remit", []))))
        slot["holder"] = person
        self.holding.add(person.id)

    def _replace(self, slots: list[dict[str, Any]], index: int, day: D) -> list[int]:
        """The holder of slots[index] leaves it the day before day; returns the slots that changed."""
        rng = self.rng
        slot = slots[index]
        old: Person = slot["holder"]
        self.holding.discard(old.id)
        changed = [index]
        # What becomes of the outgoing holder.
        fate = rng.choices(["退休", "调离", "改任"], weights=[4, 3, 3])[0]
        if fate == "改任" and slot["tier"] in (HEAD, LEADER):
            old.posts[-1].end = day - DAY
            old.posts.append(Post(rng.choice(["一级检察官", "二级高级检察官", "四级高级检察官"]), STAFF,
                                  rng.choice(self.dept_ids), day))
        else:
            self._leave(old, day - DAY, "退休" if fate == "改任" else fate)
        # Who takes over: a promotion from the tier below (a mid-year move) or someone from outside.
        successor = None
        below = {PRINCIPAL: (LEADER, 0.3), LEADER: (HEAD, 0.5)}.get(slot["tier"])
        if below is not None and rng.random() < below[1]:
            j = self._senior_holder(slots, below[0], day)
            if j is not None:
                successor = slots[j]["holder"]
                self.take_over(successor, day)
                changed += self._refill(slots, j, day)
        elif slot["tier"] == HEAD and rng.random() < 0.7:
            successor = self.promotable_staff(day, slot["dept"]) or self.promotable_staff(day, None)
            if successor is not None:
                self.take_over(successor, day)
        if successor is None:
            successor = self.new_person()
        self._occupy(slot, successor, day)
        return changed

    def _senior_holder(self, slots: list[dict[str, Any]], tier: str, day: D) -> int | None:
        """A slot of tier whose holder has held it for at least a year on day."""
        ready = [k for k, s in enumerate(slots) if s["tier"] == tier and s["holder"].posts[-1].start <= day - 365 * DAY]
        return self.rng.choice(ready) if ready else None

    def _refill(self, slots: list[dict[str, Any]], j: int, day: D) -> list[int]:
        """Slot j lost its holder to a promotion on day: fill it from below or from outside."""
        slot = slots[j]
        successor = None
        if slot["tier"] == LEADER and self.rng.random() < 0.5:
            k = self._senior_holder(slots, HEAD, day)
            if k is not None:
                successor = slots[k]["holder"]
                self.take_over(successor, day)
                self._occupy(slot, successor, day)
                return [j, *self._refill(slots, k, day)]
        if slot["tier"] == HEAD:
            successor = self.promotable_staff(day, slot["dept"]) or self.promotable_staff(day, None)
            if successor is not None:
                self.take_over(successor, day)
        if successor is None:
            successor = self.new_person()
        self._occupy(slot, successor, day)
        return [j]


# --------------------------------------------------------------------------------------------
# Vocabulary of 责任分解 (chains, study, sign-offs)
# --------------------------------------------------------------------------------------------

KEY_WORK = {  # area -> (department responsible, id slug, procedure, discipline)
    "干部选拔任用": ("d-political", "cadre",
               ["分析研判和动议", "党组会议确定工作方案", "民主推荐", "确定考察对象", "组织考察并征求纪检监察机构意见",
                "党组会议讨论决定", "任职前公示", "办理任职手续并报备"],
               ["严禁超职数、超规格配备干部", "严禁临时突击提拔调整干部", "严禁跑官要官、说情打招呼",
                "考察对象有问题线索未查清的一律暂缓", "严格执行任职回避和公务回避规定"]),
    "经费管理使用": ("d-finance", "funds",
               ["编制年度预算并报党组会议审议", "经办人提出支出申请", "部门负责人审核", "分管领导审批",
                "大额支出提交党组会议集体研究", "财务部门复核并支付", "年度决算和内部审计"],
               ["严禁无预算、超预算支出", "严禁虚列支出、套取资金", "严禁设立“小金库”",
                "公务接待、差旅和会议费用严格执行标准", "涉案款物与经费分账管理"]),
    "物资采购": ("d-office", "procurement",
             ["提出采购需求并论证", "编制采购计划报分管领导审批", "依法确定采购方式", "组织采购和评审",
              "党组会议审定重大采购事项", "签订采购合同", "履约验收", "采购资料归档"],
             ["严禁化整为零规避公开招标", "严禁指定品牌或者设置倾向性条件", "采购人员与供应商有利害关系的应当回避",
              "验收人员不得由采购经办人兼任", "采购信息按规定公开"]),
}
LINK_DUTIES = {
    "牵头领导": "对{area}工作负总责，主持研究重大事项，督促各环节落实廉政风险防控措施。",
    "责任部门": "承担{area}的具体组织实施，建立工作台账，规范工作程序，全程留痕。",
    "分管领导": "对{area}工作负直接领导责任，审核把关关键环节，定期听取责任部门汇报。",
    "部门领导": "组织本部门按程序办理{area}各项事务，对经办事项逐项审核，及时报告问题。",
    "具体承办人员": "按照工作程序和纪律要求办理{area}具体事务，如实记录办理过程，发现问题及时报告。",
}
LINK_ACCOUNTABILITY = {
    "牵头领导": "对{area}工作中发生的重大问题失察失管的，依照《中国共产党问责条例》追究主体责任、领导责任。",
    "责任部门": "责任部门履职不力、程序不规范的，对部门予以通报，并追究部门负责人的责任。",
    "分管领导": "把关不严、监督不力，导致{area}出现违规问题的，依照《中国共产党问责条例》追究重要领导责任。",
    "部门领导": "审核不严、管理不到位的，视情节予以批评教育、诫勉谈话；造成严重后果的，依规依纪追究责任。",
    "具体承办人员": "违反工作程序和纪律的，视情节予以批评教育、组织处理；涉嫌违纪违法的，依规依纪依法处理。",
}
STUDY_FORMS = ["党组理论中心组学习", "部门集体学习", "个人自学", "警示教育片", "现场教学"]
TOPIC_MEETINGS = ["专题研究全面从严治党工作", "专题研究党风廉政建设和反腐败工作", "学习上级检察院党组关于全面从严治党的工作部署"]
STUDY_TOPICS = ["学习贯彻党的二十大精神", "学习《中国共产党纪律处分条例》", "学习《中国共产党问责条例》",
                "学习《党委（党组）落实全面从严治党主体责任规定》", "学习防止干预司法“三个规定”", "学习检察官职业道德基本准则",
                "学习中央八项规定及其实施细则精神", "学习习近平法治思想", "学习新时代政法干警“十个严禁”", "学习党章",
                "学习《中国共产党廉洁自律准则》", "学习上级检察院党组关于全面从严治党的工作部署"]
STUDY_MATERIALS = ["《中国共产党章程》", "《中国共产党纪律处分条例》", "《中国共产党问责条例》", "《中国共产党廉洁自律准则》",
                   "《习近平法治思想学习纲要》", "《检察官职业道德基本准则》", "上级检察院党组通报的典型案例", "本院廉政风险防控手册"]
WARNING_FILMS = ["警示教育片《零容忍》", "警示教育片《持续发力 纵深推进》", "警示教育片《正风反腐就在身边》", "本省检察系统违纪违法典型案例警示片"]
SITES = ["示例县廉政教育基地", "示例县革命历史纪念馆", "示例市党风廉政警示教育中心", "示例县红色教育基地"]
SESSION_NOTES = [
    "会议由{host}主持。与会人员逐段学习了有关文件，结合检察工作实际和个人思想实际进行了交流发言。",
    "大家一致认为，要把学习成果转化为推进全面从严治党的实际行动，严格落实“一岗双责”，守住廉洁从检底线。",
    "会议要求，各部门要对照学习内容开展一次廉政风险点再排查，对发现的问题建立台账、限期整改。",
    "{host}在总结时强调，要以案为鉴、以案促改，把纪律规矩挺在前面，坚决防止“灯下黑”。",
]
SIGN_NOTES = ["", "", "", "在年度党风廉政建设工作会议上签订。", "因年初外出学习，返岗后补签。"]


# --------------------------------------------------------------------------------------------
# Record generators: one per kind, each returning Record(path, states) objects
# --------------------------------------------------------------------------------------------


@dataclass
class Record:
    """One record file: where it goes and the text it had from each date on (the last is final)."""

    path: str
    states: list[tuple[D, str]]

    @property
    def final(self) -> str:
        return self.states[-1][1]


@dataclass
class Context:
    rng: random.Random
    first_year: int
    last_year: int
    limit: D  # nothing is dated after this day
    departments: list[tuple[str, str, str]]
    people: list[Person]
    counts: dict[str, int]
    kinds: set[str]
    key_work: dict[str, tuple[str, str, list[str], list[str]]] = field(default_factory=dict)
    # filled while generating: (year) -> chains, and (year, person id) -> item ids
    chains: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    items_of: dict[tuple[int, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    body_items: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))  # year -> the 党组's item ids
    _posts_in: dict[int, list[tuple[Person, Post]]] = field(default_factory=dict)
    _by_tier: dict[int, Any] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def bounds(self, year: int) -> tuple[D, D]:
        return D(year, 1, 1), min(D(year, 12, 31), self.limit)

    def posts_in(self, year: int) -> list[tuple[Person, Post]]:
        """(person, post) of every post held at some time in year (cached)."""
        cached = self._posts_in.get(year)
        if cached is None:
            first, last = self.bounds(year)
            cached = [(person, post) for person in self.people for post in person.posts
                      if post.start <= last and (post.end is None or post.end >= first)]
            self._posts_in[year] = cached
        return cached

    def on(self, day: D) -> list[tuple[Person, Post]]:
        """(person, post) of everyone in post on day."""
        return [(person, post) for person, post in self.posts_in(day.year)
                if post.start <= day and (post.end is None or day <= post.end)]

    def holder(self, tier: str, day: D, dept: str | None = None) -> Person | None:
        """Who held a post of tier (in dept) on day."""
        index = self._by_tier.get(day.year)
        if index is None:
            index = defaultdict(list)
            for person, post in self.posts_in(day.year):
                index[(post.tier, None)].append((person, post))
                index[(post.tier, post.department)].append((person, post))
            self._by_tier[day.year] = index
        for person, post in index.get((tier, dept), ()):
            if post.start <= day and (post.end is None or day <= post.end):
                return person
        return None


def gen_departments(ctx: Context) -> list[Record]:
    rng = ctx.rng
    out = []
    for dept_id, name, duty in ctx.departments:
        note = rng.choice(DEPARTMENT_NOTES).format(other=rng.choice(ctx.departments)[1], year=ctx.first_year - rng.randint(2, 8))
        data = {"id": dept_id, "name": name, "note": note or None}
        text = f"# {name}：{duty}\n" + emit(data) + "\n"
        out.append(Record(f"departments/{dept_id}.yaml", [(D(ctx.first_year - 1, 12, 1), text)]))
    return out


def gen_people(ctx: Context) -> list[Record]:
    """People files change over time: a post added, an end date filled in, a departure."""
    start = D(ctx.first_year - 1, 12, 1)
    out = []
    for person in ctx.people:
        first = max(person.created, start)
        states = [(first, emit(person.as_of(first)) + "\n")]
        for day in person.events():
            if day > first:
                text = emit(person.as_of(day)) + "\n"
                if text != states[-1][1]:
                    states.append((day, text))
        out.append(Record(f"people/{person.id}.yaml", states))
    return out


def cover(first: D, last: D, *pools: list[tuple[Person, D, D | None]]) -> list[tuple[Person, D | None, D | None]]:
    """Segments (person, start, end) covering first..last, fewest changes first, from the first
    pool that has someone on a day (a later pool fills gaps). start/end are None where a
    segment reaches the start or end of the period."""
    out: list[tuple[Person, D | None, D | None]] = []
    day = first
    while day <= last:
        here: list[tuple[D, Person]] = []
        for spans in pools:
            here = [(end or D.max, person) for person, start, end in spans if start <= day and (end is None or end >= day)]
            if here:
                break
        if not here:
            later = [start for spans in pools for _, start, _ in spans if start > day]
            if not later:
                break
            day = min(later)
            continue
        end, person = max(here, key=lambda t: (t[0], t[1].id))
        # stay with this person only until the preferred pool has someone again
        if here and pools and not any(p is person for p, _, _ in pools[0]):
            back = [start for p, start, _ in pools[0] if day < start <= end]
            if back:
                end = min(back) - DAY
        out.append((person, None if day == first else day, None if end >= last else end))
        day = end + DAY if end < last else last + DAY
    return out


def gen_chains(ctx: Context) -> list[Record]:
    """Key-work chains: the five links of each key work, split where people changed mid-year."""
    out = []
    dept_ids = {d[0] for d in ctx.departments}
    for year in ctx.years:
        first, last = D(year, 1, 1), D(year, 12, 31)
        posts = ctx.posts_in(year)
        ctx.chains[year] = []
        for area, (dept, slug, procedure, discipline) in ctx.key_work.items():
            dept = dept if dept in dept_ids else ctx.departments[0][0]
            spans = {
                "牵头领导": [(p, q.start, q.end) for p, q in posts if q.tier == PRINCIPAL],
                "分管领导": [(p, q.start, q.end) for p, q in posts if q.tier == LEADER and dept in q.remit],
                "部门领导": [(p, q.start, q.end) for p, q in posts if q.tier == HEAD and q.department == dept],
                "具体承办人员": [(p, q.start, q.end) for p, q in posts if q.tier == STAFF and q.department == dept],
            }
            fallback = {"具体承办人员": [(p, q.start, q.end) for p, q in posts if q.tier == STAFF]}
            links: list[dict[str, Any]] = []
            leaders: list[tuple[Person, str]] = []
            for role in ("牵头领导", "责任部门", "分管领导", "部门领导", "具体承办人员"):
                duty = LINK_DUTIES[role].format(area=area)
                accountability = LINK_ACCOUNTABILITY[role].format(area=area)
                if role == "责任部门":
                    links.append({"role": role, "department": dept, "duty": duty, "accountability": accountability})
                    continue
                for person, start, end in cover(first, last, spans[role], fallback.get(role, [])):
                    links.append({"role": role, "person": person.id, "start": start, "end": end,
                                  "duty": duty, "accountability": accountability})
                    if role in ("牵头领导", "分管领导"):
                        leaders.append((person, PRINCIPAL if role == "牵头领导" else LEADER))
            chain_id = f"{year}-chain-{slug}"
            data = {"id": chain_id, "year": year, "area": area, "links": links, "procedure": procedure,
                    "discipline": discipline, "basis": "《关于实行党风廉政建设责任制的规定》第五条；《中国共产党问责条例》第六条"}
            text = f"# {year}年度重点工作责任链条：{area}\n" + emit(data) + "\n"
            created = D(year - 1, 12, ctx.rng.randint(10, 28)) if year > ctx.first_year else D(year, 1, ctx.rng.randint(5, 20))
            ctx.chains[year].append({"area": area, "leaders": leaders})
            out.append(Record(f"chains/{year}/{chain_id}.yaml", [(created, text)]))
    return out


def _content(rng: random.Random, tier: str, area: str, dept_name: str, remit: str, year: int) -> str:
    lead = TIER_LEADS[tier].format(dept=dept_name, remit=remit)
    own = list(AREAS.get(area, AREAS["廉洁自律"]))
    rng.shuffle(own)
    others = [t for a in rng.sample(AREA_NAMES, k=4) if a != area for t in AREAS[a]]
    tasks = own + rng.sample(others, k=min(len(others), 8))
    parts = [f"{year}年度，{lead}"]
    for i, task in enumerate(tasks[: rng.randint(10, 13)]):
        link = rng.choice(LINKS) if i else ""
        parts.append(f"{link}{task}。")
    parts.extend(rng.sample(CLOSINGS, k=2))
    return "".join(parts)


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def gen_responsibilities(ctx: Context) -> list[Record]:
    """The yearly lists: every subject in post gets an item covering the topics of its tier,
    the leaders of each key-work chain an item in that area, and the rest by weight."""
    rng = ctx.rng
    dept_names = {d[0]: d[1] for d in ctx.departments}
    out = []
    for year, count in zip(ctx.years, _split(ctx.counts["responsibility"], len(ctx.years))):
        bearers: list[tuple[str, Person | None, Post | None]] = [(BODY, None, None)]
        index: dict[tuple[str, str], int] = {}
        for person, post in ctx.posts_in(year):
            subject = {v: k for k, v in SUBJECT_TO_POST.items()}[post.tier]
            if (person.id, subject) not in index:
                index[(person.id, subject)] = len(bearers)
                bearers.append((subject, person, post))
        # (bearer, area or None, topics or None): first the items that must exist.
        specs: list[tuple[int, str | None, list[str] | None]] = [(b, None, list(REQUIRED_TOPICS[bearers[b][0]])) for b in range(len(bearers))]
        for chain in ctx.chains.get(year, []):
            for person, tier in chain["leaders"]:
                b = index.get((person.id, tier))
                if b is not None:
                    specs.append((b, chain["area"], None))
        weights = [ITEM_WEIGHT[b[0]] for b in bearers]
        extra = max(0, count - len(specs))
        specs += [(b, None, None) for b in rng.choices(range(len(bearers)), weights=weights, k=extra)]
        specs.sort(key=lambda s: s[0])
        seen: dict[int, int] = defaultdict(int)
        for number, (b, area, topics) in enumerate(specs, 1):
            subject, person, post = bearers[b]
            nth = seen[b]
            seen[b] += 1
            if topics is None:
                required = REQUIRED_TOPICS[subject]
                topics = [required[nth % len(required)]]
                if rng.random() < 0.4:
                    topics.append(rng.choice(EXTRA_TOPICS))
            if area is None:
                area = rng.choice(AREA_NAMES)
            dept = (post.department if post and post.department else None) or rng.choice(ctx.departments)[0]
            remit = "、".join(dept_names.get(r, r) for r in (post.remit if post else [])) or "办公室"
            item_id = f"{year}-zr-{number:04d}"
            targets = []
            for desc, count_, per in rng.sample(TARGETS, k=rng.randint(3, 6)):
                n = rng.randint(2, 6)
                targets.append({"description": desc.format(n=n, p=rng.choice([90, 95, 98])),
                                 "count": count_ if count_ is not None else (n if "{n}" in desc else None), "per": per})
            data = {
                "id": item_id,
                "year": year,
                "tier": subject,
                "person": person.id if person else None,
                "body": "党组" if subject == BODY else None,
                "duty": rng.choice(DUTIES[subject]),
                "area": area,
                "content": _content(rng, subject, area, dept_names.get(dept, "本部门"), remit, year),
                "topics": topics,
                "targets": targets,
                "scope": rng.choice(SCOPES[subject]),
                "authority": rng.choice(AUTHORITY),
                "period": rng.choice(PERIODS),
                "deadline": D(year, 12, rng.choice([15, 20, 31])) if rng.random() < 0.6 else None,
                "evidence": rng.sample(EVIDENCE, k=rng.randint(4, 8)),
                "accountability": "".join(rng.sample(ACCOUNTABILITY, k=rng.randint(2, 3))),
                "basis": "；".join(rng.sample(BASIS, k=rng.randint(1, 3))),
            }
            who = person.name if person else "党组"
            header = f"# {year}年度党风廉政建设责任清单：{who}（{subject}）\n"
            blocks = frozenset({"content", "accountability"}) if rng.random() < 0.7 else frozenset()
            text = header + emit(data, blocks) + "\n"
            # Lists are drafted between November of the year before and March; a few are added later.
            month = rng.choices([-1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], weights=[10, 30, 25, 15, 4, 4, 3, 3, 2, 2, 2])[0]
            created = D(year - 1, 11, rng.randint(1, 28)) if month == -1 else D(year, month, rng.randint(1, 28))
            if person is not None:
                created = max(created, min(post.start, D(year, 12, 31)) if post.start.year == year else created)
                ctx.items_of[(year, person.id)].append(item_id)
            else:
                ctx.body_items[year].append(item_id)
            created = min(created, ctx.limit)
            out.append(Record(f"responsibilities/{year}/{item_id}.yaml", [(created, text)]))
    return out


def gen_signoffs(ctx: Context) -> list[Record]:
    """Everyone with a list signs it (签单) early in the year, or on taking up a post."""
    rng = ctx.rng
    out = []
    by_id = {p.id: p for p in ctx.people}
    for (year, pid), items in sorted(ctx.items_of.items()):
        person = by_id[pid]
        first, last = ctx.bounds(year)
        spans = [(max(p.start, first), min(p.end or last, last)) for p in person.posts
                 if p.start <= last and (p.end is None or p.end >= first)]
        wanted = D(year, 1, rng.randint(8, 28)) + dt.timedelta(days=rng.randint(0, 50))
        start, end = spans[0]
        date = min(max(wanted, start), end)
        post = person.post_on(date)
        counterpart = None
        if post is not None and post.tier != PRINCIPAL:
            boss = ctx.holder(HEAD, date, post.department) if post.tier == STAFF else None
            boss = boss or ctx.holder(PRINCIPAL, date)
            counterpart = boss.id if boss is not None and boss.id != pid else None
        sign_id = f"{year}-qd-{pid}"
        note = rng.choice(SIGN_NOTES) or None
        data = {"id": sign_id, "year": year, "person": pid, "date": date, "counterpart": counterpart,
                "items": sorted(items), "note": note}
        text = f"# {person.name} {year}年度党风廉政建设责任书签订记录\n" + emit(data) + "\n"
        out.append(Record(f"signoffs/{year}/{sign_id}.yaml", [(date, text)]))
    for year, items in sorted(ctx.body_items.items()):  # the 党组's list, signed by its 书记
        date = D(year, 1, rng.randint(8, 28))
        principal = ctx.holder(PRINCIPAL, date)
        if principal is None or not items:
            continue
        sign_id = f"{year}-qd-body"
        data = {"id": sign_id, "year": year, "person": principal.id, "body": BODY, "date": date, "items": sorted(items)}
        text = f"# {BODY}{year}年度党风廉政建设责任书签订记录（党组书记代表党组签订）\n" + emit(data) + "\n"
        out.append(Record(f"signoffs/{year}/{sign_id}.yaml", [(date, text)]))
    return out


def _plan_entries() -> list[dict[str, Any]]:
    return [
        {"form": "党组理论中心组学习", "count": 1, "per": "每月", "participants": "党组成员",
         "topics": ["习近平新时代中国特色社会主义思想", "党纪学习教育"]},
        {"form": "部门集体学习", "count": 2, "per": "每季度", "participants": "各部门全体干警"},
        {"form": "个人自学", "count": 1, "per": "每季度", "participants": "全体干警"},
        {"form": "警示教育片", "months": [3, 6, 9, 12], "participants": "全体干警"},
        {"form": "现场教学", "count": 1, "per": "每半年", "participants": "党组成员、部门负责人"},
    ]


def gen_lists(ctx: Context) -> list[Record]:
    """责任清单文件: the 党组's list document of each year, its chapters and a 责任追究 chapter for the leading tiers."""
    out = []
    chapters = ["总则", "党组的主体责任", "党组书记的第一责任人责任", "班子成员的一岗双责", "责任追究"]
    for year in ctx.years:
        adopted = D(year, 2, ctx.rng.randint(10, 28))
        data: dict[str, Any] = {
            "id": f"{year}-list-dz", "year": year, "title": f"{UNIT}党组{year}年度全面从严治党主体责任清单",
            "issuer": f"中共{UNIT}党组", "doc_number": f"示检党组发〔{year}〕2号",
            "chapters": [{"number": "一二三四五"[i], "title": t} for i, t in enumerate(chapters)],
            "accountability": [{"article": "第二十条", "tiers": [BODY, "主要负责人"],
                                "text": "不履行或者不正确履行本清单责任的，依照《中国共产党问责条例》第七条问责。"}]}
        if adopted <= ctx.limit:
            data["adopted_on"] = adopted
        text = f"# {UNIT}党组{year}年度全面从严治党主体责任清单\n" + emit(data) + "\n"
        out.append(Record(f"lists/{year}/{data['id']}.yaml", [(min(adopted, ctx.limit), text)]))
    return out


def gen_study_plans(ctx: Context) -> list[Record]:
    out = []
    for year in ctx.years:
        entries = _plan_entries()
        data = {"id": f"{year}-study-plan", "title": f"{year}年度理论学习计划", "year": year, "entries": entries,
                "note": "经党组会议研究通过。"}
        text = f"# {UNIT}党组{year}年度理论学习计划\n" + emit(data) + "\n"
        created = D(year, 1, ctx.rng.randint(5, 25))
        out.append(Record(f"study_plans/{year}-study-plan.yaml", [(min(created, ctx.limit), text)]))
    return out


def _period_days(year: int, per: str | None, months: list[int]) -> list[tuple[D, D]]:
    def month_end(m: int) -> D:
        return D(year + (m == 12), m % 12 + 1, 1) - DAY

    if months:
        return [(D(year, m, 1), month_end(m)) for m in months]
    if per == "每月":
        return [(D(year, m, 1), month_end(m)) for m in range(1, 13)]
    if per == "每季度":
        return [(D(year, 3 * q + 1, 1), month_end(3 * q + 3)) for q in range(4)]
    if per == "每半年":
        return [(D(year, 1, 1), month_end(6)), (D(year, 7, 1), month_end(12))]
    return [(D(year, 1, 1), D(year, 12, 31))]


def gen_study_sessions(ctx: Context) -> list[Record]:
    """Sessions that fulfil each year's plan up to the last day, plus extra department study."""
    rng = ctx.rng
    out = []
    per_year = _split(ctx.counts["study_session"], len(ctx.years))
    for year, wanted in zip(ctx.years, per_year):
        planned: list[tuple[str, D]] = []
        for entry in _plan_entries():
            for start, end in _period_days(year, entry.get("per"), entry.get("months", [])):
                if start > ctx.limit:
                    continue
                for _ in range(entry.get("count") or 1):
                    planned.append((entry["form"], rand_date(rng, start, min(end, ctx.limit))))
        year_last = min(D(year, 12, 31), ctx.limit)
        while len(planned) < wanted:
            planned.append(("部门集体学习", rand_date(rng, D(year, 1, 1), year_last)))
        planned.sort(key=lambda t: t[1])
        for number, (form, day) in enumerate(planned, 1):
            session_id = f"{year}-xx-{number:04d}"
            on = ctx.on(day)
            present = [p for p, _ in on]
            leaders = [p for p, q in on if q.tier in (PRINCIPAL, LEADER, DISCIPLINE)]
            principal = next((p for p, q in on if q.tier == PRINCIPAL), leaders[0] if leaders else present[0])
            department = None
            if form == "党组理论中心组学习":
                host, attendees = principal, leaders
            elif form == "部门集体学习":
                department = rng.choice(ctx.departments)[0]
                staff = [(p, q) for p, q in on if q.department == department]
                head = next((p for p, q in staff if q.tier == HEAD), None)
                host, attendees = head or principal, [p for p, _ in staff] or [principal]
            elif form == "个人自学":
                host = rng.choice(present)
                attendees = [host]
            else:
                host = principal
                heads = [p for p, q in on if q.tier == HEAD]
                others = [p for p, q in on if q.tier == STAFF]
                attendees = leaders + heads + (rng.sample(others, k=min(len(others), 60)) if form == "警示教育片" else [])
            topic = rng.choice(STUDY_TOPICS)
            if form == "党组理论中心组学习" and "inspections" in ctx.kinds:  # the 党组's 专题研究 each half-year (DJ518)
                topic = rng.choice(TOPIC_MEETINGS)
            materials = rng.sample(STUDY_MATERIALS, k=rng.randint(1, 3))
            if form == "警示教育片":
                materials = [rng.choice(WARNING_FILMS)] + materials[:1]
            data = {"id": session_id, "date": day, "form": form, "topic": topic, "host": host.id,
                    "department": department, "site": rng.choice(SITES) if form == "现场教学" else None,
                    "attendees": sorted(p.id for p in attendees), "materials": materials}
            notes = "".join(n.format(host=host.name) for n in rng.sample(SESSION_NOTES, k=rng.randint(2, 4)))
            if rng.random() < 0.5:
                body = f"# {topic}\n\n" + notes.replace("。", "。\n\n").strip() + "\n"
                text = "---\n" + emit(data) + "\n---\n\n" + body
                path = f"study_sessions/{year}/{session_id}.md"
            else:
                data["notes"] = notes
                text = emit(data, frozenset({"notes"})) + "\n"
                path = f"study_sessions/{year}/{session_id}.yaml"
            created = min(day + dt.timedelta(days=rng.randint(0, 10)), ctx.limit)
            out.append(Record(path, [(created, text)]))
    return out


def _cycle_lists(ctx: Context, year: int) -> list[tuple[dict[str, str], str, list[str]]]:
    """({subject field: value}, name, item ids) of every list of year: the 党组's, then each person's."""
    by_id = {p.id: p for p in ctx.people}
    out = [({"body": BODY}, BODY, sorted(ctx.body_items.get(year, [])))] if ctx.body_items.get(year) else []
    out += [({"person": pid}, by_id[pid].name, sorted(items)) for (y, pid), items in sorted(ctx.items_of.items()) if y == year]
    return out


def gen_feedback(ctx: Context) -> list[Record]:
    """反馈单 (五单法): every list reports mid-year (推进中) and at year end (已完成), when those days have come."""
    rng = ctx.rng
    out = []
    for year in ctx.years:
        principal = None
        for subject, name, items in _cycle_lists(ctx, year):
            for day, status, word in ((D(year, 7, rng.randint(1, 15)), "推进中", "上半年"), (D(year, 12, rng.randint(16, 28)), "已完成", "全年")):
                if day > ctx.limit:
                    continue
                key = subject.get("person") or "dz"
                data: dict[str, Any] = {"id": f"{year}-fk-{key}-{day.isoformat()}", "year": year, "date": day, **subject}
                if "body" in subject:
                    principal = ctx.holder(PRINCIPAL, day)
                    data["reported_by"] = principal.id if principal else None
                data["entries"] = [{"item": i, "progress": f"{word}按清单要求推进落实，{rng.choice(EVIDENCE)}已归档。",
                                    "status": status, "evidence": rng.sample(EVIDENCE, k=rng.randint(1, 2))} for i in items]
                text = f"# {name} {year}年{word}落实情况反馈单\n" + emit(data) + "\n"
                out.append(Record(f"feedback/{year}/{data['id']}.yaml", [(min(day + dt.timedelta(days=rng.randint(0, 3)), ctx.limit), text)]))
    return out


def gen_reminders(ctx: Context) -> list[Record]:
    """提示单 (五单法): a few lists a year get a reminder from the 纪检监察负责人 in September, answered within days."""
    rng = ctx.rng
    out = []
    for year in ctx.years:
        lists = [entry for entry in _cycle_lists(ctx, year) if "person" in entry[0]]
        for n, (subject, name, items) in enumerate(rng.sample(lists, k=min(3, len(lists))), 1):
            day = D(year, 9, rng.randint(1, 10))
            issuer = ctx.holder(DISCIPLINE, day)
            answered = day + dt.timedelta(days=rng.randint(3, 12))
            if issuer is None or answered > ctx.limit:
                continue
            data = {"id": f"{year}-ts-{subject['person']}-{n:02d}", "year": year, "date": day, "by": issuer.id, **subject,
                    "items": items[:2], "reason": "三季度未见落实进展，请说明情况并加快推进。",
                    "reply_by": day + dt.timedelta(days=15), "reply": {"date": answered, "text": "已召开部门会议部署整改，相关材料已补齐。"}}
            text = f"# 提示单：{name}\n" + emit(data) + "\n"
            early = {k: v for k, v in data.items() if k != "reply"}
            out.append(Record(f"reminders/{year}/{data['id']}.yaml",
                              [(day, f"# 提示单：{name}\n" + emit(early) + "\n"), (answered, text)]))
    return out


def gen_verifications(ctx: Context) -> list[Record]:
    """核单 (五单法): every list of a year that has ended is verified in January, each item 核销."""
    rng = ctx.rng
    out = []
    for year in ctx.years:
        day = D(year + 1, 1, rng.randint(5, 25))
        if day > ctx.limit:
            continue
        for subject, name, items in _cycle_lists(ctx, year):
            issuer = ctx.holder(DISCIPLINE, day) or ctx.holder(PRINCIPAL, day)
            if issuer is None:
                continue
            key = subject.get("person") or "dz"
            data = {"id": f"{year}-hd-{key}", "year": year, "date": day, "by": issuer.id, **subject,
                    "entries": [{"item": i, "result": "核销"} for i in items]}
            text = f"# {name} {year}年度责任清单核单\n" + emit(data) + "\n"
            out.append(Record(f"verifications/{year}/{data['id']}.yaml", [(day, text)]))
    return out


# --- 检查考核 (dj review): checks, 述责述廉, 民主测评 and 座谈 -----------------------------------------

RESPONSIBLE = (PRINCIPAL, LEADER, DISCIPLINE, HEAD)
# … and the 党组's 民主生活会 in Q4, checked (a node of the yearly rhythm, settings.due.rhythm: DJ630)
INSPECTION_ROUNDS = [("日常检查", 3), ("专项检查", 5), ("半年检查", 7), ("民主生活会检查", 11), ("年度考核", 12)]
INSPECTION_FINDINGS = ["责任清单落实台账更新不及时", "分管部门廉政风险点排查不全面", "谈心谈话记录不完整", "廉政教育形式单一，覆盖面不够",
                       "整改台账缺少佐证材料", "部门集体学习次数未达到计划要求"]
DIMENSIONS = ["落实主体责任", "遵守政治纪律", "执行民主集中制", "改进作风", "廉洁自律"]


def _responsible_on(ctx: Context, day: D) -> list[Person]:
    seen: dict[str, Person] = {}
    for person, post in ctx.on(day):
        if post.tier in RESPONSIBLE:
            seen.setdefault(person.id, person)
    return [seen[k] for k in sorted(seen)]


def gen_inspections(ctx: Context) -> list[Record]:
    """Four checks a year (日常, 专项, 半年, 年度考核); each finds a problem or two about people it checked,
    rectified on time and verified."""
    rng = ctx.rng
    out = []
    for year in ctx.years:
        for n, (kind, month) in enumerate(INSPECTION_ROUNDS, 1):
            day = D(year, month, rng.randint(5, 20))
            inspector = ctx.holder(DISCIPLINE, day) or ctx.holder(PRINCIPAL, day)
            checked = [p for p in _responsible_on(ctx, day) if inspector is None or p.id != inspector.id]
            if day > ctx.limit or inspector is None or not checked:
                continue
            people = rng.sample(checked, k=min(len(checked), 8))
            findings = []
            for person in rng.sample(people, k=min(len(people), rng.randint(1, 2))):
                deadline = day + dt.timedelta(days=30)
                done = day + dt.timedelta(days=rng.choice([10, 20, 25, 28]))
                rect: dict[str, Any] = {"measure": "对照问题制定整改措施，完善制度和台账。", "owner": person.id, "deadline": deadline}
                if done + dt.timedelta(days=5) <= ctx.limit:
                    rect.update({"status": "已整改", "done_on": done,
                                 "verification": {"date": done + dt.timedelta(days=5), "by": inspector.id, "result": "整改到位", "note": "查阅台账"}})
                else:
                    rect["status"] = "整改中"
                findings.append({"text": rng.choice(INSPECTION_FINDINGS), "severity": rng.choice(["一般", "一般", "较重"]),
                                 "person": person.id, "rectifications": [rect]})
            data = {"id": f"{year}-jc-{n:02d}", "kind": kind, "date": day, "title": f"{year}年{kind}", "inspectors": [inspector.id],
                    "people": sorted(p.id for p in people), "methods": ["听取汇报", "查阅资料", "个别谈话"], "findings": findings}
            text = f"# {year}年{kind}\n" + emit(data) + "\n"
            out.append(Record(f"inspections/{year}/{data['id']}.yaml", [(min(day + dt.timedelta(days=2), ctx.limit), text)]))
    return out


def gen_statements(ctx: Context) -> list[Record]:
    """述责述廉: everyone in a responsible post reports at mid-year (半年小结) and at year end (年终总结)."""
    rng = ctx.rng
    out = []
    for year in ctx.years:
        for occasion, key, day in (("半年小结", "bn", D(year, 7, 20)), ("年终总结", "nz", D(year, 12, 20))):
            if day > ctx.limit:
                continue
            for person in _responsible_on(ctx, day):
                data = {"id": f"{year}-sz-{person.id}-{key}", "person": person.id, "year": year, "occasion": occasion,
                        "date": day + dt.timedelta(days=rng.randint(0, 8))}
                body = (f"# {person.name} {year}年{occasion}述责述廉\n\n## 履行责任情况\n\n对照责任清单逐项落实，一岗双责落到实处。\n\n"
                        "## 存在问题\n\n督促检查的深度还不够。\n\n## 个人廉洁自律\n\n严格执行中央八项规定精神，按时报告个人有关事项。\n\n"
                        "## 整改措施和下一步打算\n\n加强学习，完善台账，抓好整改落实。\n")
                text = "---\n" + emit(data) + "\n---\n\n" + body
                out.append(Record(f"statements/{year}/{data['id']}.md", [(min(data["date"], ctx.limit), text)]))
    return out


def _counts(rng: random.Random, valid: int, grades: list[str]) -> dict[str, int]:
    top = rng.randint(valid * 6 // 10, valid)
    second = rng.randint(0, valid - top)
    rest = valid - top - second
    return dict(zip(grades, [top, second, rest] + [0] * (len(grades) - 3)))


def gen_tallies(ctx: Context) -> list[Record]:
    """民主测评 at year end: one tally per person in a responsible post (履职), and the 党组's (责任制考核)."""
    rng = ctx.rng
    out = []
    for year in ctx.years:
        day = D(year, 12, rng.randint(18, 26))
        if day > ctx.limit:
            continue
        subjects: list[tuple[str, dict[str, str], str, list[str]]] = [("dz", {"body": BODY}, "责任制考核", ["优秀", "合格", "基本合格", "不合格"])]
        subjects += [(p.id, {"person": p.id}, "履职", ["优秀", "称职", "基本称职", "不称职"]) for p in _responsible_on(ctx, day)]
        for key, subject, scale, grades in subjects:
            participants = rng.randint(30, 60)
            valid = participants - rng.randint(0, 3)
            data = {"id": f"{year}-cp-{key}", "date": day, "year": year, "occasion": "年终总结", **subject, "scale": scale,
                    "participants": participants, "valid": valid,
                    "dimensions": [{"name": name, "counts": _counts(rng, valid, grades)} for name in DIMENSIONS]}
            text = f"# {year}年度民主测评汇总\n" + emit(data) + "\n"
            out.append(Record(f"tallies/{year}/{data['id']}.yaml", [(day, text)]))
    return out


def gen_forums(ctx: Context) -> list[Record]:
    """座谈: one 征求意见 forum a year in November, with a 群众满意度 figure."""
    rng = ctx.rng
    out = []
    for year in ctx.years:
        day = D(year, 11, rng.randint(5, 25))
        if day > ctx.limit:
            continue
        base = rng.randint(30, 60)
        host = ctx.holder(PRINCIPAL, day)
        data = {"id": f"{year}-zt-01", "date": day, "topic": f"{year}年度党风廉政建设责任制落实情况征求意见座谈会",
                "host": host.id if host else None,
                "groups": [{"group": "人民监督员", "count": base // 2}, {"group": "律师代表", "count": base - base // 2}],
                "opinions": [{"text": "进一步公开检务信息。", "follow_up": "已在门户网站增设专栏。", "status": "已办结"}],
                "satisfaction": {"satisfied": base - rng.randint(0, 4), "base": base}}
        text = f"# {data['topic']}\n" + emit(data) + "\n"
        out.append(Record(f"forums/{year}/{data['id']}.yaml", [(day, text)]))
    return out


# --- 责任追究: cases, talks and handovers (dj pursue) ----------------------------------------------
#
# Planned without ctx.rng (each plan seeds its own), so plan_counts() can count them before the
# generators run and the other kinds' randomness does not change.

CASE_SOURCES = [("主动排查", "日常检查"), ("主动排查", "自查"), ("被动查处", "信访举报"), ("被动查处", "巡察"), ("主动排查", "检查考核")]
CASE_TITLES = ["公务接待超标准问题", "经费报销审核把关不严问题", "违规使用公务用车问题", "案件管理流程不规范问题",
               "落实一岗双责不到位问题", "廉政风险防控台账不完整问题"]
# Days after 发现: 受理 +2, then each stage well within settings.pursue.stage_days.
CASE_STEPS = [("受理", 2), ("初步核实", 8), ("立案", 12), ("调查", 6), ("认定", 40), ("决定", 10), ("送达", 4), ("执行", 6), ("结案", 5)]
HANDOVER_AREAS = ["重点工作任务", "重大资金项目", "党建责任落实", "巡视巡察整改", "历史遗留问题和风险隐患"]


def plan_cases(ctx: Context) -> list[dict[str, Any]]:
    """A few closed cases a year: a handler's fault in a department, the head and the 分管领导 examined too (一案双查)."""
    out = []
    per_year = max(2, len(ctx.people) // 30)
    for year in ctx.years:
        for n in range(1, per_year + 1):
            rng = random.Random(year * 1009 + n)
            incident = D(year, rng.randint(1, 6), rng.randint(1, 28))
            found = incident + dt.timedelta(days=rng.randint(15, 60))
            days, day = [], found
            for stage, step in CASE_STEPS:
                day = day + dt.timedelta(days=step)
                days.append((stage, day))
            if days[-1][1] > ctx.limit:
                continue
            heads = [(p, q) for p, q in ctx.on(incident) if q.tier == HEAD and q.department]
            if not heads:
                continue
            head, head_post = heads[rng.randrange(len(heads))]
            staff = [p for p, q in ctx.on(incident) if q.tier == STAFF and q.department == head_post.department]
            leaders = [(p, q) for p, q in ctx.on(incident) if q.tier == LEADER and head_post.department in q.remit]
            how, source = CASE_SOURCES[rng.randrange(len(CASE_SOURCES))]
            handler = staff[rng.randrange(len(staff))] if staff else None
            stage_on = dict(days)
            determinations = []
            decisions = []
            if handler is not None:
                determinations.append({"person": handler.id, "post_then": handler.post_on(incident).title, "regime": "纪律处分条例",
                                       "liability": "直接责任者", "scope": "个人责任", "basis": "具体经办"})
                decisions.append({"person": handler.id, "form": "批评教育", "four_form": "第一种形态", "date": stage_on["决定"],
                                  "delivered_on": stage_on["送达"], "executed_on": stage_on["执行"]})
            determinations.append({"person": head.id, "post_then": head_post.title, "regime": "纪律处分条例",
                                   "liability": "主要领导责任者", "scope": "个人责任", "basis": "主管该部门工作"})
            decisions.append({"person": head.id, "form": "谈话提醒", "four_form": "第一种形态", "date": stage_on["决定"],
                              "delivered_on": stage_on["送达"], "executed_on": stage_on["执行"]})
            for leader, post in leaders[:1]:
                determinations.append({"person": leader.id, "post_then": post.title, "regime": "问责条例", "liability": None,
                                       "scope": "个人责任", "note": "经审查已履行分管责任，不承担领导责任"})
            out.append({
                "id": f"{year}-case-{n:02d}", "title": f"{dict((d[0], d[1]) for d in ctx.departments).get(head_post.department, '')}{rng.choice(CASE_TITLES)}",
                "incident_start": incident, "found_on": found, "how_found": how, "source": source,
                "people": [handler.id if handler else head.id], "departments": [head_post.department],
                "stages": [{"stage": s, "date": d} for s, d in days], "verdict": "属实",
                "determinations": determinations, "decisions": decisions,
                "closure": {"date": stage_on["结案"], "outcome": "给予批评教育和谈话提醒，整改到位", "reason": "处理决定已执行完毕，整改经核查到位"},
            })
    return out


def gen_cases(ctx: Context) -> list[Record]:
    out = []
    for data in plan_cases(ctx):
        year = data["stages"][0]["date"].year
        first = data["stages"][0]["date"]
        text = "# 责任追究案件（虚构）\n" + emit(data) + "\n"
        out.append(Record(f"cases/{year}/{data['id']}.yaml", [(first, text)]))
    return out


def _overlap(a: Post, b: Post, first: D, last: D) -> tuple[D, D] | None:
    start = max(a.start, b.start, first)
    end = min(a.end or last, b.end or last, last)
    return (start, end) if start <= end else None


def plan_talks(ctx: Context) -> list[dict[str, Any]]:
    """例行廉政谈话 every year: the 主要负责人 with each 班子成员, each 班子成员 with the heads of the departments in their remit."""
    out = []
    for year in ctx.years:
        first, last = ctx.bounds(year)
        posts = ctx.posts_in(year)
        pairs: list[tuple[Person, Person, D]] = []
        seen: set[tuple[str, str]] = set()
        for leader, lpost in posts:
            if lpost.tier not in (LEADER, DISCIPLINE):
                continue
            for principal, ppost in posts:
                if ppost.tier != PRINCIPAL or principal.id == leader.id or (principal.id, leader.id) in seen:
                    continue
                span = _overlap(ppost, lpost, first, last)
                if span:
                    seen.add((principal.id, leader.id))
                    pairs.append((principal, leader, span[0] + (span[1] - span[0]) // 2))
            for head, hpost in posts:
                if hpost.tier != HEAD or hpost.department not in lpost.remit or head.id == leader.id or (leader.id, head.id) in seen:
                    continue
                span = _overlap(lpost, hpost, first, last)
                if span:
                    seen.add((leader.id, head.id))
                    pairs.append((leader, head, span[0] + (span[1] - span[0]) // 2))
        for n, (by, person, day) in enumerate(sorted(pairs, key=lambda p: (p[2], p[0].id, p[1].id)), 1):
            out.append({"id": f"{year}-talk-{n:04d}", "kind": "例行廉政谈话", "date": day, "by": by.id, "people": [person.id],
                        "form": "个别谈话", "topics": "学习党纪法规，通报典型案例，提醒落实一岗双责、廉洁自律。"})
    return out


def gen_talks(ctx: Context) -> list[Record]:
    return [Record(f"talks/{t['date'].year}/{t['id']}.yaml", [(t["date"], emit(t) + "\n")]) for t in plan_talks(ctx)]


def plan_handovers(ctx: Context) -> list[dict[str, Any]]:
    """A handover within a few working days of every post that ended."""
    out = []
    for person in ctx.people:
        for post in person.posts:
            if post.end is None:
                continue
            day = post.end + dt.timedelta(days=1 if post.end.weekday() < 4 else 3)
            if day > ctx.limit or post.end.year < ctx.first_year:
                continue
            successor = None
            for other, q in ctx.on(post.end + DAY):
                if other.id != person.id and q.tier == post.tier and q.department == post.department:
                    successor = other
                    break
            out.append({"id": f"{post.end.year}-handover-{person.id}-{post.end.strftime('%m%d')}", "person": person.id,
                        "post": post.title, "post_ended": post.end, "date": day, "to": successor.id if successor else None,
                        "areas": [{"area": a} for a in HANDOVER_AREAS],
                        "statement": "任内党风廉政建设责任已履行，未结事项已列明移交。", "copies_to": ["纪检", "组织"]})
    return out


def gen_handovers(ctx: Context) -> list[Record]:
    return [Record(f"handovers/{h['post_ended'].year}/{h['id']}.yaml", [(h["date"], emit(h) + "\n")]) for h in plan_handovers(ctx)]


# --- 三个规定: 过问或干预 records and 零报告 (dj report sanguiding) ------------------------------------
#
# Planned with their own seeds, like the cases. dj.yaml keeps the default monthly period: every month
# that ended by the last day gets its records or, when there are none, a 零报告 dated its last day.

SGD_ASKERS = [("院外", "律师"), ("院外", "当事人亲属"), ("院外", "县直某单位干部"), ("院内", "本院其他部门干警"), ("院内", "本院退休干部")]
SGD_CATEGORIES = ["干部选拔任用", "项目安排", "工程建设", "监督执纪"]
SGD_FORMS = ["当面", "电话", "短信/微信", "递条子"]
SGD_RULES = ["不当接触交往", "内部人员过问", "领导干部干预"]
PROSECUTING = ("d-procuratorate", "d-minors")


def _sgd_group(post: Post) -> str:
    if post.tier in (PRINCIPAL, LEADER, DISCIPLINE):
        return "院领导"
    if post.department and post.department.startswith(PROSECUTING):
        return "员额检察官"
    return "其他干警"


def plan_sanguiding(ctx: Context) -> list[dict[str, Any]]:
    """Each month a few records by people in post that day (group from their post), or a 零报告."""
    out = []
    per_month = max(1, len(ctx.people) // 60)
    for year in ctx.years:
        for month in range(1, 13):
            first = D(year, month, 1)
            last = (D(year + (month == 12), month % 12 + 1, 1) - DAY)
            if last > ctx.limit:
                continue
            rng = random.Random(year * 131 + month)
            count = rng.choice([0, 1, 1, 2]) * per_month
            made = 0
            for n in range(count):
                day = rand_date(rng, first, last)
                people = ctx.on(day)
                if not people:
                    continue
                person, post = people[rng.randrange(len(people))]
                side, asker_post = SGD_ASKERS[rng.randrange(len(SGD_ASKERS))]
                rule = SGD_RULES[rng.randrange(len(SGD_RULES))] if side == "院外" else "内部人员过问"
                case = rng.random() < 0.75
                data: dict[str, Any] = {
                    "id": f"{year}-sgd-{month:02d}-{n + 1:03d}", "date": day, "recorded_on": day, "recorder": person.id,
                    "group": _sgd_group(post), "asker": {"side": side, "post": asker_post, "retired": asker_post == "本院退休干部"},
                    "matter": {"case_no": f"示县检刑诉〔{year}〕{month * 10 + n + 1}号"} if case else {"category": rng.choice(SGD_CATEGORIES)},
                    "form": rng.choice(SGD_FORMS), "nature": "干预、插手" if rng.random() < 0.05 else "反映情况、过问了解",
                    "rule": rule, "facts": "（虚构）询问办理情况", "handling": "告知其按程序办理",
                }
                if rule == "领导干部干预":
                    data["to_discipline"] = day
                    data["reported_up"] = day
                out.append(data)
                made += 1
            if not made:
                out.append({"id": f"{year}-{month:02d}-zero", "zero_report": f"{year}-{month:02d}", "date": last,
                            "recorder": (ctx.on(last) or [(ctx.people[0], None)])[0][0].id})
    return out


def gen_sanguiding(ctx: Context) -> list[Record]:
    return [Record(f"sanguiding/{r['date'].year}/{r['id']}.yaml", [(r["date"], emit(r) + "\n")]) for r in plan_sanguiding(ctx)]


DJ_OUTPUT = {"reviews"}  # folders dj itself writes (dj review --save): nothing to generate

GENERATORS = {  # folder -> generator, in the order records are made (chains before items, items before sign-offs)
    "departments": gen_departments,
    "people": gen_people,
    "lists": gen_lists,
    "chains": gen_chains,
    "responsibilities": gen_responsibilities,
    "signoffs": gen_signoffs,
    "study_plans": gen_study_plans,
    "study_sessions": gen_study_sessions,
    "feedback": gen_feedback,
    "reminders": gen_reminders,
    "verifications": gen_verifications,
    "inspections": gen_inspections,
    "statements": gen_statements,
    "tallies": gen_tallies,
    "forums": gen_forums,
    "cases": gen_cases,
    "talks": gen_talks,
    "handovers": gen_handovers,
    "sanguiding": gen_sanguiding,
}
# HOOK: a record kind added to dangjian_cli.kinds.KINDS later (review, pursue, report stages) gets
# its own gen_<kind>(ctx) -> list[Record] above and an entry here; the counts in plan_counts()
# then give it its share of --records. Kinds dj knows that have no generator are reported.


def present_kinds() -> set[str]:
    """Folders of the record kinds dj knows, or the basic three when dj is not importable."""
    try:
        from dangjian_cli.kinds import KINDS
    except Exception:  # noqa: BLE001 - the generator also runs without dj installed
        return {"departments", "people", "responsibilities"}
    return {k.folder for k in KINDS}


def settings_defaults() -> dict[str, Any]:
    """The defaults of dj.yaml's settings.assign that shape the records (read from dj when possible)."""
    out: dict[str, Any] = {"key_work_areas": list(KEY_WORK), "required_topics": REQUIRED_TOPICS, "study_forms": STUDY_FORMS}
    try:
        from dangjian_cli.models.config import Assign
    except Exception:  # noqa: BLE001
        return out
    assign = Assign()
    for name in out:
        if hasattr(assign, name):
            out[name] = getattr(assign, name)
    return out


# --------------------------------------------------------------------------------------------
# Planning counts, writing files and history
# --------------------------------------------------------------------------------------------


def base_counts(records: int) -> dict[str, int]:
    departments = min(len(BASE_DEPARTMENTS) + records // 1000, len(BASE_DEPARTMENTS) + 10 * len(TOWNS))
    return {"department": departments, "person": max(30, records * 3 // 100)}


def plan_counts(records: int, ctx: Context) -> dict[str, int]:
    """How many records of each kind make up the total, once the people are known.

    Everyone in post in a year has a list and signs it, so sign-offs follow the people;
    sessions are about 4 % of the records (at least what the plan asks for); items take the rest.
    """
    years = len(ctx.years)
    counts = {"department": len(ctx.departments), "person": len(ctx.people)}
    if "chains" in ctx.kinds:
        counts["chain"] = years * len(ctx.key_work)
    if "study_plans" in ctx.kinds:
        counts["study_plan"] = years
    if "lists" in ctx.kinds:
        counts["list"] = years
    if "study_sessions" in ctx.kinds:
        counts["study_session"] = max(years * 34, records * 4 // 100)
    if "signoffs" in ctx.kinds:
        counts["signoff"] = sum(len({p.id for p, _ in ctx.posts_in(y)}) for y in ctx.years)
    if "feedback" in ctx.kinds:  # the 五单法: two 反馈单 and a 核单 a list, a few 提示单 a year
        lists = sum(len({p.id for p, _ in ctx.posts_in(y)}) + 1 for y in ctx.years)
        counts["feedback"] = 2 * lists
        counts["verification"] = lists - len({p.id for p, _ in ctx.posts_in(ctx.last_year)}) - 1
        counts["reminder"] = 3 * years
    if "inspections" in ctx.kinds:  # 检查考核: four checks, two 述责述廉 and a 测评 per responsible person, one 座谈 a year
        def on(day: D) -> int:
            return len(_responsible_on(ctx, day)) if day <= ctx.limit else 0

        counts["inspection"] = sum(D(y, m, 20) <= ctx.limit for y in ctx.years for _, m in INSPECTION_ROUNDS)
        counts["statement"] = sum(on(D(y, 7, 20)) + on(D(y, 12, 20)) for y in ctx.years)
        counts["tally"] = sum(on(D(y, 12, 26)) + (D(y, 12, 26) <= ctx.limit) for y in ctx.years)
        counts["forum"] = sum(D(y, 11, 25) <= ctx.limit for y in ctx.years)
    if "cases" in ctx.kinds:  # 责任追究: a few cases a year, the yearly talks, a handover per ended post
        counts["case"] = len(plan_cases(ctx))
        counts["talk"] = len(plan_talks(ctx))
        counts["handover"] = len(plan_handovers(ctx))
    if "sanguiding" in ctx.kinds:  # 三个规定: a few records a month, or a 零报告
        counts["sanguiding"] = len(plan_sanguiding(ctx))
    counts["responsibility"] = max(0, records - sum(counts.values()))
    return counts


def department_list(count: int) -> list[tuple[str, str, str]]:
    out = list(BASE_DEPARTMENTS[:count])
    i = 0
    while len(out) < count:
        town = TOWNS[i % len(TOWNS)]
        suffix = "" if i < len(TOWNS) else f"第{i // len(TOWNS) + 1}"
        out.append((f"d-station-{i + 1:03d}", f"派驻{town}{suffix}检察室", f"负责{town}片区的法律监督和检察服务工作。"))
        i += 1
    return out


def config_text(first_year: int, last_year: int) -> str:
    return (
        "# dj 工作区配置（基准测试生成，单位与人员均为虚构）\n"
        "organization:\n"
        f"  name: {UNIT}\n"
        "  level: 县级\n"
        "  party_body: 党组\n"
        "  superior_committee: 中共示例县委\n"
        "  superior_commission: 示例县纪委监委\n"
        "  superior_procuratorate: 示例市人民检察院党组\n"
        f"year: {last_year}\n"
        f"first_year: {first_year}\n"
    )


def git(root: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> None:
    subprocess.run(["git", *args], cwd=root, env=env, input=stdin, text=True, check=True, stdout=subprocess.DEVNULL)


def commit_env(author: tuple[str, str], when: dt.datetime) -> dict[str, str]:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S+08:00")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({
        "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1], "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_NAME": author[0], "GIT_COMMITTER_EMAIL": author[1], "GIT_COMMITTER_DATE": stamp,
    })
    return env


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


FOLDER_KIND = {"departments": "department", "people": "person", "chains": "chain", "responsibilities": "responsibility",
               "signoffs": "signoff", "study_plans": "study_plan", "study_sessions": "study_session",
               "feedback": "feedback", "reminders": "reminder", "verifications": "verification"}


def generate(root: Path, records: int, years: int, seed: int, last_year: int, as_of: D, history: bool = True) -> dict[str, Any]:
    rng = random.Random(seed)
    first_year = last_year - years + 1
    # Nothing is dated after the day before as_of (or after the last year).
    limit = max(D(last_year, 1, 31), min(D(last_year, 12, 31), as_of - DAY))
    counts = base_counts(records)
    departments = department_list(counts["department"])
    people = Staffing(rng, departments, first_year, limit, counts["person"]).run()
    defaults = settings_defaults()
    kinds = present_kinds()
    key_work = {area: KEY_WORK.get(area, ("d-office", f"area{i + 1}", KEY_WORK["物资采购"][2], KEY_WORK["物资采购"][3]))
                for i, area in enumerate(defaults["key_work_areas"])}
    REQUIRED_TOPICS.update(defaults["required_topics"])
    ctx = Context(rng, first_year, last_year, limit, departments, people, {}, kinds, key_work)
    ctx.counts = plan_counts(records, ctx)

    all_records: list[Record] = []
    made: dict[str, int] = {}
    for folder, make in GENERATORS.items():
        if folder not in kinds:
            continue
        made_here = make(ctx)
        made[folder] = len(made_here)
        all_records.extend(made_here)
    no_generator = sorted(kinds - set(GENERATORS) - DJ_OUTPUT)

    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "core.quotepath", "false")
    write(root, "dj.yaml", config_text(first_year, last_year))
    write(root, ".gitignore", ".dj-cache/\n")
    write(root, "README.md", f"# {UNIT} 党风廉政建设责任制记录\n\n本仓库由 bench/generate.py 生成，单位与人员均为虚构，仅供性能测试使用。\n")

    # Batches: (month, author) -> files written then; one commit per author per month.
    start = D(first_year - 1, 12, 1)
    batches: dict[tuple[D, int], list[tuple[str, str]]] = defaultdict(list)
    for i, rec in enumerate(all_records):
        author = (i * 7 + rec.states[0][0].month) % len(AUTHORS)
        for day, text in rec.states:
            month = max(D(day.year, day.month, 1), start)
            batches[(month, author)].append((rec.path, text))

    commits = 0
    t0 = time.perf_counter()
    if history:
        git(root, "add", "dj.yaml", ".gitignore", "README.md")
        git(root, "commit", "-q", "-m", "初始化工作区", env=commit_env(AUTHORS[0], dt.datetime.combine(start, dt.time(9, 0))))
        commits += 1
    for (month, author), files in sorted(batches.items()):
        latest: dict[str, str] = {}
        for rel, text in files:
            latest[rel] = text
        for rel, text in latest.items():
            write(root, rel, text)
        if not history:
            continue
        git(root, "add", "--pathspec-from-file=-", stdin="\n".join(latest) + "\n")
        day = min(month + dt.timedelta(days=rng.randint(0, 26)), limit)
        when = dt.datetime.combine(day, dt.time(rng.randint(9, 17), rng.randint(0, 59)))
        kinds_in = sorted({rel.split("/")[0] for rel in latest})
        message = f"{month.year}年{month.month}月记录更新：" + "、".join(
            f"{k} {sum(r.startswith(k + '/') for r in latest)} 个" for k in kinds_in)
        git(root, "commit", "-q", "--allow-empty", "-m", message, env=commit_env(AUTHORS[author], when))
        commits += 1
    # The working tree holds the final state of every record (a file written in an earlier batch
    # than a later state of it would otherwise win).
    leftovers = [rec for rec in all_records if (root / rec.path).read_text(encoding="utf-8") != rec.final]
    for rec in leftovers:
        write(root, rec.path, rec.final)
    if history and leftovers:
        git(root, "add", "--pathspec-from-file=-", stdin="\n".join(r.path for r in leftovers) + "\n")
        git(root, "commit", "-q", "-m", "补全记录", env=commit_env(AUTHORS[0], dt.datetime.combine(limit, dt.time(18, 0))))
        commits += 1
    git_seconds = time.perf_counter() - t0

    principal = ctx.holder(PRINCIPAL, limit)
    leader = ctx.holder(LEADER, limit)
    return {
        "records": sum(made.values()),
        "by_folder": made,
        "years": [first_year, last_year],
        "as_of": as_of.isoformat(),
        "seed": seed,
        "commits": commits,
        "git_seconds": round(git_seconds, 2),
        "principal": principal.id if principal else None,
        "principal_name": principal.name if principal else None,
        "leader": leader.id if leader else None,
        "leader_name": leader.name if leader else None,
        "kinds_without_generator": no_generator,
        "bytes": sum(len(r.final.encode("utf-8")) for r in all_records),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成用于性能测试的虚构 dj 工作区（含 git 历史）。")
    parser.add_argument("directory", type=Path, help="工作区目录（须不存在或为空，或加 --force）")
    parser.add_argument("--records", type=int, default=5000, help="记录总数（各类记录合计），默认 5000")
    parser.add_argument("--years", type=int, default=5, help="覆盖的年度数，截至 --year，默认 5")
    parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1；同样的参数生成同样的文件和提交")
    parser.add_argument("--year", type=int, default=None, help="dj.yaml 的当前年度，默认为 --as-of 所在年度")
    parser.add_argument("--as-of", default=None, help="生成时假定的“今天”（YYYY-MM-DD），记录都早于这一天；默认今天")
    parser.add_argument("--no-history", action="store_true", help="只写文件，不建 git 历史")
    parser.add_argument("--force", action="store_true", help="目录已存在时先删除")
    args = parser.parse_args(argv)
    if args.records < 100 or args.years < 1:
        parser.error("--records 至少 100，--years 至少 1")
    as_of = D.fromisoformat(args.as_of) if args.as_of else D.today()
    year = args.year or as_of.year
    target: Path = args.directory
    if target.exists() and any(target.iterdir()):
        if not args.force:
            parser.error(f"{target} 已存在且不为空；加 --force 覆盖")
        shutil.rmtree(target)
    t0 = time.perf_counter()
    info = generate(target, args.records, args.years, args.seed, year, as_of, history=not args.no_history)
    info["seconds"] = round(time.perf_counter() - t0, 2)
    print(json.dumps(info, ensure_ascii=False))
    if info["records"] != args.records:
        print(f"注意：生成了 {info['records']} 条记录（要求 {args.records} 条）：每名在岗人员至少一项责任事项和一份签单。",
              file=sys.stderr)
    if info["kinds_without_generator"]:
        print(f"注意：以下记录类型还没有生成函数（bench/generate.py 中的 GENERATORS）：{', '.join(info['kinds_without_generator'])}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
