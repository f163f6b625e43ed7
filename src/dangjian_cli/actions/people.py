"""dj dept / dj person: set up departments and people, move someone to a new post, record a departure.

Each function returns a ``write.Plan``; ``write.apply_plan`` writes and commits it. A new
record is a new file in the house style (``dump_new``); a move or a departure edits the
person's file in place (round-trip: comments, key order and quoting kept). The result is
validated with the model before anything is planned, so a refused command writes nothing.

Why the day before: ``move`` ends the current post(s) on the day before the new post
starts. Post dates are inclusive, so ending on the handover day itself would have the
person hold both posts that day, and their successor in the old post would share it with
them (DJ405 for 主要负责人).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from ..errors import ConfigError, DjError
from ..models.enums import DepartureReason, Tier
from ..models.people import Department, Person, Post
from ..resolve import Workspace
from ..write import FileChange, Plan
from .common import find_person
from .yamledit import dump_new, dump_rt, load_rt, set_field, update_seq, validate

PERSON_FIELDS = list(Person.model_fields)
POST_FIELDS = list(Post.model_fields)
DEPARTMENT_FIELDS = list(Department.model_fields)
PEOPLE_FOLDER = "people"
DEPARTMENT_FOLDER = "departments"
_NUMBERED = re.compile(r"^(?:p|d)-(\d+)$")


def load(root: Any) -> Workspace:
    """People and departments (records with errors are left out, as in dj check)."""
    from ..pipeline import read_workspace

    return read_workspace(root, frozenset({"person", "department"}))


# --- values from the command line ----------------------------------------------------------


def tier_of(value: str) -> str:
    """A post tier as written in the regulations, or a usage error listing them all."""
    text = value.strip()
    tiers = [t.value for t in Tier]
    if text in tiers:
        return text
    close = difflib.get_close_matches(text, tiers, n=1, cutoff=0.3)
    hint = f"是否应为“{close[0]}”？" if close else ""
    raise ConfigError(f"“{value}”不是任职层级，只能是：{'、'.join(tiers)}。{hint}")


def reason_of(value: str) -> str:
    text = value.strip()
    reasons = [r.value for r in DepartureReason]
    if text in reasons:
        return text
    raise ConfigError(f"“{value}”不是离任原因，只能是：{'、'.join(reasons)}。")


def find_department(ws: Workspace, key: str) -> str:
    """A department's id, given its id or its unique name."""
    text = key.strip()
    if text in ws.departments:
        return text
    named = [d.id for d in ws.departments.values() if d.name.strip() == text]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise ConfigError(f"有 {len(named)} 个部门名叫“{key}”（{'、'.join(sorted(named))}），请改用部门编号。")
    known = "、".join(f"{d.id}（{d.name}）" for d in sorted(ws.departments.values(), key=lambda d: d.id)) or "（还没有部门）"
    raise ConfigError(f"找不到部门“{key}”。已有的部门：{known}。如需新建，请先运行 dj dept add --name 部门名称。")


def _remit(ws: Workspace, values: list[str] | None) -> list[str]:
    """分管范围: a department's name becomes its id; other words (经费管理使用) stay as written."""
    out: list[str] = []
    for value in values or []:
        text = value.strip()
        if not text:
            continue
        ids = [d.id for d in ws.departments.values() if d.name.strip() == text]
        out.append(ids[0] if len(ids) == 1 else text)
    return list(dict.fromkeys(out))


def _taken(ws: Workspace, kind: str, folder: str) -> set[str]:
    """Ids in use: valid records, and the file names of any record file (valid or not)."""
    ids = set(ws.of(kind))
    base = ws.root / folder
    if base.is_dir():
        ids |= {p.stem for p in base.rglob("*") if p.suffix.lower() in (".yaml", ".yml")}
    return ids


def next_id(ws: Workspace, kind: str, folder: str, prefix: str) -> str:
    """``p-01``, ``d-01``…: one more than the highest such number in use."""
    taken = _taken(ws, kind, folder)
    numbers = [int(m[1]) for m in map(_NUMBERED.match, taken) if m and m[0].startswith(prefix + "-")]
    return f"{prefix}-{max(numbers, default=0) + 1:02d}"


def _new_id(ws: Workspace, kind: str, folder: str, prefix: str, given: str | None, what: str) -> str:
    if not given:
        return next_id(ws, kind, folder, prefix)
    record_id = given.strip()
    if record_id in _taken(ws, kind, folder):
        raise DjError(f"{what}编号 {record_id} 已被使用（{folder}/ 中已有此编号的文件），请换一个编号，或不填 --id 由 dj 自动编号。")
    return record_id


