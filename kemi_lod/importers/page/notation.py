"""The pages' notation: amounts, numbers, percentages, periods, staff sizes, persons with their
roles, Finnish lists, and organisation names in an inflected form. Each reader takes the text
of one value and returns what it states, or raises ValueError saying why it cannot."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from kemi_lod.importers.page.lexicon import ROLE_TITLE, ROLES

_NUM = r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
AMOUNT = re.compile(rf"(?<![\d.,])(?P<num>{_NUM})(?!\d|,\d)\s*(?P<unit>euroa|eur\b|€)", re.I)
_DAY = r"\d{1,2}\.\d{1,2}\.\d{4}"
_MONTH_NAMES = ("tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka", "marras", "joulu")
_MON = r"(?:" + "|".join(_MONTH_NAMES) + r")kuu(?:ta|sta|hun)?\s+\d{4}"
_YEAR = r"(?<![\d.])\d{4}(?!\.?\d)"
_ITEM = rf"(?:{_DAY}|{_MON}|{_YEAR})"
PERIOD = re.compile(rf"(?:(?:vuosille|vuosina|ajalle)\s+)?(?P<a>{_ITEM})\s*[-–—]\s*(?P<b>{_ITEM})", re.I)
ONGOING = re.compile(r"^(jatkuva|toistaiseksi|pysyvä)\b", re.I)


def read_amount(text: str) -> Decimal:
    """Euros in Finnish notation ("359 904 euroa", "256.506 euroa", "4979,2 euroa", "442 000")."""
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).strip(" .,")
    match = re.fullmatch(rf"(?P<num>{_NUM})(?:\s*(?:euroa|eur|€))?", text, re.I)
    if not match:
        raise ValueError(f"not an amount: {text!r}")
    return decimal_of(match.group("num"))


def decimal_of(number: str) -> Decimal:
    """A number the patterns found ("359 904", "4979,2") as a Decimal."""
    whole, _, fraction = number.partition(",")
    digits = re.sub(r"[ .]", "", whole) + (f".{fraction}" if fraction else "")
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns only pass digits
        raise ValueError(f"not a number: {number!r}") from None


def read_percent(text: str) -> Decimal:
    """A percentage: "80 %", "80%", "80 prosentin", "80 prosenttia"."""
    match = re.search(r"(\d+(?:,\d+)?)\s*(?:%|prosent\w*)", text, re.I)
    if not match:
        raise ValueError(f"not a percentage: {text!r}")
    value = decimal_of(match.group(1))
    if value > 100:
        raise ValueError(f"a share of more than 100 %: {text!r}")
    return value


def is_percent(text: str) -> bool:
    """Whether the text is a percentage `read_percent` reads."""
    try:
        read_percent(text)
    except ValueError:
        return False
    return True


# --- periods ---------------------------------------------------------------------------------


def _date(item: str) -> tuple[str, tuple[int, int, int], tuple[int, int, int]]:
    """One bound of a period at its precision, with its earliest and latest day."""
    item = " ".join(item.split())
    if re.fullmatch(_DAY, item):
        d, m, y = (int(x) for x in item.split("."))
        if not (1000 <= y and 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]):
            raise ValueError(f"no such date: {item!r}")
        return f"{y:04d}-{m:02d}-{d:02d}", (y, m, d), (y, m, d)
    month = re.fullmatch(r"(\w+?)kuu\w*\s+(\d{4})", item, re.I)
    if month:
        m, y = _MONTH_NAMES.index(month.group(1).lower()) + 1, int(month.group(2))
        if y < 1000:
            raise ValueError(f"no such year: {item!r}")
        return f"{y:04d}-{m:02d}", (y, m, 1), (y, m, calendar.monthrange(y, m)[1])
    y = int(item)
    if y < 1000:
        raise ValueError(f"no such year: {item!r}")
    return f"{y:04d}", (y, 1, 1), (y, 12, 31)


def period_of(match: re.Match) -> dict[str, Any]:
    """The period a `PERIOD` match states; ValueError where its dates are impossible."""
    start, first, _ = _date(match.group("a"))
    end, _, last = _date(match.group("b"))
    if first > last:
        raise ValueError(f"the period starts after it ends: {match.group(0)!r}")
    return {"start": start, "end": end}


def read_period(text: str) -> dict[str, Any]:
    """A period: "1.1.2020-30.6.2022", "1.11.2021–31.10.2023", "joulukuu 2019 – marraskuu 2021",
    "2022-31.12.2023", "vuosille 2022–2024", "2022-2023", or "Jatkuva" (ongoing)."""
    text = " ".join(text.split()).strip(" .")
    if ONGOING.match(text) and len(text.split()) <= 2:
        return {"ongoing": True}
    match = PERIOD.fullmatch(text)
    if not match:
        raise ValueError(f"not a period: {text!r}")
    return period_of(match)


def final_period(text: str) -> re.Match | None:
    """The period a one-line entry ends with (the last one, at the end of the text)."""
    end = len(text.rstrip(" .,"))
    found = [m for m in PERIOD.finditer(text) if m.end() == end]
    return found[-1] if found else None


# --- staff and persons -----------------------------------------------------------------------


def read_staff(text: str) -> dict[str, Any]:
    """Staff: "2", "1,2", "3,5 henkilötyövuotta", "4,5 (Torniossa 3 ja yliopistolla 1,5)".
    A split names each organisation in the nominative (the importer finds its record)."""
    value = " ".join(text.split()).strip(" .")
    match = re.fullmatch(
        r"(?P<n>\d+(?:,\d+)?)\s*(?P<unit>henkilötyövuotta|henkilötyövuotena|htv|henkilöä|hlöä|henkilö)?"
        r"\s*(?:\((?P<split>[^()]*)\))?", value, re.I)
    if not match:
        raise ValueError(f"not a staff size: {value!r}")
    key = "person_years" if (match.group("unit") or "").lower().startswith(("henkilöty", "htv")) else "headcount"
    out: dict[str, Any] = {key: decimal_of(match.group("n"))}
    if match.group("split"):
        out["split"] = [_staff_share(part, key) for part in split_list(match.group("split"))]
    if value != match.group("n"):
        out["stated"] = value
    return out


def _staff_share(part: str, key: str) -> dict[str, Any]:
    """One organisation's share of the staff: "Torniossa 3"."""
    share = re.fullmatch(r"(?P<org>.+?)\s+(?P<n>\d+(?:,\d+)?)", part.strip())
    if not share:
        raise ValueError(f"not a share of the staff: {part!r}")
    return {key: decimal_of(share.group("n")), "organisation": nominative(share.group("org"), "locative")}


