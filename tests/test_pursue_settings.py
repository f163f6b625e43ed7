"""Local practice is a setting: review's deductions per 形态 and the appeal period of dj pursue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import CLI_ENV


def dj(ws: Path, *args: str) -> Any:
    from dangjian_cli.cli.app import app

    return CliRunner().invoke(app, ["-C", str(ws), *args], env=CLI_ENV, prog_name="dj")


def _example(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    made = dj(tmp_path, "init", "--example", str(root))
    assert made.exit_code == 0, made.output
    return root


def _sunba_deductions(root: Path) -> list[float]:
    result = dj(root, "review", "--year", "2024", "--format", "json")
    assert result.exit_code == 0, result.output
    card = next(c for c in json.loads(result.stdout)["scorecards"] if c["name"] == "孙八")
    return [d["points"] for d in card["deductions"]]


def test_deduction_points_come_from_dj_yaml(tmp_path: Path, git_env: dict[str, str]) -> None:
    root = _example(tmp_path)
    assert _sunba_deductions(root) == [2.0]  # 诫勉谈话: 第一种形态
    config = root / "dj.yaml"
    text = config.read_text(encoding="utf-8")
    assert "      第一种形态: 2.0\n" in text
    config.write_text(text.replace("      第一种形态: 2.0\n", "      第一种形态: 3.5\n"), encoding="utf-8")
    assert _sunba_deductions(root) == [3.5]
    config.write_text(text.replace("      第一种形态: 2.0\n", "      第一种形态: 0\n"), encoding="utf-8")
    assert _sunba_deductions(root) == []
    config.write_text(text.replace("      第一种形态: 2.0\n", "      第九种形态: 2.0\n"), encoding="utf-8")
    bad = dj(root, "review", "--year", "2024")
    assert bad.exit_code == 2 and "不是“四种形态”之一" in bad.output and "Traceback" not in bad.output


def test_appeal_period_comes_from_dj_yaml(tmp_path: Path, git_env: dict[str, str]) -> None:
    root = _example(tmp_path)
    assert "申诉期至 2024年8月9日" in dj(root, "pursue", "show", "2024-zz-03").stdout  # 2024-07-10 + 30 days
    config = root / "dj.yaml"
    text = config.read_text(encoding="utf-8")
    assert "  appeal_days: 30\n" in text
    config.write_text(text.replace("  appeal_days: 30\n", "  appeal_days: 15\n"), encoding="utf-8")
    assert "申诉期至 2024年7月25日" in dj(root, "pursue", "show", "2024-zz-03").stdout
