"""Content negotiation as RFC 9110 describes it (q-values, wildcards, q=0 as "not acceptable"),
with Apache's reading of wildcards without q-values, so that `kemi-lod serve`, Apache's
mod_negotiation (the build's type maps) and nginx (the build's `negotiate.js`, the same steps)
answer alike:

- a q-value is "0" to "1" with at most three decimals (RFC 9110); anything else counts as 0;
- where the header gives no q-value at all, `*/*` counts 0.01 and `type/*` 0.02, as Apache
  reads it (browsers once sent `*/*` with no weight): `text/turtle, */*` asks for Turtle;
- an offer takes the q-value of the most specific range that names it; the highest wins, and
  among equals the first offered.
"""

from __future__ import annotations

import re
from typing import Sequence

Q_VALUE = re.compile(r"0(\.\d{0,3})?|1(\.0{0,3})?")
BARE_WILDCARD = {"*/*": 0.01, "type/*": 0.02}  # Apache's weights where no q-value is given at all


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first (order of appearance among equals)."""
    if not header:
        return [("*/*", 1.0)]
    ranges, weighted = [], False
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = None
        for f in fields[1:]:
            if f.lower().startswith("q="):
                weighted = True
                q = float(f[2:]) if Q_VALUE.fullmatch(f[2:]) else 0.0
        ranges.append((fields[0].lower(), q, i))
    def weight(media: str, q: float | None) -> float:
        if q is not None:
            return q
        if not weighted and media.endswith("/*"):
            return BARE_WILDCARD["*/*" if media == "*/*" else "type/*"]
        return 1.0
    found = sorted(((m, weight(m, q), i) for m, q, i in ranges), key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in found]


def _specific_q(header: str | None, offer: str) -> float:
    """The q-value of the most specific range that names `offer` (0 where none does)."""
    ranges = parse_accept(header)
    kind = offer.split("/")[0]
    for wanted in (offer, f"{kind}/*", "*/*"):
        for media, q in ranges:
            if media == wanted:
                return q
    return 0.0


def choose(header: str | None, offered: Sequence[str]) -> str | None:
    """The offer with the highest q-value; among equals the first offered; None where none is acceptable."""
    scored = [(_specific_q(header, o), -i, o) for i, o in enumerate(offered)]
    q, _, offer = max(scored)
    return offer if q > 0 else None
