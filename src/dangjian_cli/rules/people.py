"""Rules on people and their posts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..dates import post_span
from ..findings import Finding, Severity
from ..models.enums import Tier
from ..resolve import Workspace
from ..validate import invisible_chars, lookup_key, show


def check_post_dates(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A post cannot end before it starts (DJ401)."""
    for person in ws.people.values():
        for i, post in enumerate(person.posts):
            if post.end is not None and post.end < post.start:
                yield ws.finding("DJ401", Severity.ERROR, "person", person.id, ("posts", i, "end"),
                                 f"{show(person.name)} 的第 {i + 1} 段任职（{show(post.title)}）结束日期 {post.end} 早于开始日期 {post.start}。")


def check_departure(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Someone who has left holds no post after leaving (DJ402)."""
    for person in ws.people.values():
        if person.departure is None:
            continue
        left = person.departure.date
        for i, post in enumerate(person.posts):
            if post.end is not None and post.end <= left:
                continue
            if left < post.start:
                # Why not "end: left": that end would precede the start (DJ401); the
                # departure date or this post is what is wrong.
                yield ws.finding("DJ402", Severity.ERROR, "person", person.id, ("departure", "date"),
                                 f"{show(person.name)} 的离任日期 {left} 早于任职“{show(post.title)}”的开始日期 {post.start}。"
                                 f"请核对离任日期（不应早于 {post.start}），或核对这段任职的开始日期。")
            else:
                yield ws.finding("DJ402", Severity.ERROR, "person", person.id, ("posts", i),
                                 f"{show(person.name)} 已于 {left} {person.departure.reason}，但任职“{show(post.title)}”没有在该日之前结束。"
                                 f"请为这段任职填写 end: {left}。")


def check_single_principal(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """At most one 主要负责人 at a time (DJ405): overlapping terms are usually a missing end date.

    Every term is compared with every earlier one, not only its neighbour: A from 2020
    without end, B in 2022, C from 2023 — C overlaps A even though B ended before C began.
    """
    terms = sorted(
        ((*post_span(post), person, i) for person in ws.people.values()
         for i, post in enumerate(person.posts) if post.tier == Tier.PRINCIPAL),
        key=lambda t: (t[0], t[2].id, t[3]),
    )
    for n, (s2, _e2, p2, i2) in enumerate(terms):
        earlier = list(dict.fromkeys(show(p1.name) for s1, e1, p1, _ in terms[:n] if p1.id != p2.id and s2 <= e1))
        if earlier:
            names = "、".join(earlier)
            yield ws.finding("DJ405", Severity.WARNING, "person", p2.id, ("posts", i2, "start"),
                             f"{show(p2.name)} 自 {s2} 任主要负责人时，{names} 的主要负责人任职尚未结束。"
                             f"请检查 {names} 的任职结束日期。")


def check_invisible_names(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Names and post titles hold no invisible characters (DJ209).

    Why: "张三<U+3000>" looks like "张三" but is another name; lookups ignore such characters
    (``Workspace.find_person``), but reports and lists would show two spellings.
    """
    places = [("person", p.id, ("name",), p.name) for p in ws.people.values()]
    places += [("person", p.id, ("posts", i, "title"), post.title) for p in ws.people.values() for i, post in enumerate(p.posts)]
    places += [("department", d.id, ("name",), d.name) for d in ws.departments.values()]
    for kind, record_id, loc, value in places:
        hidden = invisible_chars(value)
        if hidden:
            yield ws.finding("DJ209", Severity.WARNING, kind, record_id, loc,
                             f"“{show(value)}”含有看不见的字符 {'、'.join(hidden)}，看起来相同的名称会被当作不同。"
                             f"请删除这些字符，写成“{show(lookup_key(value))}”。")


RULES = [check_post_dates, check_departure, check_single_principal, check_invisible_names]
