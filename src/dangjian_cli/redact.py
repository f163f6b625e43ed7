"""Names of people hidden in what dj prints or renders: 张三 → 张某, two 张 → 张某甲, 张某乙.

Used by ``dj pursue … --redact`` and by every document with ``--redact`` (``dj report``):
one Redactor per workspace gives each person the same alias in every output.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models.people import Person
    from .resolve import Workspace

COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐", "夏侯")
ORDINALS = "甲乙丙丁戊己庚辛壬癸"


def surname(name: str) -> str:
    name = name.strip()
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound) and len(name) > len(compound):
            return compound
    return name[:1]


class Redactor:
    """Names of people as 张某 (surname + 某); two people of one surname 张某甲, 张某乙 (by id), the same in every output."""

    def __init__(self, ws: Workspace) -> None:
        by_surname: dict[str, list[Person]] = {}
        for person in sorted(ws.people.values(), key=lambda p: p.id):
            by_surname.setdefault(surname(person.name), []).append(person)
        self.alias: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        for family, people in by_surname.items():
            names = list(dict.fromkeys(p.name.strip() for p in people))
            for person in people:
                if len(names) == 1:
                    alias = f"{family}某"
                else:
                    alias = f"{family}某{ORDINALS[names.index(person.name.strip()) % len(ORDINALS)]}"
                self.alias[person.id] = alias
                if person.name.strip():
                    self.by_name[person.name.strip()] = alias
        names = sorted(self.by_name, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, names))) if names else None

    def name(self, person_id: str | None, name: str) -> str:
        if person_id and person_id in self.alias:
            return self.alias[person_id]
        return self.by_name.get(name.strip(), f"{surname(name)}某" if name else name)

    def text(self, text: str | None) -> str:
        if not text or self._pattern is None:
            return text or ""
        return self._pattern.sub(lambda m: self.by_name[m.group(0)], text)
