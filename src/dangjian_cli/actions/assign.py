"""dj assign: the core of 责任分解 — standard lists, items, coverage, letters and sign-offs.

Write operations return a ``write.Plan`` (files and the commit message); ``write.apply_plan``
writes and commits them. Nothing here reads the clock: dates come from the caller.

``template`` builds each key-work chain from people's posts (``analysis.assign.recognise_chain``);
each link is split by date when its holder changes within the year. The queries shared
with ``dj check`` (who is in post, chains, topics, coverage) live in ``analysis/assign.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..analysis import assign as analysis
from ..analysis.assign import LEADER_TIERS, Coverage, posts_in_year, recognise_chain, scope_of, subject_tier, year_of
from ..dates import cn_date, partial_bounds, post_span, year_bounds
from ..errors import ConfigError, DjError
from ..models.assign import ChainRole, KeyWorkChain, SignOff, StudyPlan
from ..models.enums import SubjectTier, Tier
from ..models.people import Person
from ..models.responsibility import ResponsibilityItem
from ..resolve import Workspace
from ..write import FileChange, Plan
from .common import find_person  # noqa: F401  (re-exported: cycle, review, cli import it from here)
from .yamledit import dump_new, dump_rt, load_rt, set_field, validate

ITEM_FIELDS = list(ResponsibilityItem.model_fields)
AREA_KEYS = {"干部选拔任用": "cadre", "经费管理使用": "funds", "物资采购": "procurement"}


# --- loading -------------------------------------------------------------------------------


def load(root: Path) -> Workspace:
    """The resolved workspace (records with errors are left out, as in dj check)."""
    from ..pipeline import read_workspace

    return read_workspace(root)


def load_for_person(root: Path, key: str) -> Workspace:
    """People, lists of items and sign-offs: what signing needs (key: a person or the 党组).

    Why: signing concerns one list; leaving out chains, study records and the 五单法 files
    keeps ``dj assign sign`` well under the time of a full check on a large workspace. All
    items are read, not only those naming the person: a group's items (班子成员, 中层干部)
    belong to the lists of its members without naming them.
    """
    from ..pipeline import read_workspace

    return read_workspace(root, frozenset({"person", "department", "responsibility", "signoff"}))


# --- the standard template -----------------------------------------------------------------


def load_template(name: str) -> dict[str, Any]:
    from ..resources import data_dir
    from ..yamlio import build, compose

    path = data_dir("templates") / "assign" / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in (data_dir("templates") / "assign").glob("*.yaml"))
        raise ConfigError(f"没有名为“{name}”的责任清单模板。可用的模板：{'、'.join(known)}。")
    return build(compose(path.read_text(encoding="utf-8")))


class _Vars(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(value: Any, values: dict[str, Any]) -> Any:
    """The template value with {placeholders} replaced (counts become numbers again)."""
    if isinstance(value, str):
        return value.format_map(_Vars(values))
    if isinstance(value, list):
        return [fill(v, values) for v in value]
    if isinstance(value, dict):
        out = {k: fill(v, values) for k, v in value.items()}
        if isinstance(out.get("count"), str) and out["count"].isdigit():
            out["count"] = int(out["count"])
        return out
    return value


def area_key(area: str) -> str:
    return AREA_KEYS.get(area) or "kw-" + hashlib.sha1(area.encode("utf-8")).hexdigest()[:6]


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (up to 99), as chapters and articles are numbered."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


@dataclass
class Missing:
    """A link of a key-work chain that posts do not tell: who is missing and what to add."""

    area: str
    role: str
    chain: str
    hint: str

    def text(self) -> str:
        return f"{self.area}的{self.role}：{self.hint}"

    def to_dict(self) -> dict[str, Any]:
        return {"area": self.area, "role": self.role, "chain": self.chain, "hint": self.hint}


@dataclass
class Planned:
    """Planned files with a Chinese account of them."""

    changes: list[FileChange] = field(default_factory=list)
    added: dict[str, list[str]] = field(default_factory=dict)  # kind title → ids
    skipped: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)  # existing chains given their missing links
    missing: list[Missing] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, kind: str, record_id: str, path: str, content: bytes) -> None:
        self.changes.append(FileChange(path, content))
        self.added.setdefault(kind, []).append(record_id)

    def summary(self) -> str:
        parts = [f"{kind} {len(ids)} 项" for kind, ids in self.added.items()]
        if self.completed:
            parts.append(f"补全责任链条 {len(self.completed)} 条")
        return "，".join(parts)

    def plan(self, name: str, year: int) -> Plan:
        """The files as one write, with its commit message."""
        message = f"责任分解：按 {name} 模板生成 {year} 年{self.summary()}"
        if self.completed:
            message += f"\n\n补写缺少的环节：{'、'.join(self.completed)}"
        if self.missing:
            message += "\n\n未写入（任职信息不足）：\n" + "\n".join(f"- {m.text()}" for m in self.missing)
        if self.skipped:
            message += f"\n\n已存在而跳过：{'、'.join(self.skipped)}"
        return Plan("assign template", message, self.changes)


@dataclass
class TemplateResult:
    """What ``dj assign template`` did (the written files, as every write command says) and
    what it left out: the chains whose links posts do not tell, with what to add."""

    applied: Any  # write.Applied, or None when nothing was to be written
    missing: list[Missing]
    skipped: list[str]

    def to_dict(self) -> dict[str, Any]:
        data = self.applied.to_dict() if self.applied is not None else {
            "command": "assign template", "message": "", "changed": [], "diff": "", "commit": None, "dry_run": False, "ignored": []}
        data["missing"] = [m.to_dict() for m in self.missing]
        data["skipped"] = self.skipped
        return data


def _exists(ws: Workspace, kind: str, record_id: str, path: str) -> bool:
    return record_id in ws.of(kind) or (ws.root / path).exists()


def missing_hint(ws: Workspace, area: str, role: ChainRole, recognised: dict[ChainRole, list[tuple[str, Any]]], year: int) -> str:
    """What to add to people/ (or departments/) so that ``recognise_chain`` finds role's holder."""
    first, last = year_bounds(year)
    people = sorted((p for p in ws.people.values() if p.posts_in(first, last)), key=lambda p: p.id)

    def named(tiers: tuple[Tier, ...]) -> str:
        found = [p.name for p in people if any(post.tier in tiers for post in posts_in_year(p, year))]
        return "、".join(found[:6]) + ("等" if len(found) > 6 else "")

    departments = [ws.departments[d].name if d in ws.departments else d for d, _ in recognised[ChainRole.DEPARTMENT]]
    if role == ChainRole.LEAD:
        return f"{year} 年没有在任的主要负责人。请登记主要负责人（dj person add … --tier 主要负责人）。"
    if role == ChainRole.HANDLER:
        staff = named((Tier.STAFF,))
        who = f"（在任的一般干部：{staff}）" if staff else "（目前没有在任的一般干部，请先登记）"
        return (f"没有一般干部的任职分管范围写有“{area}”。请在具体承办此项工作的干部的任职（people/ 中其文件的 posts）"
                f"加上 remit: [{area}]{who}。")
    if role == ChainRole.DEPARTMENT:
        return (f"责任部门取具体承办人员所在的部门；也可在承办部门的说明（departments/ 中的 note）写上“{area}”。"
                "补上具体承办人员的 remit 后即可确定。")
    if role == ChainRole.HEAD:
        if departments:
            return f"责任部门（{'、'.join(departments)}）{year} 年没有在任的部门负责人。请登记其部门负责人（--tier 部门负责人 --department 部门）。"
        return "部门领导取责任部门的负责人，责任部门确定后即可确定（先补上具体承办人员的 remit）。"
    leaders = named((Tier.LEADER, Tier.DISCIPLINE))
    where = f"“{area}”" + (f"或责任部门（{'、'.join(departments)}）" if departments else "")
    who = f"（在任的班子成员：{leaders}）" if leaders else ""
    return f"没有班子成员的分管范围写有{where}。请在分管此项工作的班子成员的任职加上 remit: [{area}]{who}。"


