"""One YAML meaning on both paths.

The read path (check, review, report: pre-lint, libyaml compose, dj's builder) and the
edit path (``assign edit``/``sign``: ruamel round-trip, ``yamledit.parse_rt`` and
``plain``) must give every input the same verdict and the same data. Two corpora go
through both:

* ``tests/yaml_suite/yaml-test-suite.json``: all 402 cases of the public YAML test
  suite (github.com/yaml/yaml-test-suite, branch ``data``, commit 6ad3d2c6, MIT licence in
  ``LICENSE-yaml-test-suite``): each case's ``in.yaml``, its title and whether it is an
  error case;
* ``tests/yaml_suite/dj-cases.json``: the forms the issue found and their neighbours
  (``!!bool yes``, zoned timestamps, ``%YAML 1.1``, ``!!str``, date keys, tabs after
  values, ``<<: 标量`` ...).

"Agree" means: both refuse with the same finding code, or both accept with equal data
of equal types (``True`` is not ``1``, a date is not a datetime, a zone is kept).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from assign_support import check, commit_all, dj, new_workspace, write
from dangjian_cli import yamlio
from dangjian_cli.actions import yamledit

SUITE = Path(__file__).parent / "yaml_suite"


def read_path(text: str) -> tuple[str, Any]:
    """What ``dj check`` makes of a record's text: ("ok", data) or ("refused", code)."""
    try:
        lint = yamlio.prelint(text)
        node = yamlio.compose(text)
        if lint:
            return "refused", lint[0][0]
        return "ok", yamlio.build(node) if node is not None else None
    except yamlio.YamlProblem as problem:
        return "refused", problem.code


def edit_path(text: str) -> tuple[str, Any]:
    """What ``assign edit``/``sign`` make of the same text."""
    try:
        return "ok", yamledit.plain(yamledit.parse_rt(text))
    except yamlio.YamlProblem as problem:
        return "refused", problem.code


def agree(a: tuple[str, Any], b: tuple[str, Any]) -> bool:
    if a[0] != b[0]:
        return False
    return a[1] == b[1] if a[0] == "refused" else yamledit.same_data(a[1], b[1])


def _cases(name: str) -> dict[str, str]:
    data = json.loads((SUITE / name).read_text(encoding="utf-8"))
    return {key: value["yaml"] if isinstance(value, dict) else value for key, value in data.items()}


SUITE_CASES = _cases("yaml-test-suite.json")
DJ_CASES = _cases("dj-cases.json")


def test_the_vendored_suite_is_whole() -> None:
    assert len(SUITE_CASES) == 402
    assert len(DJ_CASES) >= 100


@pytest.mark.parametrize("corpus", ["yaml-test-suite", "dj-cases"])
def test_read_and_edit_paths_agree_on_every_case(corpus: str) -> None:
    cases = SUITE_CASES if corpus == "yaml-test-suite" else DJ_CASES
    differ = {}
    for key, text in sorted(cases.items()):
        read, edit = read_path(text), edit_path(text)
        if not agree(read, edit):
            differ[key] = (read, edit)
    assert not differ, f"{len(differ)} of {len(cases)} cases read apart: {differ}"


def test_the_suite_is_mostly_accepted_not_refused_wholesale() -> None:
    """Agreement by refusing everything would be worthless: most valid cases still read."""
    suite = json.loads((SUITE / "yaml-test-suite.json").read_text(encoding="utf-8"))
    valid = [k for k, v in suite.items() if not v.get("error")]
    read = [k for k in valid if read_path(suite[k]["yaml"])[0] == "ok"]
    assert len(read) >= 0.55 * len(valid), (len(read), len(valid))


ZONE_MINUS_8 = dt.timezone(dt.timedelta(hours=-8))


