"""dj assign feedback / remind / reply / verify: the 反馈单, 提示单 and 核单 of the 五单法 cycle.

Each returns a ``write.Plan``. A 反馈单 is one file per subject and day (a second call on the
same day adds or updates that item's entry); a 提示单 is one file per issue; a 核单 is one file
per subject and year, whose entries ``verify`` adds or updates. Edits of existing files are
round-trip (comments and key order kept). Dates come from the caller, never the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..analysis.cycle import subject_items, subject_label
from ..dates import cn_date
from ..errors import ConfigError, DjError
from ..models.cycle import Feedback, FeedbackEntry, ItemStatus, Reminder, Verification, VerificationEntry, VerifyResult
from ..models.enums import Tier
from ..models.responsibility import ResponsibilityItem
from ..resolve import Workspace
from ..write import FileChange, Plan
from .assign import find_person
from .yamledit import dump_new, dump_rt, load_rt, set_field, validate

FEEDBACK_FIELDS = list(Feedback.model_fields)
REMINDER_FIELDS = list(Reminder.model_fields)
VERIFICATION_FIELDS = list(Verification.model_fields)
BODY_SLUGS = {"党组": "dz", "领导班子": "bz", "纪检组": "jjz"}


@dataclass(frozen=True)
class Subject:
    """Whose list: ``key`` as ``ResponsibilityItem.subject``, the record field that names it."""

    key: str
    field: str  # person, body or department
    value: str
    label: str

    @property
    def slug(self) -> str:
        """The subject's part of a file name: the person's or department's id; ``dz`` for the 党组."""
        if self.field != "body":
            return self.value
        import hashlib

        return BODY_SLUGS.get(self.value) or "body-" + hashlib.sha1(self.value.encode("utf-8")).hexdigest()[:6]


def find_subject(ws: Workspace, key: str) -> Subject:
    """A person (id or name), the party body (党组, or a body named in the items) or a department (id or name)."""
    bodies = {ws.config.organization.party_body, "党组"} | {i.body for i in ws.items.values() if getattr(i, "body", None)}
    if key in bodies:
        body = ws.config.organization.party_body if key == "党组" else key
        return Subject(f"body:{body}", "body", body, body)
    if ws.find_person(key) is None:
        department = ws.departments.get(key) or next((d for d in ws.departments.values() if d.name == key), None)
        if department is not None:
            return Subject(f"department:{department.id}", "department", department.id, department.name)
    person = find_person(ws, key)
    return Subject(person.id, "person", person.id, person.name)


def _items(ws: Workspace, subject: Subject, ids: list[str], year: int | None) -> tuple[int, list[ResponsibilityItem]]:
    """The items by id, all of the subject's list of one year (the year of the items unless given)."""
    if not ids:
        raise ConfigError("请用 --item 给出责任事项编号，可重复。编号可用 dj assign list 查看。")
    items = []
    for item_id in ids:
        item = ws.items.get(item_id)
        if item is None:
            raise ConfigError(f"找不到责任事项 {item_id}。请用 dj assign list --year 年度 查看编号；有错误的记录须先按 dj check 的提示改正。")
        items.append(item)
    years = sorted({i.year for i in items})
    if year is None:
        if len(years) > 1:
            raise ConfigError(f"给出的事项分属 {'、'.join(map(str, years))} 年，请每次只填一个年度的事项。")
        year = years[0]
    own = {i.id for i in subject_items(ws, subject.key, year)}
    for item in items:
        if item.year != year:
            raise DjError(f"事项 {item.id} 是 {item.year} 年清单中的，不是 {year} 年的。请核对 --item 或 --year。")
        if item.id not in own:
            raise DjError(f"事项 {item.id} 是{subject_label(ws, item.subject)}的责任事项，不在{subject.label} {year} 年的清单中。"
                          f"请核对 --item，或改填该事项的责任人。")
    return year, items


def _holder(ws: Workspace, tier: Tier, day: dt.date) -> str | None:
    """The id of the one person holding a post of tier on day (the first by id when several)."""
    holders = sorted(p.id for p in ws.people.values() if any(post.tier == tier for post in p.posts_on(day)))
    return holders[0] if holders else None


def _person_id(ws: Workspace, key: str | None) -> str | None:
    return find_person(ws, key).id if key else None