# --- dept add ------------------------------------------------------------------------------


def plan_department_add(ws: Workspace, name: str, record_id: str | None = None, note: str | None = None) -> Plan:
    """A new department file ``departments/<id>.yaml``.

    Raises:
        DjError: the id is taken, or a department of that name exists (give --id to add
            a second one on purpose).
    """
    name = name.strip()
    if not name:
        raise ConfigError("部门名称不能为空，请用 --name 给出，例如 --name 办公室。")
    same = [d.id for d in ws.departments.values() if d.name.strip() == name]
    if same and not record_id:
        raise DjError(f"已有名为“{name}”的部门（{'、'.join(same)}），未重复新建。确需再建一个同名部门，请用 --id 指定新编号。")
    record_id = _new_id(ws, "department", DEPARTMENT_FOLDER, "d", record_id, "部门")
    data: dict[str, Any] = {"id": record_id, "name": name}
    if note and note.strip():
        data["note"] = note.strip()
    validate(Department, data, f"部门 {name}", ConfigError)
    path = f"{DEPARTMENT_FOLDER}/{record_id}.yaml"
    return Plan("dept add", f"人员与部门：新增部门 {name}（{record_id}）", [FileChange(path, dump_new(data))])


# --- person add ----------------------------------------------------------------------------


def _post(ws: Workspace, title: str, tier: str, start: dt.date, department: str | None, remit: list[str] | None) -> dict[str, Any]:
    title = (title or "").strip()
    if not title:
        raise ConfigError("职务不能为空，请用 --title 给出，例如 --title 办公室主任。")
    post: dict[str, Any] = {"title": title, "tier": tier_of(tier)}
    if department:
        post["department"] = find_department(ws, department)
    post["start"] = _fresh(start)
    remits = _remit(ws, remit)
    if remits:
        post["remit"] = remits
    return post


def plan_person_add(
    ws: Workspace, name: str, title: str, tier: str, start: dt.date, *, department: str | None = None,
    remit: list[str] | None = None, gender: str | None = None, record_id: str | None = None,
    party_member: bool = True, note: str | None = None,
) -> Plan:
    """A new person file ``people/<id>.yaml`` with one post starting on start.

    Raises:
        DjError: the id is taken, or someone of that name exists (give --id to add a
            namesake on purpose).
        ConfigError: an unknown tier or department, a value the model refuses.
    """
    name = (name or "").strip()
    if not name:
        raise ConfigError("姓名不能为空，请用 --name 给出，例如 --name 张三。")
    same = [p.id for p in ws.people.values() if p.name.strip() == name]
    if same and not record_id:
        raise DjError(f"已有名叫“{name}”的人员（{'、'.join(same)}），未重复新建。"
                      f"如是此人换了职务，请用 dj person move {same[0]}；如确是同名的另一人，请用 --id 指定新编号。")
    if gender is not None and gender not in ("男", "女"):
        raise ConfigError(f"性别“{gender}”只能是 男 或 女。")
    post = _post(ws, title, tier, start, department, remit)
    record_id = _new_id(ws, "person", PEOPLE_FOLDER, "p", record_id, "人员")
    data: dict[str, Any] = {"id": record_id, "name": name}
    if gender:
        data["gender"] = gender
    if not party_member:
        data["party_member"] = False
    data["posts"] = [post]
    if note and note.strip():
        data["note"] = note.strip()
    validate(Person, data, f"人员 {name}", ConfigError)
    path = f"{PEOPLE_FOLDER}/{record_id}.yaml"
    message = f"人员与部门：新增人员 {name}（{record_id}），自 {start} 任{post['title']}"
    return Plan("person add", message, [FileChange(path, dump_new(data))])


def handover_hints(ws: Workspace, person_key: str | None, tier: str, start: dt.date) -> list[str]:
    """Who else is 主要负责人 on start when someone takes that tier (the usual cause of DJ405).

    Why a hint and not a refusal: the predecessor's move or departure may simply not be
    recorded yet; dj check keeps warning until it is.
    """
    if tier.strip() != Tier.PRINCIPAL.value:
        return []
    me = ws.find_person(person_key) if person_key else None
    out = []
    for other in sorted(ws.people.values(), key=lambda p: p.id):
        if me is not None and other.id == me.id:
            continue
        if any(p.tier == Tier.PRINCIPAL and p.covers(start) for p in other.posts):
            out.append(f"{other.name} 在 {start} 仍是主要负责人。请用 dj person move {other.name} … --date {start} "
                       f"或 dj person leave {other.name} … 记录其变动，否则 dj check 会提示 DJ405。")
    return out


