"""What every command shares: the global options' state, the workspace root, dates, the error boundary."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable

import typer

from ..errors import ExitCode


class State:
    """Global options of this invocation."""

    directory: Path | None = None
    debug: bool = False


def root() -> Path:
    """The workspace root, found from -C DIR or the current folder."""
    from ..workspace import find_root

    return find_root(State.directory or Path.cwd())


def echo_err(message: str) -> None:
    typer.echo(message, err=True)


def guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """The error boundary: DjError → its Chinese message and exit code; a bug → a short note.

    The traceback of a bug is shown only with --debug.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..errors import DjError

        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except DjError as exc:
            echo_err(f"错误：{exc.message}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            echo_err("已中断。")
            raise typer.Exit(130) from None
        except Exception as exc:  # noqa: BLE001 - the boundary for bugs
            if State.debug:
                import traceback

                traceback.print_exc()
            echo_err(
                f"dj 内部错误（{type(exc).__name__}）：这是 dj 的缺陷，不是您的记录的问题。"
                "请加上 --debug 重新运行，并把输出报告给维护者。"
            )
            raise typer.Exit(ExitCode.INTERNAL) from None

    return wrapper


def parse_date(text: str | None):
    """A date option, or None; a malformed one is a usage error."""
    if text is None:
        return None
    import datetime as dt

    from ..errors import ConfigError

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD，例如 2024-12-31。") from None


__all__ = ["ExitCode", "State", "echo_err", "guarded", "parse_date", "root"]
