"""Problems found in input, and the exceptions that carry them to the CLI with an exit code."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located compiler-style."""

    path: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        tag = {WARNING: " warning:", INFO: " note:"}.get(self.severity, "")
        return f"{where}:{tag}{field} {self.message}"

    @classmethod
    def unreadable(cls, shown: str, exc: OSError) -> "Problem":
        """A file that cannot be read, whichever stage tried."""
        return cls(shown, 0, "", f"cannot read file: {exc.strerror}")


def os_reason(exc: OSError) -> str:
    """Why a file could not be written, as a message says it."""
    return "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)


def display_path(path: Path | str, root: Path | None = None) -> str:
    """A path as people should see it in messages: relative to `root` (or the cwd) if inside."""
    path = Path(path)
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


class KemiLodError(Exception):
    """An expected failure the CLI reports without a traceback."""

    exit_code = 1

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems


class UsageError(KemiLodError):
    """The command was called wrongly, or its environment is unusable: exit code 2."""

    exit_code = 2


class OutputError(KemiLodError):
    """The output could not be written (full disk, no permission): exit code 2."""

    exit_code = 2
