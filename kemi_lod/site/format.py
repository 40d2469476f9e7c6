"""Finnish formatting for the pages: numbers, euros, dates and alphabetical order.

Euros and dates are written the Finnish way (`359 904 €`, `1.8.2020`). Lists are in Finnish
alphabetical order by `finnish_sort_key`, the same in every locale and the key the sortable
tables' script (`assets/sort.js`) compares.
"""

from __future__ import annotations

import functools
import unicodedata
from decimal import Decimal

NBSP = "\u00a0"


def finnish_number(value: str | Decimal, places: int | None = None) -> str:
    """`1234567.5` -> `1 234 567,5` (no-break spaces between thousands)."""
    d = Decimal(value)
    if places is not None:
        text = f"{d:,.{places}f}"
    elif d == d.to_integral_value():
        text = f"{int(d):,}"
    else:
        text = f"{d.normalize():,f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", NBSP)


def euros(value: str | Decimal) -> str:
    """`359904.0` -> `359 904 €`; cents only where there are any (`1 234,50 €`)."""
    d = Decimal(value)
    whole = d == d.to_integral_value()
    return finnish_number(d, None if whole else 2) + NBSP + "€"


def finnish_date(lexical: str) -> str:
    """`2020-08-01` -> `1.8.2020`, `2020-08` -> `8/2020`, `2020` -> `2020`."""
    parts = lexical.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])}.{int(parts[1])}.{parts[0]}"
    if len(parts) == 2:
        return f"{int(parts[1])}/{parts[0]}"
    return lexical


# Finnish alphabetical order (CLDR's Finnish collation at the primary level): digits, then a-z,
# then å, ä, ö; letters with other accents sort as their base letter (é as e, ü as y, æ as ä,
# ø as ö). Everything else that is not a letter or digit sorts before them, as one class.
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzåäö"
_CODES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabc"  # ascending, one per letter of _ALPHABET
_FOLDED = {"ü": "y", "ű": "y", "æ": "ä", "ø": "ö", "œ": "ö", "ő": "ö", "ô": "ö", "đ": "d", "ð": "d", "þ": "th",
           "ŋ": "n"}


@functools.lru_cache(maxsize=1 << 18)  # a label is sorted in many lists
def finnish_sort_key(text: str) -> str:
    """A key whose plain (code point) order is Finnish alphabetical order, in any locale.

    Printable ASCII for the primary letters (it goes into an HTML attribute), then the
    case-folded and the original text break ties, so distinct texts never compare equal. The sortable tables' script compares these keys as
    plain strings, so the browser sorts exactly as the build does.
    """
    primary = "".join(_PRIMARY.get(ch) or _primary(ch) for ch in unicodedata.normalize("NFC", text).casefold())
    # a space ends the primary key: it sorts below every code in it, so "Oulu" < "Oulu 2"
    return primary + " " + text.casefold() + " " + text


_PRIMARY: dict[str, str] = {}  # a case-folded character -> its primary codes (`_primary`)


def _primary(ch: str) -> str:
    """The primary codes of one case-folded character (remembered: the labels use few characters)."""
    folded = _FOLDED.get(ch, ch)
    if folded not in _ALPHABET and len(folded) == 1:
        base = unicodedata.normalize("NFD", folded)[0]
        folded = base if base in _ALPHABET and base not in "åäö" else folded
    codes = "".join(_CODES[_ALPHABET.index(c)] if c in _ALPHABET  # an order-preserving ASCII code
                    else "~" if unicodedata.category(c)[0] in "LN"  # a letter of another alphabet: after ö
                    else "!"  # space, punctuation, symbols: before digits and letters
                    for c in folded)
    _PRIMARY[ch] = codes
    return codes
