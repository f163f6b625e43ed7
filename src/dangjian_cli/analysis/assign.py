"""Shared queries of 责任分解: who is in post, the chains of a year and their gaps, the topics
each subject's list covers, planned study that fell short, the sign-off deadline, coverage.

Pure: a Workspace (and dates) in, values out. Rules (``rules/assign.py``) and actions
(``actions/assign.py``) both ask these questions and never import each other.

A year is *under 责任分解* once it has any responsibility item, key-work chain, study plan
or sign-off (``years_in_progress``). Why: a workspace with people but no lists yet (just
after ``dj init``) is not yet doing its 责任分解 with dj and should not be flooded with gaps;
once the first list of a year exists, everything of that year counts, so deleting a part of
the lists can never silence the check of the rest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..dates import Span, month_day, month_end, period_spans, post_span, subtract, year_bounds
from ..models.assign import LEADER_ROLES, ChainLink, ChainRole, KeyWorkChain, PlanEntry, StudyPlan, StudySession
from ..models.enums import SubjectTier, Tier
from ..models.people import Person, Post
from ..models.responsibility import ResponsibilityItem
from ..resolve import Workspace, natural_key
from .due import Obligation, obligation_id, register_obligations, source_of

LEADER_TIERS = (Tier.PRINCIPAL, Tier.LEADER, Tier.DISCIPLINE)

# Post tier → the subject tier of that person's own list.
SUBJECT_OF_TIER: dict[Tier, SubjectTier] = {
    Tier.PRINCIPAL: SubjectTier.PRINCIPAL,
    Tier.LEADER: SubjectTier.LEADER,
    Tier.DISCIPLINE: SubjectTier.DISCIPLINE,
    Tier.DEPARTMENT_HEAD: SubjectTier.DEPARTMENT_HEAD,
    Tier.DEPUTY_HEAD: SubjectTier.DEPUTY_HEAD,
}

TIER_RANK = {t.value: i for i, t in enumerate(SubjectTier)}


# --- years and posts -------------------------------------------------------------------


def year_of(ws: Workspace, year: int | None) -> int:
    return year if year is not None else ws.config.year


def years_in_progress(ws: Workspace) -> list[int]:
    """Years whose 责任分解 is under way (see the module docstring)."""
    years: set[int] = set()
    for kind in ("responsibility", "chain", "study_plan", "signoff"):
        years.update(r.year for r in ws.of(kind).values())
    return sorted(years)


def posts_in_year(person: Person, year: int) -> list[Post]:
    return person.posts_in(*year_bounds(year))


def subject_tier(post: Post) -> SubjectTier:
    return SUBJECT_OF_TIER.get(post.tier, SubjectTier.HANDLER)


def remit_matches(entry: str, area: str) -> bool:
    """A remit entry names a key-work area: equal, or one contains the other (经费 ~ 经费管理使用)."""
    entry, area = entry.strip(), area.strip()
    return len(entry) >= 2 and (entry == area or entry in area or area in entry)


def scope_of(ws: Workspace, post: Post) -> str:
    """The Chinese scope of a post: a leader's remit, a department head's department."""
    if post.tier in LEADER_TIERS and post.remit:
        return "、".join(ws.departments[r].name if r in ws.departments else r for r in post.remit)
    if post.department in ws.departments:
        return ws.departments[post.department].name
    return "全院"


# --- chains ----------------------------------------------------------------------------


def chains_of(ws: Workspace, year: int) -> list[KeyWorkChain]:
    return sorted((c for c in ws.of("chain").values() if c.year == year), key=lambda c: c.id)


def item_in_area(item: ResponsibilityItem, area: str) -> bool:
    return item.area == area or area in item.topics


def chain_departments(chain: KeyWorkChain) -> set[str]:
    return {link.department for _, link in chain.links_of(ChainRole.DEPARTMENT) if link.department}


def suitable_posts(person: Person, chain: KeyWorkChain, role: ChainRole) -> list[Post]:
    """The posts of person that fit a link of the given role in chain."""
    if role in LEADER_ROLES:
        return [p for p in person.posts if p.tier in LEADER_TIERS]
    if role == ChainRole.HEAD:
        departments = chain_departments(chain)
        # A department head of the 责任部门, or a leader who heads it (党组成员、政治部主任).
        return [p for p in person.posts
                if (p.tier == Tier.DEPARTMENT_HEAD and (not departments or p.department in departments))
                or (p.tier in LEADER_TIERS and p.department is not None and p.department in departments)]
    return list(person.posts)


def unsuited_spans(ws: Workspace, chain: KeyWorkChain, link: ChainLink) -> list[Span]:
    """The days a person link covers while its person holds no fitting post."""
    person = ws.people.get(link.person or "")
    if person is None:
        return []
    return subtract(link.span(chain.year), [post_span(p) for p in suitable_posts(person, chain, link.role)])


def role_gaps(chain: KeyWorkChain, role: ChainRole) -> list[Span]:
    """The days of the chain's year that no link of role covers."""
    return subtract(year_bounds(chain.year), [link.span(chain.year) for _, link in chain.links_of(role)])


