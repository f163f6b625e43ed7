"""The two exception roots: problems the user can fix, and bugs.

Problems in the user's records are never raised: they are Finding values.
"""


class DjError(Exception):
    """A condition that stops a command and that the user can fix (message in Chinese)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(DjError):
    """No workspace, an unreadable or invalid dj.yaml, a bad option: exit code 2."""

    exit_code = 2


class DjInternalError(Exception):
    """A bug in dj."""
