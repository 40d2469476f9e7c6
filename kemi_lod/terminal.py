"""What the CLI shows on a terminal while the library works: a progress bar per stage.

The library reports to a `Progress` (kemi_lod/progress.py) and never prints; the commands pass
`progress(quiet)`, which draws click progress bars on standard error when it is a terminal
and `--quiet` was not given, and is silent otherwise.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Iterator

import click

from kemi_lod.progress import SILENT, Progress


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress(quiet: bool) -> Iterator[Progress]:
    """Bars on standard error while the library works, when it is a terminal and not --quiet."""
    if quiet or not stderr_is_terminal():
        yield SILENT
        return
    bars = Bars()
    try:
        yield bars
    except BaseException:
        bars.close(complete=False)
        raise
    bars.close()


def _unsized() -> Iterator[None]:
    """An iterable without a length: a click progress bar over it counts without a total."""
    yield from ()


class Bars:
    """A click progress bar per stage, with the rate per second. The library may report per
    record; the bar is redrawn at most every REDRAW seconds, so reports cost next to nothing."""

    REDRAW = 0.1
    LABEL = 8  # the longest stage name, and a space

    def __init__(self) -> None:
        self._bar = None  # the click progress bar of the stage shown
        self._unit, self._done, self._pending = "", 0, 0
        self._start = self._last = self._drawn = 0.0

    def stage(self, name: str, total: int | None, unit: str = "records") -> None:
        self.close()
        self._unit, self._done, self._pending = unit, 0, 0
        self._start = self._last = self._drawn = time.monotonic()
        options = dict(label=name.ljust(self.LABEL), file=sys.stderr, show_pos=True, width=30, item_show_func=self._rate)
        if total is None:
            self._bar = click.progressbar(_unsized(), **options)
        else:
            self._bar = click.progressbar(length=total, **options)
        self._bar.render_progress()

    def advance(self, n: int = 1) -> None:
        self._pending += n
        self._last = time.monotonic()
        if self._last - self._drawn >= self.REDRAW:
            self._draw()

    def _draw(self) -> None:
        assert self._bar is not None
        self._done += self._pending
        self._bar.update(self._pending)
        self._pending = 0
        self._drawn = self._last

    def _rate(self, _item: object) -> str | None:
        """Units per second, once the stage has taken long enough for the figure to mean
        something (a stage that only waited for a thread would show thousands a second)."""
        seconds = self._last - self._start
        finished = self._bar is not None and self._bar.finished
        took = f"in {seconds:.1f} s" if finished else None
        if not self._done or seconds < self.REDRAW:
            return took
        rate = self._done / seconds
        shown = f"{rate:,.0f}" if rate >= 100 else f"{rate:.1f}"
        return f"{shown} {self._unit}/s" + (f" {took}" if took else "")

    def close(self, complete: bool = True) -> None:
        """End the stage shown: its last count, and the bar left on its own line."""
        if self._bar is None:
            return
        if self._pending:
            self._draw()
        if complete:
            self._bar.finish()
            self._bar.render_progress()
        self._bar.render_finish()
        self._bar = None

