"""dj pursue: 责任追究求"严" — case files, who is responsible, decisions, talks and handovers.

Write operations return a ``write.Plan``; ``write.apply_plan`` writes and commits them. Nothing
here reads the clock: today comes from the caller. Commit messages name the case by its id and
never quote its facts or the people in it (a workspace's history is read more widely than its
``cases/``).

``who`` proposes who bears what from the posts held **on the incident dates** (not today): the
case's people (直接责任者), the holders of its items (groups expanded, collective subjects as the
班子), the links of its key-work chain on those dates, the 主要负责人 then, and the votes of a
collective decision already recorded (a recorded dissent exempts). People who have since moved,
been promoted or retired stay candidates (终身问责) with ``in_post_now`` false.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..analysis.pursue import LEADING_TIERS, SUBSTANTIATED, four_form_of, handover_deadline, stage_deadline
from ..dates import cn_date
from ..errors import ConfigError, DjError
from ..models.enums import SubjectTier, Tier
from ..models.people import Person, Post
from ..models.pursue import (
    CADRE_FORMS, DISCIPLINE_TYPES, FIRST_FORM_MEASURES, ORG_FORMS, ORG_MEASURES, STAGE_ORDER, AccountabilityLiability, Case,
    Closure, Decision, DecisionForm, Determination, DisciplineLiability, FourForm, Handover, Regime, Stage, Talk, TalkForm,
    Verdict,
)
from ..resolve import Workspace
from ..redact import Redactor
from ..write import FileChange, Plan
from .common import find_person
from .yamledit import dump_new, dump_rt, load_rt, set_field, validate

CASE_FIELDS = list(Case.model_fields)
DECISION_FIELDS = list(Decision.model_fields)
DETERMINATION_FIELDS = list(Determination.model_fields)


# --- loading and finding -------------------------------------------------------------------


def load(root: Path, kinds: frozenset[str] | None = None) -> Workspace:
    """The resolved workspace (records with errors are left out, as in dj check)."""
    from ..pipeline import read_workspace

    return read_workspace(root, kinds)


# What each read command needs: less to read on a large workspace.
LIST_KINDS = frozenset({"person", "case"})
WHO_KINDS = frozenset({"person", "department", "responsibility", "chain", "list", "case"})


def find_case(ws: Workspace, key: str) -> Case:
    case = ws.of("case").get(key)
    if case is None:
        raise DjError(f"找不到案件 {key}。请用 dj pursue list 查看案件编号；有错误的案件文件须先按 dj check 的提示改正。")
    return case


def _people(ws: Workspace, keys: list[str] | None) -> list[str]:
    return [find_person(ws, k).id for k in keys or []]


def _department(ws: Workspace, key: str | None) -> str | None:
    if key is None:
        return None
    if key in ws.departments:
        return key
    named = [d.id for d in ws.departments.values() if d.name == key]
    if len(named) == 1:
        return named[0]
    raise ConfigError(f"找不到部门“{key}”。请用部门编号或名称（departments/ 中的记录）。")


def _case_file(ws: Workspace, case: Case) -> tuple[str, Any]:
    rel = ws.paths[("case", case.id)]
    return rel, load_rt((ws.root / rel).read_bytes(), rel)


def _d(day: dt.date | None) -> dt.date | None:
    """A date object of its own: ruamel writes one object placed twice as an anchor and an alias."""
    return None if day is None else dt.date.fromordinal(day.toordinal())


def _stage_in(data: Any, stage: Stage, day: dt.date, note: str | None = None) -> bool:
    """Add stage (dated day) to the round-trip case data unless the case is already there or past it."""
    stages = data["stages"]
    current = Stage(str(stages[-1]["stage"]))
    if STAGE_ORDER.index(current) >= STAGE_ORDER.index(stage):
        return False
    from ruamel.yaml.comments import CommentedMap

    entry = CommentedMap([("stage", stage.value), ("date", _d(day))])
    if note:
        entry["note"] = note
    last = stages[-1]
    if getattr(last, "fa", None) is not None and last.fa.flow_style():
        entry.fa.set_flow_style()  # as the stages before it: {stage: 受理, date: 2024-08-12}
    set_field(data, "stages", [*stages, entry], CASE_FIELDS)
    return True


def _check_day(case: Case, day: dt.date, today: dt.date, what: str, force: bool = False) -> None:
    if force:
        return
    if day > today:
        raise DjError(f"{what}日期 {cn_date(day)} 晚于今天，看起来是笔误，dj 没有记录。请核对 --date；确实如此的加上 --force。")
    if day < case.entered:
        raise DjError(f"{what}日期 {cn_date(day)} 早于案件当前阶段“{case.stage.value}”的日期 {cn_date(case.entered)}，"
                      "请核对 --date。")


def _finish(ws: Workspace, case: Case, rel: str, loaded: Any, command: str, message: str) -> Plan:
    validate(Case, loaded.data, f"案件 {case.id}", DjError)
    return Plan(command, message, [FileChange(rel, dump_rt(loaded))])


# --- open ------------------------------------------------------------------------------------


def next_case_id(ws: Workspace, year: int) -> str:
    n = 1
    while True:
        candidate = f"{year}-case-{n:02d}"
        if candidate not in ws.of("case") and not (ws.root / f"cases/{year}/{candidate}.yaml").exists():
            return candidate
        n += 1


def plan_open(ws: Workspace, fields: dict[str, Any], day: dt.date) -> tuple[str, Plan]:
    """A new case file, in stage 受理 on day (the people and departments by id or name)."""
    data = {k: v for k, v in fields.items() if v is not None and v != []}
    if "people" in data:
        data["people"] = _people(ws, data["people"])
    if "departments" in data:
        data["departments"] = [_department(ws, d) for d in data["departments"]]
    for item in data.get("items", []):
        if item not in ws.items:
            raise ConfigError(f"找不到责任事项 {item}。请用 dj assign list 查看编号。")
    if data.get("chain") and data["chain"] not in ws.of("chain"):
        raise ConfigError(f"找不到重点工作责任链条 {data['chain']}。")
    if data.get("list") and data["list"] not in ws.lists:
        raise ConfigError(f"找不到责任清单 {data['list']}。")
    year = day.year
    record_id = data.get("id") or next_case_id(ws, year)
    data["id"] = record_id
    data["stages"] = [{"stage": Stage.ACCEPTED.value, "date": _d(day)}]
    rel = f"cases/{year}/{record_id}.yaml"
    if record_id in ws.of("case") or (ws.root / rel).exists():
        raise DjError(f"案件 {record_id} 已存在（{ws.paths.get(('case', record_id), rel)}），请换一个编号（--id）。")
    ordered = {k: data[k] for k in CASE_FIELDS if k in data}
    validate(Case, ordered, f"案件 {record_id}", ConfigError)
    header = "责任追究案件：材料敏感，注意知悉范围。由 dj pursue open 建立，此后用 dj pursue update/decide/deliver/close 等命令记录。"
    message = f"责任追究：受理案件 {record_id}（{cn_date(day)}，{data['how_found']}，{data['source']}）"
    return record_id, Plan("pursue open", message, [FileChange(rel, dump_new(ordered, header=header))])


# --- update (a stage) ------------------------------------------------------------------------


def plan_update(ws: Workspace, key: str, stage: str, day: dt.date, today: dt.date, *, note: str | None = None,
                verdict: str | None = None, facts: str | None = None, force: bool = False) -> Plan:
    """Move a case to a later stage (dated), optionally recording the verdict and the facts found."""
    case = find_case(ws, key)
    names = [s.value for s in Stage]
    if stage not in names:
        raise ConfigError(f"“{stage}”不是办理阶段，只能是：{'、'.join(names)}。")
    target = Stage(stage)
    if target == Stage.CLOSED:
        raise ConfigError("结案请用 dj pursue close（须写明结案结论和理由）。")
    if case.is_closed:
        raise DjError(f"案件 {case.id} 已于 {cn_date(case.entered)} 结案，不能再改变办理阶段。")
    if verdict is not None and verdict not in [v.value for v in Verdict]:
        raise ConfigError(f"核实结论只能是：{'、'.join(v.value for v in Verdict)}。")
    if STAGE_ORDER.index(target) <= STAGE_ORDER.index(case.stage):
        raise DjError(f"案件 {case.id} 已处于“{case.stage.value}”阶段（{cn_date(case.entered)}），只能进入此后的阶段："
                      f"{'、'.join(s.value for s in STAGE_ORDER[STAGE_ORDER.index(case.stage) + 1:-1])}。")
    _check_day(case, day, today, f"“{stage}”", force)
    rel, loaded = _case_file(ws, case)
    _stage_in(loaded.data, target, day, note)
    if verdict is not None:
        set_field(loaded.data, "verdict", verdict, CASE_FIELDS)
    if facts is not None:
        set_field(loaded.data, "facts", facts, CASE_FIELDS)
    extra = f"，核实结论：{verdict}" if verdict else ""
    return _finish(ws, case, rel, loaded, "pursue update", f"责任追究：案件 {case.id} 进入{stage}阶段（{cn_date(day)}{extra}）")


# --- who is responsible ----------------------------------------------------------------------


@dataclass
class Candidate:
    """Who may bear what in a case, under one regulation."""

    person: str | None  # a person id; None for a collective subject
    body: str | None
    name: str
    post_then: str
    regime: str
    liability: str
    scope: str
    basis: list[str] = field(default_factory=list)
    in_post_now: bool | None = None
    now: str = ""
    exempt: str = ""  # why a recorded dissent or circumstance exempts
    determined: str = ""  # the liability already recorded, if any

    @property
    def key(self) -> str:
        return self.person or f"body:{self.body}"

    def to_dict(self, redact: Redactor | None = None) -> dict[str, Any]:
        name = redact.name(self.person, self.name) if redact and self.person else self.name
        out = {"person": self.person if not redact or not self.person else name, "name": name,
               **({"body": self.body} if self.body else {}), "post_then": self.post_then, "regime": self.regime,
               "liability": self.liability, "scope": self.scope, "basis": "；".join(self.basis), "in_post_now": self.in_post_now}
        if self.now:
            out["now"] = self.now
        if self.exempt:
            out["exempt"] = self.exempt
        if self.determined:
            out["determined"] = self.determined
        return out


@dataclass
class WhoResult:
    case: str
    incident: str
    candidates: list[Candidate]
    recorded: int = 0
    redact: Redactor | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"case": self.case, "incident": self.incident,
                "candidates": [c.to_dict(self.redact) for c in self.candidates]}


def incident_days(case: Case) -> tuple[dt.date, dt.date]:
    return case.incident_start, case.incident_end or case.incident_start


def posts_then(person: Person, case: Case) -> list[Post]:
    first, last = incident_days(case)
    return person.posts_in(first, last)


def _title(posts: list[Post]) -> str:
    return "、".join(dict.fromkeys(p.title for p in posts))


def _now(person: Person, posts: list[Post], today: dt.date) -> tuple[bool, str]:
    """Whether the person still holds a post they held then, and where they are now."""
    if any(p.covers(today) for p in posts):
        return True, ""
    if person.departure is not None and person.departure.date <= today:
        return False, f"已{person.departure.reason.value}（{cn_date(person.departure.date)}）"
    current = person.posts_on(today)
    if current:
        return False, f"现任{_title(current)}"
    return False, "已离开原职务"


_DISCIPLINE_FOR = {Tier.PRINCIPAL: DisciplineLiability.IMPORTANT_LEADERSHIP, Tier.LEADER: DisciplineLiability.MAIN_LEADERSHIP,
                   Tier.DISCIPLINE: DisciplineLiability.MAIN_LEADERSHIP, Tier.DEPARTMENT_HEAD: DisciplineLiability.MAIN_LEADERSHIP,
                   Tier.DEPUTY_HEAD: DisciplineLiability.IMPORTANT_LEADERSHIP, Tier.STAFF: DisciplineLiability.DIRECT}


def who(ws: Workspace, key: str, today: dt.date) -> WhoResult:
    """The proposal: who bears what, from the lists, the chain and the posts on the incident dates."""
    case = find_case(ws, key)
    first, last = incident_days(case)
    year = first.year
    body = ws.config.organization.party_body
    found: dict[tuple[str, str], Candidate] = {}
    order: list[tuple[str, str]] = []

    def add(person: Person | None, regime: Regime, liability: str, basis: str, scope: str = "个人责任",
            posts: list[Post] | None = None, body_name: str | None = None) -> None:
        key_ = (person.id if person else f"body:{body_name}", regime.value)
        candidate = found.get(key_)
        if candidate is None:
            if person is not None:
                held = posts if posts is not None else posts_then(person, case)
                in_post, now = _now(person, held, today)
                candidate = Candidate(person.id, None, person.name, _title(held) or "（事发时无任职记录）", regime.value, liability,
                                      scope, [], in_post, now)
            else:
                candidate = Candidate(None, body_name, body_name or "", "集体", regime.value, liability, "集体责任", [], None)
            found[key_] = candidate
            order.append(key_)
        elif _rank(liability) < _rank(candidate.liability):
            candidate.liability = liability
        if basis not in candidate.basis:
            candidate.basis.append(basis)

    # 1. The people of the case: 直接责任者 under the 纪律处分条例.
    for pid in case.people:
        person = ws.people.get(pid)
        if person is None:
            continue
        held = posts_then(person, case)
        if any(p.tier in LEADING_TIERS for p in held):
            _leader_liabilities(add, person, held, "案件涉及人员，事发时任领导职务（本人直接实施的，应为直接责任者）")
        else:
            add(person, Regime.DISCIPLINE, DisciplineLiability.DIRECT.value, "案件涉及人员（对造成的后果起决定性作用的为直接责任者）", posts=held)

    # 2. The items of the case (and of its list in the chain's area): their holders on the incident dates.
    chain = ws.of("chain").get(case.chain) if case.chain else None
    items = [ws.items[i] for i in case.items if i in ws.items]
    if case.list and chain is not None:
        items += [i for i in ws.items.values() if i.list == case.list and i.area == chain.area and i not in items]
    holders = _people_then(ws, case)
    for item in items:
        label = f"责任事项 {item.id}（{item.area}）"
        subject = item.subject
        if subject.startswith("body:") or item.tier in (SubjectTier.BODY, SubjectTier.LEADERSHIP):
            add(None, Regime.ACCOUNTABILITY, AccountabilityLiability.OVERALL.value,
                f"{label}的责任主体为{item.body or body}：领导班子负全面领导责任（问责条例第六条）", body_name=item.body or body)
            continue
        people = [ws.people[item.person]] if item.person and item.person in ws.people else []
        if item.group is not None:
            people = [p for p, _ in holders if p in ws.group_members(item.group, year)]
        for person in people:
            held = posts_then(person, case)
            if not held:
                continue
            _leader_liabilities(add, person, held, f"{label}在其责任清单中")

    # 2b. 谁主管谁负责: the 班子成员 whose remit then covered the departments involved.
    departments = list(case.departments)
    for key_ in list(order):
        pid = key_[0]
        if pid in ws.people:
            departments += [p.department for p in posts_then(ws.people[pid], case) if p.department]
    for item in items:
        if item.department:
            departments.append(item.department)
    for dept in dict.fromkeys(departments):
        for person, posts in holders:
            overseeing = [p for p in posts if p.tier in (Tier.LEADER, Tier.DISCIPLINE) and dept in p.remit]
            if overseeing:
                label = f"事发时分管{ws.departments[dept].name if dept in ws.departments else dept}"
                add(person, Regime.DISCIPLINE, DisciplineLiability.IMPORTANT_LEADERSHIP.value, label + "（应管的工作）", posts=overseeing)
                add(person, Regime.ACCOUNTABILITY, AccountabilityLiability.MAIN.value, label + "（直接主管的班子成员，问责条例第六条）",
                    posts=overseeing)

    # 3. The key-work chain's links on the incident dates.
    if chain is not None:
        for link in chain.links:
            if link.person is None or link.person not in ws.people:
                continue
            start = link.start or dt.date(chain.year, 1, 1)
            end = link.end or dt.date(chain.year, 12, 31)
            if start > last or end < first:
                continue
            person = ws.people[link.person]
            held = posts_then(person, case)
            label = f"重点工作责任链条 {chain.id}（{chain.area}）中任{link.role.value}"
            role = link.role.value
            if role == "具体承办人员":
                add(person, Regime.DISCIPLINE, DisciplineLiability.DIRECT.value, label, posts=held)
            elif role == "部门领导":
                add(person, Regime.DISCIPLINE, DisciplineLiability.MAIN_LEADERSHIP.value, label + "（主管该项工作）", posts=held)
            elif role == "分管领导":
                add(person, Regime.DISCIPLINE, DisciplineLiability.MAIN_LEADERSHIP.value, label + "（主管该项工作）", posts=held)
                add(person, Regime.ACCOUNTABILITY, AccountabilityLiability.MAIN.value, label + "（直接主管的班子成员，问责条例第六条）", posts=held)
            elif role == "牵头领导":
                add(person, Regime.DISCIPLINE, DisciplineLiability.IMPORTANT_LEADERSHIP.value, label + "（应管该项工作）", posts=held)
                add(person, Regime.ACCOUNTABILITY, AccountabilityLiability.MAIN.value, label + "（主要负责人，问责条例第六条）", posts=held)

    # 4. The 主要负责人 then (第一责任人) and the 班子 (全面领导责任), whenever a leader is involved.
    if order:
        for person, posts in holders:
            if any(p.tier == Tier.PRINCIPAL for p in posts):
                add(person, Regime.ACCOUNTABILITY, AccountabilityLiability.MAIN.value,
                    "事发时的主要负责人（第一责任人，问责条例第六条）", posts=[p for p in posts if p.tier == Tier.PRINCIPAL])
        add(None, Regime.ACCOUNTABILITY, AccountabilityLiability.OVERALL.value,
            "领导班子对职责范围内的工作负全面领导责任（问责条例第六条）", body_name=body)

    # 5. Collective decisions already recorded: who voted bears 重要领导责任, a recorded dissent exempts.
    for d in case.determinations:
        if d.vote is None:
            continue
        for pid in d.vote.voted:
            person = ws.people.get(pid)
            if person is None:
                continue
            add(person, Regime.ACCOUNTABILITY, AccountabilityLiability.IMPORTANT.value,
                f"参与集体决策{('（' + d.vote.meeting + '）') if d.vote.meeting else ''}（问责条例第六条）")
            if pid in d.vote.dissented:
                found[(pid, Regime.ACCOUNTABILITY.value)].exempt = "决策时明确提出反对意见并有记录，免予问责（问责条例第十七条）"

    # What is already determined.
    for d in case.determinations:
        target = d.target
        for (k, regime), candidate in found.items():
            if k == target and regime == d.regime.value:
                candidate.determined = d.liability.value if d.liability is not None else "不承担责任"
    candidates = [found[k] for k in order]
    return WhoResult(case.id, _span_text(first, last), candidates)


def _leader_liabilities(add: Any, person: Person, held: list[Post], basis: str) -> None:
    tiers = {p.tier for p in held}
    if Tier.PRINCIPAL in tiers:
        add(person, Regime.DISCIPLINE, DisciplineLiability.IMPORTANT_LEADERSHIP.value, basis + "（应管的工作）", posts=held)
        add(person, Regime.ACCOUNTABILITY, AccountabilityLiability.MAIN.value, basis + "（主要负责人，问责条例第六条）", posts=held)
    elif tiers & {Tier.LEADER, Tier.DISCIPLINE}:
        add(person, Regime.DISCIPLINE, DisciplineLiability.MAIN_LEADERSHIP.value, basis + "（主管的工作）", posts=held)
        add(person, Regime.ACCOUNTABILITY, AccountabilityLiability.MAIN.value, basis + "（直接主管的班子成员，问责条例第六条）", posts=held)
    elif Tier.DEPARTMENT_HEAD in tiers:
        add(person, Regime.DISCIPLINE, DisciplineLiability.MAIN_LEADERSHIP.value, basis + "（主管的工作）", posts=held)
        add(person, Regime.ACCOUNTABILITY, AccountabilityLiability.MAIN.value,
            basis + "（内设机构负责人主管本部门工作，问责条例第六条）", posts=held)
    elif Tier.DEPUTY_HEAD in tiers:
        add(person, Regime.DISCIPLINE, DisciplineLiability.IMPORTANT_LEADERSHIP.value, basis + "（参与的工作）", posts=held)
    else:
        add(person, Regime.DISCIPLINE, DisciplineLiability.DIRECT.value, basis, posts=held)


def _rank(liability: str) -> int:
    order = [DisciplineLiability.DIRECT.value, AccountabilityLiability.OVERALL.value, DisciplineLiability.MAIN_LEADERSHIP.value,
             AccountabilityLiability.MAIN.value, DisciplineLiability.IMPORTANT_LEADERSHIP.value, AccountabilityLiability.IMPORTANT.value]
    return order.index(liability) if liability in order else len(order)


def _people_then(ws: Workspace, case: Case) -> list[tuple[Person, list[Post]]]:
    out = []
    for person in sorted(ws.people.values(), key=lambda p: p.id):
        held = posts_then(person, case)
        if held:
            out.append((person, held))
    return out


def _span_text(first: dt.date, last: dt.date) -> str:
    return cn_date(first) if first == last else f"{cn_date(first)}至{cn_date(last)}"


def plan_record_who(ws: Workspace, result: WhoResult, day: dt.date) -> Plan:
    """Record the proposal as the case's determinations (those not yet determined; exempt ones with their reason)."""
    case = find_case(ws, result.case)
    rel, loaded = _case_file(ws, case)
    entries = list(loaded.data.get("determinations") or [])
    added = 0
    for c in result.candidates:
        if c.determined:
            continue
        entry: dict[str, Any] = {"person": c.person} if c.person else {"body": c.body}
        entry.update({"post_then": c.post_then if c.person else None, "regime": c.regime,
                      "liability": None if c.exempt else c.liability, "scope": c.scope, "basis": "；".join(c.basis)})
        if c.exempt:
            entry["circumstances"] = [{"kind": "免予", "article": "问责条例第十七条", "note": c.exempt}]
            entry["note"] = c.exempt
        entries.append({k: v for k, v in entry.items() if v is not None})
        added += 1
    if not added:
        raise DjError(f"案件 {case.id} 的候选责任人都已有认定，无需记录。要修改某项认定，请用 dj pursue determine。")
    set_field(loaded.data, "determinations", entries, CASE_FIELDS)
    _stage_in(loaded.data, Stage.DETERMINATION, max(day, case.entered))
    return _finish(ws, case, rel, loaded, "pursue who", f"责任追究：案件 {case.id} 记录责任认定（按 dj pursue who 的建议，{added} 项）")