def plan_template(ws: Workspace, name: str, year: int | None = None) -> Planned:
    """The standard list document, items, key-work chains and study plan for year.

    Writes new files only, except that an existing chain lacking some roles gets links for
    those roles appended (round-trip edit; the links there stay as they are). A record whose
    id (or file) already exists is skipped, so running it twice adds nothing. Ids are stable:
    年度-责任人编号-key.

    A key-work chain is written only when posts tell every link (``recognise_chain``);
    otherwise neither the chain nor its members' items are written, and ``missing`` says
    which role of which work is missing and what to add. A later run writes what was left out.
    """
    from ..models.responsibility import ResponsibilityList

    template = load_template(name)
    year = year_of(ws, year)
    cfg = ws.config
    org = cfg.organization
    superior = "、".join(x for x in (org.superior_committee, org.superior_commission) if x) or "上级党委、纪委"
    base = {
        "org": org.name, "body": org.party_body, "year": year, "superior": superior,
        "superior_procuratorate": org.superior_procuratorate or "上级人民检察院党组",
        "discipline_body": org.discipline_body, "leadership_body": org.leadership_body,
        "key_areas": "、".join(cfg.settings.assign.key_work_areas),
        "topic_study": cfg.settings.meetings.topic_study_per_half_year,
        "integrity_talks": cfg.settings.meetings.integrity_talks_per_year,
    }
    plan = Planned()
    header = f"由 dj assign template {name} 生成的 {year} 年标准内容，请根据本单位实际修改。"
    tiers = template.get("tiers", {})
    chapters = template.get("chapters", [])
    doc = template.get("list") or {}

    # Where each clause stands in the document: chapter, article (第X条（Y）) and order. A clause
    # of one tier is written as one item per person (each with the person's own scope, title and
    # period), so orders are the clause's number × 1000, plus the person's place among people by id.
    list_id = f"{year}-list-{doc['key']}" if doc.get("key") else None
    places: dict[tuple[str, str], dict[str, Any]] = {}  # (tier or "chain", key or area) → list, chapter, article, order
    clause = 0
    for index, chapter in enumerate(chapters, 1):
        number = cn_number(index)
        entries = ([e["key"] for e in tiers.get(chapter["tier"], [])] if chapter.get("tier") else
                   cfg.settings.assign.key_work_areas if chapter.get("chains") else [])
        for sub, key in enumerate(entries, 1):
            clause += 1
            places[(chapter.get("tier") or "chain", key)] = {
                "list": list_id, "chapter": number, "article": f"第{number}条（{cn_number(sub)}）", "order": clause * 1000}
    rank = {p.id: i for i, p in enumerate(sorted(ws.people.values(), key=lambda p: p.id), 1)}
    in_list: list[str] = []  # new items that point to the list document

    def place(kind: str, key: str, subject: str | None) -> dict[str, Any]:
        where = dict(places.get((kind, key), {}))
        if where and subject is not None:
            where["order"] += rank.get(subject, 999)
        return {k: v for k, v in where.items() if v is not None}

    def add_item(data: dict[str, Any]) -> None:
        path = f"responsibilities/{year}/{data['id']}.yaml"
        if _exists(ws, "responsibility", data["id"], path) or any(c.path == path for c in plan.changes):
            plan.skipped.append(data["id"])
            return
        validate(ResponsibilityItem, data, f"责任事项 {data['id']}")
        plan.add("责任事项", data["id"], path, dump_new(data, header))
        if list_id and data.get("list") == list_id:
            in_list.append(data["id"])

    def item_from(entry: dict[str, Any], tier: str, subject: str, values: dict[str, Any]) -> dict[str, Any]:
        filled = fill({k: v for k, v in entry.items() if k != "key"}, values)
        data: dict[str, Any] = {"id": f"{year}-{subject}-{entry['key']}", "year": year, "tier": tier}
        if tier == SubjectTier.BODY:
            data["body"] = org.party_body
        else:
            data["person"] = subject
        data.update(place(tier, entry["key"], None if tier == SubjectTier.BODY else subject))
        data.update(filled)
        return {k: data[k] for k in ITEM_FIELDS if data.get(k) is not None}

    for entry in tiers.get(SubjectTier.BODY.value, []):
        add_item(item_from(entry, SubjectTier.BODY.value, "body", base))
    for person in sorted(ws.people.values(), key=lambda p: p.id):
        done: set[str] = set()
        for post in posts_in_year(person, year):
            tier = analysis.SUBJECT_OF_TIER.get(post.tier)
            if tier is None or tier.value in done:
                continue
            done.add(tier.value)
            values = {**base, "title": post.title, "scope": scope_of(ws, post)}
            same = [p for p in posts_in_year(person, year) if p.tier == post.tier]
            span = (min(post_span(p, year)[0] for p in same), max(post_span(p, year)[1] for p in same))
            for entry in tiers.get(tier.value, []):
                data = item_from(entry, tier.value, person.id, values)
                if span != year_bounds(year):  # in post for part of the year only
                    data["period"] = f"{cn_date(span[0])}至{cn_date(span[1])}"
                add_item(data)

    links = template.get("links", {})
    chains_by_area = {c.area: c for c in ws.of("chain").values() if c.year == year}
    for area in cfg.settings.assign.key_work_areas:
        key = area_key(area)
        chain_id = f"{year}-chain-{key}"
        path = f"chains/{year}/{chain_id}.yaml"
        existing = chains_by_area.get(area) or ws.of("chain").get(chain_id)
        if existing is None and (ws.root / path).exists():
            plan.skipped.append(chain_id)
            plan.notes.append(f"{area}：{path} 已存在但有错误，未作改动。请先按 dj check 的提示改正。")
            continue
        recognised = recognise_chain(ws, area, year)
        values = {**base, "area": area}
        wanted = [role for role in ChainRole if existing is None or not existing.links_of(role)]
        if not wanted:
            plan.skipped.append(existing.id)
            continue
        where = ws.paths.get(("chain", existing.id), path) if existing is not None else path
        gaps = [Missing(area, role.value, where, missing_hint(ws, area, role, recognised, year))
                for role in wanted if not recognised[role]]
        if gaps and existing is None:  # never a chain with an empty link
            plan.missing.extend(gaps)
            continue
        plan.missing.extend(gaps)
        chain_links: list[dict[str, Any]] = []
        member_items: dict[str, dict[str, Any]] = {}
        for role in wanted:
            texts = fill(links.get(role.value, {}), values)
            for subject, post in recognised[role]:
                link: dict[str, Any] = {"role": role.value}
                if post is None:
                    link["department"] = subject
                else:
                    link["person"] = subject
                    link.update(partial_bounds(post_span(post, year), year))
                link.update({k: texts[k] for k in ("duty", "accountability") if texts.get(k)})
                chain_links.append(link)
                if post is None:
                    continue
                item = member_items.get(subject)
                if item is None:
                    tier = subject_tier(post)
                    duty = {ChainRole.HANDLER: "岗位责任"}.get(role, "第一责任人" if tier == SubjectTier.PRINCIPAL else
                                                               "监督责任" if tier == SubjectTier.DISCIPLINE else "一岗双责")
                    member_items[subject] = {
                        "id": f"{year}-{subject}-{key}", "year": year, "tier": tier.value, "person": subject,
                        **place("chain", area, subject),
                        "duty": duty, "area": area, "content": texts.get("duty") or f"{area}{role}",
                        "topics": [area], "scope": area, "authority": post.title, "period": "全年",
                        "evidence": texts.get("evidence"),
                        "accountability": texts.get("accountability"),
                        "basis": (template.get("chains", {}).get(area) or {}).get("basis"),
                    }
                elif texts.get("duty") and texts["duty"] not in item["content"]:
                    item["content"] += f"同时，{texts['duty']}"
        for item in member_items.values():
            add_item({k: v for k, v in item.items() if v is not None})
        if not chain_links:
            continue
        if existing is not None:  # append the missing roles' links; the links there stay untouched
            from .yamledit import update_seq

            loaded = load_rt((ws.root / where).read_bytes(), where)
            update_seq(loaded.data, "links", [*loaded.data["links"], *chain_links])
            validate(KeyWorkChain, loaded.data, f"责任链条 {existing.id}")
            plan.changes.append(FileChange(where, dump_rt(loaded)))
            plan.completed.append(f"{existing.id}（{'、'.join(dict.fromkeys(link['role'] for link in chain_links))}）")
            continue
        preset = template.get("chains", {}).get(area) or {}
        data = {"id": chain_id, "year": year, "area": area, "links": chain_links,
                "procedure": fill(preset.get("procedure", []), values),
                "discipline": fill(preset.get("discipline", []), values)}
        if preset.get("basis"):
            data["basis"] = fill(preset["basis"], values)
        if not preset:
            plan.notes.append(f"{area}：模板中没有预设的工作程序和工作纪律，请在 {path} 中补写。")
        validate(KeyWorkChain, data, f"责任链条 {chain_id}")
        plan.add("重点工作责任链条", chain_id, path, dump_new(data, header))

    if list_id:
        path = f"lists/{year}/{list_id}.yaml"
        pointing = sum(1 for i in ws.items.values() if i.list == list_id)
        existing_doc = ws.lists.get(list_id)
        if existing_doc is not None or (ws.root / path).exists():
            plan.skipped.append(list_id)
            # Keep the declared count in step with the items added, unless the user set it otherwise.
            if existing_doc is not None and in_list and existing_doc.declared_count == pointing:
                rel = ws.paths[("list", list_id)]
                loaded = load_rt((ws.root / rel).read_bytes(), rel)
                set_field(loaded.data, "declared_count", pointing + len(in_list), list(ResponsibilityList.model_fields))
                validate(ResponsibilityList, loaded.data, f"责任清单文件 {list_id}")
                plan.changes.append(FileChange(rel, dump_rt(loaded)))
        else:
            data = {"id": list_id, "year": year, **fill({k: v for k, v in doc.items() if k != "key"}, base),
                    "chapters": [{"number": cn_number(i), "title": fill(c["title"], base)} for i, c in enumerate(chapters, 1)]}
            if pointing + len(in_list):
                data["declared_count"] = pointing + len(in_list)
            clauses = fill(template.get("accountability", []), base)
            if clauses:
                data["accountability"] = [{"article": f"第{cn_number(len(chapters))}条（{cn_number(i)}）", **c} for i, c in enumerate(clauses, 1)]
            fields = list(ResponsibilityList.model_fields)
            data = {k: data[k] for k in fields if data.get(k) not in (None, [], "")}
            validate(ResponsibilityList, data, f"责任清单文件 {list_id}")
            plan.add("责任清单文件", list_id, path, dump_new(data, header))

    plan_id = f"{year}-study-plan"
    path = f"study_plans/{plan_id}.yaml"
    if template.get("study_plan") and any(e.get("form") in cfg.settings.assign.study_forms for e in template["study_plan"]):
        if _exists(ws, "study_plan", plan_id, path) or any(p.year == year for p in ws.of("study_plan").values()):
            plan.skipped.append(plan_id)
        else:
            forms = cfg.settings.assign.study_forms
            entries = [e for e in fill(template["study_plan"], base) if e.get("form") in forms]
            data = {"id": plan_id, "year": year, "title": f"{year}年度理论学习计划", "entries": entries}
            validate(StudyPlan, data, f"学习计划 {plan_id}")
            plan.add("理论学习计划", plan_id, path, dump_new(data, header))
    return plan


