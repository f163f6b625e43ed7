"""What every command shares: the global options, paths from the command line, today, stderr.

Kept light (no core imports at module level) so that ``dj --help`` stays fast.
"""

from __future__ import annotations

import errno
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

if TYPE_CHECKING:
    import datetime as dt


class State:
    """The global options of this invocation (set by the root callback)."""

    directory: Path | None = None  # -C DIR, absolute
    debug: bool = False

    @classmethod
    def reset(cls) -> None:
        cls.directory = None
        cls.debug = False


class Format(str, Enum):
    """Output formats. Every command has text and json; dj check also github, gitlab and auto."""

    AUTO = "auto"
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    GITLAB = "gitlab"


DataFormat = Literal[Format.TEXT, Format.JSON]

FormatOpt = Annotated[
    DataFormat,
    typer.Option("--format", "-f", help="输出格式：text（文字，默认）或 json（供程序读取）。", metavar="格式"),
]


def base_dir() -> Path:
    """The folder dj runs in: -C DIR, or the current folder."""
    return State.directory or Path.cwd()


def path_arg(value: Path | None) -> Path | None:
    """A path given on the command line, relative ones taken from -C DIR, as git does.

    Usable as a Typer ``callback=`` (the root callback, which sets -C, runs before any
    command's options are converted) or called directly.
    """
    if value is None:
        return None
    value = Path(value)
    return value if value.is_absolute() else base_dir() / value


def root() -> Path:
    """The workspace root, found from -C DIR or the current folder."""
    from ..workspace import find_root

    return find_root(base_dir())


def today() -> dt.date:
    """Today's date: the one place dj reads the clock. Core functions take dates as arguments."""
    import datetime as dt  # imported on use: dj --help stays light

    return dt.date.today()


def parse_date(text: str | None) -> dt.date | None:
    """A date option, or None; a malformed one is a usage error."""
    if text is None:
        return None
    from ..errors import ConfigError

    try:
        import datetime as dt

        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD，例如 2024-12-31。") from None


def interactive() -> bool:
    """Whether a person is typing (stdin is a terminal); CI never is, so dj never waits there."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


# errno → how a Chinese message describes the problem with the path (the user's environment).
_OS_PROBLEMS = {
    errno.EACCES: "没有权限访问 {path}。请检查该文件或文件夹的权限，或换一个位置。",
    errno.EPERM: "没有权限访问 {path}。请检查该文件或文件夹的权限，或换一个位置。",
    errno.EISDIR: "{path} 是一个文件夹，这里需要的是文件名，例如 {path}{sep}结果.json。",
    errno.ENOTDIR: "{path} 中有一段不是文件夹。请检查路径。",
    errno.ENOENT: "找不到 {path}。请检查路径，特别是其中的文件夹是否存在。",
    errno.EROFS: "{path} 所在的磁盘是只读的，无法写入。请换一个位置。",
    errno.ENOSPC: "磁盘空间不足，无法写入 {path}。请清理磁盘后重试。",
    errno.EEXIST: "{path} 已经存在。",
    errno.ENAMETOOLONG: "路径太长：{path}。请换一个短一些的位置。",
    errno.ELOOP: "{path} 中的符号链接形成了循环。",
    errno.EBUSY: "{path} 正被其他程序占用。请关闭占用它的程序后重试。",
    errno.EIO: "读写 {path} 时磁盘出错。",
}
for _name in ("EDQUOT",):
    if hasattr(errno, _name):
        _OS_PROBLEMS[getattr(errno, _name)] = "磁盘配额已满，无法写入 {path}。"


def _inside_dj(path: Path) -> bool:
    package = Path(__file__).resolve().parents[1]
    try:
        return path.resolve().is_relative_to(package)
    except (OSError, RuntimeError, ValueError):
        return False


def os_error_message(exc: OSError, path: Path | str | None = None) -> str | None:
    """A Chinese sentence for an OSError caused by the user's files or disk, or None for others.

    Why: a read-only folder, a directory given as ``--output`` or a full disk is a usage or
    environment problem (exit code 2), not a defect in dj.
    """
    code = exc.errno
    if code is None and isinstance(exc, PermissionError):
        code = errno.EACCES
    template = _OS_PROBLEMS.get(code) if code is not None else None
    if template is None:
        return None
    where = path if path is not None else (exc.filename if exc.filename is not None else "")
    if isinstance(where, bytes):
        where = os.fsdecode(where)
    if where and _inside_dj(Path(where)):
        return None  # a file of dj's own package is missing or unreadable: a defect, not the user's
    text = template.format(path=str(where) or "该文件", sep=os.sep)
    if code == errno.EACCES and os.name == "nt":
        text += "（在 Windows 上，也可能是文件正被 Word、WPS 或杀毒软件打开。）"
    return text
