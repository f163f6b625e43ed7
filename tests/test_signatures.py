"""dj check --verify-signatures: commits touching settings.git.signed_folders must carry a signature
git can verify with a trusted key. Tried with throwaway GPG and SSH keys made in temporary folders;
the user's own git and gpg configuration is never read or touched (conftest isolates HOME)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from dangjian_cli.gitrepo import Author, Signed
from dangjian_cli.actions.signatures import finding_of

CASE = "cases/2024/2024-zz-01.yaml"


def git(repo: Path, *args: str, env: dict | None = None) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "core.quotepath=false", *args], capture_output=True, text=True,
                          encoding="utf-8", check=True, stdin=subprocess.DEVNULL, env=env).stdout


def check(cli, ws: Path) -> tuple[int, list[dict], str]:
    result = cli("-C", ws, "check", "--verify-signatures", "--format", "json")
    assert "Traceback" not in result.output
    findings = json.loads(result.stdout)["findings"] if result.stdout.strip() else []
    return result.exit_code, [f for f in findings if f["code"].startswith("DJ62")], result.stderr


def touch_case(ws: Path, note: str) -> None:
    with (ws / CASE).open("a", encoding="utf-8") as f:
        f.write(f"# {note}\n")


@pytest.fixture
def ws(example: Path, tmp_path: Path, git_env: dict) -> Path:
    """The example, with cases/ required to be signed from today on (its older history predates that)."""
    root = tmp_path / "ws"
    shutil.copytree(example, root, symlinks=True)
    text = (root / "dj.yaml").read_text(encoding="utf-8")
    assert "    signed_folders: []\n" in text
    text = text.replace("    signed_folders: []\n", "    signed_folders: [cases/]\n")
    text = text.replace("    # signed_since: …    （不填；需要时去掉行首的“# ”并填写）\n", "    signed_since: 2025-01-01\n")
    (root / "dj.yaml").write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "案件须签名提交")
    return root


@pytest.fixture
def gnupg(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A throwaway GPG home (short path: gpg-agent's socket must fit) with one key; yields its fingerprint."""
    if shutil.which("gpg") is None:
        pytest.skip("gpg is not installed")
    home = tempfile.mkdtemp(prefix="djgpg")
    os.chmod(home, 0o700)
    monkeypatch.setenv("GNUPGHOME", home)
    try:
        subprocess.run(["gpg", "--batch", "--passphrase", "", "--quick-gen-key", "测试员 <tester@example.invalid>",
                        "ed25519", "sign", "never"], check=True, capture_output=True)
        listing = subprocess.run(["gpg", "--list-secret-keys", "--with-colons"], check=True, capture_output=True, text=True).stdout
        yield next(line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr"))
    finally:
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def test_without_signed_folders_nothing_is_checked_and_it_says_so(example: Path, cli) -> None:
    result = cli("-C", example, "check", "--verify-signatures")
    assert result.exit_code == 0, result.output
    assert "没有检查提交的签名" in result.stderr and "DJ62" not in result.stdout


def test_signed_folders_must_be_relative_paths_in_the_workspace(ws: Path, cli) -> None:
    text = (ws / "dj.yaml").read_text(encoding="utf-8").replace("signed_folders: [cases/]", "signed_folders: [../cases]")
    (ws / "dj.yaml").write_text(text, encoding="utf-8")
    result = cli("-C", ws, "check", "--verify-signatures")
    assert result.exit_code == 2 and "不能含“..”" in result.stderr


def test_gpg_signed_commits_pass_and_unsigned_ones_are_reported(ws: Path, cli, gnupg: str) -> None:
    code, found, note = check(cli, ws)
    assert code == 0 and found == [] and "没有需要" not in note
    assert "2025-01-01 以后" in note and "0 个提交" in note  # the example's own case commits predate signed_since

    touch_case(ws, "签名的修改")
    git(ws, "-c", f"user.signingkey={gnupg}", "commit", "-q", "-S", "-am", "补充案件材料（签名）")
    code, found, note = check(cli, ws)
    assert code == 0 and found == [], found
    assert "1 个提交的签名：全部签名有效" in note

    touch_case(ws, "未签名的修改")
    git(ws, "commit", "-q", "-am", "未签名的修改")
    unsigned = git(ws, "rev-parse", "HEAD").strip()
    code, found, note = check(cli, ws)
    assert code == 1
    assert [f["code"] for f in found] == ["DJ620"]
    finding = found[0]
    assert finding["path"] == CASE and finding["severity"] == "error"
    assert unsigned[:8] in finding["message"] and "测试员 <tester@example.invalid>" in finding["message"]
    assert "没有签名" in finding["message"] and "git commit --amend --no-edit -S" in finding["message"]
    assert "1 个提交的签名有问题" in note

    text = cli("-C", ws, "check", "--verify-signatures")
    assert f"{CASE}:1:1: 错误 DJ620" in text.stdout

    # dj.yaml's rule levels apply as to any domain finding
    config = (ws / "dj.yaml").read_text(encoding="utf-8").replace("  rules: {}", "  rules: {DJ620: warning}")
    (ws / "dj.yaml").write_text(config, encoding="utf-8")
    code, found, _ = check(cli, ws)
    assert code == 0 and [f["severity"] for f in found] == ["warning"]


def test_a_tampered_signature_is_reported_as_bad(ws: Path, cli, gnupg: str) -> None:
    touch_case(ws, "签名的修改")
    git(ws, "-c", f"user.signingkey={gnupg}", "commit", "-q", "-S", "-am", "补充案件材料")
    raw = git(ws, "cat-file", "commit", "HEAD").replace("补充案件材料", "篡改后的说明")
    forged = subprocess.run(["git", "-C", str(ws), "hash-object", "-t", "commit", "-w", "--stdin"], input=raw.encode("utf-8"),
                            capture_output=True, check=True).stdout.decode().strip()
    git(ws, "update-ref", "refs/heads/main", forged)
    code, found, _ = check(cli, ws)
    assert code == 1 and [f["code"] for f in found] == ["DJ621"]
    assert forged[:8] in found[0]["message"] and "签名无效" in found[0]["message"]


def test_a_signature_whose_key_is_missing_cannot_be_verified(ws: Path, cli, gnupg: str) -> None:
    touch_case(ws, "签名的修改")
    git(ws, "-c", f"user.signingkey={gnupg}", "commit", "-q", "-S", "-am", "补充案件材料")
    subprocess.run(["gpg", "--batch", "--yes", "--delete-secret-and-public-key", gnupg], check=True, capture_output=True)
    code, found, _ = check(cli, ws)
    assert code == 1 and [f["code"] for f in found] == ["DJ622"]
    assert "gpg --import" in found[0]["message"]


@pytest.fixture
def ssh_keys(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed")
    keys = []
    for name in ("trusted", "stranger"):
        key = tmp_path / "keys" / name
        key.parent.mkdir(exist_ok=True)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True, capture_output=True)
        keys.append(key)
    return keys[0], keys[1]


def test_ssh_signatures_are_checked_against_the_allowed_signers(ws: Path, cli, ssh_keys: tuple[Path, Path], tmp_path: Path) -> None:
    trusted, stranger = ssh_keys
    git(ws, "config", "gpg.format", "ssh")  # the repository's own configuration, in tmp_path
    touch_case(ws, "用不在名单中的 SSH 密钥签名")
    git(ws, "-c", f"user.signingkey={stranger}.pub", "commit", "-q", "-S", "-am", "陌生密钥签名")

    result = cli("-C", ws, "check", "--verify-signatures")
    assert result.exit_code == 2 and "gpg.ssh.allowedSignersFile" in result.stderr and "Traceback" not in result.output

    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"tester@example.invalid {(trusted.with_suffix('.pub')).read_text().strip()}\n", encoding="utf-8")
    git(ws, "config", "gpg.ssh.allowedSignersFile", str(allowed))
    code, found, _ = check(cli, ws)
    assert code == 1 and [f["code"] for f in found] == ["DJ623"]
    assert "不在可信名单中" in found[0]["message"] and "SHA256:" in found[0]["message"]

    stranger_commit = git(ws, "rev-parse", "HEAD").strip()
    touch_case(ws, "用名单中的 SSH 密钥签名")
    git(ws, "-c", f"user.signingkey={trusted}.pub", "commit", "-q", "-S", "-am", "可信密钥签名")
    code, found, note = check(cli, ws)
    assert code == 1 and [f["code"] for f in found] == ["DJ623"]  # only the stranger's commit
    assert stranger_commit[:8] in found[0]["message"] and "2 个提交" in note


