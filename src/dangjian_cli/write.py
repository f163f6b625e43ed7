"""The one write path: a command plans its files, and ``apply_plan`` writes and commits them
completely, or leaves the work tree and the index as they were.

Every command that changes a file goes through here (``dj init``, ``--fix-encoding``, the
``assign`` writes, ``letter -o``, ``schema -o`` and every later stage):

1. take the workspace lock (``<git dir>/dj.lock``, an OS lock that dies with its process) for
   the whole command (``with writing(root)``: read, plan, apply), so two dj writers never
   interleave; a second one waits a few seconds, then refuses;
2. finish what a killed dj left behind: its temporary files, and files it had written but
   not committed, which get their old content back;
3. refuse when a file to change has uncommitted edits, or another git program holds the index;
4. note the old content of each file in a journal (``<git dir>/dj-write.json``), write the
   files atomically, and commit exactly them as the git user, with a ``Dj-Command`` trailer;
5. if anything fails, put every file and the index back, and say why (git's or the hook's
   own output); once the cause is gone, the same command commits.

Why a journal: a process can be killed between writing and committing; the journal lets the
next dj run undo that half-done write, and ``dj check`` report it until then.
"""

from __future__ import annotations

import base64
import datetime as dt
import difflib
import hashlib
import json
import os
import re
import time
from collections.abc import Iterator
from glob import escape as glob_escape
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, DjError
from .findings import Finding, Severity
from .gitrepo import Author

LOCK_NAME = "dj.lock"
JOURNAL_NAME = "dj-write.json"
TRAILER = "Dj-Command"
TMP_SUFFIX = ".dj-tmp"
LOCK_WAIT = 5.0  # seconds a second writer waits for the first
INDEX_WAIT = 2.0  # seconds to wait for another git program to release index.lock


class WriteRefused(DjError):
    """The write was not done and nothing changed (exit code 1)."""


@dataclass(frozen=True)
class FileChange:
    """The new content of one file (POSIX path relative to the root); None deletes it."""

    path: str
    content: bytes | None


@dataclass
class Plan:
    """What a command will write, and the commit message composed for it.

    Attributes:
        command: the dj command, e.g. ``assign sign``; becomes the ``Dj-Command`` trailer
            ("" for the example's replayed commits, which people made).
        message: the Chinese commit message (subject line, optionally a body).
        author: commit as this author instead of the git user (``dj init`` without an identity,
            the example's replayed history).
        date: ISO 8601 author and committer date (the example's replayed history).
    """

    command: str
    message: str
    changes: list[FileChange] = field(default_factory=list)
    author: Author | None = None
    date: str | None = None

    def commit_message(self) -> str:
        """The message with the ``Dj-Command`` trailer (none for a replayed human commit: command "")."""
        if not self.command:
            return self.message
        return f"{self.message.rstrip()}\n\n{TRAILER}: {self.command}\n"


@dataclass
class Applied:
    """What a write command did: the result every write command prints."""

    command: str
    message: str
    changed: list[str]
    diff: str
    commit: str | None = None
    dry_run: bool = False
    ignored: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "command": self.command, "message": self.message, "changed": self.changed, "diff": self.diff,
            "commit": self.commit, "dry_run": self.dry_run, "ignored": self.ignored,
        }


# --- atomic files --------------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def tmp_path_of(path: Path) -> Path:
    """The temporary file dj writes before replacing path (one name per process)."""
    return path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")


