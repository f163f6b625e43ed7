"""Shared queries of the 五单法 cycle (反馈单, 提示单, 核单): whose items a record may name, each
item's latest feedback and status, when a period ends, when a 提示单 is due and a year's 核单.

Pure: a Workspace (and dates) in, values out; used by ``rules/cycle.py`` and ``actions/cycle.py``.

A year is *in the cycle* once it has any 反馈单, 提示单 or 核单 (or for every year with lists when
``settings.cycle.required`` is true). Why: a unit that keeps its lists with dj but does not
practise the 五单法 should not get a warning per list for feedback it never meant to record.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..dates import month_day
from ..models.cycle import Feedback, FeedbackEntry, ItemStatus, Reminder, Verification, VerificationEntry
from ..models.enums import SubjectTier
from ..models.responsibility import ResponsibilityItem
from ..resolve import Workspace
from .due import Obligation, obligation_id, register_obligations, source_of

CYCLE_KINDS = ("feedback", "reminder", "verification")



def subject_label(ws: Workspace, key: str) -> str:
    """How a subject is named (and given on the command line): the person's or the department's
    name, or the body's (党组)."""
    kind, _, rest = key.partition(":")
    if kind == "body":
        return rest
    if kind == "department":
        department = ws.departments.get(rest)
        return department.name if department else rest
    if kind == "group":
        return rest
    return ws.name_of(key)


def subject_items(ws: Workspace, key: str, year: int) -> list[ResponsibilityItem]:
    """The items of a subject's list of year (a person's includes the items of their groups)."""
    return ws.items_of(key, year)


def cycle_years(ws: Workspace) -> list[int]:
    """Years checked for missing feedback and 核单 (see the module docstring)."""
    years = {r.year for kind in CYCLE_KINDS for r in ws.of(kind).values()}
    if ws.config.settings.cycle.required:
        years.update(i.year for i in ws.items.values())
    return sorted(years)


def period_end(item: ResponsibilityItem) -> dt.date:
    """The last day of an item's period: its deadline, else the end of its year."""
    return item.deadline or dt.date(item.year, 12, 31)


@dataclass(frozen=True)
class Reported:
    """One feedback entry on an item, with the 反馈单 it is in."""

    feedback: Feedback
    index: int
    entry: FeedbackEntry

    @property
    def date(self) -> dt.date:
        return self.feedback.date


def feedback_by_item(ws: Workspace) -> dict[str, list[Reported]]:
    """Item id → its feedback entries, oldest first (same day: by the 反馈单's id)."""
    out: dict[str, list[Reported]] = defaultdict(list)
    for fb in sorted(ws.of("feedback").values(), key=lambda f: (f.date, f.id)):
        for index, entry in enumerate(fb.entries):
            out[entry.item].append(Reported(fb, index, entry))
    return out


def item_status(reported: dict[str, list[Reported]], item_id: str, as_of: dt.date | None = None) -> ItemStatus | None:
    """The status of an item's latest feedback (up to as_of); None without feedback.

    reported: ``feedback_by_item(ws)``, computed once by the caller.
    """
    entries = [r for r in reported.get(item_id, []) if as_of is None or r.date <= as_of]
    return entries[-1].entry.status if entries else None


def reply_due(ws: Workspace, reminder: Reminder) -> dt.date:
    """The day a 提示单 must be answered by: its reply_by, else its date plus settings.cycle.reply_days."""
    return reminder.reply_by or reminder.date + dt.timedelta(days=ws.config.settings.cycle.reply_days)


def verify_deadline(ws: Workspace, year: int) -> dt.date:
    """The day by which the 核单 of year is due: settings.cycle.verify_by of the next year."""
    day = month_day(ws.config.settings.cycle.verify_by, year + 1)
    return day or dt.date(year + 1, 2, 28)  # 02-29 in a common year


def verifications_by_subject(ws: Workspace) -> dict[tuple[str, int], list[Verification]]:
    """(subject key, year) → its 核单, earliest first (the first one counts; same day: by id)."""
    out: dict[tuple[str, int], list[Verification]] = defaultdict(list)
    for v in sorted(ws.of("verification").values(), key=lambda v: (v.date, v.id)):
        out[(v.subject, v.year)].append(v)
    return out


def verified(group: list[Verification]) -> dict[str, VerificationEntry]:
    """Item id → its entry in a subject's 核单 of a year (``verifications_by_subject``)."""
    out: dict[str, VerificationEntry] = {}
    for v in group:
        for entry in v.entries:
            out.setdefault(entry.item, entry)
    return out


def lists_in_cycle(ws: Workspace, year: int) -> list[tuple[str, list[ResponsibilityItem]]]:
    """(subject key, the items of its list) of year, in the order of the tiers (党组 … 具体承办人员),
    then by subject key.

    Items of a group (班子成员 …) belong to the list of each member (``Workspace.items_of``).
    """
    keys = {i.subject for i in ws.items.values() if i.year == year}
    if any(k.startswith("group:") for k in keys):
        keys.update(pid for pid in ws.people if ws.items_of(pid, year))
    tiers = {t: n for n, t in enumerate(SubjectTier)}
    lists = [(k, items) for k in keys if not k.startswith("group:") and (items := subject_items(ws, k, year))]
    return sorted(lists, key=lambda kv: (min(tiers.get(i.tier, len(tiers)) for i in kv[1]), kv[0]))


# --- obligations (dj due; DJ470, DJ471, DJ472 of dj check) -------------------------------------------


def cycle_obligations(ws: Workspace) -> Iterator[Obligation]:
    """What the 五单法 asks by a day: feedback on each item of a list in the cycle by the end of its
    period (DJ470), a 提示单's reply by its reply date (DJ471), each item's 核单 by settings.cycle.
    verify_by of the next year (DJ472). Met by the earliest 反馈单, the reply, the 核单 naming it."""
    reported = feedback_by_item(ws)
    by_subject = verifications_by_subject(ws)
    for year in cycle_years(ws):
        deadline = verify_deadline(ws, year)
        for subject, items in lists_in_cycle(ws, year):
            checked: dict[str, dt.date] = {}
            for v in by_subject.get((subject, year), []):
                for entry in v.entries:
                    checked.setdefault(entry.item, v.date)
            for item in items:
                end = period_end(item)
                first = reported.get(item.id)
                yield Obligation(
                    id=obligation_id("feedback", item.id, end, subject), what=f"反馈事项 {item.id} 的落实情况",
                    who=subject, due=end, done_on=first[0].date if first else None,
                    source=source_of(ws, "responsibility", item.id, ("id",)), code="DJ470", ref=(subject, year, item))
                yield Obligation(
                    id=obligation_id("verify", item.id, deadline, subject), what=f"{year} 年清单事项 {item.id} 年底核单",
                    who=subject, due=deadline, done_on=checked.get(item.id),
                    source=source_of(ws, "responsibility", item.id, ("id",)), code="DJ472", ref=(subject, year, item))
    for reminder in ws.of("reminder").values():
        due = reply_due(ws, reminder)
        yield Obligation(
            id=obligation_id("reply", reminder.id, due), what=f"回复 {reminder.date.isoformat()} 的提示单",
            who=reminder.subject, due=due, done_on=reminder.reply.date if reminder.reply is not None else None,
            source=source_of(ws, "reminder", reminder.id, ("reply_by",) if reminder.reply_by else ("date",)), code="DJ471", ref=reminder)


register_obligations(cycle_obligations)