def test_nested_cases_repository_is_checked_in_place(ws: Path, cli) -> None:
    git(ws, "rm", "-r", "-q", "--cached", "cases")
    with (ws / ".gitignore").open("a", encoding="utf-8") as f:
        f.write("\ncases/\n")
    git(ws, "add", ".gitignore")
    git(ws, "commit", "-q", "-m", "cases/ 单独建库")
    git(ws / "cases", "init", "-q", "-b", "main")
    git(ws / "cases", "add", ".")
    git(ws / "cases", "commit", "-q", "-m", "案件库（未签名）")
    code, found, _ = check(cli, ws)
    assert code == 1 and {f["code"] for f in found} == {"DJ620"}
    assert CASE in {f["path"] for f in found}


@pytest.mark.parametrize(("status", "code", "severity"), [("X", "DJ624", "warning"), ("Y", "DJ624", "warning"),
                                                          ("R", "DJ625", "error"), ("G", None, None)])
def test_expired_and_revoked_signatures(status: str, code: str | None, severity: str | None) -> None:
    signed = Signed("0123456789abcdef", Author("张三", "z@example.invalid"), "2025-03-01T10:00:00+08:00", "修改案件",
                    status, "ABCDEF", "张三", (CASE,))
    found = finding_of(signed, CASE)
    if code is None:
        assert found is None
    else:
        assert (found.code, str(found.severity), found.path) == (code, severity, CASE)
        assert "01234567（张三 <z@example.invalid>，2025-03-01" in found.message
