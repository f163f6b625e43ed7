"""Rules of 检查考核 (DJ500–DJ529): checks and their rectification, 述责述廉, 民主测评, 座谈, and the
year's 总账 against its 细账.

Sources (shared/domain.md): 责任制规定 (2010) on 检查考核 (A3 item 26) and its procedure (B5: 整改
reported within a month); the 述责述廉 outline (B3); 民主测评 (B4, A5 item 38); 主体责任规定 (2020):
the 党组 studies 全面从严治党 at least once each half-year (A4 item 32). Tallies that cannot be
counted are errors (their result would be wrong, and ``dj review`` shows none); what is late or
missing is a warning. The 总账 rules are asked only of reviewed years (``analysis/review.py``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from ..analysis.cycle import subject_label
from ..analysis.due import late, red
from ..analysis.review import rectifications, review_years, rushes, section_problems, tally_problems
from ..dates import cn_date
from ..findings import Finding, Severity
from ..models.review import CheckResult
from ..resolve import Workspace
from .assign import config_finding

SHOWN = 4  # records named in one message before "等"


def _clip(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def check_rectifications(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A rectification past its deadline and not done (DJ500) or done after it (DJ501); a finding
    with no rectification (DJ502); one marked 已整改 with no follow-up check (DJ503), or whose check
    found it 未整改到位 (DJ504); a completion or check date before the check itself (DJ505).

    Why: 检查考核程序 (B5): what a check finds is rectified, within a month unless set otherwise, and
    the rectification is followed up.
    """
    # Overdue and late: the obligations of analysis/review.review_obligations.
    overdue = {(o.ref.inspection.id, o.ref.loc) for o in red(ws, as_of, "DJ500")}
    done_late = {(o.ref.inspection.id, o.ref.loc) for o in late(ws, as_of, "DJ501")}
    for ref in rectifications(ws):
        r, insp = ref.rectification, ref.inspection
        problem, owner = _clip(ref.finding.text), ws.name_of(r.owner)
        if r.done_on is not None and r.done_on < insp.date:
            yield ws.finding("DJ505", Severity.ERROR, "inspection", insp.id, (*ref.loc, "done_on"),
                             f"完成日期 {cn_date(r.done_on)} 早于检查日期 {cn_date(insp.date)}，请改正其中之一。")
        if r.verification is not None and r.verification.date < insp.date:
            yield ws.finding("DJ505", Severity.ERROR, "inspection", insp.id, (*ref.loc, "verification", "date"),
                             f"核查日期 {cn_date(r.verification.date)} 早于检查日期 {cn_date(insp.date)}，请改正其中之一。")
        if (insp.id, ref.loc) in overdue:
            status = "未完成" if ref.done else r.status  # done after as_of: not yet then
            yield ws.finding("DJ500", Severity.WARNING, "inspection", insp.id, (*ref.loc, "status"),
                             f"问题“{problem}”的整改（{owner}负责）应于 {cn_date(ref.deadline)} 前完成，现为{status}，已逾期 "
                             f"{(as_of - ref.deadline).days} 天。请督促{owner}完成整改；完成后把 status 改为 已整改 并填写 done_on。")
        elif (insp.id, ref.loc) in done_late and ref.days_late:
            yield ws.finding("DJ501", Severity.WARNING, "inspection", insp.id, (*ref.loc, "done_on"),
                             f"问题“{problem}”的整改（{owner}负责）应于 {cn_date(ref.deadline)} 前完成，实际 {cn_date(r.done_on)} 才完成，"
                             f"逾期 {ref.days_late} 天。整改逾期计入考核；确因客观原因延期的，请在 deadline 中写明批准延期后的期限。")
        if ref.done:
            check = r.verification
            if check is None:
                yield ws.finding("DJ503", Severity.WARNING, "inspection", insp.id, (*ref.loc, "status"),
                                 f"问题“{problem}”的整改（{owner}负责）已标为已整改，但没有跟踪核查。"
                                 "请由纪检监察人员核查后填写 verification（date、by、result、note）。")
            elif check.result == CheckResult.FAILED:
                yield ws.finding("DJ504", Severity.WARNING, "inspection", insp.id, (*ref.loc, "status"),
                                 f"问题“{problem}”的整改经 {cn_date(check.date)} 核查未整改到位，却标为已整改。"
                                 "请把 status 改为 整改中 并继续整改，整改到位后重新核查。")
    for insp in ws.of("inspection").values():
        for n, finding in enumerate(insp.findings):
            if not finding.rectifications:
                yield ws.finding("DJ502", Severity.WARNING, "inspection", insp.id, ("findings", n, "text"),
                                 f"{cn_date(insp.date)} {insp.kind}发现的问题“{_clip(finding.text)}”没有整改措施。"
                                 "请在 rectifications 中写明整改措施、整改责任人 owner 和期限 deadline。")