# --- add and edit --------------------------------------------------------------------------


def next_item_id(ws: Workspace, year: int, subject: str) -> str:
    n = 1
    while True:
        candidate = f"{year}-{subject}-{n:02d}"
        if candidate not in ws.items and not (ws.root / f"responsibilities/{year}/{candidate}.yaml").exists():
            return candidate
        n += 1


def normalise_fields(ws: Workspace, fields: dict[str, Any]) -> dict[str, Any]:
    """Option values → record fields: a person given by name becomes its id; empty lists drop out."""
    out = {k: v for k, v in fields.items() if v is not None and v != []}
    if out.get("person"):
        out["person"] = find_person(ws, out["person"]).id
    return out


def plan_add(ws: Workspace, fields: dict[str, Any]) -> tuple[str, Plan]:
    """A new responsibility item from option values (id generated unless given)."""
    data = normalise_fields(ws, fields)
    data.setdefault("year", ws.config.year)
    if data.get("tier") == SubjectTier.BODY.value:
        data.setdefault("body", ws.config.organization.party_body)
    subject = data.get("person") or "body"
    record_id = data.get("id") or next_item_id(ws, data["year"], subject)
    data["id"] = record_id
    path = f"responsibilities/{data['year']}/{record_id}.yaml"
    if record_id in ws.items:
        raise DjError(f"责任事项 {record_id} 已存在（{ws.paths[('responsibility', record_id)]}），请改用 dj assign edit。")
    if (ws.root / path).exists():
        raise DjError(f"文件 {path} 已存在，dj 不会覆盖它。请换一个编号（--id）。")
    ordered = {k: data[k] for k in ITEM_FIELDS if k in data}
    validate(ResponsibilityItem, ordered, f"责任事项 {record_id}", ConfigError)
    who = ws.name_of(data["person"]) if data.get("person") else data.get("body", "")
    message = f"责任分解：新增责任事项 {record_id}（{who}，{data.get('area', '')}）"
    return record_id, Plan("assign add", message, [FileChange(path, dump_new(ordered))])


