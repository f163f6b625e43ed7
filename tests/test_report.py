"""dj report: the annual report from the example's records, committed with its provenance, verified
again from its commit; the sandbox and the escaping of record text (issue 12)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

AS_OF = "2025-01-20"
REPORT = "reports/2024-annual.md"


def git(ws: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(ws), *args], capture_output=True, text=True, check=True).stdout


def commit_all(ws: Path, message: str) -> None:
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", message)


@pytest.fixture
def ws(example: Path, tmp_path: Path, git_env: dict) -> Path:
    """A copy of the example workspace (with its history) that may be changed and committed to."""
    target = tmp_path / "ws"
    shutil.copytree(example, target)
    return target


def report(cli, ws: Path, *args: str):
    return cli("-C", ws, "report", "--year", "2024", "--as-of", AS_OF, *args)


# --- the annual report --------------------------------------------------------------------------


def test_annual_report_has_the_four_sections_with_the_records_numbers_and_is_committed_by_the_git_user(cli, ws: Path) -> None:
    source = git(ws, "rev-parse", "HEAD").strip()
    result = report(cli, ws)
    assert result.exit_code == 0, result.stderr
    text = (ws / REPORT).read_text(encoding="utf-8")
    for heading in ("## 一、主要工作和成效", "## 二、存在问题", "## 三、原因分析", "## 四、下一步措施",
                    "## 附件1 班子成员履责情况", "## 附件2 问题整改台账"):
        assert heading in text, heading
    # Figures of the example's records, each percentage with its base.
    assert "应签订责任书14份，已签订14份，签订率100.0%（14/14）" in text
    assert "核销率96.9%（31/32）" in text
    assert "开展检查考核5次" in text and "发现问题10个" in text
    assert "按期完成率90.0%（9/10）" in text
    assert "受理问题线索4件" in text and "第一种形态4人次" in text
    assert "领导干部提交述责述廉报告18份" in text
    assert "| 张三 | 党组书记、检察长 | 4项 | 2024年3月18日 |" in text
    assert "逾期225天" in text  # the ledger
    assert "dj check" in text and "2024-zz-04" in text  # dj check's problems in 存在问题
    assert text.startswith("<!-- dj:provenance ")
    assert f'"commit":"{source}"' in text.splitlines()[0]
    # Committed by the git user, the message naming the report and its source commit.
    author = git(ws, "log", "-1", "--format=%an <%ae>")
    assert author.strip() == "测试员 <tester@example.invalid>"
    message = git(ws, "log", "-1", "--format=%B")
    assert REPORT in message and source[:12] in message
    assert git(ws, "show", "--name-only", "--format=", "HEAD").split() == [REPORT]
    assert git(ws, "status", "--porcelain") == ""


def test_no_commit_output_gives_exactly_the_committed_bytes(cli, ws: Path, tmp_path: Path) -> None:
    assert report(cli, ws).exit_code == 0
    head = git(ws, "rev-parse", "HEAD")
    other = tmp_path / "other.md"
    result = report(cli, ws, "--no-commit", "--output", other)
    assert result.exit_code == 0, result.stderr
    assert other.read_bytes() == (ws / REPORT).read_bytes()
    assert git(ws, "rev-parse", "HEAD") == head
    # Again into reports/ without committing: nothing changes.
    again = report(cli, ws, "--no-commit")
    assert again.exit_code == 0 and "无需修改" in again.stdout
    assert git(ws, "status", "--porcelain") == ""


def test_verify_passes_then_names_the_report_edited_by_hand(cli, ws: Path) -> None:
    assert report(cli, ws).exit_code == 0
    # Records committed after the report do not make it wrong: it is checked against its own commit.
    people = ws / "people" / "p-zhangsan.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "# 备注\n", encoding="utf-8")
    commit_all(ws, "later change")
    ok = cli("-C", ws, "report", "--verify")
    assert ok.exit_code == 0, ok.stdout + ok.stderr
    assert "一致" in ok.stdout and REPORT in ok.stdout
    path = ws / REPORT
    path.write_text(path.read_text(encoding="utf-8").replace("签订率100.0%", "签订率99.0%"), encoding="utf-8")
    commit_all(ws, "edit the report by hand")
    bad = cli("-C", ws, "report", "--verify")
    assert bad.exit_code == 1
    assert f"不一致  {REPORT}" in bad.stdout
    assert "Traceback" not in bad.stderr


def test_rounding_is_a_setting_half_up_or_truncate(cli, ws: Path) -> None:
    config = ws / "dj.yaml"
    text = config.read_text(encoding="utf-8")
    assert "rounding: 四舍五入" in text
    out = tmp = ws / "half-up.md"
    assert report(cli, ws, "--output", out).exit_code == 0
    assert "核销率96.9%（31/32）" in out.read_text(encoding="utf-8")  # 96.875
    config.write_text(text.replace("rounding: 四舍五入", "rounding: 截尾"), encoding="utf-8")
    tmp = ws / "truncated.md"
    result = report(cli, ws, "--output", tmp)
    assert result.exit_code == 0, result.stderr
    truncated = tmp.read_text(encoding="utf-8")
    assert "核销率96.8%（31/32）" in truncated
    config.write_text(text.replace("digits: 1", "digits: 2"), encoding="utf-8")
    assert report(cli, ws, "--output", tmp).exit_code == 0
    assert "核销率96.88%（31/32）" in tmp.read_text(encoding="utf-8")


def test_half_year_report(cli, ws: Path) -> None:
    result = cli("-C", ws, "report", "--year", "2024", "--half", "1", "--as-of", "2024-07-10", "--output", "-")
    assert result.exit_code == 0, result.stderr
    assert "2024年上半年落实全面从严治党主体责任" in result.stdout
    assert "年底核单在全年结束后进行" in result.stdout
    assert "整改完成率60.0%（3/5）" in result.stdout


def test_uncommitted_record_changes_are_not_committed_into_a_report(cli, ws: Path) -> None:
    head = git(ws, "rev-parse", "HEAD")
    people = ws / "people" / "p-lisi.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "# 未提交的修改\n", encoding="utf-8")
    refused = report(cli, ws)
    assert refused.exit_code == 1
    assert "people/p-lisi.yaml" in refused.stderr and "--no-commit" in refused.stderr
    assert not (ws / REPORT).exists() and git(ws, "rev-parse", "HEAD") == head
    written = report(cli, ws, "--no-commit")
    assert written.exit_code == 0
    assert '"dirty":true' in (ws / REPORT).read_text(encoding="utf-8").splitlines()[0]


def test_cases_in_a_repository_of_their_own_are_part_of_the_provenance(cli, ws: Path) -> None:
    git(ws, "rm", "-r", "-q", "--cached", "cases")
    with (ws / ".gitignore").open("a", encoding="utf-8") as handle:
        handle.write("\ncases/\n")
    commit_all(ws, "Keep cases/ in its own repository")
    git(ws / "cases", "init", "-q")
    commit_all(ws / "cases", "Cases")
    result = report(cli, ws)
    assert result.exit_code == 0, result.stderr
    inner = git(ws / "cases", "rev-parse", "HEAD").strip()
    assert f'"nested":{{"cases":"{inner}"}}' in (ws / REPORT).read_text(encoding="utf-8").splitlines()[0]
    assert "受理问题线索4件" in (ws / REPORT).read_text(encoding="utf-8")
    assert cli("-C", ws, "report", "--verify").exit_code == 0
    case = ws / "cases" / "2024" / "2024-zz-01.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "# 未提交\n", encoding="utf-8")
    refused = report(cli, ws)
    assert refused.exit_code == 1 and "cases/2024/2024-zz-01.yaml" in refused.stderr


def test_redact_hides_names_in_case_data(cli, ws: Path) -> None:
    plain = report(cli, ws, "--output", "-").stdout
    hidden = report(cli, ws, "--redact", "--output", "-").stdout
    assert "对卫五批评教育" in plain and "对吴十通报" in plain
    assert "对卫某批评教育" in hidden and "对吴某通报" in hidden and "卫五" not in hidden


def test_json_and_html_formats(cli, ws: Path, tmp_path: Path) -> None:
    data = report(cli, ws, "--format", "json", "--output", "-")
    assert data.exit_code == 0, data.stderr
    import json

    parsed = json.loads(data.stdout)
    assert parsed["data"]["checks"]["findings"] == 10
    assert parsed["provenance"]["format"] == "json"
    pytest.importorskip("pygal")
    page = tmp_path / "report.html"
    result = report(cli, ws, "--format", "html", "--output", page)
    assert result.exit_code == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "dj:provenance" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html


def test_verify_html_report(cli, ws: Path) -> None:
    pytest.importorskip("pygal")
    assert report(cli, ws, "--format", "html").exit_code == 0
    result = cli("-C", ws, "report", "--verify")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "reports/2024-annual.html" in result.stdout


# --- templates: the workspace's own, the sandbox, strict names --------------------------------------


@pytest.mark.parametrize("hostile", [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{% for c in ''.__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
])
def test_a_hostile_workspace_template_fails_clearly_and_writes_nothing(cli, ws: Path, hostile: str) -> None:
    (ws / "templates" / "report").mkdir(parents=True)
    (ws / "templates" / "report" / "annual.md.j2").write_text(f"# 标题\n\n{hostile}\n", encoding="utf-8")
    commit_all(ws, "a template")
    head = git(ws, "rev-parse", "HEAD")
    result = report(cli, ws)
    assert result.exit_code == 1
    assert "templates/report/annual.md.j2 第 3 行" in result.stderr
    assert "不允许" in result.stderr and "Traceback" not in result.stderr and "内部错误" not in result.stderr
    assert not (ws / "reports").exists()
    assert git(ws, "rev-parse", "HEAD") == head


def test_a_workspace_template_overrides_the_bundled_one_and_undefined_names_fail(cli, ws: Path) -> None:
    folder = ws / "templates" / "report"
    folder.mkdir(parents=True)
    (folder / "annual.md.j2").write_text("# {{ title }}\n\n本院自定义：检查{{ checks.checks }}次。\n", encoding="utf-8")
    commit_all(ws, "own template")
    result = report(cli, ws, "--output", "-")
    assert result.exit_code == 0, result.stderr
    assert "本院自定义：检查5次。" in result.stdout
    (folder / "annual.md.j2").write_text("# {{ title }}\n\n{{ no_such_figure }}\n", encoding="utf-8")
    bad = report(cli, ws, "--output", "-")
    assert bad.exit_code == 1
    assert "“no_such_figure”" in bad.stderr and "第 3 行" in bad.stderr and "Traceback" not in bad.stderr


def test_record_text_cannot_change_the_structure_of_the_letter_or_the_report(cli, ws: Path) -> None:
    hostile = "# 标题\n---\n<script>alert(1)</script> | x |"
    item = ws / "responsibilities" / "2024"
    path = next(p for p in sorted(item.rglob("*.yaml")) if "content:" in p.read_text(encoding="utf-8"))
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    records = data if isinstance(data, list) else [data]
    records[0]["content"] = hostile
    person = records[0].get("person")
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    inspection = ws / "inspections" / "2024" / "2024-jc-01-routine.yaml"
    found = yaml.load(inspection.read_text(encoding="utf-8"))
    found["findings"][0]["text"] = hostile
    with inspection.open("w", encoding="utf-8") as handle:
        yaml.dump(found, handle)
    commit_all(ws, "hostile text")
    if person:
        letter = cli("-C", ws, "assign", "letter", person, "--year", "2024")
        assert letter.exit_code == 0, letter.stderr
        _assert_inert(letter.stdout)
    text = report(cli, ws, "--output", "-")
    assert text.exit_code == 0, text.stderr
    _assert_inert(text.stdout)
    assert "\\# 标题 --- \\<script>alert(1)\\</script> \\| x \\|" in text.stdout


def _assert_inert(markdown: str) -> None:
    lines = markdown.splitlines()
    assert "---" not in lines
    assert not any(line.startswith("# 标题") for line in lines)
    assert "<script>" not in markdown.replace("\\<script>", "")
    assert "\\<script>" in markdown


# --- render.py on its own --------------------------------------------------------------------------


def test_escape_keeps_text_literal_and_leaves_raw_markdown_alone() -> None:
    from dangjian_cli.render import escape, raw

    assert escape("# 标题") == "\\# 标题"
    assert escape("---") == "\\---"
    assert escape("1. 第一") == "1\\. 第一"
    assert escape("a\n\n# b") == "a # b"  # one line: "#" inside it opens nothing
    assert escape("<b>|*_`[x]") == "\\<b>\\|\\*\\_\\`\\[x\\]"
    assert escape("张三") == "张三" and escape("2024-03-18") == "2024-03-18" and escape(-3) == "-3"
    assert escape(raw("**粗体**")) == "**粗体**"
