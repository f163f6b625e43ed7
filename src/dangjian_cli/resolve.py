"""The id index: duplicate ids, dangling references, and the resolved Workspace."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import Finding, Severity
from .kinds import BY_NAME, KINDS
from .load import Loaded
from .models.base import Record, iter_refs
from .models.config import Config
from .models.people import Department, Person
from .models.enums import GROUP_POST_TIERS, SubjectGroup
from .models.responsibility import ResponsibilityItem, ResponsibilityList
from .validate import Partial, lookup_key, show


def natural_key(text: str) -> tuple:
    """Text with its runs of digits compared as numbers: 2024-zs-2 before 2024-zs-10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def in_group(person: Person, group: SubjectGroup, year: int) -> bool:
    """Whether person held a post of the group's tiers at some time in year."""
    tiers = GROUP_POST_TIERS[group]
    return any(p.tier in tiers for p in person.posts_in(dt.date(year, 1, 1), dt.date(year, 12, 31)))


@dataclass
class Workspace:
    """Every valid record, indexed by kind and id, with the file each came from."""

    root: Path
    config: Config
    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {k.name: {} for k in KINDS})
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    _items_index: dict[tuple[str, int], list[ResponsibilityItem]] | None = field(default=None, repr=False)

    def of(self, kind: str) -> dict[str, Any]:
        return self.records.setdefault(kind, {})

    @property
    def people(self) -> dict[str, Person]:
        return self.of("person")

    @property
    def departments(self) -> dict[str, Department]:
        return self.of("department")

    @property
    def items(self) -> dict[str, ResponsibilityItem]:
        return self.of("responsibility")

    @property
    def lists(self) -> dict[str, ResponsibilityList]:
        return self.of("list")

    def item_order(self, item: ResponsibilityItem) -> tuple:
        """Document order: by year, then the list document (by id; items of no list last), then
        the item's ``order``, then its id with numbers compared as numbers ("-2" before "-10")."""
        return (item.year, item.list is None, item.list or "", item.order is None, item.order or 0, natural_key(item.id))

    def items_of(self, subject: str | None, year: int) -> list[ResponsibilityItem]:
        """The list of one subject in one year, in document order.

        subject: a person id (their own items and those of every group they belonged to in
        the year), a subject key (``ResponsibilityItem.subject``: ``body:党组``,
        ``department:d-office``), or None for the 党组 (organization.party_body).
        """
        if self._items_index is None:
            index: dict[tuple[str, int], list[ResponsibilityItem]] = defaultdict(list)
            for item in sorted(self.items.values(), key=self.item_order):
                index[(item.subject, item.year)].append(item)
            self._items_index = index
        if subject is None:
            subject = f"body:{self.config.organization.party_body}"
        own = self._items_index.get((subject, year), [])
        person = self.people.get(subject)
        if person is None:
            return own
        groups = [g for g in SubjectGroup if self._items_index.get((f"group:{g}", year)) and in_group(person, g, year)]
        if not groups:
            return own
        return sorted(own + [i for g in groups for i in self._items_index[(f"group:{g}", year)]], key=self.item_order)

    def group_members(self, group: SubjectGroup, year: int) -> list[Person]:
        """The people who belonged to group at some time in year, by id."""
        return [p for p in sorted(self.people.values(), key=lambda p: p.id) if in_group(p, group, year)]

    def name_of(self, person_id: str | None) -> str:
        person = self.people.get(person_id or "")
        return person.name if person else (person_id or "")

    def find_person(self, key: str) -> Person | None:
        """A person by id or by unique name; None when there is none or the name is ambiguous."""
        if key in self.people:
            return self.people[key]
        # Invisible characters and surrounding spaces (a trailing U+3000) do not count:
        # "张三" finds the person written as "张三<U+3000>" (check warns about it, DJ209).
        named = [p for p in self.people.values() if lookup_key(p.name) == lookup_key(key)]
        return named[0] if len(named) == 1 else None

    def finding(
        self, code: str, severity: Severity, kind: str, record_id: str, loc: tuple[Any, ...], message: str,
        path: str | None = None,
    ) -> Finding:
        """A finding about a record at loc in its file (path: the record's own file unless given).

        Not yet located: locations are not kept for every record (memory on 100k records);
        the pipeline composes each file with findings again, once (``pipeline.locate``).
        """
        return Finding.at(code, severity, path or self.paths[(kind, record_id)], loc, message, record_id)


