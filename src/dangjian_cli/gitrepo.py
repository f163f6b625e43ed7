"""The only module that touches git (through GitPython).

Paths given and returned here are POSIX paths relative to the workspace root.
"""

from __future__ import annotations

import functools
import os
import re
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


# --- history: who changed what, from one pass over the log ---------------------------------

_RS, _US = "\x1e", "\x1f"  # record and field separators in the --format of the log passes
_TRAILER_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9-]*):\s?(.*)$")


@dataclass(frozen=True)
class Change:
    """One changed path of a commit: status A (added), M, D (deleted), R (renamed from old), C, T."""

    status: str
    path: str
    old: str | None = None


@dataclass(frozen=True)
class Commit:
    """One commit as ``history`` reads it.

    Attributes:
        date: the author date, ISO 8601 with the author's UTC offset.
        message: the message without its trailer block.
        trailers: (key, value) pairs of the trailer block, e.g. ("Dj-Command", "assign sign").
        changes: the paths it changed, relative to the root given to ``history``.
        repo: the nested repository it belongs to, relative to the root ("" for the root's own).
    """

    hash: str
    author: Author
    date: str
    message: str
    trailers: tuple[tuple[str, str], ...]
    changes: tuple[Change, ...]
    repo: str = ""

    def trailer(self, key: str) -> str | None:
        return next((v for k, v in self.trailers if k.lower() == key.lower()), None)


@dataclass(frozen=True)
class Signed:
    """The signature of one commit touching chosen folders (``signatures``).

    Attributes:
        status: git's ``%G?``: G good, B bad, U good but of unknown validity (or an SSH key not
            in the allowed signers), X/Y expired signature/key, R revoked key, E cannot be
            checked (the key is missing), N no signature.
        key: the signing key (``%GK``); signer: its owner (``%GS``), when known.
        paths: the paths under the folders the commit touched, relative to the root.
    """

    hash: str
    author: Author
    date: str
    subject: str
    status: str
    key: str
    signer: str
    paths: tuple[str, ...]
    repo: str = ""


