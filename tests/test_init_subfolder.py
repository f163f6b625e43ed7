"""dj init in a subfolder of an existing repository: forge and pre-commit files at the repository's
top, adapted to the subfolder (or the exact lines to add when they exist), and CI paths from the top."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

FORGE = (".gitlab-ci.yml", ".github/workflows/dj-check.yml", ".pre-commit-config.yaml")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "core.quotepath=false", *args], capture_output=True, text=True,
                          encoding="utf-8", check=True, stdin=subprocess.DEVNULL).stdout


@pytest.fixture
def repo(tmp_path: Path, git_env: dict) -> Path:
    """An existing repository with one commit of its own."""
    top = tmp_path / "仓库"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    (top / "说明.txt").write_text("单位的其他材料\n", encoding="utf-8")
    git(top, "add", "说明.txt")
    git(top, "commit", "-q", "-m", "初始")
    return top


def vendor_valid(schema: str, text: str, tmp_path: Path) -> None:
    """The text passes the forge's own schema (check-jsonschema's vendored copy), when installed."""
    pytest.importorskip("check_jsonschema")
    path = tmp_path / f"{schema}.yml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr


def test_forge_files_go_to_the_repository_top_adapted_to_the_subfolder(repo: Path, cli, tmp_path: Path) -> None:
    ws = repo / "党建"
    result = cli("init", ws, "--name", "示例县人民检察院", "--year", "2024")
    assert result.exit_code == 0, result.output
    for rel in FORGE:
        assert (repo / rel).is_file(), rel
        assert not (ws / rel).exists(), rel
    assert (ws / "dj.yaml").is_file() and (ws / ".vscode" / "settings.json").is_file()
    assert f"在仓库根目录 {repo.resolve()} 新建：" in result.stdout

    gitlab_text = (repo / ".gitlab-ci.yml").read_text(encoding="utf-8")
    job = yaml.safe_load(gitlab_text)["dj-check"]
    assert "dj -C 党建 check --format gitlab --output gl-code-quality-report.json" in job["script"]
    assert job["artifacts"]["reports"]["codequality"] == "党建/gl-code-quality-report.json"

    workflow_text = (repo / ".github" / "workflows" / "dj-check.yml").read_text(encoding="utf-8")
    steps = yaml.safe_load(workflow_text)["jobs"]["check"]["steps"]
    check = next(s for s in steps if s.get("run") == "dj check")
    assert check["working-directory"] == "党建"

    hook = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    assert hook["entry"] == "dj -C 党建 check" and hook["files"] == "^党建/" and hook["pass_filenames"] is False

    # one commit holds the workspace and the files at the top; nothing is left over
    committed = set(git(repo, "show", "--name-only", "--format=", "HEAD").split())
    assert {"党建/dj.yaml", *FORGE} <= committed and "说明.txt" not in committed
    assert git(repo, "status", "--porcelain") == ""
    assert cli("-C", ws, "check", "--no-cache").exit_code == 0

    vendor_valid("vendor.gitlab-ci", gitlab_text, tmp_path)
    vendor_valid("vendor.github-workflows", workflow_text, tmp_path)


def test_existing_files_at_the_top_are_kept_and_the_lines_to_add_are_given(repo: Path, cli, tmp_path: Path) -> None:
    own = {
        ".gitlab-ci.yml": "# 本单位已有的 CI\nstages: [test]\nunit:\n  stage: test\n  script:\n    - echo ok\n",
        ".github/workflows/dj-check.yml": "name: 已有\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ok\n",
        ".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks:\n      - id: other\n        name: other\n        entry: echo\n        language: system\n",
    }
    for rel, text in own.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
        git(repo, "add", rel)
    git(repo, "commit", "-q", "-m", "已有配置")

    ws = repo / "records" / "党建"
    result = cli("init", ws)
    assert result.exit_code == 0, result.output
    for rel, text in own.items():
        assert (repo / rel).read_text(encoding="utf-8") == text  # not overwritten
        assert f"仓库根目录已有 {rel}，dj 没有改动它" in result.stdout
    assert "dj -C records/党建 check --format gitlab" in result.stdout
    readme = (ws / "README.md").read_text(encoding="utf-8")
    assert "`dj -C records/党建 check`" in readme and readme.count("```yaml") == 3
    assert git(repo, "status", "--porcelain") == ""  # the README went into dj's commit

    blocks = [block.split("```", 1)[0] for block in readme.split("```yaml\n")[1:]]
    gitlab, github, pre_commit = blocks
    # Each snippet, added where the README says, gives a valid file that runs dj on the subfolder.
    merged_ci = own[".gitlab-ci.yml"] + gitlab
    assert yaml.safe_load(merged_ci)["dj-check"]["artifacts"]["reports"]["codequality"] == "records/党建/gl-code-quality-report.json"
    merged_workflow = own[".github/workflows/dj-check.yml"] + "".join(f"  {line}\n" for line in github.splitlines())
    jobs = yaml.safe_load(merged_workflow)["jobs"]
    assert set(jobs) == {"build", "dj-check-records"}
    assert jobs["dj-check-records"]["steps"][-1] == {"name": "校验记录", "env": {"TZ": "Asia/Shanghai"},
                                                      "working-directory": "records/党建", "run": "dj check"}
    merged_hooks = yaml.safe_load(own[".pre-commit-config.yaml"] + pre_commit)["repos"]
    assert merged_hooks[1]["hooks"][0]["entry"] == "dj -C records/党建 check"
    assert merged_hooks[1]["hooks"][0]["files"] == "^records/党建/"
    vendor_valid("vendor.gitlab-ci", merged_ci, tmp_path)
    vendor_valid("vendor.github-workflows", merged_workflow, tmp_path)


def test_at_the_top_of_a_new_repository_nothing_changes(tmp_path: Path, git_env: dict, cli) -> None:
    ws = tmp_path / "ws"
    assert cli("init", ws).exit_code == 0
    workflow = (ws / ".github" / "workflows" / "dj-check.yml").read_text(encoding="utf-8")
    assert "working-directory" not in workflow and "dj -C" not in (ws / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "files:" not in (ws / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    readme = (ws / "README.md").read_text(encoding="utf-8")
    assert "接入 CI" not in readme and "仓库根目录" not in readme and "dj person move" in readme


def test_ci_paths_are_relative_to_the_repository_top(repo: Path, cli) -> None:
    ws = repo / "党建"
    assert cli("init", ws).exit_code == 0
    (ws / "people" / "p-x.yaml").write_text("id: p-x\nname: 甲\nposts: []\n", encoding="utf-8")

    github = cli("-C", ws, "check", "--no-cache", "--format", "github")
    assert github.exit_code == 1
    annotations = [line for line in github.stdout.splitlines() if line.startswith("::error ")]
    assert annotations and all(line.startswith("::error file=党建/people/p-x.yaml,") for line in annotations)
    assert "::group::党建/people/p-x.yaml" in github.stdout

    gitlab = cli("-C", ws, "check", "--no-cache", "--format", "gitlab")
    assert {e["location"]["path"] for e in json.loads(gitlab.stdout)} == {"党建/people/p-x.yaml"}

    text = cli("-C", ws, "check", "--no-cache")
    assert text.stdout.startswith("people/p-x.yaml:3:1: ")  # text stays relative to the workspace

    # from inside the subfolder (GitHub's working-directory), the same paths
    deeper = cli("-C", ws / "people", "check", "--no-cache", "--format", "github")
    assert "::error file=党建/people/p-x.yaml," in deeper.stdout


def test_at_the_top_ci_paths_are_unchanged(tmp_path: Path, git_env: dict, cli) -> None:
    ws = tmp_path / "ws"
    assert cli("init", ws).exit_code == 0
    (ws / "people" / "p-x.yaml").write_text("id: p-x\nname: 甲\nposts: []\n", encoding="utf-8")
    gitlab = cli("-C", ws, "check", "--no-cache", "--format", "gitlab")
    assert {e["location"]["path"] for e in json.loads(gitlab.stdout)} == {"people/p-x.yaml"}
