"""Find the record files of a workspace, read them and validate them.

Every problem becomes a finding; a broken file is left out of what follows but
never stops the others from being read.
"""

from __future__ import annotations

import errno
import gc
import os
import pickle
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .cache import FileIndex, content_digest, stat_key
from .findings import Finding, error, warning
from .kinds import BY_FOLDER, Kind
from .models.base import Record
from .validate import findings_for, partial_record
from .walk import walk_files
from .yamlio import YamlProblem, build, compose, decode, fast_load, findings_from, prelint, split_front_matter

YAML_SUFFIXES = (".yaml", ".yml")
ROOT_FILES = {"dj.yaml"}


@dataclass
class Loaded:
    kind: Kind
    record: Record
    path: str


@dataclass
class LoadResult:
    loaded: list[Loaded] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: int = 0


def discover(root: Path) -> tuple[list[tuple[str, Kind]], list[Finding]]:
    """Record files below root with their kind, and findings for what cannot be read or is out of place.

    Hidden folders (.git, .vscode, .github, caches) and dot-files are not records. A record
    folder that cannot be listed, or a file where a record folder should be, is one finding
    naming it (its records would otherwise show up only as hundreds of missing ids).
    """
    files: list[tuple[str, Kind]] = []
    findings: list[Finding] = []
    folders = "、".join(f"{k.folder}/（{k.title}）" for k in BY_FOLDER.values())
    problems: list[tuple[str, str]] = []
    for rel in walk_files(root, problems):
        lower = rel.lower()
        kind = BY_FOLDER.get(rel.split("/", 1)[0]) if "/" in rel else None
        if kind is not None and (lower.endswith(YAML_SUFFIXES) or (kind.markdown_body and lower.endswith(".md"))):
            files.append((rel, kind))
        elif rel in BY_FOLDER:
            findings.append(
                error("DJ132", rel, 1, 1,
                      f"“{rel}”应是存放{BY_FOLDER[rel].title}记录的目录，却是一个文件，其中的记录都无法读取。"
                      f"请把它改名或移走，再建立 {rel}/ 目录。")
            )
        elif lower.endswith(YAML_SUFFIXES) and rel not in ROOT_FILES:
            findings.append(
                warning("DJ113", rel, 1, 1, f"此 YAML 文件不在任何记录目录中，dj 不会读取它。记录应放在：{folders}。")
            )
    for rel, reason in problems:
        top = rel.split("/", 1)[0]
        if top in BY_FOLDER or rel == ".":
            findings.append(
                error("DJ132", rel if rel != "." else ".", 1, 1,
                      f"无法读取目录“{rel}/”（{_reason(reason)}），其中的记录都没有校验。"
                      "请检查该目录的权限（需可读、可进入），或它是否被其他程序占用。")
            )
    return files, findings


def _reason(strerror: str) -> str:
    """A Chinese word for the common OS errors (their own text is English)."""
    lower = strerror.lower()
    if "permission" in lower or "access" in lower:
        return "没有权限"
    if "not a directory" in lower:
        return "不是目录"
    if "no such file" in lower:
        return "不存在"
    if "too many levels" in lower:
        return "符号链接循环"
    if "too long" in lower:
        return "路径过长"
    return "系统错误"


def _outside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return False
    except (ValueError, OSError, RuntimeError):
        return True


_KIND_NAMES = {stat.S_IFIFO: "命名管道（FIFO）", stat.S_IFCHR: "字符设备", stat.S_IFBLK: "块设备",
               stat.S_IFSOCK: "套接字", stat.S_IFDIR: "目录"}


def _not_regular(rel: str, mode: int, via_link: bool) -> Finding:
    what = _KIND_NAMES.get(stat.S_IFMT(mode), "特殊文件")
    link = "指向的目标" if via_link else ""
    return error("DJ130", rel, 1, 1,
                 f"该文件{link}是{what}，不是普通文件，dj 不会读取。记录只能是普通的文本文件，请删除它或换成普通文件。")


