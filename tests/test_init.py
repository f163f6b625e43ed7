"""dj init: a new workspace ready for check, CI and editors; the example with its year of history."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from dangjian_cli.actions.init import render_config
from dangjian_cli.kinds import KINDS
from dangjian_cli.models.config import Config, Organization
from dangjian_cli.workspace import load_config

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_SOURCE = REPO / "examples" / "procuratorate"


def git(ws: Path, *args: str, check: bool = True) -> str:
    return subprocess.run(["git", "-C", str(ws), *args], capture_output=True, text=True, encoding="utf-8",
                          check=check, stdin=subprocess.DEVNULL).stdout


def log(ws: Path) -> list[list[str]]:
    """(author name, email, ISO date, subject) of every commit, newest first."""
    out = git(ws, "log", "--format=%an%x1f%ae%x1f%aI%x1f%s")
    return [line.split("\x1f") for line in out.splitlines()]


def tracked(ws: Path) -> set[str]:
    return set(git(ws, "-c", "core.quotepath=false", "ls-files").splitlines())


def files_on_disk(ws: Path) -> set[str]:
    return {p.relative_to(ws).as_posix() for p in ws.rglob("*")
            if p.is_file() and ".git" not in p.relative_to(ws).parts and ".dj-cache" not in p.relative_to(ws).parts}


def documented(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str]]:
    """(dotted key, title) of every setting of a model, nested groups included."""
    out = []
    for name, info in model.model_fields.items():
        out.append((prefix + name, info.title or ""))
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out.extend(documented(annotation, prefix + name + "."))
    return out


# --- dj init -------------------------------------------------------------------------------


def test_init_creates_a_workspace_that_checks_clean_in_one_commit(tmp_path: Path, git_env: dict, cli) -> None:
    ws = tmp_path / "ws"
    result = cli("init", ws, "--name", "某某县人民检察院", "--year", "2024")
    assert result.exit_code == 0, result.stderr
    assert "某某县人民检察院" in result.stdout

    config = load_config(ws)
    assert config.organization.name == "某某县人民检察院" and config.year == 2024
    for kind in KINDS:
        assert (ws / kind.folder).is_dir()
    check = cli("-C", ws, "check", "--no-cache", "--format", "json")
    assert check.exit_code == 0, check.stdout
    assert json.loads(check.stdout)["findings"] == []

    commits = log(ws)
    assert len(commits) == 1
    assert commits[0][:2] == [git_env["GIT_AUTHOR_NAME"], git_env["GIT_AUTHOR_EMAIL"]]
    assert tracked(ws) == files_on_disk(ws)  # everything created is in the first commit
    assert git(ws, "status", "--porcelain") == ""


def test_init_writes_ready_ci_editor_and_git_settings(tmp_path: Path, git_env: dict, cli) -> None:
    ws = tmp_path / "ws"
    assert cli("init", ws).exit_code == 0

    gitlab = yaml.safe_load((ws / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    job = next(v for v in gitlab.values() if isinstance(v, dict) and "script" in v)
    assert job["variables"]["DJ_PIP_SPEC"] == "dangjian-cli"
    assert 'pip install "$DJ_PIP_SPEC"' in job["script"]
    assert "dj check --format gitlab --output gl-code-quality-report.json" in job["script"]
    assert job["artifacts"] == {"when": "always", "reports": {"codequality": "gl-code-quality-report.json"}}

    workflow_text = (ws / ".github" / "workflows" / "dj-check.yml").read_text(encoding="utf-8")
    assert "Gitea" in workflow_text
    workflow = yaml.safe_load(workflow_text)
    assert "dangjian-cli" in workflow["env"]["DJ_PIP_SPEC"]
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert 'pip install "$DJ_PIP_SPEC"' in runs and "dj check" in runs

    hooks = yaml.safe_load((ws / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["repo"] == "local"
    hook = hooks["repos"][0]["hooks"][0]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("dj check", "system", False)
    assert set(hook["types_or"]) == {"yaml", "markdown"}

    settings = json.loads((ws / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for kind in KINDS:
        schema = f"./schemas/{kind.name}.schema.json"
        assert (ws / schema).is_file()
        assert f"{kind.folder}/**/*.yaml" in mapping[schema]
    assert mapping["./schemas/dj.schema.json"] == "dj.yaml"

    attributes = (ws / ".gitattributes").read_text(encoding="utf-8").splitlines()
    for pattern in ("*.yaml", "*.yml", "*.md"):
        assert f"{pattern} text eol=lf" in attributes
    editorconfig = (ws / ".editorconfig").read_text(encoding="utf-8")
    assert "charset = utf-8" in editorconfig and "end_of_line = lf" in editorconfig
    assert "indent_size = 2" in editorconfig


def test_init_defaults_to_this_year_and_a_placeholder_name(tmp_path: Path, git_env: dict, cli) -> None:
    import datetime as dt

    ws = tmp_path / "ws"
    result = cli("init", ws)
    assert result.exit_code == 0, result.stderr
    config = load_config(ws)
    assert config.year == dt.date.today().year
    assert config.organization.name == "某某单位"
    assert "某某单位" in result.stdout  # the summary says to replace it


def test_init_refuses_an_existing_workspace(tmp_path: Path, git_env: dict, cli) -> None:
    ws = tmp_path / "ws"
    assert cli("init", ws).exit_code == 0
    before = (ws / "dj.yaml").read_bytes()
    again = cli("init", ws, "--name", "另一个单位")
    assert again.exit_code == 1
    assert "dj.yaml" in again.stderr and "Traceback" not in again.stderr
    assert (ws / "dj.yaml").read_bytes() == before
    assert len(log(ws)) == 1


def test_init_works_without_a_git_identity(tmp_path: Path, no_git_identity: Path, cli) -> None:
    assert git(tmp_path, "config", "user.email", check=False) == ""  # really no identity, as on CI
    ws = tmp_path / "ws"

    result = cli("init", ws)
    assert result.exit_code == 0, result.stderr
    assert "git config --global user.name" in result.stdout  # tells how to set one
    commits = log(ws)
    assert len(commits) == 1 and commits[0][:2] == ["dj", "dj@localhost"]
    assert cli("-C", ws, "check", "--no-cache").exit_code == 0


def test_init_keeps_existing_files_and_commits_only_its_own(tmp_path: Path, git_env: dict, cli) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "notes.txt").write_text("用户自己的文件\n", encoding="utf-8")
    git(repo, "add", "notes.txt")  # staged by the user, not for dj to commit
    ws = repo / "党建"
    ws.mkdir()
    own_ci = "# 本单位已有的 CI 配置\nstages: [test]\n"
    (ws / ".gitlab-ci.yml").write_text(own_ci, encoding="utf-8")

    result = cli("init", ws)
    assert result.exit_code == 0, result.stderr
    assert (ws / ".gitlab-ci.yml").read_text(encoding="utf-8") == own_ci
    assert ".gitlab-ci.yml" in result.stdout  # reported as kept
    committed = set(git(repo, "-c", "core.quotepath=false", "show", "--name-only", "--format=", "HEAD").split())
    assert "党建/dj.yaml" in committed
    assert "notes.txt" not in committed and "党建/.gitlab-ci.yml" not in committed
    assert "A  notes.txt" in git(repo, "status", "--porcelain").splitlines()


# --- dj.yaml -------------------------------------------------------------------------------


def test_rendered_config_loads_back_and_documents_every_setting(tmp_path: Path) -> None:
    config = Config(organization=Organization(name="某某县人民检察院"), year=2025)
    text = render_config(config)
    (tmp_path / "dj.yaml").write_text(text, encoding="utf-8")
    assert load_config(tmp_path) == config
    comments = [line.strip() for line in text.splitlines() if line.strip().startswith("#")]
    for key, title in documented(Config):
        assert title, f"{key} has no title"
        assert any(c.startswith(f"# {title}") for c in comments), f"no comment for {key}（{title}）"


def test_rendered_config_round_trips_unusual_values(tmp_path: Path) -> None:
    base = Config(organization=Organization(name="x"), year=2024)
    settings = base.settings.model_copy(update={
        "review": base.settings.review.model_copy(update={"weights": {"检查整改": 0.25, "民主测评": 0.35, "反馈": 0.4}}),
    })
    config = Config(
        organization=Organization(name="示例: 县 #1 “院”", level="true", party_body="123", superior_committee="- 中共示例县委"),
        year=2024, first_year=2020, settings=settings,
    )
    (tmp_path / "dj.yaml").write_text(render_config(config), encoding="utf-8")
    assert load_config(tmp_path) == config


# --- dj init --example ---------------------------------------------------------------------


def test_example_replays_2024_by_several_authors(example: Path) -> None:
    commits = log(example)
    assert len(commits) >= 8
    assert len({email for _, email, _, _ in commits}) >= 3
    assert all(date.startswith("2024-") and date.endswith("+08:00") for _, _, date, _ in commits)
    assert all(email.endswith("@example.invalid") for _, email, _, _ in commits)
    dates = [date for _, _, date, _ in commits]
    assert dates == sorted(dates, reverse=True)
    assert git(example, "status", "--porcelain") == ""


def test_example_passes_check_without_warnings(example: Path, cli) -> None:
    result = cli("-C", example, "check", "--no-cache", "--format", "json")
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)
    # The deliberate warnings: a rectification done late (DJ501) by the department whose year crowds
    # into December (DJ516, 突击), a 提示单 left unanswered past its reply date (五单法, DJ471), and a
    # case still under investigation past its deadline (DJ550, 追而不究).
    assert sorted((f["code"], f["path"]) for f in report["findings"]) == [
        ("DJ471", "reminders/2024/2024-ts-p-wangwu-01.yaml"),
        ("DJ501", "inspections/2024/2024-jc-01-routine.yaml"),
        ("DJ516", "inspections/2024/2024-jc-01-routine.yaml"),
        ("DJ550", "cases/2024/2024-zz-04.yaml"),
    ], report["findings"]
    assert report["summary"]["records"] >= 40


def test_example_holds_the_bundled_records_and_the_scaffolding(example: Path) -> None:
    source = {p.relative_to(EXAMPLE_SOURCE).as_posix() for p in EXAMPLE_SOURCE.rglob("*")
              if p.is_file() and not any(part.startswith(".") for part in p.relative_to(EXAMPLE_SOURCE).parts)}
    for rel in source:
        assert (example / rel).read_bytes() == (EXAMPLE_SOURCE / rel).read_bytes(), rel
    for rel in (".gitlab-ci.yml", ".github/workflows/dj-check.yml", ".pre-commit-config.yaml",
                ".vscode/settings.json", ".gitattributes", ".editorconfig", "schemas/dj.schema.json"):
        assert rel in tracked(example)
    first = git(example, "rev-list", "--max-parents=0", "HEAD").strip()
    in_first = set(git(example, "show", "--name-only", "--format=", first).split())
    assert {"dj.yaml", ".gitlab-ci.yml", ".vscode/settings.json"} <= in_first


def test_example_history_shows_the_mid_year_changes(example: Path) -> None:
    """周九's post change and 吴十's retirement are commits of July, not facts known in January."""
    changes = git(example, "log", "--format=%H %aI", "--", "people/p-zhoujiu.yaml").splitlines()
    assert len(changes) == 2
    newest, oldest = (line.split() for line in changes)
    assert newest[1].startswith("2024-07")
    january = git(example, "show", f"{oldest[0]}:people/p-zhoujiu.yaml")
    assert "第一检察部主任" not in january
    assert "第一检察部主任" in (example / "people" / "p-zhoujiu.yaml").read_text(encoding="utf-8")
    retired = git(example, "show", f"{oldest[0]}:people/p-wushi.yaml")
    assert "退休" not in retired


def test_every_commit_of_the_example_is_well_formed(example: Path, tmp_path: Path, cli) -> None:
    """At each point of the history the records parse, validate and resolve (no DJ1xx–DJ3xx)."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(example), str(clone)], check=True)
    for sha in git(clone, "rev-list", "--reverse", "HEAD").split():
        git(clone, "checkout", "-q", sha)
        result = cli("-C", clone, "check", "--no-cache", "--format", "json")
        findings = json.loads(result.stdout)["findings"]
        broken = [f for f in findings if f["code"] < "DJ400"]
        assert not broken, (sha, broken)


