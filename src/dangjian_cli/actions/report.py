"""dj report: build a registered document, turn it into a file format, record where it came from.

The pieces every document command shares (``dj report`` and the subcommands other modules
register on it):

* :func:`render_document` builds the document (``reports.DOCUMENTS[name]``) and encodes it as
  md, html, docx or json, with its **provenance**: the document's name, its parameters (with
  ``as_of``, the date it is dated, and ``redact``), the format, the *source commit* and a digest
  of the files it read;
* :func:`plan_report` is the Plan that writes it under ``reports/`` (the commit message names
  the report and the source commit); :func:`verify` renders every report under ``reports/``
  again from its recorded commit and names those that no longer match.

Provenance. The source commit is the newest commit that changed the workspace outside
``reports/`` (``gitrepo.source_commit``): committing a report does not move it, so rendering again
gives the same bytes. The digest is SHA-256 over the path and content of dj.yaml, every record
file and every file of the workspace's ``templates/``. A report is committed only when none of
these files differs from that commit; ``--no-commit``/``--output`` render from uncommitted
changes too, and then the provenance says ``"dirty":true`` (such a report never verifies).

A folder kept in a git repository of its own (``cases/``, see ``gitrepo.nested_repo_tops``) adds
``"nested": {"cases": commit}``: that repository's newest commit, materialised beside the
workspace's when verifying.

Where the provenance is written: one line ``dj:provenance {json}`` (:func:`provenance_line`,
also in ``Document.meta["provenance"]``). Markdown and HTML carry it in an HTML comment
(``<!-- dj:provenance {…} -->``), DOCX in its core properties (``formats`` puts
``meta["provenance"]`` in ``comments``), JSON as the key ``"provenance"``. :func:`read_provenance`
finds it in any of them.

Builders. ``builder(ws, params)``; a builder that also declares a ``check`` parameter receives
the ``pipeline.CheckResult`` of ``dj check`` as of ``params["as_of"]`` (the annual report lists
its problems): from dj check's result cache when it is valid, else computed in the pass that
loads the records (``pipeline.checked_workspace``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import inspect
import io
import json
import os
import pkgutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, DjError
from ..reports import DOCUMENTS, Document
from ..write import FileChange, Plan

REPORTS_DIR = "reports"
FORMATS = ("md", "html", "docx", "json")
MARK = "dj:provenance"


# --- the registry ----------------------------------------------------------------------------


def builders() -> dict[str, Any]:
    """Every registered document builder (imports each module of ``dangjian_cli.reports``)."""
    import importlib

    from .. import reports

    for module in pkgutil.iter_modules(reports.__path__):
        importlib.import_module(f"{reports.__name__}.{module.name}")
    return DOCUMENTS


def wants_check(builder: Any) -> bool:
    try:
        return "check" in inspect.signature(builder).parameters
    except (TypeError, ValueError):
        return False


# --- provenance --------------------------------------------------------------------------------


def input_files(root: Path) -> list[str]:
    """What a document reads: dj.yaml, every record file and the workspace's templates/ (sorted)."""
    from ..load import discover
    from ..walk import walk_files

    files = {rel for rel, _kind in discover(root)[0]}
    if (root / "dj.yaml").is_file():
        files.add("dj.yaml")
    templates = root / "templates"
    if templates.is_dir():
        files.update(f"templates/{rel}" for rel in walk_files(templates))
    return sorted(files)


def records_digest(root: Path, files: list[str] | None = None, use_index: bool = False) -> str:
    """SHA-256 over path and content digest of each input file (:func:`input_files`).

    With use_index, the digest of a record file unchanged since ``dj check`` read it is taken
    from its file index (``cache.FileIndex``) unread; the value is the same either way.
    """
    from ..cache import FileIndex, content_digest, stat_key

    index = FileIndex(root) if use_index else None
    base = str(root) + os.sep
    digest = hashlib.sha256()
    for rel in files if files is not None else input_files(root):
        known = index.fresh_digest(rel, stat_key(base + rel)) if index is not None else None
        if known is None:
            try:
                known = content_digest((root / rel).read_bytes())
            except OSError:
                continue
        digest.update(rel.encode("utf-8") + b"\0" + known)
    return "sha256:" + digest.hexdigest()


