"""dj review: scorecards on the example and on copies of it with added records, the weights, the
tallies that give no result, vetoes and what follows, --save and the 述责述廉 outline."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from dangjian_cli.analysis import scorecard
from dangjian_cli.models.enums import Tier

AS_OF = "2025-02-15"
LEADING = {Tier.PRINCIPAL, Tier.LEADER, Tier.DISCIPLINE, Tier.DEPARTMENT_HEAD}


def review_json(cli: Any, ws: Path, *args: str) -> dict[str, Any]:
    result = cli("-C", ws, "review", "--year", "2024", "--as-of", AS_OF, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def copy(example: Path, tmp_path: Path) -> Path:
    """A writable copy of the example (with its git history)."""
    ws = tmp_path / "ws"
    shutil.copytree(example, ws)
    return ws


def write(ws: Path, rel: str, text: str) -> None:
    path = ws / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def card_of(data: dict[str, Any], subject: str) -> dict[str, Any]:
    return next(c for c in data["scorecards"] if c["subject"] == subject)


def component(card: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in card["components"] if c["name"] == name)


def tally(tid: str, person: str, valid: int, counts: dict[str, int], **extra: Any) -> str:
    lines = [f"id: {tid}", "date: 2024-12-20", "year: 2024", "occasion: 年终总结", f"person: {person}", "scale: 履职",
             f"participants: {max(valid, 12)}", f"valid: {valid}", "dimensions:"]
    for name in ("落实主体责任", "廉洁自律"):
        lines.append(f"  - name: {name}")
        lines.append("    counts: {" + ", ".join(f"{g}: {n}" for g, n in counts.items()) + "}")
    lines += [f"{k}: {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


# --- the example ---------------------------------------------------------------------------------


def test_every_leader_and_head_has_a_scorecard_with_score_grade_components_and_consequences(cli: Any, example: Path) -> None:
    from dangjian_cli.pipeline import read_workspace

    ws = read_workspace(example)
    data = review_json(cli, example)
    settings = ws.config.settings
    leading = {p.id for p in ws.people.values()
               if any(post.tier in LEADING for post in p.posts_in(scorecard.dt.date(2024, 1, 1), scorecard.dt.date(2024, 12, 31)))}
    subjects = {c["subject"] for c in data["scorecards"]}
    assert leading <= subjects
    assert f"body:{ws.config.organization.party_body}" in subjects
    assert subjects - leading == {"body:党组"}
    for card in data["scorecards"]:
        assert isinstance(card["score"], (int, float)) and 0 <= card["score"] <= 100
        scale = settings.grades.responsibility if card["kind"] == "body" else settings.grades.annual
        assert card["grade"] in scale
        assert [c["name"] for c in card["components"]] == list(settings.review.weights)
        for comp in card["components"]:
            assert {"name", "score", "weight", "sources"} <= comp.keys()
            if comp["score"] is not None and comp["score"] > 0:
                assert comp["sources"], (card["subject"], comp)
            for src in comp["sources"]:
                assert (example / src["file"]).is_file(), src
        cons = card["consequences"]
        assert isinstance(cons["evaluation"]["eligible"], bool)
        if card["kind"] == "person":
            assert isinstance(cons["promotion"]["eligible"], bool)
        # The score is the weighted sum of the components, minus deductions.
        total = sum((c["score"] or 0) * c["effective_weight"] for c in card["components"]) - sum(d["points"] for d in card["deductions"])
        assert card["score"] == pytest.approx(total, abs=0.05)


def test_explain_names_the_records_behind_the_points(cli: Any, example: Path) -> None:
    data = review_json(cli, example, "--explain", "--person", "张三")
    card = data["scorecards"][0]
    traced = [t for comp in card["components"] for t in comp.get("trace", [])]
    assert traced
    for comp in card["components"]:
        if comp["score"] is not None:
            assert sum(t["points"] for t in comp["trace"]) + comp["base"] == pytest.approx(comp["score"], abs=0.05)
    files = {t["source"]["file"] for t in traced if t["source"]}
    assert any(f.startswith("study_sessions/") for f in files)
    assert any(f.startswith("verifications/") for f in files)
    text = cli("-C", example, "review", "--year", "2024", "--as-of", AS_OF, "--person", "张三", "--explain")
    assert text.exit_code == 0, text.output
    assert "study_sessions/2024/" in text.stdout and "verifications/2024/" in text.stdout
    assert "张三" in text.stdout and "等次" in text.stdout


def test_the_examples_late_rectification_costs_points_and_is_traced(cli: Any, example: Path) -> None:
    data = review_json(cli, example, "--explain")
    late = [(card["subject"], t) for card in data["scorecards"] for t in component(card, "检查整改")["trace"]
            if "晚于期限" in t["text"]]
    assert late, "the example has a rectification done after its deadline"
    for _subject, t in late:
        assert t["points"] < 0 and t["source"]["file"].startswith("inspections/2024/")


def test_without_options_the_year_of_dj_yaml_is_reviewed(cli: Any, example: Path) -> None:
    result = cli("-C", example, "review", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "2024年度考核" in result.stdout and "张三" in result.stdout


def test_half_year_review(cli: Any, example: Path) -> None:
    data = review_json(cli, example, "--half", "1")
    assert data["period"] == "2024年上半年"
    zhoujiu = [c for c in data["scorecards"] if c["subject"] == "p-zhoujiu"]
    assert not zhoujiu  # 周九 became a department head on 2024-07-01
    card = card_of(data, "p-wushi")
    assert component(card, "清单核销")["score"] is None


# --- weights ---------------------------------------------------------------------------------------


def set_weights(ws: Path, weights: dict[str, float]) -> None:
    text = (ws / "dj.yaml").read_text(encoding="utf-8")
    start = text.index("    weights:\n")
    end = text.index("    statement_threshold")
    end = text.rindex("\n", 0, text.rindex("#", 0, end)) + 1 if "#" in text[start:end] else end
    block = "    weights:\n" + "".join(f"      {k}: {v}\n" for k, v in weights.items())
    (ws / "dj.yaml").write_text(text[:start] + block + text[end:], encoding="utf-8")


def test_changing_a_weight_changes_the_scores_accordingly(cli: Any, copy: Path) -> None:
    before = card_of(review_json(cli, copy), "p-zhangsan")
    scores = {c["name"]: c["score"] for c in before["components"]}
    weights = {"检查整改": 0.25, "述责述廉": 0.0, "理论学习": 0.3, "清单核销": 0.15, "反馈": 0.1, "民主测评": 0.1, "群众满意度": 0.1}
    set_weights(copy, weights)
    after = card_of(review_json(cli, copy), "p-zhangsan")
    assert after["score"] != before["score"]
    counted = {n: w for n, w in weights.items() if scores[n] is not None}
    expected = sum(scores[n] * w for n, w in counted.items()) / sum(counted.values())
    assert after["score"] == pytest.approx(expected, abs=0.05)
    assert {c["name"]: c["weight"] for c in after["components"]} == weights


def test_weights_that_do_not_sum_to_one_are_refused(cli: Any, copy: Path) -> None:
    set_weights(copy, {"检查整改": 0.5, "民主测评": 0.3})
    result = cli("-C", copy, "review", "--year", "2024")
    assert result.exit_code != 0
    assert "合计应为 1" in result.stderr and "0.8" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_component_is_refused(cli: Any, copy: Path) -> None:
    set_weights(copy, {"检查整改": 0.5, "年度": 0.5})
    result = cli("-C", copy, "review", "--year", "2024")
    assert result.exit_code != 0
    assert "没有名为“年度”的考核项" in result.stderr


# --- tallies -----------------------------------------------------------------------------------------


def test_a_tally_below_the_minimum_gives_no_result(cli: Any, copy: Path) -> None:
    write(copy, "tallies/2024/2024-cp-lisi.yaml", tally("2024-cp-lisi", "p-lisi", 5, {"优秀": 4, "称职": 1, "基本称职": 0, "不称职": 0}))
    write(copy, "tallies/2024/2024-cp-wangwu.yaml", tally("2024-cp-wangwu", "p-wangwu", 10, {"优秀": 5, "称职": 5, "基本称职": 0, "不称职": 0}))
    data = review_json(cli, copy)
    lisi = component(card_of(data, "p-lisi"), "民主测评")
    assert lisi["score"] is None and lisi["sources"] == []
    assert "少于 8 张" in lisi["note"]
    wangwu = component(card_of(data, "p-wangwu"), "民主测评")
    assert wangwu["score"] == pytest.approx(90.0)  # (5 × 100 + 5 × 80) / 10
    assert wangwu["sources"][0]["file"] == "tallies/2024/2024-cp-wangwu.yaml"


def test_a_tally_whose_counts_do_not_add_up_gives_no_result(cli: Any, copy: Path) -> None:
    write(copy, "tallies/2024/2024-cp-lisi.yaml", tally("2024-cp-lisi", "p-lisi", 10, {"优秀": 4, "称职": 1, "基本称职": 0, "不称职": 0}))
    lisi = component(card_of(review_json(cli, copy), "p-lisi"), "民主测评")
    assert lisi["score"] is None and "合计 5" in lisi["note"]


# --- vetoes and what follows ---------------------------------------------------------------------------


def test_a_low_statement_score_brings_obligations_and_rules_out_evaluation(cli: Any, copy: Path) -> None:
    write(copy, "tallies/2024/2024-cp-lisi.yaml",
          tally("2024-cp-lisi", "p-lisi", 10, {"优秀": 8, "称职": 2, "基本称职": 0, "不称职": 0}, statement_score=65))
    card = card_of(review_json(cli, copy), "p-lisi")
    evaluation = card["consequences"]["evaluation"]
    assert evaluation["eligible"] is False
    assert "低于 70 分" in evaluation["reasons"][0]["reason"]
    assert evaluation["reasons"][0]["source"]["file"] == "tallies/2024/2024-cp-lisi.yaml"
    kinds = [o["kind"] for o in card["consequences"]["obligations"]]
    assert kinds == ["书面说明", "提醒谈话或诫勉谈话", "限期整改"]
    assert card["grade"] != "优秀"


def test_a_registered_sanction_vetoes_the_top_grade_and_blocks_promotion(cli: Any, copy: Path) -> None:
    def provider(ws: Any) -> list[scorecard.Sanction]:
        return [scorecard.Sanction("p-lisi", "警告", scorecard.dt.date(2024, 10, 8),
                                   scorecard.Source("case", "2024-case-1", "cases/2024-case-1.yaml"))]

    scorecard.register_sanctions(provider)
    try:
        card = card_of(review_json(cli, copy, "--explain"), "p-lisi")
    finally:
        scorecard.unregister(provider)
    assert card["vetoes"] and "警告" in card["vetoes"][0]["reason"]
    assert card["vetoes"][0]["source"]["file"] == "cases/2024-case-1.yaml"
    assert card["grade"] != card["scale"][0]
    promotion = card["consequences"]["promotion"]
    assert promotion["eligible"] is False
    assert "2025年10月7日" in promotion["reasons"][0]["reason"]  # 警告: 12 months


def test_a_registered_deduction_takes_points_off(cli: Any, copy: Path) -> None:
    before = card_of(review_json(cli, copy), "p-wangwu")["score"]

    def provider(ws: Any, period: scorecard.Period) -> list[scorecard.Deduction]:
        return [scorecard.Deduction("p-wangwu", 3, "问责案件经查属实", scorecard.Source("case", "c1", "cases/c1.yaml"))]

    scorecard.register_deductions(provider)
    try:
        card = card_of(review_json(cli, copy), "p-wangwu")
    finally:
        scorecard.unregister(provider)
    assert card["score"] == pytest.approx(before - 3, abs=0.01)
    assert card["deductions"][0]["source"]["file"] == "cases/c1.yaml"


def test_last_years_grade_of_basic_competence_rules_out_promotion(cli: Any, copy: Path) -> None:
    write(copy, "reviews/review-2023.yaml",
          "id: review-2023\nyear: 2023\ndate: 2024-01-20\nscorecards:\n"
          "  - subject: p-wangwu\n    person: p-wangwu\n    name: 王五\n    score: 65\n    grade: 基本称职\n")
    card = card_of(review_json(cli, copy), "p-wangwu")
    promotion = card["consequences"]["promotion"]
    assert promotion["eligible"] is False
    assert "2023 年度考核等次为基本称职" in promotion["reasons"][0]["reason"]
    assert promotion["reasons"][0]["source"]["file"] == "reviews/review-2023.yaml"
    assert card_of(review_json(cli, copy), "p-lisi")["consequences"]["promotion"]["eligible"] is True


# --- --save ----------------------------------------------------------------------------------------------


def git(ws: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=ws, capture_output=True, text=True, check=True).stdout


def test_save_commits_one_review_file(cli: Any, copy: Path, git_env: dict[str, str]) -> None:
    head = git(copy, "rev-parse", "HEAD")
    result = cli("-C", copy, "review", "--year", "2024", "--as-of", AS_OF, "--save")
    assert result.exit_code == 0, result.output
    assert git(copy, "rev-parse", "HEAD") != head
    assert git(copy, "show", "--name-only", "--format=", "HEAD").split() == ["reviews/review-2024.yaml"]
    saved = (copy / "reviews/review-2024.yaml").read_text(encoding="utf-8")
    assert "p-zhangsan" in saved and "grade:" in saved
    check = cli("-C", copy, "check", "--as-of", AS_OF, "--format", "json")
    assert not [f for f in json.loads(check.stdout)["findings"] if f["path"].startswith("reviews/")], check.stdout
    again = cli("-C", copy, "review", "--year", "2024", "--as-of", AS_OF, "--save")
    assert again.exit_code == 0, again.output
    assert "无需修改" in again.stdout


# --- the outline ------------------------------------------------------------------------------------------


def test_outline_has_front_matter_sections_items_and_records(cli: Any, example: Path, tmp_path: Path) -> None:
    result = cli("-C", example, "review", "outline", "张三", "--year", "2024", "--as-of", "2024-12-20")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("---\n")
    front = text.split("---\n")[1]
    assert "person: p-zhangsan" in front and "occasion: 年终总结" in front and "year: 2024" in front
    for section in ("## 履行责任情况", "## 存在问题", "## 个人廉洁自律", "## 整改措施和下一步打算"):
        assert section in text
    from dangjian_cli.pipeline import read_workspace

    ws = read_workspace(example)
    for item in ws.items_of("p-zhangsan", 2024)[:3]:
        assert item.id in text
    assert "党组理论中心组学习" in text
    out = tmp_path / "提纲.md"
    written = cli("-C", example, "review", "outline", "李四", "--occasion", "半年小结", "-o", out)
    assert written.exit_code == 0, written.output
    assert "occasion: 半年小结" in out.read_text(encoding="utf-8")


def test_outline_refuses_an_unknown_occasion(cli: Any, example: Path) -> None:
    result = cli("-C", example, "review", "outline", "张三", "--occasion", "年中")
    assert result.exit_code == 2
    assert "不是述责述廉的场合" in result.stderr


# --- checks, reports and 座谈 --------------------------------------------------------------------------------

INSPECTION = """id: test-jc-99
kind: 专项检查
date: 2024-09-10
inspectors: [p-zhaoliu]
people: [p-wangwu, p-lisi]
findings:
  - text: 物资采购台账登记不及时
    severity: 较重
    person: p-wangwu
    rectifications:
      - measure: 补登台账并建立月结制度
        owner: p-wangwu
        deadline: 2024-10-10
        status: 已整改
        done_on: 2024-11-05
