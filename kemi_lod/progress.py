"""How long work tells its caller how far it has got, without printing anything.

The build, the register import and `publish` take a `Progress` and report to it: a stage
starts with its name, its total when known and its unit, and work done is added as it
finishes, per record or per chunk (never per triple: the calls must cost nothing next to the
work). The default, `SILENT`, ignores it all. Only the CLI turns it into output (bars on a
terminal). Reports are made from the thread that called the library, never from workers.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Protocol, TypeVar

T = TypeVar("T")


class Progress(Protocol):
    def stage(self, name: str, total: int | None, unit: str = "records") -> None:
        """A new stage begins (the one before, if any, has ended); `total` None: not known."""

    def advance(self, n: int = 1) -> None:
        """`n` more units of the current stage are done."""


class _Silent:
    def stage(self, name: str, total: int | None, unit: str = "records") -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


SILENT: Progress = _Silent()


def counted(items: Iterable[T], progress: Progress) -> Iterator[T]:
    """The items, one unit of progress for each once its consumer asks for the next."""
    for item in items:
        yield item
        progress.advance()
