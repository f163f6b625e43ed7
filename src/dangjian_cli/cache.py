"""The check cache: the last result of ``dj check``, keyed by the content of everything it read.

The key hashes the path, link flag and bytes of every YAML/Markdown file below the
workspace root (the same walk as discovery), dj.yaml, dj's version and the as-of date,
so any changed, added or removed file invalidates it. Only the standard library is
imported here, so a warm run does not pay for pydantic or the YAML parser.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from . import __version__
from .walk import walk_files

CACHE_DIR = ".dj-cache"
CACHE_FILE = "check.json"
SUFFIXES = (".yaml", ".yml", ".md")


def workspace_key(root: Path, as_of: dt.date) -> str:
    digest = hashlib.sha1()
    digest.update(f"{__version__}\0{as_of.isoformat()}\0".encode())
    base = str(root) + os.sep
    update = digest.update
    for rel in walk_files(root):
        if not rel.lower().endswith(SUFFIXES):
            continue
        full = base + rel
        update(rel.encode("utf-8", "surrogateescape"))
        try:
            if os.path.islink(full):
                update(b"\1" + os.path.realpath(full).encode("utf-8", "surrogateescape"))
            with open(full, "rb") as fh:
                data = fh.read()
        except OSError:
            data = b"\0unreadable"
        update(b"\0%d\0" % len(data))
        update(data)
    return digest.hexdigest()


def read(root: Path, key: str) -> dict | None:
    try:
        with open(root / CACHE_DIR / CACHE_FILE, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    return data.get("result") if isinstance(data, dict) and data.get("key") == key else None


def write(root: Path, key: str, result: dict) -> None:
    """Store the result; a cache that cannot be written is silently skipped."""
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# dj 的校验缓存，不要提交\n*\n", encoding="utf-8")
        tmp = folder / f"{CACHE_FILE}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"key": key, "result": result}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, folder / CACHE_FILE)
    except OSError:
        pass