def recognise_chain(ws: Workspace, area: str, year: int) -> dict[ChainRole, list[tuple[str, Post | None]]]:
    """Who holds each link of area's chain in year, from posts.

    ``dj assign template`` starts each key-work chain from this; the secretary checks it, and
    a link it cannot recognise is left out and reported by ``dj check``.

    * 具体承办人员: holders of a post that is not a leader or department-head post whose
      ``remit`` names the area (``经费`` matches ``经费管理使用``); failing that, such holders
      whose ``note`` names the area.
    * 责任部门: the departments of those handlers; failing that, departments whose name or
      note names the area.
    * 部门领导: the 部门负责人 of the 责任部门; failing that, a leader whose post is in it.
    * 分管领导: leaders (班子成员、纪检监察负责人, then 主要负责人) whose ``remit`` names the
      area, failing that the 责任部门.
    * 牵头领导: the 主要负责人 (第一责任人: 重要工作亲自部署).

    Returns role → [(person id or department id, the post that makes them fit)].
    """
    people = sorted(ws.people.values(), key=lambda p: p.id)
    held = [(p, post) for p in people for post in posts_in_year(p, year)]
    staff = [(p, post) for p, post in held if post.tier not in (*LEADER_TIERS, Tier.DEPARTMENT_HEAD)]
    handlers = [(p, post) for p, post in staff if any(remit_matches(r, area) for r in post.remit)]
    if not handlers:
        handlers = [(p, post) for p, post in staff if p.note and area in p.note]
    departments = list(dict.fromkeys(post.department for _, post in handlers if post.department))
    if not departments:
        departments = [d.id for d in sorted(ws.departments.values(), key=lambda d: d.id)
                       if area in d.name or (d.note and area in d.note)]
    heads = [(p, post) for p, post in held if post.tier == Tier.DEPARTMENT_HEAD and post.department in departments]
    if not heads:
        heads = [(p, post) for p, post in held if post.tier in LEADER_TIERS and post.department in departments]
    supervisors: list[tuple[Person, Post]] = []
    for tiers in ((Tier.LEADER, Tier.DISCIPLINE), (Tier.PRINCIPAL,)):
        for match in (lambda r: remit_matches(r, area), lambda r: r in departments):
            supervisors = [(p, post) for p, post in held if post.tier in tiers and any(match(r) for r in post.remit)]
            if supervisors:
                break
        if supervisors:
            break
    leads = [(p, post) for p, post in held if post.tier == Tier.PRINCIPAL]
    return {
        ChainRole.LEAD: [(p.id, post) for p, post in leads],
        ChainRole.DEPARTMENT: [(d, None) for d in departments],
        ChainRole.SUPERVISOR: [(p.id, post) for p, post in supervisors],
        ChainRole.HEAD: [(p.id, post) for p, post in heads],
        ChainRole.HANDLER: [(p.id, post) for p, post in handlers],
    }


# --- lists and topics ------------------------------------------------------------------


def item_says(item: ResponsibilityItem) -> list[str]:
    """What an item says of itself: its topics, area, duty and the list's wording of the duty."""
    said = [*item.topics, item.area, item.duty.value if item.duty else "", item.duty_label or ""]
    return [t.strip() for t in said if t and t.strip()]


def item_covers(item: ResponsibilityItem, topic: str) -> bool:
    """Whether item covers a required topic: the topic is one of the things the item says, or
    contained in one (全面领导 in 全面领导责任; 一岗双责 is the duty 一岗双责)."""
    topic = topic.strip()
    return bool(topic) and any(topic == said or topic in said for said in item_says(item))


def covered_topics(items: Iterable[ResponsibilityItem], required: Iterable[str]) -> list[str]:
    """The required topics that items cover (see ``item_covers``), in the order required."""
    items = list(items)
    return [t for t in required if any(item_covers(i, t) for i in items)]