def test_example_refuses_a_non_empty_folder(tmp_path: Path, module_git_env: dict, cli) -> None:
    target = tmp_path / "ws"
    target.mkdir()
    (target / "已有文件.txt").write_text("x", encoding="utf-8")
    result = cli("init", "--example", target)
    assert result.exit_code == 2  # a bad path is a usage problem
    assert "不是空目录" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["已有文件.txt"]


def test_example_inside_another_repository_keeps_its_history_to_itself(tmp_path: Path, git_env: dict, cli) -> None:
    git(tmp_path, "init", "-q")
    result = cli("init", "--example", tmp_path / "示例")
    assert result.exit_code == 0, result.output
    assert git(tmp_path, "rev-list", "--all") == ""  # the enclosing repository got no commit
    assert len(git(tmp_path / "示例", "rev-list", "--all").split()) >= 5
    assert (tmp_path / "示例" / ".git").is_dir()


def test_bundled_example_config_loads_and_documents_every_setting() -> None:
    config = load_config(EXAMPLE_SOURCE)
    assert config.organization.name == "示例县人民检察院"
    assert config.organization.superior_committee == "中共示例县委"
    assert config.year == 2024
    text = (EXAMPLE_SOURCE / "dj.yaml").read_text(encoding="utf-8")
    missing = [key for key, title in documented(Config) if f"# {title}" not in text]
    assert not missing, f"examples/procuratorate/dj.yaml lacks {missing}; render it again with render_config"


def test_init_leaves_out_what_the_repository_ignores(tmp_path: Path, git_env: dict, cli) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text(".vscode/\n", encoding="utf-8")
    result = cli("init", tmp_path / "ws")
    assert result.exit_code == 0, result.stderr
    assert "ws/.vscode/settings.json" not in tracked(tmp_path)
    assert "ws/dj.yaml" in tracked(tmp_path)
    assert ".vscode/settings.json" in result.stdout  # says what was not committed
