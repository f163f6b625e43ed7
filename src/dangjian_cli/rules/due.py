"""The yearly rhythm of dj.yaml (DJ630–DJ649): a 年度工作节点 (settings.due.rhythm) whose day has passed
with no record showing it done.

The obligations are ``analysis/due.py``'s; ``dj due`` lists the same ones, so the two never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ..analysis.due import red
from ..dates import cn_date
from ..findings import Finding, Severity
from ..resolve import Workspace
from .assign import config_finding


def check_rhythm(ws: Workspace, as_of: dt.date) -> Iterator[Finding]:
    """A rhythm entry of a year past its day without a record of it (DJ630), in dj.yaml.

    Why: the year's rhythm (年初部署, 年中检查, 民主生活会 in Q4, 年终考核; shared/domain.md) is kept
    by records; a node with none by its day has either not happened or not been recorded."""
    for o in red(ws, as_of, "DJ630"):
        year, entry = o.ref
        records = "、".join(entry.records)
        words = "、".join(entry.values)
        yield config_finding("DJ630", Severity.WARNING, o.source.loc,
                             f"{o.what}应于 {cn_date(o.due)} 前完成，至今没有记录（{records} 含“{words}”之一）。"
                             "已经开展的，请补记相应记录；本单位不要求的，请在 dj.yaml 的 settings.due.rhythm 中删去这一项。")


RULES: list[Any] = [check_rhythm]