def plan_edit(ws: Workspace, item_id: str, fields: dict[str, Any], clear: list[str] | None = None) -> Plan:
    """Change fields of an existing item in place (round-trip: comments and order kept)."""
    rel = ws.paths.get(("responsibility", item_id))
    if rel is None:
        raise DjError(f"找不到责任事项 {item_id}。请用 dj assign list 查看编号；有错误的记录须先按 dj check 的提示改正。")
    data = normalise_fields(ws, fields)
    for key in clear or []:
        data[key] = None
    if not data:
        raise ConfigError("没有要修改的内容。请用选项给出新值，例如 --content。")
    if data.get("tier") == SubjectTier.BODY.value and not data.get("body"):
        data["body"] = ws.config.organization.party_body
    loaded = load_rt((ws.root / rel).read_bytes(), rel)
    if data.get("person"):
        set_field(loaded.data, "body", None, ITEM_FIELDS)
    if data.get("body"):
        set_field(loaded.data, "person", None, ITEM_FIELDS)
    for key, value in data.items():
        if key == "targets" and value is not None:
            value = [t if isinstance(t, dict) else {"description": t} for t in value]
        set_field(loaded.data, key, value, ITEM_FIELDS)
    validate(ResponsibilityItem, loaded.data, f"责任事项 {item_id}", ConfigError)
    changed = "、".join(dict.fromkeys([*fields, *(clear or [])]))
    return Plan("assign edit", f"责任分解：修改责任事项 {item_id}（{changed}）", [FileChange(rel, dump_rt(loaded))])


