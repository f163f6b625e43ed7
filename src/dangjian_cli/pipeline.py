"""load → validate → resolve → rules → locate: the whole of ``dj check`` as one pure-ish function."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .findings import Finding, Severity, sort_findings


@dataclass(frozen=True)
class Suppressed:
    """A domain finding a record's suppression kept out of the count, with the reason given."""

    finding: Finding
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {**self.finding.to_dict(), "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict) -> Suppressed:
        data = dict(data)
        reason = data.pop("reason")
        return cls(Finding.from_dict(data), reason)


@dataclass(frozen=True)
class SuppressionUse:
    """One entry of a record's ``suppress`` list: where it is, and how many findings it silenced.

    Attributes:
        loc: where in the file it is, until located (as ``Finding.loc``); not part of the output.
    """

    path: str
    line: int
    column: int
    record: str
    code: str
    reason: str
    silenced: int
    loc: tuple[Any, ...] | None = None

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "column": self.column, "record": self.record,
                "code": self.code, "reason": self.reason, "silenced": self.silenced}

    @classmethod
    def from_dict(cls, data: dict) -> SuppressionUse:
        return cls(**data)


@dataclass
class CheckResult:
    """What ``dj check`` found.

    Attributes:
        findings: the counted findings.
        suppressed: domain findings a record's ``suppress`` kept out of the count.
        suppressions: every suppression in the records, with what it silenced.
    """

    findings: list[Finding]
    files: int
    records: int
    suppressed: list[Suppressed] = field(default_factory=list)
    suppressions: list[SuppressionUse] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity == Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == Severity.WARNING for f in self.findings)

    def to_dict(self) -> dict:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "suppressed": [s.to_dict() for s in self.suppressed],
            "suppressions": [s.to_dict() for s in self.suppressions],
            "summary": {"files": self.files, "records": self.records, "errors": self.errors, "warnings": self.warnings,
                        "suppressed": len(self.suppressed)},
        }

    @classmethod
    def from_dict(cls, data: dict) -> CheckResult:
        return cls([Finding.from_dict(f) for f in data["findings"]], data["summary"]["files"], data["summary"]["records"],
                   [Suppressed.from_dict(s) for s in data.get("suppressed", [])],
                   [SuppressionUse.from_dict(s) for s in data.get("suppressions", [])])


@dataclass
class SuppressionList:
    """``dj check --list-suppressions``: every suppression in the records, and what each silenced."""

    suppressions: list[SuppressionUse]
    suppressed: list[Suppressed] = field(default_factory=list)

    def silenced_by(self, use: SuppressionUse) -> list[Finding]:
        return [s.finding for s in self.suppressed
                if (s.finding.path, s.finding.record, s.finding.code) == (use.path, use.record, use.code)]

    def to_dict(self) -> dict:
        return {"suppressions": [s.to_dict() for s in self.suppressions],
                "suppressed": [s.to_dict() for s in self.suppressed],
                "summary": {"suppressions": len(self.suppressions), "silenced": sum(s.silenced for s in self.suppressions),
                            "unused": sum(not s.silenced for s in self.suppressions)}}


def load_workspace(root: Path, as_of: dt.date, index: Any = None):
    """Load, validate and resolve every record, then run the rules, apply dj.yaml's rule levels
    and the records' suppressions, and locate the findings.

    Args:
        as_of: the day deadlines are judged on, passed to every rule ("today" is decided
            once, by the CLI).
        index: a ``cache.FileIndex``: parse only the record files changed since the last run.

    Returns:
        (Workspace, CheckResult).
    """
    from .rules import run_rules
    from .validate import Partial

    ws, loaded, ref_findings = _load(root, index=index)
    levels = {code: str(level) for code, level in ws.config.settings.rules.items()}
    domain = with_levels(list(dict.fromkeys(run_rules(ws, as_of))), levels)
    records = [(entry.path, entry.record) for entry in loaded.loaded if not isinstance(entry.record, Partial)]
    kept, suppressed, uses, own = apply_suppressions(records, domain, levels)
    counted = [*loaded.findings, *ref_findings, *kept, *with_levels(own, levels)]
    located = _locate(root, [*counted, *(s.finding for s in suppressed), *uses])  # order kept
    n, m = len(counted), len(suppressed)
    found, silenced, uses = located[:n], located[n: n + m], located[n + m:]
    quiet = sorted((Suppressed(f, s.reason) for f, s in zip(silenced, suppressed)),
                   key=lambda q: (q.finding.path, q.finding.line, q.finding.column, q.finding.code, q.finding.message))
    uses.sort(key=lambda u: (u.path, u.line, u.column))
    return ws, CheckResult(sort_findings(found), loaded.files, len(records), quiet, uses)