@dataclass(frozen=True)
class Contacts:
    """Persons read from a contact line, in the page's order, and what was mended or not read."""

    persons: tuple[tuple[str, tuple[str, str] | None], ...]  # (name, (generic role, job title) or None)
    remarks: tuple[str, ...] = ()
    unread: tuple[str, ...] = ()


def read_contacts(text: str) -> Contacts:
    """Persons with their role titles: "projektipäällikkö Heidi Nikkilä", several in one line
    ("Projektipäällikkö Anu Fisk, hanketyöntekijät Nina Kukkonen ja Katri Ollitervo"), names
    run together by text extraction ("Eija Kinnunenhanketyöntekijä Senja Raappana…")."""
    text = " ".join(text.split())
    persons: list[tuple[str, str | None]] = []
    remarks: list[str] = []
    unread: list[str] = []
    roles = list(ROLE_TITLE.finditer(text))
    segments = [(None, text[: roles[0].start()] if roles else text)]
    for i, role in enumerate(roles):
        end = roles[i + 1].start() if i + 1 < len(roles) else len(text)
        segments.append((role, text[role.end(): end]))
        if role.start() > 0 and text[role.start() - 1].isalpha():
            word = text[text.rfind(" ", 0, role.start()) + 1: role.end()]
            remarks.append(f"names run together: read {word!r} as the end of a name and the role {role.group(0)!r}")
    for role, segment in segments:
        code = ROLES[role.group(0).lower()] if role else None  # (generic role, job title)
        for part in re.split(r"\s*(?:,|/|;|&|\bja\b)\s*", segment.strip(" .,;/")):
            _read_person(part.strip(" ."), code, persons, remarks, unread)
    return Contacts(tuple(persons), tuple(remarks), tuple(unread))


def _read_person(part: str, code: tuple[str, str] | None, persons: list, remarks: list[str], unread: list[str]) -> None:
    """One name of a contact line (words in capitals, after any unknown role title)."""
    if not part:
        return
    words = part.split()
    lead = [w for w in words if not w[0].isupper()]
    name_words = words[len(lead):] if words[: len(lead)] == lead else []
    if name_words and all(w[0].isupper() for w in name_words):
        if lead:
            remarks.append(f"unknown role title {' '.join(lead)!r} of {' '.join(name_words)}")
        persons.append((" ".join(name_words), code if not lead else None))
    else:
        unread.append(part)


# --- lists and organisation names ------------------------------------------------------------


def split_list(text: str) -> list[str]:
    """Items of a Finnish list ("A, B ja C"); a word ending in a hyphen keeps its "ja" or
    comma ("työ- ja elinkeinotoimisto", "elinkeino-, liikenne- ja ympäristökeskus")."""
    items, start = [], 0
    for sep in re.finditer(r",(?!\d)\s*|\s+(?:ja|sekä|tai)\s+", text):
        before = text[start: sep.start()]
        if before.endswith("-"):
            continue
        items.append(before)
        start = sep.end()
    items.append(text[start:])
    return [i.strip(" .") for i in items if i.strip(" .")]


def nominative(phrase: str, case: str = "genitive") -> str:
    """The organisation name in the nominative, from its genitive ("Lapin liiton",
    "Tornion kaupungin", "Opetushallituksen") or locative form ("Torniossa", "yliopistolla").
    Only the last word is inflected: the words before it are attributes."""
    words = phrase.strip(" .,").split()
    if not words:
        return phrase
    last = words[-1]
    if re.search(r":n$", last):
        last = last[:-2]
    elif case == "locative":
        last = re.sub(r"(ss[aä]|ll[aä]|st[aä]|lt[aä])$", "", last)
        last = re.sub(r"ungi$", "unki", last)
    else:
        for pattern, repl in ((r"ungin$", "unki"), (r"([uy])ksen$", r"\1s"), (r"iiton$", "iitto"),
                              (r"nnan$", "nta"), (r"([aeiouyäö])n$", r"\1")):
            new = re.sub(pattern, repl, last)
            if new != last:
                last = new
                break
    return " ".join([*words[:-1], last])


def without_roles(text: str) -> tuple[str, list[str]]:
    """The text without a run-in implementer ("…, hankkeen toteuttajana X", "… Hankkeen
    toteuttaja X"), and the implementers it names."""
    match = re.search(r"[,\s]+hankkeen toteuttaj(?:a|ana|ina)\s+(?P<org>[A-ZÄÖÅ].*)$", text, re.I)
    if not match:
        return text, []
    return text[: match.start()].strip(" ,"), [o for o in split_list(match.group("org"))]
