"""Small helpers shared by several actions modules."""

from __future__ import annotations

from ..errors import ConfigError
from ..models.people import Person
from ..resolve import Workspace


def find_person(ws: Workspace, key: str) -> Person:
    """A person by id or unique name, or a usage error that says why not."""
    person = ws.find_person(key)
    if person is not None:
        return person
    named = [p.id for p in ws.people.values() if p.name == key]
    if len(named) > 1:
        raise ConfigError(f"有 {len(named)} 人名叫“{key}”（{'、'.join(sorted(named))}），请改用人员编号。")
    raise ConfigError(f"找不到人员“{key}”。请使用 people/ 中的人员编号或姓名；文件有错误的人员须先按 dj check 的提示改正。")