def _open(ws: Workspace, kind: str, record_id: str) -> tuple[str, Any]:
    rel = ws.paths[(kind, record_id)]
    return rel, load_rt((ws.root / rel).read_bytes(), rel)


def _new_path(ws: Workspace, rel: str) -> str:
    if (ws.root / rel).exists():
        raise DjError(f"文件 {rel} 已存在但无法读取，请先运行 dj check 并改正其中的错误。")
    return rel


def _upsert_entry(data: Any, entry: dict[str, Any], order: list[str]) -> bool:
    """Put entry into data["entries"] in place of the entry of the same item (True), or at the end."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    entries = data.get("entries")
    if not isinstance(entries, CommentedSeq):
        set_field(data, "entries", [entry], FEEDBACK_FIELDS)
        return False
    for old in entries:
        if isinstance(old, CommentedMap) and old.get("item") == entry["item"]:
            for key in order:
                if key != "item":
                    set_field(old, key, entry.get(key), order)
            return True
    entries.append(CommentedMap(entry))
    return False


# --- 反馈单 --------------------------------------------------------------------------------------


def plan_feedback(
    ws: Workspace, key: str, items: list[str], progress: list[str], statuses: list[str] | None, evidence: list[str] | None,
    day: dt.date, year: int | None = None, reported_by: str | None = None,
) -> Plan:
    """Record a subject's progress on items of their list on day.

    progress: one text per item (or one for all); statuses likewise (default 推进中); evidence
    applies to every entry. The subject's 反馈单 of that day gets the entries (an entry of the
    same item is replaced); the 党组's is reported by the 主要负责人 (书记) unless given.
    """
    subject = find_subject(ws, key)
    year, found = _items(ws, subject, items, year)
    if len(progress) not in (1, len(found)):
        raise ConfigError(f"给出了 {len(found)} 个事项、{len(progress)} 条 --progress：请每个事项给一条，或只给一条用于全部事项。")
    statuses = statuses or [ItemStatus.IN_PROGRESS.value]
    if len(statuses) not in (1, len(found)):
        raise ConfigError(f"给出了 {len(found)} 个事项、{len(statuses)} 个 --status：请每个事项给一个，或只给一个用于全部事项。")
    known = [s.value for s in ItemStatus]
    for status in statuses:
        if status not in known:
            raise ConfigError(f"状态“{status}”无效，只能是：{'、'.join(known)}。")
    entries = []
    for n, item in enumerate(found):
        entry: dict[str, Any] = {"item": item.id, "progress": progress[n if len(progress) > 1 else 0],
                                 "status": statuses[n if len(statuses) > 1 else 0]}
        if evidence:
            entry["evidence"] = list(evidence)
        entries.append(entry)
    reporter = _person_id(ws, reported_by)
    if reporter is None and subject.field == "body":
        reporter = _holder(ws, Tier.PRINCIPAL, day)
    record_id = f"{year}-fk-{subject.slug}-{day.isoformat()}"
    what = "、".join(i.id for i in found)
    message = f"反馈单：{subject.label} {cn_date(day)} 反馈 {year} 年责任事项落实情况（{what}）"
    if record_id in ws.of("feedback"):
        rel, loaded = _open(ws, "feedback", record_id)
        order = list(FeedbackEntry.model_fields)
        for entry in entries:
            _upsert_entry(loaded.data, {k: entry.get(k) for k in order if entry.get(k) is not None}, order)
        validate(Feedback, loaded.data, f"反馈单 {record_id}", ConfigError)
        return Plan("assign feedback", message, [FileChange(rel, dump_rt(loaded))])
    rel = _new_path(ws, f"feedback/{year}/{record_id}.yaml")
    data: dict[str, Any] = {"id": record_id, "year": year, "date": day, subject.field: subject.value}
    if reporter is not None and reporter != subject.value:
        data["reported_by"] = reporter
    data["entries"] = entries
    validate(Feedback, data, f"反馈单 {record_id}", ConfigError)
    return Plan("assign feedback", message, [FileChange(rel, dump_new(data))])


# --- 提示单 --------------------------------------------------------------------------------------


def next_reminder_id(ws: Workspace, year: int, subject: Subject) -> str:
    n = 1
    while True:
        candidate = f"{year}-ts-{subject.slug}-{n:02d}"
        if candidate not in ws.of("reminder") and not (ws.root / f"reminders/{year}/{candidate}.yaml").exists():
            return candidate
        n += 1


def plan_remind(
    ws: Workspace, key: str, items: list[str], reason: str, day: dt.date, reply_by: dt.date | None = None,
    by: str | None = None, year: int | None = None,
) -> tuple[str, Plan]:
    """Issue a 提示单 to a subject about items of their list; reply_by defaults to day plus
    settings.cycle.reply_days; by defaults to the 纪检监察负责人 in post on day."""
    subject = find_subject(ws, key)
    year, found = _items(ws, subject, items, year)
    if not reason.strip():
        raise ConfigError("请用 --reason 写明提示原因。")
    issuer = _person_id(ws, by) or _holder(ws, Tier.DISCIPLINE, day)
    if issuer is None:
        raise ConfigError(f"{cn_date(day)} 没有在岗的纪检监察负责人，请用 --by 给出发出提示单的人员。")
    due = reply_by or day + dt.timedelta(days=ws.config.settings.cycle.reply_days)
    record_id = next_reminder_id(ws, year, subject)
    data: dict[str, Any] = {"id": record_id, "year": year, "date": day, "by": issuer, subject.field: subject.value,
                            "items": [i.id for i in found], "reason": reason, "reply_by": due}
    validate(Reminder, data, f"提示单 {record_id}", ConfigError)
    rel = _new_path(ws, f"reminders/{year}/{record_id}.yaml")
    message = f"提示单：{ws.name_of(issuer)} 向{subject.label}发出提示（{'、'.join(data['items'])}），请于 {cn_date(due)} 前回复"
    return record_id, Plan("assign remind", message, [FileChange(rel, dump_new(data))])


def plan_reply(ws: Workspace, reminder_id: str, text: str, day: dt.date, replace: bool = False) -> Plan:
    """Record the subject's reply to a 提示单 (in place; comments kept)."""
    reminder = ws.of("reminder").get(reminder_id)
    if reminder is None:
        raise ConfigError(f"找不到提示单 {reminder_id}。请查看 reminders/ 目录中的编号；有错误的记录须先按 dj check 的提示改正。")
    if not text.strip():
        raise ConfigError("请用 --text 写明回复内容。")
    if reminder.reply is not None and not replace:
        raise DjError(f"提示单 {reminder_id} 已于 {cn_date(reminder.reply.date)} 回复。如要改为这次的回复，请加上 --replace 再运行。")
    if day < reminder.date:
        raise DjError(f"回复日期 {cn_date(day)} 早于提示单的发出日期 {cn_date(reminder.date)}，请核对 --date。")
    rel, loaded = _open(ws, "reminder", reminder_id)
    set_field(loaded.data, "reply", {"date": day, "text": text}, REMINDER_FIELDS)
    validate(Reminder, loaded.data, f"提示单 {reminder_id}", ConfigError)
    who = subject_label(ws, reminder.subject)
    return Plan("assign reply", f"提示单：{who} {cn_date(day)} 回复提示单 {reminder_id}", [FileChange(rel, dump_rt(loaded))])