def plan_determine(ws: Workspace, key: str, target: dict[str, str | None], regime: str, liability: str | None, day: dt.date,
                   today: dt.date, *, scope: str | None = None, circumstances: list[str] | None = None, basis: str | None = None,
                   note: str | None = None, voted: list[str] | None = None, dissented: list[str] | None = None,
                   force: bool = False) -> Plan:
    """Record (or replace) the determination of one person or collective subject."""
    case = find_case(ws, key)
    if case.is_closed:
        raise DjError(f"案件 {case.id} 已结案，不能再修改责任认定。")
    regimes = [r.value for r in Regime]
    if regime not in regimes:
        raise ConfigError(f"--regime 只能是：{'、'.join(regimes)}。")
    person, body, department = _target(ws, target)
    entry: dict[str, Any] = {"person": person, "body": body, "department": department, "regime": regime, "liability": liability,
                             "scope": scope, "basis": basis, "note": note}
    if person is not None:
        held = posts_then(ws.people[person], case)
        entry["post_then"] = _title(held) or None
    parsed = []
    for text in circumstances or []:
        kind, _, rest = text.partition(":") if ":" in text else text.partition("：")
        article, _, explain = rest.partition(":") if ":" in rest else rest.partition("：")
        parsed.append({k: v for k, v in {"kind": kind.strip(), "article": article.strip() or None,
                                         "note": explain.strip() or None}.items() if v is not None})
    if parsed:
        entry["circumstances"] = parsed
    if voted or dissented:
        entry["vote"] = {"voted": _people(ws, voted), "dissented": _people(ws, dissented)}
    entry = {k: v for k, v in entry.items() if v is not None}
    ordered = {k: entry[k] for k in DETERMINATION_FIELDS if k in entry}
    validate(Determination, ordered, "责任认定", ConfigError)
    _check_day(case, day, today, "认定", force)
    rel, loaded = _case_file(ws, case)
    entries = list(loaded.data.get("determinations") or [])
    replaced = False
    for i, old in enumerate(entries):
        if (old.get("person"), old.get("body"), old.get("department"), str(old.get("regime"))) == (person, body, department, regime):
            entries[i] = ordered
            replaced = True
    if not replaced:
        entries.append(ordered)
    set_field(loaded.data, "determinations", entries, CASE_FIELDS)
    _stage_in(loaded.data, Stage.DETERMINATION, day)
    what = liability or "不承担责任"
    return _finish(ws, case, rel, loaded, "pursue determine",
                   f"责任追究：案件 {case.id} {'修改' if replaced else '记录'}责任认定（依{regime}：{what}）")


