"""Rules of the 五单法 cycle (DJ470–DJ479): 反馈单, 提示单 and 年底核单.

Source: 绍兴检察院“五单法” (清单 → 签单 → 反馈单 → 提示单 → 核单; see shared/domain.md), a
local practice: so every finding about what is missing is a warning, and it is asked only of
years in the cycle (``analysis/cycle.py``). Findings on what a record says (an item of
another subject or year) are errors: the record is wrong whatever the practice.

Missing feedback and missing 核单 are reported once per subject's list, naming its items, so
a year's lists do not flood the output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ..analysis.cycle import (
    cycle_years, feedback_by_item, item_status, lists_in_cycle, reply_due, subject_items, subject_label, verifications_by_subject,
    verify_deadline,
)
from ..analysis.due import red
from ..dates import cn_date
from ..findings import Finding, Severity
from ..models.cycle import ItemStatus, VerifyResult
from ..resolve import Workspace

KIND_TITLES = {"feedback": "反馈单", "reminder": "提示单", "verification": "核单"}
SHOWN = 6  # item ids named in one message before "等 N 项"


def _ids(ids: list[str]) -> str:
    """The ids and their number ("a、b（2 项）"; "a、…、f 等 9 项 "; "a " for one), ending in a bracket or a space."""
    shown = "、".join(ids[:SHOWN])
    return shown + (f" 等 {len(ids)} 项 " if len(ids) > SHOWN else f"（{len(ids)} 项）" if len(ids) > 1 else " ")


def _item_refs(kind: str, record: Any) -> list[tuple[tuple[Any, ...], str]]:
    """(loc, item id) of every item a cycle record names."""
    if kind == "reminder":
        return [(("items", i), item) for i, item in enumerate(record.items)]
    return [(("entries", i, "item"), entry.item) for i, entry in enumerate(record.entries)]


def check_record_items(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Each item a 反馈单, 提示单 or 核单 names is of its subject (DJ473) and year (DJ474), and
    named once (DJ476). Unknown ids are the resolver's (DJ302)."""
    for kind, title in KIND_TITLES.items():
        for record in sorted(ws.of(kind).values(), key=lambda r: r.id):
            own = {i.id for i in subject_items(ws, record.subject, record.year)}
            who = subject_label(ws, record.subject)
            seen: set[str] = set()
            for loc, item_id in _item_refs(kind, record):
                if item_id in seen:
                    yield ws.finding("DJ476", Severity.WARNING, kind, record.id, loc,
                                     f"{title}中事项 {item_id} 出现了不止一次，请合并为一项。")
                    continue
                seen.add(item_id)
                item = ws.items.get(item_id)
                if item is None:
                    continue
                if item.year != record.year:
                    yield ws.finding("DJ474", Severity.ERROR, kind, record.id, loc,
                                     f"事项 {item_id} 是 {item.year} 年清单中的，而本{title}是 {record.year} 年的。"
                                     f"请改为 {record.year} 年清单中的事项，或改正 year。")
                elif item_id not in own:
                    owner = subject_label(ws, item.subject)
                    yield ws.finding("DJ473", Severity.ERROR, kind, record.id, loc,
                                     f"事项 {item_id} 是{owner}的责任事项，不在{who} {record.year} 年的清单中。"
                                     f"请改为{who}清单中的事项（可用 dj assign list --year {record.year} 查看），或改正责任主体。")


