"""Finding the workspace (the folder with dj.yaml) and reading its configuration."""

from __future__ import annotations

from pathlib import Path

from .errors import ConfigError

CONFIG_NAME = "dj.yaml"
CONFIG_MAX_BYTES = 1024 * 1024


def find_root(start: Path) -> Path:
    """The nearest folder at or above start that holds dj.yaml, like git finds .git."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        f"在 {start} 及其上级目录中找不到 {CONFIG_NAME}，这里不是 dj 工作区。"
        "请进入工作区目录，或用 dj -C 目录 指定，或用 dj init 新建一个工作区。"
    )


def load_config(root: Path):  # -> Config, imported lazily to keep start-up light
    """Read and validate dj.yaml; any problem in it stops the command (exit code 2)."""
    from pydantic import ValidationError

    from .models.config import Config
    from .validate import findings_for
    from .yamlio import YamlProblem, build, compose, decode

    from .load import read_regular

    # Only a regular file, read within a bound: a FIFO or a link to a device never hangs dj.
    raw, problems = read_regular(root, CONFIG_NAME, CONFIG_MAX_BYTES)
    if raw is None:
        raise ConfigError(f"无法读取 {CONFIG_NAME}：{problems[0].message}")
    decoded = decode(raw)
    if decoded.text is None or decoded.findings:
        raise ConfigError(f"{CONFIG_NAME} 不是 UTF-8 编码，请用编辑器“另存为 UTF-8”后重试。")
    try:
        node = compose(decoded.text)
        data = build(node) if node is not None else None
    except YamlProblem as problem:
        raise ConfigError(f"{CONFIG_NAME}:{problem.line}:{problem.column}: {problem.code} {problem.message}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{CONFIG_NAME} 应是“键: 值”的映射，至少包含 organization 和 year。")
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        lines = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in findings_for(exc, Config, node, CONFIG_NAME, None)]
        raise ConfigError(f"{CONFIG_NAME} 有错误，请改正：\n" + "\n".join(lines)) from None
