"""Rules of 责任分解 (DJ410–DJ439): key-work chains, required topics, theory study (sign-offs: rules/signoff.py).

Sources: 《关于实行党风廉政建设责任制的规定》(2010) 第五条、第六条 (谁主管谁负责, 一级抓一级);
《党委（党组）落实全面从严治党主体责任规定》(2020) 第八条 (第一责任人, 一岗双责);
《中国共产党问责条例》(2019) 第六条 (liability is not pushed down to lower levels).

Which years are checked for completeness: only years *under 责任分解* (see
``analysis/assign.py``) are checked for missing chains (DJ410), missing topics and lists
(DJ420–DJ422), a missing study plan (DJ433) and missing sign-offs (DJ440).
Rules about a record that exists (a chain's links, a session's attendees) always apply.

The questions the rules ask (who is in post, what a chain leaves uncovered, which study fell
short) are answered in ``analysis/assign.py``, shared with ``dj assign``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from ..analysis.assign import (
    accountable, chains_of, holder_name, item_in_area, lists_of, role_gaps, subject_name, subjects_of_year,
    unsuited_spans, years_in_progress,
)
from ..analysis.due import of_code
from ..dates import cn_date, fmt_span, year_bounds
from ..findings import Finding, Severity
from ..models.assign import LEADER_ROLES, SUBORDINATE_ROLES, ChainRole, KeyWorkChain
from ..models.enums import SubjectTier, Tier
from ..resolve import Workspace

ROLE_POSTS = {
    ChainRole.LEAD: "院领导（主要负责人、班子成员或纪检监察负责人）",
    ChainRole.SUPERVISOR: "院领导（主要负责人、班子成员或纪检监察负责人）",
    ChainRole.HEAD: "责任部门的负责人",
    ChainRole.HANDLER: "本单位在岗人员",
}


# --- findings helpers ------------------------------------------------------------------


def config_finding(code: str, severity: Severity, loc: tuple, message: str) -> Finding:
    """A finding at loc in dj.yaml (for gaps that belong to no record)."""
    return Finding.at(code, severity, "dj.yaml", loc, message)


def names(ws: Workspace, ids: Iterable[str | None]) -> str:
    return "、".join(dict.fromkeys(ws.name_of(i) for i in ids if i))


# --- rules: key-work chains ------------------------------------------------------------


def check_chain_areas(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Every key-work area has one chain in each year under way (DJ410, DJ417, DJ418)."""
    areas = ws.config.settings.assign.key_work_areas
    for year in years_in_progress(ws):
        chains = chains_of(ws, year)
        seen: dict[str, KeyWorkChain] = {}
        for chain in chains:
            if chain.area not in areas:
                yield ws.finding("DJ417", Severity.WARNING, "chain", chain.id, ("area",),
                                 f"重点工作“{chain.area}”不在 dj.yaml 的 settings.assign.key_work_areas（{'、'.join(areas)}）中。"
                                 "请改为其中一项，或在设置中加入这项工作。")
            if chain.area in seen:
                yield ws.finding("DJ418", Severity.WARNING, "chain", chain.id, ("area",),
                                 f"{year} 年“{chain.area}”已有责任链条 {seen[chain.area].id}，同一项重点工作只应有一条链条。请合并后删除其一。")
            seen.setdefault(chain.area, chain)
        for area in areas:
            if area not in seen:
                yield config_finding("DJ410", Severity.WARNING, ("settings", "assign", "key_work_areas"),
                                     f"{year} 年重点工作“{area}”没有责任链条。请在 chains/{year}/ 中建立，写明牵头领导、责任部门、"
                                     "分管领导、部门领导和具体承办人员（可运行 dj assign template procuratorate 生成）。")


