"""Rendering documents from the Jinja templates in ``templates/`` (sandboxed, strict).

Why sandboxed: record text is user data; a sandbox keeps a template from reaching into
Python objects even if record text ever ends up in a template (cf. trestle's advisory).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .dates import cn_date



def per_text(count: int | None, per: str | None) -> str:
    """“每半年至少1次”, “每年至少2次”, or “” when there is no count."""
    if count is None:
        return ""
    return f"{per or '每年'}至少{count}次"


@cache
def environment() -> Any:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from .resources import data_dir

    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(data_dir("templates"))),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cn_date"] = cn_date
    env.globals["per_text"] = per_text
    return env


def render(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(**context)


def render_letter(context: dict[str, Any]) -> str:
    """The 党风廉政建设责任书 of one person and year (Markdown)."""
    return render("assign/letter.md.j2", context)
