"""Documents about people and cases: the 述责述廉 outline, the blank 民主测评表, the 责任书, the
问责决定书 of a decided case and a leader's 廉政档案 (issue 12, item 2).

Each builder follows the contract of :mod:`dangjian_cli.reports` (pure, ``params["as_of"]`` is the
document's date) and renders ``templates/report/<name>.md.j2`` through :func:`dangjian_cli.render.render`
with the workspace's templates first. Parameters (plain JSON values, as the CLI records them):

* ``outline``: ``person``, ``year``, ``occasion`` (default 年终总结);
* ``ballot``: ``year``, ``people`` (ids or names; default the 党组 and the 班子成员 in post),
  ``occasion``, ``scale`` (default the unit's practice), ``layout`` (每人一表 | 合表), ``heads``;
* ``letter``: ``person`` (a person, or the 党组's name), ``year``;
* ``decision``: ``case``, ``person`` (one target of several, optional), ``redact``;
* ``dossier``: ``person``, ``year`` or ``tenure``, ``redact`` (names of the other people in case data).

Sources: 问责条例 (2019) 第八条 (forms), the appeal period (settings.deadlines.appeal_days, domain.md A1
item 17) and the 决定书's fields (B7); the 民主测评表 (B4); the 述责述廉 sections (B3); the 廉政档案
(A1 item 16).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from ..errors import ConfigError, DjError
from . import Chart, Document, document

LAYOUTS = ("每人一表", "合表")


# --- helpers ---------------------------------------------------------------------------------


def _as_of(params: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(str(params["as_of"]))


def _year(ws: Any, params: dict[str, Any]) -> int:
    year = params.get("year")
    return int(year) if year is not None else ws.config.year


def _render(ws: Any, template: str, context: dict[str, Any]) -> str:
    from ..render import render

    return render(template, context, ws.root).rstrip() + "\n"


def plain(value: Any) -> Any:
    """A value as JSON takes it: dates as ISO strings, containers walked."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def issuer(ws: Any) -> str:
    """The 发文机关: settings.report.issuer, else 中共 + the unit + its Party body (中共示例县人民检察院党组)."""
    org = ws.config.organization
    report = getattr(ws.config.settings, "report", None)
    return getattr(report, "issuer", "") or f"中共{org.name}{org.party_body}"


def percent(ws: Any, part: int, base: int) -> str:
    """“74.5%（149/200）” by the rounding rule and digits of settings.report."""
    from ..numbers import percent as pct

    report = getattr(ws.config.settings, "report", None)
    return pct(part, base, getattr(report, "digits", 1), str(getattr(report, "rounding", "四舍五入")))


def _person(ws: Any, key: Any) -> Any:
    from ..actions.common import find_person

    if not key:
        raise ConfigError("请指定人员（编号或姓名）。")
    return find_person(ws, str(key))


class _Names:
    """Hides the names of people (张某) except those kept, in names and in free text."""

    def __init__(self, ws: Any, on: bool, keep: frozenset[str] = frozenset()) -> None:
        self.on = on
        self.keep = keep
        self.redactor = None
        self.pattern = None
        if on:
            from ..redact import Redactor

            self.redactor = Redactor(ws)
            kept = {ws.people[k].name.strip() for k in keep if k in ws.people}
            names = sorted((n for n in self.redactor.by_name if n not in kept), key=len, reverse=True)
            self.pattern = re.compile("|".join(map(re.escape, names))) if names else None

    def name(self, person_id: str | None, name: str) -> str:
        if not self.on or self.redactor is None or (person_id and person_id in self.keep):
            return name
        return self.redactor.name(person_id, name)

    def text(self, text: str | None) -> str | None:
        if not self.on or not text or self.pattern is None or self.redactor is None:
            return text
        return self.pattern.sub(lambda m: self.redactor.by_name[m.group(0)], text)  # type: ignore[union-attr]


# --- 1. the 述责述廉 outline ------------------------------------------------------------------