def _target(ws: Workspace, target: dict[str, str | None]) -> tuple[str | None, str | None, str | None]:
    given = {k: v for k, v in target.items() if v}
    if len(given) != 1:
        raise ConfigError("请用 --person（人员）、--body（党组织，例如 党组）或 --department（部门）中的一个指明对象。")
    person = find_person(ws, given["person"]).id if "person" in given else None
    department = _department(ws, given.get("department"))
    return person, given.get("body"), department


# --- decisions -------------------------------------------------------------------------------


def _forms_text(forms: tuple[DecisionForm, ...]) -> str:
    return "、".join(f.value for f in forms)


def plan_decide(ws: Workspace, key: str, target: dict[str, str | None], form: str, day: dt.date, today: dt.date, *,
                basis: str | None = None, four_form: str | None = None, note: str | None = None, force: bool = False) -> Plan:
    """Record a decision on one target, refusing a form that does not fit it (问责条例第八条)."""
    case = find_case(ws, key)
    forms = [f.value for f in DecisionForm]
    if form not in forms:
        raise ConfigError(f"“{form}”不是问责、处分或处理的方式，只能是：{'、'.join(forms)}。")
    chosen = DecisionForm(form)
    given = {k: v for k, v in target.items() if v}
    if "person" in given:
        if chosen not in CADRE_FORMS:
            raise DjError(f"“{form}”只适用于党组织，不能用于个人。对干部可用：通报、诫勉，组织调整或组织处理（{_forms_text(ORG_MEASURES)}），"
                          f"纪律处分（{_forms_text(DISCIPLINE_TYPES)}），或{_forms_text(FIRST_FORM_MEASURES)}（问责条例第八条、纪律处分条例第八条）。")
    elif chosen not in ORG_FORMS:
        raise DjError(f"“{form}”只适用于干部个人，不能用于党组织。对党组织可用：{_forms_text(ORG_FORMS)}"
                      "（问责条例第八条、纪律处分条例第九条）；对其中应负责任的班子成员，请用 --person 分别作出决定。")
    if case.is_closed:
        raise DjError(f"案件 {case.id} 已结案，不能再作出处理决定。")
    if case.verdict == Verdict.FALSE:
        raise DjError(f"案件 {case.id} 的核实结论为“不属实”，不能作出处理决定。请核对，或先用 dj pursue update 改正核实结论。")
    if four_form is not None and four_form not in [f.value for f in FourForm]:
        raise ConfigError(f"--four-form 只能是：{'、'.join(f.value for f in FourForm)}。")
    person, body, department = _target(ws, target)
    _check_day(case, day, today, "决定", force)
    entry = {k: v for k, v in {"person": person, "body": body, "department": department, "form": form, "four_form": four_form,
                               "date": day, "basis": basis, "note": note}.items() if v is not None}
    decision = validate(Decision, entry, "处理决定", ConfigError)
    rel, loaded = _case_file(ws, case)
    set_field(loaded.data, "decisions", [*(loaded.data.get("decisions") or []), entry], CASE_FIELDS)
    _stage_in(loaded.data, Stage.DECISION, day)
    shape = four_form_of(decision)
    shape_text = f"，{shape.value}" if shape else ""
    return _finish(ws, case, rel, loaded, "pursue decide", f"责任追究：案件 {case.id} 作出处理决定（{form}{shape_text}，{cn_date(day)}）")


