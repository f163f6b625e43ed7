"""dj due: who owes what by when, in three colours, from the obligations of ``analysis/due.py``.

Reads only: the result is a ``DueList`` (``to_dict`` is the JSON list); ``--ics`` is an export
(``plan_ics`` → ``write.apply_plan(..., commit=False)``), not a record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..analysis.cycle import subject_label
from ..analysis.due import BLUE, DONE, RED, STATUSES, YELLOW, Obligation, obligations
from ..resolve import Workspace
from ..write import FileChange, Plan

FAIL_ON = {RED: (RED,), YELLOW: (RED, YELLOW)}
ICS_DOMAIN = "dangjian-cli"


def load(root: Path) -> Workspace:
    """The resolved workspace (records with errors are left out, as in dj check)."""
    from ..pipeline import read_workspace

    return read_workspace(root)


@dataclass(frozen=True)
class Row:
    """An obligation with its status on the day asked."""

    obligation: Obligation
    status: str
    who_name: str

    def to_dict(self) -> dict[str, Any]:
        o = self.obligation
        return {
            "id": o.id, "what": o.what, "who": o.who, "due": o.due.isoformat(), "status": self.status,
            "source": o.source.to_dict(), "who_name": self.who_name,
            "done_on": o.done_on.isoformat() if o.done_on is not None and self.status == DONE else None, "code": o.code,
        }


@dataclass
class DueList:
    """The obligations asked for, in order: red, yellow, blue, done; within each by due day."""

    as_of: dt.date
    warning_days: int
    rows: list[Row] = field(default_factory=list)
    within: int | None = None
    person: str | None = None

    def to_dict(self) -> list[dict[str, Any]]:
        return [row.to_dict() for row in self.rows]

    def count(self, *statuses: str) -> int:
        return sum(1 for row in self.rows if row.status in statuses)

    def failed(self, fail_on: str | None) -> bool:
        """Whether --fail-on (red or yellow) is met: any listed obligation of those colours."""
        return fail_on is not None and self.count(*FAIL_ON[fail_on]) > 0


def due_list(ws: Workspace, as_of: dt.date, within: int | None = None, person: str | None = None) -> DueList:
    """The obligations and their status on as_of.

    within: only those due by as_of + within days (done ones: due in the last within days too).
    person: only those a person owes (by id or name).
    """
    from ..errors import ConfigError

    if within is not None and within < 0:
        raise ConfigError("--within 须为 0 或正整数（天数）。")
    who = None
    if person is not None:
        from .common import find_person

        who = find_person(ws, person).id
    days = ws.config.settings.due.warning_days
    rows: list[Row] = []
    for o in obligations(ws):
        if who is not None and o.who != who:
            continue
        status = o.status(as_of, days)
        if within is not None:
            if o.due > as_of + dt.timedelta(days=within):
                continue
            if status == DONE and o.due < as_of - dt.timedelta(days=within):
                continue
        rows.append(Row(o, status, subject_label(ws, o.who)))
    order = {s: n for n, s in enumerate(STATUSES)}
    rows.sort(key=lambda r: (order[r.status], r.obligation.due, r.obligation.id))
    return DueList(as_of, days, rows, within, who)


# --- iCalendar ---------------------------------------------------------------------------------


def uid(obligation: Obligation) -> str:
    """The event's UID: from the obligation's stable id, so a re-import updates instead of duplicating."""
    return hashlib.sha256(obligation.id.encode("utf-8")).hexdigest()[:32] + "@" + ICS_DOMAIN


def ics_bytes(result: DueList, calendar_name: str) -> bytes:
    """An iCalendar file with one all-day event per open obligation (done ones left out).

    Identical input, identical bytes: DTSTAMP is the as_of day (not the clock), events in order.
    """
    try:
        from icalendar import Calendar, Event
    except ImportError:
        from ..errors import DjError

        raise DjError('导出日历需要可选组件 icalendar，当前环境未安装。请运行：pip install "dangjian-cli[ics]"'
                      '（从源码目录安装的用 pip install -e ".[ics]"），然后重试。') from None

    cal = Calendar()
    cal.add("prodid", "-//dj//dangjian-cli dj due//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar_name)
    stamp = dt.datetime.combine(result.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
    titles = {RED: "已逾期", YELLOW: "即将到期", BLUE: "未到期"}
    for row in sorted((r for r in result.rows if r.status != DONE), key=lambda r: (r.obligation.due, r.obligation.id)):
        o = row.obligation
        event = Event()
        event.add("uid", uid(o))
        event.add("dtstamp", stamp)
        event.add("dtstart", o.due)
        event.add("dtend", o.due + dt.timedelta(days=1))
        event.add("summary", f"【{row.who_name}】{o.what}")
        event.add("description", f"责任主体：{row.who_name}\n截止：{o.due.isoformat()}\n来源：{o.source.path}（{o.source.record}）\n"
                                 f"状态（{result.as_of.isoformat()}）：{titles[row.status]}")
        event.add("categories", [titles[row.status]])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


def plan_ics(ws: Workspace, result: DueList, name: str) -> Plan:
    """The export of the open obligations to the iCalendar file name (relative to its folder)."""
    title = f"{ws.config.organization.name}党风廉政建设期限提醒"
    return Plan("due", f"导出期限提醒日历：{name}", [FileChange(name, ics_bytes(result, title))])


__all__ = ["DueList", "Row", "due_list", "ics_bytes", "load", "plan_ics", "uid"]
