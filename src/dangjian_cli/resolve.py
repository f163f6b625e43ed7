"""The id index: duplicate ids, dangling references, and the resolved Workspace."""

from __future__ import annotations

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
from .models.responsibility import ResponsibilityItem


@dataclass
class Workspace:
    """Every valid record, indexed by kind and id, with the file each came from."""

    root: Path
    config: Config
    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {k.name: {} for k in KINDS})
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    _items_index: dict[tuple[str | None, int], list[ResponsibilityItem]] | None = field(default=None, repr=False)

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

    def items_of(self, person_id: str | None, year: int) -> list[ResponsibilityItem]:
        """The items of one person (None: of the body) in one year, sorted by id."""
        if self._items_index is None:
            index: dict[tuple[str | None, int], list[ResponsibilityItem]] = defaultdict(list)
            for item in sorted(self.items.values(), key=lambda i: i.id):
                index[(item.person, item.year)].append(item)
            self._items_index = index
        return self._items_index.get((person_id, year), [])

    def name_of(self, person_id: str | None) -> str:
        person = self.people.get(person_id or "")
        return person.name if person else (person_id or "")

    def find_person(self, key: str) -> Person | None:
        """A person by id or by unique name; None when there is none or the name is ambiguous."""
        if key in self.people:
            return self.people[key]
        named = [p for p in self.people.values() if p.name == key]
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
    """Index records by id; report ids used twice and references to ids that do not exist."""
    ws = Workspace(root, config)
    findings: list[Finding] = []
    by_id: dict[tuple[str, str], list[Loaded]] = defaultdict(list)
    for entry in loaded:
        by_id[(entry.kind.name, entry.record.id)].append(entry)
    for (kind, record_id), entries in by_id.items():
        first = entries[0]
        ws.of(kind)[record_id] = first.record
        ws.paths[(kind, record_id)] = first.path
        if len(entries) > 1:
            paths = [e.path for e in entries]
            for entry in entries:
                others = "、".join(p for p in paths if p != entry.path)
                findings.append(
                    ws.finding("DJ301", Severity.ERROR, kind, record_id, ("id",),
                               f"{entry.kind.title}编号“{record_id}”重复：{others} 中也用了这个编号。"
                               "每个编号只能用一次，复制文件后请修改 id。", path=entry.path)
                )
    for entry in loaded if check_refs else ():
        if ws.paths.get((entry.kind.name, entry.record.id)) != entry.path:
            continue
        for loc, target_kind, target in iter_refs(entry.record):
            if target in ws.of(target_kind):
                continue
            target_title = BY_NAME[target_kind].title
            hint = ""
            if target_kind == "person":
                named = [p.id for p in ws.people.values() if p.name == target]
                if len(named) == 1:
                    hint = f"记录中应填写编号而不是姓名：请改为 {named[0]}。"
            if not hint:
                hint = f"请检查拼写，或先在 {BY_NAME[target_kind].folder}/ 中建立该{target_title}。"
            findings.append(
                ws.finding("DJ302", Severity.ERROR, entry.kind.name, entry.record.id, loc,
                           f"引用的{target_title}编号“{target}”不存在。{hint}")
            )
    return ws, findings
