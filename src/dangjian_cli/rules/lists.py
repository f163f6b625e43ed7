"""Rules of list documents and of the subjects and words of items (DJ450–DJ469).

List documents (``lists/``): the declared number of tasks matches the items that point to the
list (DJ450); an item's chapter is one of its list's (DJ451) and its year the list's (DJ452);
no two items of a list share an order, nor two of one subject an article (DJ453, DJ454).

Subjects: a collective item's ``body`` is the unit's own body for its tier (DJ455: a 县委's
clause merged into the 院党组's list would otherwise satisfy its requirements); a group fits
the item's tier (DJ456).

Consistency (warnings): the silent contradictions real transcriptions showed —
a collective item with an individual duty (DJ457); a department-level item with
全面领导责任 or 第一责任人 (DJ458); a 班子成员 post without remit in a year under 责任分解
(DJ459, the template would write “对分管的全院的……”); the 纪检监察负责人 as 分管领导 or
牵头领导 of a key work (DJ460) or bearing a 部门负责人 list (DJ461) — 监督责任 is not
主责 (三转: 纪检监察机构转职能、转方式、转作风, 聚焦监督执纪问责).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from ..analysis.assign import bodies_of, chains_of, posts_in_year, years_in_progress
from ..dates import fmt_span, post_span
from ..findings import Finding, Severity
from ..models.assign import ChainRole
from ..models.enums import BODY_TIERS, Duty, SubjectGroup, SubjectTier, Tier
from ..models.responsibility import ResponsibilityItem
from ..resolve import Workspace, natural_key
from ..validate import show

# Which item tiers each group may bear (a group of 部门负责人 is not a 班子成员 item).
GROUP_TIERS: dict[SubjectGroup, tuple[SubjectTier, ...]] = {
    SubjectGroup.LEADERS: (SubjectTier.LEADER,),
    SubjectGroup.HEADS: (SubjectTier.DEPARTMENT_HEAD,),
    SubjectGroup.MIDDLE: (SubjectTier.DEPARTMENT_HEAD, SubjectTier.DEPUTY_HEAD),
    SubjectGroup.ALL: (SubjectTier.LEADER, SubjectTier.DEPARTMENT_HEAD, SubjectTier.DEPUTY_HEAD, SubjectTier.HANDLER),
}

INDIVIDUAL_DUTIES = (Duty.DUAL, Duty.FIRST, Duty.POST)
LEADING_DUTIES = (Duty.OVERALL, Duty.FIRST)
LOWER_TIERS = (SubjectTier.DEPARTMENT_HEAD, SubjectTier.DEPUTY_HEAD, SubjectTier.HANDLER)
ORG_FIELD = {SubjectTier.BODY: "party_body", SubjectTier.LEADERSHIP: "leadership_body", SubjectTier.DISCIPLINE_BODY: "discipline_body"}


def _sorted_items(ws: Workspace) -> list[ResponsibilityItem]:
    return sorted(ws.items.values(), key=lambda i: natural_key(i.id))


# --- list documents --------------------------------------------------------------------


def check_list_documents(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Items agree with their list document: count (DJ450), chapter (DJ451), year (DJ452),
    order and article (DJ453, DJ454)."""
    members: dict[str, list[ResponsibilityItem]] = defaultdict(list)
    for item in _sorted_items(ws):
        if item.list is not None:
            members[item.list].append(item)
        elif item.chapter is not None:
            yield ws.finding("DJ451", Severity.ERROR, "responsibility", item.id, ("chapter",),
                             f"责任事项填写了章节“{item.chapter}”，却没有写所属清单（list）。请填写 list（lists/ 中清单文件的编号），或删去 chapter。")
    for list_id, document in sorted(ws.lists.items(), key=lambda kv: natural_key(kv[0])):
        items = members.get(list_id, [])
        if document.declared_count is not None and document.declared_count != len(items):
            yield ws.finding("DJ450", Severity.WARNING, "list", list_id, ("declared_count",),
                             f"清单“{show(document.title)}”声明共 {document.declared_count} 项责任任务，"
                             f"responsibilities/ 中指向它（list: {list_id}）的事项有 {len(items)} 项。"
                             "请补录缺少的事项、删去多出的事项，或核对 declared_count。")
        chapters = [c.number for c in document.chapters]
        orders: dict[int, ResponsibilityItem] = {}
        articles: dict[tuple[str, str], ResponsibilityItem] = {}
        for item in items:
            if item.chapter is not None and item.chapter not in chapters:
                known = f"清单的章节有：{'、'.join(chapters)}" if chapters else "清单文件还没有列出章节（chapters）"
                yield ws.finding("DJ451", Severity.ERROR, "responsibility", item.id, ("chapter",),
                                 f"章节“{item.chapter}”不在清单 {list_id} 中（{known}）。请改为其中一章的编号，或在清单文件的 chapters 中补上这一章。")
            if item.year != document.year:
                yield ws.finding("DJ452", Severity.ERROR, "responsibility", item.id, ("year",),
                                 f"事项的年度 {item.year} 与所属清单 {list_id} 的年度 {document.year} 不同。"
                                 "请核对年度，或把事项改为指向该年度的清单。")
            if item.order is not None:
                first = orders.setdefault(item.order, item)
                if first is not item:
                    yield ws.finding("DJ453", Severity.WARNING, "responsibility", item.id, ("order",),
                                     f"清单 {list_id} 中 {first.id} 的顺序号也是 {item.order}，两项的先后无法确定。"
                                     "请改用不同的顺序号；同一条款适用于一类人时，请写成一项并填写 group（例如 班子成员），不必逐人复制。")
            if item.article is not None:
                first = articles.setdefault((item.subject, item.article.strip()), item)
                if first is not item:
                    yield ws.finding("DJ454", Severity.WARNING, "responsibility", item.id, ("article",),
                                     f"清单 {list_id} 中同一责任主体的 {first.id} 也是“{item.article}”。"
                                     "请核对条款编号；一条分成几项时可写成 第四条（一）、第四条（二）。")