def _matching(ws: Workspace, case: Case, data: Any, target: dict[str, str | None]) -> list[int]:
    """Indexes of the decisions of target (all when no target is given)."""
    given = {k: v for k, v in target.items() if v}
    if not given:
        return list(range(len(data.get("decisions") or [])))
    person, body, department = _target(ws, target)
    return [i for i, d in enumerate(data.get("decisions") or [])
            if (d.get("person"), d.get("body"), d.get("department")) == (person, body, department)]


def appeal_deadline(ws: Workspace, delivered: dt.date) -> dt.date:
    """The last day to appeal: settings.deadlines.appeal_days after 送达 (问责条例: one month; domain.md item 17)."""
    return delivered + dt.timedelta(days=ws.config.settings.deadlines.appeal_days)


def plan_deliver(ws: Workspace, key: str, target: dict[str, str | None], day: dt.date, today: dt.date,
                 force: bool = False) -> tuple[Plan, list[str]]:
    """Set the 送达 date of the case's decisions (or one target's): it starts the appeal and execution clocks."""
    case = find_case(ws, key)
    if not case.decisions:
        raise DjError(f"案件 {case.id} 还没有处理决定，无从送达。请先用 dj pursue decide 记录决定。")
    _check_day(case, day, today, "送达", force)
    rel, loaded = _case_file(ws, case)
    indexes = _matching(ws, case, loaded.data, target)
    pending = [i for i in indexes if loaded.data["decisions"][i].get("delivered_on") is None]
    if not pending:
        raise DjError(f"案件 {case.id} 中{'该对象' if any(target.values()) else ''}的处理决定都已送达（或没有该对象的决定）。")
    for i in pending:
        decided = case.decisions[i].date
        if day < decided:
            raise DjError(f"送达日期 {cn_date(day)} 早于决定日期 {cn_date(decided)}，请核对 --date。")
        set_field(loaded.data["decisions"][i], "delivered_on", _d(day), DECISION_FIELDS)
    _stage_in(loaded.data, Stage.DELIVERY, day)
    execution_days = ws.config.settings.pursue.execution_days
    notes = [f"申诉期限：{cn_date(appeal_deadline(ws, day))} 前可提出书面申诉（申诉期间不停止执行）。",
             f"执行期限：{cn_date(day + dt.timedelta(days=execution_days))} 前执行完毕（settings.pursue.execution_days = {execution_days}）。"]
    plan = _finish(ws, case, rel, loaded, "pursue deliver", f"责任追究：案件 {case.id} 送达处理决定（{cn_date(day)}，{len(pending)} 项）")
    return plan, notes


