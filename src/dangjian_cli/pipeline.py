"""load → validate → resolve → rules → locate: the whole of ``dj check`` as one pure-ish function."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .findings import Finding, Severity, sort_findings


@dataclass
class CheckResult:
    findings: list[Finding]
    files: int
    records: int

    @property
    def errors(self) -> int:
        return sum(f.severity == Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == Severity.WARNING for f in self.findings)

    def to_dict(self) -> dict:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "summary": {"files": self.files, "records": self.records, "errors": self.errors, "warnings": self.warnings},
        }

    @classmethod
    def from_dict(cls, data: dict) -> CheckResult:
        return cls([Finding.from_dict(f) for f in data["findings"]], data["summary"]["files"], data["summary"]["records"])


def load_workspace(root: Path, as_of: dt.date):
    """Load, validate and resolve every record, then run the rules and locate the findings.

    Args:
        as_of: the day deadlines are judged on, passed to every rule ("today" is decided
            once, by the CLI).

    Returns:
        (Workspace, CheckResult).
    """
    from .rules import run_rules

    ws, loaded, ref_findings = _load(root)
    findings = locate_findings(root, loaded.findings + ref_findings + run_rules(ws, as_of))
    from .validate import Partial

    records = sum(not isinstance(entry.record, Partial) for entry in loaded.loaded)  # valid records only
    return ws, CheckResult(sort_findings(findings), loaded.files, records)


def locate_findings(root: Path, findings: list[Finding]) -> list[Finding]:
    """findings with line and column: each file with findings not yet located (``Finding.at``)
    is read and composed once, however many findings it has.

    A file that cannot be read or parsed now keeps its findings at line 1, column 1.
    """
    from .yamlio import locate

    pending: dict[str, list[Finding]] = defaultdict(list)
    out = []
    for finding in findings:
        if finding.loc is None:
            out.append(finding)
        else:
            pending[finding.path].append(finding)
    for path, group in pending.items():
        node = _compose_file(root, path)
        for finding in group:
            line, column = locate(node, finding.loc) if node is not None else (1, 1)
            out.append(replace(finding, line=line, column=column, loc=None))
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


def _load(root: Path, kinds: frozenset[str] | None = None, mentioning: str | None = None, check_refs: bool = True):
    """(Workspace, LoadResult, reference findings): dj.yaml, then the records, resolved."""
    from .load import load_records
    from .resolve import resolve
    from .workspace import load_config

    config = load_config(root)
    loaded = load_records(root, config.settings.limits.max_file_kb * 1024, kinds, mentioning)
    ws, ref_findings = resolve(root, config, loaded.loaded, check_refs=check_refs)
    return ws, loaded, ref_findings


def read_workspace(root: Path, kinds: frozenset[str] | None = None, mentioning: str | None = None):
    """The resolved Workspace for a command that reads records but reports no findings.

    Records with errors are left out, as in ``dj check``; references are not checked
    and no rules run (``dj check`` does that).

    Args:
        kinds: load only these record kinds.
        mentioning: see ``load.load_records``.
    """
    return _load(root, kinds, mentioning, check_refs=False)[0]


def check_workspace(root: Path, as_of: dt.date, use_cache: bool = True) -> CheckResult:
    """The result of ``dj check``, from the cache when nothing it depends on has changed."""
    from . import cache

    key = cache.workspace_key(root, as_of) if use_cache else None
    cached = cache.read(root, key) if key is not None else None
    if cached is not None:
        result = CheckResult.from_dict(cached)
    else:
        _, result = load_workspace(root, as_of)
        if key is not None:
            cache.write(root, key, result.to_dict())
    return _with_half_done_writes(root, result)


def _with_half_done_writes(root: Path, result: CheckResult) -> CheckResult:
    """The result with a finding on each file a killed dj write left uncommitted (never cached:
    the state lives in the git directory, not in the files)."""
    from .write import half_done_findings

    extra = half_done_findings(root)
    if not extra:
        return result
    return CheckResult(sort_findings(result.findings + extra), result.files, result.records)