# --- list and coverage ---------------------------------------------------------------------


@dataclass
class ListedItem:
    """One item of ``dj assign list``, with its subject's name and its file."""

    item: ResponsibilityItem
    person_name: str | None
    path: str

    def to_dict(self) -> dict[str, Any]:
        data = self.item.model_dump(mode="json", exclude_none=True)
        data.setdefault("person", None)
        data["person_name"] = self.person_name
        data["path"] = self.path
        return data


@dataclass
class ItemList:
    """The items of ``dj assign list``; as JSON, a list of records as plain data."""

    items: list[ListedItem]

    def to_dict(self) -> list[dict[str, Any]]:
        return [i.to_dict() for i in self.items]


def list_items(ws: Workspace, person: str | None = None, year: int | None = None) -> ItemList:
    """Items ordered by year, tier and id; person by id or name."""
    pid = find_person(ws, person).id if person else None
    return ItemList([ListedItem(i, ws.name_of(i.person) if i.person else None, ws.paths[("responsibility", i.id)])
                     for i in analysis.items_listed(ws, pid, year)])


def coverage(ws: Workspace, year: int | None) -> Coverage:
    """The coverage matrix of year (default: the workspace's year); see ``analysis.assign.coverage``."""
    return analysis.coverage(ws, year_of(ws, year))