def read_regular(root: Path, rel: str, max_bytes: int) -> tuple[bytes | None, list[Finding]]:
    """The bytes of a regular file below root, at most max_bytes + 1 of them, or a finding.

    Never waits and never reads without end: a FIFO, a device, a socket, a symlink loop
    or a link out of the workspace is a finding, and the file is opened non-blocking.
    """
    path = root / rel
    try:
        lst = os.lstat(path)
        via_link = stat.S_ISLNK(lst.st_mode)
        if via_link:
            try:
                st = os.stat(path)
            except OSError as exc:
                loop = exc.errno == errno.ELOOP
                return None, [error("DJ131", rel, 1, 1,
                                    "该符号链接形成循环（直接或间接指向自己），无法读取。请删除它，或让它指向一个真实的文件。"
                                    if loop else
                                    "该符号链接指向的文件不存在。请删除它，或让它指向一个真实的文件。")]
            if _outside(root, path):
                return None, [error("DJ112", rel, 1, 1, "该文件是指向工作区之外的符号链接，dj 不会读取。请把文件本身放进工作区。")]
        else:
            st = lst
        if not stat.S_ISREG(st.st_mode):
            return None, [_not_regular(rel, st.st_mode, via_link)]
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):  # swapped between the stat and the open
                return None, [_not_regular(rel, st.st_mode, via_link)]
            chunks: list[bytes] = []
            size = 0
            want = st.st_size + 1  # one read for a file that stays as it was stat'ed
            while size <= max_bytes:  # never more than the limit, however large the file
                # Why bounded: os.read allocates all it is asked for, and the limit may be a GB.
                chunk = os.read(fd, min(max_bytes + 1 - size, want))
                want = 1 << 20
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            raw = b"".join(chunks)
        finally:
            os.close(fd)
        if len(raw) > max_bytes:
            return None, [
                error("DJ111", rel, 1, 1,
                      f"文件大小 {st.st_size // 1024} KB，超过上限 {max_bytes // 1024} KB（dj.yaml 中 settings.limits.max_file_kb）。"
                      "记录文件应只含一条记录；附件请另存。")
            ]
    except OSError as exc:
        return None, [error("DJ116", rel, 1, 1, f"无法读取文件：{_reason(exc.strerror or '')}。请检查文件的权限。")]
    return raw, []


def load_file(
    root: Path, rel: str, kind: Kind, max_bytes: int, needle: bytes | None = None, index: FileIndex | None = None
) -> tuple[Record | None, list[Finding]]:
    """Read, parse and validate one record file; with needle, only if its bytes contain it.

    With the file index, a file whose metadata (or, failing that, content) is unchanged
    since it was stored is not parsed again: its stored record and findings are used.
    """
    if index is not None and needle is None:
        stored = index.fresh(rel, stat_key(os.path.join(root, rel)))
        if stored is not None:
            return stored
    return _finish(index, rel, *_read_parse(root, rel, kind, max_bytes, needle, index))


def _read_parse(root: Path, rel: str, kind: Kind, max_bytes: int, needle: bytes | None, index: FileIndex | None):
    """(result, stat key, content digest, same): the file read and parsed, unless its content is
    the one the index holds (same=True, result None); key and digest None when nothing was read."""
    key = stat_key(os.path.join(root, rel)) if index is not None else None
    raw, problems = read_regular(root, rel, max_bytes)
    if raw is None or (needle is not None and needle not in raw):
        return (None, problems), None, None, False
    if index is None:
        return _parse_raw(raw, rel, kind), None, None, False
    digest = content_digest(raw)
    entry = index.entries.get(rel)
    if entry is not None and entry[1] == digest:
        return None, key, digest, True
    return _parse_raw(raw, rel, kind), key, digest, False


def _finish(index: FileIndex | None, rel: str, result: Any, key: Any, digest: Any, same: bool, blob: bytes | None = None):
    """The file's (record, findings), the index brought up to date."""
    if same:
        return index.same_content(rel, key, digest)  # type: ignore[union-attr]
    if index is not None and digest is not None:
        index.put(rel, key, digest, result, blob)
    return result


def _parse_raw(raw: bytes, rel: str, kind: Kind) -> tuple[Record | None, list[Finding]]:
    decoded = decode(raw)
    findings = findings_from(decoded.findings, rel)
    if decoded.text is None:
        return None, findings
    return parse_record(decoded.text, rel, kind, findings)


def parse_record(text: str, rel: str, kind: Kind, findings: list[Finding]) -> tuple[Record | None, list[Finding]]:
    """Turn the text of one record file into a validated record, collecting findings."""
    body = None
    if rel.lower().endswith(".md"):
        split = split_front_matter(text)
        if split is None:
            findings.append(error("DJ114", rel, 1, 1, "Markdown 记录须以 YAML 头信息开头：第一行写 ---，然后是字段，再以 --- 结束。"))
            return None, findings
        text, body = split
    lint = prelint(text)
    findings.extend(findings_from(lint, rel))
    data: Any = fast_load(text)
    if data is not None:
        if body is not None and kind.markdown_body:
            data.setdefault(kind.markdown_body, body)
        try:
            return kind.model.model_validate(data), findings
        except ValidationError:
            pass  # the libyaml path reads it again, to locate each problem
    try:
        node = compose(text)
        if node is None:
            findings.append(error("DJ108", rel, 1, 1, f"文件是空的。请填写{kind.title}的字段，或删除此文件。"))
            return None, findings
        data = build(node)
    except YamlProblem as problem:
        if not (lint and problem.code == "DJ101"):  # the pre-lint hint already explains it
            findings.append(error(problem.code, rel, problem.line, problem.column, problem.message))
        return None, findings
    if not isinstance(data, dict):
        findings.append(
            error("DJ109", rel, node.start_mark.line + 1, node.start_mark.column + 1,
                  f"文件顶层应是“键: 值”的映射（一条{kind.title}记录），而不是列表或单个值。")
        )
        return None, findings
    if body is not None and kind.markdown_body:
        data.setdefault(kind.markdown_body, body)
    record_id = data.get("id") if isinstance(data.get("id"), str) else None
    try:
        return kind.model.model_validate(data), findings
    except ValidationError as exc:
        findings.extend(findings_for(exc, kind.model, node, rel, record_id))
        # Its id and references still take part in id and reference checking (resolve).
        return partial_record(data, kind.model), findings  # type: ignore[return-value]


