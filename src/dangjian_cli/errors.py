"""The two exception roots, problems the user can fix and bugs, and dj's exit codes.

Problems in the user's records are never raised: they are Finding values.
"""

from enum import IntEnum


class ExitCode(IntEnum):
    """What dj's exit status means (ruff, sqlfluff and ty use the same scheme).

    Why one enum: CI scripts and the IT person branch on these numbers; 3 must mean a
    defect in dj and nothing else.
    """

    OK = 0
    FINDINGS = 1  # dj check found errors (or warnings with --strict)
    REFUSED = 1  # a command refused to act, e.g. a file to change has uncommitted edits
    USAGE = 2  # usage, configuration or environment: a bad option, no workspace, an unreadable folder
    INTERNAL = 3  # a defect in dj
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class DjError(Exception):
    """A condition that stops a command and that the user can fix (message in Chinese)."""

    exit_code: int = ExitCode.REFUSED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(DjError):
    """No workspace, an unreadable or invalid dj.yaml, a bad option, an unknown person: exit code 2."""

    exit_code = ExitCode.USAGE


class DjInternalError(Exception):
    """A bug in dj."""
