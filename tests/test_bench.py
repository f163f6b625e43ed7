"""The benchmark's generated workspace stays valid as record kinds and rules evolve."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_generated_workspace_passes_check_with_every_kind(tmp_path: Path) -> None:
    ws = tmp_path / "gen"
    made = subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), str(ws), "--records", "300", "--years", "2",
         "--year", "2024", "--as-of", "2024-12-31", "--no-history"],
        capture_output=True, text=True, encoding="utf-8", check=True,
    )
    info = json.loads(made.stdout.strip().splitlines()[-1])
    assert info["kinds_without_generator"] == []
    checked = subprocess.run(
        [sys.executable, "-m", "dangjian_cli", "-C", str(ws), "check", "--no-cache", "--format", "json", "--as-of", "2024-12-31"],
        capture_output=True, text=True, encoding="utf-8",
    )
    report = json.loads(checked.stdout)
    assert checked.returncode == 0, report["findings"][:5]
    assert report["summary"] == {"files": info["records"], "records": info["records"], "errors": 0, "warnings": 0, "suppressed": 0}
