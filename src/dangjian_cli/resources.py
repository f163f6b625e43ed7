"""Where dj's data folders (templates/, examples/) are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

from .errors import DjError


def data_dir(name: str) -> Path:
    """The folder of dj's data called name (``templates`` or ``examples``).

    Why: a wheel ships the top-level folders as ``dangjian_cli/_data/<name>``
    (pyproject force-include); an editable install runs from the source tree, where
    they stay at the top of the repository.

    Raises:
        DjError: neither exists, i.e. the installation is incomplete.
    """
    here = Path(__file__).resolve().parent
    for folder in (here / "_data" / name, here.parents[1] / name):
        if folder.is_dir():
            return folder
    raise DjError(f"找不到 dj 自带的数据目录“{name}”，安装可能不完整。请重新安装 dangjian-cli 后重试。")