def plan_appeal(ws: Workspace, key: str, target: dict[str, str | None], day: dt.date, today: dt.date, *,
                decided_on: dt.date | None = None, result: str | None = None, force: bool = False) -> Plan:
    """Record an appeal against a delivered decision (and, when given, its handling: 复查)."""
    case = find_case(ws, key)
    rel, loaded = _case_file(ws, case)
    indexes = [i for i in _matching(ws, case, loaded.data, target)]
    if not indexes:
        raise DjError(f"案件 {case.id} 中没有该对象的处理决定。请用 --person/--body 指明申诉人。")
    if len(indexes) > 1 and not any(target.values()):
        raise ConfigError(f"案件 {case.id} 有 {len(indexes)} 项处理决定，请用 --person 或 --body 指明申诉人。")
    if decided_on is not None and not result:
        raise ConfigError("记录申诉处理日期时请用 --result 写明处理结果，例如 维持原决定。")
    for i in indexes:
        decision = case.decisions[i]
        if decision.delivered_on is None:
            raise DjError(f"处理决定（{decision.form.value}）尚未送达，还不能申诉。请先用 dj pursue deliver 记录送达日期。")
        if day < decision.delivered_on and not force:
            raise DjError(f"申诉日期 {cn_date(day)} 早于送达日期 {cn_date(decision.delivered_on)}，请核对 --date。")
        appeal = {k: v for k, v in {"date": _d(day), "decided_on": _d(decided_on), "result": result}.items() if v is not None}
        set_field(loaded.data["decisions"][i], "appeal", appeal, DECISION_FIELDS)
    if day > today and not force:
        raise DjError(f"申诉日期 {cn_date(day)} 晚于今天，看起来是笔误。请核对 --date。")
    _stage_in(loaded.data, Stage.APPEAL, day)
    if decided_on is not None:
        _stage_in(loaded.data, Stage.REVIEW, decided_on)
    what = f"，{cn_date(decided_on)} 处理：{result}" if decided_on else ""
    return _finish(ws, case, rel, loaded, "pursue appeal", f"责任追究：案件 {case.id} 记录申诉（{cn_date(day)}{what}）")