def nested_repo_tops(root: Path, depth: int = 2) -> list[str]:
    """Folders (relative to root, POSIX) up to depth levels down that hold a git repository of their own.

    Why: a unit may keep ``cases/`` in a repository nested in the workspace's (see
    ``nested_repos``); its history is in that repository, not the workspace's.
    Found by looking for ``.git`` without starting git; hidden folders are skipped.
    """
    found: list[str] = []

    def scan(folder: Path, rel: str, level: int) -> None:
        try:
            entries = sorted((e for e in os.scandir(folder) if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            try:
                if not entry.is_dir(follow_symlinks=False):
                    continue
            except OSError:
                continue
            sub = f"{rel}{entry.name}"
            if os.path.lexists(os.path.join(entry.path, ".git")):
                found.append(sub)
            elif level < depth:
                scan(Path(entry.path), sub + "/", level + 1)

    scan(root, "", 1)
    return found


def _log_bytes(top: Path, args: list[str]) -> tuple[bytes, str]:
    """(stdout, stderr) of one ``git log`` in the repository at top; no commits yet gives b"".

    Why git itself rather than GitPython: one process whose whole output is parsed here; not
    importing GitPython keeps ``dj log`` close to the speed of git's own pass (perf.md).
    """
    import subprocess

    command = ["git", "-C", str(top), "-c", "core.quotepath=false", "-c", "log.showSignature=false",
               "log", "--no-color", "--encoding=UTF-8", *args]
    try:
        # Why no LC_ALL=C: git would then fail to re-encode a message committed in GBK.
        done = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise ConfigError("找不到 git 程序。请先安装 Git（Windows 请安装 Git for Windows），然后重新运行。") from None
    err = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        head = subprocess.run(["git", "-C", str(top), "rev-parse", "--verify", "-q", "HEAD"], capture_output=True,
                              stdin=subprocess.DEVNULL)
        if head.returncode != 0:
            return b"", err  # an unborn branch: no history yet (told apart from the message, which may be translated)
        raise GitFailed(err.strip() or f"git log 失败（退出码 {done.returncode}）")
    return done.stdout, err


def _decode(data: bytes) -> str:
    # Why "replace": a path or message in another encoding (GBK from an old Windows git) is
    # shown with replacement characters rather than failing the whole listing.
    return data.decode("utf-8", "replace")


def _repo_of(root: Path, nested: str) -> tuple[Path, str, str]:
    """(top of the repository, prefix of root inside it, prefix to put before its paths)."""
    folder = root.resolve() / nested if nested else root.resolve()
    top = top_folder(folder) if nested == "" else folder
    if top is None:
        raise ConfigError(f"{root} 不在 git 仓库中，没有历史可查。请先运行 git init，或用 dj init 新建工作区。")
    inside = folder.relative_to(top).as_posix()
    return top, "" if inside == "." else inside + "/", f"{nested}/" if nested else ""


def _split_trailers(body: str, trailers_text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    pairs = tuple((m[1], m[2].strip()) for m in map(_TRAILER_LINE.match, trailers_text.splitlines()) if m)
    message = body.strip()
    if pairs:
        head, sep, last = message.rpartition("\n\n")
        if all(_TRAILER_LINE.match(line) for line in last.splitlines() if line.strip()):
            message = head.strip() if sep else ""
    return message, pairs


def _names(tokens: list[str], i: int, inner: str, outer: str) -> tuple[Change | None, int]:
    """The change starting at tokens[i] (``-z --name-status``), its paths moved from the
    repository to the root; None when it lies outside the root."""
    status = tokens[i]
    two = status[:1] in ("R", "C")
    paths = tokens[i + 1:i + 3] if two else tokens[i + 1:i + 2]
    step = 1 + len(paths)

    def mine(p: str) -> str | None:
        return outer + p[len(inner):] if p.startswith(inner) else None

    if two and len(paths) == 2:
        old, new = mine(paths[0]), mine(paths[1])
        if new is None:
            return (Change("D", old) if old is not None else None), step
        if old is None:
            return Change("A", new), step
        return Change(status[:1], new, old), step
    if not paths:
        return None, step
    path = mine(paths[0])
    return (Change(status[:1], path) if path is not None else None), step


def _parse_history(out: bytes, inner: str, outer: str, repo: str) -> list[Commit]:
    commits = []
    for chunk in _decode(out).split(_RS)[1:]:
        fields = chunk.split(_US, 6)
        if len(fields) < 7:
            continue
        sha, name, email, date, body, trailers, rest = fields
        tokens = [t for t in rest.lstrip("\0\n").split("\0")]
        changes: list[Change] = []
        i = 0
        while i < len(tokens):
            token = tokens[i].strip("\n")
            if not token:
                i += 1
                continue
            tokens[i] = token
            change, step = _names(tokens, i, inner, outer)
            if change is not None:
                changes.append(change)
            i += step
        message, pairs = _split_trailers(body, trailers)
        commits.append(Commit(sha, Author(name, email), date, message, pairs, tuple(changes), repo))
    return commits


def history(root: Path, since: str | None = None, paths: list[str] | None = None) -> list[Commit]:
    """Every commit that changed something below root, newest first, from one ``git log`` pass per
    repository (``--name-status -M -z``), with renames.

    root may be a subfolder of its repository: only changes below it count, and paths are
    relative to it. Repositories nested in root (``nested_repo_tops``: ``cases/`` kept apart)
    get one pass each, their paths prefixed with their folder; the lists are merged by date.

    Args:
        since: an ISO date; git stops the walk a little before it (a margin for time zones),
            and commits whose author date falls before it are left out.
        paths: only commits touching these (POSIX, relative to root; a folder with its files).
            Renames are followed only within what the paths cover: to follow one file's
            renames, take the whole history and walk it (``actions/log.py``).

    Raises:
        ConfigError: root is not in a git repository.
    """
    import datetime as dt

    fmt = f"--format={_RS}%H{_US}%an{_US}%ae{_US}%aI{_US}%B{_US}%(trailers:only,unfold){_US}"
    walk_since = []
    if since:
        start = dt.date.fromisoformat(since) - dt.timedelta(days=2)
        walk_since = [f"--since={start.isoformat()} 00:00:00"]
    commits: list[Commit] = []
    for nested in ["", *nested_repo_tops(root)]:
        top, inner, outer = _repo_of(root, nested)
        wanted = [p for p in (paths or []) if not nested or p == nested or p.startswith(outer)]
        if paths is not None and not wanted:
            continue
        spec = [inner + (p[len(outer):] if outer else p) for p in wanted] if paths is not None else ([inner] if inner else [])
        spec = [s.rstrip("/") or "." for s in spec]
        out, _ = _log_bytes(top, [fmt, "--name-status", "-M", "-z", *walk_since, "--", *spec])
        commits.extend(_parse_history(out, inner, outer, nested))
    if since:
        commits = [c for c in commits if c.date[:10] >= since]
    if len(commits) > 1:
        commits.sort(key=lambda c: _instant(c.date), reverse=True)
    return commits


def _instant(iso: str) -> float:
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return 0.0


def signatures(root: Path, folders: list[str]) -> list[Signed]:
    """The signature of every commit that touched one of folders (relative to root), newest
    first, from one ``git log`` pass per repository (``%G?``; git asks gpg or ssh-keygen).

    Folders inside a repository nested in root are looked up in that repository; the
    workspace's own history of them (before they moved out) in the workspace's.

    Raises:
        ConfigError: a commit is signed with SSH but git has no ``gpg.ssh.allowedSignersFile``
            to check it against.
    """
    fmt = f"--format={_RS}%H{_US}%an{_US}%ae{_US}%aI{_US}%G?{_US}%GK{_US}%GS{_US}%s{_US}"
    wanted = [f.strip("/") for f in folders if f.strip("/")]
    found: list[Signed] = []
    for nested in ["", *nested_repo_tops(root)]:
        top, inner, outer = _repo_of(root, nested)
        mine = [f for f in wanted if not nested or f == nested or f.startswith(outer) or nested.startswith(f + "/")]
        if not mine:
            continue
        if nested:
            spec = ["."] if any(f == nested or nested.startswith(f + "/") for f in mine) else [inner + f[len(outer):] for f in mine]
        else:
            spec = [inner + f for f in mine]
        out, err = _log_bytes(top, [fmt, "--name-only", "-z", "--", *spec])
        if "allowedSignersFile" in err:
            raise ConfigError(
                f"仓库 {top} 中有用 SSH 密钥签名的提交，但 git 没有设置可信签名者名单，无法验证。请运行：\n"
                "  git config gpg.ssh.allowedSignersFile 名单文件路径\n"
                "名单文件每行一人：“邮箱 公钥”（例如 zhangsan@example.invalid ssh-ed25519 AAAA…）。")
        for chunk in _decode(out).split(_RS)[1:]:
            fields = chunk.split(_US, 8)
            if len(fields) < 9:
                continue
            sha, name, email, date, status, key, signer, subject, rest = fields
            names = [t.strip("\n") for t in rest.split("\0")]
            touched = tuple(outer + p[len(inner):] for p in names if p and p.startswith(inner))
            if touched:
                found.append(Signed(sha, Author(name, email), date, subject, status.strip() or "N", key, signer, touched, nested))
    found.sort(key=lambda s: _instant(s.date), reverse=True)
    return found


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
