"""Shared helpers of the dj assign tests: real workspaces in real git repositories."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

from typer.testing import CliRunner

from dangjian_cli.cli.app import app

ENV = {"NO_COLOR": "1", "COLUMNS": "200", "GITHUB_ACTIONS": "", "GITEA_ACTIONS": ""}
USER = ("测试秘书", "secretary@example.invalid")
IDENTITY = {
    "GIT_AUTHOR_NAME": USER[0], "GIT_AUTHOR_EMAIL": USER[1],
    "GIT_COMMITTER_NAME": USER[0], "GIT_COMMITTER_EMAIL": USER[1],
}
REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "procuratorate"

DEPARTMENTS = {
    "departments/d-office.yaml": "id: d-office\nname: 办公室\n",
    "departments/d-political.yaml": "id: d-political\nname: 政治部\n",
    "departments/d-support.yaml": "id: d-support\nname: 检务保障部\n",
}


def person(pid: str, name: str, *posts: str, extra: str = "") -> tuple[str, str]:
    body = f"id: {pid}\nname: {name}\nposts:\n" + "".join(textwrap.indent(textwrap.dedent(p).strip() + "\n", "  ") for p in posts)
    return f"people/{pid}.yaml", body + extra


def post(title: str, tier: str, start: str = "2020-01-01", department: str | None = None,
         remit: list[str] | None = None, end: str | None = None) -> str:
    lines = [f"- title: {title}", f"  tier: {tier}"]
    if department:
        lines.append(f"  department: {department}")
    lines.append(f"  start: {start}")
    if end:
        lines.append(f"  end: {end}")
    if remit:
        lines.append(f"  remit: [{', '.join(remit)}]")
    return "\n".join(lines)


PEOPLE = dict([
    person("p-zhangsan", "张三", post("党组书记、检察长", "主要负责人", remit=["全面工作"])),
    person("p-lisi", "李四", post("党组成员、副检察长", "班子成员", remit=["d-office", "d-support", "经费管理使用", "物资采购"])),
    person("p-qianqi", "钱七", post("党组成员、政治部主任", "班子成员", department="d-political", remit=["d-political", "干部选拔任用"])),
    person("p-zhaoliu", "赵六", post("派驻纪检监察组组长", "纪检监察负责人")),
    person("p-sunba", "孙八", post("办公室主任", "部门负责人", department="d-office")),
    person("p-fenger", "冯二", post("检务保障部主任", "部门负责人", department="d-support")),
    person("p-chensan", "陈三", post("政治部一级主任科员", "一般干部", department="d-political", remit=["干部选拔任用"])),
    person("p-chusi", "褚四", post("检务保障部会计", "一般干部", department="d-support", remit=["经费"])),
    person("p-weiwu", "卫五", post("检务保障部采购员", "一般干部", department="d-support", remit=["采购"])),
])


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), env=ENV, prog_name="dj", input=input)


def dj(root: Path, *args: str, input: str | None = None):
    result = run("-C", str(root), *args, input=input)
    assert "Traceback" not in result.output, result.output
    return result


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=false", *args],
                          capture_output=True, text=True, check=True).stdout


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def set_identity(root: Path) -> None:
    git(root, "config", "user.name", USER[0])
    git(root, "config", "user.email", USER[1])


def commit_all(root: Path, message: str = "录入") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def new_workspace(root: Path, files: dict[str, str] | None = None, year: int = 2024) -> Path:
    """A workspace made by dj init, with the given people and departments committed."""
    result = CliRunner().invoke(app, ["init", str(root), "--name", "测试县人民检察院", "--year", str(year)],
                                env={**ENV, **IDENTITY}, prog_name="dj")
    assert result.exit_code == 0, result.output
    set_identity(root)
    write(root, {**DEPARTMENTS, **PEOPLE} if files is None else files)
    commit_all(root, "录入部门和人员")
    return root


def example_workspace(root: Path) -> Path:
    """A copy of the shipped example in a fresh git repository, committed by the test user."""
    import shutil

    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".dj-cache"))
    git(root, "init", "-q", "-b", "main")
    set_identity(root)
    commit_all(root, "示例")
    return root


def check(root: Path, *extra: str) -> tuple[int, list[dict]]:
    result = dj(root, "check", "--format", "json", "--no-cache", *extra)
    return result.exit_code, json.loads(result.stdout)["findings"]


def codes(findings: list[dict], severity: str | None = None) -> list[str]:
    return [f["code"] for f in findings if severity is None or f["severity"] == severity]


def head_files(root: Path) -> list[str]:
    return sorted(git(root, "show", "--name-only", "--format=", "HEAD").split())
