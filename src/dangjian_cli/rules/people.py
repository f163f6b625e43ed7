"""Rules on people and their posts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..dates import post_span
from ..findings import Finding, Severity
from ..models.enums import Tier
from ..resolve import Workspace


def check_post_dates(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A post cannot end before it starts (DJ401)."""
    for person in ws.people.values():
        for i, post in enumerate(person.posts):
            if post.end is not None and post.end < post.start:
                yield ws.finding("DJ401", Severity.ERROR, "person", person.id, ("posts", i, "end"),
                                 f"{person.name} 的第 {i + 1} 段任职（{post.title}）结束日期 {post.end} 早于开始日期 {post.start}。")


def check_departure(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Someone who has left holds no post after leaving (DJ402)."""
    for person in ws.people.values():
        if person.departure is None:
            continue
        left = person.departure.date
        for i, post in enumerate(person.posts):
            if post.end is None or post.end > left:
                yield ws.finding("DJ402", Severity.ERROR, "person", person.id, ("posts", i),
                                 f"{person.name} 已于 {left} {person.departure.reason}，但任职“{post.title}”没有在该日之前结束。"
                                 f"请为这段任职填写 end: {left}。")


def check_single_principal(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """At most one 主要负责人 at a time (DJ405): overlapping terms are usually a missing end date."""
    terms = sorted(
        ((*post_span(post), person, i) for person in ws.people.values()
         for i, post in enumerate(person.posts) if post.tier == Tier.PRINCIPAL),
        key=lambda t: t[0],
    )
    for (s1, e1, p1, _), (s2, e2, p2, i2) in zip(terms, terms[1:]):
        if p1.id != p2.id and s2 <= e1:
            yield ws.finding("DJ405", Severity.WARNING, "person", p2.id, ("posts", i2, "start"),
                             f"{p2.name} 自 {s2} 任主要负责人时，{p1.name} 的主要负责人任职尚未结束。"
                             f"请检查 {p1.name} 的任职结束日期。")


RULES = [check_post_dates, check_departure, check_single_principal]
