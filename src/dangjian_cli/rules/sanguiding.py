"""Rules of the 防止干预司法“三个规定” records (DJ650–DJ669).

"逢问必录", "全面、如实、及时记录, 全程留痕" (shared/domain.md A6): a record made late, a reporting
period with neither a record nor a 零报告 (silence cannot be told from forgetting), a 领导干部干预
record not passed to the 纪检 and reported to the higher level, a recorder not in post on the day,
and values outside the unit's settings.

Messages name a record only by its id: never the facts, the case number or who asked.
The queries are in ``analysis/sanguiding.py`` (shared with the disclosure and ``dj due``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..analysis.due import red
from ..analysis.sanguiding import KIND, is_period_key, period_of, records, recording_deadline, zero_reports
from ..dates import cn_date
from ..findings import Finding, Severity
from ..resolve import Workspace

_W, _E = Severity.WARNING, Severity.ERROR


def check_recording_deadline(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A record made more than settings.sanguiding.recording_days after the event (DJ650).

    Why: the rules ask for 及时记录; a record written long after cannot be relied upon.
    """
    days = ws.config.settings.sanguiding.recording_days
    for r in records(ws):
        if r.is_zero or r.recorded_on is None:
            continue
        deadline = recording_deadline(ws, r)
        if r.recorded_on > deadline:
            yield ws.finding("DJ650", _W, KIND, r.id, ("recorded_on",),
                             f"重大事项记录 {r.id} 于 {cn_date(r.recorded_on)} 记录，超过事发后 {days} 天的记录期限（{cn_date(deadline)}）"
                             f"{(r.recorded_on - deadline).days} 天。请提醒记录人做到“逢问必录”、及时记录；如日期有误请改正。")


def check_periods(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A reporting period ended with neither a record nor a 零报告 (DJ651), in dj.yaml.

    Why: a period in which nothing was recorded is reported as a 零报告, so that silence and
    forgetting are told apart. Checked from the first year with such records (see
    ``analysis.sanguiding.checked_periods``); the obligations are those ``dj due`` lists.
    """
    for o in red(ws, as_of, "DJ651"):
        period = o.ref
        yield Finding.at("DJ651", _W, "dj.yaml", ("year",),
                         f"{period.name}（{period.key}）已结束，没有任何重大事项记录，也没有零报告。"
                         f"请补记该期的过问或干预记录；确实没有的，在 sanguiding/{period.key[:4]}/ 中填写零报告"
                         f"（zero_report: {period.key}、date、recorder）。")


def check_leader_interference(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A 领导干部干预 record not passed to the 纪检 or not reported to the higher level once its
    reporting period ended (DJ652).

    Why: 领导干部干预司法活动 is recorded, passed to the 纪检监察 and reported to the 党委政法委 and
    the higher 院 each period, so that it can be 通报 and 追究.
    """
    discipline = ws.config.organization.discipline_body
    for o in red(ws, as_of, "DJ652"):
        r = o.ref
        missing = [what for what, day in ((f"移送{discipline}（to_discipline）", r.to_discipline), ("报告上级（reported_up）", r.reported_up))
                   if day is None or day > as_of]
        yield ws.finding("DJ652", _W, KIND, r.id, ("rule",),
                         f"重大事项记录 {r.id} 属领导干部干预，报告期已于 {cn_date(o.due)} 结束，尚未{'、'.join(missing)}。"
                         "请移送并报告后填写相应日期。")


def check_recorder_in_post(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A recorder who held no post on the day of the event (or of the 零报告) (DJ653)."""
    for r in records(ws):
        person = ws.people.get(r.recorder)
        if person is None:
            continue  # a dangling reference is DJ302
        if not person.posts_on(r.date):
            yield ws.finding("DJ653", _W, KIND, r.id, ("recorder",),
                             f"重大事项记录 {r.id} 的记录人 {person.name} 在 {cn_date(r.date)} 没有任职记录。"
                             "请核对记录人或日期，或在 people/ 中补全其任职经历。")


def check_settings_values(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A group (DJ654), category (DJ655) or form (DJ656) not in settings.sanguiding; a 零报告 whose
    period is not spelt as the configured period (DJ657)."""
    settings = ws.config.settings.sanguiding
    for r in records(ws):
        if r.is_zero:
            if not is_period_key(ws, r.zero_report):
                example = period_of(ws, r.date).key
                yield ws.finding("DJ657", _E, KIND, r.id, ("zero_report",),
                                 f"零报告 {r.id} 的报告期“{r.zero_report}”与设置的报告期（{settings.period}）不符，"
                                 f"应写成例如 {example}。请改正，或修改 dj.yaml 中 settings.sanguiding.period。")
            continue
        if r.group not in settings.groups:
            yield ws.finding("DJ654", _E, KIND, r.id, ("group",),
                             f"重大事项记录 {r.id} 的记录人类别“{r.group}”不在设置中，只能是：{'、'.join(settings.groups)}"
                             "（dj.yaml 中 settings.sanguiding.groups）。")
        if r.matter.category is not None and r.matter.category not in settings.categories:
            yield ws.finding("DJ655", _E, KIND, r.id, ("matter", "category"),
                             f"重大事项记录 {r.id} 的事项类别“{r.matter.category}”不在设置中，只能是：{'、'.join(settings.categories)}"
                             "（dj.yaml 中 settings.sanguiding.categories）；司法办案请填 case_no（案号）。")
        if r.form not in settings.forms:
            yield ws.finding("DJ656", _E, KIND, r.id, ("form",),
                             f"重大事项记录 {r.id} 的方式“{r.form}”不在设置中，只能是：{'、'.join(settings.forms)}"
                             "（dj.yaml 中 settings.sanguiding.forms）。")


def check_zero_reports(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A 零报告 for a period that has records (DJ658) or a second 零报告 for one period (DJ659)."""
    dated = {period_of(ws, r.date).key for r in records(ws) if not r.is_zero}
    for key, zeros in sorted(zero_reports(ws).items()):
        if not is_period_key(ws, key):
            continue
        if key in dated:
            for z in zeros:
                yield ws.finding("DJ658", _W, KIND, z.id, ("zero_report",),
                                 f"零报告 {z.id} 报告 {key} 没有过问或干预，但该期有重大事项记录。请删去零报告，或核对记录的日期。")
        for z in zeros[1:]:
            yield ws.finding("DJ659", _W, KIND, z.id, ("zero_report",),
                             f"{key} 已有零报告 {zeros[0].id}，{z.id} 重复。请删去其中一份。")


RULES = [
    check_recording_deadline, check_periods, check_leader_interference, check_recorder_in_post, check_settings_values,
    check_zero_reports,
]