@document("outline")
def outline(ws: Any, params: dict[str, Any]) -> Document:
    """The 述责述廉 outline of a person as a document (the same content as ``dj review outline``,
    without the front matter: it is to read and print; ``dj review outline`` gives the file for statements/)."""
    from ..actions.review import OCCASION_KEYS, outline_context

    as_of = _as_of(params)
    context = outline_context(ws, str(params.get("person") or ""), params.get("year"), params.get("occasion"), as_of)
    markdown = _render(ws, "report/outline.md.j2", {**context, "front_matter": None, "command": "dj report outline"})
    person, year, occasion = context["person"], context["year"], context["occasion"]
    data = {"document": "outline", "person": person["id"], "name": person["name"], "year": year, "occasion": occasion,
            "as_of": as_of.isoformat(), "statement_path": context["path"],
            "sections": [{"title": s["title"], "entries": len(s["entries"]), "filled": bool(s["entries"])} for s in context["sections"]]}
    return Document(
        name=f"{year}-outline-{person['id']}-{OCCASION_KEYS.get(occasion, 'other')}",
        title=f"{person['name']} {year} 年{occasion}述责述廉报告（提纲）",
        markdown=markdown, data=data,
        meta={"issuer": "", "date": "", "recipients": "", "doc_no": ""},  # a draft: no 落款
    )


# --- 2. the blank 民主测评表 --------------------------------------------------------------------


