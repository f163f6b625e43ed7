"""One output contract: every command's result rendered as text or JSON by one function.

``emit(result, fmt)`` prints any result; ``render(result, fmt)`` is the string it prints.
JSON is always ``result.to_dict()``, so the CLI's JSON equals the library's result. Text is
drawn by the renderer registered for the result's type, then every control character that
came from the records (ESC, C0/C1 controls, bidi overrides) is made visible, so a record can
never drive the terminal. dj check adds the CI formats github and gitlab.
"""

from __future__ import annotations

import errno
import io
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from .common import Format

SEVERITY_WORD = {"error": "错误", "warning": "警告"}


# --- safe text -----------------------------------------------------------------------------

# C0 controls but tab and newline (a CR only when not part of CRLF), DEL, C1 controls, and the
# bidirectional overrides and isolates that reorder what the terminal shows.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def sanitize(text: str) -> str:
    r"""text with control characters shown as escapes (ESC becomes ``\x1b``)."""
    return _UNSAFE.sub(_escape, text)


def use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _paint(text: str, code: str) -> str:
    return f"\033[{code}m{text}\033[0m"


# --- writing -------------------------------------------------------------------------------


def write_stdout(text: str) -> None:
    """Write to stdout; when the reader has gone (``dj check | head``), end quietly.

    Why devnull: Python flushes stdout again at exit, which would raise once more; pointing
    the file descriptor at os.devnull is the recipe of the Python docs (signal module,
    "Note on SIGPIPE"). The command still exits with its own code.
    """
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        # Windows reports a reader that has gone as EINVAL rather than EPIPE.
        if not isinstance(exc, BrokenPipeError) and exc.errno not in (errno.EPIPE, errno.EINVAL):
            raise
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            pass  # not a real file (a test runner's buffer): nothing to redirect


def echo_err(message: str) -> None:
    """A line on stderr (notes, errors), control characters from records made visible."""
    try:
        sys.stderr.write(sanitize(message) + "\n")
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # stderr closed: nothing more can be said
        pass


def write_file(path: Path, text: str) -> None:
    """Write a report the user asked for with --output; their mistakes are usage errors (2)."""
    from ..errors import ConfigError
    from .common import os_error_message

    try:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileNotFoundError:
        raise ConfigError(f"无法写入 {path}：文件夹 {path.parent} 不存在。请先建立该文件夹，或换一个位置。") from None
    except OSError as exc:
        message = os_error_message(exc, path)
        if message is None:
            raise
        raise ConfigError(message) from None


def emit(result: Any, fmt: Format | str = Format.TEXT) -> None:
    """Print result in fmt (text in color on a terminal)."""
    write_stdout(render(result, fmt, color=use_color()))


def render(result: Any, fmt: Format | str, color: bool = False) -> str:
    """The text of result in fmt; the one place a result becomes output."""
    fmt = Format(fmt)
    if fmt == Format.JSON:
        return to_json(result)
    if fmt in (Format.GITHUB, Format.GITLAB):
        view = CI_RENDERERS.get((type(result).__name__, fmt))
        if view is None:
            from ..errors import ConfigError

            raise ConfigError(f"--format {fmt.value} 只用于 dj check；此命令可用 text 或 json。")
        prefix = repo_prefix()
        return sanitize(view(result, prefix)) if fmt == Format.GITHUB else view(result, prefix)
    view = text_view(result)
    text = sanitize(view.render(result))
    return view.colorize(text) if color and view.colorize else text


def to_json(result: Any) -> str:
    import json  # only for JSON output: dj --help stays light

    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class TextView:
    """How a result type is drawn as text; colorize adds color after sanitizing."""

    render: Callable[[Any], str]
    colorize: Callable[[str], str] | None = None


TEXT_RENDERERS: dict[str, TextView] = {}


def text_view(result: Any) -> TextView:
    """The renderer of result's type (by class name, so that this module imports no core)."""
    for cls in type(result).__mro__:
        view = TEXT_RENDERERS.get(cls.__name__)
        if view is not None:
            return view
    raise TypeError(f"no text renderer for {type(result).__name__}")


