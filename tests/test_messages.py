"""Messages, every problem in one run, dj.yaml settings, rules and CI output (issue 8, part M).

Each test drives dj as a user does (``dj check`` on real files) and looks at what the user
reads: Chinese messages that name invisible characters, all problems at once, located
dj.yaml errors, and CI output that records cannot turn into workflow commands.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assign_support import check, codes, dj, run, write

CORPUS_BASE = Path(__file__).resolve().parent / "corpus" / "_base"
ENGLISH = ("Input should", "String should", "should have", "Keys should", "Field required", "datetime.date(",
           "Value error", "valid string", "finite number")


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(CORPUS_BASE, root)
    return root


def person_yaml(pid: str, name: str, *posts: str, extra: str = "") -> str:
    body = "".join(posts) or "  - title: 科员\n    tier: 一般干部\n    start: 2021-01-01\n"
    return f"id: {pid}\nname: {name}\n{extra}posts:\n{body}"


def principal(start: str, end: str | None = None) -> str:
    return f"  - title: 检察长\n    tier: 主要负责人\n    start: {start}\n" + (f"    end: {end}\n" if end else "")


def messages(findings: list[dict]) -> str:
    return "\n".join(f"{f['code']} {f['path']}:{f['line']} {f['message']}" for f in findings)


# --- messages ------------------------------------------------------------------------------


def test_no_english_pydantic_text_and_long_values_shortened(ws: Path) -> None:
    write(ws, {
        "people/p-long.yaml": person_yaml("p-" + "x" * 80, "某甲"),
        "people/p-name.yaml": person_yaml("p-name", "某" * 200, extra="note: [1, 2]\n"),
        "people/p-key.yaml": person_yaml("p-key", "某乙", extra="1: 一\n"),
        "people/p-date.yaml": person_yaml("p-date", "2024-01-01"),
        "people/p-big.yaml": person_yaml("p-big", "某丙", extra=f"party_member: \"{'9' * 5000}\"\n"),
        "departments/d-bad.yaml": "id: d-bad\nname: ''\n",
    })
    status, findings = check(ws)
    assert status == 1
    text = messages(findings)
    assert not any(word in text for word in ENGLISH), text
    assert "9" * 100 not in text and "x" * 80 not in text and "某" * 100 not in text, text
    assert "（共 5000 个字符）" in text and "（共 82 个字符）" in text
    assert {"DJ303", "DJ203"} <= set(codes(findings))


def test_invisible_characters_are_named_in_messages_and_warned_in_names(ws: Path) -> None:
    write(ws, {
        "people/p-lisi.yaml": person_yaml("p-lisi", "李四\u200b", "  - title: 科员\n    tier: \"一般干部\u3000\"\n    start: 2021-01-01\n"),
        "people/p-wangwu.yaml": person_yaml("p-wangwu", "王五\u3000"),
        "departments/d-rlo.yaml": "id: d-rlo\nname: \"办公\u202e室\"\n",
    })
    status, findings = check(ws)
    text = messages(findings)
    assert "“一般干部<U+3000>”不在允许范围内" in text and "是否应为“一般干部”" in text, text
    warned = {f["path"]: f["message"] for f in findings if f["code"] == "DJ209"}
    assert set(warned) == {"people/p-wangwu.yaml", "departments/d-rlo.yaml"}, text
    assert "<U+3000>" in warned["people/p-wangwu.yaml"] and "<U+202E>" in warned["departments/d-rlo.yaml"]
    assert not any(ch in text for ch in "\u200b\u3000\u202e")


def test_a_name_with_a_trailing_ideographic_space_is_found_by_person(ws: Path) -> None:
    write(ws, {"people/p-wangwu.yaml": person_yaml("p-wangwu", "王五\u3000")})
    result = dj(ws, "assign", "list", "--person", "王五")
    assert result.exit_code == 0, result.stderr
    status, findings = check(ws)
    assert codes(findings) == ["DJ209"] and status == 0


# --- every problem in one run --------------------------------------------------------------


def test_a_record_with_a_field_error_still_shows_its_duplicate_id_and_dangling_reference(ws: Path) -> None:
    write(ws, {
        # a copy of p-sunba with a field error and a reference to a department that is not there
        "people/p-sunba-copy.yaml": person_yaml("p-sunba", "孙八", "  - title: 科员\n    tier: 科员\n    start: 2021-01-01\n"
                                                 "    department: d-nowhere\n"),
        # a field error, and a dangling reference under the same record
        "people/p-zhouqi.yaml": person_yaml("p-zhouqi", "周七", "  - title: 科员\n    tier: 一般干部\n    start: 2021-13-01\n"
                                            "    department: d-missing\n"),
        # a valid record referring to the invalid one: the id exists, so this is no DJ302
        "people/p-wu.yaml": person_yaml("p-wu", "吴九", extra="note: 见 p-zhouqi\n"),
    })
    status, findings = check(ws)
    got = sorted((f["code"], f["path"]) for f in findings)
    assert got == [
        ("DJ205", "people/p-zhouqi.yaml"),
        ("DJ206", "people/p-sunba-copy.yaml"),
        ("DJ301", "people/p-sunba-copy.yaml"),
        ("DJ301", "people/p-sunba.yaml"),
        ("DJ302", "people/p-zhouqi.yaml"),
    ], messages(findings)
    assert status == 1


def test_references_to_a_record_with_a_field_error_are_not_reported_missing(ws: Path) -> None:
    write(ws, {
        "departments/d-case.yaml": "id: d-case\nname: 案件管理部\nextra: 1\n",
        "people/p-zhouqi.yaml": person_yaml("p-zhouqi", "周七", "  - title: 主任\n    tier: 部门负责人\n    start: 2021-01-01\n"
                                            "    department: d-case\n"),
    })
    status, findings = check(ws)
    assert codes(findings) == ["DJ202"], messages(findings)


# --- dj.yaml -------------------------------------------------------------------------------

BAD_SETTINGS = [  # (lines after year, line of the error, words of the message)
    ("settings:\n  assign:\n    sign_by: \"02-30\"\n", 6, "这一天不存在"),
    ("settings:\n  deadlines:\n    self_check_by: \"13-01\"\n", 6, "月份 13 不存在"),
    ("settings:\n  review:\n    weights: {日常: 0.3, 专项: 0.3, 年度: 0.5}\n", 6, "合计应为 1"),
    ("first_year: 2025\n", 4, "晚于当前年度"),
    ("settings:\n  deadlines:\n    appeal_days: -1\n", 6, "不能是负数"),
    ("settings:\n  influence_months:\n    warning: -12\n", 6, "不能是负数"),
    ("settings:\n  review:\n    weights: {日常: .inf}\n", 6, "应在 0 到 1 之间"),
    ("settings:\n  limits:\n    max_file_kb: 99999999999999\n", 6, "超过 1 GB"),
    ("settings:\n  grades:\n    annual_bands: [60, 70, 90]\n", 6, "从高到低"),
    ("settings:\n  assign:\n    study_forms: [个人自学, 个人自学]\n", 6, "重复"),
]


@pytest.mark.parametrize("extra, line, words", BAD_SETTINGS, ids=[w for *_, w in BAD_SETTINGS])
def test_every_bad_setting_in_dj_yaml_is_refused_with_its_line(ws: Path, extra: str, line: int, words: str) -> None:
    (ws / "dj.yaml").write_text("organization:\n  name: 示例县人民检察院\nyear: 2024\n" + extra, encoding="utf-8")
    result = dj(ws, "check", "--no-cache")
    assert result.exit_code == 2, result.stdout + result.stderr
    assert f"dj.yaml:{line}:" in result.stderr and words in result.stderr, result.stderr
    assert not any(word in result.stderr for word in ENGLISH) and "Traceback" not in result.stderr


def test_an_empty_unit_name_and_a_leap_day_deadline(ws: Path) -> None:
    (ws / "dj.yaml").write_text("organization:\n  name: \"\u3000\"\nyear: 2024\n", encoding="utf-8")
    result = dj(ws, "check", "--no-cache")
    assert result.exit_code == 2 and "dj.yaml:2:" in result.stderr and "不能为空" in result.stderr, result.stderr
    (ws / "dj.yaml").write_text("organization:\n  name: 示例县人民检察院\nyear: 2024\nsettings:\n  assign:\n    sign_by: \"02-29\"\n",
                                encoding="utf-8")
    assert dj(ws, "check", "--no-cache", "--as-of", "2024-01-31").exit_code == 0


# --- rules ---------------------------------------------------------------------------------


def test_overlapping_principal_terms_are_compared_across_all_pairs(ws: Path) -> None:
    write(ws, {
        "people/p-zhangsan.yaml": person_yaml("p-zhangsan", "张三", principal("2020-01-01")),
        "people/p-lisi.yaml": person_yaml("p-lisi", "李四", principal("2022-01-01", "2022-06-30")),
        "people/p-wangwu.yaml": person_yaml("p-wangwu", "王五", principal("2023-01-01")),
    })
    _, findings = check(ws)
    flagged = {f["path"]: f["message"] for f in findings if f["code"] == "DJ405"}
    assert set(flagged) == {"people/p-lisi.yaml", "people/p-wangwu.yaml"}, messages(findings)
    assert "张三" in flagged["people/p-wangwu.yaml"]


def test_the_hint_for_a_departure_before_the_first_post_leads_to_a_valid_record(ws: Path) -> None:
    write(ws, {"people/p-lisi.yaml": person_yaml("p-lisi", "李四", extra="departure:\n  date: 2019-05-01\n  reason: 调离\n")})
    _, findings = check(ws)
    [hint] = [f for f in findings if f["code"] == "DJ402"]
    assert "end: 2019-05-01" not in hint["message"] and "离任日期" in hint["message"], hint
    assert hint["line"] == 4  # the departure date, the value to correct
    # Following the hint: a departure date not before the post's start, and the post ended then.
    write(ws, {"people/p-lisi.yaml": person_yaml(
        "p-lisi", "李四", "  - title: 科员\n    tier: 一般干部\n    start: 2021-01-01\n    end: 2023-05-01\n",
        extra="departure:\n  date: 2023-05-01\n  reason: 调离\n")})
    status, findings = check(ws)
    assert status == 0 and not {"DJ401", "DJ402"} & set(codes(findings)), messages(findings)


def test_ids_and_file_names_that_differ_only_in_case_collide(ws: Path) -> None:
    write(ws, {"people/p-SunBa.yaml": person_yaml("p-SunBa", "孙八八")})
    status, findings = check(ws)
    clashes = [f for f in findings if f["code"] == "DJ304"]
    assert status == 1 and {f["path"] for f in clashes} == {"people/p-SunBa.yaml", "people/p-sunba.yaml"}, messages(findings)
    assert any("people/p-sunba.yaml" in f["message"] for f in clashes if f["path"] == "people/p-SunBa.yaml")


# --- CI output -----------------------------------------------------------------------------

INJECTIONS = ["x\n::error file=a,line=1::伪造", "x\n::stop-commands::tok", "x\r::warning::伪造", "x\n  ::notice::伪造", "##[error]伪造"]


def _finding(message: str, path: str = "people/p.yaml", line: int = 1):
    from dangjian_cli.findings import error

    return error("DJ207", path, line, 1, message)


def test_github_output_lines_never_start_a_command_from_record_text() -> None:
    from dangjian_cli.cli.output import render
    from dangjian_cli.pipeline import CheckResult

    findings = [_finding(m, path=p) for m in INJECTIONS for p in ("people/p.yaml", "people/x\n::error::伪造.yaml")]
    text = render(CheckResult(findings, 2, 0), "github")
    for line in text.splitlines():
        if line.lstrip().startswith("::"):
            assert line.startswith(("::group::", "::endgroup::", "::error file=", "::warning file=")), line
        assert "##[" not in line, line
    assert sum(line.startswith("::error file=") for line in text.splitlines()) == len(findings)


def test_github_output_of_a_real_workspace_with_hostile_file_names(ws: Path) -> None:
    write(ws, {
        "people/p-x\n::error::伪造.yaml": "id: [\n",
        "::stop-commands::tok.yaml": "a: 1\n",
        "people/p-esc.yaml": person_yaml("p-esc", "某\x1b[2J人", "  - title: 科员\n    tier: \"\x1b]0;x\x07\"\n    start: 2021-01-01\n"),
    })
    github = run("-C", str(ws), "check", "--no-cache", "--format", "github")
    assert github.exit_code == 1
    lines = github.stdout.splitlines()
    assert len([l for l in lines if l.startswith("::error ") or l.startswith("::warning ")]) >= 3
    for line in lines:
        if line.lstrip().startswith("::"):
            assert line.startswith(("::group::", "::endgroup::", "::error file=", "::warning file=")), line
    text = run("-C", str(ws), "check", "--no-cache")
    assert "\x1b" not in text.stdout and "\x07" not in text.stdout and "<U+001B>" in text.stdout


def test_gitlab_fingerprints_are_unique_per_finding(ws: Path) -> None:
    from dangjian_cli.cli.output import render
    from dangjian_cli.pipeline import CheckResult

    same = [_finding("同一问题", line=3), _finding("同一问题", line=7)]
    entries = json.loads(render(CheckResult(same, 1, 0), "gitlab"))
    assert len({e["fingerprint"] for e in entries}) == 2
    write(ws, {"people/p-two.yaml": person_yaml("p-two", "某", "  - title: 科员\n    tier: 科员\n    start: 2021-01-01\n"
                                                 "  - title: 科员\n    tier: 科员\n    start: 2022-01-01\n")})
    report = json.loads(run("-C", str(ws), "check", "--no-cache", "--format", "gitlab").stdout)
    prints = [e["fingerprint"] for e in report]
    assert len(prints) == len(set(prints)) and len(prints) >= 2
