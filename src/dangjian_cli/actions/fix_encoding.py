"""dj check --fix-encoding: rewrite GBK/GB18030 record files as UTF-8, nothing else."""

from __future__ import annotations

from pathlib import Path

from ..load import discover
from ..write import FileChange, Plan


def plan_fix_encodings(root: Path) -> Plan:
    """Every record file that is not UTF-8 but reads as GB18030, as UTF-8.

    Line endings and every character stay as they were; only the bytes' encoding changes.
    """
    changes = []
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
        changes.append(FileChange(rel, text.encode("utf-8")))
    return Plan("check --fix-encoding", f"转换编码：{len(changes)} 个记录文件由 GBK/GB18030 转为 UTF-8（内容不变）", changes)