def provenance_line(prov: dict[str, Any]) -> str:
    """``dj:provenance {json}`` on one line; ``<``, ``>`` and ``&`` escaped so it fits in a comment."""
    text = json.dumps(prov, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f"{MARK} {text}"


def read_provenance(data: bytes, fmt: str) -> dict[str, Any] | None:
    """The provenance a rendered file carries, or None."""
    texts: list[str] = []
    if fmt == "docx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for name in archive.namelist():
                    if name.endswith(".xml"):
                        part = archive.read(name).decode("utf-8", "replace")
                        if MARK in part:
                            texts.append(html.unescape(part))
        except zipfile.BadZipFile:
            return None
    else:
        texts.append(data.decode("utf-8", "replace"))
    decoder = json.JSONDecoder()
    for text in texts:
        at = text.find(MARK)
        if at < 0:
            continue
        start = text.find("{", at)
        try:
            value, _end = decoder.raw_decode(text, start)
        except (ValueError, json.JSONDecodeError):
            return None
        return value if isinstance(value, dict) else None
    return None


# --- rendering ---------------------------------------------------------------------------------


@dataclass
class Rendered:
    """A document in one format, with its provenance and the path it belongs at under reports/."""

    document: Document
    fmt: str
    content: bytes
    provenance: dict[str, Any]
    dirty: list[str] = field(default_factory=list)  # input files that differ from the source commit

    @property
    def path(self) -> str:
        return f"{REPORTS_DIR}/{self.document.name}.{self.fmt}"


def canonical_params(params: dict[str, Any], as_of: dt.date, redact: bool) -> dict[str, Any]:
    """The parameters as recorded: None left out, ``as_of`` as ISO text, ``redact`` only when on."""
    out = {k: v for k, v in params.items() if v is not None and k not in ("as_of", "redact")}
    out["as_of"] = as_of.isoformat()
    if redact:
        out["redact"] = True
    return out


def build(root: Path, name: str, params: dict[str, Any], use_cache: bool = True) -> Document:
    """The document ``name`` built from the workspace at root (params as recorded)."""
    from ..pipeline import checked_workspace, read_workspace

    documents = builders()
    builder = documents.get(name)
    if builder is None:
        raise ConfigError(f"没有名为“{name}”的报告。可用的有：{'、'.join(sorted(documents))}。")
    if wants_check(builder):
        ws, result = checked_workspace(root, dt.date.fromisoformat(params["as_of"]), use_cache)
        return builder(ws, params, check=result)
    return builder(read_workspace(root), params)


def encode(doc: Document, fmt: str, prov: dict[str, Any]) -> bytes:
    """The document as the bytes of one format, provenance embedded."""
    line = provenance_line(prov)
    doc.meta["provenance"] = line
    if fmt == "md":
        return f"<!-- {line} -->\n\n{markdown_file(doc)}".encode("utf-8")
    if fmt == "json":
        payload = {"document": prov.get("document"), "title": doc.title, "meta": {k: v for k, v in doc.meta.items() if k != "provenance"},
                   "data": doc.data, "provenance": prov}
        return (json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")
    if fmt in ("html", "docx"):
        try:
            from .. import formats
        except ImportError:
            raise DjError(f"此版本的 dj 尚不能生成 {fmt} 格式。请改用 --format md 或 json。") from None
        if fmt == "html":
            return formats.to_html(doc)
        return formats.to_docx(doc, kind=doc.meta.get("kind", "report"))
    raise ConfigError(f"格式“{fmt}”无效，只能是：{'、'.join(FORMATS)}。")


def markdown_file(doc: Document) -> str:
    """The Markdown as a file: for a report or decision, the 主送机关 after the title and the 落款
    (issuer, date) at the end, where the HTML and DOCX formats print them from ``meta``."""
    from ..dates import cn_date
    from ..render import escape

    text = doc.markdown.rstrip("\n") + "\n"
    meta = doc.meta or {}
    if meta.get("kind", "report") == "letter":
        return text
    if meta.get("recipients"):
        line = escape(meta["recipients"].strip().rstrip(":：")) + "："
        if text.startswith("# "):
            head, _nl, rest = text.partition("\n")
            text = f"{head}\n\n{line}\n\n{rest.lstrip(chr(10))}"
        else:
            text = f"{line}\n\n{text}"
    tail = [escape(meta["issuer"])] if meta.get("issuer") else []
    if meta.get("date"):
        tail.append(cn_date(meta["date"]))
    if tail:
        text += "\n" + "\n\n".join(tail) + "\n"
    return text


def render_document(root: Path, name: str, params: dict[str, Any], fmt: str = "md", as_of: dt.date | None = None,
                    redact: bool = False) -> Rendered:
    """Build document ``name`` from the workspace at root and encode it with its provenance.

    Args:
        params: the document's own parameters (``{"year": 2024}``); ``as_of`` is the date the
            document is dated (decided once by the CLI).
    """
    from .. import gitrepo

    if fmt not in FORMATS:
        raise ConfigError(f"格式“{fmt}”无效，只能是：{'、'.join(FORMATS)}。")
    recorded = canonical_params(params, as_of or dt.date.fromisoformat(params["as_of"]), redact)
    commit = gitrepo.source_commit(root)
    changed = set(gitrepo.changed_files(root)) if commit is not None else set()
    nested: dict[str, str] = {}  # cases/ kept in a repository of its own: its commit too
    for folder in gitrepo.nested_repo_tops(root):
        inner = gitrepo.source_commit(root / folder, exclude=())
        nested[folder] = inner or ""
        if inner is None:
            commit = None
        else:
            changed.update(f"{folder}/{rel}" for rel in gitrepo.changed_files(root / folder))
    doc = build(root, name, recorded)  # first: it brings the parse cache's file index up to date
    files = input_files(root)
    dirty = sorted(changed & set(files))
    prov: dict[str, Any] = {"document": name, "params": recorded, "format": fmt, "commit": commit or "",
                            "records": records_digest(root, files, use_index=True)}
    if nested:
        prov["nested"] = nested
    if dirty or commit is None:
        prov["dirty"] = True
    return Rendered(doc, fmt, encode(doc, fmt, prov), prov, dirty)


def plan_report(rendered: Rendered) -> Plan:
    """Write the report under reports/ (committed by the caller unless --no-commit)."""
    return Plan(f"report {rendered.provenance['document']}", commit_message(rendered),
                [FileChange(rendered.path, rendered.content)])


def commit_message(rendered: Rendered) -> str:
    commit = rendered.provenance.get("commit") or ""
    source = f"，依据提交 {commit[:12]}" if commit else ""
    return f"报告：{rendered.path}{source}\n\n{rendered.document.title}"


def refuse_dirty(rendered: Rendered) -> None:
    """A report is committed only when it names the commit its records are from."""
    if rendered.provenance.get("commit") == "":
        raise DjError("工作区还没有提交过记录，报告无法注明它依据的提交。请先提交记录（git add、git commit），"
                      "或加上 --no-commit 或 --output 只生成文件。")
    if rendered.dirty:
        shown = "\n  ".join(rendered.dirty[:10]) + ("\n  …" if len(rendered.dirty) > 10 else "")
        raise DjError("以下文件有尚未提交的修改，报告无法注明它依据的提交，dj 不会提交这份报告：\n  " + shown
                      + "\n请先提交这些修改（git commit），或加上 --no-commit 或 --output 只生成文件（来源注释中会注明 \"dirty\":true，这样的报告不能通过 dj report --verify）。")


# --- verify ------------------------------------------------------------------------------------


@dataclass
class Verified:
    """One report under reports/ and whether rendering it again from its commit gives its bytes."""

    path: str
    ok: bool
    reason: str = ""
    commit: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "ok": self.ok, "reason": self.reason, "commit": self.commit}


@dataclass
class VerifyResult:
    reports: list[Verified]

    @property
    def failed(self) -> list[Verified]:
        return [r for r in self.reports if not r.ok]

    def to_dict(self) -> dict[str, Any]:
        return {"reports": [r.to_dict() for r in self.reports],
                "summary": {"reports": len(self.reports), "failed": len(self.failed)}}


def report_files(root: Path) -> list[str]:
    from ..walk import walk_files

    folder = root / REPORTS_DIR
    if not folder.is_dir():
        return []
    return [f"{REPORTS_DIR}/{rel}" for rel in walk_files(folder) if rel.rsplit(".", 1)[-1] in FORMATS]


def verify(root: Path) -> VerifyResult:
    """Render every report under reports/ again from its recorded commit and compare the bytes."""
    from .. import gitrepo

    results: list[Verified] = []
    trees: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="dj-verify-") as tmp:
        for rel in report_files(root):
            fmt = rel.rsplit(".", 1)[-1]
            data = (root / rel).read_bytes()
            prov = read_provenance(data, fmt)
            if prov is None or not isinstance(prov.get("params"), dict) or "document" not in prov:
                results.append(Verified(rel, False, "没有 dj 的来源注记（dj:provenance）：不是 dj report 生成的，或注记被删改"))
                continue
            commit = str(prov.get("commit") or "")
            if prov.get("dirty") or not commit:
                results.append(Verified(rel, False, "生成时记录有未提交的修改，无法按提交核验；请提交记录后重新生成", commit))
                continue
            nested = prov.get("nested") if isinstance(prov.get("nested"), dict) else {}
            state = json.dumps([commit, nested], sort_keys=True)
            if state not in trees:
                try:
                    tree = gitrepo.materialize(root, commit, Path(tmp) / str(len(trees)))
                    for folder, inner in sorted(nested.items()):
                        gitrepo.materialize(root / folder, str(inner), tree / folder)
                except DjError as exc:  # e.g. a shallow clone without that commit: this report only
                    results.append(Verified(rel, False, f"无法取出提交 {commit[:12]}：{exc.message}", commit))
                    continue
                trees[state] = tree
            tree = trees[state]
            if records_digest(tree) != prov.get("records"):
                results.append(Verified(rel, False, f"所注记录摘要与提交 {commit[:12]} 中的记录不符", commit))
                continue
            try:
                doc = build(tree, str(prov["document"]), dict(prov["params"]), use_cache=False)
                again = encode(doc, str(prov.get("format") or fmt), prov)
            except DjError as exc:
                results.append(Verified(rel, False, f"无法按提交 {commit[:12]} 重新生成：{exc.message}", commit))
                continue
            if again == data:
                results.append(Verified(rel, True, "", commit))
            else:
                results.append(Verified(rel, False, f"与按提交 {commit[:12]} 重新生成的内容不一致：被手工改动过，或生成它的 dj 版本或模板不同", commit))
    return VerifyResult(results)