def plan_execute(ws: Workspace, key: str, target: dict[str, str | None], day: dt.date, today: dt.date, force: bool = False) -> Plan:
    """Record that the decisions (or one target's) were executed."""
    case = find_case(ws, key)
    _check_day(case, day, today, "执行", force)
    rel, loaded = _case_file(ws, case)
    pending = [i for i in _matching(ws, case, loaded.data, target) if loaded.data["decisions"][i].get("executed_on") is None]
    if not pending:
        raise DjError(f"案件 {case.id} 没有尚未执行的处理决定。")
    for i in pending:
        set_field(loaded.data["decisions"][i], "executed_on", _d(day), DECISION_FIELDS)
    _stage_in(loaded.data, Stage.EXECUTION, day)
    return _finish(ws, case, rel, loaded, "pursue execute", f"责任追究：案件 {case.id} 处理决定执行完毕（{cn_date(day)}，{len(pending)} 项）")


# --- close -----------------------------------------------------------------------------------


def plan_close(ws: Workspace, key: str, day: dt.date, today: dt.date, *, outcome: str | None, reason: str | None,
               force: bool = False) -> Plan:
    """Close a case; refused without an outcome and a reason, and never because the person left (终身问责)."""
    case = find_case(ws, key)
    if case.is_closed:
        raise DjError(f"案件 {case.id} 已于 {cn_date(case.entered)} 结案。")
    from ..analysis import pursue as shared

    problems = []
    if not (outcome or "").strip():
        problems.append("没有结案结论：请用 --outcome 写明处理结果，例如 给予诫勉谈话，整改到位；或 问题不属实，予以了结")
    if not (reason or "").strip():
        problems.append("没有结案理由：请用 --reason 写明为什么可以结案，例如 处理决定已执行完毕")
    if case.verdict is None:
        problems.append("案件还没有核实结论：请先用 dj pursue update 记录核实结论（属实、部分属实或不属实）")
    elif case.verdict in SUBSTANTIATED and not case.decisions:
        problems.append(f"核实结论为“{case.verdict.value}”，但没有任何处理决定：请先用 dj pursue decide 记录处理决定"
                        "（情节轻微的也应有批评教育、谈话提醒等处理）")
    if case.verdict in SUBSTANTIATED and not shared.leaders_considered(ws, case):
        problems.append("没有对领导责任的认定（一案双查）：请用 dj pursue who 查看并用 dj pursue determine 记录领导的责任，认定不承担责任的写明理由")
    unexecuted = [d for d in case.decisions if d.executed_on is None]
    if unexecuted and not force:
        problems.append(f"{len(unexecuted)} 项处理决定尚未执行完毕：执行后用 dj pursue execute 记录")
    text = f"{outcome or ''}{reason or ''}"
    leaving = [w for w in shared.LEAVING_WORDS if w in text]
    if leaving and not any(d.liability is not None for d in case.determinations) and not case.decisions:
        problems.append(f"结案理由提到“{leaving[0]}”：调离、退休或提拔不是结案理由，责任照样追究（终身问责）")
    if problems:
        raise DjError(f"案件 {case.id} 不能结案：\n" + "\n".join(f"  {p}。" for p in problems))
    _check_day(case, day, today, "结案", force)
    rel, loaded = _case_file(ws, case)
    closure = {"date": _d(day), "outcome": outcome, "reason": reason}
    validate(Closure, closure, "结案", ConfigError)
    set_field(loaded.data, "stages", [*loaded.data["stages"], {"stage": Stage.CLOSED.value, "date": _d(day)}], CASE_FIELDS)
    set_field(loaded.data, "closure", closure, CASE_FIELDS)
    return _finish(ws, case, rel, loaded, "pursue close", f"责任追究：案件 {case.id} 结案（{cn_date(day)}）")


