"""Rules of 签单 (DJ440–DJ449): who signs which 责任书, when, and for which version of the list.

Why: 签单 (绍兴“五单法”; 责任书 signed every year, 年初部署).
The questions (who signs for whom, which items a sign-off covers, what changed since) are
answered in ``analysis/signoff.py``, shared with ``dj assign sign``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..analysis.due import red
from ..analysis.signoff import list_change, signed_items, signoffs_by_subject
from ..dates import cn_date
from ..findings import Finding, Severity
from ..models.enums import Tier
from ..resolve import Workspace


def check_signoffs(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Sign-offs: every list (a person's, and the 党组's signed by its 书记) is signed by
    settings.assign.sign_by (DJ440), by someone in post (DJ441), once (DJ443: the earliest
    stands, the later one is named), for the list as it stands (DJ442: items added or removed,
    or the text of a signed item changed, see ``analysis/signoff.item_digest``), and only for a
    list that exists (DJ444).

    Why: 签单 (绍兴“五单法”; 责任书 signed every year, 年初部署).
    """
    for (subject, year), group in signoffs_by_subject(ws).items():
        s = group[0]
        person = ws.people.get(s.person)
        name = person.name if person else s.person
        who = s.body or name
        command = f"dj assign sign {who} --year {year} --replace"
        for extra in group[1:]:
            yield ws.finding("DJ443", Severity.WARNING, "signoff", extra.id, ("date",),
                             f"{who} {year} 年的责任书已于 {cn_date(s.date)} 签订（{s.id}），以最早的签订为准；"
                             f"{extra.id}（{cn_date(extra.date)}）是后来重复的一份，请删除此文件。"
                             f"如确实重新签订，请删除此文件后运行 {command} --date {extra.date.isoformat()}。")
        change = list_change(ws, s)
        if not signed_items(ws, s):
            yield ws.finding("DJ444", Severity.WARNING, "signoff", s.id, ("body",) if s.body else ("person",),
                             f"{who} 没有 {year} 年的责任事项，签订记录没有对应的清单。请先建立责任清单，或删除此记录。")
        elif change:
            yield ws.finding("DJ442", Severity.WARNING, "signoff", s.id, ("items",),
                             f"{who} 签单后 {year} 年责任清单有变化（{change.text()}），请重新签单：{command} --date 签字日期。")
        if person is not None and not person.posts_on(s.date):
            yield ws.finding("DJ441", Severity.WARNING, "signoff", s.id, ("date",),
                             f"{name} 在签订日期 {cn_date(s.date)} 没有任职。请核对签订日期。")
        elif person is not None and s.body and not any(p.tier == Tier.PRINCIPAL for p in person.posts_on(s.date)):
            yield ws.finding("DJ441", Severity.WARNING, "signoff", s.id, ("person",),
                             f"{name} 在签订日期 {cn_date(s.date)} 不是主要负责人，不能代表{s.body}签订责任书。"
                             f"请核对签订日期，或改由当时的{s.body}书记签订。")
        elif s.date.year > year:
            yield ws.finding("DJ441", Severity.WARNING, "signoff", s.id, ("date",),
                             f"{year} 年的责任书签订日期 {cn_date(s.date)} 已在该年度之后。请核对签订日期或年度。")
    for o in red(ws, as_of, "DJ440"):  # analysis/signoff.signoff_obligations
        gap, deadline, year = o.ref, o.due, o.ref.year
        item = gap.items[0]
        field = "person" if item.person else "group" if item.group else "body" if item.body else "department"
        if gap.subject.startswith("body:"):
            body = gap.subject.removeprefix("body:")
            signer = f"由{body}书记{gap.signer.name}代表{body}" if gap.signer else f"由{body}书记代表{body}"
            yield ws.finding("DJ440", Severity.WARNING, "responsibility", item.id, (field,),
                             f"{body} {year} 年的党风廉政建设责任清单尚未签订（应于 {cn_date(deadline)} 前{signer}签订）。"
                             f"签字后请运行 dj assign sign {body} --year {year} --date 签字日期。")
            continue
        person = gap.signer
        via = f"（{item.group}的共同事项）" if item.group else ""
        yield ws.finding("DJ440", Severity.WARNING, "responsibility", item.id, (field,),
                         f"{person.name} 尚未签订 {year} 年的党风廉政建设责任书{via}（应于 {cn_date(deadline)} 前签订）。"
                         f"签字后请运行 dj assign sign {person.name} --year {year} --date 签字日期。")


RULES = [check_signoffs]
