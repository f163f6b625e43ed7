"""``dj check --verify-signatures``: commits touching the folders of ``settings.git.signed_folders``
must be signed by a key git can verify and trusts.

The signatures come from one ``git log`` pass per repository (``gitrepo.signatures``); each commit
that is not well signed gives one finding per file it touched there (DJ620–DJ625), so a 纪委
reading the output sees which records were changed without a trustworthy signature, by whom
and when. A repository nested in the workspace (``cases/`` kept apart) is checked in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding, error, warning
from ..gitrepo import Signed, signatures


@dataclass
class SignatureCheck:
    """What the check of signatures found.

    Attributes:
        folders: the folders whose commits must be signed (from dj.yaml).
        commits: how many commits touching them were checked.
        findings: one per file touched by a commit that is not well signed.
    """

    folders: list[str]
    commits: int = 0
    findings: list[Finding] = field(default_factory=list)


_RESIGN = ("请提交人配置签名密钥（git config user.signingkey 密钥；git config commit.gpgsign true），"
           "再重新签名这次提交（git commit --amend --no-edit -S；较早的提交用 git rebase --exec "
           "'git commit --amend --no-edit -S' 逐个补签）后推送")


def _who(s: Signed) -> str:
    email = f" <{s.author.email}>" if s.author.email else ""
    return f"提交 {s.hash[:8]}（{s.author.name}{email}，{s.date[:10]}，“{s.subject}”）"


def finding_of(s: Signed, path: str) -> Finding | None:
    """The finding for one file touched by a commit, by the commit's signature status; None when well signed."""
    who = _who(s)
    key = f"（密钥 {s.key}）" if s.key else ""
    status = s.status
    if status == "G":
        return None
    if status == "N":
        return error("DJ620", path, 1, 1,
                     f"{who}修改了须签名的文件，但这次提交没有签名。{_RESIGN}；如果这是开始要求签名以前的提交，"
                     "请在 dj.yaml 的 settings.git.signed_since 填写开始要求签名的日期。")
    if status == "B":
        return error("DJ621", path, 1, 1,
                     f"{who}的签名无效{key}：签名后提交内容被改动过，或签名已损坏。请核实这次提交的来源，确属本人所为的，{_RESIGN}。")
    if status == "E":
        return error("DJ622", path, 1, 1,
                     f"{who}有签名{key}，但无法验证：本机没有签名者的公钥。请导入提交人的公钥（gpg --import 公钥文件）后重新运行 "
                     "dj check --verify-signatures；SSH 签名请把提交人的公钥加入 gpg.ssh.allowedSignersFile 指定的名单。")
    if status == "U":
        return error("DJ623", path, 1, 1,
                     f"{who}的签名本身有效{key}，但签名密钥不在可信名单中（GPG 密钥未被信任，或 SSH 公钥不在 "
                     "gpg.ssh.allowedSignersFile 名单中）。请核实该密钥确属提交人后把它加入可信名单"
                     "（gpg --edit-key 密钥 后用 trust 命令，或在名单文件中加一行“邮箱 公钥”）；不属于提交人的，按冒名提交处理。")
    if status in ("X", "Y"):
        what = "签名" if status == "X" else "签名密钥"
        return warning("DJ624", path, 1, 1,
                       f"{who}的{what}已过期{key}。请提交人延长密钥有效期（gpg --quick-set-expire）后重新导出公钥，"
                       "或用有效的密钥重新签名。")
    if status == "R":
        return error("DJ625", path, 1, 1,
                     f"{who}由已吊销的密钥签名{key}。请核实这次提交是否可信，确属本人所为的，由提交人用有效的密钥重新签名。")
    return error("DJ622", path, 1, 1,
                 f"{who}的签名无法验证（git 报告的状态为 {status}）。请检查本机的 gpg 或 ssh-keygen 能否运行，然后重新检查。")


def check_signatures(root: Path, folders: list[str], since: str | None = None) -> SignatureCheck:
    """The findings on the commits that touched folders (relative to root) since the date (ISO), if given.

    Raises:
        ConfigError: a commit is SSH-signed but git has no list of allowed signers (see gitrepo).
    """
    result = SignatureCheck(list(folders))
    if not folders:
        return result
    for s in signatures(root, folders):
        if since and s.date[:10] < since:
            continue
        result.commits += 1
        for path in s.paths:
            found = finding_of(s, path)
            if found is not None:
                result.findings.append(found)
    return result


def with_signatures(root: Path, result):  # (CheckResult) -> (CheckResult, str)
    """``dj check``'s result with the signature findings added (dj.yaml's rule levels applied),
    and a Chinese note on what was checked, for stderr."""
    from dataclasses import replace

    from ..findings import sort_findings
    from ..pipeline import with_levels
    from ..workspace import load_config

    config = load_config(root)
    settings = config.settings.git
    if not settings.signed_folders:
        return result, ("dj.yaml 没有设置须签名的文件夹（settings.git.signed_folders，例如 [cases/]），"
                        "没有检查提交的签名。")
    since = settings.signed_since.isoformat() if settings.signed_since else None
    checked = check_signatures(root, settings.signed_folders, since)
    levels = {code: str(level) for code, level in config.settings.rules.items()}
    found = with_levels(checked.findings, levels)
    bad = len({f.message for f in found})
    scope = f"{since} 以后" if since else "全部"
    note = (f"已验证{scope}修改 {'、'.join(settings.signed_folders)} 的 {checked.commits} 个提交的签名："
            + (f"{bad} 个提交的签名有问题。" if found else "全部签名有效。"))
    return replace(result, findings=sort_findings(result.findings + found)), note