def check_feedback(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Items whose period has ended (deadline, else year end) with no feedback at all (DJ470), one
    finding per subject's list.

    Why: 反馈单 (“五单法”): each subject reports the progress of every item of its list.
    """
    overdue = {(o.ref[0], o.ref[2].id) for o in red(ws, as_of, "DJ470")}  # analysis/cycle.cycle_obligations
    if not overdue:
        return
    for year in cycle_years(ws):
        for subject, items in lists_in_cycle(ws, year):
            silent = [i for i in items if (subject, i.id) in overdue]
            if not silent:
                continue
            who = subject_label(ws, subject)
            yield ws.finding("DJ470", Severity.WARNING, "responsibility", silent[0].id, ("id",),
                             f"{who} {year} 年清单中的事项 {_ids([i.id for i in silent])}期限已过，没有任何反馈。"
                             f"请填报反馈单：dj assign feedback {who} --item 编号 --progress 落实情况 --status 已完成。")


def check_reminders(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A 提示单 not answered by its reply date (DJ471).

    Why: 提示单 (“五单法”): the 纪检 reminds a subject of lagging items; the subject replies in time.
    """
    overdue = {o.ref.id for o in red(ws, as_of, "DJ471")}  # analysis/cycle.cycle_obligations
    for reminder in sorted(ws.of("reminder").values(), key=lambda r: r.id):
        if reminder.id not in overdue:
            continue
        due = reply_due(ws, reminder)
        who = subject_label(ws, reminder.subject)
        yield ws.finding("DJ471", Severity.WARNING, "reminder", reminder.id, ("reply_by",) if reminder.reply_by else ("date",),
                         f"{cn_date(reminder.date)} 发给{who}的提示单应于 {cn_date(due)} 前回复，至今没有回复。"
                         f"收到回复后请运行 dj assign reply {reminder.id} --text 回复内容 --date 回复日期。")


def check_verification(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Lists of a year still without a 核单 entry for every item after settings.cycle.verify_by of the
    next year (DJ472); two 核单 for one subject and year (DJ475); an item 核销 whose latest
    feedback says it is not done (DJ477).

    Why: 年底核单 (“五单法”): each item is verified at year end, 核销 or not with the reason.
    """
    by_subject = verifications_by_subject(ws)
    for group in by_subject.values():
        for later in group[1:]:
            yield ws.finding("DJ475", Severity.WARNING, "verification", later.id, ("id",),
                             f"{subject_label(ws, later.subject)} {later.year} 年已有核单 {group[0].id}（{cn_date(group[0].date)}），"
                             f"请把本核单的事项并入其中并删除本文件。")
    reported = feedback_by_item(ws)
    for v in sorted(ws.of("verification").values(), key=lambda v: v.id):
        for index, entry in enumerate(v.entries):
            if entry.result != VerifyResult.CLEARED:
                continue
            status = item_status(reported, entry.item, v.date)
            if status is not None and status != ItemStatus.DONE:
                yield ws.finding("DJ477", Severity.WARNING, "verification", v.id, ("entries", index, "result"),
                                 f"事项 {entry.item} 已核销，但截至核单日期最近一次反馈的状态是“{status}”。"
                                 "请核实：确已完成的，补填“已完成”的反馈；否则改为不予核销并写明理由。")
    overdue = {(o.ref[0], o.ref[2].id) for o in red(ws, as_of, "DJ472")}  # analysis/cycle.cycle_obligations
    for year in cycle_years(ws) if overdue else ():
        deadline = verify_deadline(ws, year)
        if as_of <= deadline:
            continue
        for subject, items in lists_in_cycle(ws, year):
            group = by_subject.get((subject, year), [])
            missing = [i.id for i in items if (subject, i.id) in overdue]
            if not missing:
                continue
            who = subject_label(ws, subject)
            hint = f"请完成核单：dj assign verify {who} --year {year} --item 编号 --result 核销。"
            text = f"{who} {year} 年清单中的事项 {_ids(missing)}在 {cn_date(deadline)} 前没有核单。{hint}"
            if group:
                yield ws.finding("DJ472", Severity.WARNING, "verification", group[0].id, ("entries",), text)
            else:
                yield ws.finding("DJ472", Severity.WARNING, "responsibility", missing[0], ("id",), text)


RULES: list[Any] = [check_record_items, check_feedback, check_reminders, check_verification]

