"""Rendering check results: text, json, github annotations, GitLab Code Quality."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from itertools import groupby

from ..findings import Finding, Severity
from ..pipeline import CheckResult

SEVERITY_WORD = {Severity.ERROR: "错误", Severity.WARNING: "警告"}


def _color(text: str, code: str, enabled: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if enabled else text


def use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def text_line(f: Finding, color: bool = False) -> str:
    sev = _color(SEVERITY_WORD[f.severity], "31;1" if f.severity == Severity.ERROR else "33;1", color)
    record = f"（{f.record}）" if f.record else ""
    return f"{f.path}:{f.line}:{f.column}: {sev} {f.code} {f.message}{record}"


def summary_line(result: CheckResult) -> str:
    verdict = "未发现问题。" if not result.findings else f"{result.errors} 个错误，{result.warnings} 个警告。"
    return f"共检查 {result.files} 个文件、{result.records} 条记录：{verdict}"


def render_text(result: CheckResult, color: bool = False) -> str:
    lines = [text_line(f, color) for f in result.findings]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def render_json(result: CheckResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult) -> str:
    """Workflow commands: one annotation per finding, and the full log grouped per file.

    Why both: GitHub shows at most 10 error annotations per step; the log keeps the rest.
    """
    out = []
    for path, group in groupby(result.findings, key=lambda f: f.path):
        out.append(f"::group::{path}")
        for f in group:
            level = "error" if f.severity == Severity.ERROR else "warning"
            props = f"file={_escape_property(f.path)},line={f.line},col={f.column},title={_escape_property(f.code)}"
            out.append(f"::{level} {props}::{_escape_data(f.message)}")
            out.append(text_line(f))
        out.append("::endgroup::")
    out.append(summary_line(result))
    return "\n".join(out) + "\n"


def render_step_summary(result: CheckResult) -> str:
    """A Markdown table for the GitHub job summary: how many findings of each code."""
    from ..findings import CODES

    lines = ["## dj 记录校验", "", summary_line(result), ""]
    if result.findings:
        counts: dict[tuple[str, Severity], int] = {}
        for f in result.findings:
            counts[(f.code, f.severity)] = counts.get((f.code, f.severity), 0) + 1
        lines += ["| 编号 | 问题 | 级别 | 数量 |", "|---|---|---|---|"]
        lines += [f"| {code} | {CODES.get(code, '')} | {SEVERITY_WORD[sev]} | {n} |" for (code, sev), n in sorted(counts.items())]
    return "\n".join(lines) + "\n"


def render_gitlab(result: CheckResult) -> str:
    """GitLab Code Quality report: a JSON array, no BOM, fingerprints without line numbers."""
    entries = []
    for f in result.findings:
        fingerprint = hashlib.sha1(f"{f.path}\0{f.code}\0{f.record or ''}\0{f.message}".encode()).hexdigest()
        entries.append({
            "description": f"{f.code} {f.message}",
            "check_name": f.code,
            "fingerprint": fingerprint,
            "severity": "major" if f.severity == Severity.ERROR else "minor",
            "location": {"path": f.path, "lines": {"begin": f.line}},
        })
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "github": render_github, "gitlab": render_gitlab}


def auto_format() -> str:
    """github inside GitHub Actions (not Gitea, which ignores annotations), else text."""
    if os.environ.get("GITHUB_ACTIONS") == "true" and not os.environ.get("GITEA_ACTIONS"):
        return "github"
    return "text"


def render(result: CheckResult, fmt: str, color: bool = False) -> str:
    return render_text(result, color) if fmt == "text" else RENDERERS[fmt](result)
