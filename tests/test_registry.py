"""The registries agree with the code: every finding code used is catalogued with a Chinese title
and a default severity, and is used as catalogued; every reference names a record kind."""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from pathlib import Path

from dangjian_cli.findings import CATALOGUE, CODES, Severity
from dangjian_cli.kinds import BY_NAME, KINDS
from dangjian_cli.models.base import Model, ref_fields

SRC = Path(__file__).resolve().parents[1] / "src" / "dangjian_cli"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "procuratorate"
CODE = re.compile(r"DJ\d{3}")


def sources() -> dict[str, str]:
    return {p.relative_to(SRC).as_posix(): p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")
            if "_data" not in p.parts and p.name != "findings.py"}


def test_every_code_used_is_catalogued_and_every_catalogued_code_is_used() -> None:
    used: dict[str, set[str]] = {}
    for path, text in sources().items():
        for code in re.findall(r"[\"'](DJ\d{3})[\"']", text):
            used.setdefault(code, set()).add(path)
    assert sorted(set(used) - set(CATALOGUE)) == [], "codes used but not catalogued in findings.py"
    assert sorted(set(CATALOGUE) - set(used)) == [], "catalogued codes that nothing produces"


def test_every_code_has_a_chinese_title_and_a_default_severity() -> None:
    assert CODES == {code: entry.title for code, entry in CATALOGUE.items()}
    for code, entry in CATALOGUE.items():
        assert CODE.fullmatch(code), code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in entry.title), code
        assert isinstance(entry.severity, Severity), code
    assert CATALOGUE["DJ421"].varies  # error or warning by whose list it is


def _severities_in_source() -> dict[str, set[str]]:
    """code → the severities written where findings of it are made ("varies" for a choice)."""
    found: dict[str, set[str]] = {}
    for path, text in sources().items():
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Call):
                continue
            codes = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str) and CODE.fullmatch(a.value)]
            if not codes:
                continue
            func = ast.unparse(node.func)
            if func in ("error", "warning"):
                severity = func
            else:
                written = [ast.unparse(a) for a in node.args if "Severity." in ast.unparse(a)]
                if not written:
                    continue  # a problem that becomes a finding elsewhere (see below)
                severity = written[0].removeprefix("Severity.").lower() if re.fullmatch(r"Severity\.\w+", written[0]) else "varies"
            found.setdefault(codes[0], set()).add(severity)
    return found


def test_findings_are_made_with_their_default_severity() -> None:
    found = _severities_in_source()
    for code, severities in found.items():
        if CATALOGUE[code].varies:
            continue
        assert severities == {str(CATALOGUE[code].severity)}, f"{code}: made as {severities}, catalogued as {CATALOGUE[code].severity}"
    # Problems found while reading and validating (yamlio, validate) all become errors.
    for module in ("yamlio.py", "validate.py"):
        text = (SRC / module).read_text(encoding="utf-8")
        assert "warning(" not in text and "Severity.WARNING" not in text, module
        for code in set(re.findall(r"[\"'](DJ\d{3})[\"']", text)) - set(found):
            assert CATALOGUE[code].severity == Severity.ERROR, code


def test_findings_of_real_workspaces_have_their_default_severity(tmp_path: Path) -> None:
    from dangjian_cli.pipeline import check_workspace

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns(".dj-cache"))
    chain = ws / "chains" / "2024" / "2024-chain-funds.yaml"
    chain.write_text(chain.read_text(encoding="utf-8").replace("person: p-chusi", "person: p-nobody", 1), encoding="utf-8")
    shutil.copy(ws / "people" / "p-chusi.yaml", ws / "people" / "p-chusi-copy.yaml")
    (ws / "people" / "p-broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (ws / "people" / "p-tab.yaml").write_text("id: p-tab\nname: 某\nposts:\n\t- title: 科员\n", encoding="utf-8")
    (ws / "people" / "p-gbk.yaml").write_bytes("id: p-gbk\nname: 张某\n".encode("gbk"))
    (ws / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    (ws / "responsibilities" / "2024" / "2031.yaml").write_text(
        "id: x-2031\nyear: 2031\ntier: 部门负责人\nperson: p-zhangsan\narea: 其他\ncontent: 测试\n", encoding="utf-8")
    (ws / "departments" / "d-extra.yaml").write_text("id: d-extra\nname: 某部\nextra: 1\n", encoding="utf-8")
    (ws / "signoffs" / "2024" / "2024-sign-p-weiwu.yaml").unlink()
    findings = check_workspace(ws, dt.date(2024, 12, 31), use_cache=False).findings
    assert len({f.code for f in findings}) >= 15
    for f in findings:
        entry = CATALOGUE[f.code]
        assert f.severity == entry.severity or entry.varies, f
        assert f.line >= 1 and f.column >= 1 and f.loc is None, f


def _nested_models(model: type[Model]) -> list[type[Model]]:
    out = [model]
    for rf in ref_fields(model):
        if rf.nested is not None:
            out += _nested_models(rf.nested)
    return out


def test_every_reference_names_a_record_kind() -> None:
    for kind in KINDS:
        for model in _nested_models(kind.model):
            for rf in ref_fields(model):
                assert rf.kind is None or rf.kind in BY_NAME, f"{model.__name__}.{rf.name} refers to “{rf.kind}”"
    for path in (SRC / "models").rglob("*.py"):
        for target in re.findall(r"\bRef\(\s*[\"'](\w+)[\"']", path.read_text(encoding="utf-8")):
            assert target in BY_NAME, f"{path.name}: Ref(“{target}”) is no record kind"
