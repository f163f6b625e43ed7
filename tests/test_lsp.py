"""The real editor: yaml-language-server (the engine of VS Code's YAML extension) driven over LSP.

The workspace's own ``.vscode/settings.json`` (written by ``dj init``) wires the schemas, as
in VS Code. On the example, no record shows a diagnostic, and no hover shows "||", an
English internal name or a ``[U]``-style marker; completion inserts no ``: null`` and
offers 男/女 and the study forms. On the corpus's schema cases the editor and ``dj check``
give the same verdict (2024-02-30, an item with both person and body, ``year: "2024"``…).

The server comes from ``$DJ_YAML_LANGUAGE_SERVER`` (``.ci/run`` installs it with npm), else
the test installs it with npm into a cache folder; without node (or npm and a network) it skips.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

from assign_support import dj
from test_schema import CORPUS, EXAMPLE, STRUCTURE, _record_files

YLS_VERSION = "1.25.0"
INTERNAL = re.compile(r"\b(?:Duty|Frequency|Tier|SubjectTier|ChainRole|DepartureReason|Post|Departure|Target|"
                      r"ChainLink|PlanEntry|Organization|Limits|Grades|Settings|Config|Model|Record)\b")
MARKER = re.compile(r"\[(?:U|P|V[^\]]*)\]")


def _server() -> Path:
    given = os.environ.get("DJ_YAML_LANGUAGE_SERVER")
    if shutil.which("node") is None:
        pytest.skip("没有 node：跳过 yaml-language-server 测试")
    if given:
        return Path(given)
    folder = Path(tempfile.gettempdir()) / f"dj-test-yaml-language-server-{YLS_VERSION}"
    server = folder / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    if not server.is_file():
        if shutil.which("npm") is None:
            pytest.skip("没有 npm：无法安装 yaml-language-server")
        result = subprocess.run(["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--silent",
                                 f"yaml-language-server@{YLS_VERSION}"], capture_output=True, text=True, timeout=300,
                                stdin=subprocess.DEVNULL)
        if result.returncode != 0 or not server.is_file():
            pytest.skip(f"npm 未能安装 yaml-language-server：{result.stderr[-300:]}")
    return server


class Lsp:
    """A minimal LSP client over stdio: requests, and the diagnostics the server publishes."""

    def __init__(self, server: Path, root: Path, settings: dict) -> None:
        self.settings = settings
        self.proc = subprocess.Popen(["node", str(server), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=root)
        self.next_id = 0
        self.responses: dict[int, dict] = {}
        self.diagnostics: dict[str, list] = {}
        self.configured = False
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {"workspace": {"configuration": True}, "textDocument": {
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "completion": {"completionItem": {"snippetSupport": True}},
                "publishDiagnostics": {}}},
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})
        with self.cond:
            assert self.cond.wait_for(lambda: self.configured, 30), "yaml-language-server 没有读取设置"

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            msg = json.loads(out.read(length))
            with self.cond:
                if "id" in msg and "method" in msg:  # the server asks: settings, registrations
                    result = None
                    if msg["method"] == "workspace/configuration":
                        result = [self.settings.get(item.get("section")) for item in msg["params"]["items"]]
                        self.configured = True
                    self._send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
                elif "id" in msg:
                    self.responses[msg["id"]] = msg
                elif msg.get("method") == "textDocument/publishDiagnostics":
                    self.diagnostics[msg["params"]["uri"]] = msg["params"]["diagnostics"]
                self.cond.notify_all()

    def _send(self, msg: dict) -> None:
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params) -> None:
        with self.cond:
            self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params, timeout: float = 30):
        with self.cond:
            self.next_id += 1
            key = self.next_id
            self._send({"jsonrpc": "2.0", "id": key, "method": method, "params": params})
            assert self.cond.wait_for(lambda: key in self.responses, timeout), f"{method}: 没有回应"
            return self.responses.pop(key).get("result")

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        with self.cond:
            self.diagnostics.pop(uri, None)
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        return uri

    def diags(self, uri: str) -> list:
        with self.cond:
            assert self.cond.wait_for(lambda: uri in self.diagnostics, 30), f"{uri}: 没有诊断结果"
            return self.diagnostics[uri]

    def hover(self, uri: str, line: int, character: int) -> str:
        result = self.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        return (result or {}).get("contents", {}).get("value", "") if isinstance((result or {}).get("contents"), dict) else ""

    def complete(self, uri: str, line: int, character: int) -> list[dict]:
        result = self.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        return result.get("items", []) if isinstance(result, dict) else (result or [])

    def close(self) -> None:
        try:
            self.request("shutdown", None, 5)
            self.notify("exit", None)
        except (AssertionError, OSError):
            pass
        self.proc.kill()
        self.proc.wait()


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    server = _server()
    ws = tmp_path_factory.mktemp("lsp") / "ws"
    # A new workspace's wiring and schemas, then the example's records and settings in it.
    assert dj(ws.parent, "init", str(ws), "--name", "示例县人民检察院", "--year", "2024").exit_code == 0
    shutil.copytree(EXAMPLE, ws, dirs_exist_ok=True)
    assert dj(ws, "schema").exit_code == 0  # the schemas take the example's settings
    vscode = json.loads((ws / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    settings = {"yaml": {key.split(".", 1)[1]: value for key, value in vscode.items() if key.startswith("yaml.")},
                "[yaml]": vscode.get("[yaml]", {})}
    client = Lsp(server, ws, settings)
    # Warm-up: a bad file must get a diagnostic, or the wiring is broken and "no diagnostic"
    # would prove nothing; it also waits for the schemas to load before completion is asked.
    probe = client.open(ws / "people" / "zz-probe.yaml", "id: zz-probe\nname: 探针\nposts: []\nyear: 1\n")
    assert client.diags(probe), "编辑器没有套用 schema：.vscode/settings.json 的 yaml.schemas 未生效"
    yield client, ws
    client.close()


def _files(ws: Path) -> list[str]:
    return [rel for rel, _ in _record_files(ws)] + ["dj.yaml"]


def test_the_example_shows_no_diagnostic_and_clean_hovers(editor) -> None:
    client, ws = editor
    diagnostics, hovers, bad_hovers = {}, 0, []
    # Open every file first: the server validates each 200 ms after opening, all at once.
    opened = {rel: client.open(ws / rel, (ws / rel).read_text(encoding="utf-8")) for rel in _files(ws)}
    for rel, uri in opened.items():
        if found := client.diags(uri):
            diagnostics[rel] = [d["message"] for d in found]
        text = (ws / rel).read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines()):
            m = re.match(r"^(\s*(?:- )?)([A-Za-z_]+):", line)
            if not m:
                continue
            shown = client.hover(uri, number, len(m[1]) + 1)
            hovers += 1
            words = "\n".join(x for x in shown.splitlines() if not x.startswith("Source:"))
            if "||" in words or INTERNAL.search(words) or MARKER.search(words):
                bad_hovers.append(f"{rel}:{number + 1} {m[2]}: {words!r}")
            elif not shown.startswith("#### ") or not re.search(r"[\u4e00-\u9fff]", shown.splitlines()[0]):
                bad_hovers.append(f"{rel}:{number + 1} {m[2]}: 没有中文标题 {shown!r}")
    assert not diagnostics, diagnostics
    assert hovers > 300
    assert not bad_hovers, "\n".join(bad_hovers[:20])


def test_completion_offers_closed_values_and_inserts_no_null(editor) -> None:
    client, ws = editor
    text = "id: p-new\nname: 王新\ngender: \nposts:\n  - title: 科员\n    tier: 一般干部\n    start: 2024-01-01\n\n"
    uri = client.open(ws / "people" / "p-new.yaml", text)
    genders = {item["label"] for item in client.complete(uri, 2, len("gender: "))}
    assert {"男", "女"} <= genders
    keys = client.complete(uri, 7, 0)
    assert any(item["label"] == "note" for item in keys)
    inserted = [item.get("insertText") or item.get("textEdit", {}).get("newText") or item["label"] for item in keys]
    assert not [t for t in inserted if "null" in t], inserted
    session = client.open(ws / "study_sessions" / "2024-new.yaml", "id: 2024-new\ndate: 2024-05-01\nform: \ntopic: 学习党章\n")
    forms = {item["label"] for item in client.complete(session, 2, len("form: "))}
    assert {"党组理论中心组学习", "警示教育片", "现场教学"} <= forms
    duty = client.open(ws / "responsibilities" / "2024" / "2024-new.yaml",
                       "id: 2024-new\nyear: 2024\ntier: 班子成员\nperson: p-lisi\nduty: \narea: 廉洁自律\ncontent: 带头。\n")
    duties = {item["label"] for item in client.complete(duty, 4, len("duty: "))}
    assert {"一岗双责", "主体责任"} <= duties


def _schema_cases() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.name.startswith(("schema-", "base-")) and (p / "ws").is_dir())


def test_the_editor_and_dj_check_agree_on_the_corpus(editor) -> None:
    """Each record file of the schema-/base- cases: a diagnostic in the editor exactly when dj check has an error on it."""
    import yaml

    from dangjian_cli.findings import CATALOGUE

    client, ws = editor
    disagreements, compared, messages, opened = [], 0, {}, []
    for case in _schema_cases():
        expect = (yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8")) or {}).get("expect") or []
        bad = {path for code, path, *_ in expect if STRUCTURE.match(code) and str(CATALOGUE[code].severity) == "error"}
        for rel, _ in _record_files(case / "ws"):
            try:
                text = (case / "ws" / rel).read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                continue  # the editor would show another text (its own decoding); dj reports the encoding
            folder, _, name = rel.rpartition("/")
            opened.append((case.name, rel, rel in bad, client.open(ws / folder / f"{case.name}-{name}", text)))
    for name, rel, dj_error, uri in opened:
        found = client.diags(uri)
        compared += 1
        messages[name] = [d["message"] for d in found]
        if bool(found) != dj_error:
            disagreements.append(f"{name}/{rel}: 编辑器 {messages[name]}，dj {'报错' if dj_error else '通过'}")
    assert compared >= 40
    assert not disagreements, "\n".join(disagreements)
    # The three the issue names, with Chinese messages.
    for case in ("schema-date-feb-30", "schema-person-and-body", "schema-year-quoted"):
        assert messages[case] and all(re.search(r"[\u4e00-\u9fff]", m) for m in messages[case]), (case, messages[case])
