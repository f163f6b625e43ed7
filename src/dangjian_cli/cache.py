"""The check caches: the last result of ``dj check``, and each record file's parsed result.

Two levels, both keyed by content:

* the *result* cache holds the last ``dj check`` result for the whole workspace; a run
  with nothing changed prints it without loading a record;
* the *file index* holds, per record file, what reading it gave (the validated record
  and the file's own findings, pickled), so that after a change only the changed files
  are parsed and validated again; resolving and the rules still run over all records.

"Unchanged" is decided as git's index decides it: from the file's size, modification
and change times, inode and device. An entry whose file was modified within
``RACY_NS`` of the run that stored it is *racy* (a second edit in the same clock tick
would leave the same times) and is compared by content instead, as is any file whose
metadata differs; a file whose content is the same (a ``git checkout`` that rewrote it)
keeps its parsed result. An edit that restores size and mtime still moves the change
time, which no program can set back.

Where: inside the git directory (``.git/dj-cache/``), which no clone, commit or archive
carries, so nothing that comes from the repository can decide the check's result.
Outside a git repository there is no cache.

The result key hashes the workspace's real path, dj's version, the as-of date and the path
and content digest (from the file index when its metadata says unchanged, else read) of
every YAML/Markdown file below the workspace root (the same walk as
discovery) and a stamp of dj's own modules, so any changed, added or removed file, or a
changed dj, invalidates it, and an entry written for another workspace sharing the git
directory is never used. Only regular files are
opened, and never read past a bound: a FIFO, a device or a symlink loop is hashed by
what it is, never waited on. Only the standard library is imported here, so a warm run
does not pay for pydantic or the YAML parser.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
import stat
import sys
import time
from pathlib import Path
from typing import Any

from . import __version__
from .gitrepo import find_git_dir
from .walk import walk_files

CACHE_DIR = "dj-cache"  # below the git directory
SUFFIXES = (".yaml", ".yml", ".md")
# Bytes of one file that go into the key. Files beyond it are far over any sensible
# max_file_kb and get DJ111 whatever they hold; their size and mtime stand for the rest.
READ_BOUND = 64 * 1024 * 1024


def _file_digest(full: str, update) -> None:
    """Feed what the check will see of one file into the key, without waiting or reading forever."""
    try:
        lst = os.lstat(full)
    except OSError as exc:
        update(b"\0gone%d" % exc.errno if exc.errno else b"\0gone")
        return
    if stat.S_ISLNK(lst.st_mode):
        update(b"\1" + os.path.realpath(full).encode("utf-8", "surrogateescape"))
        try:
            st = os.stat(full)
        except OSError as exc:  # a loop or a dangling link
            update(b"\0badlink%d" % (exc.errno or 0))
            return
    else:
        st = lst
    if not stat.S_ISREG(st.st_mode):
        update(b"\0special%o" % stat.S_IFMT(st.st_mode))
        return
    try:
        fd = os.open(full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        update(b"\0unreadable%d" % (exc.errno or 0))
        return
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since the stat
            update(b"\0special")
            return
        own = hashlib.sha256()  # the file's content_digest, as the file index stores it
        size = 0
        while size <= READ_BOUND:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            own.update(chunk)
        own.update(b"\0%d\0" % size)
        update(b"\2" + own.digest())
        if size > READ_BOUND:
            update(b"%d\0%d" % (st.st_size, st.st_mtime_ns))
    except OSError as exc:
        update(b"\0unreadable%d" % (exc.errno or 0))
    finally:
        os.close(fd)


def _code_stamp() -> bytes:
    """Name, size and mtime of dj's own modules: an edited (editable) install never reuses a verdict."""
    package = os.path.dirname(os.path.abspath(__file__))
    parts = [sys.version.encode()]
    for dirpath, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and d != "_data")
        for name in sorted(filenames):
            if name.endswith(".py"):
                try:
                    st = os.stat(os.path.join(dirpath, name))
                except OSError:
                    continue
                parts.append(b"%s\0%d\0%d" % (name.encode(), st.st_size, st.st_mtime_ns))
    return b"\1".join(parts)


