"""Rules on responsibility items in their basic shape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..dates import year_bounds
from ..findings import Finding, Severity
from ..models.enums import GROUP_POST_TIERS, SUBJECT_POST_TIERS
from ..resolve import Workspace
from ..validate import show


def check_subject_in_post(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """The person bearing an item held a post in its year (DJ403) of a fitting tier (DJ404);
    a group item has someone in post to bear it (DJ403, a warning).

    Why: 谁主管谁负责 — a list names someone who actually holds the post.
    """
    for item in ws.items.values():
        if item.group is not None:
            if not ws.group_members(item.group, item.year):
                tiers = "、".join(t.value for t in GROUP_POST_TIERS[item.group])
                yield ws.finding("DJ403", Severity.WARNING, "responsibility", item.id, ("group",),
                                 f"{item.year} 年没有人任{tiers}，责任人群“{item.group}”的这项责任无人承担。"
                                 "请核对年度和人员的任职经历（people/ 中的 posts），或删除此事项。")
            continue
        person = ws.people.get(item.person or "")
        if person is None:
            continue
        first, last = year_bounds(item.year)
        posts = person.posts_in(first, last)
        if not posts:
            yield ws.finding("DJ403", Severity.ERROR, "responsibility", item.id, ("person",),
                             f"{show(person.name)} 在 {item.year} 年没有任何任职，不能作为该年责任事项的责任人。"
                             "请改为当年在岗的人员，或补全其任职经历。")
            continue
        allowed = SUBJECT_POST_TIERS.get(item.tier, ())
        if not any(p.tier in allowed for p in posts):
            held = "、".join(f"{show(p.title)}（{p.tier}）" for p in posts)
            yield ws.finding("DJ404", Severity.WARNING, "responsibility", item.id, ("tier",),
                             f"{show(person.name)} 在 {item.year} 年任 {held}，与责任主体层级“{item.tier}”不符。"
                             "请改正 tier，或核对其任职经历。")


def check_item_year(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Items belong to a year the workspace covers (DJ406)."""
    first = ws.config.first_year
    for item in ws.items.values():
        if item.year > ws.config.year + 1 or (first is not None and item.year < first):
            yield ws.finding("DJ406", Severity.WARNING, "responsibility", item.id, ("year",),
                             f"年度 {item.year} 超出工作区年度范围（dj.yaml 中 first_year 至 year+1），请检查是否笔误。")


RULES = [check_subject_in_post, check_item_year]
