"""The command line as the secretary and the IT person meet it: Chinese usage errors, help with
examples, exit codes, the output contract, closed pipes, -C, completion and prompts."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assign_support import DEPARTMENTS, PEOPLE, write
from dangjian_cli.cli.app import app
from dangjian_cli.cli.boundary import run_guarded
from dangjian_cli.cli.framework import cell_width
from dangjian_cli.errors import ExitCode

ENV = {"NO_COLOR": "1", "COLUMNS": "100", "GITHUB_ACTIONS": "", "GITEA_ACTIONS": ""}

# What Click, Typer or pydantic would print in English.
ENGLISH = re.compile(
    r"Error|Usage|Try |for help|Invalid|No such|Missing|Got unexpected|Input should|Value error|is not one of"
    r"|requires|Possible|Options|Arguments|Commands|Show this|\[OPTIONS\]|\bTEXT\b|\bINTEGER\b|default:|required|Aborted"
)

DJ_YAML = "organization:\n  name: 示例县人民检察院\nyear: 2024\n"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), env=ENV, prog_name="dj", input=input)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    write(root, {"dj.yaml": DJ_YAML, **DEPARTMENTS, **PEOPLE})
    return root


@pytest.fixture
def broken(ws: Path) -> Path:
    """A workspace with one error, in a record that carries terminal control characters."""
    write(ws, {"people/p-x.yaml": textwrap.dedent("""\
        id: p-x
        name: "\\e[31m某人"
        posts:
          - title: 科员
            tier: "\\e[2J一般"
            start: 2020-01-01
        """)})
    return ws


# --- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize("args, words", [
    (["check", "--format", "xml"], ["--format", "xml", "auto、text、json、github、gitlab"]),
    (["assign", "sign", "张三", "--year", "abc"], ["--year", "abc", "整数"]),
    (["nosuch"], ["没有命令 nosuch"]),
    (["chek"], ["没有命令 chek", "check"]),
    (["check", "--formt", "json"], ["没有选项 --formt", "--format"]),
    (["check", "--strict=1"], ["--strict"]),
    (["check", "--output"], ["--output"]),
    (["assign", "sign"], ["缺少参数 人员"]),
    (["assign", "sign", "张三", "李四"], ["多余的参数：李四"]),
    (["assign", "list", "--format", "github"], ["text、json"]),
    (["init", "--year", "2024.5"], ["--year", "整数"]),
    (["-C"], ["-C"]),
    (["assign", "lst"], ["没有命令 lst", "list"]),
])
def test_usage_errors_are_chinese_exit_2_and_point_to_help(args: list[str], words: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("错误："), result.stderr
    assert "查看帮助" in result.stderr and "dj" in result.stderr
    assert not ENGLISH.search(result.output), result.output
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def test_help_is_named_for_the_command_that_was_misused() -> None:
    assert "请运行 dj check -h 查看帮助。" in run("check", "--output").stderr
    assert "请运行 dj assign sign -h 查看帮助。" in run("assign", "sign").stderr
    assert "请运行 dj -h 查看帮助。" in run("nosuch").stderr


def test_no_arguments_shows_the_help_in_chinese() -> None:
    for args in ([], ["assign"]):
        result = run(*args)
        assert result.exit_code == ExitCode.USAGE
        assert "用法：dj" in result.stderr and "示例：" in result.stderr


def test_a_missing_directory_after_minus_c_is_a_usage_error(tmp_path: Path) -> None:
    result = run("-C", str(tmp_path / "没有"), "check")
    assert result.exit_code == ExitCode.USAGE
    assert "无法进入目录" in result.stderr and "不存在" in result.stderr


# --- help --------------------------------------------------------------------------------------


def all_commands() -> list[list[str]]:
    """Every command and group of dj as the words that name it, found from the app itself."""
    import typer
    from typer._click import Context

    def walk(command, path):
        yield path
        if hasattr(command, "list_commands"):
            ctx = Context(command)
            for name in command.list_commands(ctx):
                yield from walk(command.get_command(ctx, name), [*path, name])

    return list(walk(typer.main.get_command(app), []))


def test_dj_help_lists_each_command_with_its_own_first_help_line_and_imports_none() -> None:
    """The top-level help comes from a table (so it imports no command module); the table says what each command's help says."""
    import subprocess
    import sys

    import typer
    from typer._click import Context

    root = typer.main.get_command(app)
    ctx = Context(root)
    for name, (_, _, line) in root.lazy.items():
        assert root.get_command(ctx, name).get_short_help_str(limit=200) == line, name
    code = ("import sys; from dangjian_cli.cli import main; sys.argv = ['dj', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('dangjian_cli.cli.commands.')), file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stderr.strip().splitlines()[-1] == "[]", run.stderr
    assert "report" in run.stdout and "completion" in run.stdout


def test_every_command_has_chinese_help_with_an_example() -> None:
    commands = all_commands()
    assert ["assign", "sign"] in commands and ["check"] in commands and ["completion"] in commands
    for path in commands:
        result = run(*path, "--help")
        assert result.exit_code == 0, path
        out = result.stdout
        assert out.startswith(f"用法：{' '.join(['dj', *path])} [选项]"), out
        assert "示例：" in out and re.search(r"^  dj .+$", out, re.M), path
        assert "显示帮助信息并退出。" in out
        assert not ENGLISH.search(out), (path, ENGLISH.search(out), out)


def test_help_columns_line_up_by_display_width() -> None:
    out = run("assign", "add", "--help").stdout
    section = out.split("选项：\n", 1)[1].split("\n\n", 1)[0]
    starts = set()
    for line in section.splitlines():
        match = re.match(r"^(  -\S.*?\S)( {2,})(\S.*)$", line)
        if match:
            starts.add(cell_width(match.group(1) + match.group(2)))
    assert len(starts) == 1, section
    assert max(cell_width(line) for line in out.splitlines() if not line.startswith("  dj ")) <= 100


# --- exit codes and the boundary -----------------------------------------------------------


def test_exit_codes_are_one_enum() -> None:
    assert [int(ExitCode.OK), int(ExitCode.FINDINGS), int(ExitCode.REFUSED), int(ExitCode.USAGE), int(ExitCode.INTERNAL)] == [0, 1, 1, 2, 3]


@pytest.mark.parametrize("code, words", [
    (errno.EACCES, "没有权限"),
    (errno.EROFS, "只读"),
    (errno.ENOSPC, "磁盘空间不足"),
    (errno.EISDIR, "是一个文件夹"),
    (errno.ENOENT, "找不到"),
])
def test_the_users_file_system_is_exit_2_with_the_path(code: int, words: str, capsys: pytest.CaptureFixture[str]) -> None:
    def fail() -> None:
        raise OSError(code, os.strerror(code), "/记录/people/p-x.yaml")

    assert run_guarded(fail) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert words in err and "/记录/people/p-x.yaml" in err and "缺陷" not in err


def test_a_read_only_folder_while_checking_is_not_called_a_bug(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dangjian_cli.pipeline as pipeline

    def read_only(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(ws / ".dj-cache"))

    monkeypatch.setattr(pipeline, "check_workspace", read_only)
    result = run("-C", str(ws), "check")
    assert result.exit_code == ExitCode.USAGE
    assert "没有权限" in result.stderr and ".dj-cache" in result.stderr and "缺陷" not in result.stderr


def test_ctrl_c_is_130_quietly(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dangjian_cli.pipeline as pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "check_workspace", interrupted)
    result = run("-C", str(ws), "check")
    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stderr.strip() == "已中断。"


def test_a_defect_is_3_with_a_note_and_no_traceback(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dangjian_cli.pipeline as pipeline

    def bug(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(pipeline, "check_workspace", bug)
    result = run("-C", str(ws), "check")
    assert result.exit_code == ExitCode.INTERNAL
    assert "这是 dj 的缺陷" in result.stderr and "Traceback" not in result.stderr


# --- --output and -C -------------------------------------------------------------------------


def test_output_naming_a_folder_or_a_missing_folder_is_a_usage_error(ws: Path, tmp_path: Path) -> None:
    folder = run("-C", str(ws), "check", "--output", str(tmp_path))
    assert folder.exit_code == ExitCode.USAGE
    assert "是一个文件夹" in folder.stderr and str(tmp_path) in folder.stderr
    missing = run("-C", str(ws), "check", "--format", "json", "--output", str(tmp_path / "没有" / "r.json"))
    assert missing.exit_code == ExitCode.USAGE
    assert "不存在" in missing.stderr and "缺陷" not in missing.stderr


def test_minus_c_applies_to_relative_paths_on_the_command_line(ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("-C", str(ws), "check", "--format", "json", "--output", "报告.json")
    assert result.exit_code == 0, result.output
    assert json.loads((ws / "报告.json").read_text(encoding="utf-8"))["summary"]["errors"] == 0
    assert not (tmp_path / "报告.json").exists()
    assert run("-C", str(ws), "schema", "--output", "模式").exit_code == 0
    assert (ws / "模式" / "dj.schema.json").is_file()


# --- one output contract ---------------------------------------------------------------------


def test_cli_json_equals_the_library_result(broken: Path) -> None:
    import datetime as dt

    from dangjian_cli.actions.assign import coverage, list_items, load
    from dangjian_cli.pipeline import check_workspace

    day = dt.date(2024, 12, 31)
    cli = run("-C", str(broken), "check", "--format", "json", "--no-cache", "--as-of", day.isoformat())
    assert cli.exit_code == ExitCode.FINDINGS
    assert json.loads(cli.stdout) == check_workspace(broken, day, use_cache=False).to_dict()

    write(broken, {"responsibilities/2024/2024-p-zhangsan-01.yaml": textwrap.dedent("""\
        id: 2024-p-zhangsan-01
        year: 2024
        tier: 主要负责人
        person: p-zhangsan
        area: 廉洁自律
        content: 带头廉洁自律
        """)})
    ws = load(broken)

    listed = run("-C", str(broken), "assign", "list", "--format", "json")
    assert json.loads(listed.stdout) == list_items(ws, "张三", None).to_dict() == list_items(ws).to_dict()
    covered = run("-C", str(broken), "assign", "coverage", "--year", "2024", "--format", "json")
    assert json.loads(covered.stdout) == coverage(ws, 2024).to_dict()


def test_text_output_shows_control_characters_from_records_as_escapes(broken: Path) -> None:
    result = run("-C", str(broken), "check", "--no-cache")
    assert result.exit_code == ExitCode.FINDINGS
    assert "\x1b" not in result.stdout and "<U+001B>[2J一般" in result.stdout
    data = json.loads(run("-C", str(broken), "check", "--no-cache", "--format", "json").stdout)
    # messages name the character in every format (the record's data is not in the message)
    assert any("<U+001B>[2J一般" in f["message"] for f in data["findings"])


def test_sanitize_keeps_newlines_tabs_and_crlf() -> None:
    from dangjian_cli.cli.output import sanitize

    assert sanitize("a\tb\r\nc\n") == "a\tb\r\nc\n"
    assert sanitize("\x1b[31m\x07\r\x9b\u202e") == "\\x1b[31m\\x07\\x0d\\x9b\\u202e"


# --- a closed pipe ---------------------------------------------------------------------------


@pytest.mark.parametrize("with_error, code", [(False, 0), (True, 1)])
def test_a_closed_pipe_ends_quietly_with_the_commands_own_code(ws: Path, with_error: bool, code: int) -> None:
    if with_error:
        write(ws, {"people/p-x.yaml": "id: p-x\nname: 某人\nposts: 3\n"})
    # Enough output to fill the pipe: one finding per file.
    write(ws, {f"misplaced/{i:04d}.yaml": "a: 1\n" for i in range(3000)})
    process = subprocess.Popen(
        [sys.executable, "-m", "dangjian_cli", "-C", str(ws), "check", "--no-cache"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **ENV},
    )
    process.stdout.close()  # the reader has gone, as in `dj check | true`
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == code
    assert err == b""


# --- completion ------------------------------------------------------------------------------


def test_person_and_item_completion_read_only_file_names_and_name_lines(ws: Path) -> None:
    from dangjian_cli.cli.commands.completion import item_candidates, person_candidates

    write(ws, {"responsibilities/2024/2024-p-zhangsan-01.yaml": "id: 2024-p-zhangsan-01\n"})
    assert ("张三", "p-zhangsan") in person_candidates(ws, "张")
    assert ("p-zhangsan", "张三") in person_candidates(ws, "p-zh")
    assert person_candidates(ws, "无此人") == []
    assert item_candidates(ws, "2024-p-z") == [("2024-p-zhangsan-01", "2024")]


def test_completion_through_the_shell_protocol(ws: Path) -> None:
    env = {**ENV, "_DJ_COMPLETE": "complete_bash", "COMP_WORDS": f"dj -C {ws} assign sign 张", "COMP_CWORD": "5"}
    result = CliRunner().invoke(app, [], env=env, prog_name="dj")
    assert "张三" in result.stdout.split()
    env["COMP_WORDS"], env["COMP_CWORD"] = "dj assign si", "2"
    assert "sign" in CliRunner().invoke(app, [], env=env, prog_name="dj").stdout.split()


def test_completion_never_fails_outside_a_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    env = {**ENV, "_DJ_COMPLETE": "complete_bash", "COMP_WORDS": "dj assign sign 张", "COMP_CWORD": "3"}
    result = CliRunner().invoke(app, [], env=env, prog_name="dj")
    assert result.exit_code == 0 and result.stdout.strip() == ""


def test_the_completion_script_is_shown_for_a_named_shell() -> None:
    result = run("completion", "bash")
    assert result.exit_code == 0 and "_DJ_COMPLETE" in result.stdout


# --- prompts ---------------------------------------------------------------------------------


def test_add_checks_each_answer_as_typed_and_keeps_the_others(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dangjian_cli.cli.commands import assign as command

    monkeypatch.setattr(command, "_interactive", lambda: True)
    answers = ["主要领导", "班子成员", "王五", "李四", "廉洁自律", "", "不插手具体经费审批"]
    result = run("-C", str(ws), "assign", "add", "--dry-run", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "“主要领导”不是责任主体层级" in result.stderr and "是否应为“主要负责人”" in result.stderr
    assert "找不到人员“王五”" in result.stderr
    assert "责任内容不能为空" in result.stderr
    assert result.stderr.count("请重新输入") == 3
    assert "tier: 班子成员" in result.stdout and "person: p-lisi" in result.stdout
    assert "content: 不插手具体经费审批" in result.stdout


def test_add_without_a_terminal_never_waits(ws: Path) -> None:
    result = run("-C", str(ws), "assign", "add", "--tier", "班子成员", input="李四\n")
    assert result.exit_code == ExitCode.USAGE
    assert "--person" in result.stderr and "--area" in result.stderr and "--content" in result.stderr
