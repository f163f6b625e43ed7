"""The committed schemas/ equals what `dj schema` writes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dangjian_cli.cli.app import app

REPO = Path(__file__).resolve().parents[1]


def test_committed_schemas_are_up_to_date(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    result = CliRunner().invoke(app, ["schema", "--output", str(out)], prog_name="dj")
    assert result.exit_code == 0, result.output
    written = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.json")}
    committed = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "schemas").glob("*.json")}
    assert written == committed, "schemas/ 已过期：请运行 dj schema --output schemas 并提交"


def test_schemas_carry_chinese_titles_and_draft_07(tmp_path: Path) -> None:
    CliRunner().invoke(app, ["schema", "--output", str(tmp_path)], prog_name="dj")
    person = json.loads((tmp_path / "person.schema.json").read_text(encoding="utf-8"))
    assert person["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert person["title"] == "人员"
    assert person["properties"]["name"]["title"] == "姓名"
    assert "Post" in person["definitions"]
    assert all(ref.startswith("#/definitions/") for ref in _refs(person))


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_every_model_and_field_has_a_chinese_title_and_description() -> None:
    from pydantic import BaseModel

    from dangjian_cli.kinds import KINDS
    from dangjian_cli.models.config import Config
    from dangjian_cli.validate import _unwrap

    def chinese(text: str | None) -> bool:
        return bool(text) and any("\u4e00" <= ch <= "\u9fff" for ch in text)

    seen: set[type] = set()
    missing: list[str] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        if not chinese(model.model_config.get("title")):
            missing.append(f"{model.__name__} (model title)")
        for name, info in model.model_fields.items():
            if not (chinese(info.title) and chinese(info.description)):
                missing.append(f"{model.__name__}.{name}")
            inner = _unwrap(info.annotation)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                visit(inner)

    for kind in KINDS:
        visit(kind.model)
    visit(Config)
    assert not missing, missing
