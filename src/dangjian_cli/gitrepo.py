"""The only module that touches git (through GitPython).

Paths given and returned here are POSIX paths relative to the workspace root.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, DjError

os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

HOOKS = ("pre-commit", "prepare-commit-msg", "commit-msg")


@dataclass(frozen=True)
class Author:
    name: str
    email: str


class GitFailed(DjError):
    """A git command failed for a reason outside dj (a lock, a hook, permissions).

    Attributes:
        output: git's (or the hook's) own output.
        hook: a commit hook was installed, so it may be what refused.
    """

    def __init__(self, output: str, hook: bool = False) -> None:
        super().__init__(output)
        self.output = output
        self.hook = hook


def _failed(exc, hook: bool = False) -> GitFailed:
    out = "\n".join(part.strip() for part in (str(exc.stdout or ""), str(exc.stderr or "")) if part and part.strip())
    out = "\n".join(line.removeprefix("stderr: ").removeprefix("stdout: ").strip("'") for line in out.splitlines())
    return GitFailed(out or str(exc), hook)


@functools.cache
def _git():
    """The GitPython module, once git itself is known to be installed."""
    import git

    try:
        git.Git().version_info
    except Exception:  # noqa: BLE001 - GitCommandNotFound and friends
        raise ConfigError("找不到 git 程序。请先安装 Git（Windows 请安装 Git for Windows），然后重新运行。") from None
    return git


def open_repo(root: Path):
    git = _git()
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ConfigError(f"{root} 不在 git 仓库中。请先运行 git init，或用 dj init 新建工作区。") from None
    # Chinese file names unescaped in git's output (GitPython #865), without touching the
    # user's configuration.
    repo.git.set_persistent_git_options(c="core.quotepath=false")
    return repo


def init_repo(root: Path, own: bool = False):
    """A repository at root, created (branch main) when root is not inside one.

    With own, root gets a repository of its own even inside another one (a nested
    repository that the enclosing one never records).
    """
    git = _git()
    try:
        if own and not (root / ".git").exists():
            raise git.InvalidGitRepositoryError(root)
        return git.Repo(root, search_parent_directories=True)
    except git.InvalidGitRepositoryError:
        repo = git.Repo.init(root, initial_branch="main")
        repo.git.set_persistent_git_options(c="core.quotepath=false")
        return repo


def repo_top(root: Path) -> Path:
    """The top of the repository that holds root, created (git init) when there is none."""
    repo = init_repo(root)
    try:
        return Path(repo.working_tree_dir).resolve()
    finally:
        repo.close()


def ignored_paths(root: Path, paths: list[str]) -> set[str]:
    """Those of paths (relative to root) that the repository's ignore rules exclude.

    Why: many repositories (or a global excludesFile) ignore .vscode/; ``git add`` refuses
    such a path, so a caller leaves it out of the commit instead of failing.
    """
    if not paths:
        return set()
    git = _git()
    repo = open_repo(root)
    try:
        by_repo_path = {_rel_to_repo(repo, root, p): p for p in paths}
        try:
            out = repo.git.check_ignore("--", *by_repo_path)
        except git.GitCommandError as exc:  # exit status 1: none of them is ignored
            if exc.status == 1:
                return set()
            raise
        return {by_repo_path[p] for p in out.splitlines() if p in by_repo_path}
    finally:
        repo.close()


def user_identity(root: Path) -> Author | None:
    """The git user (user.name/user.email, or GIT_AUTHOR_* variables), if configured."""
    repo = open_repo(root)
    try:
        reader = repo.config_reader()
        name = os.environ.get("GIT_AUTHOR_NAME") or reader.get_value("user", "name", default="")
        email = os.environ.get("GIT_AUTHOR_EMAIL") or reader.get_value("user", "email", default="")
    finally:
        repo.close()
    return Author(str(name), str(email)) if name and email else None


def find_git_dir(root: Path) -> Path | None:
    """The git directory above root, found without starting git (for the read path's quick look).

    Follows a ``.git`` file (``gitdir: …``) as worktrees and submodules have.
    """
    for folder in (root.resolve(), *root.resolve().parents):
        dot = folder / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            try:
                text = dot.read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                return None
            if text.startswith("gitdir:"):
                target = Path(text[len("gitdir:"):].strip())
                return target if target.is_absolute() else (folder / target).resolve()
            return None
    return None


def top_folder(root: Path) -> Path | None:
    """The top of the work tree that holds root (the folder with ``.git``), found without starting git.

    Why: CI annotations name files relative to the repository's top, which differs from
    the workspace when dj.yaml sits in a subfolder.
    """
    for folder in (root.resolve(), *root.resolve().parents):
        if (folder / ".git").exists():
            return folder
    return None


def nested_repos(root: Path, paths: list[str]) -> dict[str, Path]:
    """Those of paths (relative to root) that lie in a repository nested inside root's, with its top.

    Why: a unit may keep ``cases/`` in a repository of its own (narrower access), ignored by the
    workspace's repository or added as a submodule; git refuses to stage such a path from outside.
    """
    top = top_folder(root)
    if top is None:
        return {}
    found: dict[str, Path] = {}
    for rel in paths:
        folder = (root.resolve() / rel).parent
        while folder != top and top in folder.parents:
            if (folder / ".git").exists():
                found[rel] = folder
                break
            folder = folder.parent
    return found


def _hooks_installed(repo) -> bool:
    try:
        folder = Path(repo.working_tree_dir) / repo.git.rev_parse("--git-path", "hooks")
    except Exception:  # noqa: BLE001 - only used to word a message
        return False
    return any(os.access(folder / name, os.X_OK) for name in HOOKS if (folder / name).is_file())


def require_identity(root: Path) -> Author:
    """The git user, or a ConfigError that says how to set it."""
    author = user_identity(root)
    if author is None:
        raise ConfigError(
            "没有设置 git 用户名和邮箱，无法提交。请运行：\n"
            '  git config --global user.name "您的姓名"\n'
            '  git config --global user.email "您的邮箱"\n'
            "或加上 --no-commit 只修改文件不提交。"
        )
    return author


def _rel_to_repo(repo, root: Path, rel: str) -> str:
    return (root.resolve() / rel).relative_to(Path(repo.working_tree_dir).resolve()).as_posix()


def dirty_paths(root: Path, paths: list[str]) -> list[str]:
    """Those of paths that have uncommitted changes (staged, unstaged or untracked)."""
    repo = open_repo(root)
    try:
        wanted = {_rel_to_repo(repo, root, p): p for p in paths}
        status = repo.git.status("--porcelain", "-z", "--untracked-files=all", "--", *wanted)
        dirty = []
        for entry in status.split("\0"):
            if len(entry) > 3 and entry[3:] in wanted:
                dirty.append(wanted[entry[3:]])
        return sorted(dirty)
    finally:
        repo.close()


def _has_head(repo) -> bool:
    try:
        repo.head.commit  # noqa: B018 - raises on an unborn branch
    except ValueError:
        return False
    return True


def unstage(root: Path, paths: list[str]) -> None:
    """Put the index entries of paths back as in HEAD (remove them on an unborn branch)."""
    git = _git()
    repo = open_repo(root)
    try:
        rels = [_rel_to_repo(repo, root, p) for p in paths]
        try:
            if _has_head(repo):
                repo.git.reset("-q", "HEAD", "--", *rels)
            else:
                repo.git.rm("--cached", "-q", "--ignore-unmatch", "-r", "--", *rels)
        except git.GitCommandError as exc:
            raise _failed(exc) from None
    finally:
        repo.close()


def commit_paths(root: Path, paths: list[str], message: str, author: Author | None = None, date: str | None = None) -> str:
    """Stage exactly paths (added, changed or deleted) and commit them; return the commit id.

    Args:
        author: who commits; defaults to the git user, and a missing identity is an error.
        date: ISO 8601 date for author and committer (used to replay the example's year).

    Raises:
        GitFailed: git refused (a held index.lock, a hook, a read-only repository…); the
            index may hold the staged paths, see ``unstage``.
    """
    author = author or require_identity(root)
    git = _git()
    repo = open_repo(root)
    try:
        rels = [_rel_to_repo(repo, root, p) for p in paths]
        present = [r for r in rels if (Path(repo.working_tree_dir) / r).exists()]
        gone = [r for r in rels if r not in present]
        try:
            if present:
                repo.git.add("--", *present)
            if gone:
                repo.git.rm("--cached", "--ignore-unmatch", "-q", "--", *gone)
            # Commit only these paths, whatever else the user has staged.
            repo.git.commit(
                "-q", "-m", message, "--only", "--allow-empty-message", "--", *rels,
                env={
                    "GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
                    "GIT_COMMITTER_NAME": author.name, "GIT_COMMITTER_EMAIL": author.email,
                    **({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}),
                },
            )
        except git.GitCommandError as exc:
            raise _failed(exc, _hooks_installed(repo)) from None
        return repo.head.commit.hexsha
    finally:
        repo.close()


# --- reports: the commit a report is rendered from, and that commit's files ---------------


def source_commit(root: Path, exclude: tuple[str, ...] = ("reports",)) -> str | None:
    """The newest commit that changed the workspace folder outside ``exclude`` (relative to root),
    or None outside a repository, on an unborn branch or when no commit touched it.

    Why not HEAD: committing a report (or anything else under reports/) must not change the
    commit the next rendering names, so rendering again gives the same bytes.
    """
    git = _git()
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    try:
        if not _has_head(repo):
            return None
        top = Path(repo.working_tree_dir).resolve()
        here = root.resolve().relative_to(top).as_posix()
        prefix = "" if here == "." else here + "/"
        spec = [here or ".", *(f":(exclude){prefix}{folder}" for folder in exclude)]
        try:
            out = repo.git.log("-1", "--format=%H", "HEAD", "--", *spec)
        except git.GitCommandError as exc:
            raise _failed(exc) from None
        return out.strip() or None
    finally:
        repo.close()


def changed_files(root: Path) -> list[str]:
    """Paths under root (relative to it) that differ from HEAD: staged, unstaged or untracked,
    ignored files left out; one ``git status`` for the whole workspace."""
    repo = open_repo(root)
    try:
        top = Path(repo.working_tree_dir).resolve()
        here = root.resolve().relative_to(top).as_posix()
        spec = "." if here == "." else here
        out = repo.git.status("--porcelain", "-z", "--untracked-files=all", "--", spec)
    finally:
        repo.close()
    changed: list[str] = []
    entries = iter(out.split("\0"))
    for entry in entries:
        if len(entry) < 4:
            continue
        if entry[0] in "RC":  # a rename: the next field is the old path
            next(entries, None)
        path = entry[3:]
        rel = path if here == "." else path.removeprefix(here + "/")
        changed.append(rel)
    return sorted(changed)


def materialize(root: Path, commit: str, dest: Path) -> Path:
    """Write the workspace folder as it was at commit into dest; return the workspace root there.

    Why: ``dj report --verify`` renders a report again from the very files of its recorded
    commit, without touching the working tree or the index (``git archive`` of the tree).

    Raises:
        DjError: the commit is not in the repository (history rewritten, shallow clone…).
    """
    import io
    import tarfile

    git = _git()
    repo = open_repo(root)
    try:
        top = Path(repo.working_tree_dir).resolve()
        here = root.resolve().relative_to(top).as_posix()
        try:
            repo.git.cat_file("-e", f"{commit}^{{commit}}")
        except git.GitCommandError:
            raise DjError(f"仓库中没有提交 {commit[:12]}（历史可能被改写，或这是浅克隆）。请用完整的克隆（git fetch --unshallow）后重试。") from None
        args = ["archive", "--format=tar", commit]
        if here != ".":
            args += ["--", here]
        try:
            data = repo.git.execute(["git", *args], stdout_as_string=False)
        except git.GitCommandError as exc:
            raise _failed(exc) from None
    finally:
        repo.close()
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest if here == "." else dest / here