# --- rule levels and suppressions ------------------------------------------------------------

def is_domain(code: str) -> bool:
    """DJ4xx and up: a domain rule's code. DJ1xx–DJ3xx (files, schema, references) are never
    weakened or silenced: a record they concern can't be read right, so nothing else about it is sure."""
    return int(code[2:]) >= 400


def suppressible(code: str) -> bool:
    """A domain code, but not one of the findings about suppressions themselves (DJ48x)."""
    return is_domain(code) and not 480 <= int(code[2:]) <= 489


def with_levels(findings: list[Finding], levels: dict[str, str]) -> list[Finding]:
    """findings with the severity dj.yaml's ``settings.rules`` gives their code; ``off`` drops them.

    Only domain codes can be in levels (``models.config`` refuses others).
    """
    if not levels:
        return findings
    out = []
    for finding in findings:
        level = levels.get(finding.code)
        if level is None:
            out.append(finding)
        elif level != "off":
            out.append(replace(finding, severity=Severity(level)))
    return out


def apply_suppressions(records: list[tuple[str, Any]], findings: list[Finding], levels: dict[str, str]):
    """Split domain findings by the ``suppress`` lists of the records they are about.

    A finding is suppressed when a suppression of its code sits on the record it names, in the
    file it names. Each suppression that names an unknown code, one that may not be suppressed,
    a repeated one, or one that silenced nothing (unless dj.yaml turns its code off) gets a
    finding of its own.

    Args:
        records: (path, record) of every valid record.
        levels: dj.yaml's rule levels.

    Returns:
        (kept findings, Suppressed findings, SuppressionUse per suppression, findings about
        suppressions), all not yet located.
    """
    from .findings import CATALOGUE

    wanted: dict[tuple[str, str, str], int] = {}  # (path, record, code) -> index into entries
    entries: list[tuple[str, str, int, Any]] = []
    own: list[Finding] = []
    for path, record in records:
        for index, entry in enumerate(getattr(record, "suppress", ())):
            key = (path, record.id, entry.code)
            entries.append((path, record.id, index, entry))
            if entry.code not in CATALOGUE:
                own.append(Finding.at("DJ481", Severity.ERROR, path, ("suppress", index, "code"),
                                      f"没有编号为 {entry.code} 的问题，这条忽略说明不起作用。请对照 dj check 的输出改正编号，或删去这一项。",
                                      record.id))
            elif not suppressible(entry.code):
                why = ("它是关于忽略说明本身的问题" if is_domain(entry.code) else
                       "文件、字段和引用问题（DJ1xx–DJ3xx）会使记录无法被正确读取，必须改正")
                own.append(Finding.at("DJ482", Severity.ERROR, path, ("suppress", index, "code"),
                                      f"{entry.code}（{CATALOGUE[entry.code].title}）不能忽略：{why}。请改正问题本身，并删去这一项。",
                                      record.id))
            elif key in wanted:
                own.append(Finding.at("DJ483", Severity.WARNING, path, ("suppress", index),
                                      f"{entry.code} 已在本记录的第 {entries[wanted[key]][2] + 1} 项忽略说明中忽略，这一项重复。请删去它，"
                                      "或把理由合并到前一项。", record.id))
            else:
                wanted[key] = len(entries) - 1
    silenced = [0] * len(entries)
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    for finding in findings:
        at = wanted.get((finding.path, finding.record or "", finding.code)) if suppressible(finding.code) else None
        if at is None:
            kept.append(finding)
        else:
            silenced[at] += 1
            suppressed.append(Suppressed(finding, entries[at][3].reason))
    for at, (path, record_id, index, entry) in enumerate(entries):
        if wanted.get((path, record_id, entry.code)) == at and not silenced[at] and levels.get(entry.code) != "off":
            own.append(Finding.at("DJ480", Severity.WARNING, path, ("suppress", index),
                                  f"这条忽略说明没有起作用：本记录现在没有 {entry.code}（{CATALOGUE[entry.code].title}）问题。"
                                  "问题已不存在的，请删去这一项，免得以后真出现时被忽略；问题报在别的记录上的，"
                                  "请把这一项移到 dj check 所指的那条记录中。", record_id))
    uses = [SuppressionUse(path, 0, 0, record_id, entry.code, entry.reason, silenced[at], ("suppress", index))
            for at, (path, record_id, index, entry) in enumerate(entries)]
    return kept, suppressed, uses, own