# --- 核单 ----------------------------------------------------------------------------------------


def plan_verify(
    ws: Workspace, key: str, year: int | None, item: str, result: str, reason: str | None, day: dt.date,
    by: str | None = None,
) -> Plan:
    """Add or update the entry of item in the subject's 核单 of year (a new 核单 when there is none);
    by defaults to the 纪检监察负责人 in post on day."""
    subject = find_subject(ws, key)
    year, found = _items(ws, subject, [item], year)
    results = [r.value for r in VerifyResult]
    if result not in results:
        raise ConfigError(f"核销结果“{result}”无效，只能是：{'、'.join(results)}。")
    if result == VerifyResult.NOT_CLEARED.value and not (reason or "").strip():
        raise ConfigError("不予核销时请用 --reason 写明理由。")
    entry: dict[str, Any] = {"item": found[0].id, "result": result}
    if reason:
        entry["reason"] = reason
    message = f"核单：{subject.label} {year} 年责任事项 {found[0].id} {result}"
    existing = sorted((v for v in ws.of("verification").values() if v.subject == subject.key and v.year == year),
                      key=lambda v: (v.date, v.id))
    if existing:
        record_id = existing[0].id
        rel, loaded = _open(ws, "verification", record_id)
        _upsert_entry(loaded.data, entry, list(VerificationEntry.model_fields))
        validate(Verification, loaded.data, f"核单 {record_id}", ConfigError)
        return Plan("assign verify", message, [FileChange(rel, dump_rt(loaded))])
    verifier = _person_id(ws, by) or _holder(ws, Tier.DISCIPLINE, day)
    if verifier is None:
        raise ConfigError(f"{cn_date(day)} 没有在岗的纪检监察负责人，请用 --by 给出核单人。")
    record_id = f"{year}-hd-{subject.slug}"
    rel = _new_path(ws, f"verifications/{year}/{record_id}.yaml")
    data = {"id": record_id, "year": year, "date": day, "by": verifier, subject.field: subject.value, "entries": [entry]}
    validate(Verification, data, f"核单 {record_id}", ConfigError)
    return Plan("assign verify", message, [FileChange(rel, dump_new(data))])


