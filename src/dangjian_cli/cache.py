"""The check cache: the last result of ``dj check``, keyed by the content of everything it read.

Where: inside the git directory (``.git/dj-cache/``), which no clone, commit or archive
carries, so nothing that comes from the repository can decide the check's result.
Outside a git repository there is no cache.

The key hashes the workspace's real path, dj's version, the as-of date and the path,
kind and bytes of every YAML/Markdown file below the workspace root (the same walk as
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
import stat
import sys
from pathlib import Path

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
        size = 0
        while size <= READ_BOUND:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            update(chunk)
        update(b"\0%d\0" % size)
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


def workspace_key(root: Path, as_of: dt.date) -> str:
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
        _file_digest(base + rel, update)
    for rel, what in problems:  # unreadable folders: their findings depend on nothing else
        update(b"\0\0!" + f"{rel}\0{what}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _cache_file(root: Path) -> Path | None:
    git_dir = find_git_dir(root)
    if git_dir is None:
        return None
    name = hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return git_dir / CACHE_DIR / f"check-{name}.json"


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
    if path is None:
        return
    try:
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key": key, "result": result}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