@pytest.mark.parametrize(("case", "expected"), [
    ("bool-tag-yes", ("refused", "DJ203")),
    ("bool-yes-plain", ("ok", {"a": "yes", "b": "no", "c": "on", "d": "off", "e": "y", "f": "NO"})),
    ("ts-zoned", ("ok", {"a": dt.datetime(2024, 3, 1, 16, 0, tzinfo=ZONE_MINUS_8)})),
    ("ts-z", ("ok", {"a": dt.datetime(2024, 3, 1, 16, 0, tzinfo=dt.timezone.utc)})),
    ("directive-11", ("refused", "DJ140")),
    ("directive-12", ("refused", "DJ140")),
    ("str-tag", ("ok", {"a": "5", "b": "2024-01-01", "c": "true"})),
    ("date-key", ("refused", "DJ143")),
    ("int-key", ("refused", "DJ143")),
    ("tab-after-value", ("refused", "DJ141")),
    ("tab-after-colon", ("refused", "DJ141")),
    ("tab-in-quoted", ("ok", {"a": "b\tc", "b": "x\ty"})),
    ("merge-scalar", ("refused", "DJ142")),
    ("merge-list", ("ok", {"b": {"p": 1, "q": 2}, "c": {"p": 3, "r": 4}, "a": {"q": 9, "p": 1, "r": 4}})),
    ("sexagesimal", ("ok", {"a": "12:30:00", "b": "1:20"})),
    ("octal", ("ok", {"a": 17, "b": 15, "c": 5, "d": 31, "e": 255, "f": 12, "g": 0, "h": 1000})),
    ("comment-key-value-below", ("refused", "DJ144")),
    ("anchor-colon", ("refused", "DJ144")),
])
def test_the_issue_cases_have_one_meaning(case: str, expected: tuple[str, Any]) -> None:
    text = DJ_CASES[case]
    assert agree(read_path(text), expected), read_path(text)
    assert agree(edit_path(text), expected), edit_path(text)


# --- through the commands a user runs ---------------------------------------------------

ITEM = (
    "id: zr-001\n"
    "year: 2024\n"
    "tier: 主要负责人\n"
    "person: p-zhangsan\n"
    "area: 廉洁自律\n"
    "content: !!str 带头廉洁自律\n"
    "topics: [廉洁自律]\n"
    "evidence:\n"
    "  - 述责述廉报告\n"
)


def test_an_explicit_str_tag_passes_check_and_can_be_edited(tmp_path: Path) -> None:
    ws = new_workspace(tmp_path / "ws")
    write(ws, {"responsibilities/2024/zr-001.yaml": ITEM})
    commit_all(ws)
    _, findings = check(ws)
    assert not [f for f in findings if f["path"] == "responsibilities/2024/zr-001.yaml" and f["code"] < "DJ3"]
    result = dj(ws, "assign", "edit", "zr-001", "--scope", "全院")
    assert result.exit_code == 0, result.output
    assert "scope: 全院" in (ws / "responsibilities/2024/zr-001.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("line", "code"), [
    ("content: !!bool yes\n", "DJ203"),
    ("content: 带头廉洁自律\t\n", "DJ141"),
    ("<<: 带头廉洁自律\n", "DJ142"),
    ("2024-01-05: 带头廉洁自律\n", "DJ143"),
])
def test_check_refuses_what_the_edit_path_would_read_apart(tmp_path: Path, line: str, code: str) -> None:
    ws = new_workspace(tmp_path / "ws")
    text = ITEM.replace("content: !!str 带头廉洁自律\n", line if line.startswith("content") else "content: 带头廉洁自律\n" + line)
    write(ws, {"responsibilities/2024/zr-001.yaml": text})
    commit_all(ws)
    exit_code, findings = check(ws)
    assert exit_code == 1
    assert [f["code"] for f in findings if f["path"] == "responsibilities/2024/zr-001.yaml" and f["code"] < "DJ3"] == [code]
    # The edit path gives the same finding, word for word.
    with pytest.raises(yamlio.YamlProblem) as refused:
        yamledit.parse_rt(text)
    finding = next(f for f in findings if f["code"] == code)
    assert (refused.value.code, refused.value.line, refused.value.message) == (code, finding["line"], finding["message"])


def test_a_yaml_11_directive_is_refused_by_check(tmp_path: Path) -> None:
    ws = new_workspace(tmp_path / "ws")
    write(ws, {"responsibilities/2024/zr-001.yaml": "%YAML 1.1\n---\n" + ITEM})
    commit_all(ws)
    exit_code, findings = check(ws)
    assert exit_code == 1
    assert [(f["code"], f["line"]) for f in findings] == [("DJ140", 1)]
    assert "%YAML" in findings[0]["message"]
