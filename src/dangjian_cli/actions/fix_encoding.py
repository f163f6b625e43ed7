"""dj check --fix-encoding: rewrite GBK/GB18030 record files as UTF-8, nothing else."""

from __future__ import annotations

from pathlib import Path

from ..load import discover
from ..yamlio import atomic_write


def fix_encodings(root: Path) -> list[str]:
    """Convert every record file that is not UTF-8 but reads as GB18030; return their paths.

    Line endings and every character stay as they were; only the bytes' encoding changes.
    """
    changed = []
    files, _ = discover(root)
    for rel, _kind in files:
        path = root / rel
        if path.is_symlink():
            continue
        raw = path.read_bytes()
        try:
            raw.decode("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            continue
        atomic_write(path, text.encode("utf-8"))
        changed.append(rel)
    return changed
