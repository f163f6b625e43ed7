"""Chinese for the few strings Typer prints itself in plain help and usage errors.

Typer's strings are not translatable from outside, so the known ones are replaced;
anything not listed (and any future Typer internals) stays as Typer has it.
"""

from __future__ import annotations

from typing import Any

TRANSLATIONS = {
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Show this message and exit.": "显示帮助信息并退出。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "Aborted!": "已中止。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
}


def localize_typer() -> None:
    try:
        import typer.core as tcore
        from typer._click import core as ccore
        from typer._click import formatting
    except ImportError:  # pragma: no cover - a Typer without these internals
        return
    original_gettext = tcore._

    def translate(message: str) -> str:
        return TRANSLATIONS.get(message) or original_gettext(message)

    tcore._ = translate
    original = ccore.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = TRANSLATIONS["Show this message and exit."]
        return option

    ccore.Command.get_help_option = get_help_option
    write_usage = formatting.HelpFormatter.write_usage

    def write_usage_zh(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, "用法：" if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage_zh