def bodies_of(ws: Workspace) -> dict[SubjectTier, str]:
    """The unit's collective subjects named by ``body``: tier → its name in dj.yaml's organization."""
    org = ws.config.organization
    return {SubjectTier.BODY: org.party_body, SubjectTier.LEADERSHIP: org.leadership_body,
            SubjectTier.DISCIPLINE_BODY: org.discipline_body}


def subject_name(ws: Workspace, subject: str) -> str:
    """The Chinese name of a subject key (``ResponsibilityItem.subject``)."""
    kind, _, rest = subject.partition(":")
    if kind == "body" or kind == "group":
        return rest
    if kind == "department":
        department = ws.departments.get(rest)
        return department.name if department else rest
    return ws.name_of(subject)


@dataclass
class TopicStatus:
    """What one subject's list of one year covers of the topics required of its tier."""

    tier: str
    person: str | None  # None for a collective subject (a body or a department)
    name: str
    required: list[str]
    items: list[ResponsibilityItem] = field(default_factory=list)
    subject: str = ""  # the subject key: a person id, body:党组, department:d-office

    def __post_init__(self) -> None:
        self.subject = self.subject or self.person or ""

    @property
    def covered(self) -> list[str]:
        return covered_topics(self.items, self.required)

    @property
    def missing(self) -> list[str]:
        have = set(self.covered)
        return [t for t in self.required if t not in have]

    def to_dict(self) -> dict[str, Any]:
        return {"tier": self.tier, "subject": self.subject, "person": self.person, "name": self.name, "required": self.required,
                "covered": self.covered, "missing": self.missing, "items": [i.id for i in self.items]}


def subjects_of_year(ws: Workspace, year: int) -> list[TopicStatus]:
    """Every subject that must have a list in year, with the topics required of it.

    * the collective bodies (党组, 领导班子, 纪检组 as named in dj.yaml's organization): each
      when settings.assign.required_topics names its tier or the year has items for it;
    * each department (tier 部门) that has items in the year;
    * every person who held a post of a tier named in required_topics at any time in the
      year (部门副职 too, when configured); their list holds their own items and those of the
      groups they belonged to (``Workspace.items_of``);
    * 具体承办人员: the handlers named in that year's chains.
    """
    required = ws.config.settings.assign.required_topics
    first, last = year_bounds(year)
    out: list[TopicStatus] = []
    for tier, body in bodies_of(ws).items():
        key = f"body:{body}"
        items = ws.items_of(key, year)
        if items or tier.value in required:
            out.append(TopicStatus(tier.value, None, body, list(required.get(tier.value, [])), list(items), key))
    departments = sorted({i.department for i in ws.items.values() if i.year == year and i.department and i.tier == SubjectTier.DEPARTMENT},
                         key=natural_key)
    for department in departments:
        key = f"department:{department}"
        out.append(TopicStatus(SubjectTier.DEPARTMENT.value, None, subject_name(ws, key),
                               list(required.get(SubjectTier.DEPARTMENT.value, [])), list(ws.items_of(key, year)), key))
    handlers = {link.person for c in chains_of(ws, year) for _, link in c.links_of(ChainRole.HANDLER) if link.person}
    for person in sorted(ws.people.values(), key=lambda p: p.id):
        tiers = []
        for post in person.posts_in(first, last):
            subject = SUBJECT_OF_TIER.get(post.tier)
            if subject is not None and subject.value in required and subject.value not in tiers:
                tiers.append(subject.value)
        if person.id in handlers and SubjectTier.HANDLER.value in required:
            tiers.append(SubjectTier.HANDLER.value)
        for tier in tiers:
            out.append(TopicStatus(tier, person.id, person.name, list(required[tier]), list(ws.items_of(person.id, year))))
    return sorted(out, key=lambda s: TIER_RANK.get(s.tier, len(TIER_RANK)))


def listing_key(ws: Workspace, item: ResponsibilityItem) -> tuple:
    """Document order (``Workspace.item_order``); items of no list and no order grouped by tier and subject."""
    return (*ws.item_order(item)[:5], TIER_RANK.get(item.tier, len(TIER_RANK)), item.subject, natural_key(item.id))


def items_listed(ws: Workspace, person: str | None = None, year: int | None = None) -> list[ResponsibilityItem]:
    """The items of a subject (None: of everyone) in year (None: every year), in document order.

    person: a person id (their own items and those of the groups they belonged to) or a
    subject key (``body:党组``, ``department:d-office``).
    """
    if person is None:
        items = [i for i in ws.items.values() if year is None or i.year == year]
    else:
        years = [year] if year is not None else sorted({i.year for i in ws.items.values()})
        items = [i for y in years for i in ws.items_of(person, y)]
    return sorted(items, key=lambda i: listing_key(ws, i))


