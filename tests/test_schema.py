"""The exported JSON Schemas: up to date, fit for the editor, and of one mind with dj.

The models are strict and the schemas say the same: ``year: "2024"``, ``count: "1"``,
``party_member: yes``, a datetime where a date is meant and 2024-02-30 are refused by both;
a quoted date and an empty optional field are accepted by both. The cross-field rules
(person vs body, chain role vs person/department, per without count) are if/then in the
schema. ``test_schema_and_dj_agree_on_the_corpus`` runs a JSON Schema validator and dj over
the same good and bad records and compares their verdicts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
    # Definitions are inlined: in draft-07 a field's title next to a $ref is ignored.
    assert "definitions" not in person and not list(_refs(person))
    assert person["properties"]["posts"]["items"]["properties"]["tier"]["title"] == "层级"


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


# --- fit for the editor ----------------------------------------------------------------------

INTERNAL = re.compile(r"\b(?:Duty|Frequency|Tier|SubjectTier|ChainRole|DepartureReason|Post|Departure|Target|"
                      r"ChainLink|PlanEntry|Organization|Limits|Grades|Settings|Config|Model|Record)\b")
MARKER = re.compile(r"\[(?:U|P|V[^\]]*)\]")


def _schemas() -> dict[str, dict]:
    from dangjian_cli.schema import build_schemas

    return build_schemas()


def _nodes(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _nodes(value, (*path, i))


def test_schema_text_has_no_internal_names_markers_or_nullable_anyof() -> None:
    problems = []
    for name, schema in _schemas().items():
        for path, node in _nodes(schema):
            for key in ("title", "description", "errorMessage"):
                text = node.get(key)
                if isinstance(text, str) and (INTERNAL.search(text) or MARKER.search(text)):
                    problems.append(f"{name} {path} {key}: {text}")
            if any(b == {"type": "null"} for b in node.get("anyOf", [])):
                problems.append(f"{name} {path}: anyOf with null (hover reads “x || x”)")
            if "default" in node and node["default"] is None:
                problems.append(f"{name} {path}: default null (completion inserts “: null”)")
            if "properties" in node and path[-1:] != ("properties",):
                for field, sub in node["properties"].items():
                    if path and path[-1] in ("then", "else", "if"):
                        continue
                    if not any("\u4e00" <= ch <= "\u9fff" for ch in str(sub.get("title", ""))):
                        problems.append(f"{name} {path} {field}: no Chinese title")
    assert not problems, "\n".join(problems)


def test_closed_values_are_enums() -> None:
    schemas = _schemas()
    gender = schemas["person.schema.json"]["properties"]["gender"]
    assert [v for v in gender["enum"] if v is not None] == ["男", "女"]
    session_form = schemas["study_session.schema.json"]["properties"]["form"]
    assert "党组理论中心组学习" in session_form["enum"] and "警示教育片" in session_form["enum"]
    plan_form = schemas["study_plan.schema.json"]["properties"]["entries"]["items"]["properties"]["form"]
    assert plan_form["enum"] == session_form["enum"]
    # A chain's area outside the settings is only a warning in dj: offered, not enforced.
    area = schemas["chain.schema.json"]["properties"]["area"]
    assert "物资采购" in area["examples"] and "enum" not in area


def test_dj_schema_in_a_workspace_takes_its_study_forms(tmp_path: Path) -> None:
    from assign_support import dj

    ws = tmp_path / "ws"
    assert dj(tmp_path, "init", str(ws), "--name", "示例县人民检察院", "--year", "2024").exit_code == 0
    (ws / "dj.yaml").write_text("organization:\n  name: 示例县人民检察院\nyear: 2024\n"
                                "settings:\n  assign:\n    study_forms: [读书班, 个人自学]\n", encoding="utf-8")
    assert dj(ws, "schema").exit_code == 0
    session = json.loads((ws / "schemas" / "study_session.schema.json").read_text(encoding="utf-8"))
    assert session["properties"]["form"]["enum"] == ["读书班", "个人自学"]


def test_the_date_pattern_is_the_calendar() -> None:
    from dangjian_cli.schema import DATE_PATTERN

    pattern = re.compile(DATE_PATTERN)
    for year in (1900, 2000, 2023, 2024, 2100, 2400):
        for month in range(1, 13):
            for day in range(0, 33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                try:
                    dt.date(year, month, day)
                    real = True
                except ValueError:
                    real = False
                assert bool(pattern.fullmatch(text)) == real, text
    for text in ("2024-1-05", "2024-01-5", "24-01-05", "2024-01-05T00:00:00", "2024/01/05", " 2024-01-05"):
        assert not pattern.fullmatch(text), text


# --- the schema and dj give the same verdict ---------------------------------------------------

CORPUS = REPO / "tests" / "corpus"
EXAMPLE = REPO / "examples" / "procuratorate"
# What one file shows: YAML, fields, types, id format, and values closed by the settings.
STRUCTURE = re.compile(r"^DJ(?:1\d\d|2\d\d|303|431)$")

_CORE_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_CORE_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_CORE_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_CORE_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$")


class _Duplicate(Exception):
    pass


def editor_data(text: str):
    """The data an editor sees: YAML 1.2 core schema (dates are text), duplicate keys refused.

    Built from PyYAML's composer on purpose: independent of dj's own builder.
    """
    import yaml

    def build(node):
        if isinstance(node, yaml.MappingNode):
            out = {}
            for k, v in node.value:
                key = build(k)
                if key in out:
                    raise _Duplicate(key)
                out[key] = build(v)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [build(v) for v in node.value]
        value = node.value
        if node.style is not None or node.tag == "tag:yaml.org,2002:str":
            return value
        if _CORE_NULL.match(value):
            return None
        if _CORE_BOOL.match(value):
            return value.lower() == "true"
        if _CORE_INT.match(value):
            return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
        if _CORE_FLOAT.match(value):
            return float(value.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf"))
        return value

    return build(yaml.compose(text, Loader=yaml.SafeLoader))


def schema_verdict(schema: dict, raw: bytes) -> bool:
    """True when the editor would show no diagnostic for the file."""
    import jsonschema

    try:
        data = editor_data(raw.decode("utf-8"))
    except (UnicodeDecodeError, _Duplicate, Exception):  # noqa: BLE001 - any YAML problem is a diagnostic
        return False
    return jsonschema.Draft7Validator(schema).is_valid(data)


def dj_verdicts(ws: Path) -> dict[str, bool]:
    """Path → True when dj reports no error of one file's structure on it."""
    result = subprocess.run([sys.executable, "-m", "dangjian_cli", "-C", str(ws), "check", "--format", "json",
                             "--no-cache", "--as-of", "2024-12-31"], capture_output=True, text=True, timeout=60)
    findings = json.loads(result.stdout)["findings"]
    bad = {f["path"] for f in findings if f["severity"] == "error" and STRUCTURE.match(f["code"])}
    return {str(p.relative_to(ws).as_posix()): str(p.relative_to(ws).as_posix()) not in bad
            for p in ws.rglob("*") if p.is_file()}