def check_statements(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A 述责述廉 report missing a required section (DJ506) or with nothing under one (DJ507); two
    reports of one person, year and occasion (DJ509).

    Why: the 述责述廉 outline (B3): 履行责任情况, 存在问题, 个人廉洁自律, 整改措施和下一步打算
    (settings.review.statement_sections).
    """
    seen: dict[tuple, str] = {}
    for s in sorted(ws.of("statement").values(), key=lambda s: (s.date, s.id)):
        who = ws.name_of(s.person)
        missing, empty = section_problems(ws, s)
        if missing:
            yield ws.finding("DJ506", Severity.WARNING, "statement", s.id, ("id",),
                             f"{who} {s.year} 年{s.occasion}的述责述廉报告缺少“{'”“'.join(missing)}”部分。"
                             f"请在正文中加上标题，例如“## {missing[0]}”，并在其下写明内容。")
        if empty:
            yield ws.finding("DJ507", Severity.WARNING, "statement", s.id, ("id",),
                             f"{who} {s.year} 年{s.occasion}的述责述廉报告中“{'”“'.join(empty)}”部分没有内容，请补写。")
        key = (s.person, s.year, s.occasion)
        if key in seen:
            yield ws.finding("DJ509", Severity.WARNING, "statement", s.id, ("id",),
                             f"{who} {s.year} 年{s.occasion}已有述责述廉报告 {seen[key]}，这是第二份。请合并为一份，或改正 occasion 或 year。")
        else:
            seen[key] = s.id


def check_statements_due(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """Once an occasion's due day (settings.review.statement_due) has passed, each person then in a
    responsible post (主要负责人, 班子成员, 纪检监察负责人, 部门负责人) without a report for it (DJ508),
    on the person's file. Asked of reviewed years only."""
    for o in red(ws, as_of, "DJ508"):  # analysis/review.review_obligations
        occasion, due, person = o.ref
        year = due.year
        yield ws.finding("DJ508", Severity.WARNING, "person", person.id, ("id",),
                         f"{person.name} {year} 年{occasion}的述责述廉报告应于 {cn_date(due)} 前提交，至今没有。"
                         f"请在 statements/{year}/ 中建立 Markdown 报告（头信息写 person: {person.id}、year: {year}、occasion: {occasion}、date），"
                         "正文按必备部分分节。")


def check_tallies(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A 民主测评 whose result cannot be counted (DJ510–DJ515, errors): ``analysis.review.tally_problems``."""
    for tally in sorted(ws.of("tally").values(), key=lambda t: t.id):
        for problem in tally_problems(ws, tally):
            yield ws.finding(problem.code, Severity.ERROR, "tally", tally.id, problem.loc, problem.message)


def check_forums(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """An opinion of a 座谈 still 未办理 after settings.deadlines.rectification_report_days (DJ519)."""
    days = ws.config.settings.deadlines.rectification_report_days
    for forum, n in (o.ref for o in red(ws, as_of, "DJ519")):  # analysis/review.review_obligations
        yield ws.finding("DJ519", Severity.WARNING, "forum", forum.id, ("opinions", n, "status"),
                         f"{cn_date(forum.date)} 座谈提出的意见“{_clip(forum.opinions[n].text)}”过了 {days} 天仍未办理。"
                         "请落实办理并在 follow_up 中写明办理和反馈情况，把 status 改为 办理中 或 已办结。")


def check_rush(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A subject whose year's activity crowds into December beyond settings.review.rush_share (DJ516):
    "平时马虎应付、年底集中突击". Only for years over by as_of and reviewed."""
    share = ws.config.settings.review.rush_share
    for year in review_years(ws):
        if dt.date(year, 12, 31) >= as_of:
            continue
        for rush in rushes(ws, year):
            who = subject_label(ws, rush.subject)
            first = rush.december[0]
            months = defaultdict(int)
            for a in rush.records:
                months[a.date.month] += 1
            spread = "、".join(f"{m}月{c}件" for m, c in sorted(months.items()))
            yield ws.finding("DJ516", Severity.WARNING, first.kind, first.record, first.loc,
                             f"{who} {year} 年的 {len(rush.records)} 件履责记录中有 {len(rush.december)} 件集中在12月"
                             f"（{round(rush.share * 100)}%，超过 {round(share * 100)}%；{spread}），"
                             "有“平时马虎应付、年底集中突击”之嫌。请督促其把学习、整改和反馈落实在平时，按季度推进。")


def check_quarters(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A quarter of a reviewed year ended with no check at all (DJ517), in dj.yaml.

    Why: work is "一起部署、落实、检查、考核" (A3 item 24); 五单法 rhythm: 季度例会, 年中检查, 年底考核."""
    for o in red(ws, as_of, "DJ517"):  # analysis/review.review_obligations
        year, q = o.ref
        yield config_finding("DJ517", Severity.WARNING, ("year",),
                             f"{year} 年第{'一二三四'[q - 1]}季度没有任何检查记录（inspections/{year}/）。"
                             "平时检查是考核的细账：请补记该季度开展的日常或专项检查，或在下一季度安排检查。")


def check_topic_meetings(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A half-year of a reviewed year ended with fewer 党组 专题研究 of 全面从严治党 than
    settings.meetings.topic_study_per_half_year (DJ518), in dj.yaml.

    Why: 主体责任规定 (2020): the 党组 studies 全面从严治党 at a 专题会议 at least once every half-year.
    What counts: a study session of a form in settings.review.topic_meeting_forms whose topic
    names one of settings.review.topic_meeting_keywords.
    """
    need = ws.config.settings.meetings.topic_study_per_half_year
    party = ws.config.organization.party_body
    for o in red(ws, as_of, "DJ518"):  # analysis/review.review_obligations
        year, half, held = o.ref
        forms = "、".join(ws.config.settings.review.topic_meeting_forms)
        words = "、".join(ws.config.settings.review.topic_meeting_keywords)
        yield config_finding("DJ518", Severity.WARNING, ("year",),
                             f"{year} 年{'上' if half == 1 else '下'}半年{party}专题研究全面从严治党 {held} 次，少于要求的 {need} 次。"
                             f"请补记专题会议的学习记录（学习形式为 {forms}，主题含“{words}”之一），或在下一个半年及时安排。")


RULES = [
    check_rectifications, check_statements, check_statements_due, check_tallies, check_forums, check_rush, check_quarters,
    check_topic_meetings,
]
