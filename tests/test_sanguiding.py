"""防止干预司法“三个规定” records, their rules and the disclosure (issue 14), as a user sees them.

The four must-show items: the example's 2024Q3 disclosure as JSON (total, per group with shares
that add up within the rounding rule, 同比 on 2023Q3 or a missing base); a quarter with neither
records nor a 零报告 is a `dj check` warning once it ended; the roll-up of two workspaces names
a unit that reported nothing; no finding or report quotes a case's facts and --redact hides the
names of those who asked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DISTRICT = REPO / "examples" / "district"
FACTS = "请务必关照此案机密事实"
CASE_NO = "示县检刑诉〔2099〕777号"
ASKER = "欧阳秘密"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit_all(root: Path, message: str = "记录") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def workspace(root: Path, name: str = "测试县人民检察院", period: str = "季度", extra: str = "") -> Path:
    """A small workspace with three people, one a 院领导, in its own git repository."""
    write(root, "dj.yaml", f"organization:\n  name: {name}\nyear: 2024\nsettings:\n  sanguiding:\n    period: {period}\n{extra}")
    write(root, "people/p-a.yaml", "id: p-a\nname: 甲一\nposts:\n  - title: 检察长\n    tier: 主要负责人\n    start: 2020-01-01\n")
    write(root, "people/p-b.yaml", "id: p-b\nname: 乙二\nposts:\n  - title: 检察官\n    tier: 一般干部\n    start: 2020-01-01\n")
    write(root, "people/p-c.yaml", "id: p-c\nname: 丙三\nposts:\n  - title: 书记员\n    tier: 一般干部\n    start: 2020-01-01\n"
                                   "    end: 2024-03-31\ndeparture:\n  date: 2024-03-31\n  reason: 调离\n")
    git(root, "init", "-q")
    return root


def record(root: Path, rid: str, day: str, recorder: str = "p-b", group: str = "员额检察官", rule: str = "不当接触交往",
           recorded_on: str | None = None, nature: str = "反映情况、过问了解", name: str | None = None, extra: str = "") -> None:
    asker = f"  name: {name}\n" if name else ""
    write(root, f"sanguiding/{day[:4]}/{rid}.yaml",
          f"id: {rid}\ndate: {day}\nrecorded_on: {recorded_on or day}\nrecorder: {recorder}\ngroup: {group}\n"
          f"asker:\n  side: 院外\n  post: 律师\n{asker}matter:\n  case_no: {CASE_NO}\nform: 电话\nnature: {nature}\nrule: {rule}\n"
          f"facts: {FACTS}\nhandling: 告知其按程序办理\n{extra}")


def zero(root: Path, period: str, day: str, recorder: str = "p-b") -> None:
    write(root, f"sanguiding/{period[:4]}/{period}-zero.yaml", f"id: {period}-zero\nzero_report: {period}\ndate: {day}\nrecorder: {recorder}\n")


def check(cli, root: Path, as_of: str) -> dict:
    result = cli("-C", root, "check", "--format", "json", "--no-cache", "--as-of", as_of)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def report_json(cli, root: Path, *args: str) -> dict:
    result = cli("-C", root, "report", "sanguiding", *args, "--format", "json", "--output", "-")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["data"]


def shares_add_up(rows: list[dict], total: int, digits: int) -> bool:
    """The shares add up to 100% within the rounding rule: each share is off by less than one unit
    of its last digit, so the sum is off by less than one unit per non-zero row."""
    assert sum(r["count"] for r in rows) == total
    if total == 0:
        return True
    unit = Decimal(1).scaleb(-digits)
    nonzero = sum(1 for r in rows if r["count"])
    return abs(sum(Decimal(r["share"]) for r in rows) - 100) < unit * nonzero


# --- 1. the example's quarterly disclosure --------------------------------------------------------


def test_example_2024q3_disclosure_as_json(example: Path, cli) -> None:
    data = report_json(cli, example, "--quarter", "2024Q3", "--as-of", "2025-01-10")
    assert data["span"] == "2024Q3"
    assert data["total"] == 5
    groups = {r["label"]: r for r in data["by_group"]}
    assert list(groups) == ["院领导", "员额检察官", "其他干警"]
    assert [groups[g]["count"] for g in groups] == [1, 3, 1]
    assert groups["员额检察官"]["text"] == "60.0%（3/5）"
    assert shares_add_up(data["by_group"], data["total"], data["rounding"]["digits"])
    assert data["by_group_sum"]["within_rounding"] is True
    for key in ("by_category", "by_nature", "by_rule"):
        assert shares_add_up(data[key], data["total"], 1)
    assert {r["label"]: r["count"] for r in data["by_nature"]} == {"反映情况、过问了解": 4, "干预、插手": 1}
    before = data["year_before"]
    assert before["span"] == "2023Q3" and before["kept"] and before["base"] == 3
    assert before["change"] == "66.7" and "同比上升66.7%" in before["text"]


def test_example_says_when_the_base_of_the_comparison_is_missing(example: Path, cli) -> None:
    data = report_json(cli, example, "--quarter", "2024Q1", "--as-of", "2025-01-10")
    assert data["total"] == 4
    assert data["year_before"]["kept"] is False and data["year_before"]["base"] is None
    assert "无法同比" in data["year_before"]["text"]
    q2 = report_json(cli, example, "--quarter", "2024Q2", "--as-of", "2025-01-10")
    assert q2["total"] == 0 and q2["zero_reports"] == ["2024Q2"] and q2["missing_periods"] == []
    half = report_json(cli, example, "--half", "2024H1", "--as-of", "2025-01-10")
    assert half["total"] == 4 and half["zero_reports"] == ["2024Q2"]


def test_example_checks_clean_of_sanguiding_findings(example: Path, cli) -> None:
    codes = {f["code"] for f in check(cli, example, "2025-01-10")["findings"]}
    assert not {c for c in codes if "DJ650" <= c <= "DJ669"}


def test_truncating_rounding_still_adds_up_within_the_rule(tmp_path: Path, cli, git_env: dict) -> None:
    root = workspace(tmp_path / "ws", extra="  report:\n    rounding: 截尾\n    digits: 1\n")
    record(root, "r1", "2024-07-02", recorder="p-a", group="院领导")
    record(root, "r2", "2024-07-03", recorder="p-b", group="员额检察官")
    record(root, "r3", "2024-07-04", recorder="p-b", group="其他干警")
    commit_all(root)
    data = report_json(cli, root, "--quarter", "2024Q3", "--as-of", "2024-10-10")
    assert [r["share"] for r in data["by_group"]] == ["33.3", "33.3", "33.3"]
    assert data["by_group_sum"] == {"sum": "99.9", "within_rounding": True}
    assert shares_add_up(data["by_group"], 3, 1)


def test_report_is_committed_with_provenance_and_verifies(example: Path, tmp_path: Path, cli, git_env: dict) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(example, ws)
    result = cli("-C", ws, "report", "sanguiding", "--quarter", "2024Q3", "--as-of", "2025-01-10")
    assert result.exit_code == 0, result.output
    text = (ws / "reports" / "2024Q3-sanguiding.md").read_text(encoding="utf-8")
    assert "dj:provenance" in text and "下一步工作" in text and "同比上升66.7%" in text
    assert "reports/2024Q3-sanguiding.md" in git(ws, "show", "--stat", "HEAD")
    verified = cli("-C", ws, "report", "--verify")
    assert verified.exit_code == 0, verified.output


# --- 2. a period with neither records nor a 零报告 ---------------------------------------------------


def test_a_quarter_with_nothing_is_a_warning_once_it_ended(tmp_path: Path, cli, git_env: dict) -> None:
    root = workspace(tmp_path / "ws")
    record(root, "r1", "2024-02-10")
    commit_all(root)
    during = check(cli, root, "2024-06-30")
    assert [f for f in during["findings"] if f["code"] == "DJ651"] == []  # Q2 has not ended yet
    after = check(cli, root, "2024-07-01")
    missing = [f for f in after["findings"] if f["code"] == "DJ651"]
    assert len(missing) == 1 and missing[0]["severity"] == "warning" and missing[0]["path"] == "dj.yaml"
    assert "2024Q2" in missing[0]["message"] and "零报告" in missing[0]["message"]
    assert after["summary"]["errors"] == 0

    zero(root, "2024Q2", "2024-07-02")
    commit_all(root)
    assert [f["code"] for f in check(cli, root, "2024-07-05")["findings"]] == []
    # the 零报告 counts from its date on: before it was made, the quarter was still unreported
    assert [f["code"] for f in check(cli, root, "2024-07-01")["findings"]] == ["DJ651"]


def test_dj_due_lists_the_same_obligation_as_check(tmp_path: Path, git_env: dict) -> None:
    import datetime as dt

    from dangjian_cli.analysis.due import obligations, red
    from dangjian_cli.pipeline import read_workspace

    root = workspace(tmp_path / "ws", period="月")
    record(root, "r1", "2024-01-10")
    ws = read_workspace(root)
    keys = [o.id for o in obligations(ws) if o.code == "DJ651"]
    assert len(keys) == 12  # every month of the working year from the first record's
    overdue = red(ws, dt.date(2024, 3, 15), "DJ651")
    assert [o.ref.key for o in overdue] == ["2024-02"]


def test_rules_on_records(tmp_path: Path, cli, git_env: dict) -> None:
    root = workspace(tmp_path / "ws")
    record(root, "late", "2024-01-02", recorded_on="2024-01-30")  # 7 days by default
    record(root, "leader", "2024-01-05", recorder="p-a", group="院领导", rule="领导干部干预", nature="干预、插手")
    record(root, "leader-ok", "2024-01-06", rule="领导干部干预", extra="to_discipline: 2024-01-08\nreported_up: 2024-01-20\n")
    record(root, "gone", "2024-05-06", recorder="p-c", group="其他干警")  # 丙三 left on 2024-03-31
    record(root, "odd", "2024-05-07", group="书记员")
    zero(root, "2024-05", "2024-06-01")  # a month where the unit reports by quarter
    commit_all(root)
    found = check(cli, root, "2024-12-31")
    by = {}
    for f in found["findings"]:
        by.setdefault(f["code"], []).append(f)
    assert [f["record"] for f in by["DJ650"]] == ["late"]
    assert [f["record"] for f in by["DJ652"]] == ["leader"]
    assert "纪检" in by["DJ652"][0]["message"] and "报告上级" in by["DJ652"][0]["message"]
    assert [f["record"] for f in by["DJ653"]] == ["gone"]
    assert [f["record"] for f in by["DJ654"]] == ["odd"] and by["DJ654"][0]["severity"] == "error"
    assert [f["record"] for f in by["DJ657"]] == ["2024-05-zero"]
    assert len(by["DJ651"]) == 1 and "2024Q3" in by["DJ651"][0]["message"]  # Q4 ends on the day itself
    # before its quarter ended, the 领导干部干预 record was not yet due to be passed on
    early = check(cli, root, "2024-03-31")
    assert "leader" not in [f.get("record") for f in early["findings"] if f["code"] == "DJ652"]


def test_a_zero_report_with_details_is_refused(tmp_path: Path, cli, git_env: dict) -> None:
    root = workspace(tmp_path / "ws")
    write(root, "sanguiding/2024/bad.yaml", "id: bad\nzero_report: 2024Q1\ndate: 2024-04-01\nrecorder: p-b\nform: 电话\n")
    write(root, "sanguiding/2024/half.yaml", "id: half\ndate: 2024-04-01\nrecorder: p-b\n")
    found = check(cli, root, "2024-04-02")
    errors = {f["path"]: f["message"] for f in found["findings"] if f["severity"] == "error"}
    assert "零报告只填" in errors["sanguiding/2024/bad.yaml"]
    assert "零报告" in errors["sanguiding/2024/half.yaml"] and "asker" in errors["sanguiding/2024/half.yaml"]


# --- 3. the roll-up ----------------------------------------------------------------------------------


def test_rollup_of_units_sums_and_names_the_silent_one(example: Path, tmp_path: Path, cli, git_env: dict) -> None:
    district = tmp_path / "district"
    shutil.copytree(DISTRICT, district)
    git(district, "init", "-q")
    commit_all(district, "示例区人民检察院的记录")
    silent = workspace(tmp_path / "silent", name="沉默县人民检察院")
    commit_all(silent, "人员")

    data = report_json(cli, example, "--year", "2024", "--as-of", "2025-01-10", "--units", district, silent)
    rollup = data["rollup"]
    units = {u["name"]: u for u in rollup["units"]}
    assert list(units) == ["示例县人民检察院", "示例区人民检察院", "沉默县人民检察院"]
    assert [u["count"] for u in units.values()] == [12, 2, 0]
    assert rollup["total"] == 14
    assert units["示例区人民检察院"]["text"] == "14.3%（2/14）"
    assert shares_add_up([{"count": u["count"], "share": u["share"]} for u in rollup["units"]], 14, 1)
    assert rollup["silent_units"] == ["沉默县人民检察院"]
    assert units["示例区人民检察院"]["zero_reports"] == ["2024Q2", "2024Q4"]
    assert units["示例区人民检察院"]["commit"]["."] == git(district, "rev-parse", "HEAD").strip()
    assert {r["label"]: r["count"] for r in rollup["by_level"]} == {"县级": 14}
    assert shares_add_up(rollup["by_group"], 14, 1)

    md = cli("-C", example, "report", "sanguiding", "--year", "2024", "--as-of", "2025-01-10", "--units", district, silent,
             "--output", "-")
    assert md.exit_code == 0, md.output
    assert "沉默县人民检察院在2024年既没有记录，也没有零报告" in md.stdout


def test_rollup_refuses_what_is_not_a_workspace(example: Path, tmp_path: Path, cli) -> None:
    result = cli("-C", example, "report", "sanguiding", "--year", "2024", "--units", tmp_path, "--output", "-")
    assert result.exit_code == 1 and "不是 dj 工作区" in result.stderr
    result = cli("-C", example, "report", "sanguiding", "--year", "2024", "--quarter", "2024Q1", "--output", "-")
    assert result.exit_code == 2 and "中的一个" in result.stderr
    result = cli("-C", example, "report", "sanguiding", "--quarter", "2024Q5", "--output", "-")
    assert result.exit_code == 2 and "2024Q3" in result.stderr


# --- 4. no facts, and --redact -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_no_finding_or_report_quotes_facts_and_redact_hides_askers(tmp_path: Path, cli, git_env: dict, fmt: str) -> None:
    root = workspace(tmp_path / "ws")
    record(root, "r1", "2024-01-02", recorded_on="2024-02-28", recorder="p-a", group="院领导", rule="领导干部干预",
           nature="干预、插手", name=ASKER)
    record(root, "r2", "2024-05-02", recorder="p-c", group="其他干警", name="欧阳另一")
    commit_all(root)
    found = check(cli, root, "2024-12-31")
    codes = {f["code"] for f in found["findings"]}
    assert {"DJ650", "DJ651", "DJ652", "DJ653"} <= codes
    for f in found["findings"]:
        assert FACTS not in f["message"] and CASE_NO not in f["message"] and ASKER not in f["message"]

    plain = cli("-C", root, "report", "sanguiding", "--year", "2024", "--as-of", "2024-12-31", "--format", fmt, "--output", "-")
    assert plain.exit_code == 0, plain.output
    assert FACTS not in plain.stdout and CASE_NO not in plain.stdout
    assert ASKER in plain.stdout  # the internal appendix names who asked …
    redacted = cli("-C", root, "report", "sanguiding", "--year", "2024", "--as-of", "2024-12-31", "--format", fmt, "--output", "-",
                   "--redact")
    assert redacted.exit_code == 0, redacted.output
    assert FACTS not in redacted.stdout and CASE_NO not in redacted.stdout
    assert ASKER not in redacted.stdout and "欧阳另一" not in redacted.stdout and "欧阳某" in redacted.stdout  # … unless redacted
    assert "甲一" not in redacted.stdout and "甲某" in redacted.stdout  # the recorder too


def test_the_kind_can_live_in_a_nested_repository(tmp_path: Path, cli, git_env: dict) -> None:
    root = workspace(tmp_path / "ws")
    write(root, ".gitignore", "sanguiding/\n")
    commit_all(root, "工作区")
    record(root, "r1", "2024-07-02")
    git(root / "sanguiding", "init", "-q")
    commit_all(root / "sanguiding", "记录")
    data = report_json(cli, root, "--quarter", "2024Q3", "--as-of", "2024-10-10")
    assert data["total"] == 1
    parent = workspace(tmp_path / "parent", name="上级人民检察院")
    commit_all(parent)
    rollup = report_json(cli, parent, "--quarter", "2024Q3", "--as-of", "2024-10-10", "--units", root)["rollup"]
    unit = rollup["units"][1]
    assert unit["count"] == 1 and unit["commit"]["sanguiding"] == git(root / "sanguiding", "rev-parse", "HEAD").strip()
