"""The layers of style.md, enforced from the source: commands never import rules, rules and
analysis do no file I/O, "today" is decided only in the CLI, and no module imports itself
through others."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "dangjian_cli"
PACKAGE = "dangjian_cli"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in SRC.rglob("*.py") if "_data" not in p.parts}


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")


def _import_nodes(tree: ast.AST):
    """Every import statement, in functions too, but not those only for type checkers."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if _type_checking_only(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def imports_of(name: str) -> set[str]:
    """The modules of the package that module name imports (relative imports resolved)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # from pkg import sub: the submodule when there is one, else pkg itself.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        out.update(t for t in targets if t in MODULES and t != name)
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def in_package(name: str, *packages: str) -> bool:
    return any(name == f"{PACKAGE}.{p}" or name.startswith(f"{PACKAGE}.{p}.") for p in packages)


def test_the_package_has_no_import_cycle() -> None:
    graph = {name: imports_of(name) for name in MODULES}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_commands_and_actions_never_import_rules() -> None:
    for name in MODULES:
        if in_package(name, "cli", "actions"):
            bad = sorted(m for m in imports_of(name) if in_package(m, "rules"))
            assert not bad, f"{name} imports {bad}; shared queries belong in analysis/"


def test_analysis_never_imports_rules_or_commands() -> None:
    for name in MODULES:
        if in_package(name, "analysis"):
            bad = sorted(m for m in imports_of(name) if in_package(m, "rules", "actions", "cli", "pipeline"))
            assert not bad, f"{name} imports {bad}"


FILE_IO = re.compile(r"\bopen\(|\.read_bytes\b|\.read_text\b|\.write_bytes\b|\.write_text\b|\bPath\(|\.exists\(\)|\.is_file\(\)|\.glob\(")
IO_MODULES = {"os", "pathlib", "io", "shutil", "glob", "subprocess", f"{PACKAGE}.yamlio", f"{PACKAGE}.load", f"{PACKAGE}.workspace",
              f"{PACKAGE}.pipeline", f"{PACKAGE}.cache", f"{PACKAGE}.write", f"{PACKAGE}.gitrepo"}


def test_rules_and_analysis_do_no_file_io() -> None:
    """Rules return findings with a record and a place in it; the pipeline reads the files."""
    for name, path in MODULES.items():
        if not in_package(name, "rules", "analysis"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not FILE_IO.findall(text), f"{name}: {FILE_IO.findall(text)}"
        tree = ast.parse(text)
        imported = {alias.name for node in _import_nodes(tree) if isinstance(node, ast.Import) for alias in node.names}
        bad = sorted((imported & IO_MODULES) | (imports_of(name) & IO_MODULES))
        assert not bad, f"{name} imports {bad}"


CLOCK = re.compile(r"\bdate\.today\b|\bdatetime\.now\b|\.today\(\)|\butcnow\(|\btime\.time\(")
# Reads of the clock below the CLI that are not a date of the records, each with its reason.
CLOCK_ALLOWED = {
    f"{PACKAGE}.write": "the journal notes when a write started (shown if it is interrupted)",
}


def test_today_is_decided_only_in_the_cli() -> None:
    for name, path in MODULES.items():
        if in_package(name, "cli") or name in CLOCK_ALLOWED:
            continue
        found = CLOCK.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{name} reads the clock ({found}); take the date as a parameter from the CLI"