# --- sign-offs -----------------------------------------------------------------------------


def counterpart_of(ws: Workspace, person: Person, day: dt.date) -> str | None:
    """Whom person signs with: 书记 ↔ 分管领导 ↔ 部门负责人 ↔ 具体承办人员 (B2 signing chain)."""
    posts = person.posts_on(day) or person.posts
    tiers = {p.tier for p in posts}
    if Tier.PRINCIPAL in tiers:
        return None
    holders = [(p, post) for p in sorted(ws.people.values(), key=lambda p: p.id) for post in p.posts_on(day) if p.id != person.id]
    principal = next((p.id for p, post in holders if post.tier == Tier.PRINCIPAL), None)
    if tiers & {Tier.LEADER, Tier.DISCIPLINE}:
        return principal
    departments = {p.department for p in posts if p.department}
    if Tier.DEPARTMENT_HEAD in tiers:
        leader = next((p.id for p, post in holders if post.tier in (Tier.LEADER, Tier.DISCIPLINE) and departments & set(post.remit)), None)
        return leader or principal
    head = next((p.id for p, post in holders if post.tier == Tier.DEPARTMENT_HEAD and post.department in departments), None)
    head = head or next((p.id for p, post in holders if post.tier in LEADER_TIERS and post.department in departments), None)
    return head or principal