def lists_of(ws: Workspace, year: int) -> Iterator[tuple[str, list[ResponsibilityItem]]]:
    """(subject key, the items of its list of year), for every subject with a list: the bodies and
    departments (``body:党组``, ``department:d-office``) and every person with items of their own or
    of a group they belonged to (their id). Group items count in their members' lists only."""
    subjects = {i.subject for i in ws.items.values() if i.year == year and i.group is None}
    if any(i.group is not None and i.year == year for i in ws.items.values()):
        subjects.update(p.id for p in ws.people.values() if ws.items_of(p.id, year))
    for subject in sorted(subjects, key=lambda s: (not s.startswith(("body:", "department:")), natural_key(s))):
        items = ws.items_of(subject, year)
        if items:
            yield subject, items


def group_members_in_year(ws: Workspace, item: ResponsibilityItem) -> list[Person]:
    """The people a group item applies to in its year (none for an item without a group)."""
    return ws.group_members(item.group, item.year) if item.group is not None else []


def accountable(ws: Workspace, item: ResponsibilityItem) -> bool:
    """Whether a failure on item can be held to account: it has its own clause, or its list
    document has an accountability clause covering its tier."""
    if item.accountability:
        return True
    document = ws.lists.get(item.list or "")
    return document is not None and bool(document.clauses_for(item.tier))


# --- theory study ----------------------------------------------------------------------


@dataclass
class Shortfall:
    plan: StudyPlan
    index: int
    entry: PlanEntry
    period: str
    planned: int
    held: int


def sessions_for(ws: Workspace, entry: PlanEntry, span: Span) -> list[StudySession]:
    return [s for s in ws.of("study_session").values()
            if s.form == entry.form and span[0] <= s.date <= span[1]
            and (entry.department is None or s.department == entry.department)]


def study_shortfalls(ws: Workspace, as_of: dt.date) -> list[Shortfall]:
    """Planned study that fell short, for periods that ended before as_of."""
    out = []
    for plan in sorted(ws.of("study_plan").values(), key=lambda p: p.id):
        for index, entry in enumerate(plan.entries):
            if entry.months:
                ended = sorted(m for m in set(entry.months) if month_end(plan.year, m) < as_of)
                if not ended:
                    continue
                span = (year_bounds(plan.year)[0], month_end(plan.year, ended[-1]))
                held = len(sessions_for(ws, entry, span))
                if held < len(ended):
                    months = "、".join(f"{m}月" for m in ended)
                    out.append(Shortfall(plan, index, entry, f"截至{plan.year}年{ended[-1]}月底（计划月份 {months}）", len(ended), held))
            elif entry.count:
                for name, span in period_spans(plan.year, entry.per):
                    if span[1] >= as_of:
                        continue
                    held = len(sessions_for(ws, entry, span))
                    if held < entry.count:
                        out.append(Shortfall(plan, index, entry, name, entry.count, held))
    return out


@dataclass(frozen=True)
class StudyDue:
    """What a study obligation needs to word its finding: the plan entry, the sessions counted and
    (for a plan by months) the k-th planned month; (for a plan by counts) the period's name."""

    plan: StudyPlan
    index: int
    entry: PlanEntry
    held: tuple[dt.date, ...]  # the days of the sessions that count, in order
    month: int = 0  # plan by months: the k-th planned month …
    k: int = 0  # … and k
    period: str = ""  # plan by counts: the period's name


def study_obligations(ws: Workspace) -> Iterator[Obligation]:
    """What a study plan asks by a day (DJ430): by the end of its k-th planned month, k sessions of
    the form in the year (met by the k-th, possibly late); in each period of a plan by counts, that
    many sessions within the period. Met by the study session records."""
    party = f"body:{ws.config.organization.party_body}"
    for plan in sorted(ws.of("study_plan").values(), key=lambda p: p.id):
        for index, entry in enumerate(plan.entries):
            who = f"department:{entry.department}" if entry.department else party
            source = source_of(ws, "study_plan", plan.id, ("entries", index))
            if entry.months:
                held = tuple(sorted(s.date for s in sessions_for(ws, entry, year_bounds(plan.year))))
                for k, month in enumerate(sorted(set(entry.months)), 1):
                    due = month_end(plan.year, month)
                    yield Obligation(
                        id=obligation_id("study", plan.id, due, str(index), f"k{k}"),
                        what=f"{plan.year} 年{month}月底前“{entry.form}”累计 {k} 次", who=who, due=due,
                        done_on=held[k - 1] if len(held) >= k else None, source=source, code="DJ430", late_code="DJ430",
                        ref=StudyDue(plan, index, entry, held, month=month, k=k))
            elif entry.count:
                for name, span in period_spans(plan.year, entry.per):
                    held = tuple(sorted(s.date for s in sessions_for(ws, entry, span)))
                    yield Obligation(
                        id=obligation_id("study", plan.id, span[1], str(index), span[0].isoformat()),
                        what=f"{name}“{entry.form}”{entry.count} 次", who=who, due=span[1],
                        done_on=held[entry.count - 1] if len(held) >= entry.count else None, source=source, code="DJ430",
                        ref=StudyDue(plan, index, entry, held, period=name))


