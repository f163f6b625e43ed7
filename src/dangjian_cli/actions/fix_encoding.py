"""dj check --fix-encoding: rewrite record files dj can identify with confidence as UTF-8, nothing else.

Detection is ``yamlio.decode``'s (charset-normalizer, and a rule for UTF-16 without a
BOM): GBK/GB18030 and UTF-16 are converted; a file whose encoding is not certain (Latin-1,
Big5, a damaged file) is left byte for byte, and ``dj check`` names its likely encoding.
"""

from __future__ import annotations

from pathlib import Path

from ..load import discover, read_regular
from ..write import FileChange, Plan
from ..yamlio import decode, encoding_title

# Far above any record; a larger file gets DJ111 and is not converted.
_MAX_BYTES = 64 * 1024 * 1024


def plan_fix_encodings(root: Path) -> Plan:
    """Every record file that is not UTF-8 but is certainly GBK/GB18030 or UTF-16, as UTF-8.

    Line endings and every character stay as they were; only the bytes' encoding changes.
    Symlinks and files that are not regular files are never rewritten.
    """
    changes = []
    sources: set[str] = set()
    files, _ = discover(root)
    for rel, _kind in files:
        path = root / rel
        if path.is_symlink():
            continue
        raw, problems = read_regular(root, rel, _MAX_BYTES)
        if raw is None or problems:
            continue
        decoded = decode(raw)
        if decoded.text is None or decoded.encoding == "utf-8":
            continue
        changes.append(FileChange(rel, decoded.text.encode("utf-8")))
        sources.add(encoding_title(decoded.encoding))
    what = "、".join(sorted(sources)) or "GBK/GB18030"
    return Plan("check --fix-encoding", f"转换编码：{len(changes)} 个记录文件由 {what} 转为 UTF-8（内容不变）", changes)