# Kinds that every command needs whole (small: a unit has some dozens of each).
BASE_KINDS = frozenset({"person", "department"})


def load_records(
    root: Path, max_bytes: int, kinds: frozenset[str] | None = None, mentioning: str | None = None,
    index: FileIndex | None = None,
) -> LoadResult:
    """Discover and load the record files below root.

    Args:
        kinds: load only records of these kinds.
        mentioning: load records of kinds other than BASE_KINDS only when their file
            contains this text (an id): a command about one person reads that person's
            records, not ten years of everyone's.
        index: the file index (``cache.FileIndex``; it holds nothing outside a git repository):
            each unchanged file's result is reused from it, and it keeps the new ones.
    """
    files, findings = discover(root)
    if kinds is not None:
        files = [(rel, kind) for rel, kind in files if kind.name in kinds]
    needle = mentioning.encode("utf-8") if mentioning else None
    result = LoadResult(findings=findings, files=len(files))
    if index is not None:
        index.require(f"max_bytes={max_bytes}")
    # Why: loading builds millions of acyclic containers; the cyclic collector would
    # rescan every live record again and again, making large workspaces superlinear.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        needles = [None if kind.name in BASE_KINDS else needle for _, kind in files]
        for (rel, kind), (record, file_findings) in zip(files, _load_all(root, files, needles, max_bytes, index)):
            result.findings.extend(file_findings)
            if record is not None:
                result.loaded.append(Loaded(kind, record, rel))
    finally:
        if gc_was_enabled:
            gc.enable()
    if index is not None:
        index.save({rel for rel, _ in files} if kinds is None else None)
    return result


# --- both cores for a large cold read --------------------------------------------------------

# From this many files to parse, half of them are read in a second process. It is forked,
# so it starts with everything imported; where fork is not the way (Windows, macOS) one
# process reads all. Below it, the second process costs more than it saves.
PARALLEL_FILES = 2000


def _load_all(root: Path, files: list[tuple[str, Kind]], needles: list[bytes | None], max_bytes: int,
              index: FileIndex | None) -> list[tuple[Record | None, list[Finding]]]:
    """Each file's (record, findings), in the order of files."""
    results: list[Any] = [None] * len(files)
    todo = []
    for i, ((rel, _), needle) in enumerate(zip(files, needles)):
        stored = index.fresh(rel, stat_key(os.path.join(root, rel))) if index is not None and needle is None else None
        if stored is not None:
            results[i] = stored
        else:
            todo.append(i)

    def here(i: int) -> None:
        (rel, kind), needle = files[i], needles[i]
        results[i] = _finish(index, rel, *_read_parse(root, rel, kind, max_bytes, needle, index))

    theirs = todo[1::2] if len(todo) >= PARALLEL_FILES and _can_fork() else []
    child = _Child(root, [(files[i], needles[i]) for i in theirs], max_bytes, index) if theirs else None
    if child is None or not child.started:
        for i in todo:
            here(i)
        return results

    def take(chunk: list[Any] | None) -> None:
        for done in chunk if chunk is not None else [None] * (len(theirs) - child.received):
            i = theirs[child.received]
            child.received += 1
            if done is None:  # the child failed: read it here
                here(i)
            else:
                blob, key, digest, same = done
                results[i] = _finish(index, files[i][0], None if same else pickle.loads(blob), key, digest, same, blob)

    for n, i in enumerate(todo[0::2]):
        here(i)
        if n % CHUNK == 0:  # take what the child has sent so far: little waits in memory
            while child.received < len(theirs) and child.conn.poll():
                take(child.next())
    while child.received < len(theirs):
        take(child.next())
    child.close()
    return results


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) >= 2


CHUNK = 200  # files per message from the child


class _Child:
    """A forked process that reads and parses its part and sends, CHUNK files a message,
    (pickled result, stat key, digest, same-as-the-index) for each."""

    def __init__(self, root: Path, part: list[tuple[tuple[str, Kind], bytes | None]], max_bytes: int,
                 index: FileIndex | None) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.conn, theirs = context.Pipe(duplex=False)
        self.received = 0

        def work() -> None:
            for start in range(0, len(part), CHUNK):
                out = []
                for (rel, kind), needle in part[start:start + CHUNK]:
                    result, key, digest, same = _read_parse(root, rel, kind, max_bytes, needle, index)
                    out.append((None if same else pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), key, digest, same))
                theirs.send_bytes(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
            theirs.close()

        try:
            self.process = context.Process(target=work, daemon=True)
            self.process.start()
            self.started = True
        except OSError:
            self.started = False
        theirs.close()

    def next(self) -> list[Any] | None:
        """The next message, or None when the child failed (its remaining files are read here)."""
        try:
            return pickle.loads(self.conn.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):
            return None

    def close(self) -> None:
        self.conn.close()
        self.process.join()