@dataclass
class Signer:
    """Whose list is signed (subject: person id or body:党组) and who signs it."""

    subject: str
    person: Person
    body: str | None  # the 党组's name when its 书记 signs on its behalf

    @property
    def who(self) -> str:
        return self.body or self.person.name


def signer_of(ws: Workspace, key: str, day: dt.date) -> Signer:
    """The subject named by key (a person by id or name, or the 党组) and who signs for it on day."""
    from ..analysis.signoff import body_subject, is_body_key, principal_on

    if is_body_key(ws, key):
        body = ws.config.organization.party_body
        principal = principal_on(ws, day)
        if principal is None:
            raise DjError(f"{cn_date(day)} 没有在任的主要负责人（党组书记），无人代表{body}签订。"
                          "请核对 --date，或先在 people/ 中登记主要负责人的任职。")
        return Signer(body_subject(ws), principal, body)
    person = find_person(ws, key)
    return Signer(person.id, person, None)


def plan_sign(
    ws: Workspace, key: str, year: int | None, day: dt.date, today: dt.date, *, replace: bool = False, force: bool = False,
    counterpart: str | None = None,
) -> tuple[SignOff, Plan]:
    """Record that a list of year was signed on day (a new or updated sign-off file).

    key: a person (id or name), or the 党组 (its name in dj.yaml, or 党组): then the 主要负责人
    in post on day signs on the 党组's behalf (``body`` set). The sign-off keeps each item's id
    and digest (``analysis/signoff.item_digest``) so that a later edit is noticed (DJ442).
    counterpart (id or name) overrides the one dj works out (``counterpart_of``).

    Signing again needs ``replace``: the sign-off that stands (the earliest) is updated in
    place, by round-trip edit; a day after today, or outside the list's year and the one
    before, needs ``force``.
    """
    from ..analysis.signoff import item_digest, signoffs_by_subject

    year = year_of(ws, year)
    signer = signer_of(ws, key, day)
    person = signer.person
    listed = ws.items_of(signer.subject, year)
    if not listed:
        raise DjError(f"{signer.who} 没有 {year} 年的责任事项，无从签单。请先建立责任清单（dj assign template 或 dj assign add）。")
    items = [{"id": i.id, "digest": item_digest(i)} for i in listed]
    if not force and (day > today or day.year not in (year - 1, year)):
        why = "晚于今天" if day > today else f"不在 {year - 1} 年或 {year} 年内"
        raise DjError(f"签字日期 {cn_date(day)} {why}，看起来是笔误，dj 没有记录。请核对 --date；"
                      "确实如此的，加上 --force 再运行。")
    existing = signoffs_by_subject(ws).get((signer.subject, year), [])
    if existing and not replace:
        old = existing[0]
        raise DjError(f"{signer.who} 已于 {cn_date(old.date)} 签订 {year} 年的责任书（{ws.paths[('signoff', old.id)]}，"
                      f"{len(old.items)} 项）。如要改为重新签订，请加上 --replace 再运行。")
    if counterpart:
        counterpart_id: str | None = find_person(ws, counterpart).id
        if counterpart_id == person.id:
            raise ConfigError("签订对象不能是签字人本人。请核对 --counterpart。")
    else:
        counterpart_id = None if signer.body else counterpart_of(ws, person, day)
    fields = {"id": None, "year": year, "person": person.id, "body": signer.body, "date": day,
              "counterpart": counterpart_id, "items": items}
    order = list(SignOff.model_fields)
    on_behalf = f"{person.name}代表{signer.body}" if signer.body else person.name
    message = f"签单：{on_behalf} {'重新' if existing else ''}签订 {year} 年党风廉政建设责任书（{cn_date(day)}，{len(items)} 项）"
    if existing:
        record = existing[0]
        rel = ws.paths[("signoff", record.id)]
        loaded = load_rt((ws.root / rel).read_bytes(), rel)
        for k in ("person", "body", "date", "counterpart", "items"):
            set_field(loaded.data, k, fields[k], order)
        signoff = validate(SignOff, loaded.data, f"签订记录 {record.id}")
        message += f"\n\n原签订日期：{cn_date(record.date)}"
        return signoff, Plan("assign sign", message, [FileChange(rel, dump_rt(loaded))])
    record_id = f"{year}-sign-body" if signer.body else f"{year}-sign-{person.id}"
    rel = f"signoffs/{year}/{record_id}.yaml"
    if record_id in ws.of("signoff") or (ws.root / rel).exists():
        raise DjError(f"文件 {rel} 已存在但不是{signer.who} {year} 年的签订记录，或无法读取。请先运行 dj check 并改正其中的错误。")
    fields["id"] = record_id
    data = {k: v for k, v in fields.items() if v is not None}
    signoff = validate(SignOff, data, f"签订记录 {record_id}")
    return signoff, Plan("assign sign", message, [FileChange(rel, dump_new(data))])


