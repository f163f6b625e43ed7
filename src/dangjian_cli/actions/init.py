"""dj init: a new workspace, or the sample workspace with its replayed git history.

The scaffolding (CI, editor and git settings) is kept as files under the top-level
``templates/init/`` folder. A file or folder named ``dot-X`` there becomes ``.X`` in the
workspace (so the templates do not act on dj's own repository), and a file ending in
``.j2`` is rendered with Jinja (context: ``config``, ``kinds``) and loses the suffix.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, DjError, DjInternalError
from ..gitrepo import Author
from ..workspace import CONFIG_NAME
from ..write import Applied, FileChange, Plan, apply_plan

DEFAULT_NAME = "某某单位"
FALLBACK_AUTHOR = ("dj", "dj@localhost")
EXAMPLE = "procuratorate"
HISTORY = "procuratorate-history.yaml"

@dataclass
class InitResult:
    """What dj init made: the result the CLI prints (``lines``, a Chinese account) or dumps as JSON."""

    path: str
    organization: str
    year: int
    created: list[str]
    kept: list[str]
    ignored: list[str]
    commit: str | None
    author: str
    lines: list[str]
    example: bool = False
    commits: int = 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- dj.yaml -------------------------------------------------------------------------------

HEADER = """\
# dj 工作区配置
# “#” 后面是说明文字，dj 不读取。修改冒号后面的值即可；删去某项设置则使用默认值。
# 各项默认值取自相关党内法规和常见做法；标明“可按本地规定调整”的，请以本地规定为准。
# 修改后运行 dj check，确认没有错误再提交。
"""

_MARKERS = {
    "P": "常见做法，可按本地规定调整",
    "U": "尚无统一标准，可按本地规定调整",
    "V 地方": "地方规定，可按本地规定调整",
}
_MARKER = re.compile(r"\[(P|U|V 地方)\]\s*")
_PLAIN = re.compile(r"[\w（）《》〈〉“”、，。·—\-]+")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def _note(title: str | None, description: str | None) -> str:
    """`title：description` with the source markers of the defaults spelt out in Chinese."""
    text = (description or "").strip()
    notes = [_MARKERS[m] for m in _MARKER.findall(text)]
    text = _MARKER.sub("", text).strip()
    if notes:
        text = f"{text}（{'；'.join(notes)}）" if text else "、".join(notes)
    title = title or ""
    return f"{title}：{text}" if title and text else title or text


def _scalar(value: Any) -> str:
    """One YAML 1.2 scalar, quoted only when it would otherwise mean something else."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same float
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "null"
    text = str(value)
    if _PLAIN.fullmatch(text) and not text[0].isdigit() and text[0] != "-" and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _flow(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    return _scalar(value)


def _model_lines(model: Any, indent: int, example_year: int) -> Iterator[str]:
    from pydantic import BaseModel

    pad = "  " * indent
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        nested = isinstance(value, BaseModel)
        if indent == 0 or (nested and indent == 1):
            yield ""
        note = _note(info.title or (value.model_config.get("title") if nested else None), info.description)
        if note:
            yield f"{pad}# {note}"
        if nested:
            yield f"{pad}{name}:"
            yield from _model_lines(value, indent + 1, example_year)
        elif value is None:
            hint = example_year if name.endswith("year") else "…"
            yield f"{pad}# {name}: {hint}    （不填；需要时去掉行首的“# ”并填写）"
        elif isinstance(value, dict) and value:
            yield f"{pad}{name}:"
            for key, item in value.items():
                yield f"{pad}  {_scalar(key)}: {_flow(item)}"
        elif isinstance(value, list) and value and all(isinstance(v, BaseModel) for v in value):
            yield f"{pad}{name}:"  # a list of entries (settings.due.rhythm): one flow mapping a line
            for item in value:
                yield f"{pad}  - {_flow(item.model_dump())}"
        else:
            yield f"{pad}{name}: {_flow(value)}"


def render_config(config: Any) -> str:
    """The text of dj.yaml for config, every setting with its Chinese title and description.

    Why: dj.yaml is the one place a unit adjusts dj to local rules; a comment beside each
    setting says what it means and where its default comes from, so no manual is needed.
    The text loads back (``workspace.load_config``) to a Config equal to config.
    """
    lines = [*HEADER.splitlines(), *_model_lines(config, 0, config.year)]
    return "\n".join(lines) + "\n"


# --- the scaffolding -----------------------------------------------------------------------


# Files that a forge or pre-commit reads only at the top of the repository.
FORGE_FILES = (".gitlab-ci.yml", ".github/workflows/dj-check.yml", ".pre-commit-config.yaml")
_SHELL_SAFE = re.compile(r"[\w@%+=:,./-]+")


def _shell(text: str) -> str:
    """text as one shell word: as it is when plain (Chinese included), else single-quoted."""
    import shlex

    return text if _SHELL_SAFE.fullmatch(text) else shlex.quote(text)


def ci_context(workdir: str = "") -> dict[str, str]:
    """What the CI and pre-commit templates need to know: the workspace's folder in the repository.

    Args:
        workdir: the workspace's POSIX path relative to the repository's top ("" at the top).
    """
    if not workdir:
        return {"workdir": "", "check": "dj check", "report": "gl-code-quality-report.json", "files": "", "workdir_yaml": ""}
    return {
        "workdir": workdir,
        "check": f"dj -C {_shell(workdir)} check",
        "report": _scalar(f"{workdir}/gl-code-quality-report.json"),
        "files": _scalar("^" + re.escape(workdir + "/")),
        "workdir_yaml": _scalar(workdir),
    }


def _template_files(config: Any, workdir: str = "", snippets: list[tuple[str, str, str]] | None = None) -> dict[str, bytes]:
    """Workspace path → content of every file under templates/init/."""
    from ..kinds import KINDS
    from ..resources import data_dir

    base = data_dir("templates") / "init"
    out: dict[str, bytes] = {}
    for path in sorted(p for p in base.rglob("*") if p.is_file()):
        parts = [("." + part[4:]) if part.startswith("dot-") else part for part in path.relative_to(base).parts]
        rel = "/".join(parts)
        data = path.read_bytes()
        if rel.endswith(".j2"):
            import jinja2

            env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
            data = env.from_string(data.decode("utf-8")).render(config=config, kinds=KINDS, ci=ci_context(workdir), snippets=snippets or []).encode("utf-8")
            rel = rel[:-3]
        out[rel] = data
    return out


VSCODE_SETTINGS = ".vscode/settings.json"


def _schema_globs() -> dict[str, Any]:
    """Schema path → the files it applies to: each record folder its kind's, dj.yaml dj's.

    Globs are case-sensitive in the editor and dj reads ``*.YAML`` too, so both cases are
    listed. Markdown records (study sessions) are not: yaml-language-server validates
    YAML documents only, so their front matter is checked by ``dj check`` alone.
    """
    from ..kinds import KINDS

    suffixes = ("yaml", "yml", "YAML", "YML")
    schemas: dict[str, Any] = {f"./schemas/{k.name}.schema.json": [f"{k.folder}/**/*.{s}" for s in suffixes] for k in KINDS}
    schemas["./schemas/dj.schema.json"] = CONFIG_NAME
    return schemas


def _vscode_settings() -> bytes:
    """Red Hat YAML extension: each record folder gets its kind's schema, dj.yaml gets dj's."""
    settings = {
        "yaml.schemas": _schema_globs(),
        "yaml.validate": True,
        "yaml.hover": True,
        "yaml.completion": True,
        "files.encoding": "utf8",
        "files.eol": "\n",
        "[yaml]": {"editor.tabSize": 2, "editor.insertSpaces": True, "editor.autoIndent": "keep"},
    }
    return (json.dumps(settings, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _strip_jsonc(text: str) -> str:
    """VS Code's settings.json may hold // and /* */ comments and trailing commas (JSONC)."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(ch)
            i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


def merged_vscode_settings(existing: bytes) -> bytes | None:
    """dj's wiring merged into an existing settings.json; None when it can't be read as JSON(C).

    The user's settings are kept; dj's schema entries are added to (or replace dj's own
    paths in) ``yaml.schemas``; the other dj settings are added only where absent. Comments
    in the file are not kept (the file is rewritten as plain JSON) — it is only rewritten
    when something is missing.
    """
    try:
        current = json.loads(_strip_jsonc(existing.decode("utf-8-sig")))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(current, dict):
        return None
    ours = json.loads(_vscode_settings())
    merged = dict(current)
    schemas = merged.get("yaml.schemas")
    if schemas is not None and not isinstance(schemas, dict):
        return None
    merged["yaml.schemas"] = {**(schemas or {}), **ours.pop("yaml.schemas")}
    for key, value in ours.items():
        merged.setdefault(key, value)
    if merged == current:
        return existing
    return (json.dumps(merged, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _scaffold(config: Any, config_text: bytes | None, workdir: str = "", snippets: list[tuple[str, str, str]] | None = None) -> dict[str, bytes]:
    """Workspace path → content of the files a new workspace gets (schemas/ apart).

    With workdir (the workspace is that subfolder of a repository), the FORGE_FILES are
    written for the repository's top: dj -C workdir, pre-commit ``files: ^workdir/``; the
    README gives the snippets (``forge_snippets``) for those already there.
    """
    from ..kinds import KINDS

    files = {CONFIG_NAME: config_text} if config_text is not None else {}
    files.update(_template_files(config, workdir, snippets))
    files[VSCODE_SETTINGS] = _vscode_settings()
    for kind in KINDS:
        files[f"{kind.folder}/.gitkeep"] = b""
    return files


def _new_files(root: Path, files: dict[str, bytes], kept: list[str]) -> list[FileChange]:
    """The files that do not exist yet; an existing one is left as it is (and noted in kept).

    An existing .vscode/settings.json gets dj's editor wiring merged in: without it the
    editor has no schema at all.
    """
    changes = []
    for rel, data in files.items():
        path = root / rel
        if rel == VSCODE_SETTINGS and path.is_file():
            merged = merged_vscode_settings(path.read_bytes())
            if merged is None:
                kept.append(f"{rel}（不是有效的 JSON，未能加入 YAML 校验设置；请参照 dj 文档手动加入 yaml.schemas）")
            elif merged == path.read_bytes():
                kept.append(rel)
            else:
                changes.append(FileChange(rel, merged))
        elif path.exists():
            kept.append(rel)
        else:
            changes.append(FileChange(rel, data))
    return changes


def _settings_outside_commit(root: Path, changes: list[FileChange], kept: list[str]) -> tuple[list[FileChange], FileChange | None]:
    """An existing settings.json with uncommitted edits can't go into dj's commit.

    It is merged without a commit, unless it holds comments (the merge would drop them
    and git has no copy to get them back): then it is left alone, and the report says so.
    """
    from .. import gitrepo

    merge = next((c for c in changes if c.path == VSCODE_SETTINGS and (root / c.path).is_file()), None)
    if merge is None or not gitrepo.dirty_paths(root, [merge.path]):
        return changes, None
    rest = [c for c in changes if c is not merge]
    text = (root / merge.path).read_bytes().decode("utf-8-sig")
    if _strip_jsonc(text) != re.sub(r",(\s*[}\]])", r"\1", text):
        kept.append(f"{merge.path}（有注释和未提交的改动，未加入 YAML 校验设置；请参照 dj 文档手动加入 yaml.schemas）")
        return rest, None
    return rest, merge


def _schema_files(root: Path, kept: list[str], config: Any = None) -> dict[str, bytes]:
    """schemas/*.json (closed lists from config's settings), unless the folder is there already."""
    from ..schema import plan_schemas

    if (root / "schemas").exists():
        kept.append("schemas/")
        return {}
    return {c.path: c.content for c in plan_schemas("schemas", config) if c.content is not None}


def _author(root: Path) -> Author:
    """The git user; without one (a CI runner, a fresh machine) dj commits in its own name."""
    from .. import gitrepo

    return gitrepo.user_identity(root) or Author(*FALLBACK_AUTHOR)


def _repo_root(root: Path) -> Path:
    """The top of the git repository that holds root, created there when there is none."""
    from .. import gitrepo

    return gitrepo.repo_top(root)


def _summary_of(paths: list[str]) -> str:
    """The created paths folded to their top-level folders (``people/``); .github/ stays whole."""
    tops: list[str] = []
    for rel in paths:
        head, sep, _ = rel.partition("/")
        top = rel if head == ".github" else head + sep
        if top not in tops:
            tops.append(top)
    return "、".join(tops)


def forge_snippets(workdir: str, existing: list[str]) -> list[tuple[str, str, str]]:
    """(file, where in it, the lines to add) for each forge file already at the repository's top.

    Why not edit it: the user's CI file may hold anything (anchors, includes, other jobs);
    dj says exactly what to add instead of rewriting it.
    """
    out: list[tuple[str, str, str]] = []
    ci = ci_context(workdir)
    if ".gitlab-ci.yml" in existing:
        out.append((".gitlab-ci.yml", "在该文件末尾（顶格，作为一个新任务）", (
            "dj-check:\n"
            "  image: python:3.11\n"
            "  variables:\n"
            '    DJ_PIP_SPEC: "dangjian-cli"\n'
            '    TZ: "Asia/Shanghai"\n'
            "  script:\n"
            '    - pip install "$DJ_PIP_SPEC"\n'
            f"    - {ci['check']} --format gitlab --output gl-code-quality-report.json\n"
            "  artifacts:\n"
            "    when: always\n"
            "    reports:\n"
            f"      codequality: {ci['report']}\n")))
    if ".github/workflows/dj-check.yml" in existing:
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", workdir).strip("-")
        job = f"dj-check-{slug}" if slug else "dj-check-workspace"
        out.append((".github/workflows/dj-check.yml", "在该文件的 jobs: 之下（缩进两格，与其他任务对齐）", (
            f"{job}:\n"
            "  runs-on: ubuntu-latest\n"
            "  steps:\n"
            "    - uses: actions/checkout@v4\n"
            "      with:\n"
            "        fetch-depth: 0\n"
            "    - uses: actions/setup-python@v5\n"
            "      with:\n"
            '        python-version: "3.11"\n'
            "    - run: pip install \"${{ vars.DJ_PIP_SPEC || 'dangjian-cli' }}\"\n"
            "    - name: 校验记录\n"
            "      env:\n"
            "        TZ: Asia/Shanghai\n"
            f"      working-directory: {ci['workdir_yaml'] or '.'}\n"
            "      run: dj check\n")))
    if ".pre-commit-config.yaml" in existing:
        files = f"        files: {ci['files']}\n" if ci["files"] else ""
        out.append((".pre-commit-config.yaml", "在该文件的 repos: 之下（以“  - repo: local”开头，与其他 repo 对齐）", (
            "  - repo: local\n"
            "    hooks:\n"
            "      - id: dj-check\n"
            "        name: dj 记录校验\n"
            f"        entry: {ci['check']}\n"
            "        language: system\n"
            f"{files}"
            "        pass_filenames: false\n"
            "        types_or: [yaml, markdown]\n"
            "        require_serial: true\n")))
    return out


def _prepare_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ConfigError(f"{target} 是一个文件，不是目录。请换一个目录名。")
    target.mkdir(parents=True, exist_ok=True)


def create_workspace(target: Path, today: dt.date, name: str | None = None, year: int | None = None) -> InitResult:
    """Create a workspace at target and make its first commit.

    Args:
        name: the unit's name; defaults to 某某单位, to be replaced in dj.yaml.
        year: the working year; defaults to the current year.

    Files that already exist in target are kept as they are (and left out of the commit).
    Without a git identity the commit is made as ``dj <dj@localhost>``.

    Raises:
        DjError: target already holds a dj.yaml, or is a file.
    """
    from ..models.config import Config, Organization

    target = Path(target)
    if (target / CONFIG_NAME).exists():
        raise DjError(f"{target} 中已有 {CONFIG_NAME}，已经是 dj 工作区，不再重复新建。如需重新开始，请换一个空目录。")
    _prepare_target(target)
    year = year if year is not None else today.year
    if not 2000 <= year <= 2100:
        raise ConfigError(f"年度 {year} 不在 2000 至 2100 之间，请用 --year 指定正确的年度，例如 --year {today.year}。")
    config = Config(organization=Organization(name=(name or "").strip() or DEFAULT_NAME), year=year)

    repo_root = _repo_root(target)
    workdir = target.resolve().relative_to(repo_root).as_posix() if repo_root != target.resolve() else ""
    snippets = forge_snippets(workdir, [rel for rel in FORGE_FILES if workdir and (repo_root / rel).exists()])
    kept: list[str] = []
    files = {**_scaffold(config, render_config(config).encode("utf-8"), workdir, snippets), **_schema_files(target, kept, config)}
    forge = {rel: files.pop(rel) for rel in FORGE_FILES if workdir and rel in files}
    changes = _new_files(target, files, kept)
    author = _author(target)
    message = f"dj init：新建工作区（{config.organization.name}，{year} 年度）"
    changes, uncommitted = _settings_outside_commit(target, changes, kept)
    top_changes = _new_files(repo_root, forge, [])
    # Committed from the repository's top, so that the forge files there go into the same commit.
    in_repo = [FileChange(f"{workdir}/{c.path}" if workdir else c.path, c.content) for c in changes] + top_changes
    applied = apply_plan(repo_root, Plan("init", message, in_repo, author=author))
    if workdir:  # paths as seen from the workspace again: ../.gitlab-ci.yml for a file at the top
        up = "../" * len(workdir.split("/"))
        prefix = workdir + "/"
        applied.changed, applied.ignored = ([p.removeprefix(prefix) if p.startswith(prefix) else up + p for p in paths]
                                            for paths in (applied.changed, applied.ignored))
    lines = _workspace_report(target, config, [c.path for c in changes], kept, applied, author, repo_root, name_given=bool(name),
                              top_created=[c.path for c in top_changes], snippets=snippets)
    if uncommitted is not None:
        apply_plan(target, Plan("init", message, [uncommitted]), commit=False)
        lines.insert(2, f"  已把 YAML 校验设置并入 {VSCODE_SETTINGS}（该文件原有未提交的改动，故未提交；请检查后自行提交）")
    return InitResult(str(target.resolve()), config.organization.name, year, applied.changed, kept, applied.ignored,
                      applied.commit, f"{author.name} <{author.email}>", lines)


def _workspace_report(target: Path, config: Any, created: list[str], kept: list[str], applied: Applied, author: Author,
                      repo_root: Path, name_given: bool, top_created: list[str] | None = None,
                      snippets: list[tuple[str, str, str]] | None = None) -> list[str]:
    lines = [
        f"已在 {target.resolve()} 新建 dj 工作区（{config.organization.name}，{config.year} 年度）。",
        f"  新建：{_summary_of(created)}",
    ]
    if top_created:
        lines.append(f"  在仓库根目录 {repo_root} 新建：{'、'.join(top_created)}（GitHub、Gitea、GitLab 和 pre-commit 只读取根目录中的这些文件）")
    if kept:
        lines.append(f"  已存在、未改动：{'、'.join(kept)}")
    if applied.ignored:
        lines.append(f"  按 .gitignore 的设置未提交：{'、'.join(applied.ignored)}")
    who = f"{author.name} <{author.email}>"
    if applied.commit is not None:
        lines.append(f"  已完成首次提交 {applied.commit[:7]}（提交人 {who}）。")
    if (author.name, author.email) == FALLBACK_AUTHOR:
        lines.append(
            '  提示：本机没有设置 git 用户名和邮箱，首次提交以 dj 的名义完成。今后提交前请运行：\n'
            '    git config --global user.name "您的姓名"\n'
            '    git config --global user.email "您的邮箱"'
        )
    for path, where, text in snippets or []:
        lines.append(f"  仓库根目录已有 {path}，dj 没有改动它。请{where}加入以下几行（工作区的 README.md 中也有）：")
        lines += [f"      {line}" if line else "" for line in text.splitlines()]
    lines.append("下一步：")
    step = 1
    if not name_given:
        lines.append(f"  {step}. 在 {CONFIG_NAME} 中把单位名称“{config.organization.name}”改为本单位全称，并填写上级机关；")
        step += 1
    else:
        lines.append(f"  {step}. 在 {CONFIG_NAME} 中填写上级机关（superior_committee 等）；")
        step += 1
    lines.append(f"  {step}. 录入部门和人员，例如 dj dept add --name 办公室，"
                 "dj person add --name 张三 --title 党组书记、检察长 --tier 主要负责人 --start 2024-01-01（dj person --help 有更多示例）；")
    lines.append(f"  {step + 1}. 运行 dj check 校验，没有错误再提交。")
    lines.append("想先看看完整的样子，可运行 dj init --example 示例 生成一个示例工作区。")
    return lines


# --- the example ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryCommit:
    """One commit of the example's history (see the comment atop the manifest)."""

    date: str
    author_name: str
    author_email: str
    message: str
    add: tuple[str, ...]
    versions: dict[str, str]


_AUTHOR = re.compile(r"^\s*(.+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?[+-]\d\d:\d\d$")


def load_history(path: Path) -> list[HistoryCommit]:
    """The commits listed in the example's history manifest, in order.

    Raises:
        DjInternalError: the manifest shipped with dj is malformed (a bug in dj).
    """
    from ..yamlio import build, compose, scalar_text

    node = compose(path.read_text(encoding="utf-8"))
    data = build(node) if node is not None else None
    commits = data.get("commits") if isinstance(data, dict) else None
    if not isinstance(commits, list) or not commits:
        raise DjInternalError(f"{path.name}: 'commits' must be a non-empty list")
    out = []
    for i, entry in enumerate(commits):
        where = f"{path.name}: commits[{i}]"
        if not isinstance(entry, dict):
            raise DjInternalError(f"{where} must be a mapping")
        date = scalar_text(node, ("commits", i, "date")) or ""  # as written: keeps the +08:00
        author = _AUTHOR.match(str(entry.get("author", "")))
        add = entry.get("add") or []
        versions = entry.get("versions") or {}
        if not _DATE.match(date) or author is None or not entry.get("message"):
            raise DjInternalError(f"{where} needs date (YYYY-MM-DDTHH:MM+08:00), author (Name <email>) and message")
        if not isinstance(add, list) or not isinstance(versions, dict):
            raise DjInternalError(f"{where}: 'add' must be a list and 'versions' a mapping")
        out.append(HistoryCommit(date, author[1], author[2], str(entry["message"]), tuple(map(str, add)),
                                 {str(k): str(v) for k, v in versions.items()}))
    return out


def _matches(files: list[str], pattern: str) -> list[str]:
    """The files (POSIX paths) that a glob names; ``**`` spans folders."""
    regex = "".join(
        ".*" if part == "**" else re.escape(part).replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        for part in re.split(r"(\*\*)", pattern.strip("/"))
    )
    compiled = re.compile(regex.replace(".*/", "(?:.*/)?") + "$")
    return [f for f in files if compiled.match(f)]


def plan_history(source: Path, history: list[HistoryCommit]) -> list[tuple[HistoryCommit, dict[str, bytes]]]:
    """What each commit of the example writes: path → content.

    A commit's ``versions`` write an earlier state of a file; its ``add`` globs then bring
    every file they name that is not yet in its final form (as in examples/procuratorate/).
    Files no commit names go into the last one.
    """
    from ..walk import walk_files

    final = list(walk_files(source))
    pending = set(final)
    plan: list[tuple[HistoryCommit, dict[str, bytes]]] = []
    for index, commit in enumerate(history):
        unknown = sorted(set(commit.versions) - pending)
        if unknown:
            raise DjInternalError(f"{HISTORY}: versions of {unknown} ({commit.message}) must name files not yet final")
        writes: dict[str, bytes] = {rel: text.encode("utf-8") for rel, text in commit.versions.items()}
        if index == 0 and CONFIG_NAME in pending:  # the first commit sets up the workspace
            writes[CONFIG_NAME] = (source / CONFIG_NAME).read_bytes()
            pending.discard(CONFIG_NAME)
        for pattern in commit.add:
            named = _matches(final, pattern)
            if not named:
                raise DjInternalError(f"{HISTORY}: the glob {pattern!r} ({commit.message}) names no file")
            for rel in named:
                if rel in pending and rel not in commit.versions:
                    writes[rel] = (source / rel).read_bytes()
                    pending.discard(rel)
        if index == len(history) - 1:
            for rel in sorted(pending):
                writes[rel] = (source / rel).read_bytes()
            pending.clear()
        plan.append((commit, writes))
    return plan


def create_example(target: Path) -> InitResult:
    """Build the sample workspace at target, replaying its year of git history.

    Raises:
        DjError: target exists and is not empty.
    """
    from .. import gitrepo
    from ..kinds import KINDS
    from ..resources import data_dir
    from ..workspace import load_config

    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ConfigError(f"{target} 已存在且不是空目录。示例工作区须建在新目录中，请换一个目录名，例如 dj init --example 示例。")
    examples = data_dir("examples")
    source = examples / EXAMPLE
    history = load_history(examples / HISTORY)
    plan = plan_history(source, history)
    config = load_config(source)

    target.mkdir(parents=True, exist_ok=True)
    # The example's history is its own: inside another repository it becomes a nested
    # repository, and nothing is committed to the enclosing one.
    gitrepo.init_repo(target, own=True).close()

    first_extra = _scaffold(config, None)
    records = {rel for _, writes in plan for rel in writes}
    for kind in KINDS:  # a folder with records needs no placeholder
        if any(rel.startswith(kind.folder + "/") for rel in records):
            first_extra.pop(f"{kind.folder}/.gitkeep", None)
    commits = 0
    for index, (commit, writes) in enumerate(plan):
        files = {**first_extra, **_schema_files(target, [], config)} if index == 0 else {}
        changes = _new_files(target, files, []) + [FileChange(rel, data) for rel, data in writes.items()]
        if not changes:
            raise DjInternalError(f"{HISTORY}: the commit {commit.message!r} adds nothing")
        author = Author(commit.author_name, commit.author_email)
        applied = apply_plan(target, Plan("", commit.message, changes, author=author, date=commit.date))
        commits += applied.commit is not None

    authors = sorted({c.author_name for c in history})
    first, last = history[0].date[:10], history[-1].date[:10]
    return InitResult(str(target.resolve()), config.organization.name, config.year, [], [], [], None, "", [
        f"已在 {target.resolve()} 建立示例工作区：{config.organization.name}（虚构单位）{config.year} 年度的记录。",
        f"  git 历史：{commits} 次提交，{first} 至 {last}，提交人 {'、'.join(authors)}（均为虚构人员）。",
        "可以试试：",
        f"  cd {target}",
        "  dj check",
        "  git log --stat",
    ], example=True, commits=commits)
