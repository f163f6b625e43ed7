"""The command line itself: help, version, commands, stubs, the error boundary."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from dangjian_cli import __version__
from dangjian_cli.cli.app import app

ENV = {"NO_COLOR": "1", "COLUMNS": "200"}


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV, prog_name="dj")


def test_help_lists_every_stage_command_in_chinese() -> None:
    for flag in ("--help", "-h"):
        result = invoke(flag)
        assert result.exit_code == 0
        for command in ("assign", "check", "review", "pursue", "report", "init", "schema"):
            assert command in result.stdout
        assert "党风廉政建设" in result.stdout


def test_every_command_has_chinese_help() -> None:
    for command in ("assign", "check", "review", "pursue", "report", "init", "schema"):
        result = invoke(command, "--help")
        assert result.exit_code == 0, command
        assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stdout), command


def test_version_from_console_script_and_module() -> None:
    out = subprocess.run([sys.executable, "-m", "dangjian_cli", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"dj {__version__}"
    assert invoke("--version").stdout.strip() == f"dj {__version__}"


def test_usage_error_is_exit_2() -> None:
    assert invoke("check", "--format", "xml").exit_code == 2
