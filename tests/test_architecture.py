"""The design rules of style.md, enforced: a thin CLI, a core that knows no terminal, one git module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from dangjian_cli.cli.app import guarded

SRC = Path(__file__).resolve().parents[1] / "src" / "dangjian_cli"


def imports(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r"^\s*(?:import|from)\s+([A-Za-z_][\w.]*)", text, re.M))


def modules():
    return [p for p in SRC.rglob("*.py") if "_data" not in p.parts]


def test_only_cli_knows_the_terminal() -> None:
    for path in modules():
        if "cli" in path.relative_to(SRC).parts:
            continue
        bad = {m for m in imports(path) if m.split(".")[0] in {"typer", "rich", "click"}}
        assert not bad, f"{path.relative_to(SRC)} imports {bad}"
        assert "sys.exit" not in path.read_text(encoding="utf-8"), path


def test_only_gitrepo_touches_git() -> None:
    for path in modules():
        if path.name == "gitrepo.py":
            continue
        bad = {m for m in imports(path) if m.split(".")[0] == "git"}
        assert not bad, f"{path.relative_to(SRC)} imports {bad}"


def test_a_bug_shows_a_short_chinese_note_and_traceback_only_with_debug(capsys: pytest.CaptureFixture[str]) -> None:
    from dangjian_cli.cli.app import State

    @guarded
    def broken() -> None:
        raise KeyError("boom")

    for debug in (False, True):
        State.debug = debug
        with pytest.raises(typer.Exit) as info:
            broken()
        assert info.value.exit_code == 3
        err = capsys.readouterr().err
        assert "dj 内部错误" in err
        assert ("Traceback" in err) is debug
    State.debug = False