register_obligations(study_obligations)


# --- sign-offs -------------------------------------------------------------------------


def sign_deadline(ws: Workspace, year: int) -> dt.date | None:
    return month_day(ws.config.settings.assign.sign_by, year)


# --- coverage --------------------------------------------------------------------------


@dataclass
class Holder:
    """Who holds a link of a chain, and for which days of the year."""

    person: str | None
    department: str | None
    name: str
    span: Span
    suitable: bool  # a person who holds a fitting post throughout the span (a department: always)

    def to_dict(self) -> dict[str, Any]:
        return {"person": self.person, "department": self.department, "name": self.name,
                "start": self.span[0].isoformat(), "end": self.span[1].isoformat(), "suitable": self.suitable}


@dataclass
class RoleCoverage:
    """One link of a chain: its holders and the days of the year no one holds it."""

    holders: list[Holder]
    uncovered: list[Span]

    @property
    def filled(self) -> bool:
        return bool(self.holders) and not self.uncovered and all(h.suitable for h in self.holders)

    def to_dict(self) -> dict[str, Any]:
        return {"filled": self.filled, "holders": [h.to_dict() for h in self.holders],
                "uncovered": [[a.isoformat(), b.isoformat()] for a, b in self.uncovered]}


@dataclass
class ChainCoverage:
    """The links of one key work's chain (chain None: the year has no chain for it)."""

    area: str
    chain: str | None
    roles: dict[ChainRole, RoleCoverage]

    @property
    def gaps(self) -> list[ChainRole]:
        return [role for role, cover in self.roles.items() if not cover.filled]

    def to_dict(self) -> dict[str, Any]:
        return {"area": self.area, "chain": self.chain, "roles": {r.value: c.to_dict() for r, c in self.roles.items()},
                "gaps": [r.value for r in self.gaps]}


@dataclass
class Coverage:
    """Key works × chain links and subjects × required topics of one year (``dj assign coverage``)."""

    year: int
    chains: list[ChainCoverage]
    topics: list[TopicStatus]

    @property
    def complete(self) -> bool:
        return all(not c.gaps for c in self.chains) and all(t.items and not t.missing for t in self.topics)

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "roles": [r.value for r in ChainRole], "chains": [c.to_dict() for c in self.chains],
                "topics": [t.to_dict() for t in self.topics], "complete": self.complete}


def holder_name(ws: Workspace, link: ChainLink) -> str:
    """The name of a link's person, or of its department."""
    if link.person:
        return ws.name_of(link.person)
    return ws.departments[link.department].name if link.department in ws.departments else link.department or ""


def coverage(ws: Workspace, year: int) -> Coverage:
    """The matrix of key works × chain links and of subjects × required topics, gaps marked."""
    chains = chains_of(ws, year)
    areas = list(ws.config.settings.assign.key_work_areas)
    areas += [c.area for c in chains if c.area not in areas]
    rows = []
    for area in areas:
        chain = next((c for c in chains if c.area == area), None)
        roles = {role: _role_coverage(ws, chain, role, year) for role in ChainRole}
        rows.append(ChainCoverage(area, chain.id if chain else None, roles))
    return Coverage(year, rows, subjects_of_year(ws, year))


def _role_coverage(ws: Workspace, chain: KeyWorkChain | None, role: ChainRole, year: int) -> RoleCoverage:
    if chain is None:
        return RoleCoverage([], [year_bounds(year)])
    holders = [Holder(link.person, link.department, holder_name(ws, link), link.span(year),
                      not (link.person and unsuited_spans(ws, chain, link)))
               for _, link in chain.links_of(role)]
    return RoleCoverage(holders, role_gaps(chain, role))