def _record_files(ws: Path, only: set[str] | None = None):
    from dangjian_cli.kinds import BY_FOLDER

    for path in sorted(ws.rglob("*")):
        rel = path.relative_to(ws).as_posix()
        kind = BY_FOLDER.get(rel.split("/", 1)[0])
        if kind and path.is_file() and path.suffix.lower() in (".yaml", ".yml") and (only is None or rel in only):
            yield rel, kind


def agreement_cases() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.name.startswith(("schema-", "base-")) and (p / "ws").is_dir())


def test_schema_and_dj_agree_on_the_corpus(tmp_path: Path) -> None:
    schemas = _schemas()
    disagreements, compared = [], 0
    for case in agreement_cases():
        ws = tmp_path / case.name
        shutil.copytree(CORPUS / "_base", ws)
        shutil.copytree(case / "ws", ws, dirs_exist_ok=True)
        verdicts = dj_verdicts(ws)
        own = {p.relative_to(case / "ws").as_posix() for p in (case / "ws").rglob("*") if p.is_file()}
        for rel, kind in _record_files(ws, own):
            editor = schema_verdict(schemas[f"{kind.name}.schema.json"], (ws / rel).read_bytes())
            compared += 1
            if editor != verdicts[rel]:
                disagreements.append(f"{case.name}/{rel}: 编辑器 {'通过' if editor else '报错'}，dj {'通过' if verdicts[rel] else '报错'}")
    assert compared >= 40
    assert not disagreements, "\n".join(disagreements)