def atomic_write(path: Path, data: bytes) -> None:
    """Replace path with data so that a crash leaves either the old or the new file.

    The temporary file sits beside path with a name ``_recover`` knows (``.NAME.PID.dj-tmp``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_path_of(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # Keep the old file's mode, or give a new file the mode any other program would.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _restore(path: Path, content: bytes | None) -> None:
    if content is None:
        path.unlink(missing_ok=True)
    else:
        atomic_write(path, content)


# --- diff ----------------------------------------------------------------------------------


def diff_of(root: Path, changes: list[FileChange]) -> str:
    out = []
    for change in changes:
        old = _read(root / change.path)
        old_text = old.decode("utf-8", "replace") if old is not None else ""
        new_text = change.content.decode("utf-8", "replace") if change.content is not None else ""
        out.extend(difflib.unified_diff(
            old_text.splitlines(keepends=True), new_text.splitlines(keepends=True),
            fromfile=f"a/{change.path}" if old is not None else "/dev/null",
            tofile=f"b/{change.path}" if change.content is not None else "/dev/null",
        ))
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n"
    return "".join(out)


# --- the lock and the journal --------------------------------------------------------------


class _OsLock:
    """An exclusive OS lock on a file, released by the OS when the process ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def try_acquire(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if os.name == "nt":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            if os.name == "nt":
                import msvcrt

                os.lseek(self.fd, 0, 0)
                msvcrt.locking(self.fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(self.fd)
            self.fd = None


_HELD: dict[Path, int] = {}  # git dirs whose lock this process holds, and how often


@contextmanager
def workspace_lock(git_dir: Path | None, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the workspace lock; a second writer waits up to ``wait`` seconds, then is refused.

    Re-entrant within a process: a command holds it from reading to committing (``writing``),
    and ``apply_plan`` inside takes it again.
    """
    if git_dir is None:  # not a git repository: nothing to commit, nothing to serialise with
        yield
        return
    key = git_dir.resolve()
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    lock = _OsLock(git_dir / LOCK_NAME)
    deadline = time.monotonic() + wait
    try:
        while not lock.try_acquire():
            if time.monotonic() >= deadline:
                raise WriteRefused("另一个 dj 命令正在修改这个工作区。请等它结束后，重新运行同一命令。")
            time.sleep(0.05)
    except OSError as exc:
        raise ConfigError(f"无法在 {git_dir} 中建立锁文件（{exc.strerror or exc}）。请检查该目录是否可写。") from None
    _HELD[key] = 1
    try:
        yield
    finally:
        del _HELD[key]
        lock.release()


@contextmanager
def writing(root: Path) -> Iterator[list[str]]:
    """A whole write command: hold the lock from reading the records to committing the plan.

    First undoes what a killed dj write left behind (yields the paths put back), so that the
    plan is made from committed records; holding the lock throughout means no other dj writer
    changes a file between this command's reading and its writing.
    """
    from . import gitrepo

    git_dir = gitrepo.find_git_dir(root)
    with workspace_lock(git_dir):
        restored = _recover(git_dir) if git_dir is not None and _journal_path(git_dir).exists() else []
        yield restored


def _journal_path(git_dir: Path) -> Path:
    return git_dir / JOURNAL_NAME


def _write_journal(git_dir: Path, root: Path, plan: Plan, old: dict[str, bytes | None]) -> None:
    data = {
        "command": plan.command,
        "pid": os.getpid(),
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "root": str(root.resolve()),
        "files": [
            {
                "path": c.path,
                "old": None if old[c.path] is None else base64.b64encode(old[c.path]).decode("ascii"),
                "new": None if c.content is None else hashlib.sha1(c.content).hexdigest(),
            }
            for c in plan.changes
        ],
    }
    atomic_write(_journal_path(git_dir), json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _read_journal(git_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(_journal_path(git_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), list) else None


def _ours(current: bytes | None, entry: dict[str, Any]) -> bool:
    """The file still holds what the journal says dj wrote."""
    if current is None:
        return entry.get("new") is None
    return hashlib.sha1(current).hexdigest() == entry.get("new")


def _pending(journal: dict[str, Any]) -> tuple[Path, list[dict[str, Any]]]:
    """The workspace of a journal and its entries whose file holds dj's uncommitted content."""
    from . import gitrepo

    root = Path(str(journal.get("root", "")))
    entries = [f for f in journal["files"] if isinstance(f, dict) and isinstance(f.get("path"), str)]
    if not root.is_dir() or not entries:
        return root, []
    dirty = set(gitrepo.dirty_paths(root, [e["path"] for e in entries]))
    return root, [e for e in entries if e["path"] in dirty and _ours(_read(root / e["path"]), e)]


def half_done_findings(root: Path) -> list[Finding]:
    """A finding on each file that a killed dj wrote and did not commit (read only: for dj check)."""
    from . import gitrepo

    git_dir = gitrepo.find_git_dir(root)
    if git_dir is None or not _journal_path(git_dir).exists():
        return []
    lock = _OsLock(git_dir / LOCK_NAME)
    try:
        if not lock.try_acquire():
            return []  # a dj writer is at work right now
    except OSError:
        return []
    try:
        journal = _read_journal(git_dir)
    finally:
        lock.release()
    if journal is None:
        return []
    journal_root, pending = _pending(journal)
    command, started = journal.get("command", ""), str(journal.get("started", ""))[:19].replace("T", " ")
    interrupted = f"dj 上次修改记录时被中断（dj {command}，开始于 {started}）"
    out = []
    for path, text in [
        *((journal_root / e["path"], "，这个文件已改写但没有提交。重新运行同一命令即可：dj 会先把文件恢复原样，再重新写入并提交。"
                                     "如要保留现在的内容，请自行提交（git add 和 git commit）。") for e in pending),
        *((leftover, "，留下了这个临时文件（文件名以 .dj-tmp 结尾）。重新运行同一命令时 dj 会删除它；也可以直接删除，"
                     "不要提交它。") for leftover in _leftovers(journal_root, journal)),
    ]:
        try:
            rel = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
        out.append(Finding("DJ117", Severity.ERROR, rel, 1, 1, interrupted + text))
    return out


def _leftovers(root: Path, journal: dict[str, Any]) -> list[Path]:
    """The temporary files of the journal's write that a kill left beside their targets."""
    out: list[Path] = []
    for entry in journal["files"]:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            path = root / entry["path"]
            if path.parent.is_dir():
                out.extend(sorted(path.parent.glob(f".{glob_escape(path.name)}.*{TMP_SUFFIX}")))
    return out


def _recover(git_dir: Path) -> list[str]:
    """Undo the half-done write a killed dj left; return the paths put back.

    A file is put back only while it still holds what dj wrote and that is not committed, so
    a later edit by the user, or a commit that did go through, is never undone.
    """
    from . import gitrepo

    journal = _read_journal(git_dir)
    restored: list[str] = []
    if journal is not None:
        journal_root, pending = _pending(journal)
        for leftover in _leftovers(journal_root, journal):
            leftover.unlink(missing_ok=True)
        for entry in pending:
            old = entry.get("old")
            _restore(journal_root / entry["path"], None if old is None else base64.b64decode(old))
            restored.append(entry["path"])
        if restored:
            gitrepo.unstage(journal_root, restored)
    _journal_path(git_dir).unlink(missing_ok=True)
    for leftover in git_dir.glob(f".{JOURNAL_NAME}.*{TMP_SUFFIX}"):  # a kill while the journal was written
        leftover.unlink(missing_ok=True)
    return restored


# --- applying ------------------------------------------------------------------------------


def _changed(root: Path, changes: list[FileChange]) -> list[FileChange]:
    """The changes that change something (same paths once, last one wins)."""
    by_path = {c.path: c for c in changes}
    return [c for c in by_path.values() if _read(root / c.path) != c.content]


def _wait_for_index(git_dir: Path) -> None:
    index_lock = git_dir / "index.lock"
    deadline = time.monotonic() + INDEX_WAIT
    while index_lock.exists():
        if time.monotonic() >= deadline:
            raise WriteRefused(index_lock_message(git_dir))
        time.sleep(0.05)


def index_lock_message(git_dir: Path, lock: str | None = None) -> str:
    return (f"另一个 git 程序正在使用这个仓库（存在锁文件 {lock or git_dir / 'index.lock'}），dj 没有做任何修改。"
            "请等编辑器或另一个窗口中的 git 操作结束后，重新运行同一命令；"
            "如果确定没有 git 程序在运行（例如之前的 git 异常退出），可删除该锁文件。")


def _os_problem(exc: OSError, root: Path) -> ConfigError:
    where = exc.filename or root
    reason = {13: "没有写入权限", 30: "所在磁盘是只读的", 28: "磁盘空间不足", 21: "这是一个目录", 20: "路径中有一段不是目录"}.get(
        exc.errno or 0, exc.strerror or str(exc))
    return ConfigError(f"无法写入 {where}：{reason}。已恢复原样，没有做任何修改。请检查该目录的权限或磁盘后重试。")


def apply_plan(root: Path, plan: Plan, *, commit: bool = True, dry_run: bool = False) -> Applied:
    """Write the plan's files atomically and commit exactly them, or change nothing.

    Args:
        root: the folder the plan's paths are relative to (the workspace root).
        commit: commit the files as the git user (or ``plan.author``); False only writes.
        dry_run: only compute the diff.

    Raises:
        WriteRefused: a file to change has uncommitted edits, another dj or git holds the
            repository, or the commit failed (a hook refused it…); nothing was changed.
        ConfigError: no git identity, not a git repository, a folder that cannot be written.
    """
    from . import gitrepo

    if dry_run:
        real = _changed(root, plan.changes)
        return Applied(plan.command, plan.message, [c.path for c in real], diff_of(root, real), dry_run=True)
    if commit:
        nested = gitrepo.nested_repos(root, [c.path for c in plan.changes])
        if nested:
            return _apply_nested(root, plan, nested)
    git_dir = gitrepo.find_git_dir(root)
    if commit and git_dir is None:
        raise ConfigError(f"{root} 不在 git 仓库中，无法提交。请先运行 git init，或加上 --no-commit 只修改文件。")
    author = plan.author or (gitrepo.require_identity(root) if commit else None)
    with workspace_lock(git_dir):
        if git_dir is not None:
            _recover(git_dir)  # first: it may put files back
        real = _changed(root, plan.changes)
        result = Applied(plan.command, plan.message, [c.path for c in real], diff_of(root, real))
        if not real:
            return result
        paths = [c.path for c in real]
        if commit:
            ignored = set(gitrepo.ignored_paths(root, paths))
            result.ignored = sorted(ignored)
            dirty = gitrepo.dirty_paths(root, [p for p in paths if p not in ignored])
            if dirty:
                raise WriteRefused(
                    "以下文件有尚未提交的修改，为免混入您的改动，dj 不会改写它们：\n  " + "\n  ".join(dirty)
                    + "\n请先提交（git commit）或撤销这些修改，或加上 --no-commit。")
            _wait_for_index(git_dir)
        old = {c.path: _read(root / c.path) for c in real}
        if git_dir is not None:
            _write_journal(git_dir, root, Plan(plan.command, plan.message, real), old)
        written: list[str] = []
        try:
            for change in real:
                written.append(change.path)
                _restore(root / change.path, change.content)
            to_commit = [p for p in paths if p not in result.ignored] if commit else []
            if to_commit:
                result.commit = gitrepo.commit_paths(root, to_commit, plan.commit_message(), author, plan.date)
        except BaseException as exc:
            problem = _put_back(root, written, old, commit)
            if git_dir is not None and not problem:
                _journal_path(git_dir).unlink(missing_ok=True)
            if isinstance(exc, gitrepo.GitFailed):
                raise WriteRefused(_commit_failed(exc, git_dir, problem)) from None
            if isinstance(exc, OSError):
                raise _os_problem(exc, root) from None
            raise
        if git_dir is not None:
            _journal_path(git_dir).unlink(missing_ok=True)
    return result


def _apply_nested(root: Path, plan: Plan, nested: dict[str, Path]) -> Applied:
    """Apply a plan whose files all lie in one repository nested in the workspace's, committing there.

    Why: a unit may keep ``cases/`` in a repository of its own (narrower access), ignored by the
    workspace's repository or added as a submodule; git refuses to stage such a path from outside.
    The nested repository gets the same lock, journal, message and trailer as the workspace's would.
    """
    tops = set(nested.values())
    if len(tops) > 1 or len(nested) < len(plan.changes):
        raise WriteRefused(
            "以下文件位于另一个独立的 git 仓库中（例如单独管理、访问范围更窄的 cases/），"
            "而同一命令还要修改其他仓库中的文件，dj 无法在一次提交中完成：\n  "
            + "\n  ".join(f"{p}（仓库：{nested[p]}）" for p in sorted(nested))
            + "\n未修改任何文件。请加上 --no-commit 重新运行同一命令，再分别在各仓库中自行提交。")
    top = tops.pop()
    base = root.resolve()
    prefix = top.relative_to(base).as_posix()
    diff = diff_of(root, _changed(root, plan.changes))
    inner = Plan(plan.command, plan.message,
                 [FileChange((base / c.path).relative_to(top).as_posix(), c.content) for c in plan.changes],
                 plan.author, plan.date)
    result = apply_plan(top, inner)
    result.changed = [f"{prefix}/{p}" for p in result.changed]
    result.ignored = [f"{prefix}/{p}" for p in result.ignored]
    result.diff = diff
    return result


def _put_back(root: Path, written: list[str], old: dict[str, bytes | None], staged: bool) -> str:
    """Restore the files and the index after a failed write; return what could not be restored."""
    from . import gitrepo

    problems = []
    for rel in written:
        try:
            _restore(root / rel, old[rel])
        except OSError as exc:
            problems.append(f"{rel}（{exc.strerror or exc}）")
    if staged and written:
        for attempt in range(20):  # the index may still be locked by whoever made the commit fail
            try:
                gitrepo.unstage(root, written)
                break
            except gitrepo.GitFailed as exc:
                if attempt == 19:
                    problems.append(f"暂存区（{exc.output.strip()}）")
                time.sleep(0.1)
    return "；".join(problems)


def _commit_failed(exc: Any, git_dir: Path | None, problem: str) -> str:
    output = exc.output.strip()
    held = re.search(r"'([^']+\.lock)'", output)
    if held and git_dir is not None:
        head = index_lock_message(git_dir, held[1])
    elif exc.hook:
        head = ("提交被 git 钩子（如 pre-commit）拒绝，dj 已把文件和暂存区恢复原样。请按下面钩子的提示处理"
                "（例如先运行 dj check 改正问题）后，重新运行同一命令；也可以加上 --no-commit 先写入文件，改好后自行提交。")
    else:
        head = "git 提交失败，dj 已把文件和暂存区恢复原样。请按下面 git 的提示处理后，重新运行同一命令。"
    text = head + ("\ngit 的输出：\n" + "\n".join("  " + line for line in output.splitlines()) if output else "")
    if problem:
        text += f"\n注意：以下内容未能恢复，请用 git status 查看并手工处理：{problem}"
    return text
