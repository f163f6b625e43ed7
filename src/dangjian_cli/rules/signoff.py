"""Rules of 签单 (DJ440–DJ449): who signs which 责任书, when, and for which version of the list.

Why: 签单 (绍兴“五单法”; 责任书 signed every year, 年初部署).
The questions (who signs for whom, which items a sign-off covers, what changed since) are
answered in ``analysis/signoff.py``, shared with ``dj assign sign``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from ..analysis.assign import lists_of, sign_deadline, years_in_progress
from ..dates import cn_date, year_bounds
from ..findings import Finding, Severity
from ..models.assign import SignOff
from ..resolve import Workspace


def check_signoffs(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Sign-offs: everyone with a list signs it by settings.assign.sign_by (DJ440), in post (DJ441),
    once (DJ443), for the list as it stands (DJ442), and only for a list that exists (DJ444).

    Why: 签单 (绍兴“五单法”; 责任书 signed every year, 年初部署).
    """
    signoffs: dict[tuple[str, int], list[SignOff]] = defaultdict(list)
    for s in sorted(ws.of("signoff").values(), key=lambda s: s.id):
        signoffs[(s.person, s.year)].append(s)
    for (pid, year), group in signoffs.items():
        current = [i.id for i in ws.items_of(pid, year)]
        person = ws.people.get(pid)
        name = person.name if person else pid
        for extra in group[1:]:
            yield ws.finding("DJ443", Severity.WARNING, "signoff", extra.id, ("person",),
                             f"{name} {year} 年的责任书已有签订记录 {group[0].id}，请删除重复的一份。")
        s = group[0]
        if not current:
            yield ws.finding("DJ444", Severity.WARNING, "signoff", s.id, ("person",),
                             f"{name} 没有 {year} 年的责任事项，签订记录没有对应的清单。请先建立责任清单，或删除此记录。")
        elif s.items and {x.id for x in s.items} != set(current):
            signed = {x.id for x in s.items}
            added = sorted(set(current) - signed)
            removed = sorted(signed - set(current))
            change = "；".join(part for part in (f"新增 {'、'.join(added)}" if added else "", f"删除 {'、'.join(removed)}" if removed else "") if part)
            yield ws.finding("DJ442", Severity.WARNING, "signoff", s.id, ("items",),
                             f"{name} 签单后 {year} 年责任清单有变化（{change}），请重新签单：dj assign sign {name} --year {year}。")
        if person is not None and not person.posts_on(s.date):
            yield ws.finding("DJ441", Severity.WARNING, "signoff", s.id, ("date",),
                             f"{name} 在签订日期 {cn_date(s.date)} 没有任职。请核对签订日期。")
        elif s.date.year > year:
            yield ws.finding("DJ441", Severity.WARNING, "signoff", s.id, ("date",),
                             f"{year} 年的责任书签订日期 {cn_date(s.date)} 已在该年度之后。请核对签订日期或年度。")
    for year in years_in_progress(ws):
        deadline = sign_deadline(ws, year)
        if deadline is None or as_of <= deadline:
            continue
        for pid, items in lists_of(ws, year):
            if pid is None or (pid, year) in signoffs:
                continue
            person = ws.people.get(pid)
            if person is None or not person.posts_in(*year_bounds(year)):
                continue
            yield ws.finding("DJ440", Severity.WARNING, "responsibility", items[0].id, ("person",),
                             f"{person.name} 尚未签订 {year} 年的党风廉政建设责任书（应于 {cn_date(deadline)} 前签订）。"
                             f"签字后请运行 dj assign sign {person.name} --year {year} --date 签字日期。")


RULES = [check_signoffs]