def text_renderer(*names: str, colorize: Callable[[str], str] | None = None) -> Callable[[Callable[[Any], str]], Callable[[Any], str]]:
    def register(func: Callable[[Any], str]) -> Callable[[Any], str]:
        for name in names:
            TEXT_RENDERERS[name] = TextView(func, colorize)
        return func

    return register


# --- dj check ------------------------------------------------------------------------------


def _severity(f: Any) -> str:
    return str(getattr(f.severity, "value", f.severity))


def text_line(f: Any) -> str:
    record = f"（{f.record}）" if f.record else ""
    return f"{f.path}:{f.line}:{f.column}: {SEVERITY_WORD[_severity(f)]} {f.code} {f.message}{record}"


def summary_line(result: Any) -> str:
    verdict = "未发现问题" if not result.findings else f"{result.errors} 个错误，{result.warnings} 个警告"
    quiet = len(getattr(result, "suppressed", ()))
    if quiet:
        verdict += f"，另有 {quiet} 个问题已按记录中的说明忽略（dj check --list-suppressions 查看）"
    return f"共检查 {result.files} 个文件、{result.records} 条记录：{verdict}。"


_SEVERITY_AT = re.compile(r"^(.*?:\d+:\d+: )(错误|警告)( DJ\d+ )", re.M)


def _color_findings(text: str) -> str:
    def paint(m: re.Match[str]) -> str:
        return m.group(1) + _paint(m.group(2), "31;1" if m.group(2) == "错误" else "33;1") + m.group(3)

    return _SEVERITY_AT.sub(paint, text)


@text_renderer("CheckResult", colorize=_color_findings)
def render_check_text(result: Any) -> str:
    return "\n".join([*(text_line(f) for f in result.findings), summary_line(result)]) + "\n"


@text_renderer("SuppressionList")
def render_suppressions(result: Any) -> str:
    """One line per suppression, as findings are shown (file:line:column first), then a count."""
    from ..findings import CODES

    lines = []
    for s in result.suppressions:
        title = f"（{CODES[s.code]}）" if s.code in CODES else " "
        done = f"忽略了 {s.silenced} 个问题" if s.silenced else "没有忽略任何问题"
        lines.append(f"{s.path}:{s.line}:{s.column}: {s.code}{title}记录 {s.record}，{done}。理由：{s.reason}")
        lines += [f"  已忽略：{text_line(f)}" for f in result.silenced_by(s)]
    if not result.suppressions:
        lines.append("记录中没有忽略说明（suppress）。")
    else:
        unused = sum(not s.silenced for s in result.suppressions)
        tail = f"其中 {unused} 条没有起作用，dj check 会提示（DJ480 等）。" if unused else ""
        lines.append(f"共 {len(result.suppressions)} 条忽略说明，忽略了 {sum(s.silenced for s in result.suppressions)} 个问题。{tail}")
    return "\n".join(lines) + "\n"


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def _log_line(text: str) -> str:
    """A plain log line of the github format: one line, never read as a workflow command.

    Why: the runner treats a line that starts with ``::`` after leading white space as a
    command (and ``##[`` anywhere as an old-style one); record text with a newline could
    otherwise start ``::error`` or ``::stop-commands::`` of its own.
    """
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("##[", "## [")
    return "> " + text if text.lstrip().startswith("::") else text


def repo_prefix() -> str:
    """The workspace's folder relative to the repository's top, with a slash ("" at the top).

    Why: GitHub annotations and GitLab's code quality report name files from the top of
    the repository; a workspace in a subfolder (``dj -C 党建 check``) would otherwise put
    them on files that do not exist. Text output stays relative to the workspace.
    """
    from ..errors import DjError
    from ..gitrepo import top_folder
    from .common import root

    try:
        workspace = root().resolve()
    except DjError:
        return ""
    top = top_folder(workspace)
    if top is None or top == workspace:
        return ""
    return workspace.relative_to(top).as_posix() + "/"


