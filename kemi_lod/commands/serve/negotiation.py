"""Content negotiation as RFC 9110 describes it: q-values, wildcards, q=0 as "not acceptable"."""

from __future__ import annotations

from typing import Sequence


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first (order of appearance among equals)."""
    if not header:
        return [("*/*", 1.0)]
    ranges = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges]


def _specific_q(header: str | None, offer: str) -> tuple[float, int]:
    """The q-value of the most specific range that matches `offer`, and how specific it is
    (2: the type itself, 1: `type/*`, 0: `*/*`); (0, 0) where none does."""
    ranges = parse_accept(header)
    kind = offer.split("/")[0]
    for specific, wanted in ((2, offer), (1, f"{kind}/*"), (0, "*/*")):
        for media, q in ranges:
            if media == wanted:
                return q, specific
    return 0.0, 0


def choose(header: str | None, offered: Sequence[str]) -> str | None:
    """RFC 9110 negotiation: the offer with the highest q of its most specific range. Among
    equals, one named by a more specific range (`text/turtle, */*` asks for Turtle first, as
    Apache also reads it), then the first offered."""
    scored = [(*_specific_q(header, o), -i, o) for i, o in enumerate(offered)]
    q, _, _, offer = max(scored)
    return offer if q > 0 else None