# --- locating --------------------------------------------------------------------------------


def locate_findings(root: Path, findings: list[Finding]) -> list[Finding]:
    """findings with line and column: each file with findings not yet located (``Finding.at``)
    is read and composed once, however many findings it has.

    A file that cannot be read or parsed now keeps its findings at line 1, column 1.
    """
    return _locate(root, findings)


def _locate(root: Path, things: list[Any]) -> list[Any]:
    """things (findings, suppressions: dataclasses with path, line, column and loc) located,
    each file read once; their order is kept."""
    from .yamlio import locate

    pending: dict[str, list[int]] = defaultdict(list)
    out = list(things)
    for i, thing in enumerate(things):
        if thing.loc is not None:
            pending[thing.path].append(i)
    for path, group in pending.items():
        node = _compose_file(root, path)
        for i in group:
            line, column = locate(node, out[i].loc) if node is not None else (1, 1)
            out[i] = replace(out[i], line=line, column=column, loc=None)
    return out


MAX_LOCATE_BYTES = 1 << 30  # a located file was read whole a moment ago; this only bounds a swapped one


def _compose_file(root: Path, path: str) -> Any:
    """The composed YAML of a record file (of a Markdown file, its front matter), or None."""
    from .load import read_regular
    from .yamlio import YamlProblem, compose, decode, split_front_matter

    try:
        raw, problems = read_regular(root, path, MAX_LOCATE_BYTES)
        if raw is None or problems:  # swapped for something else since it was read: keep line 1
            return None
        text = decode(raw).text or ""
        if path.lower().endswith(".md"):
            text = (split_front_matter(text) or (text, ""))[0]
        return compose(text)
    except (OSError, YamlProblem):  # the file was readable a moment ago
        return None


def _load(root: Path, kinds: frozenset[str] | None = None, mentioning: str | None = None, check_refs: bool = True,
          index: Any = None):
    """(Workspace, LoadResult, reference findings): dj.yaml, then the records, resolved."""
    from .load import load_records
    from .resolve import resolve
    from .workspace import load_config

    config = load_config(root)
    loaded = load_records(root, config.settings.limits.max_file_kb * 1024, kinds, mentioning, index)
    ws, ref_findings = resolve(root, config, loaded.loaded, check_refs=check_refs)
    return ws, loaded, ref_findings


def read_workspace(root: Path, kinds: frozenset[str] | None = None, mentioning: str | None = None, index: Any = None):
    """The resolved Workspace for a command that reads records but reports no findings.

    Records with errors are left out, as in ``dj check``; references are not checked
    and no rules run (``dj check`` does that). Unchanged files come from the file index.

    Args:
        kinds: load only these record kinds.
        mentioning: see ``load.load_records``.
        index: the file index when the caller has it open already.
    """
    from . import cache

    return _load(root, kinds, mentioning, check_refs=False, index=index or cache.FileIndex(root))[0]


def check_workspace(root: Path, as_of: dt.date, use_cache: bool = True) -> CheckResult:
    """The result of ``dj check``, from the cache when nothing it depends on has changed."""
    return _with_half_done_writes(root, _checked(root, as_of, use_cache, with_workspace=False)[1])


def checked_workspace(root: Path, as_of: dt.date, use_cache: bool = True) -> tuple[Any, CheckResult]:
    """(Workspace, CheckResult of dj check as of as_of): the check from the result cache when it is
    valid (then only the records are read, from the file index), else both in one pass."""
    return _checked(root, as_of, use_cache, with_workspace=True)


def _checked(root: Path, as_of: dt.date, use_cache: bool, with_workspace: bool) -> tuple[Any, CheckResult]:
    from . import cache

    index = cache.FileIndex(root) if use_cache else None  # opened once, for the key and the read
    key = cache.workspace_key(root, as_of, index) if index is not None else None
    cached = cache.read(root, key) if key is not None else None
    if cached is not None:
        return (read_workspace(root, index=index) if with_workspace else None), CheckResult.from_dict(cached)
    ws, result = load_workspace(root, as_of, index)
    if key is not None:
        cache.write(root, key, result.to_dict())
    return ws, result


def _with_half_done_writes(root: Path, result: CheckResult) -> CheckResult:
    """The result with a finding on each file a killed dj write left uncommitted (never cached:
    the state lives in the git directory, not in the files)."""
    from .write import half_done_findings

    extra = half_done_findings(root)
    if not extra:
        return result
    return replace(result, findings=sort_findings(result.findings + extra))