# --- person move and leave -----------------------------------------------------------------


def _fresh(day: dt.date) -> dt.date:
    """A new date object each time: the YAML dumper writes one object used twice as an anchor
    and an alias (``&id001``/``*id001``), which a secretary would not understand."""
    return dt.date(day.year, day.month, day.day)


def _open_file(ws: Workspace, person: Person) -> tuple[str, Any]:
    rel = ws.paths.get(("person", person.id))
    if rel is None:
        raise DjError(f"找不到人员 {person.id} 的文件。")
    return rel, load_rt((ws.root / rel).read_bytes(), rel)


def _refuse_departed(person: Person, what: str) -> None:
    if person.departure is not None:
        raise DjError(f"{person.name} 已于 {person.departure.date} {person.departure.reason}，不能再{what}。"
                      f"如离任记录有误，请修改 people/ 中此人文件的 departure 部分。")


def plan_person_move(
    ws: Workspace, key: str, title: str, tier: str, date: dt.date, *, department: str | None = None,
    remit: list[str] | None = None,
) -> Plan:
    """End the person's current post(s) on the day before date and add the new post from date.

    A current post is one with no end, or one that ends on or after date.

    Raises:
        DjError: the person has left, or date is not after a current post's start (the
            old post would end before it began).
    """
    person = find_person(ws, key)
    _refuse_departed(person, "调整职务")
    new_post = _post(ws, title, tier, date, department, remit)
    day_before = date - dt.timedelta(days=1)
    current = [i for i, post in enumerate(person.posts) if post.end is None or post.end >= date]
    for i in current:
        post = person.posts[i]
        if post.start >= date:
            raise DjError(
                f"{person.name} 现任的“{post.title}”自 {post.start} 开始，新职务的开始日期 {date} 不晚于它，"
                f"无法在 {day_before} 结束原职务。请核对 --date（应晚于 {post.start}）；"
                f"如原职务的开始日期有误，请先修改 people/ 中此人的文件。")
    rel, loaded = _open_file(ws, person)
    posts = loaded.data["posts"]
    for i in current:
        set_field(posts[i], "end", _fresh(day_before), POST_FIELDS)
    update_seq(loaded.data, "posts", [*posts, new_post])
    validate(Person, loaded.data, f"人员 {person.name}", ConfigError)
    ended = "、".join(f"“{person.posts[i].title}”" for i in current)
    message = f"人员与部门：{person.name} 自 {date} 任{new_post['title']}"
    if ended:
        message += f"（原任{ended}于 {day_before} 结束）"
    return Plan("person move", message, [FileChange(rel, dump_rt(loaded))])


def plan_person_leave(ws: Workspace, key: str, date: dt.date, reason: str, handover: str | None = None) -> Plan:
    """Record that the person left on date: every post still open then ends on date.

    Raises:
        DjError: the person has left already, or a post starts after date (DJ402).
    """
    person = find_person(ws, key)
    _refuse_departed(person, "登记离任")
    reason = reason_of(reason)
    open_posts = [i for i, post in enumerate(person.posts) if post.end is None or post.end > date]
    for i in open_posts:
        post = person.posts[i]
        if post.start > date:
            raise DjError(f"{person.name} 的任职“{post.title}”自 {post.start} 开始，晚于离任日期 {date}。"
                          f"请核对 --date（不应早于 {post.start}）。")
    rel, loaded = _open_file(ws, person)
    posts = loaded.data["posts"]
    for i in open_posts:
        set_field(posts[i], "end", _fresh(date), POST_FIELDS)
    departure: dict[str, Any] = {"date": _fresh(date), "reason": reason}
    if handover and handover.strip():
        departure["handover"] = handover.strip()
    from ruamel.yaml.comments import CommentedMap

    # A round-trip mapping, so that comments after the posts stay below the whole departure.
    set_field(loaded.data, "departure", CommentedMap(departure), PERSON_FIELDS)
    validate(Person, loaded.data, f"人员 {person.name}", ConfigError)
    message = f"人员与部门：{person.name} 于 {date} {reason}"
    if departure.get("handover"):
        message += f"\n\n交接情况：{departure['handover']}"
    return Plan("person leave", message, [FileChange(rel, dump_rt(loaded))])