# --- the letter (责任书) -------------------------------------------------------------------


def letter_context(ws: Workspace, key: str, year: int | None) -> dict[str, Any]:
    """Everything the 责任书 template shows for one list and year: a person's, or the 党组's
    (key: its name; the 书记 signs on its behalf). Items in document order with their article
    numbers; the list's 追究 clauses for the subject's tiers beside the items' own; who signed
    and when, from the sign-off that stands (nothing when unsigned: the cells stay blank)."""
    from ..analysis.signoff import body_subject, is_body_key, principal_on, standing_signoff

    year = year_of(ws, year)
    org = ws.config.organization
    first, last = year_bounds(year)
    body = is_body_key(ws, key)
    if body:
        subject = body_subject(ws)
        person = None
        signoff = standing_signoff(ws, subject, year)
        signer = ws.people.get(signoff.person) if signoff else (principal_on(ws, first) or principal_on(ws, last))
    else:
        person = find_person(ws, key)
        subject = person.id
        signoff = standing_signoff(ws, subject, year)
        signer = person
    items = ws.items_of(subject, year)
    who = org.party_body if body else person.name
    if not items:
        raise DjError(f"{who} 没有 {year} 年的责任事项，无法生成责任书。请先建立责任清单。")
    if signoff is not None:
        counterpart_id = signoff.counterpart
    elif body:
        counterpart_id = None
    else:  # whom they would sign with on the first day of their latest post of the year
        posts = posts_in_year(person, year)
        day = post_span(posts[-1], year)[0] if posts else first
        counterpart_id = counterpart_of(ws, person, day)
    counterpart = ws.people.get(counterpart_id or "")

    def title_on(p: Person) -> str:
        held = posts_in_year(p, year)
        return held[-1].title if held else ""

    chains = []
    for chain in analysis.chains_of(ws, year):
        roles = [link.role.value for link in chain.links if person is not None and link.person == person.id]
        if roles:
            chains.append({"area": chain.area, "roles": list(dict.fromkeys(roles)), "discipline": chain.discipline})
    targets = []
    for item in items:
        for t in item.targets:
            targets.append({"description": t.description, "count": t.count, "per": t.per.value if t.per else None})
    tiers = list(dict.fromkeys(i.tier.value for i in items))
    clauses: list[str] = []  # the items' own clauses, then their lists' 追究 clauses for the items' tiers
    own = [item.accountability for item in items]
    listed = [c.text for item in items if item.list in ws.lists for c in ws.lists[item.list].clauses_for(item.tier)]
    for text in [*own, *listed]:
        if text and text not in clauses:
            clauses.append(text)
    lists = [ws.lists[i] for i in dict.fromkeys(item.list for item in items if item.list) if i in ws.lists]
    required = ws.config.settings.assign.required_topics
    return {
        "organization": org.name,
        "body": org.party_body,
        "superior": "、".join(x for x in (org.superior_committee, org.superior_commission) if x),
        "year": year,
        "collective": body,
        "person": {"id": person.id if person else None, "name": who,
                   "title": title_on(person) if person else "", "tiers": tiers},
        "signer": {"id": signer.id, "name": signer.name, "title": title_on(signer)} if signer else None,
        "counterpart": {"id": counterpart.id, "name": counterpart.name, "title": title_on(counterpart)} if counterpart else None,
        "items": [i.model_dump(mode="python", exclude_none=True) for i in items],
        "lists": [{"id": li.id, "title": li.title, "doc_number": li.doc_number} for li in lists],
        "targets": targets,
        "chains": chains,
        "clauses": clauses,
        "signed": signoff.date if signoff else None,
        "signed_by": ws.name_of(signoff.person) if signoff else None,
        "required_topics": sorted({t for tier in tiers for t in required.get(tier, [])}),
    }
