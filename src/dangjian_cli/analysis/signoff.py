"""Queries about 签单 (sign-offs), shared by ``rules/signoff.py`` and ``dj assign sign``/``letter``.

Pure: a Workspace (and dates) in, values out.

The digest of a signed item
---------------------------
A sign-off keeps, for every item signed, the first 12 hex digits of the sha256 of the item's
*text as signed*: ``content``, ``targets``, ``accountability``, ``duty``, ``duty_label``, ``area``,
``topics``, ``scope``, ``deadline``, ``period`` and ``evidence`` (``DIGEST_FIELDS``). These are what
the person promised when signing; a later change of any of them is a different 责任书, so
``dj check`` asks for a new signature (DJ442). Left out on purpose: where the item stands in
the document (``list``, ``chapter``, ``article``, ``order``), its subject fields (a change of
subject moves the item to another list, which the id comparison already sees), and
``authority``, ``basis``, ``category``, ``suppress`` — renumbering a list, citing a rule more
exactly or reformatting a file (quotes, comments, key order, flow or block lists) does not
change what was promised. Values are compared as data (canonical JSON), never as file text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..analysis.assign import years_in_progress
from ..dates import year_bounds
from ..models.assign import SignOff
from ..models.enums import Tier
from ..models.people import Person
from ..models.responsibility import ResponsibilityItem
from ..resolve import Workspace
from .due import Obligation, obligation_id, register_obligations, source_of

DIGEST_FIELDS = ("content", "targets", "accountability", "duty", "duty_label", "area", "topics", "scope",
                 "deadline", "period", "evidence")


def item_digest(item: ResponsibilityItem) -> str:
    """sha256 (first 12 hex digits) of the item's signed text (``DIGEST_FIELDS``)."""
    data = item.model_dump(mode="json", include=set(DIGEST_FIELDS))
    text = json.dumps({k: data.get(k) for k in DIGEST_FIELDS}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def body_subject(ws: Workspace) -> str:
    """The subject key of the 党组's list (``body:党组``)."""
    return f"body:{ws.config.organization.party_body}"


def is_body_key(ws: Workspace, key: str) -> bool:
    """Whether a command's subject argument means the 党组 (its configured name, or 党组)."""
    return key in (ws.config.organization.party_body, "党组", "body", body_subject(ws))


def principal_on(ws: Workspace, day: dt.date) -> Person | None:
    """The 主要负责人 (党组书记) in post on day; of several, the first by id."""
    for person in sorted(ws.people.values(), key=lambda p: p.id):
        if any(post.tier == Tier.PRINCIPAL for post in person.posts_on(day)):
            return person
    return None


def signed_items(ws: Workspace, signoff: SignOff) -> list[ResponsibilityItem]:
    """The list the sign-off is for, as it stands now (the 党组's list for a body sign-off)."""
    return ws.items_of(signoff.subject, signoff.year)


def signoffs_by_subject(ws: Workspace) -> dict[tuple[str, int], list[SignOff]]:
    """(subject, year) → sign-offs, the one that stands first: the earliest by date, then id."""
    groups: dict[tuple[str, int], list[SignOff]] = defaultdict(list)
    for s in sorted(ws.of("signoff").values(), key=lambda s: (s.date, s.id)):
        groups[(s.subject, s.year)].append(s)
    return groups


def standing_signoff(ws: Workspace, subject: str, year: int) -> SignOff | None:
    """The sign-off that stands for subject's list of year (the earliest), or None."""
    group = signoffs_by_subject(ws).get((subject, year))
    return group[0] if group else None


@dataclass
class ListChange:
    """How a list differs from what was signed."""

    added: list[str]
    removed: list[str]
    changed: list[str]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def text(self) -> str:
        parts = [f"新增 {'、'.join(self.added)}" if self.added else "",
                 f"删除 {'、'.join(self.removed)}" if self.removed else "",
                 f"修改了内容 {'、'.join(self.changed)}" if self.changed else ""]
        return "；".join(p for p in parts if p)


def list_change(ws: Workspace, signoff: SignOff) -> ListChange | None:
    """What changed since signing; None when the sign-off records no items (nothing to compare).

    Items signed with a digest are compared by their text too; items signed before digests
    were kept (bare ids) only by id.
    """
    if not signoff.items:
        return None
    current = {i.id: i for i in signed_items(ws, signoff)}
    signed = {x.id: x.digest for x in signoff.items}
    changed = [i for i, digest in signed.items() if digest and i in current and item_digest(current[i]) != digest]
    return ListChange(added=[i for i in current if i not in signed], removed=sorted(i for i in signed if i not in current),
                      changed=[i for i in current if i in changed])


@dataclass
class Unsigned:
    """A list that should have been signed by the deadline and was not."""

    subject: str  # person id or body:党组
    year: int
    items: list[ResponsibilityItem]
    signer: Person | None  # who should sign (the 书记 for the 党组)


def unsigned_lists(ws: Workspace, year: int) -> Iterator[Unsigned]:
    """Lists of year with no sign-off: the 党组's (if it has items) and every person's in post in
    the year whose list (own items, or a group's they belonged to) is not empty."""
    signed = signoffs_by_subject(ws)
    body = body_subject(ws)
    body_items = ws.items_of(body, year)
    if body_items and (body, year) not in signed:
        first, last = year_bounds(year)
        yield Unsigned(body, year, body_items, principal_on(ws, first) or principal_on(ws, last))
    for person in sorted(ws.people.values(), key=lambda p: p.id):
        if (person.id, year) in signed or not person.posts_in(*year_bounds(year)):
            continue
        items = ws.items_of(person.id, year)
        if items:
            yield Unsigned(person.id, year, items, person)


def sign_years(ws: Workspace) -> list[int]:
    """The years whose lists must be signed (the years under 责任分解)."""
    return years_in_progress(ws)


# --- obligations (dj due; DJ440 of dj check) ---------------------------------------------------------


def lists_to_sign(ws: Workspace, year: int) -> Iterator[Unsigned]:
    """Every list of year to be signed, signed or not (``unsigned_lists`` without the test for a sign-off)."""
    body = body_subject(ws)
    body_items = ws.items_of(body, year)
    if body_items:
        first, last = year_bounds(year)
        yield Unsigned(body, year, body_items, principal_on(ws, first) or principal_on(ws, last))
    for person in sorted(ws.people.values(), key=lambda p: p.id):
        if person.posts_in(*year_bounds(year)) and (items := ws.items_of(person.id, year)):
            yield Unsigned(person.id, year, items, person)


def signoff_obligations(ws: Workspace) -> Iterator[Obligation]:
    """Each list of a year under 责任分解 signed by settings.assign.sign_by (DJ440); met by the
    sign-off that stands (the earliest)."""
    from .assign import sign_deadline
    signed = signoffs_by_subject(ws)
    for year in sign_years(ws):
        deadline = sign_deadline(ws, year)
        if deadline is None:
            continue
        for gap in lists_to_sign(ws, year):
            item = gap.items[0]
            field = "person" if item.person else "group" if item.group else "body" if item.body else "department"
            group = signed.get((gap.subject, year))
            who = gap.subject.removeprefix("body:") if gap.subject.startswith("body:") else (gap.signer.name if gap.signer else gap.subject)
            yield Obligation(
                id=obligation_id("sign", gap.subject, deadline, str(year)), what=f"{who}签订 {year} 年党风廉政建设责任书",
                who=gap.signer.id if gap.signer is not None and not gap.subject.startswith("body:") else gap.subject, due=deadline,
                done_on=group[0].date if group else None, source=source_of(ws, "responsibility", item.id, (field,)),
                code="DJ440", ref=gap)


register_obligations(signoff_obligations)
