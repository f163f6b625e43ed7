"""Applying planned file changes: dry-run diff, dirty check, atomic writes, one commit."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ..errors import DjError
from ..yamlio import atomic_write


@dataclass(frozen=True)
class FileChange:
    """The new content of one file (POSIX path relative to the workspace root)."""

    path: str
    content: bytes


@dataclass
class Applied:
    changed: list[str]
    diff: str
    commit: str | None = None


def diff_of(root: Path, changes: list[FileChange]) -> str:
    out = []
    for change in changes:
        path = root / change.path
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        new = change.content.decode("utf-8")
        out.extend(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            fromfile=f"a/{change.path}" if path.exists() else "/dev/null", tofile=f"b/{change.path}",
        ))
    return "".join(out)


def apply_changes(
    root: Path, changes: list[FileChange], message: str, *, commit: bool = True, dry_run: bool = False
) -> Applied:
    """Write the changed files atomically and commit exactly them.

    Unchanged files are skipped. Refuses (DjError) when a file to change has uncommitted
    edits, so that the user's own work is never mixed into dj's commit.
    """
    real = [c for c in changes if not (root / c.path).exists() or (root / c.path).read_bytes() != c.content]
    diff = diff_of(root, real)
    if dry_run or not real:
        return Applied([c.path for c in real], diff)
    from .. import gitrepo

    author = gitrepo.require_identity(root) if commit else None
    if commit:
        dirty = gitrepo.dirty_paths(root, [c.path for c in real])
        if dirty:
            raise DjError(
                "以下文件有尚未提交的修改，为免混入您的改动，dj 不会改写它们：\n  "
                + "\n  ".join(dirty)
                + "\n请先提交（git commit）或撤销这些修改，或加上 --no-commit。"
            )
    for change in real:
        atomic_write(root / change.path, change.content)
    sha = gitrepo.commit_paths(root, [c.path for c in real], message, author) if commit else None
    return Applied([c.path for c in real], diff, sha)