def render_github(result: Any, prefix: str = "") -> str:
    """Workflow commands: one annotation per finding, and the full log grouped per file.

    Why both: GitHub shows at most 10 error annotations per step; the log keeps the rest.
    Every value from the records is escaped: in a command as the runner decodes it, in a
    plain line so that it stays one line that is not a command (``_log_line``).
    """
    out = []
    for path, group in groupby(result.findings, key=lambda f: f.path):
        out.append(f"::group::{_escape_data(prefix + path)}")
        for f in group:
            level = "error" if _severity(f) == "error" else "warning"
            props = f"file={_escape_property(prefix + f.path)},line={f.line},col={f.column},title={_escape_property(f.code)}"
            out.append(f"::{level} {props}::{_escape_data(f.message.replace('##[', '## ['))}")
            out.append(_log_line(text_line(f)))
        out.append("::endgroup::")
    out.append(_log_line(summary_line(result)))
    return "\n".join(out) + "\n"


def render_step_summary(result: Any) -> str:
    """A Markdown table for the GitHub job summary: how many findings of each code."""
    from ..findings import CODES

    lines = ["## dj 记录校验", "", summary_line(result), ""]
    if result.findings:
        counts: dict[tuple[str, str], int] = {}
        for f in result.findings:
            counts[(f.code, _severity(f))] = counts.get((f.code, _severity(f)), 0) + 1
        lines += ["| 编号 | 问题 | 级别 | 数量 |", "|---|---|---|---|"]
        lines += [f"| {code} | {CODES.get(code, '')} | {SEVERITY_WORD[sev]} | {n} |" for (code, sev), n in sorted(counts.items())]
    return sanitize("\n".join(lines) + "\n")


def render_gitlab(result: Any, prefix: str = "") -> str:
    """GitLab Code Quality report: a JSON array, no BOM, fingerprints unique per finding but
    without line numbers (an edit above a finding keeps its fingerprint)."""
    import hashlib
    import json

    entries = []
    seen: dict[str, int] = {}
    for f in result.findings:
        # Why the occurrence: the same code and message on two lines of one file are two
        # findings; without line numbers (which shift on every edit) the count tells them apart.
        base = f"{f.path}\0{f.code}\0{f.record or ''}\0{f.message}"
        seen[base] = seen.get(base, 0) + 1
        fingerprint = hashlib.sha1(f"{base}\0{seen[base]}".encode()).hexdigest()
        entries.append({
            "description": f"{f.code} {f.message}",
            "check_name": f.code,
            "fingerprint": fingerprint,
            "severity": "major" if _severity(f) == "error" else "minor",
            "location": {"path": prefix + f.path, "lines": {"begin": f.line}},
        })
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"


CI_RENDERERS: dict[tuple[str, Format], Callable[[Any], str]] = {
    ("CheckResult", Format.GITHUB): render_github,
    ("CheckResult", Format.GITLAB): render_gitlab,
}


def auto_format() -> Format:
    """github inside GitHub Actions (not Gitea, which ignores annotations), else text."""
    if os.environ.get("GITHUB_ACTIONS") == "true" and not os.environ.get("GITEA_ACTIONS"):
        return Format.GITHUB
    return Format.TEXT


# --- tables --------------------------------------------------------------------------------


