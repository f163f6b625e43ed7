"""Rule levels in dj.yaml (``settings.rules``) and per-record suppressions with a reason.

The workspace is the example with the accountability clause taken out of two 部门负责人
lists (冯二, 孙八): each gives a DJ421 warning about that person's item. Everything is seen
as a user sees it: ``dj check`` output, exit codes, ``--list-suppressions``, JSON.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from assign_support import dj

AS_OF = "2024-12-31"
FENGER = "responsibilities/2024/2024-bm-fenger.yaml"
SUNBA = "responsibilities/2024/2024-bm-sunba.yaml"


@pytest.fixture(scope="module")
def baseline(example: Path) -> dict[str, str]:
    """The codes the example itself has findings of on AS_OF (its unanswered 提示单…): the tests
    turn them off so that they see only what they cause."""
    result = dj(example, "check", "--as-of", AS_OF, "--no-cache", "--format", "json")
    return {f["code"]: "off" for f in json.loads(result.stdout)["findings"]}


@pytest.fixture
def ws(example: Path, tmp_path: Path, baseline: dict[str, str]) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(example, root)
    # Taking the accountability out of a signed item changes it after signing: DJ442, not the point here.
    (root / BASELINE_FILE).write_text(json.dumps({**baseline, "DJ442": "off"}), encoding="utf-8")  # outside the records
    drop_accountability(root, FENGER, SUNBA)
    set_rules(root, {})
    return root


BASELINE_FILE = ".git/test-baseline.json"


def drop_accountability(root: Path, *rels: str) -> None:
    for rel in rels:
        path = root / rel
        path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(True)
                                if not line.startswith("accountability:")), encoding="utf-8")


def set_rules(root: Path, rules: dict) -> None:
    """dj.yaml's settings.rules: the given ones, with the example's own findings off."""
    path = root / "dj.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    base = json.loads((root / BASELINE_FILE).read_text(encoding="utf-8"))
    config.setdefault("settings", {})["rules"] = {**base, **rules}
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_suppress(root: Path, rel: str, text: str) -> int:
    """Append a ``suppress:`` block to a record; returns the line of its first entry."""
    path = root / rel
    before = path.read_text(encoding="utf-8")
    path.write_text(before + "suppress:\n" + text, encoding="utf-8")
    return before.count("\n") + 2


def check(cli, root: Path, *extra: str):
    result = cli("-C", root, "check", "--as-of", AS_OF, *extra)
    assert "Traceback" not in result.output
    return result


def check_json(cli, root: Path, *extra: str) -> tuple[int, dict]:
    result = check(cli, root, "--format", "json", *extra)
    return result.exit_code, json.loads(result.stdout)


def of_code(report: dict, code: str, key: str = "findings") -> list[dict]:
    return [f for f in report[key] if f["code"] == code]


# --- rule levels ---------------------------------------------------------------------------


def test_the_workspace_has_two_warnings(cli, ws: Path) -> None:
    code, report = check_json(cli, ws)
    assert code == 0
    assert sorted(f["path"] for f in of_code(report, "DJ421")) == [FENGER, SUNBA]
    assert {f["severity"] for f in of_code(report, "DJ421")} == {"warning"}
    assert check(cli, ws, "--strict").exit_code == 1


def test_off_removes_a_rules_findings(cli, ws: Path) -> None:
    set_rules(ws, {"DJ421": "off"})
    code, report = check_json(cli, ws, "--strict")
    assert code == 0
    assert of_code(report, "DJ421") == []
    assert "未发现问题" in check(cli, ws).stdout


def test_error_turns_a_warning_into_an_error(cli, ws: Path) -> None:
    set_rules(ws, {"DJ421": "error"})
    result = check(cli, ws)
    assert result.exit_code == 1
    assert f"{FENGER}:1:1: 错误 DJ421" in result.stdout
    assert "2 个错误，0 个警告" in result.stdout


def test_warning_lets_an_error_pass(cli, ws: Path) -> None:
    person = ws / "people" / "p-fenger.yaml"  # a post that ends before it starts: DJ401, an error
    person.write_text(person.read_text(encoding="utf-8") + "  - title: 检务保障部副主任\n    tier: 一般干部\n"
                      "    department: d-support\n    start: 2019-05-01\n    end: 2019-01-01\n", encoding="utf-8")
    result = check(cli, ws)
    assert result.exit_code == 1 and "错误 DJ401" in result.stdout
    set_rules(ws, {"DJ401": "warning"})
    result = check(cli, ws)
    assert result.exit_code == 0 and "警告 DJ401" in result.stdout and "0 个错误" in result.stdout


@pytest.mark.parametrize(("rules", "said"), [
    ({"DJ201": "off"}, "DJ201（缺少必填字段）是文件、字段或引用的问题，不能调整或关闭"),
    ({"DJ302": "warning"}, "不能调整或关闭"),
    ({"DJ999": "off"}, "没有编号为 DJ999 的问题"),
    ({"421": "off"}, "不是问题编号"),
    ({"DJ421": "警告"}, "只能是：error、warning、off"),
])
def test_dj_yaml_refuses_what_cannot_be_set(cli, ws: Path, rules: dict, said: str) -> None:
    set_rules(ws, rules)
    result = check(cli, ws)
    assert result.exit_code == 2
    assert "dj.yaml" in result.stderr and said in result.stderr


def test_a_new_dj_yaml_documents_the_setting(cli, tmp_path: Path) -> None:
    target = tmp_path / "new"
    assert cli("init", target, "--name", "示例县人民检察院").exit_code == 0
    text = (target / "dj.yaml").read_text(encoding="utf-8")
    assert "  rules: {}" in text
    assert "off 为关闭" in text and "DJ1xx–DJ3xx" in text


# --- suppressions --------------------------------------------------------------------------


REASON = "本清单的追究条款见第五章"


def test_a_suppression_silences_exactly_its_records_finding(cli, ws: Path) -> None:
    line = add_suppress(ws, SUNBA, f"  - code: DJ421\n    reason: {REASON}\n")
    result = check(cli, ws)
    assert result.exit_code == 0
    assert FENGER in result.stdout and SUNBA not in result.stdout
    assert "1 个警告，另有 1 个问题已按记录中的说明忽略（dj check --list-suppressions 查看）" in result.stdout

    listing = check(cli, ws, "--list-suppressions")
    assert listing.exit_code == 0
    assert f"{SUNBA}:{line}:5: DJ421（责任清单没有追究条款）记录 2024-bm-sunba，忽略了 1 个问题。理由：{REASON}" in listing.stdout
    assert f"\n  已忽略：{SUNBA}:1:1: 警告 DJ421 " in listing.stdout  # what it silenced, below it
    assert "共 1 条忽略说明，忽略了 1 个问题。" in listing.stdout


def test_json_carries_suppressed_findings_apart(cli, ws: Path) -> None:
    line = add_suppress(ws, SUNBA, f"  - code: DJ421\n    reason: {REASON}\n")
    code, report = check_json(cli, ws)
    assert code == 0
    assert [f["path"] for f in of_code(report, "DJ421")] == [FENGER]
    [quiet] = report["suppressed"]
    assert quiet["code"] == "DJ421" and quiet["path"] == SUNBA and quiet["record"] == "2024-bm-sunba"
    assert quiet["reason"] == REASON and quiet["severity"] == "warning" and quiet["line"] >= 1
    assert report["summary"]["suppressed"] == 1 and report["summary"]["warnings"] == 1
    assert report["suppressions"] == [{"path": SUNBA, "line": line, "column": 5, "record": "2024-bm-sunba",
                                       "code": "DJ421", "reason": REASON, "silenced": 1}]

    code, listing = check_json(cli, ws, "--list-suppressions")
    assert code == 0
    assert listing == {"suppressions": report["suppressions"], "suppressed": report["suppressed"],
                       "summary": {"suppressions": 1, "silenced": 1, "unused": 0}}


def test_the_cache_keeps_suppressions(cli, ws: Path) -> None:
    add_suppress(ws, SUNBA, f"  - code: DJ421\n    reason: {REASON}\n")
    fresh = check(cli, ws, "--format", "json", "--no-cache").stdout
    first = check(cli, ws, "--format", "json").stdout  # writes the cache
    assert list((ws / ".git" / "dj-cache").iterdir())
    assert check(cli, ws, "--format", "json").stdout == first == fresh  # read from it
    assert check(cli, ws, "--list-suppressions").stdout == check(cli, ws, "--list-suppressions", "--no-cache").stdout


def test_a_rule_level_applies_before_suppressions(cli, ws: Path) -> None:
    add_suppress(ws, SUNBA, f"  - code: DJ421\n    reason: {REASON}\n")
    set_rules(ws, {"DJ421": "error"})
    code, report = check_json(cli, ws)
    assert code == 1 and report["summary"]["errors"] == 1
    assert report["suppressed"][0]["severity"] == "error"
    set_rules(ws, {"DJ421": "off"})  # nothing to silence, but no stale-suppression warning either
    code, report = check_json(cli, ws, "--strict")
    assert code == 0 and report["findings"] == [] and report["suppressions"][0]["silenced"] == 0


def test_a_suppression_needs_a_reason(cli, ws: Path) -> None:
    line = add_suppress(ws, SUNBA, "  - code: DJ421\n")
    code, report = check_json(cli, ws)
    assert code == 1
    [missing] = of_code(report, "DJ201")
    assert missing["path"] == SUNBA and missing["line"] == line and "reason" in missing["message"]
    assert report["suppressed"] == []


def test_a_blank_reason_is_refused(cli, ws: Path) -> None:
    add_suppress(ws, SUNBA, "  - code: DJ421\n    reason: '  '\n")
    code, report = check_json(cli, ws)
    assert code == 1
    [blank] = of_code(report, "DJ207")
    assert blank["path"] == SUNBA and "请写明为什么忽略这个问题" in blank["message"]


def test_a_code_must_look_like_a_code(cli, ws: Path) -> None:
    add_suppress(ws, SUNBA, f"  - code: dj421\n    reason: {REASON}\n")
    code, report = check_json(cli, ws)
    assert code == 1 and of_code(report, "DJ207")[0]["path"] == SUNBA


def test_an_unused_suppression_is_a_warning(cli, ws: Path) -> None:
    line = add_suppress(ws, SUNBA, f"  - code: DJ421\n    reason: {REASON}\n  - code: DJ430\n    reason: 学习另有安排\n")
    result = check(cli, ws)
    assert result.exit_code == 0
    assert f"{SUNBA}:{line + 2}:5: 警告 DJ480 这条忽略说明没有起作用" in result.stdout
    assert check(cli, ws, "--strict").exit_code == 1
    listing = check(cli, ws, "--list-suppressions").stdout
    assert "DJ430（理论学习未完成计划）记录 2024-bm-sunba，没有忽略任何问题。理由：学习另有安排" in listing
    assert "共 2 条忽略说明，忽略了 1 个问题。其中 1 条没有起作用" in listing


def test_a_suppression_on_another_record_silences_nothing(cli, ws: Path) -> None:
    add_suppress(ws, "responsibilities/2024/2024-bm-wushi.yaml", f"  - code: DJ421\n    reason: {REASON}\n")
    code, report = check_json(cli, ws)
    assert len(of_code(report, "DJ421")) == 2 and report["suppressed"] == []
    assert [f["path"] for f in of_code(report, "DJ480")] == ["responsibilities/2024/2024-bm-wushi.yaml"]


@pytest.mark.parametrize(("suppressed", "finding", "said"), [
    ("DJ201", "DJ482", "DJ201（缺少必填字段）不能忽略"),
    ("DJ302", "DJ482", "不能忽略"),
    ("DJ480", "DJ482", "不能忽略：它是关于忽略说明本身的问题"),
    ("DJ999", "DJ481", "没有编号为 DJ999 的问题"),
])
def test_what_cannot_be_suppressed(cli, ws: Path, suppressed: str, finding: str, said: str) -> None:
    line = add_suppress(ws, SUNBA, f"  - code: {suppressed}\n    reason: 试一试\n")
    code, report = check_json(cli, ws)
    assert code == 1
    [found] = of_code(report, finding)
    assert found["severity"] == "error" and found["path"] == SUNBA and found["line"] == line and said in found["message"]
    assert of_code(report, "DJ480") == []


def test_a_schema_finding_is_not_silenced(cli, ws: Path) -> None:
    path = ws / SUNBA
    path.write_text(path.read_text(encoding="utf-8").replace("tier: 部门负责人", "tier: 部门领导"), encoding="utf-8")
    add_suppress(ws, SUNBA, "  - code: DJ206\n    reason: 试一试\n")
    code, report = check_json(cli, ws)
    assert code == 1
    assert [f["path"] for f in of_code(report, "DJ206")] == [SUNBA]  # the record is invalid: its suppress is not read


def test_a_repeated_suppression_is_named(cli, ws: Path) -> None:
    line = add_suppress(ws, SUNBA, f"  - code: DJ421\n    reason: {REASON}\n  - code: DJ421\n    reason: 又写了一遍\n")
    code, report = check_json(cli, ws)
    [repeated] = of_code(report, "DJ483")
    assert repeated["line"] == line + 2 and "第 1 项" in repeated["message"]
    assert len(report["suppressed"]) == 1


def test_list_suppressions_when_there_are_none(cli, ws: Path) -> None:
    result = check(cli, ws, "--list-suppressions")
    assert result.exit_code == 0 and "记录中没有忽略说明" in result.stdout


def test_list_suppressions_refuses_ci_formats(cli, ws: Path) -> None:
    result = check(cli, ws, "--list-suppressions", "--format", "gitlab")
    assert result.exit_code == 2 and "text 或 json" in result.stderr