def practice_scale(ws: Any, body: bool) -> str:
    """The scale the unit uses for a person (or for the 党组): the one its tallies of that kind of
    subject use most (latest year first), else 履职 (责任制考核 for the 党组), else the first of settings.review.scales."""
    scales = ws.config.settings.review.scales
    if body:
        tallies = [t for t in ws.of("tally").values() if t.body is not None]
    else:
        tallies = [t for t in ws.of("tally").values() if t.person is not None]
    if tallies:
        latest = max(t.year for t in tallies)
        used = Counter(t.scale for t in tallies if t.year == latest and t.scale in scales)
        if used:
            return sorted(used.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    default = "责任制考核" if body else "履职"
    if default in scales:
        return default
    if not scales:
        raise ConfigError("dj.yaml 中 settings.review.scales 没有任何等次表，无法生成民主测评表。")
    return next(iter(scales))


def _ballot_people(ws: Any, day: dt.date, keys: list[str], heads: bool) -> list[Any]:
    """The people named, else those in a leading post on day (the 班子; with heads, department heads too), by tier then id."""
    from ..analysis.pursue import LEADING_TIERS
    from ..models.enums import Tier

    if keys:
        return [_person(ws, k) for k in keys]
    tiers = LEADING_TIERS if heads else tuple(t for t in LEADING_TIERS if t != Tier.DEPARTMENT_HEAD)
    order = {t: n for n, t in enumerate(LEADING_TIERS)}
    chosen = [p for p in ws.people.values() if any(post.tier in tiers for post in p.posts_on(day))]
    return sorted(chosen, key=lambda p: (min(order[post.tier] for post in p.posts_on(day) if post.tier in order), p.id))


@document("ballot")
def ballot(ws: Any, params: dict[str, Any]) -> Document:
    """The blank 民主测评表 for printing: one table per person assessed (and one for the 党组 unless
    people are named), rows the 测评项目 of settings.review.dimensions, columns the grades of the scale;
    or one table of everyone (合表). Anonymous: no line for the voter's name."""
    as_of = _as_of(params)
    year = _year(ws, params)
    org = ws.config.organization
    settings = ws.config.settings.review
    layout = params.get("layout") or LAYOUTS[0]
    if layout not in LAYOUTS:
        raise ConfigError(f"“{layout}”不是测评表的版式，只能是：{'、'.join(LAYOUTS)}。")
    occasion = params.get("occasion") or "年终总结"
    from ..models.review import TallyOccasion

    if occasion not in {o.value for o in TallyOccasion}:
        raise ConfigError(f"“{occasion}”不是民主测评的场合，只能是：{'、'.join(o.value for o in TallyOccasion)}。")
    scale_name = params.get("scale")
    if scale_name is not None and scale_name not in settings.scales:
        raise ConfigError(f"等次表“{scale_name}”不存在，只能是 dj.yaml 中 settings.review.scales 的一项：{'、'.join(settings.scales)}。")
    keys = [str(k) for k in params.get("people") or []]
    with_body = not keys or any(k in (org.party_body, org.leadership_body) for k in keys)
    keys = [k for k in keys if k not in (org.party_body, org.leadership_body)]
    named = bool(params.get("people"))
    day = max(dt.date(year, 1, 1), min(dt.date(year, 12, 31), as_of))
    people = _ballot_people(ws, day, keys, bool(params.get("heads"))) if keys or not named else []
    dimensions = list(settings.dimensions)
    if not dimensions:
        raise ConfigError("dj.yaml 中 settings.review.dimensions 没有任何测评项目，无法生成民主测评表。")
    person_scale = scale_name or practice_scale(ws, body=False)
    tables = []
    if with_body:
        body_scale = scale_name or practice_scale(ws, body=True)
        tables.append({"kind": "body", "id": None, "name": org.party_body, "post": f"{org.name}{org.party_body}",
                       "scale": body_scale, "grades": list(settings.scales[body_scale])})
    for p in people:
        posts = p.posts_on(day) or p.posts_in(dt.date(year, 1, 1), dt.date(year, 12, 31))
        tables.append({"kind": "person", "id": p.id, "name": p.name, "post": "、".join(post.title for post in posts),
                       "scale": person_scale, "grades": list(settings.scales[person_scale])})
    if not tables:
        raise DjError(f"{year} 年没有须测评的班子成员。请用 --person 指定被测评人。")
    context = {"organization": org.name, "body": org.party_body, "year": year, "occasion": occasion, "layout": layout,
               "dimensions": dimensions, "tables": tables,
               "people_tables": [t for t in tables if t["kind"] == "person"]}
    markdown = _render(ws, "report/ballot.md.j2", context)
    suffix = "-" + "-".join((["body"] if with_body else []) + [p.id for p in people]) if named else ""
    data = {"document": "ballot", "year": year, "occasion": occasion, "layout": layout, "dimensions": dimensions,
            "tables": [{k: t[k] for k in ("kind", "id", "name", "post", "scale", "grades")} for t in tables],
            "count": len(tables)}
    return Document(name=f"{year}-ballot{suffix}", title=f"{org.name}{year}年度{occasion}民主测评表", markdown=markdown, data=data,
                    meta={"issuer": "", "date": "", "recipients": "", "doc_no": ""})  # a blank form: no 落款


# --- 3. the 责任书 --------------------------------------------------------------------------


@document("letter")
def letter(ws: Any, params: dict[str, Any]) -> Document:
    """The 党风廉政建设责任书 of a person (or of the 党组), from ``actions/assign.letter_context`` and the
    letter template that ``dj assign letter`` uses: one text, whichever command prints it."""
    from ..actions.assign import letter_context

    as_of = _as_of(params)
    key = str(params.get("person") or "")
    if not key:
        raise ConfigError("请指定责任书的责任人（编号或姓名），或党组的名称。")
    context = letter_context(ws, key, params.get("year"))
    markdown = _render(ws, "assign/letter.md.j2", context)
    year = context["year"]
    who = context["person"]
    stem = who["id"] or "body"
    data = {"document": "letter", "year": year, "person": who["id"], "name": who["name"], "collective": context["collective"],
            "items": [i["id"] for i in context["items"]], "clauses": len(context["clauses"]),
            "signed": plain(context["signed"]), "signed_by": context["signed_by"],
            "counterpart": context["counterpart"]["name"] if context["counterpart"] else None}
    date = context["signed"] or as_of
    return Document(name=f"{year}-letter-{stem}", title=f"{context['organization']}{year}年度党风廉政建设责任书", markdown=markdown,
                    data=data, meta={"issuer": context["organization"], "date": date.isoformat(), "recipients": "", "doc_no": "", "kind": "letter"})


# --- 4. the 问责决定书 ------------------------------------------------------------------------


def _decision_title(decision: Any, determinations: list[Any]) -> str:
    from ..models.pursue import DISCIPLINE_TYPES, Regime

    if decision.form in DISCIPLINE_TYPES:
        return "处分决定书"
    if any(d.regime == Regime.ACCOUNTABILITY for d in determinations):
        return "问责决定书"
    return "处理决定书"


def _target_name(ws: Any, decision: Any) -> str:
    if decision.person:
        return ws.name_of(decision.person)
    if decision.department:
        department = ws.departments.get(decision.department)
        return department.name if department else decision.department
    return decision.body or ""


@document("decision")
def decision(ws: Any, params: dict[str, Any]) -> Document:
    """The 问责决定书 (处分决定书, 处理决定书) of a decided case: for each decision (or the one on
    ``person``) the 问责对象 and post, the facts as the record states them, the determination, the
    依据 (articles), the 问责方式 and 形态, the 申诉 period (settings.deadlines.appeal_days), the
    issuer and the date. Refuses a case with no decision, or whose verdict is 不属实."""
    from ..actions.pursue import appeal_deadline, find_case
    from ..analysis.pursue import ORG_MEASURES, execution_deadline, four_form_of, post_titles_on
    from ..models.pursue import Verdict

    as_of = _as_of(params)
    case = find_case(ws, str(params.get("case") or ""))
    if case.verdict == Verdict.FALSE:
        raise DjError(f"案件 {case.id} 的核实结论为不属实，不作处理决定，没有决定书可生成。")
    decisions = [(n, d) for n, d in enumerate(case.decisions) if d.date <= as_of]
    if not decisions:
        raise DjError(f"案件 {case.id} 尚未作出处理决定（当前阶段：{case.stage}），无法生成决定书。"
                      f"作出决定后用 dj pursue decide {case.id} 记录，再生成决定书。")
    wanted = params.get("person")
    if wanted:
        person = _person(ws, wanted)
        decisions = [(n, d) for n, d in decisions if d.person == person.id]
        if not decisions:
            raise DjError(f"案件 {case.id} 没有对 {person.name} 作出的处理决定。")
    redact = bool(params.get("redact"))
    names = _Names(ws, redact)
    org = ws.config.organization
    appeal_days = ws.config.settings.deadlines.appeal_days
    entries = []
    for n, d in decisions:
        dets = [x for x in case.determinations if (x.person, x.body, x.department) == (d.person, d.body, d.department)]
        post = next((x.post_then for x in dets if x.post_then), None) or (post_titles_on(ws, d.person, case.incident_start) if d.person else None)
        circumstances = [{"kind": c.kind.value, "article": c.article, "note": names.text(c.note)} for x in dets for c in x.circumstances]
        articles = [a for a in [d.basis, *(c["article"] for c in circumstances)] if a]
        entries.append({
            "index": n + 1,
            "title": _decision_title(d, dets),
            "target": names.name(d.person, _target_name(ws, d)) if d.person else _target_name(ws, d),
            "organization_target": d.is_organization,
            "post": post,
            "form": d.form.value,
            "four_form": str(four_form_of(d)) if four_form_of(d) else None,
            "date": d.date,
            "basis": d.basis,
            "articles": list(dict.fromkeys(articles)),
            "determinations": [{"regime": x.regime.value, "liability": str(x.liability) if x.liability else None, "scope": x.scope.value,
                                "basis": names.text(x.basis)} for x in dets],
            "circumstances": circumstances,
            "delivered_on": d.delivered_on,
            "appeal_until": appeal_deadline(ws, d.delivered_on) if d.delivered_on else None,
            "execute_by": execution_deadline(ws, d) if d.form in ORG_MEASURES else None,
            "executed_on": d.executed_on,
            "appeal": {"date": d.appeal.date, "decided_on": d.appeal.decided_on, "result": d.appeal.result} if d.appeal else None,
        })
    context = {
        "issuer": issuer(ws), "organization": org.name, "body": org.party_body,
        "case": {"id": case.id, "title": names.text(case.title), "facts": names.text(case.facts), "verdict": str(case.verdict) if case.verdict else None,
                 "how_found": case.how_found.value, "source": case.source.value, "found_on": case.found_on,
                 "incident_start": case.incident_start, "incident_end": case.incident_end},
        "decisions": entries, "appeal_days": appeal_days, "redacted": redact,
    }
    markdown = _render(ws, "report/decision.md.j2", context)
    first, last = entries[0], entries[-1]
    one = len(entries) == 1
    name = f"{case.id}-decision" + (f"-{first['index']}" if one and len(case.decisions) > 1 else "") + ("-redacted" if redact else "")
    title = first["title"] if len({e["title"] for e in entries}) == 1 else "处理决定书"
    data = {"document": "decision", "case": case.id, "redacted": redact, "appeal_days": appeal_days,
            "decisions": plain([{k: e[k] for k in ("index", "title", "target", "post", "form", "four_form", "date", "articles",
                                                     "delivered_on", "appeal_until", "execute_by", "executed_on")} for e in entries])}
    return Document(name=name, title=title, markdown=markdown, data=data,
                    meta={"issuer": issuer(ws), "date": last["date"].isoformat(),  # the 落款 of the last (the others carry theirs)
                          "recipients": "", "doc_no": "", "kind": "decision"})


# --- 5. the 廉政档案 --------------------------------------------------------------------------


@document("dossier")
def dossier(ws: Any, params: dict[str, Any]) -> Document:
    """A leader's 廉政档案 over a year or their whole tenure (``analysis/dossier.py``); with ``redact``
    the names of the other people in the case data are hidden."""
    from ..analysis.dossier import dossier as gather
    from ..analysis.dossier import tenure_span, year_span

    as_of = _as_of(params)
    person = _person(ws, params.get("person"))
    tenure = bool(params.get("tenure"))
    if tenure and params.get("year") is not None:
        raise ConfigError("--year 与 --tenure 只能选一个：--year 为一个年度的档案，--tenure 为任职期间的全部档案。")
    span = tenure_span(person, as_of) if tenure else year_span(_year(ws, params))
    if span.first > as_of:
        raise DjError(f"{span.label}自 {span.first} 开始，晚于档案日期 {as_of}，还没有记录。")
    result = gather(ws, person, span, as_of)
    for t in result.tallies:
        t["top_text"] = percent(ws, t["votes"].get(t["top_grade"], 0), t["ballots"]) if t["top_grade"] and t["usable"] else None
    names = _Names(ws, bool(params.get("redact")), frozenset({person.id}))
    cases = []
    for case in result.cases:
        cases.append({**case, "title": names.text(case["title"]),
                      "determinations": [{**d, "basis": names.text(d["basis"]), "note": names.text(d["note"])} for d in case["determinations"]],
                      "others": [names.name(o["id"], o["name"]) for o in case["others"]]})
    context = {
        "organization": ws.config.organization.name, "person": {"id": person.id, "name": person.name},
        "span": {"first": span.first, "last": min(span.last, as_of), "label": span.label}, "as_of": as_of,
        "posts": result.posts, "items": result.items, "signoffs": result.signoffs, "study": result.study,
        "study_by_form": result.study_by_form, "feedback": result.feedback, "reminders": result.reminders,
        "verifications": result.verifications, "talks_received": result.talks_received,
        # a talk held because of a case is case data: the people talked to are hidden with --redact
        "talks_given": [{**t, "people": [names.name(i, n) for i, n in zip(t["people_ids"], t["people"])]} if t["case"] else t
                        for t in result.talks_given],
        "statements": result.statements, "tallies": result.tallies, "findings": result.findings, "reviews": result.reviews,
        "cases": cases, "handovers": result.handovers, "threshold": ws.config.settings.review.statement_threshold,
        "departure": ({"date": person.departure.date, "reason": person.departure.reason.value} if person.departure else None),
    }
    markdown = _render(ws, "report/dossier.md.j2", context)
    stem = "tenure" if tenure else str(span.first.year)
    charts = []
    if result.study_by_form:
        charts.append(Chart("bar", "参加学习（按形式）", list(result.study_by_form), {"次数": [float(v) for v in result.study_by_form.values()]}))
    data = {"document": "dossier", "person": person.id, "name": person.name, "span": plain({"first": span.first, "last": context["span"]["last"]}),
            "tenure": tenure, "redacted": names.on, "counts": result.counts, "study_by_form": result.study_by_form,
            "tallies": plain([{k: t[k] for k in ("id", "scale", "valid", "votes", "ballots", "top_grade", "top_share", "top_text", "statement_score")} for t in result.tallies]),
            "reviews": plain([{k: r[k] for k in ("id", "year", "half", "score", "grade", "computed")} for r in result.reviews]),
            "cases": plain([{"id": c["id"], "roles": c["roles"], "decisions": [{k: d[k] for k in ("form", "four_form", "date", "influence_ends")}
                                                                              for d in c["decisions"]]} for c in cases])}
    return Document(name=f"{stem}-dossier-{person.id}" + ("-redacted" if names.on else ""), title=f"{person.name}廉政档案（{span.label}）", markdown=markdown,
                    data=data, charts=charts, meta={"issuer": ws.config.organization.name, "date": as_of.isoformat(), "recipients": "", "doc_no": ""})


__all__ = ["LAYOUTS", "ballot", "decision", "dossier", "issuer", "letter", "outline", "plain", "practice_scale"]
