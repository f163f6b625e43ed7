"""dj due: obligations in red, yellow, blue and done on the example; --fail-on; --ics that re-runs to
the same bytes; and dj check's lateness findings, which come from the same obligations."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from dangjian_cli.analysis import due as registry

AS_OF = "2024-12-20"
QUIET = "2024-03-01"  # nothing overdue yet in the example
DATES = ("2024-03-01", "2024-04-30", "2024-05-01", "2024-08-01", "2024-11-30", AS_OF, "2025-02-15", "2026-06-30")
STATUSES = {"done", "blue", "yellow", "red"}


def due_json(cli: Any, ws: Path, *args: str) -> list[dict[str, Any]]:
    result = cli("-C", ws, "due", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def check_json(cli: Any, ws: Path, as_of: str) -> list[dict[str, Any]]:
    result = cli("-C", ws, "check", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["findings"]


@pytest.fixture
def copy(example: Path, tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(example, ws)
    return ws


def test_example_has_red_and_done_items_with_their_source(cli: Any, example: Path) -> None:
    items = due_json(cli, example, "--as-of", AS_OF)
    assert items and all({"id", "what", "who", "due", "status", "source"} <= set(i) for i in items)
    assert {i["status"] for i in items} <= STATUSES
    assert len({i["id"] for i in items}) == len(items)
    red = [i for i in items if i["status"] == "red"]
    done = [i for i in items if i["status"] == "done"]
    assert red and done
    for item in (*red, *done):
        assert (example / item["source"]["path"]).is_file(), item
        assert item["source"]["record"]
    # The unanswered 提示单 of 王五 (DJ471) and the case left in 调查 (DJ550) are overdue on that day.
    assert {(i["code"], i["source"]["record"]) for i in red} == {("DJ471", "2024-ts-p-wangwu-01"), ("DJ550", "2024-zz-04")}
    # A rectification done (late) is done, recognised from its record; so is a reminder answered.
    assert any(i["source"]["record"] == "2024-jc-01" and i["code"] == "DJ500" for i in done)
    assert any(i["source"]["record"] == "2024-ts-p-lisi-01" and i["code"] == "DJ471" for i in done)
    # Every status follows from the day and settings.due.warning_days (14 in the example).
    day = dt.date.fromisoformat(AS_OF)
    for i in items:
        due = dt.date.fromisoformat(i["due"])
        if i["status"] == "red":
            assert due < day
        elif i["status"] == "yellow":
            assert day <= due <= day + dt.timedelta(days=14)
        elif i["status"] == "blue":
            assert due > day + dt.timedelta(days=14)


def test_text_groups_by_colour_and_person(cli: Any, example: Path) -> None:
    result = cli("-C", example, "due", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("红色：已逾期") < out.index("黄色：即将到期") < out.index("蓝色：未到期")
    assert "王五" in out and "纪检组" in out and "截至 2024-12-20：红色 2 项" in out


def test_within_and_person(cli: Any, example: Path) -> None:
    soon = due_json(cli, example, "--as-of", AS_OF, "--within", "14")
    assert soon and all(dt.date.fromisoformat(i["due"]) <= dt.date(2025, 1, 3) for i in soon)
    assert {i["status"] for i in soon} >= {"red", "yellow"} and "blue" not in {i["status"] for i in soon}
    wangwu = due_json(cli, example, "--as-of", AS_OF, "--person", "王五")
    assert wangwu and {i["who"] for i in wangwu} == {"p-wangwu"}
    assert any(i["status"] == "red" for i in wangwu)
    unknown = cli("-C", example, "due", "--person", "无此人")
    assert unknown.exit_code == 2 and "找不到人员" in unknown.stderr


def test_fail_on(cli: Any, example: Path) -> None:
    assert cli("-C", example, "due", "--as-of", AS_OF, "--fail-on", "red").exit_code == 1
    assert cli("-C", example, "due", "--as-of", AS_OF).exit_code == 0
    quiet = due_json(cli, example, "--as-of", QUIET)
    assert not [i for i in quiet if i["status"] == "red"]
    assert cli("-C", example, "due", "--as-of", QUIET, "--fail-on", "red").exit_code == 0
    # A 2024-03-31 deadline (年初部署 … 责任书) is within 14 days of 2024-03-20: yellow fails --fail-on yellow.
    assert any(i["status"] == "yellow" for i in due_json(cli, example, "--as-of", "2024-03-20"))
    assert cli("-C", example, "due", "--as-of", "2024-03-20", "--fail-on", "yellow").exit_code == 1
    bad = cli("-C", example, "due", "--fail-on", "blue")
    assert bad.exit_code == 2 and "red 或 yellow" in bad.stderr


def test_ics_is_the_same_on_a_rerun_and_not_committed(cli: Any, copy: Path, tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    head = subprocess.run(["git", "-C", str(copy), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout
    first, second = copy / "期限提醒.ics", tmp_path / "again.ics"
    assert cli("-C", copy, "due", "--as-of", AS_OF, "--ics", first).exit_code == 0
    assert cli("-C", copy, "due", "--as-of", AS_OF, "--ics", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    calendar = icalendar.Calendar.from_ical(first.read_bytes())
    events = list(calendar.walk("VEVENT"))
    items = due_json(cli, copy, "--as-of", AS_OF)
    assert len(events) == sum(1 for i in items if i["status"] != "done")
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    # A later day: the same obligations keep their UIDs (re-importing updates, never duplicates).
    later = tmp_path / "later.ics"
    assert cli("-C", copy, "due", "--as-of", "2024-12-31", "--ics", later).exit_code == 0
    later_uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(later.read_bytes()).walk("VEVENT")}
    assert later_uids & set(uids)
    # An export, not a record: nothing committed.
    assert subprocess.run(["git", "-C", str(copy), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout == head


def _late_done(items: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(i["code"], i["source"]["record"]) for i in items
            if i["status"] == "done" and i["done_on"] and i["done_on"] > i["due"]}


@pytest.mark.parametrize("as_of", DATES)
def test_every_red_item_is_a_lateness_finding_and_back(cli: Any, example: Path, as_of: str) -> None:
    items = due_json(cli, example, "--as-of", as_of)
    codes = {i["code"] for i in items if i["code"]}
    assert {"DJ430", "DJ440", "DJ470", "DJ471", "DJ472", "DJ500", "DJ508", "DJ517", "DJ518", "DJ519", "DJ550", "DJ551", "DJ558",
            "DJ559", "DJ630"} <= codes
    red = [i for i in items if i["status"] == "red"]
    findings = [f for f in check_json(cli, example, as_of) if f["code"] in codes]
    for item in red:
        record = item["source"]["record"]
        assert any(f["code"] == item["code"] and (f["record"] == record or record in f["message"] or f["path"] == item["source"]["path"])
                   for f in findings), (as_of, item)
    red_keys = {(i["code"], i["source"]["record"]) for i in red}
    late = _late_done(items)
    for f in findings:
        matched = (f["code"], f["record"]) in red_keys or (f["path"] == "dj.yaml" and any(i["code"] == f["code"] for i in red))
        assert matched or (f["code"], f["record"]) in late, (as_of, f)


def test_answering_makes_it_done_in_due_and_quiet_in_check(cli: Any, copy: Path, git_env: dict[str, str]) -> None:
    result = cli("-C", copy, "assign", "reply", "2024-ts-p-wangwu-01", "--text", "已按要求补报反馈。", "--date", "2024-12-18")
    assert result.exit_code == 0, result.output
    items = {i["source"]["record"]: i for i in due_json(cli, copy, "--as-of", AS_OF) if i["code"] == "DJ471"}
    assert items["2024-ts-p-wangwu-01"]["status"] == "done" and items["2024-ts-p-wangwu-01"]["done_on"] == "2024-12-18"
    assert "DJ471" not in {f["code"] for f in check_json(cli, copy, AS_OF)}
    # Before the reply's day it was still overdue: due and check say so alike.
    before = {i["source"]["record"]: i for i in due_json(cli, copy, "--as-of", "2024-12-10") if i["code"] == "DJ471"}
    assert before["2024-ts-p-wangwu-01"]["status"] == "red"
    assert "DJ471" in {f["code"] for f in check_json(cli, copy, "2024-12-10")}


def test_rhythm_node_without_a_record_is_red_in_due_and_dj630_in_check(cli: Any, copy: Path) -> None:
    text = (copy / "dj.yaml").read_text(encoding="utf-8")
    node = '      - {what: "组织生活会：各支部召开组织生活会", start: "10-01", by: "12-31", records: ["statement.occasion"], values: [组织生活会]}\n'
    anchor = "    rhythm:\n"
    (copy / "dj.yaml").write_text(text.replace(anchor, anchor + node), encoding="utf-8")
    items = [i for i in due_json(cli, copy, "--as-of", "2025-01-05") if i["code"] == "DJ630" and "组织生活会" in i["what"]]
    assert [i["status"] for i in items] == ["red"]
    found = [f for f in check_json(cli, copy, "2025-01-05") if f["code"] == "DJ630"]
    assert len(found) == 1 and found[0]["path"] == "dj.yaml" and "组织生活会" in found[0]["message"]
    assert not [f for f in check_json(cli, copy, "2024-12-20") if f["code"] == "DJ630"]


def test_a_provider_registered_elsewhere_shows_in_due(cli: Any, example: Path) -> None:
    def provider(ws: Any) -> list[registry.Obligation]:
        day = dt.date(2024, 12, 25)
        return [registry.Obligation(registry.obligation_id("test", "p-zhangsan", day), "测试事项", "p-zhangsan", day, None,
                                    registry.source_of(ws, "person", "p-zhangsan"))]

    registry.register_obligations(provider)
    try:
        items = due_json(cli, example, "--as-of", AS_OF, "--person", "张三")
    finally:
        registry.unregister(provider)
    mine = [i for i in items if i["what"] == "测试事项"]
    assert len(mine) == 1 and mine[0]["status"] == "yellow" and mine[0]["source"]["path"] == "people/p-zhangsan.yaml"


def _vendor_valid(schema: str, text: str, tmp_path: Path) -> None:
    """The text passes the forge's own schema (check-jsonschema's vendored copy), when installed."""
    import sys

    pytest.importorskip("check_jsonschema")
    path = tmp_path / f"{schema}.yml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("sub", ["", "记录/党建"])
def test_init_ci_files_have_a_scheduled_dj_due_job(cli: Any, tmp_path: Path, git_env: dict[str, str], sub: str) -> None:
    import yaml

    repo = tmp_path / "repo"
    ws = repo / sub if sub else repo
    if sub:
        repo.mkdir()
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
    assert cli("init", ws).exit_code == 0
    gitlab_text = (repo / ".gitlab-ci.yml").read_text(encoding="utf-8")
    gitlab = yaml.safe_load(gitlab_text)
    job = gitlab["dj-due"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
    assert job["script"][-1] == (f"dj -C {sub} due --fail-on red" if sub else "dj due --fail-on red")
    assert "rules" not in gitlab["dj-check"]  # the check still runs on every push
    workflow_text = (repo / ".github" / "workflows" / "dj-check.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(workflow_text)
    on = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads the key on as true
    assert on["schedule"] == [{"cron": "0 0 * * 1-5"}] and "push" in on
    due_job = workflow["jobs"]["due"]
    assert "schedule" in due_job["if"] and due_job["steps"][-1]["run"] == "dj due --fail-on red"
    assert due_job["steps"][-1].get("working-directory", "") == sub
    assert workflow["jobs"]["check"]["if"] == "github.event_name != 'schedule'"
    _vendor_valid("vendor.gitlab-ci", gitlab_text, tmp_path)
    _vendor_valid("vendor.github-workflows", workflow_text, tmp_path)
