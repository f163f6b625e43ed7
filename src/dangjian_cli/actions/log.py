"""``dj log``: who changed which records when, from one pass over git history per repository.

The history comes from ``gitrepo.history`` (one ``git log --name-status -M -z`` per repository:
the workspace's, and each repository nested in it such as a ``cases/`` kept apart). A PATH or
RECORD narrows it here, in Python, walking the commits newest first and following renames
backwards: when a commit renamed A to the tracked B, older commits are matched on A
(perf.md: never a git call per file, so no ``git log --follow``).

dj's own commits are recognised by their ``Dj-Command`` trailer (``write.TRAILER``).
Record ids come from the files as they are now (their top-level ``id:``), read without
parsing YAML so the listing stays close to git's own speed; a file that no longer exists
is named by its file name without extension.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..gitrepo import Change, Commit, history
from ..walk import SKIP_DIRS, walk_files
from ..write import TRAILER
RECORD_SUFFIXES = (".yaml", ".yml", ".md")
_ID = re.compile(r"^id:[ \t]*(?:\"([^\"\n]*)\"|'([^'\n]*)'|([^\s#][^#\n]*?))[ \t]*(?:#.*)?$", re.M)
_NAME = re.compile(r"^name:[ \t]*[\"']?([^\"'#\n]*?)[\"']?[ \t]*(?:#.*)?$", re.M)


@dataclass(frozen=True)
class LogEntry:
    """One commit as ``dj log`` shows it: the changes that matter to the query and their records."""

    commit: str
    author: str
    email: str
    date: str
    message: str
    command: str | None
    changes: tuple[Change, ...]
    ids: tuple[str | None, ...]
    repository: str = ""

    @property
    def paths(self) -> list[str]:
        return [c.path for c in self.changes]

    @property
    def records(self) -> list[str]:
        """The record ids in the changed files (``ids`` is per change: None for a file that holds no record)."""
        return list(dict.fromkeys(i for i in self.ids if i is not None))

    def to_dict(self) -> dict[str, Any]:
        return {
            "commit": self.commit, "author": self.author, "email": self.email, "date": self.date,
            "message": self.message, "command": self.command, "paths": self.paths,
            "changes": [{"status": c.status, "path": c.path, **({"from": c.old} if c.old else {})} for c in self.changes],
            "records": self.records, "repository": self.repository,
        }


@dataclass
class LogResult:
    """``dj log``'s answer; its JSON is the list of entries.

    Attributes:
        target: what was asked for (a path or a record), as given; None for the whole workspace.
        paths: the paths it resolved to (folders end with "/").
        followed: earlier names of those paths, found by following renames.
        since: the ISO date given with --since, if any.
    """

    target: str | None
    entries: list[LogEntry]
    paths: list[str] = field(default_factory=list)
    followed: list[str] = field(default_factory=list)
    since: str | None = None

    def to_dict(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.entries]


def is_record_path(path: str) -> bool:
    """A YAML or Markdown file inside a record folder (not dj.yaml, schemas/, reports/, templates/…)."""
    first, sep, _ = path.partition("/")
    return bool(sep) and path.endswith(RECORD_SUFFIXES) and not first.startswith(".") and first not in SKIP_DIRS


def _read_start(path: Path | str, size: int = 65536) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:  # gone, a folder, unreadable
        return None


def _read_text(path: Path | str, size: int = 65536) -> str | None:
    """The start of a file as text (ids and names are near the top; a GBK file still shows its ASCII id)."""
    data = _read_start(path, size)
    return None if data is None else data.decode("utf-8", "replace").removeprefix("\ufeff")


def record_id(root: Path, path: str) -> str:
    """The id of the record in path as the file is now (its top-level ``id:``), else the file name without extension.

    Read without parsing YAML: the first 2 KB (where dj writes ``id:``), then up to 64 KB.
    """
    full = os.path.join(root, path)
    for size in (2048, 65536):
        data = _read_start(full, size)
        if data is None:
            break
        found = _ID.search(data.decode("utf-8", "replace").removeprefix("\ufeff"))
        if found:
            value = next(g for g in found.groups() if g is not None).strip()
            if value:
                return value
        if len(data) < size:  # the whole file was read
            break
    return Path(path).stem


def _inside(root: Path, full: Path) -> str | None:
    """full relative to the workspace root ("" for the root itself), or None outside it."""
    try:
        rel = full.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    return "" if rel == "." else rel


def _record_files(root: Path) -> list[str]:
    return [p for p in walk_files(root) if is_record_path(p)]


def resolve_target(root: Path, base: Path, text: str, commits: list[Commit]) -> tuple[set[str], set[str]]:
    """(exact paths, folder prefixes) that PATH|RECORD names, all relative to root.

    In turn: an existing file or folder (from the current folder, then from the workspace
    root); a record id (the ``id:`` of a record file); the name of a person or department;
    a path that only git history knows (a deleted file), or a deleted record's file name.

    Raises:
        ConfigError: nothing matches, the path lies outside the workspace, or a name is ambiguous.
    """
    for full in (Path(text) if Path(text).is_absolute() else base / text, root / text):
        if os.path.lexists(full):
            rel = _inside(root, full)
            if rel is None:
                raise ConfigError(f"{text} 不在工作区 {root} 中。dj log 只查看工作区内的文件和记录。")
            if rel == "":
                return set(), {""}
            return (set(), {rel + "/"}) if full.is_dir() else ({rel}, set())
    files = _record_files(root)
    by_id = [p for p in files if record_id(root, p) == text]
    if by_id:
        return set(by_id), set()
    named = []
    for p in files:
        if p.startswith(("people/", "departments/")):
            body = _read_text(root / p) or ""
            found = _NAME.search(body)
            if found and found[1].strip() == text:
                named.append(p)
    if len(named) > 1:
        ids = "、".join(record_id(root, p) for p in named)
        raise ConfigError(f"有 {len(named)} 条记录名叫“{text}”（{ids}），请改用编号。")
    if named:
        return set(named), set()
    known = text.strip("/")
    seen = {p for c in commits for ch in c.changes for p in (ch.path, ch.old) if p}
    if known in seen:
        return {known}, set()
    if any(p.startswith(known + "/") for p in seen):
        return set(), {known + "/"}
    stems = {p for p in seen if is_record_path(p) and Path(p).stem == text}
    if stems:
        return stems, set()
    raise ConfigError(
        f"找不到“{text}”：它不是工作区中的文件或文件夹，不是记录编号，也不是人员或部门的名称，git 历史中也没有这个路径。"
        "请检查拼写，或不带参数运行 dj log 查看全部改动。")


def log(root: Path, target: str | None = None, since: str | None = None, base: Path | None = None) -> LogResult:
    """The commits that changed the workspace (or target in it) since the date, newest first.

    Args:
        target: a path (file or folder, relative to base) or a record id or a person's or
            department's name; None for the whole workspace.
        since: an ISO date: only commits authored on or after it.
        base: the folder relative paths are taken from (``-C``), default the root.
    """
    commits = history(root, since=since)
    exact: set[str] = set()
    prefixes: set[str] = {""}
    if target is not None:
        exact, prefixes = resolve_target(root, base or root, target, commits)
    asked = sorted(exact) + sorted(prefixes - {""})
    everything = "" in prefixes

    def hit(path: str | None) -> bool:
        return path is not None and (everything or path in exact or any(path.startswith(p) for p in prefixes))

    followed: list[str] = []
    ids: dict[str, str] = {}
    entries: list[LogEntry] = []
    for commit in commits:
        matched = tuple(ch for ch in commit.changes if hit(ch.path) or hit(ch.old))
        if not matched:
            continue
        for ch in matched:
            if ch.old and hit(ch.path) and not hit(ch.old):
                exact.add(ch.old)  # older commits know the file by its former name
                followed.append(ch.old)
        records: list[str | None] = []
        for ch in matched:
            if is_record_path(ch.path) and ch.path not in ids:
                ids[ch.path] = record_id(root, ch.path)
            records.append(ids.get(ch.path))
        entries.append(LogEntry(
            commit.hash, commit.author.name, commit.author.email, commit.date, commit.message,
            commit.trailer(TRAILER), matched, tuple(records), commit.repo,
        ))
    return LogResult(target, entries, asked, followed, since)
