"""dj completion: Tab completion of commands, options, people and item ids in the shell.

Also the completion callbacks of the commands' person and item arguments. They read only
file names under ``people/`` and ``responsibilities/`` and the ``name:`` line of each person,
never the whole workspace, and never raise: a completion that fails offers nothing.
"""

import re
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from ..output import echo_err
from ..framework import examples

PEOPLE = "people"  # kinds.py: the folder of Person records
ITEMS = "responsibilities"  # kinds.py: the folder of ResponsibilityItem records
_NAME = re.compile(r"^name:\s*(?P<q>['\"]?)(?P<name>.+?)(?P=q)\s*(?:#.*)?$", re.M)
_HEAD = 4096  # the name is near the top of a person's file

Shell = Literal["bash", "zsh", "fish", "powershell", "pwsh"]

EXAMPLES = examples(
    ("为当前使用的 shell 安装补全，重新打开终端后按 Tab 键即可补全", "dj completion --install"),
    ("显示 PowerShell 的补全脚本，以便自行放入配置文件", "dj completion powershell"),
)


def _workspace_of(ctx: typer.Context) -> Path | None:
    from ...workspace import find_root

    directory = ctx.find_root().params.get("directory")
    start = Path.cwd() / directory if directory else Path.cwd()
    try:
        return find_root(start)
    except Exception:  # noqa: BLE001 - no workspace: nothing to offer
        return None


def _files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".yaml", ".yml", ".md") and p.is_file())
    except OSError:
        return []


def person_candidates(root: Path, incomplete: str) -> list[tuple[str, str]]:
    """(value, help) pairs: person ids and names that start with incomplete."""
    out: list[tuple[str, str]] = []
    for path in _files(root / PEOPLE):
        try:
            with open(path, "rb") as fh:
                head = fh.read(_HEAD).decode("utf-8", errors="ignore")
        except OSError:
            continue
        match = _NAME.search(head)
        name = match.group("name").strip() if match else ""
        pid = path.stem
        if pid.startswith(incomplete):
            out.append((pid, name))
        if name and name.startswith(incomplete) and name != pid:
            out.append((name, pid))
    return out


def item_candidates(root: Path, incomplete: str) -> list[tuple[str, str]]:
    """(value, help) pairs: responsibility item ids (their file names) that start with incomplete."""
    return [(p.stem, p.parent.name) for p in _files(root / ITEMS) if p.stem.startswith(incomplete)]


def _completer(candidates):
    """A Typer completion callback over candidates(root, incomplete), in the workspace of the command line."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        try:
            root = _workspace_of(ctx)
            return candidates(root, incomplete) if root else []
        except Exception:  # noqa: BLE001 - completion must never break the shell
            return []

    return complete


complete_person = _completer(person_candidates)
complete_item = _completer(item_candidates)


def completion(
    shell: Annotated[Optional[Shell], typer.Argument(help="shell 的名称：bash、zsh、fish、powershell 或 pwsh；默认自动识别。", metavar="SHELL")] = None,
    install: Annotated[bool, typer.Option("--install", help="把补全脚本安装到该 shell 的配置中（而不是显示出来）。")] = False,
) -> None:
    """命令补全：在终端中按 Tab 键补全命令、选项、人员姓名和责任事项编号。"""
    import typer.completion as tc

    from ...errors import ConfigError
    from ..output import write_stdout

    chosen = shell
    if chosen is None:
        try:
            import shellingham

            chosen = shellingham.detect_shell()[0]
        except Exception:  # noqa: BLE001 - detection failed: ask for the name
            chosen = None
    if chosen not in ("bash", "zsh", "fish", "powershell", "pwsh"):
        raise ConfigError("无法识别当前使用的 shell。请写明，例如 dj completion bash 或 dj completion powershell。")
    if install:
        _shell, path = tc.install(shell=chosen, prog_name="dj", complete_var="_DJ_COMPLETE")
        echo_err(f"已为 {chosen} 安装命令补全：{path}。重新打开终端后生效。")
        return
    write_stdout(tc.get_completion_script(prog_name="dj", complete_var="_DJ_COMPLETE", shell=chosen) + "\n")


def register(app: typer.Typer) -> None:
    import typer.completion as tc

    tc.completion_init()  # Typer's shell classes (PowerShell among them) for _DJ_COMPLETE
    app.command("completion", epilog=EXAMPLES)(completion)