# --- subjects --------------------------------------------------------------------------


def check_subjects(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A collective item names the unit's own body (DJ455); a group fits the tier (DJ456)."""
    bodies = bodies_of(ws)
    for item in _sorted_items(ws):
        if item.tier in BODY_TIERS and item.body is not None and item.body.strip() != bodies[item.tier]:
            own = bodies[item.tier]
            others = [f"{t}为“{b}”" for t, b in bodies.items() if b == item.body.strip() and t != item.tier]
            hint = f"“{item.body}”是本单位的{others[0].split('为')[0]}，请把 tier 改为它。" if others else (
                "其他单位（例如县委）的清单条款不能计入本单位的清单；请删除此事项，或改为本单位的名称。")
            yield ws.finding("DJ455", Severity.ERROR, "responsibility", item.id, ("body",),
                             f"责任主体“{show(item.body)}”不是本单位的{item.tier}（dj.yaml 中 organization.{ORG_FIELD[item.tier]} 为“{own}”）。{hint}")
        if item.group is not None and item.tier not in GROUP_TIERS[item.group]:
            fits = "、".join(t.value for t in GROUP_TIERS[item.group])
            yield ws.finding("DJ456", Severity.WARNING, "responsibility", item.id, ("group",),
                             f"责任人群“{item.group}”与责任主体层级“{item.tier}”不符（{item.group}的事项层级应为：{fits}）。"
                             "请改正 tier 或 group。")


# --- consistency -----------------------------------------------------------------------


def check_duty_consistency(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A collective item has no individual duty (DJ457); a department-level item does not lead (DJ458)."""
    for item in _sorted_items(ws):
        if item.duty is None:
            continue
        if item.tier in (*BODY_TIERS, SubjectTier.DEPARTMENT) and item.duty in INDIVIDUAL_DUTIES:
            collective = "部门主体责任" if item.tier == SubjectTier.DEPARTMENT else "全面领导责任或主体责任"
            yield ws.finding("DJ457", Severity.WARNING, "responsibility", item.id, ("duty",),
                             f"{item.tier}是集体责任主体，责任类型“{item.duty}”只适用于个人。请改为{collective}；"
                             "若条款说的是每位成员的责任，请改为 tier: 班子成员 并填写 group: 班子成员。原文的说法可写在 duty_label。")
        elif item.tier in LOWER_TIERS and item.duty in LEADING_DUTIES:
            yield ws.finding("DJ458", Severity.WARNING, "responsibility", item.id, ("duty",),
                             f"{item.tier}的事项写了“{item.duty}”，这是党组和主要负责人的责任。"
                             "部门负责人请改为 部门主体责任 或 一岗双责，具体承办人员改为 岗位责任；"
                             "清单原文（例如“本部门第一责任人”）可写在 duty_label。")


def check_leader_remit(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A 班子成员 in post in a year under 责任分解 has a remit (DJ459)."""
    years = years_in_progress(ws)
    if not years:
        return
    areas = ws.config.settings.assign.key_work_areas
    for person in sorted(ws.people.values(), key=lambda p: p.id):
        for index, post in enumerate(person.posts):
            if post.tier != Tier.LEADER or post.remit:
                continue
            held = [y for y in years if post in posts_in_year(person, y)]
            if not held:
                continue
            year = held[-1]
            covered = {r for p in ws.people.values() for q in posts_in_year(p, year) if q.tier in (Tier.LEADER, Tier.PRINCIPAL, Tier.DISCIPLINE)
                       for r in q.remit}
            free = [d.id for d in sorted(ws.departments.values(), key=lambda d: d.id) if d.id not in covered]
            works = [a for a in areas if a not in covered]
            suggest = "、".join([*(f"{d}（{ws.departments[d].name}）" for d in free), *works]) or "其分管的部门编号和工作"
            yield ws.finding("DJ459", Severity.WARNING, "person", person.id, ("posts", index),
                             f"{show(person.name)} 任{show(post.title)}（班子成员）没有分管范围，{year} 年的一岗双责说不清管哪些部门和工作，"
                             f"责任书会写成“对分管的全院的……负重要领导责任”。请在该任职中填写 remit，"
                             f"例如尚无人分管的：{suggest}。")


def check_discipline_roles(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """The 纪检监察负责人 neither supervises nor leads a key work (DJ460) nor bears a 部门负责人 list (DJ461).

    Why: 三转 — the 纪检 body's 监督责任 is to supervise the others' 主体责任, not to take a
    part of it; a 纪检组长 in charge of 经费管理使用 would supervise their own work.
    """
    for year in sorted({c.year for c in ws.of("chain").values()}):
        for chain in chains_of(ws, year):
            for index, link in enumerate(chain.links):
                if link.role not in (ChainRole.SUPERVISOR, ChainRole.LEAD) or not link.person:
                    continue
                person = ws.people.get(link.person)
                if person is None:
                    continue
                span = link.span(chain.year)
                posts = person.posts_in(*span)
                if posts and all(p.tier == Tier.DISCIPLINE for p in posts):
                    yield ws.finding("DJ460", Severity.WARNING, "chain", chain.id, ("links", index, "person"),
                                     f"{show(person.name)} 是纪检监察负责人，不宜担任“{chain.area}”的{link.role}（{fmt_span(span)}）："
                                     "纪检机构履行监督责任，不分管具体业务（三转）。请改由分管该工作的班子成员担任，"
                                     "纪检监察负责人对这项工作履行监督责任。")
    for item in _sorted_items(ws):
        if item.tier not in (SubjectTier.DEPARTMENT_HEAD, SubjectTier.DEPUTY_HEAD) or not item.person:
            continue
        person = ws.people.get(item.person)
        if person is None:
            continue
        posts = posts_in_year(person, item.year)
        if posts and all(p.tier == Tier.DISCIPLINE for p in posts):
            spans = "、".join(fmt_span(post_span(p, item.year)) for p in posts)
            yield ws.finding("DJ461", Severity.WARNING, "responsibility", item.id, ("tier",),
                             f"{show(person.name)} 在 {item.year} 年（{spans}）任纪检监察负责人，不宜承担{item.tier}的责任清单："
                             "监督责任不是主体责任（三转）。请把本事项改为 tier: 纪检监察负责人 的监督责任，"
                             "或改由该部门的负责人承担。")


RULES = [check_list_documents, check_subjects, check_duty_consistency, check_leader_remit, check_discipline_roles]
