"""An in-memory Workspace for pure tests of the analysis queries and the rules: no files, no git.

    ws = build(*CAST, item("zr-001", "主要负责人", person="p-zhangsan", topics=["廉洁自律"]))
    findings = rules(ws, dt.date(2024, 12, 31))

Records are validated by their models, as ``dj check`` would; the resolver indexes them, so
duplicate ids and dangling references behave as in the pipeline (``build_resolved`` returns
those findings too). Findings of rules are not located (line 0, ``loc`` set): there is no file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from assign_support import DEPARTMENTS, PEOPLE
from dangjian_cli.findings import Finding
from dangjian_cli.kinds import KINDS
from dangjian_cli.load import Loaded
from dangjian_cli.models.assign import KeyWorkChain, SignOff, StudyPlan, StudySession
from dangjian_cli.models.base import Record
from dangjian_cli.models.config import Config
from dangjian_cli.models.people import Department, Person
from dangjian_cli.models.responsibility import ResponsibilityItem
from dangjian_cli.resolve import Workspace, resolve
from dangjian_cli.rules import run_rules

ROOT = Path("in-memory-workspace")  # never read: a pure test has no files
KIND_OF = {kind.model: kind for kind in KINDS}


def config(year: int = 2024, **settings: Any) -> Config:
    """dj.yaml of the test unit; settings by section, e.g. ``assign={"sign_by": "02-28"}``."""
    return Config.model_validate({"organization": {"name": "测试县人民检察院"}, "year": year, "settings": settings})


def build_resolved(*records: Record, year: int = 2024, **settings: Any) -> tuple[Workspace, list[Finding]]:
    """The Workspace of records, and the resolver's findings (DJ301, DJ302)."""
    loaded = [Loaded(KIND_OF[type(r)], r, f"{KIND_OF[type(r)].folder}/{r.id}.yaml") for r in records]
    return resolve(ROOT, config(year, **settings), loaded)


def build(*records: Record, year: int = 2024, **settings: Any) -> Workspace:
    return build_resolved(*records, year=year, **settings)[0]


def rules(ws: Workspace, as_of: dt.date) -> list[Finding]:
    return run_rules(ws, as_of)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def of_code(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


# --- records -------------------------------------------------------------------------------


def department(did: str, name: str) -> Department:
    return Department(id=did, name=name)


def post(title: str, tier: str, start: str = "2020-01-01", **fields: Any) -> dict[str, Any]:
    return {"title": title, "tier": tier, "start": start, **fields}


def person(pid: str, name: str, *posts: dict[str, Any], **fields: Any) -> Person:
    return Person.model_validate({"id": pid, "name": name, "posts": list(posts), **fields})


def item(iid: str, tier: str, year: int = 2024, **fields: Any) -> ResponsibilityItem:
    """A responsibility item; area and content default to something valid."""
    data = {"id": iid, "year": year, "tier": tier, "area": "廉洁自律", "content": "带头廉洁自律", **fields}
    if tier == "党组":
        data.setdefault("body", "党组")
    return ResponsibilityItem.model_validate(data)


def link(role: str, who: str, **fields: Any) -> dict[str, Any]:
    """A chain link held by a person, or by a department when role is 责任部门."""
    subject = "department" if role == "责任部门" else "person"
    return {"role": role, subject: who, "duty": "负责", "accountability": "依规追究", **fields}


def chain(cid: str, area: str, *links: dict[str, Any], year: int = 2024, **fields: Any) -> KeyWorkChain:
    data = {"id": cid, "year": year, "area": area, "links": list(links), "procedure": ["程序"], "discipline": ["纪律"], **fields}
    return KeyWorkChain.model_validate(data)


def plan(pid: str, *entries: dict[str, Any], year: int = 2024) -> StudyPlan:
    return StudyPlan.model_validate({"id": pid, "year": year, "entries": list(entries)})


def session(sid: str, day: str, form: str, **fields: Any) -> StudySession:
    return StudySession.model_validate({"id": sid, "date": day, "form": form, "topic": "学习", **fields})


def signoff(sid: str, pid: str, day: str, year: int = 2024, **fields: Any) -> SignOff:
    return SignOff.model_validate({"id": sid, "year": year, "person": pid, "date": day, **fields})


# The unit of tests/assign_support.py (DEPARTMENTS, PEOPLE), as records: the same YAML, read once.
CAST: tuple[Record, ...] = tuple(
    model.model_validate(yaml.safe_load(text))
    for model, texts in ((Department, DEPARTMENTS), (Person, PEOPLE)) for text in texts.values()
)