def _table(title: str, columns: list[str]) -> Any:
    from rich.table import Table

    table = Table(title=title, show_lines=False, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _tables(*tables: Any, footer: str = "") -> str:
    """Rich tables drawn to a string, without color (sanitizing comes after)."""
    from rich.console import Console

    buffer = io.StringIO()  # rich still sizes the tables to the terminal (or COLUMNS)
    console = Console(file=buffer, color_system=None, highlight=False, soft_wrap=False, emoji=False)
    for table in tables:
        console.print(table)
    return buffer.getvalue() + (footer + "\n" if footer else "")


def _cell(value: Any) -> str:
    """A table cell: escaped before rich measures it, so columns stay aligned."""
    from rich.markup import escape

    return escape(sanitize("" if value is None else str(value)))


@text_renderer("ItemList")
def render_items(result: Any) -> str:
    items = result.to_dict()
    table = _table(f"责任事项（{len(items)} 项）", ["编号", "年度", "层级", "责任主体", "领域", "责任内容", "追究"])
    for item in items:
        content = item["content"] if len(item["content"]) <= 24 else item["content"][:24] + "..."
        table.add_row(*map(_cell, (item["id"], item["year"], item["tier"], item.get("person_name") or item.get("body", ""),
                                   item["area"], content, "√" if item.get("accountability") else "×")))
    return _tables(table)


@text_renderer("Coverage")
def render_coverage(result: Any) -> str:
    data = result.to_dict()
    chains = _table(f"{data['year']} 年重点工作责任链条", ["重点工作", *data["roles"]])
    for row in data["chains"]:
        cells = []
        for role in data["roles"]:
            cell = row["roles"][role]
            names = "、".join(h["name"] + ("" if h["suitable"] else "（任职不符）") for h in cell["holders"])
            cells.append(("√ " + names) if cell["filled"] else ("× " + (names or "缺")))
        chains.add_row(_cell(row["area"]), *map(_cell, cells))
    topics = _table(f"{data['year']} 年各层级必备要点", ["责任主体", "层级", "已覆盖", "缺少"])
    for row in data["topics"]:
        missing = "、".join(row["missing"]) if row["items"] else "（没有责任清单）"
        lacking = ("× " + missing) if (row["missing"] or not row["items"]) else "无"
        topics.add_row(*map(_cell, (row["name"], row["tier"], "、".join(row["covered"]), lacking)))
    verdict = "覆盖完整。" if data["complete"] else "存在缺口（标 × 处），dj check 会逐项报告。"
    return _tables(chains, topics, footer=verdict)


# --- writes --------------------------------------------------------------------------------


@text_renderer("Applied")
def render_applied(applied: Any) -> str:
    """What a write command did: the diff of a dry run, or the files written and the commit."""
    lines: list[str] = []
    if getattr(applied, "dry_run", False):
        text = applied.diff or ""
        if applied.changed:
            text += f"（试运行，未写入）将修改 {len(applied.changed)} 个文件。\n"
        else:
            text += "（试运行）无需修改。\n"
        return text
    if not applied.changed:
        return "无需修改：文件已是最新。\n"
    lines += [f"已写入 {path}" for path in applied.changed]
    if applied.commit:
        subject = (getattr(applied, "message", "") or "").splitlines()[0:1]
        lines.append(f"已提交 {applied.commit[:8]}：{subject[0] if subject else ''}".rstrip("："))
    ignored = getattr(applied, "ignored", None)
    if not applied.commit and not (ignored and set(applied.changed) <= set(ignored)):
        lines.append("未提交（--no-commit）。请检查后自行提交。")
    if ignored:
        lines.append(f"按 .gitignore 的设置未提交：{'、'.join(ignored)}")
    return "\n".join(lines) + "\n"


@text_renderer("InitResult")
def render_init(result: Any) -> str:
    return "\n".join(result.lines) + "\n"


@dataclass
class Written:
    """Files a command wrote outside the records (``dj schema``, ``assign letter -o``)."""

    command: str
    paths: list[str]
    unchanged: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"command": self.command, "written": self.paths, "unchanged": self.unchanged}


@text_renderer("Written")
def render_written(result: Written) -> str:
    if not result.paths:
        return f"无需修改：{len(result.unchanged)} 个文件都已是最新。\n"
    return "".join(f"已写入 {p}\n" for p in result.paths)


@dataclass
class Text:
    """A document printed as it is (the Markdown of ``dj assign letter``)."""

    command: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"command": self.command, "text": self.text}


@text_renderer("Text")
def render_document(result: Text) -> str:
    return result.text