def test_every_example_record_and_dj_yaml_pass_the_schema() -> None:
    schemas = _schemas()
    failing = [rel for rel, kind in _record_files(EXAMPLE)
               if not schema_verdict(schemas[f"{kind.name}.schema.json"], (EXAMPLE / rel).read_bytes())]
    assert not failing
    assert schema_verdict(schemas["dj.schema.json"], (EXAMPLE / "dj.yaml").read_bytes())


@pytest.mark.parametrize("text, ok", [
    ("organization: {name: 示例县人民检察院}\nyear: 2024\n", True),
    ("organization: {name: 示例县人民检察院}\nyear: \"2024\"\n", False),
    ("organization: {name: 示例县人民检察院}\nyear: 2024\nsettings: {limits: {max_file_kb: \"1\"}}\n", False),
])
def test_dj_yaml_verdicts_agree(tmp_path: Path, text: str, ok: bool) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(CORPUS / "_base", ws)
    (ws / "dj.yaml").write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "dangjian_cli", "-C", str(ws), "check", "--no-cache"],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode == 0) == ok, result.stdout + result.stderr
    assert schema_verdict(_schemas()["dj.schema.json"], text.encode("utf-8")) == ok


# --- the editor wiring at dj init ---------------------------------------------------------------


def test_init_merges_its_wiring_into_an_existing_vscode_settings(tmp_path: Path) -> None:
    from assign_support import dj

    ws = tmp_path / "ws"
    (ws / ".vscode").mkdir(parents=True)
    (ws / ".vscode" / "settings.json").write_text(
        '{\n  "editor.fontSize": 15,\n  "yaml.schemas": {"./mine.json": "other/*.yaml"},\n  "files.eol": "\\r\\n",\n}\n',
        encoding="utf-8")
    result = dj(tmp_path, "init", str(ws), "--name", "示例县人民检察院", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert "并入 .vscode/settings.json" in result.output  # not committed: the file was never committed
    settings = json.loads((ws / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["editor.fontSize"] == 15 and settings["files.eol"] == "\r\n"  # the user's settings win
    schemas = settings["yaml.schemas"]
    assert schemas["./mine.json"] == "other/*.yaml"
    assert "people/**/*.yaml" in schemas["./schemas/person.schema.json"]
    assert "people/**/*.YAML" in schemas["./schemas/person.schema.json"]
    assert schemas["./schemas/dj.schema.json"] == "dj.yaml"


def test_init_merges_into_a_committed_vscode_settings_with_comments_in_its_commit(tmp_path: Path) -> None:
    from assign_support import dj, git

    ws = tmp_path / "ws"
    (ws / ".vscode").mkdir(parents=True)
    (ws / ".vscode" / "settings.json").write_text('{\n  // 字号\n  "editor.fontSize": 15\n}\n', encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(ws)], check=True)
    git(ws, "add", ".vscode/settings.json")
    git(ws, "-c", "user.name=测试", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "编辑器设置")
    result = dj(tmp_path, "init", str(ws), "--name", "示例县人民检察院", "--year", "2024")
    assert result.exit_code == 0, result.output
    settings = json.loads((ws / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["editor.fontSize"] == 15 and "./schemas/person.schema.json" in settings["yaml.schemas"]
    assert git(ws, "status", "--porcelain", "--", ".vscode/settings.json") == ""  # in dj's commit


def test_init_leaves_an_unreadable_vscode_settings_alone_and_says_so(tmp_path: Path) -> None:
    from assign_support import dj

    ws = tmp_path / "ws"
    (ws / ".vscode").mkdir(parents=True)
    for broken in (b'{"editor.fontSize": 15,, oops\n', b'{\n  // kept\n  "editor.fontSize": 15\n}\n'):
        (ws / ".vscode" / "settings.json").write_bytes(broken)
        result = dj(tmp_path, "init", str(ws), "--name", "示例县人民检察院", "--year", "2024")
        assert result.exit_code == 0, result.output
        assert (ws / ".vscode" / "settings.json").read_bytes() == broken
        assert "yaml.schemas" in result.output
        shutil.rmtree(ws / ".git")
        (ws / "dj.yaml").unlink()
