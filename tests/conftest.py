"""Shared fixtures: git isolated from the machine's configuration in every test, the example
built once, and the CLI runner.

CI runs as root with no git identity; a developer's machine has one (and perhaps commit
signing, hooks or a global excludesFile). Every test runs with an empty HOME and no global or
system git configuration, so both behave the same; a test that commits sets its identity
(``git_env``, or ``user.name``/``user.email`` in its repository).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

CLI_ENV = {"NO_COLOR": "1", "COLUMNS": "200", "GITHUB_ACTIONS": "", "GITEA_ACTIONS": ""}

TEST_IDENTITY = {
    "GIT_AUTHOR_NAME": "测试员",
    "GIT_AUTHOR_EMAIL": "tester@example.invalid",
    "GIT_COMMITTER_NAME": "测试员",
    "GIT_COMMITTER_EMAIL": "tester@example.invalid",
}

# Variables through which git finds an identity or a configuration outside the test.
_GIT_VARS = (
    *TEST_IDENTITY, "EMAIL", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG",
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE",
)


def _isolate(mp: pytest.MonkeyPatch, home: Path) -> None:
    """No global, XDG or system git configuration and no identity: git as on a fresh CI runner."""
    for var in _GIT_VARS:
        mp.delenv(var, raising=False)
    mp.setenv("HOME", str(home))
    mp.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture(scope="session", autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test: git with an empty HOME and no identity or configuration from the machine."""
    with pytest.MonkeyPatch.context() as mp:
        home = tmp_path_factory.mktemp("session-home")
        _isolate(mp, home)
        yield home


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory, isolated_git: Path) -> Path:
    """The bundled example, built once by ``dj init --example``. Read only: copy it to change it."""
    ws = tmp_path_factory.mktemp("example") / "ws"
    result = CliRunner().invoke(_app(), ["init", "--example", str(ws)], env=CLI_ENV, prog_name="dj")
    assert result.exit_code == 0, result.output
    return ws


def _app():
    from dangjian_cli.cli.app import app

    return app


@pytest.fixture
def no_git_identity(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """git with an empty HOME and no identity at all (like CI); returns that HOME."""
    home = tmp_path_factory.mktemp("home")
    _isolate(monkeypatch, home)
    return home


@pytest.fixture
def git_env(no_git_identity: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Isolated git with a fixed test identity (GIT_AUTHOR_*/GIT_COMMITTER_*); returns it."""
    for key, value in TEST_IDENTITY.items():
        monkeypatch.setenv(key, value)
    return dict(TEST_IDENTITY)


@pytest.fixture(scope="module")
def module_git_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """git_env for module-scoped fixtures that build a repository once."""
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, tmp_path_factory.mktemp("home"))
        for key, value in TEST_IDENTITY.items():
            mp.setenv(key, value)
        yield dict(TEST_IDENTITY)


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run dj in-process: ``cli("-C", str(ws), "check")`` → click Result (exit_code, stdout, stderr)."""

    def invoke(*args: str):
        from dangjian_cli.cli.app import app

        return CliRunner().invoke(app, [str(a) for a in args], env=CLI_ENV, prog_name="dj")

    return invoke
