"""The design rules of style.md, enforced: a thin CLI, a core that knows no terminal, one git module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
    from dangjian_cli.cli.boundary import run_guarded
    from dangjian_cli.cli.common import State

    def broken() -> None:
        raise KeyError("boom")

    for debug in (False, True):
        State.debug = debug
        assert run_guarded(broken) == 3
        err = capsys.readouterr().err
        assert "dj 内部错误" in err
        assert ("Traceback" in err) is debug
    State.reset()


def module_imports() -> dict[str, set[str]]:
    """Each module of the package → the modules of the package it imports (anywhere in it)."""
    import ast

    def name_of(path: Path) -> str:
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    names = {name_of(p): p for p in modules()}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join([*base, *([node.module] if node.module else [])])
                subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in names]
                found.update(subs or ([target] if target in names else []))
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name in names)
        graph[name] = found - {name}
    return graph


def test_no_import_cycle_in_the_package() -> None:
    """Not even through imports inside functions: app imports the commands, never the reverse."""
    graph = module_imports()
    assert "dangjian_cli.cli.app" not in set().union(*(graph[m] for m in graph if m.startswith("dangjian_cli.cli.commands")))
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            assert state.get(target) != 1, " → ".join([*path[path.index(target):], target]) if target in path else target
            if target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
