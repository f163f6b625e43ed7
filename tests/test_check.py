"""dj check: every kind of bad input becomes a located finding, reported in one run."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assign_support import write
from dangjian_cli.cli.app import app

ENV = {"NO_COLOR": "1", "COLUMNS": "200", "GITHUB_ACTIONS": "", "GITEA_ACTIONS": ""}

DJ_YAML = """\
# 工作区配置
organization:
  name: 示例县人民检察院
year: 2024
"""

GOOD = {
    "departments/d-office.yaml": "id: d-office\nname: 办公室\n",
    "people/p-zhangsan.yaml": """\
        id: p-zhangsan
        name: 张三
        posts:
          - title: 党组书记、检察长
            tier: 主要负责人
            start: 2020-01-01
        """,
    "people/p-sunba.yaml": """\
        id: p-sunba
        name: 孙八
        posts:
          - title: 办公室主任
            tier: 部门负责人
            department: d-office
            start: 2021-03-01
        """,
}

# A responsibility item starts the year's 责任分解, whose completeness rules (tests/test_assign_rules.py)
# would then apply; the tests here add items only where the item itself is under test.


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    write(root, {rel: textwrap.dedent(c) if isinstance(c, str) else c for rel, c in files.items()})


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    write_tree(root, {"dj.yaml": DJ_YAML, **GOOD})
    return root


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV, prog_name="dj")


def check_json(root: Path, *extra: str) -> tuple[int, dict]:
    result = run("-C", str(root), "check", "--format", "json", "--no-cache", *extra)
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def codes(report: dict) -> list[str]:
    return [f["code"] for f in report["findings"]]


def only(report: dict, code: str) -> dict:
    found = [f for f in report["findings"] if f["code"] == code]
    assert len(found) == 1, report["findings"]
    return found[0]


def test_clean_workspace_exits_0(ws: Path) -> None:
    status, report = check_json(ws)
    assert status == 0, report
    assert report["findings"] == []
    assert report["summary"] == {"files": 3, "records": 3, "errors": 0, "warnings": 0, "suppressed": 0}


def test_check_runs_from_a_subfolder(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ws / "people")
    result = run("check", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "共检查 3 个文件" in result.stdout


def test_no_workspace_is_exit_2(tmp_path: Path) -> None:
    result = run("-C", str(tmp_path), "check")
    assert result.exit_code == 2
    assert "dj.yaml" in result.stderr and "Traceback" not in result.output


def test_broken_dj_yaml_is_exit_2(ws: Path) -> None:
    (ws / "dj.yaml").write_text("organization:\n  name: 示例\nyear: [\n", encoding="utf-8")
    result = run("-C", str(ws), "check")
    assert result.exit_code == 2
    assert "dj.yaml:" in result.stderr and "Traceback" not in result.output


def test_invalid_setting_in_dj_yaml_is_exit_2_with_line(ws: Path) -> None:
    (ws / "dj.yaml").write_text(DJ_YAML + "settings:\n  review:\n    rush_share: 2\n", encoding="utf-8")
    result = run("-C", str(ws), "check")
    assert result.exit_code == 2
    assert "dj.yaml:7:" in result.stderr


def test_syntax_error_is_located(ws: Path) -> None:
    write_tree(ws, {"people/p-bad.yaml": "id: p-bad\nname: 坏\nposts: [\n  - title: x\n"})
    status, report = check_json(ws)
    assert status == 1
    finding = only(report, "DJ101")
    assert finding["path"] == "people/p-bad.yaml" and finding["line"] >= 3


def test_tab_indentation(ws: Path) -> None:
    write_tree(ws, {"departments/d-x.yaml": "id: d-x\nname: 政治部\nnote:\n\tx\n"})
    _, report = check_json(ws)
    finding = only(report, "DJ102")
    assert (finding["line"], finding["column"]) == (4, 1)


def test_fullwidth_colon_and_space_have_hints(ws: Path) -> None:
    write_tree(ws, {"departments/d-x.yaml": "id: d-x\nname：政治部\n", "departments/d-y.yaml": "id: d-y\n\u3000name: 政治部\n"})
    status, report = check_json(ws)
    assert status == 1
    colon = only(report, "DJ104")
    assert colon["path"] == "departments/d-x.yaml" and colon["line"] == 2 and "name: " in colon["message"]
    space = only(report, "DJ103")
    assert space["path"] == "departments/d-y.yaml" and space["line"] == 2


def test_gbk_file_is_reported_and_fixed(ws: Path) -> None:
    gbk = "id: d-gbk\r\nname: 检务保障部\r\nnote: 经费、物资\r\n".encode("gbk")
    write_tree(ws, {"departments/d-gbk.yaml": gbk})
    status, report = check_json(ws)
    assert status == 1
    finding = only(report, "DJ105")
    assert finding["path"] == "departments/d-gbk.yaml" and finding["line"] == 2
    assert "--fix-encoding" in finding["message"]

    result = run("-C", str(ws), "check", "--fix-encoding", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "departments/d-gbk.yaml" in result.stderr
    fixed = (ws / "departments/d-gbk.yaml").read_bytes()
    assert fixed == gbk.decode("gbk").encode("utf-8")  # same text, CRLF kept, only the encoding changed


def test_bom_and_crlf_are_accepted(ws: Path) -> None:
    write_tree(ws, {"departments/d-bom.yaml": b"\xef\xbb\xbfid: d-bom\r\nname: \xe6\x94\xbf\xe6\xb2\xbb\xe9\x83\xa8\r\n"})
    status, report = check_json(ws)
    assert status == 0, report


def test_duplicate_key(ws: Path) -> None:
    write_tree(ws, {"departments/d-x.yaml": "id: d-x\nname: 甲\nname: 乙\n"})
    _, report = check_json(ws)
    finding = only(report, "DJ107")
    assert finding["line"] == 3 and "name" in finding["message"]


def test_yaml_11_words_stay_text(ws: Path) -> None:
    write_tree(ws, {"departments/d-no.yaml": "id: d-no\nname: NO\nnote: on\n"})
    status, report = check_json(ws)
    assert status == 0, report


def test_number_where_text_expected_keeps_leading_zero(ws: Path) -> None:
    write_tree(ws, {"departments/d-num.yaml": "id: d-num\nname: 0123\n"})
    _, report = check_json(ws)
    finding = only(report, "DJ204")
    assert finding["line"] == 2 and "0123" in finding["message"] and "引号" in finding["message"]
    assert finding["record"] == "d-num"


def test_impossible_date_is_located(ws: Path) -> None:
    write_tree(ws, {"people/p-date.yaml": "id: p-date\nname: 日期\nposts:\n  - title: 干部\n    tier: 一般干部\n    start: 2024-02-30\n"})
    _, report = check_json(ws)
    finding = only(report, "DJ205")
    assert (finding["path"], finding["line"]) == ("people/p-date.yaml", 6)
    assert "2024-02-30" in finding["message"]


def test_unknown_key_suggests_closest(ws: Path) -> None:
    write_tree(ws, {"departments/d-x.yaml": "id: d-x\nnmae: 政治部\n"})
    _, report = check_json(ws)
    unknown = only(report, "DJ202")
    assert unknown["line"] == 2 and "name" in unknown["message"]
    missing = only(report, "DJ201")
    assert "name" in missing["message"]


def test_wrong_type_and_bad_enum(ws: Path) -> None:
    write_tree(ws, {
        "people/p-t.yaml": "id: p-t\nname: 类型\nposts: 干部\n",
        "people/p-e.yaml": "id: p-e\nname: 枚举\nposts:\n  - title: 干部\n    tier: 主要负责\n    start: 2024-01-01\n",
    })
    _, report = check_json(ws)
    assert only(report, "DJ203")["path"] == "people/p-t.yaml"
    enum = only(report, "DJ206")
    assert enum["line"] == 5 and "主要负责人" in enum["message"]


def test_empty_file_and_non_mapping_top_level(ws: Path) -> None:
    write_tree(ws, {"departments/empty.yaml": "", "departments/list.yaml": "- id: d-x\n  name: 甲\n"})
    _, report = check_json(ws)
    assert only(report, "DJ108")["path"] == "departments/empty.yaml"
    assert only(report, "DJ109")["path"] == "departments/list.yaml"


def test_alias_bomb_is_stopped(ws: Path) -> None:
    lines = ["id: d-bomb", "name: 炸弹", 'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    write_tree(ws, {"departments/bomb.yaml": "\n".join(lines) + "\n"})
    _, report = check_json(ws)
    assert only(report, "DJ110")["path"] == "departments/bomb.yaml"


def test_oversized_file_is_refused(ws: Path) -> None:
    (ws / "dj.yaml").write_text(DJ_YAML + "settings:\n  limits:\n    max_file_kb: 1\n", encoding="utf-8")
    write_tree(ws, {"departments/big.yaml": "id: d-big\nname: 大\nnote: " + "很长的说明" * 400 + "\n"})
    _, report = check_json(ws)
    assert only(report, "DJ111")["path"] == "departments/big.yaml"


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlink_outside_workspace(ws: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: d-secret\nname: 外部\n", encoding="utf-8")
    (ws / "departments/link.yaml").symlink_to(outside)
    _, report = check_json(ws)
    assert only(report, "DJ112")["path"] == "departments/link.yaml"


def test_same_id_in_two_files_names_both(ws: Path) -> None:
    (ws / "people/p-copy.yaml").write_text((ws / "people/p-sunba.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    status, report = check_json(ws)
    assert status == 1
    dups = [f for f in report["findings"] if f["code"] == "DJ301"]
    assert {f["path"] for f in dups} == {"people/p-sunba.yaml", "people/p-copy.yaml"}
    assert all(f["line"] == 1 for f in dups)
    assert "people/p-sunba.yaml" in next(f for f in dups if f["path"] == "people/p-copy.yaml")["message"]


def test_dangling_reference_and_name_instead_of_id(ws: Path) -> None:
    write_tree(ws, {
        "people/p-x.yaml": "id: p-x\nname: 某\nposts:\n  - title: 干部\n    tier: 一般干部\n    department: d-nowhere\n    start: 2020-01-01\n",
        "responsibilities/2024/zr-002.yaml": "id: zr-2024-002\nyear: 2024\ntier: 部门负责人\nperson: 孙八\narea: 作风建设\ncontent: 管好本部门\n",
    })
    _, report = check_json(ws)
    refs = {f["path"]: f for f in report["findings"] if f["code"] == "DJ302"}
    assert refs["people/p-x.yaml"]["line"] == 6 and "d-nowhere" in refs["people/p-x.yaml"]["message"]
    assert refs["responsibilities/2024/zr-002.yaml"]["line"] == 4
    assert "p-sunba" in refs["responsibilities/2024/zr-002.yaml"]["message"]


def test_yaml_out_of_place_is_a_warning(ws: Path) -> None:
    write_tree(ws, {"notes/misc.yaml": "a: 1\n"})
    status, report = check_json(ws)
    assert status == 0
    assert only(report, "DJ113")["severity"] == "warning"
    assert run("-C", str(ws), "check", "--strict", "--no-cache").exit_code == 1


def test_domain_rules_post_dates_and_departure(ws: Path) -> None:
    write_tree(ws, {
        "people/p-r.yaml": """\
            id: p-r
            name: 退休者
            posts:
              - title: 干部
                tier: 一般干部
                start: 2020-01-01
              - title: 主任
                tier: 部门负责人
                start: 2023-05-01
                end: 2023-01-01
            departure:
              date: 2024-06-30
              reason: 退休
            """,
    })
    _, report = check_json(ws)
    assert only(report, "DJ401")["line"] == 10
    assert [f["line"] for f in report["findings"] if f["code"] == "DJ402"] == [4]


def test_every_problem_in_one_run_sorted_without_traceback(ws: Path) -> None:
    write_tree(ws, {
        "departments/a.yaml": "id: d-a\nname: [\n",
        "departments/b.yaml": "id: d-b\nnmae: 乙\n",
        "people/p-c.yaml": "",
    })
    status, report = check_json(ws)
    assert status == 1
    found = [(f["path"], f["line"]) for f in report["findings"]]
    assert found == sorted(found)
    assert {"DJ101", "DJ202", "DJ108"} <= set(codes(report))
    assert report["summary"]["errors"] == len([f for f in report["findings"] if f["severity"] == "error"])


def test_text_format_is_editor_friendly(ws: Path) -> None:
    write_tree(ws, {"departments/b.yaml": "id: d-b\nnmae: 乙\n"})
    result = run("-C", str(ws), "check", "--format", "text", "--no-cache")
    assert result.exit_code == 1
    assert "departments/b.yaml:2:1: 错误 DJ202" in result.stdout
    assert "1 个警告" not in result.stdout


def test_github_annotations(ws: Path) -> None:
    write_tree(ws, {"departments/b.yaml": "id: d-b\nnmae: 乙\n"})
    result = run("-C", str(ws), "check", "--format", "github", "--no-cache")
    assert "::error file=departments/b.yaml,line=2,col=1,title=DJ202::" in result.stdout
    assert "::group::departments/b.yaml" in result.stdout


def test_github_is_chosen_automatically_on_github_but_not_gitea(ws: Path) -> None:
    write_tree(ws, {"departments/b.yaml": "id: d-b\nnmae: 乙\n"})
    args = ["-C", str(ws), "check", "--no-cache"]
    on_github = CliRunner().invoke(app, args, env={**ENV, "GITHUB_ACTIONS": "true"})
    on_gitea = CliRunner().invoke(app, args, env={**ENV, "GITHUB_ACTIONS": "true", "GITEA_ACTIONS": "true"})
    assert "::error " in on_github.stdout
    assert "::error " not in on_gitea.stdout and "DJ202" in on_gitea.stdout


def test_github_step_summary_counts_findings(ws: Path, tmp_path: Path) -> None:
    write_tree(ws, {"departments/b.yaml": "id: d-b\nnmae: 乙\n"})
    summary = tmp_path / "summary.md"
    env = {**ENV, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    CliRunner().invoke(app, ["-C", str(ws), "check", "--no-cache"], env=env)
    text = summary.read_text(encoding="utf-8")
    assert "| DJ202 | 未知字段 | 错误 | 1 |" in text and "| DJ201 | 缺少必填字段 | 错误 | 1 |" in text


def test_gitlab_code_quality_report(ws: Path, tmp_path: Path) -> None:
    write_tree(ws, {"departments/b.yaml": "id: d-b\nnmae: 乙\n"})
    report_file = tmp_path / "gl-code-quality-report.json"
    result = run("-C", str(ws), "check", "--format", "gitlab", "--output", str(report_file), "--no-cache")
    assert result.exit_code == 1
    assert "DJ202" in result.stdout  # the job log still shows text
    raw = report_file.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    entries = json.loads(raw)
    assert isinstance(entries, list) and entries
    for entry in entries:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(entry)
        assert entry["location"]["path"] and entry["location"]["lines"]["begin"] >= 1
        assert entry["severity"] in {"info", "minor", "major", "critical", "blocker"}


def test_bad_as_of_date_is_usage_error(ws: Path) -> None:
    result = run("-C", str(ws), "check", "--as-of", "2024-13-01")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_markdown_records_need_front_matter_and_are_located_in_the_file(ws: Path) -> None:
    write_tree(ws, {
        "study_sessions/2024/no-front.md": "# 学习记录\n\n没有头信息。\n",
        "study_sessions/2024/bad-date.md": "---\nid: xx-001\nform: 个人自学\ndate: 2024-02-30\ntopic: 学习党章\n---\n\n# 正文\n",
    })
    _, report = check_json(ws)
    assert only(report, "DJ114")["path"] == "study_sessions/2024/no-front.md"
    bad = only(report, "DJ205")
    assert (bad["path"], bad["line"]) == ("study_sessions/2024/bad-date.md", 4)


def test_unpadded_date_gets_its_padded_form(ws: Path) -> None:
    write_tree(ws, {"people/p-d.yaml": "id: p-d\nname: 日期\nposts:\n  - title: 干部\n    tier: 一般干部\n    start: 2024-9-1\n"})
    _, report = check_json(ws)
    finding = only(report, "DJ205")
    assert finding["line"] == 6 and "2024-09-01" in finding["message"]