"""

STATEMENT = """---
id: test-sz-99
person: p-lisi
year: 2024
occasion: 年终总结
date: 2024-12-25
---
## 履行责任情况

抓分管部门党风廉政建设。

## 存在问题

<!-- 待填写 -->

## 个人廉洁自律

严格执行中央八项规定精神。

## 整改措施和下一步打算

加强督促检查。
"""

FORUM = """id: test-zt-99
date: 2024-12-10
topic: 2024年度党风廉政建设责任制落实情况征求意见座谈会
groups:
  - group: 人民监督员
    count: 20
satisfaction: {satisfied: 18, base: 20}
"""


def test_findings_late_rectification_statements_and_satisfaction_are_scored(cli: Any, copy: Path) -> None:
    for old in (copy / "statements").rglob("*.md") if (copy / "statements").is_dir() else []:
        if "person: p-lisi" in old.read_text(encoding="utf-8"):
            old.unlink()
    write(copy, "inspections/2024/test-jc-99.yaml", INSPECTION)
    write(copy, "statements/2024/test-sz-99.md", STATEMENT)
    write(copy, "forums/2024/test-zt-99.yaml", FORUM)
    data = review_json(cli, copy, "--explain")
    wangwu = component(card_of(data, "p-wangwu"), "检查整改")
    mine = [t for t in wangwu["trace"] if t["source"] and t["source"]["file"] == "inspections/2024/test-jc-99.yaml"]
    assert [t["points"] for t in mine] == [-10, -10]  # 较重 10, and 10 more: rectified after its deadline
    assert "晚于期限" in mine[1]["text"]
    assert wangwu["score"] == pytest.approx(wangwu["base"] + sum(t["points"] for t in wangwu["trace"]))
    statement = component(card_of(data, "p-lisi"), "述责述廉")
    assert statement["score"] == 25  # 半年小结 missing (0 of 50), 年终总结 with an empty section (25 of 50)
    assert any("存在问题" in t["text"] for t in statement["trace"])
    party = component(card_of(data, "body:党组"), "群众满意度")
    assert "forums/2024/test-zt-99.yaml" in {s["file"] for s in party["sources"]}
    assert 0 < party["score"] <= 100


def test_a_year_without_records_has_no_score_rather_than_zero(cli: Any, copy: Path) -> None:
    result = cli("-C", copy, "review", "--year", "2023", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    cards = json.loads(result.stdout)["scorecards"]
    assert cards and all(c["score"] is None and c["grade"] is None for c in cards)
    assert all("next_year" not in (c["consequences"]["promotion"] or {}) for c in cards)
    saved = cli("-C", copy, "review", "--year", "2023", "--as-of", AS_OF, "--save", "--no-commit")
    assert saved.exit_code == 1 and "没有可保存的考核结果" in saved.stderr