def resolve(
    root: Path, config: Config, loaded: list[Loaded], check_refs: bool = True
) -> tuple[Workspace, list[Finding]]:
    """Index records by id; report ids used twice and references to ids that do not exist.

    Entries whose record failed validation (a ``Partial``) take part with the id and the
    references of their raw data, so every such problem shows in one run; only valid
    records enter the Workspace.
    """
    ws = Workspace(root, config)
    findings: list[Finding] = []
    by_id: dict[tuple[str, str], list[Loaded]] = defaultdict(list)
    for entry in loaded:
        by_id[(entry.kind.name, entry.record.id)].append(entry)
    known: dict[tuple[str, str], str] = {}  # every id, valid or not, and the file that counts
    for (kind, record_id), entries in by_id.items():
        valid = [e for e in entries if not isinstance(e.record, Partial)]
        first = (valid or entries)[0]
        known[(kind, record_id)] = first.path
        if valid:
            ws.of(kind)[record_id] = first.record
            ws.paths[(kind, record_id)] = first.path
        if len(entries) > 1:
            paths = [e.path for e in entries]
            for entry in entries:
                others = "、".join(p for p in paths if p != entry.path)
                findings.append(
                    Finding.at("DJ301", Severity.ERROR, entry.path, ("id",),
                               f"{entry.kind.title}编号“{show(record_id)}”重复：{others} 中也用了这个编号。"
                               "每个编号只能用一次，复制文件后请修改 id。", record_id)
                )
    findings += _case_collisions(loaded)
    for entry in loaded if check_refs else ():
        if known.get((entry.kind.name, entry.record.id)) != entry.path:
            continue
        refs = entry.record.refs if isinstance(entry.record, Partial) else iter_refs(entry.record)
        for loc, target_kind, target in refs:
            if (target_kind, target) in known:
                continue
            target_title = BY_NAME[target_kind].title
            hint = ""
            if target_kind == "person":
                named = [p.id for p in ws.people.values() if lookup_key(p.name) == lookup_key(target)]
                if len(named) == 1:
                    hint = f"记录中应填写编号而不是姓名：请改为 {named[0]}。"
            if not hint:
                hint = f"请检查拼写，或先在 {BY_NAME[target_kind].folder}/ 中建立该{target_title}。"
            findings.append(
                Finding.at("DJ302", Severity.ERROR, entry.path, loc,
                           f"引用的{target_title}编号“{show(target)}”不存在。{hint}", entry.record.id)
            )
    return ws, findings


def _case_collisions(loaded: list[Loaded]) -> list[Finding]:
    """Ids, and file paths, that differ only in upper and lower case (DJ304).

    Why: on Windows and macOS checkouts such files overwrite each other, and an id typed
    in the other case names a different record.
    """
    findings: list[Finding] = []
    ids: dict[tuple[str, str], dict[str, list[Loaded]]] = defaultdict(lambda: defaultdict(list))
    paths: dict[str, list[str]] = defaultdict(list)
    for entry in loaded:
        ids[(entry.kind.name, entry.record.id.casefold())][entry.record.id].append(entry)
        paths[entry.path.casefold()].append(entry.path)
    for group in ids.values():
        if len(group) < 2:
            continue
        spelled = sorted(group)
        for record_id, entries in group.items():
            for entry in entries:
                others = "、".join(f"{e.path}（{show(e.record.id)}）" for i in spelled if i != record_id for e in group[i])
                findings.append(Finding.at(
                    "DJ304", Severity.ERROR, entry.path, ("id",),
                    f"编号“{show(record_id)}”与 {others} 只有大小写不同。在 Windows 和 macOS 上它们会被当作同一个，"
                    "请改用真正不同的编号。", record_id))
    for group in paths.values():
        distinct = sorted(set(group))
        if len(distinct) < 2:
            continue
        for path in distinct:
            others = "、".join(p for p in distinct if p != path)
            findings.append(Finding(
                "DJ304", Severity.ERROR, path, 1, 1,
                f"文件名与 {others} 只有大小写不同，在 Windows 和 macOS 上无法同时检出。请改用不同的文件名。"))
    return findings
