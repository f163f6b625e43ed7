"""The one walk over a workspace's files, shared by discovery and the cache key (stdlib only)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Top-level folders that never hold records (exported schemas, templates, rendered reports).
SKIP_DIRS = frozenset({"schemas", "templates", "node_modules", "venv", "reports"})


def walk_files(root: Path, problems: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """POSIX paths relative to root of every file, sorted, skipping hidden files and folders.

    Args:
        problems: if given, receives (folder relative to root, error text) for each folder
            that could not be listed, so a caller can name it instead of missing its files.
    """
    root_str = str(root)

    def failed(exc: OSError) -> None:
        if problems is not None:
            where = exc.filename if isinstance(exc.filename, str) else root_str
            rel = os.path.relpath(where, root_str).replace(os.sep, "/")
            problems.append((rel, exc.strerror or type(exc).__name__))

    for dirpath, dirnames, filenames in os.walk(root_str, onerror=failed):
        at_root = dirpath == root_str
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (at_root and d in SKIP_DIRS))
        prefix = "" if at_root else os.path.relpath(dirpath, root_str).replace(os.sep, "/") + "/"
        for name in sorted(filenames):
            if not name.startswith("."):
                yield prefix + name