# --- talks and handovers ---------------------------------------------------------------------


def plan_talk(ws: Workspace, fields: dict[str, Any], today: dt.date, force: bool = False) -> tuple[str, Plan]:
    """A new talk record (talks/年度/)."""
    data = {k: v for k, v in fields.items() if v is not None and v != []}
    data["by"] = find_person(ws, data["by"]).id if data.get("by") else None
    data["people"] = _people(ws, data.get("people"))
    if data.get("case"):
        find_case(ws, data["case"])
    day = data["date"]
    if day > today and not force:
        raise DjError(f"谈话日期 {cn_date(day)} 晚于今天，看起来是笔误。请核对 --date；确实如此的加上 --force。")
    if len(data["people"]) > 1 and "form" not in data:
        data["form"] = TalkForm.COLLECTIVE.value
    n = 1
    while True:
        record_id = data.get("id") or f"{day.year}-talk-{day.strftime('%m%d')}-{n:02d}"
        rel = f"talks/{day.year}/{record_id}.yaml"
        if data.get("id") or (record_id not in ws.of("talk") and not (ws.root / rel).exists()):
            break
        n += 1
    if record_id in ws.of("talk") or (ws.root / rel).exists():
        raise DjError(f"谈话记录 {record_id} 已存在，请换一个编号（--id）。")
    data["id"] = record_id
    ordered = {k: data[k] for k in Talk.model_fields if k in data and data[k] is not None}
    validate(Talk, ordered, f"谈话记录 {record_id}", ConfigError)
    message = f"责任追究：记录{data['kind']}（{cn_date(day)}，{len(data['people'])} 人）"
    return record_id, Plan("pursue talk", message, [FileChange(rel, dump_new(ordered))])


def plan_follow_up(ws: Workspace, talk_id: str, day: dt.date, by: str, result: str, note: str | None, today: dt.date) -> Plan:
    talk = ws.of("talk").get(talk_id)
    if talk is None:
        raise DjError(f"找不到谈话记录 {talk_id}。")
    if day > today:
        raise DjError(f"核查日期 {cn_date(day)} 晚于今天，看起来是笔误。请核对 --date。")
    rel = ws.paths[("talk", talk_id)]
    loaded = load_rt((ws.root / rel).read_bytes(), rel)
    follow = {k: v for k, v in {"date": _d(day), "by": find_person(ws, by).id, "result": result, "note": note}.items() if v is not None}
    set_field(loaded.data, "follow_up", follow, list(Talk.model_fields))
    validate(Talk, loaded.data, f"谈话记录 {talk_id}", ConfigError)
    return Plan("pursue talk", f"责任追究：谈话 {talk_id} 跟踪核查（{cn_date(day)}，{result}）", [FileChange(rel, dump_rt(loaded))])


def plan_handover(ws: Workspace, person_key: str, fields: dict[str, Any], today: dt.date, force: bool = False) -> tuple[str, Plan]:
    """A handover record for a post that ended (handovers/年度/)."""
    person = find_person(ws, person_key)
    ended = [p for p in person.posts if p.end is not None]
    if fields.get("post"):
        ended = [p for p in ended if p.title == fields["post"]]
    if not ended:
        what = f"已结束的“{fields['post']}”任职" if fields.get("post") else "已结束的任职"
        raise DjError(f"{person.name} 没有{what}。请先在 people/ 中为该任职填写结束日期（end），或用 --post 指明职务。")
    post = max(ended, key=lambda p: p.end or dt.date.min)
    day = fields.get("date") or today
    if day > today and not force:
        raise DjError(f"交接日期 {cn_date(day)} 晚于今天，看起来是笔误。请核对 --date。")
    areas: dict[str, dict[str, Any]] = {}
    for text in fields.get("areas") or []:
        area, sep, item = text.partition(":") if ":" in text else text.partition("：")
        entry = areas.setdefault(area.strip(), {"area": area.strip()})
        if sep and item.strip():
            entry.setdefault("open_items", []).append(item.strip())
    for case_id in fields.get("cases") or []:
        find_case(ws, case_id)
        areas.setdefault("历史遗留问题和风险隐患", {"area": "历史遗留问题和风险隐患"}).setdefault("cases", []).append(case_id)
    for area in ws.config.settings.pursue.handover_areas:
        areas.setdefault(area, {"area": area})
    data = {k: v for k, v in {
        "id": f"{post.end.year}-handover-{person.id}-{post.end.strftime('%m%d')}",  # type: ignore[union-attr]
        "person": person.id, "post": post.title, "post_ended": post.end, "date": day,
        "to": find_person(ws, fields["to"]).id if fields.get("to") else None,
        "areas": list(areas.values()), "statement": fields.get("statement"), "copies_to": fields.get("copies_to") or None,
        "note": fields.get("note")}.items() if v is not None}
    rel = f"handovers/{post.end.year}/{data['id']}.yaml"  # type: ignore[union-attr]
    if data["id"] in ws.of("handover") or (ws.root / rel).exists():
        raise DjError(f"{person.name} 的“{post.title}”任职（{cn_date(post.end)} 结束）已有交接记录 {rel}。")  # type: ignore[arg-type]
    validate(Handover, data, f"离任交接 {data['id']}", ConfigError)
    due = handover_deadline(ws, post.end)  # type: ignore[arg-type]
    late = f"，晚于期限 {cn_date(due)}" if day > due else ""
    message = f"责任追究：离任交接 {data['id']}（{post.title}，{cn_date(day)}{late}）"
    return data["id"], Plan("pursue handover", message, [FileChange(rel, dump_new(data))])


# --- deadlines, list and show ----------------------------------------------------------------


