"""dj report sanguiding: the parameters of the 三个规定 disclosure, and the roll-up's units.

The disclosure itself is the document ``sanguiding`` (``reports/sanguiding.py``), written and
committed with its provenance by ``dj report``'s shared publish step. A roll-up (``--units``)
reads each unit's workspace here, once: its figures for the span (and the year before) and the
commit they were read at go into the document's parameters, so the builder stays pure and
``dj report --verify`` renders the roll-up again from what was recorded, without reaching the
other repositories (the recorded commits tell anyone where to check each unit's figures).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..errors import ConfigError, DjError

KINDS = frozenset({"sanguiding"})


def span_params(quarter: str | None, half: str | None, year: int | None) -> dict[str, Any]:
    """The document's span parameter from the options (exactly one), checked.

    Raises:
        ConfigError: none, several, or one not spelt 2024Q3 / 2024H1 / 2024.
    """
    from ..reports.sanguiding import span_of

    given = {k: v for k, v in (("quarter", quarter), ("half", half), ("year", year)) if v is not None}
    if len(given) != 1:
        raise ConfigError("请用 --quarter（例如 2024Q3）、--half（例如 2024H1）或 --year（例如 2024）中的一个指定报告期。")
    params = {k: (v.strip().upper() if isinstance(v, str) else v) for k, v in given.items()}
    try:
        span_of(params)
    except ValueError:
        key, value = next(iter(given.items()))
        example = {"quarter": "2024Q3", "half": "2024H1", "year": "2024"}[key]
        raise ConfigError(f"--{key} 的取值“{value}”无效，应写成例如 {example}。") from None
    return params


def _unit_root(path: Path) -> Path:
    if not path.exists():
        raise DjError(f"找不到单位的工作区 {path}。--units 后请写各单位工作区（或其仓库克隆）的文件夹。")
    if not (path / "dj.yaml").is_file():
        raise DjError(f"{path} 不是 dj 工作区（没有 dj.yaml）。--units 后请写各单位工作区（或其仓库克隆）的文件夹。")
    return path.resolve()


def unit_commits(root: Path) -> dict[str, str]:
    """The commit the unit's records were read at: its repository's HEAD (``""`` when none), and
    that of each repository nested in it (``sanguiding/`` or ``cases/`` kept apart)."""
    from .. import gitrepo

    out = {".": gitrepo.source_commit(root) or ""}
    for nested in gitrepo.nested_repo_tops(root):
        out[nested] = gitrepo.source_commit(root / nested) or ""
    return out


def units_params(root: Path, paths: list[tuple[str, Path]], span_key: str, as_of: dt.date) -> list[dict[str, Any]]:
    """Each unit's figures (besides the workspace at root) for the roll-up, in the order given.

    paths: (the path as the user wrote it, which is what the document records; the folder).
    A path naming the workspace itself, or a unit already given, is left out.

    Raises:
        DjError: a path is missing or not a workspace.
    """
    from ..analysis.sanguiding import parse_span
    from ..pipeline import read_workspace
    from ..reports.sanguiding import unit_figures

    span = parse_span(span_key)
    seen = {root.resolve()}
    out = []
    for given, path in paths:
        unit = _unit_root(path)
        if unit in seen:
            continue
        seen.add(unit)
        ws = read_workspace(unit, kinds=KINDS)
        figures = unit_figures(ws, span, as_of)
        out.append({**figures, "path": given, "commit": unit_commits(unit)})
    return out