def check_chain_links(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Each chain names all five links for the whole year (DJ411, DJ412), held by fitting posts (DJ413).

    Why: 谁主管谁负责、逐级负责 — every link of a key work has a named, competent bearer.
    """
    for chain in ws.of("chain").values():
        for role in ChainRole:
            links = chain.links_of(role)
            if not links:
                yield ws.finding("DJ411", Severity.WARNING, "chain", chain.id, ("links",),
                                 f"{chain.year} 年“{chain.area}”责任链条缺少{role}环节。请在 links 中增加一项 role: {role}，"
                                 + ("写明 department（部门编号）。" if role == ChainRole.DEPARTMENT else "写明 person（人员编号）、责任内容和追究条款。"))
                continue
            for gap in role_gaps(chain, role):
                yield ws.finding("DJ412", Severity.WARNING, "chain", chain.id, ("links", links[-1][0]),
                                 f"“{chain.area}”责任链条的{role}环节在 {fmt_span(gap)} 无人负责。"
                                 "请为这段时间增加一项该环节（填写 start/end），例如人员变动后由接任者负责。")
            if role == ChainRole.DEPARTMENT:
                continue
            for index, link in links:
                person = ws.people.get(link.person or "")
                for span in unsuited_spans(ws, chain, link):
                    yield ws.finding("DJ413", Severity.ERROR, "chain", chain.id, ("links", index, "person"),
                                     f"{person.name if person else link.person} 在 {fmt_span(span)} 不是{ROLE_POSTS[role]}，"
                                     f"不能作为“{chain.area}”责任链条的{role}。请按人员变动分段填写该环节的 start/end，"
                                     "由当时在任的人员负责，或核对其任职经历。")


def check_chain_duties(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Each link says what it answers for and how it is held to account (DJ414, DJ419);
    a leader link without them while the links below carry them is 责任下推 (DJ415).

    Why: 问责条例 第六条 — responsibility must not be pushed down to lower levels.
    """
    for chain in ws.of("chain").values():
        below = [link for link in chain.links if link.role in SUBORDINATE_ROLES and link.accountability]
        for index, link in enumerate(chain.links):
            who = holder_name(ws, link)
            missing = [word for word, value in (("责任内容（duty）", link.duty), ("追究条款（accountability）", link.accountability)) if not value]
            if not missing:
                continue
            if link.role in LEADER_ROLES and below and not link.accountability:
                lower = names(ws, (b.person for b in below))
                yield ws.finding("DJ415", Severity.ERROR, "chain", chain.id, ("links", index),
                                 f"责任下推：“{chain.area}”责任链条只为下级（{lower}）规定了追究条款，{link.role} {who} 却没有。"
                                 f"领导责任不能下推给下属，请为 {who} 写明 duty 和 accountability。")
            else:
                yield ws.finding("DJ414", Severity.WARNING, "chain", chain.id, ("links", index),
                                 f"“{chain.area}”责任链条中{link.role} {who} 缺少{'和'.join(missing)}，请补上。")
        missing = [word for word, value in (("工作程序（procedure）", chain.procedure), ("工作纪律（discipline）", chain.discipline)) if not value]
        if missing:
            yield ws.finding("DJ419", Severity.WARNING, "chain", chain.id, ("area",),
                             f"“{chain.area}”责任链条缺少{'和'.join(missing)}，请逐条写明。")


def check_pushed_down(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A key work that appears only on subordinates' lists, not on its leaders', is 责任下推 (DJ416)."""
    for chain in ws.of("chain").values():
        people = {link.person for link in chain.links if link.person}
        # A person's list includes the items of the groups they belong to (班子成员 …).
        holders = {p for p in people if any(item_in_area(i, chain.area) for i in ws.items_of(p, chain.year))}
        lower = [link.person for link in chain.links if link.role in SUBORDINATE_ROLES and link.person in holders]
        if not lower:
            continue
        for index, link in enumerate(chain.links):
            if link.role in LEADER_ROLES and link.person and link.person not in holders:
                who = ws.name_of(link.person)
                yield ws.finding("DJ416", Severity.ERROR, "chain", chain.id, ("links", index, "person"),
                                 f"责任下推：{chain.year} 年“{chain.area}”只写进了下级（{names(ws, lower)}）的责任清单，"
                                 f"{link.role} {who} 的清单中没有这项工作。请为 {who} 增加一项 area 为“{chain.area}”的责任事项"
                                 "（dj assign add，或运行 dj assign template procuratorate 补齐）。")


# --- rules: lists per tier -------------------------------------------------------------


def check_required_topics(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Each tier's list covers the topics required of it (DJ420) and exists (DJ422); a list
    carries an accountability clause, its own or its list document's (DJ421); the setting names
    real tiers (DJ423).

    Why: 关键少数 — the 主要负责人 must cover 抓班子带队伍, 廉洁自律 and 管好配偶子女和身边
    工作人员 (settings.assign.required_topics), with 追究 for failing them. A topic is covered by
    what an item says (its topics, area, duty or duty_label). A missing topic of
    settings.assign.advisory_topics (廉洁自律 by default: it comes from one article, not from every
    unit's practice) is a warning, the others are errors.
    """
    assign = ws.config.settings.assign
    required = assign.required_topics
    advisory = set(assign.advisory_topics)
    known = [t.value for t in SubjectTier]
    for key in required:
        if key not in known:
            yield config_finding("DJ423", Severity.WARNING, ("settings", "assign", "required_topics", key),
                                 f"settings.assign.required_topics 中的“{key}”不是责任主体层级，dj 不会检查它。"
                                 f"可用的层级：{'、'.join(known)}。")
    for year in years_in_progress(ws):
        first, last = year_bounds(year)
        for status in subjects_of_year(ws, year):
            person = ws.people.get(status.person or "")
            if not status.items:
                message = (f"{status.name}（{status.tier}）没有 {year} 年的责任清单，须覆盖：{'、'.join(status.required)}。"
                           "请运行 dj assign template procuratorate 生成，或用 dj assign add 添加。")
                if person is not None:
                    index = next((i for i, p in enumerate(person.posts) if p.overlaps(first, last)), 0)
                    yield ws.finding("DJ422", Severity.ERROR, "person", person.id, ("posts", index), message)
                elif status.tier == SubjectTier.BODY:
                    yield config_finding("DJ422", Severity.ERROR, ("organization", "party_body"), message)
                else:
                    yield config_finding("DJ422", Severity.ERROR, ("settings", "assign", "required_topics", status.tier), message)
                continue
            own = [i for i in status.items if i.tier == status.tier] or status.items
            for topic in status.missing:
                yield ws.finding("DJ420", Severity.WARNING if topic in advisory else Severity.ERROR, "responsibility", own[0].id, ("topics",),
                                 f"{status.name}（{status.tier}）{year} 年的责任清单没有覆盖“{topic}”。"
                                 f"请在相应责任事项的 topics 中加入“{topic}”（或写进 area、duty_label），"
                                 f"没有相应事项的请增加一项（dj assign add --topic {topic}）。")
        for subject, items in lists_of(ws, year):
            if any(accountable(ws, i) for i in items):
                continue
            person = ws.people.get(subject)
            principal = (subject == f"body:{ws.config.organization.party_body}"
                         or (person is not None and any(p.tier == Tier.PRINCIPAL for p in person.posts_in(first, last))))
            yield ws.finding("DJ421", Severity.ERROR if principal else Severity.WARNING, "responsibility", items[0].id, ("accountability",),
                             f"{subject_name(ws, subject)} {year} 年的责任清单没有任何追究条款。请在责任事项中写明 accountability："
                             "不履行或履行不力时依照哪条规定追究何种责任；或在所属清单文件（lists/）的 accountability 中"
                             "写一条适用于该层级的追究条款。")


# --- rules: theory study ---------------------------------------------------------------


def check_study_forms(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Plans and sessions use the study forms of settings.assign.study_forms (DJ431)."""
    forms = ws.config.settings.assign.study_forms
    hint = f"可用的学习形式：{'、'.join(forms)}（dj.yaml 中 settings.assign.study_forms）。"
    for plan in ws.of("study_plan").values():
        for index, entry in enumerate(plan.entries):
            if entry.form not in forms:
                yield ws.finding("DJ431", Severity.ERROR, "study_plan", plan.id, ("entries", index, "form"),
                                 f"学习形式“{entry.form}”不在设置中。{hint}")
    for session in ws.of("study_session").values():
        if session.form not in forms:
            yield ws.finding("DJ431", Severity.ERROR, "study_session", session.id, ("form",),
                             f"学习形式“{session.form}”不在设置中。{hint}")


def check_study_plan(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Each year under way has a study plan (DJ433); planned study that fell short in a period
    that has ended is reported (DJ430)."""
    planned = {p.year for p in ws.of("study_plan").values()}
    for year in years_in_progress(ws):
        if year not in planned:
            yield config_finding("DJ433", Severity.WARNING, ("year",),
                                 f"{year} 年没有理论学习计划。请在 study_plans/ 中建立，写明党组理论中心组学习、部门集体学习、"
                                 "个人自学、警示教育片和现场教学的计划次数或月份。")
    # The obligations of analysis/assign.study_obligations: a period by counts that ended short; for a
    # plan by months, the last planned month ended, when its k sessions were not all held by its end.
    last: dict[tuple[str, int], Any] = {}
    shortfalls = []
    for o in of_code(ws, "DJ430"):
        if o.due >= as_of:
            continue
        if o.ref.k:
            key = (o.ref.plan.id, o.ref.index)
            if key not in last or o.due > last[key].due:
                last[key] = o
        elif o.overdue(as_of):
            shortfalls.append((o, o.ref.period, o.ref.entry.count, len(o.ref.held)))
    for o in last.values():
        if o.overdue(as_of) or o.met_late(as_of):
            d = o.ref
            ended = sorted(m for m in set(d.entry.months) if m <= d.month)
            held = sum(1 for day in d.held if day <= o.due)
            shortfalls.append((o, f"截至{d.plan.year}年{d.month}月底（计划月份 {'、'.join(f'{m}月' for m in ended)}）", d.k, held))
    for o, period, planned, held in sorted(shortfalls, key=lambda s: (s[0].ref.plan.id, s[0].ref.index, s[0].due)):
        yield ws.finding("DJ430", Severity.WARNING, "study_plan", o.ref.plan.id, ("entries", o.ref.index),
                         f"{period}“{o.ref.entry.form}”计划 {planned} 次，实际只有 {held} 次记录。"
                         "如已开展，请在 study_sessions/ 中补录学习记录；未开展的请说明原因并补课。")


def check_study_attendance(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Attendees and host of a session were in post on its date (DJ432)."""
    for session in ws.of("study_session").values():
        people = [(("host",), session.host)] + [(("attendees", i), p) for i, p in enumerate(session.attendees)]
        for loc, pid in people:
            person = ws.people.get(pid or "")
            if person is not None and not person.posts_on(session.date):
                yield ws.finding("DJ432", Severity.WARNING, "study_session", session.id, loc,
                                 f"{person.name} 在 {cn_date(session.date)} 没有任职，不应出现在这次学习的人员中。请核对日期和人员。")


RULES = [
    check_chain_areas, check_chain_links, check_chain_duties, check_pushed_down,
    check_required_topics,
    check_study_forms, check_study_plan, check_study_attendance,
]