@dataclass
class CaseRow:
    case: Case
    file: str
    deadline: dt.date | None
    overdue: bool
    people: list[tuple[str, str]]  # (id, name)

    def to_dict(self, redact: Redactor | None = None) -> dict[str, Any]:
        c = self.case
        title = redact.text(c.title) if redact else c.title
        people = [{"person": (redact.name(pid, name) if redact else pid), "name": redact.name(pid, name) if redact else name}
                  for pid, name in self.people]
        return {"id": c.id, "title": title, "status": c.stage.value, "since": c.entered.isoformat(), "closed": c.is_closed,
                "deadline": self.deadline.isoformat() if self.deadline else None, "overdue": self.overdue,
                "found_on": c.found_on.isoformat(), "how_found": c.how_found.value, "source": c.source.value,
                "verdict": c.verdict.value if c.verdict else None, "decisions": [d.form.value for d in c.decisions],
                "people": people, "file": self.file}


@dataclass
class CaseList:
    as_of: dt.date
    rows: list[CaseRow]
    redact: Redactor | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "redacted": self.redact is not None,
                "cases": [r.to_dict(self.redact) for r in self.rows]}


def case_people(ws: Workspace, case: Case) -> list[str]:
    """Every person named in a case's data, in order of appearance."""
    ids = [*case.people, *(d.person for d in case.determinations if d.person), *(d.person for d in case.decisions if d.person)]
    for d in case.determinations:
        if d.vote is not None:
            ids += [*d.vote.voted, *d.vote.dissented]
    return list(dict.fromkeys(i for i in ids if i))


def list_cases(ws: Workspace, today: dt.date, *, open_only: bool = False, overdue_only: bool = False,
               redact: bool = False) -> CaseList:
    rows = []
    for case in sorted(ws.of("case").values(), key=lambda c: (c.stages[0].date, c.id)):
        deadline = stage_deadline(ws, case)
        overdue = deadline is not None and today > deadline
        if open_only and case.is_closed:
            continue
        if overdue_only and not overdue:
            continue
        people = [(pid, ws.name_of(pid)) for pid in case_people(ws, case)]
        rows.append(CaseRow(case, ws.paths.get(("case", case.id), ""), deadline, overdue, people))
    return CaseList(today, rows, Redactor(ws) if redact else None)


@dataclass
class Timeline:
    case: Case
    file: str
    events: list[tuple[dt.date, str, str]]  # (date, what, detail)
    deadline: dt.date | None
    overdue: bool

    def to_dict(self) -> dict[str, Any]:
        c = self.case
        return {"id": c.id, "title": c.title, "file": self.file, "status": c.stage.value, "facts": c.facts,
                "verdict": c.verdict.value if c.verdict else None, "deadline": self.deadline.isoformat() if self.deadline else None,
                "overdue": self.overdue,
                "events": [{"date": d.isoformat(), "event": what, "detail": detail} for d, what, detail in self.events]}


def show(ws: Workspace, key: str, today: dt.date) -> Timeline:
    """The case as a timeline: the incident, the finding, each stage, determinations, decisions and talks."""
    case = find_case(ws, key)
    name = ws.name_of
    events: list[tuple[dt.date, str, str]] = []
    first, last = incident_days(case)
    events.append((first, "事发", f"{_span_text(first, last)}"))
    events.append((case.found_on, "发现", f"{case.how_found.value}，来源：{case.source.value}" + (f"（{case.source_note}）" if case.source_note else "")))
    for entry in case.stages:
        events.append((entry.date, entry.stage.value, entry.note or ""))
    stage_days = {e.stage: e.date for e in case.stages}
    determined_on = stage_days.get(Stage.DETERMINATION) or case.entered
    for d in case.determinations:
        who_ = name(d.person) if d.person else (d.body or ws.departments.get(d.department or "", None) and ws.departments[d.department].name or "")  # type: ignore[index]
        what = d.liability.value if d.liability else "不承担责任"
        extra = "；".join(f"{c.kind.value}{('（' + c.article + '）') if c.article else ''}" for c in d.circumstances)
        events.append((determined_on, "认定", f"{who_}{('（事发时任' + d.post_then + '）') if d.post_then else ''}：依{d.regime.value}，{what}"
                       f"，{d.scope.value}" + (f"；情节：{extra}" if extra else "") + (f"；{d.note}" if d.note else "")))
    for d in case.decisions:
        who_ = name(d.person) if d.person else (d.body or d.department or "")
        shape = four_form_of(d)
        events.append((d.date, "决定", f"{who_}：{d.form.value}" + (f"（{shape.value}）" if shape else "") + (f"，依据 {d.basis}" if d.basis else "")))
        if d.delivered_on:
            events.append((d.delivered_on, "送达", f"{who_}：{d.form.value}；申诉期至 {cn_date(appeal_deadline(ws, d.delivered_on))}"))
        if d.appeal:
            events.append((d.appeal.date, "申诉", f"{who_}提出申诉"))
            if d.appeal.decided_on:
                events.append((d.appeal.decided_on, "复查", f"{who_}：{d.appeal.result or ''}"))
        if d.executed_on:
            events.append((d.executed_on, "执行", f"{who_}：{d.form.value}执行完毕"))
    for talk in ws.of("talk").values():
        if talk.case == case.id:
            events.append((talk.date, talk.kind.value, f"谈话人 {name(talk.by)}，对象 {'、'.join(name(p) for p in talk.people)}"
                           + (f"；须改正：{talk.to_correct}" if talk.to_correct else "")))
            if talk.follow_up:
                events.append((talk.follow_up.date, "跟踪核查", f"{name(talk.follow_up.by)}：{talk.follow_up.result.value}"))
    if case.closure:
        events.append((case.closure.date, "结案", f"{case.closure.outcome or ''}" + (f"；理由：{case.closure.reason}" if case.closure.reason else "")))
    order = {s.value: i for i, s in enumerate(STAGE_ORDER)}
    events.sort(key=lambda e: (e[0], order.get(e[1], 50)))
    deadline = stage_deadline(ws, case)
    return Timeline(case, ws.paths.get(("case", case.id), ""), events, deadline, deadline is not None and today > deadline)


# --- redaction (Redactor lives in redact.py) ----------------------------------------------


def redact_who(ws: Workspace, result: WhoResult) -> WhoResult:
    result.redact = Redactor(ws)
    return result