# --- progress (read) -----------------------------------------------------------------------------


@dataclass
class ItemProgress:
    """Where one item stands in the cycle: its latest feedback, open 提示单 and 核单 result."""

    item: str
    subject: str
    area: str
    status: str | None
    last_feedback: dt.date | None
    feedback_count: int
    open_reminders: list[str]
    verification: str | None
    reason: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "subject": self.subject, "area": self.area, "status": self.status,
                "last_feedback": self.last_feedback.isoformat() if self.last_feedback else None,
                "feedback_count": self.feedback_count, "open_reminders": self.open_reminders,
                "verification": self.verification, "reason": self.reason}


@dataclass
class Progress:
    """``dj assign progress``: the items of a year by subject, each with its place in the cycle."""

    year: int
    items: list[ItemProgress]

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "items": [i.to_dict() for i in self.items]}

    def text(self) -> str:
        lines = [f"{self.year} 年五单法进度（清单 → 签单 → 反馈单 → 提示单 → 核单）"]
        subject = None
        for row in self.items:
            if row.subject != subject:
                subject = row.subject
                lines.append(f"{subject}")
            status = (f"{row.status}（{cn_date(row.last_feedback)}，反馈 {row.feedback_count} 次）"
                      if row.status and row.last_feedback else "未反馈")
            parts = [f"  {row.item}  {row.area}  {status}"]
            if row.open_reminders:
                parts.append(f"提示单 {'、'.join(row.open_reminders)} 未回复")
            if row.verification:
                parts.append(row.verification + (f"：{row.reason}" if row.reason else ""))
            else:
                parts.append("未核单")
            lines.append("  ".join(parts))
        if not self.items:
            lines.append("（没有责任事项）")
        return "\n".join(lines) + "\n"


def progress(ws: Workspace, year: int | None = None, key: str | None = None) -> Progress:
    """Each item of year (of one subject when key is given): latest status, open 提示单, 核单 result."""
    from ..analysis.cycle import feedback_by_item, item_status, lists_in_cycle, verifications_by_subject, verified

    year = year if year is not None else ws.config.year
    reported = feedback_by_item(ws)
    wanted = find_subject(ws, key).key if key else None
    open_by_item: dict[str, list[str]] = {}
    for reminder in sorted(ws.of("reminder").values(), key=lambda r: r.id):
        if reminder.reply is None:
            for item_id in reminder.items:
                open_by_item.setdefault(item_id, []).append(reminder.id)
    rows = []
    by_subject = verifications_by_subject(ws)
    for subject, items in lists_in_cycle(ws, year):
        if wanted is not None and subject != wanted:
            continue
        done = verified(by_subject.get((subject, year), []))
        for item in items:
            entries = reported.get(item.id, [])
            status = item_status(reported, item.id)
            entry = done.get(item.id)
            rows.append(ItemProgress(
                item.id, subject_label(ws, subject), item.area, status.value if status else None,
                entries[-1].date if entries else None, len(entries), open_by_item.get(item.id, []),
                entry.result.value if entry else None, entry.reason if entry else None))
    return Progress(year, rows)