def workspace_key(root: Path, as_of: dt.date, index: FileIndex | None = None) -> str:
    """The result cache's key; with the file index, an unchanged file's digest is taken from it unread."""
    digest = hashlib.sha256()
    real = os.path.realpath(root)
    digest.update(f"{__version__}\0{as_of.isoformat()}\0{real}\0".encode("utf-8", "surrogateescape"))
    digest.update(_code_stamp())
    base = str(root) + os.sep
    update = digest.update
    problems: list[tuple[str, str]] = []
    for rel in walk_files(root, problems):
        if not rel.lower().endswith(SUFFIXES):
            continue
        update(b"\0\0" + rel.encode("utf-8", "surrogateescape") + b"\0")
        known = index.fresh_digest(rel, stat_key(base + rel)) if index is not None else None
        if known is not None:
            update(b"\2" + known)
        else:
            _file_digest(base + rel, update)
    for rel, what in problems:  # unreadable folders: their findings depend on nothing else
        update(b"\0\0!" + f"{rel}\0{what}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _cache_file(root: Path, what: str = "check", suffix: str = ".json") -> Path | None:
    git_dir = find_git_dir(root)
    if git_dir is None:
        return None
    name = hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return git_dir / CACHE_DIR / f"{what}-{name}{suffix}"


def _replace(path: Path, data: bytes) -> None:
    """Write the file atomically; a cache that cannot be written is silently skipped."""
    try:
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


def read(root: Path, key: str) -> dict | None:
    path = _cache_file(root)
    if path is None:
        return None
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    return data.get("result") if isinstance(data, dict) and data.get("key") == key else None


def write(root: Path, key: str, result: dict) -> None:
    """Store the result; a cache that cannot be written (or no git directory) is silently skipped."""
    path = _cache_file(root)
    if path is not None:
        _replace(path, json.dumps({"key": key, "result": result}, ensure_ascii=False).encode("utf-8"))


# --- the file index ----------------------------------------------------------------------

# An entry stored less than this before its file's mtime is compared by content (2 s covers
# FAT's and SMB's coarse timestamps as well as the ns ones of ext4, APFS and NTFS).
RACY_NS = 2_000_000_000
INDEX_FORMAT = 1


def stat_key(full: str) -> tuple[int, ...] | None:
    """The metadata that says "unchanged" for a regular file (not reached through a link), else None."""
    try:
        st = os.lstat(full)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def content_digest(raw: bytes) -> bytes:
    # The same bytes the result key's _file_digest feeds for a regular file, so both agree.
    return hashlib.sha256(raw + b"\0%d\0" % len(raw)).digest()


class FileIndex:
    """Per record file: (stat key, content digest, pickled (record, findings)).

    Stored beside the result cache in the git directory (never in a clone). Its header
    carries dj's code stamp and the reading settings (max file size), so another dj or
    another limit starts from nothing. Only a loading run stores it.
    """

    def __init__(self, root: Path) -> None:
        self.path = _cache_file(root, "files", ".pickle")
        self.stamp = hashlib.sha256(_code_stamp() + f"\0{__version__}\0{INDEX_FORMAT}".encode()).hexdigest()
        self.salt: str | None = None  # the reading settings the stored results depend on (require)
        self.entries: dict[str, tuple[tuple[int, ...], bytes, bytes]] = {}
        self.stored_ns = 0
        self.started_ns = time.time_ns()
        self.changed = False
        if self.path is None:
            return
        try:
            if not stat.S_ISREG(os.lstat(self.path).st_mode):
                return
            with open(self.path, "rb") as fh:
                data = pickle.load(fh)
            if isinstance(data, dict) and data.get("stamp") == self.stamp:
                self.entries, self.stored_ns, self.salt = data["entries"], data["stored_ns"], data.get("salt")
        except Exception:  # a missing, truncated or foreign index is an empty one
            self.entries, self.stored_ns = {}, 0

    def require(self, salt: str) -> None:
        """Use the results only if they were read with these settings (else start from nothing)."""
        if self.salt != salt and self.entries:
            self.entries, self.changed = {}, True
        self.salt = salt

    def _entry(self, rel: str, key: tuple[int, ...] | None):
        entry = self.entries.get(rel)
        if entry is None or key is None or entry[0] != key or key[1] >= self.stored_ns - RACY_NS:
            return None
        return entry

    def fresh(self, rel: str, key: tuple[int, ...] | None) -> Any:
        """The stored (record, findings) when the file's metadata says it is unchanged and not racy."""
        entry = self._entry(rel, key)
        return pickle.loads(entry[2]) if entry is not None else None

    def fresh_digest(self, rel: str, key: tuple[int, ...] | None) -> bytes | None:
        entry = self._entry(rel, key)
        return entry[1] if entry is not None else None

    def same_content(self, rel: str, key: tuple[int, ...] | None, digest: bytes) -> Any:
        """The stored result when the content is the same as stored (the metadata is updated)."""
        entry = self.entries.get(rel)
        if entry is None or entry[1] != digest:
            return None
        if key is not None and entry[0] != key:
            self.entries[rel] = (key, digest, entry[2])
            self.changed = True
        return pickle.loads(entry[2])

    def put(self, rel: str, key: tuple[int, ...] | None, digest: bytes, result: Any, blob: bytes | None = None) -> None:
        """Store a file's result (blob: the result already pickled)."""
        if key is None:  # a link or a special file: always read again
            return
        self.entries[rel] = (key, digest, blob or pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        self.changed = True

    def save(self, seen: set[str] | None) -> None:
        """Store the index (when anything changed); with seen, entries of files no longer there are dropped."""
        if seen is not None and not seen.issuperset(self.entries):
            self.entries = {rel: e for rel, e in self.entries.items() if rel in seen}
            self.changed = True
        if self.path is None or not self.changed:
            return
        data = {"stamp": self.stamp, "salt": self.salt, "stored_ns": self.started_ns, "entries": self.entries}
        _replace(self.path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
