"""Obligations and their deadlines (``dj due``), and the lateness rules of ``dj check`` built on them.

An ``Obligation`` is something someone owes by a day: a 提示单's reply, a rectification, a case's
next stage, the year's 民主生活会 … It is met only when a record says so (``done_on``, the day of the
record that meets it) — never by a manual tick.

Each stage contributes its own obligations from its own ``analysis`` module, through one registry:
``register_obligations(provider)`` with ``provider(ws) -> Iterable[Obligation]`` (registering at import
is enough: ``providers()`` imports every module of this package once, as analysis/scorecard.py does).
A new record kind thus adds its obligations without changing ``dj due`` or the rules.

The yearly rhythm of dj.yaml (``settings.due.rhythm``) is ``analysis/rhythm.py``'s provider (DJ630).

Status at a day ``as_of`` (``Obligation.status``):

* done — a record met it on or before as_of;
* red — not met and its day is before as_of (overdue);
* yellow — not met, due within ``settings.due.warning_days`` of as_of;
* blue — not met, due later.

``dj check``'s lateness rules report the red obligations with their code (``red(ws, as_of, code)``)
and those met late with their ``late_code`` (``late(ws, as_of, code)``), so ``check`` and ``due``
never disagree about a deadline.

Pure: a Workspace (and a date) in, values out; no files, no today().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..resolve import Workspace
from . import import_all

DONE, BLUE, YELLOW, RED = "done", "blue", "yellow", "red"
STATUSES = (RED, YELLOW, BLUE, DONE)
STATUS_TITLES = {RED: "红色（已逾期）", YELLOW: "黄色（即将到期）", BLUE: "蓝色（未到期）", DONE: "已完成"}


@dataclass(frozen=True)
class Source:
    """The record an obligation comes from: its kind, id and file (path relative to the root), and
    where in it (``loc``: keys and list indexes, for findings)."""

    kind: str
    record: str
    path: str
    loc: tuple[Any, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "record": self.record, "path": self.path}


def source_of(ws: Workspace, kind: str, record_id: str, loc: tuple[Any, ...] = ()) -> Source:
    """The Source of a record of the workspace (dj.yaml for kind "config")."""
    path = "dj.yaml" if kind == "config" else ws.paths.get((kind, record_id), "")
    return Source(kind, record_id, path, loc)


@dataclass(frozen=True)
class Obligation:
    """Something ``who`` owes by ``due``.

    Attributes:
        id: stable across runs (from the source record, a tag for what and the due day): the
            iCalendar UID of ``dj due --ics``.
        what: Chinese, what is owed.
        who: a person id, or a collective key (``body:党组``, ``department:d-office`` …).
        due: the last day to meet it.
        done_on: the day of the record that met it; None while not met.
        source: the record it comes from.
        code: the finding code reporting it when overdue (red), or None.
        late_code: the finding code reporting it when met after its day, or None.
        ref: what the providing module needs to word its finding (not compared, not shown).
    """

    id: str
    what: str
    who: str
    due: dt.date
    done_on: dt.date | None
    source: Source
    code: str | None = None
    late_code: str | None = None
    ref: Any = field(default=None, compare=False, repr=False, hash=False)

    def done(self, as_of: dt.date) -> bool:
        return self.done_on is not None and self.done_on <= as_of

    def status(self, as_of: dt.date, warning_days: int) -> str:
        if self.done(as_of):
            return DONE
        if self.due < as_of:
            return RED
        if (self.due - as_of).days <= warning_days:
            return YELLOW
        return BLUE

    def overdue(self, as_of: dt.date) -> bool:
        return not self.done(as_of) and self.due < as_of

    def met_late(self, as_of: dt.date) -> bool:
        return self.done(as_of) and self.done_on is not None and self.done_on > self.due


def obligation_id(tag: str, record: str, due: dt.date, *parts: str) -> str:
    """A stable id: ``tag:record[:part…]@YYYY-MM-DD`` (tag: ASCII, what kind of obligation)."""
    return ":".join((tag, record, *(p for p in parts if p))) + "@" + due.isoformat()


# --- the registry ------------------------------------------------------------------------------

Provider = Callable[[Workspace], Iterable[Obligation]]
_PROVIDERS: list[Provider] = []


def register_obligations(provider: Provider) -> Provider:
    """Add a provider of ``Obligation`` s: ``provider(ws) -> Iterable[Obligation]`` (usable as a decorator)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _PROVIDERS:
        _PROVIDERS.remove(provider)


def providers() -> list[Provider]:
    """The registered providers, after importing every analysis module once (they register at import)."""
    import_all()
    return _PROVIDERS


def obligations(ws: Workspace) -> list[Obligation]:
    """Every obligation of the workspace, by due day then id; computed once per Workspace."""
    cache = ws.__dict__.setdefault("_due_memo", {})
    if "all" not in cache:
        seen: dict[str, Obligation] = {}
        for provider in list(providers()):
            for o in provider(ws):
                seen.setdefault(o.id, o)
        cache["all"] = sorted(seen.values(), key=lambda o: (o.due, o.id))
    return cache["all"]


def of_code(ws: Workspace, code: str) -> list[Obligation]:
    """The obligations reported (when overdue or late) by code."""
    cache = ws.__dict__.setdefault("_due_memo", {})
    key = ("code", code)
    if key not in cache:
        cache[key] = [o for o in obligations(ws) if code in (o.code, o.late_code)]
    return cache[key]


def red(ws: Workspace, as_of: dt.date, code: str) -> list[Obligation]:
    """The obligations of code overdue on as_of (what the lateness rule ``code`` reports)."""
    return [o for o in of_code(ws, code) if o.code == code and o.overdue(as_of)]


def late(ws: Workspace, as_of: dt.date, code: str) -> list[Obligation]:
    """The obligations met after their day (by as_of) whose ``late_code`` is code."""
    return [o for o in of_code(ws, code) if o.late_code == code and o.met_late(as_of)]


def lateness_codes(ws: Workspace) -> set[str]:
    """The codes that report overdue obligations."""
    return {o.code for o in obligations(ws) if o.code}


__all__ = [
    "BLUE", "DONE", "RED", "STATUSES", "STATUS_TITLES", "YELLOW", "Obligation", "Provider", "Source", "late",
    "lateness_codes", "obligation_id", "obligations", "of_code", "providers", "red", "register_obligations", "source_of",
    "unregister",
]
