"""Reading safety: only regular files are read, nothing waits or reads without end, limits are
findings, encodings are converted only when certain, and the read and edit paths agree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assign_support import check, commit_all, dj, git, new_workspace, write

BASE = Path(__file__).resolve().parent / "corpus" / "_base"
ITEM = (
    "id: zr-001\nyear: 2024\ntier: 主要负责人\nperson: p-zhangsan\narea: 廉洁自律\n"
    "content: 带头廉洁自律\ntopics: [廉洁自律]\nevidence:\n  - 述责述廉报告\n"
)


def base_copy(root: Path) -> Path:
    import shutil

    shutil.copytree(BASE, root)
    return root


def dj_subprocess(root: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """dj in its own process, as CI runs it (a hang would end in TimeoutExpired, not a stuck suite)."""
    return subprocess.run(
        [sys.executable, "-m", "dangjian_cli", "-C", str(root), *args],
        capture_output=True, stdin=subprocess.DEVNULL, timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", "PYTHONIOENCODING": "utf-8"},
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("cached", [True, False], ids=["with-cache", "no-cache"])
def test_fifo_loop_and_dev_zero_among_records_end_within_10_seconds(tmp_path: Path, cached: bool) -> None:
    root = base_copy(tmp_path / "ws")
    git(root, "init", "-q", "-b", "main")  # so that the cache key is computed and stored
    os.mkfifo(root / "people" / "pipe.yaml")
    os.mkfifo(root / "notes.yaml")  # outside the record folders: the cache key used to open it
    os.symlink("loop.yaml", root / "people" / "loop.yaml")
    os.symlink("/dev/zero", root / "departments" / "zero.yaml")
    os.symlink("/dev/zero", root / "zero.yaml")
    extra = () if cached else ("--no-cache",)
    for _ in range(2):  # the second run reads the cache key again
        started = time.monotonic()
        run = dj_subprocess(root, "check", "--format", "json", "--as-of", "2024-12-31", *extra, timeout=10)
        assert time.monotonic() - started < 10
        assert run.returncode == 1, run.stderr.decode()
        found = {(f["code"], f["path"]) for f in json.loads(run.stdout)["findings"]}
        assert {("DJ130", "people/pipe.yaml"), ("DJ131", "people/loop.yaml"), ("DJ112", "departments/zero.yaml")} <= found


def test_a_file_where_a_record_folder_should_be_is_one_finding(tmp_path: Path) -> None:
    root = base_copy(tmp_path / "ws")
    (root / "people").rename(root / ".people-old")
    (root / "people").write_text("id: p-x\n", encoding="utf-8")
    run = dj_subprocess(root, "check", "--format", "json", "--no-cache", "--as-of", "2024-12-31")
    findings = json.loads(run.stdout)["findings"]
    assert [(f["code"], f["path"]) for f in findings] == [("DJ132", "people")]
    assert "目录" in findings[0]["message"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_record_folder_is_one_finding_not_hundreds_of_missing_ids(tmp_path: Path) -> None:
    root = base_copy(tmp_path / "ws")
    write(root, {f"responsibilities/2024/zr-{i:03}.yaml": ITEM.replace("zr-001", f"zr-{i:03}") for i in range(50)})
    (root / "departments").chmod(0)
    try:
        run = dj_subprocess(root, "check", "--format", "json", "--no-cache", "--as-of", "2024-12-31")
    finally:
        (root / "departments").chmod(0o755)
    findings = json.loads(run.stdout)["findings"]
    assert [f["path"] for f in findings if f["code"] == "DJ132"] == ["departments"]
    assert len([f for f in findings if f["code"] == "DJ302"]) <= 1  # p-sunba's department, once


def test_limits_are_findings_with_their_own_codes(tmp_path: Path) -> None:
    root = base_copy(tmp_path / "ws")
    write(root, {
        "departments/d-deep.yaml": "id: d-deep\nname: 深\nnote: " + "[" * 500 + "]" * 500 + "\n",
        "departments/d-hex.yaml": "id: d-hex\nname: 数\nnote: 0x" + "f" * 4000 + "\n",
        "departments/d-long.yaml": "id: d-long\nname: 数\nnote: " + "9" * 5000 + "\n",
        "departments/d-flat.yaml": "id: d-flat\nname: 长\nnote: [" + "1," * 500_000 + "]\n",
    })
    run = dj_subprocess(root, "check", "--format", "json", "--no-cache", "--as-of", "2024-12-31")
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    by_path = {f["path"]: f for f in json.loads(run.stdout)["findings"]}
    assert {p: f["code"] for p, f in by_path.items()} == {
        "departments/d-deep.yaml": "DJ133", "departments/d-hex.yaml": "DJ134",
        "departments/d-long.yaml": "DJ134", "departments/d-flat.yaml": "DJ135",
    }
    assert "9" * 100 not in by_path["departments/d-long.yaml"]["message"]  # shortened, not echoed whole
    assert "5000" in by_path["departments/d-long.yaml"]["message"]
    assert "别名" not in by_path["departments/d-flat.yaml"]["message"]


def test_a_huge_number_in_dj_yaml_is_a_located_error(tmp_path: Path) -> None:
    root = base_copy(tmp_path / "ws")
    with open(root / "dj.yaml", "a", encoding="utf-8") as fh:
        fh.write("settings:\n  limits:\n    max_file_kb: " + "9" * 5000 + "\n")
    run = dj_subprocess(root, "check", "--no-cache")
    err = run.stderr.decode()
    assert run.returncode == 2 and "Traceback" not in err and "OverflowError" not in err
    assert "dj.yaml:7:" in err and "DJ134" in err and "9" * 100 not in err


def test_a_nul_byte_is_named_and_located_in_chinese(tmp_path: Path) -> None:
    root = base_copy(tmp_path / "ws")
    write(root, {"departments/d-nul.yaml": b"id: d-nul\nname: \xe6\xa1\x88\x00\n"})
    _, findings = check(root)
    [finding] = findings
    assert (finding["code"], finding["line"], finding["column"]) == ("DJ101", 2, 8)
    assert "<U+0000>" in finding["message"] and "\n" not in finding["message"]
    assert not any(word in finding["message"] for word in ("control characters", "unicode string"))


UTF16_NO_BOM = "id: d-u16\r\nname: 案件管理部\r\nnote: 经费、物资\r\n"
LATIN1 = "id: d-lat\nname: Müller\nnote: café crème\n"


def test_fix_encoding_converts_utf16_without_bom_and_leaves_latin1_byte_for_byte(tmp_path: Path) -> None:
    root = base_copy(tmp_path / "ws")
    git(root, "init", "-q", "-b", "main")
    utf16 = UTF16_NO_BOM.encode("utf-16-le")
    latin1 = LATIN1.encode("latin-1")
    gbk = "id: d-gbk\nname: 检务保障部\n".encode("gbk")
    write(root, {"departments/d-u16.yaml": utf16, "departments/d-lat.yaml": latin1, "departments/d-gbk.yaml": gbk})
    run = dj_subprocess(root, "check", "--fix-encoding", "--format", "json", "--no-cache", "--as-of", "2024-12-31")
    assert (root / "departments/d-u16.yaml").read_bytes() == UTF16_NO_BOM.encode("utf-8")  # CRLF kept
    assert (root / "departments/d-gbk.yaml").read_bytes() == "id: d-gbk\nname: 检务保障部\n".encode("utf-8")
    assert (root / "departments/d-lat.yaml").read_bytes() == latin1  # not certain: untouched
    findings = json.loads(run.stdout)["findings"]
    [left] = [f for f in findings if f["path"] == "departments/d-lat.yaml"]
    assert left["code"] == "DJ106" and "Windows-1252" in left["message"]
    assert [f["path"] for f in findings] == ["departments/d-lat.yaml"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "gbk"])
def test_check_and_assign_edit_refuse_the_same_encodings_with_the_same_words(tmp_path: Path, encoding: str) -> None:
    ws = new_workspace(tmp_path / "ws")
    write(ws, {"responsibilities/2024/zr-001.yaml": ITEM.encode(encoding)})
    commit_all(ws)
    _, findings = check(ws)
    [finding] = [f for f in findings if f["code"].startswith("DJ1")]
    assert (finding["code"], finding["path"]) == ("DJ105", "responsibilities/2024/zr-001.yaml")
    result = dj(ws, "assign", "edit", "zr-001", "--scope", "全院")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "DJ105" in result.stderr and finding["message"] in result.stderr.replace("\n", "")
    assert (ws / "responsibilities/2024/zr-001.yaml").read_bytes() == ITEM.encode(encoding)
    # After --fix-encoding both paths accept it.
    dj(ws, "check", "--fix-encoding")
    commit_all(ws, "转换编码")
    assert not [f for f in check(ws)[1] if f["code"].startswith("DJ1")]
    assert dj(ws, "assign", "edit", "zr-001", "--scope", "全院").exit_code == 0


def test_a_record_folder_that_cannot_be_listed_is_one_finding_naming_it(tmp_path: Path) -> None:
    """A folder the system refuses to list (here: a path over PATH_MAX, which even root meets)."""
    root = base_copy(tmp_path / "ws")
    here = root / "responsibilities"
    here.mkdir()
    cwd = os.getcwd()
    try:
        os.chdir(here)
        for i in range(18):
            os.mkdir("x" * 250)
            os.chdir("x" * 250)
        Path("zr-x.yaml").write_text("id: zr-x\n", encoding="utf-8")
    except OSError:
        pytest.skip("this file system does not allow such paths")
    finally:
        os.chdir(cwd)
    run = dj_subprocess(root, "check", "--format", "json", "--no-cache", "--as-of", "2024-12-31")
    findings = json.loads(run.stdout)["findings"]
    assert [f["code"] for f in findings] == ["DJ132"] and run.returncode == 1
    assert findings[0]["path"].startswith("responsibilities/xxx") and "路径过长" in findings[0]["message"]
