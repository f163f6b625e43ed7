"""The command-line layer: argument parsing, rendering, exit codes. The only place that knows the terminal."""

from __future__ import annotations

import gc
import sys


def _setup_streams() -> None:
    # Legacy Windows consoles (cp936) cannot encode every character; never crash on output.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``dj`` console script."""
    args = sys.argv[1:] if argv is None else argv
    _setup_streams()
    if args in (["--version"], ["-V"]):  # fast path: no Typer, no pydantic
        from .. import __version__

        print(f"dj {__version__}")
        sys.exit(0)
    # Why: a run builds hundreds of thousands of long-lived, acyclic record objects; with the
    # default thresholds (700) the collector scans them again and again (10-20% of a cold check
    # on 5,000 records, docs/performance.md). The process ends soon; cycles are still collected.
    gc.set_threshold(100_000, 50, 100)
    from .app import app

    app(args=args, prog_name="dj")
