"""A page's text as the readers see it: cleaned, numbered lines, grouped into paragraphs, and a
paragraph of one-line entries taken apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from kemi_lod.importers.page.lexicon import label_of
from kemi_lod.importers.page.notation import final_period

_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\u200b-\u200d\u2060]")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2000-\u200a\u205f\u3000]+")
BULLET = re.compile(r"^(?:[•·▪◦‣*]|[-–](?=\s))\s*")


def clean(text: str) -> str:
    """A line as the importer reads it: no-break and other spaces as one space, no controls."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


@dataclass(frozen=True)
class Line:
    n: int
    text: str


def read_lines(path: Path) -> tuple[list[Line], str | None]:
    """The page's non-blank lines, numbered as `cat -n` numbers them; never raises."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], f"{path.name}: cannot read the file: {exc.strerror}"
    text = data.decode("utf-8", errors="replace")
    problem = None
    if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
        problem = f"{path.name}: not valid UTF-8; unreadable bytes were replaced by U+FFFD"
    lines = [Line(n, clean(raw)) for n, raw in enumerate(text.splitlines(), start=1)]
    return [line for line in lines if line.text], problem


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Runs of consecutive non-blank lines."""
    out: list[list[Line]] = []
    for line in lines:
        if out and out[-1][-1].n == line.n - 1:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def join_lines(lines: Iterable[Line], sep: str = " ") -> str:
    """A wrapped text as one: a line that starts with punctuation joins without a space."""
    text = ""
    for line in lines:
        if not text:
            text = line.text
        elif line.text[:1] in ".,;:!?)":
            text += line.text
        else:
            text += sep + line.text
    return text


def entries_apart(para: list[Line]) -> list[list[Line]]:
    """A paragraph of bulleted lines, or of lines that each end with a period, is one entry a
    line; any other paragraph is one text (a title wrapped over lines stays whole)."""
    if len(para) < 2 or label_of(para[0].text):
        return [para]
    if all(BULLET.match(line.text) for line in para) or all(final_period(line.text) for line in para):
        return [[line] for line in para]
    return [para]


def excerpt(text: str, limit: int = 70) -> str:
    """The text, cut to `limit` characters for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
