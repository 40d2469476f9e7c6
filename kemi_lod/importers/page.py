"""Project-list pages (text copies of a city's web pages) -> draft records.

The pages are written for people: labelled lines ("Rahoitus ja ohjelma: …", "Toiminta-aika: …")
under section or department headings, one-line entries ("Name, partner 1.8.2020-30.6.2022"),
and blocks whose heading was lost when the text was taken. They are read in stages:

    lines -> paragraphs -> blocks (label blocks with their title and trailing text, one-line
    entries) -> projects of one page -> projects of all pages (a project stated on two pages
    is one project: the later page is current, the earlier one history) -> records

Every value is written as `Sourced(value, "<file>:<line>")`. Nothing is guessed silently:
a line that cannot be read is reported as "<file>:<line>: <what>" and its text kept in the
project's `notes`; a mended value keeps the page's words (`stated`, `title_as_stated`,
`title_derived`) and the mending is reported.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable

import yaml

from kemi_lod.importers.common import Draft, Sourced, normalise_org_name, plain as _plain, slug, write_draft

MAX_TEXT = 20_000  # the loader's limit for one text value
DEFAULT_MAX_AMOUNT = Decimal("1e10")  # the publication's default ceiling (setting max_amount)

# --- what the pages say, and what it means --------------------------------------------------

SECTIONS = {
    "kaupungin hallinnoimat hankkeet": "run-by-city",
    "hankkeet, joihin kaupunki antaa omarahoituksen tai muuta rahoitusta": "co-funded-by-city",
}
_DEPARTMENT = re.compile(r"^[A-ZÄÖÅ][\w\- ]*?(toimiala|toimialan [\w\- ]+|palvelut|virasto|keskus)$")

# label kind -> the labels' pattern (matched case-insensitively at the start of a line, before ":")
LABELS: dict[str, str] = {
    "funding": r"rahoitus(?:\s*/\s*ohjelma|\s+ja\s+ohjelma)?|ohjelma\s+ja\s+rahoitus|ohjelma\s*/\s*rahoitus",
    "funders": r"rahoittajat?",
    "implementers": r"toteuttajat?|toteuttajina|hankkeen\s+toteuttajat?",
    "period": r"toiminta-?aika|hankeaika",
    "budget": r"(?:kokonais)?budjetti(?:\s+koko\s+toiminta-?ajalle)?",
    "city_share": r"kaupungin\s+(?:oma)?(?:rahoitus)?osuus(?:\s+vuonna\s+(?P<year>\d{4}))?",
    "staff": r"(?:hanke)?henkilö(?:kunnan|stön)\s+määrä",
    "contacts": r"yhteyshenkilö(?:t)?",
    "summary": r"(?:lyhyt\s+)?tiivistelmä|kuvaus",
}
_LABEL = re.compile(
    r"^(?:" + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in LABELS.items()) + r")\s*:\s*(?P<value>.*)$",
    re.I,
)

# role titles (singular and plural) -> role codes of data/README.md; longest first, so that
# "projektikoordinaattori" is not read as "koordinaattori"
ROLES: dict[str, str] = {
    "yrityskehittämisen asiantuntijat": "business-development-expert",
    "yrityskehittämisen asiantuntija": "business-development-expert",
    "projektikoordinaattorit": "project-coordinator",
    "projektikoordinaattori": "project-coordinator",
    "projektipäälliköt": "project-manager",
    "projektipäällikkö": "project-manager",
    "hankepäällikkö": "project-manager",
    "vapaa-aikapäällikkö": "leisure-services-manager",
    "elinkeinopäällikkö": "business-development-manager",
    "hanketyöntekijät": "project-worker",
    "hanketyöntekijä": "project-worker",
    "hankesihteerit": "project-secretary",
    "hankesihteeri": "project-secretary",
    "liikunnanohjaajat": "sports-instructor",
    "liikunnanohjaaja": "sports-instructor",
    "johtava rehtori": "leading-principal",
    "koordinaattorit": "coordinator",
    "koordinaattori": "coordinator",
}
_ROLE = re.compile("|".join(re.escape(r) for r in sorted(ROLES, key=len, reverse=True)), re.I)

# the EU funds and programmes the pages name by abbreviation or by a well-known name
FUNDS: dict[str, dict[str, Any]] = {
    "erdf": {"name": {"fi": "Euroopan aluekehitysrahasto", "en": "European Regional Development Fund"},
             "level": "fund", "notation": "EAKR"},
    "esf": {"name": {"fi": "Euroopan sosiaalirahasto", "en": "European Social Fund"},
            "level": "fund", "notation": "ESR"},
    "akke": {"name": "AKKE-rahoitus", "level": "grant-instrument", "notation": "AKKE"},
}
_FUND_WORDS = (
    (re.compile(r"\bEAKR\b|Euroopan aluekehitysrahasto", re.I), "erdf"),
    (re.compile(r"\bEARK\b"), "erdf"),  # a typo of the page for EAKR, kept as stated
    (re.compile(r"\bESR\b|Euroopan sosiaalirahasto", re.I), "esf"),
    (re.compile(r"\bAKKE\b"), "akke"),
)
PROGRAMMES: dict[str, dict[str, Any]] = {
    "kestavaa-kasvua-ja-tyota-2014-2020": {
        "name": {"fi": "Kestävää kasvua ja työtä 2014–2020 – Suomen rakennerahasto-ohjelma",
                 "en": "Sustainable growth and jobs 2014–2020 – Finland's structural funds programme"},
        "level": "programme",
    },
}
# typos of the pages, mended where they name something; the page's words are kept as stated
TYPOS = {"EARK": "EAKR", "kohdenettu": "kohdennettu"}
# grant words at the start of a one-line entry -> (grant instrument, funder group)
_GRANTS = (
    (re.compile(r"^Valtion erityisavustus\w*", re.I), "Valtion erityisavustus", "state"),
    (re.compile(r"^Valtionavustu(?:s|kset)\b", re.I), "Valtionavustus", "state"),
    (re.compile(r"^Erityisavustu(?:s|kset)\b", re.I), "Erityisavustus", None),
    (re.compile(r"^Avustu(?:s|kset)\b", re.I), "Avustus", None),
)
# funders that are state agencies, so their contribution is state funding
_STATE_AGENCY = re.compile(r"aluehallintovirasto|\bely\b|ely-keskus|opetushallitus|ministeriö|te-toimisto", re.I)
_ORG_WORD = re.compile(
    r"(\b(oy|oyj|ry|ab|ky)\b|opisto|yliopisto|säätiö|kaupunki|kunta|keskus|liitto|virasto|hallitus|toimisto|"
    r"seura|yhdistys|setlementti|\bSTEA\b|\bELY\b|toimiala)", re.I)
_PLACE_WORD = re.compile(r"alue|ranta|rannat|niity|saari|saaret|kylä|keskusta|kaupunginosa", re.I)
_POINTER = re.compile(r"linki|lisätieto|\btieto(?:ja|a)\b|löytyy|sivulle|sivulta|sivuilta|https?://|www\.", re.I)
_SMALL_WORDS = {"ja", "tai", "sekä", "eli", "että", "kuin", "tahi"}

# --- notation: amounts, numbers, percentages, periods, staff, persons ------------------------

_NUM = r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_AMOUNT = re.compile(rf"(?<![\d.,])(?P<num>{_NUM})(?!\d|,\d)\s*(?P<unit>euroa|eur\b|€)", re.I)
_DAY = r"\d{1,2}\.\d{1,2}\.\d{4}"
_MONTH_NAMES = ("tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka", "marras", "joulu")
_MON = r"(?:" + "|".join(_MONTH_NAMES) + r")kuu(?:ta|sta|hun)?\s+\d{4}"
_YEAR = r"(?<![\d.])\d{4}(?!\.?\d)"
_ITEM = rf"(?:{_DAY}|{_MON}|{_YEAR})"
_PERIOD = re.compile(rf"(?:(?:vuosille|vuosina|ajalle)\s+)?(?P<a>{_ITEM})\s*[-–—]\s*(?P<b>{_ITEM})", re.I)
_ONGOING = re.compile(r"^(jatkuva|toistaiseksi|pysyvä)\b", re.I)


def read_amount(text: str) -> Decimal:
    """Euros in Finnish notation ("359 904 euroa", "256.506 euroa", "4979,2 euroa", "442 000")."""
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).strip(" .,")
    match = re.fullmatch(rf"(?P<num>{_NUM})(?:\s*(?:euroa|eur|€))?", text, re.I)
    if not match:
        raise ValueError(f"not an amount: {text!r}")
    return _decimal(match.group("num"))


def _decimal(number: str) -> Decimal:
    whole, _, fraction = number.partition(",")
    digits = re.sub(r"[ .]", "", whole) + (f".{fraction}" if fraction else "")
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns only pass digits
        raise ValueError(f"not a number: {number!r}") from None


def read_number(text: str) -> Decimal:
    """A number with a decimal comma ("1,2", "10")."""
    match = re.fullmatch(r"\s*(\d+(?:,\d+)?)\s*\.?\s*", text)
    if not match:
        raise ValueError(f"not a number: {text!r}")
    return _decimal(match.group(1))


def read_percent(text: str) -> Decimal:
    """A percentage: "80 %", "80%", "80 prosentin", "80 prosenttia"."""
    match = re.search(r"(\d+(?:,\d+)?)\s*(?:%|prosent\w*)", text, re.I)
    if not match:
        raise ValueError(f"not a percentage: {text!r}")
    value = _decimal(match.group(1))
    if value > 100:
        raise ValueError(f"a share of more than 100 %: {text!r}")
    return value


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


def _period_of(match: re.Match) -> dict[str, Any]:
    start, first, _ = _date(match.group("a"))
    end, _, last = _date(match.group("b"))
    if first > last:
        raise ValueError(f"the period starts after it ends: {match.group(0)!r}")
    return {"start": start, "end": end}


def read_period(text: str) -> dict[str, Any]:
    """A period: "1.1.2020-30.6.2022", "1.11.2021–31.10.2023", "joulukuu 2019 – marraskuu 2021",
    "2022-31.12.2023", "vuosille 2022–2024", "2022-2023", or "Jatkuva" (ongoing)."""
    text = " ".join(text.split()).strip(" .")
    if _ONGOING.match(text) and len(text.split()) <= 2:
        return {"ongoing": True}
    match = _PERIOD.fullmatch(text)
    if not match:
        raise ValueError(f"not a period: {text!r}")
    return _period_of(match)


def _final_period(text: str) -> re.Match | None:
    """The period a one-line entry ends with (the last one, at the end of the text)."""
    end = len(text.rstrip(" .,"))
    found = [m for m in _PERIOD.finditer(text) if m.end() == end]
    return found[-1] if found else None


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
    out: dict[str, Any] = {key: _decimal(match.group("n"))}
    if match.group("split"):
        shares = []
        for part in split_list(match.group("split")):
            share = re.fullmatch(r"(?P<org>.+?)\s+(?P<n>\d+(?:,\d+)?)", part.strip())
            if not share:
                raise ValueError(f"not a share of the staff: {part!r}")
            shares.append({key: _decimal(share.group("n")), "organisation": nominative(share.group("org"), "locative")})
        out["split"] = shares
    if value != match.group("n"):
        out["stated"] = value
    return out


@dataclass(frozen=True)
class Contacts:
    """Persons read from a contact line, in the page's order, and what was mended or not read."""

    persons: tuple[tuple[str, str | None], ...]  # (name, role code or None)
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
    roles = list(_ROLE.finditer(text))
    segments = [(None, text[: roles[0].start()] if roles else text)]
    for i, role in enumerate(roles):
        end = roles[i + 1].start() if i + 1 < len(roles) else len(text)
        segments.append((role, text[role.end(): end]))
        if role.start() > 0 and text[role.start() - 1].isalpha():
            word = text[text.rfind(" ", 0, role.start()) + 1: role.end()]
            remarks.append(f"names run together: read {word!r} as the end of a name and the role {role.group(0)!r}")
    for role, segment in segments:
        code = ROLES[role.group(0).lower()] if role else None
        for part in re.split(r"\s*(?:,|/|;|&|\bja\b)\s*", segment.strip(" .,;/")):
            part = part.strip(" .")
            if not part:
                continue
            words = part.split()
            lead = [w for w in words if not w[0].isupper()]
            name_words = words[len(lead):] if words[: len(lead)] == lead else []
            if name_words and all(w[0].isupper() for w in name_words):
                if lead:
                    remarks.append(f"unknown role title {' '.join(lead)!r} of {' '.join(name_words)}")
                persons.append((" ".join(name_words), code if not lead else None))
            else:
                unread.append(part)
    return Contacts(tuple(persons), tuple(remarks), tuple(unread))


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


def mend_hyphens(text: str) -> str:
    """A hyphen left hanging by the page: "REACT- EU:n" -> "REACT-EU:n" (after an
    abbreviation), "vahvaksi- osallistumalla" -> "vahvaksi – osallistumalla" (a dash)."""

    def mend(m: re.Match) -> str:
        word, nxt = m.group(1), m.group(2)
        if nxt.lower() in _SMALL_WORDS:
            return m.group(0)
        return f"{word}-{nxt}" if word.isupper() and len(word) > 1 else f"{word} – {nxt}"

    return re.sub(r"(\w+)- (\w+)", mend, text)


def normalise_title(title: str) -> str:
    """The key that makes two spellings one title: case, spaces, hyphens and dashes do not count."""
    return re.sub(r"[\W_]+", "", title.casefold())


_NAME_MARK = re.compile(r"^[-–]?hank(?:e|keen|etta)[.,:;]?$", re.I)
_COMPOUND_MARK = re.compile(r"^(?P<stem>\w{3,}?)hank(?:e|keen|etta)[.,:;]?$")
_ATTRIBUTIVE = re.compile(r"(organisoima|rahoittama|toteuttama|hallinnoima|vuotinen)$", re.I)


def derive_title(summary: str) -> tuple[str, str] | None:
    """A title the summary itself names ("Koronasta kasvuun hankkeen…", "Vahvax- hanke…",
    "Vahva lukutaito -hanke", "…koordinaatiohankkeen avulla"), with the sentence it is taken from."""
    for sentence in re.split(r"(?<=[.!?:])\s+", " ".join(summary.split())):
        words = sentence.split(" ")
        for k, word in enumerate(words):
            start = max((i + 1 for i, w in enumerate(words[:k]) if _ATTRIBUTIVE.search(w)), default=0)
            if _NAME_MARK.match(word) and k > start:
                name = [w for w in words[start:k] if w not in ("-", "–")]
                name[-1:] = [name[-1].rstrip("-")] if name else []
            elif (compound := _COMPOUND_MARK.match(word)) and not word[0].isupper() and k > start:
                name = [*words[start:k], compound.group("stem") + "hanke"]
            else:
                continue
            if name and name[0][:1].isupper() and len(name) <= 7 and all(name):
                return " ".join(name).strip(" ,"), sentence
    return None


def fallback_title(summary: str) -> str:
    """A title from a summary that names no project: what "Tavoitteena on …" states, or the
    summary's opening words (up to a comma or "yhteistyössä", at most eight)."""
    text = " ".join(summary.split())
    goal = re.search(r"(?:^|[.!?]\s)Tavoitteena on (?P<goal>[^.,:;]+)[.!?]", text)
    if goal and len(goal.group("goal").split()) <= 8:
        return goal.group("goal")
    words = []
    for word in text.split(" ")[:8]:
        if word.lower() in ("yhteistyössä", "jotta", "joka", "jonka"):
            break
        words.append(word)
        if word.endswith((",", ".", ":", ";")):
            break
    return " ".join(words).rstrip(" .,:;")


def _words_of(title: str, summary: str) -> str:
    """The sentence of the summary a fallback title is taken from."""
    text = " ".join(summary.split())
    at = text.find(title)
    if at < 0:
        return title
    start = max(text.rfind(". ", 0, at) + 2, 0) if text.rfind(". ", 0, at) >= 0 else 0
    end = text.find(". ", at + len(title))
    return text[start: end + 1 if end >= 0 else len(text)]


# --- the page's lines and paragraphs ---------------------------------------------------------

_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\u200b-\u200d\u2060]")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2000-\u200a\u205f\u3000]+")


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


def label_of(text: str) -> tuple[str, str, str | None] | None:
    """(kind, value, year) of a "Label: value" line, or None."""
    match = _LABEL.match(text)
    if not match:
        return None
    kind = next(k for k in LABELS if match.group(k) is not None)
    return kind, match.group("value").strip(), match.group("year")


# --- the import --------------------------------------------------------------------------------


@dataclass
class PageImport:
    """What the pages hold, as draft records, and every problem met reading them."""

    draft: Draft
    problems: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # file name -> source id

    def citations(self) -> dict[str, dict[str, tuple[int, int]]]:
        """project id -> {file name: (first line, last line)}."""
        files = {ident: name for name, ident in self.sources.items()}
        out: dict[str, dict[str, tuple[int, int]]] = {}
        for ident, record in self.draft.records["project"].items():
            for cite in _plain(record["sources"]):
                out.setdefault(ident, {})[files[cite["source"]]] = _line_range(cite["lines"])
        return out


def _line_range(lines: Any) -> tuple[int, int]:
    first, _, last = str(lines).partition("-")
    return int(first), int(last or first)


@dataclass
class _Project:
    """A project as one page states it; `fields` hold Sourced values in the records' shape."""

    file: str
    first: int
    last: int
    fields: dict[str, Sourced] = field(default_factory=dict)
    notes: list[Sourced] = field(default_factory=list)
    derived_from: Sourced | None = None  # the words a derived title is taken from
    continues_name: Sourced | None = None
    order: int = 0

    def set(self, name: str, value: Any, where: str) -> None:
        self.fields[name] = Sourced(value, where)

    def add(self, name: str, items: list, where: str) -> None:
        """Append to a list field, keeping the first source of the field."""
        if not items:
            return
        old = self.fields.get(name)
        if old is None:
            self.fields[name] = Sourced(list(items), where)
        else:
            old.value.extend(i for i in items if _plain(i) not in _plain(old.value))

    def note(self, text: str, where: str) -> None:
        if text and text not in [n.value for n in self.notes]:
            self.notes.append(Sourced(text, where))


class _Reader:
    """Reads pages into a Draft; owns the organisation and programme records it mints."""

    def __init__(self, city: str, max_amount: Decimal) -> None:
        self.draft = Draft()
        self.problems: list[str] = []
        self.max_amount = max_amount
        self.file = ""
        self.city = self.org(city, "", alt=_short_name(city))

    def problem(self, line: int | str, what: str) -> None:
        """A problem at a line of the current file (line 0: the file as a whole)."""
        self.problems.append(f"{self.file}:{line}: {what}" if line else f"{self.file}: {what}")

    def where(self, first: int, last: int | None = None) -> str:
        return f"{self.file}:{first}" + (f"-{last}" if last and last != first else "")

    # organisations ------------------------------------------------------------------------
    def org(self, name: str, where: str, alt: str | None = None, **extra: Any) -> str:
        """The organisation of that name (any spelling or alias), added on first sight; a new
        spelling of a known one becomes an alternative name. "A/B" is one organisation."""
        name = " ".join(name.split()).strip(" .,")
        name = name[:1].upper() + name[1:]
        if not re.search(r"\w", name):
            self.problem(where.rpartition(":")[2] or 0, f"an organisation with no name ({name!r}); named 'Nimetön'")
            name = "Nimetön"
        parts = [p.strip() for p in name.split("/") if p.strip()] if "/" in name else []
        keys = [_org_key(name)] + [_org_key(p) for p in parts] + ([_org_key(alt)] if alt else [])
        known = next((self.draft.org_keys[k] for k in keys if k in self.draft.org_keys), None)
        if known is None:
            known = self.draft.organisation(parts[0] if parts else name, where, **extra)
            if parts:
                self.problem(where.rpartition(":")[2] or 0, f"read {name!r} as one organisation, named {parts[0]!r}")
        record = self.draft.records["org"][known]
        names = [name, *parts[1:]] + ([alt] if alt else [])
        for spelling in names:
            self._alt_name(record, spelling, where)
        for k in keys:
            self.draft.org_keys.setdefault(k, known)
        return known

    @staticmethod
    def _alt_name(record: dict, spelling: str, where: str) -> None:
        current = [_plain(record["name"])] + list(_plain(record.get("alt_names", Sourced([], ""))))
        if spelling and spelling not in current:
            old = record.get("alt_names")
            record["alt_names"] = Sourced([*(_plain(old) if old else []), spelling], old.where if old else where)

    def department(self, heading: str, where: str) -> str:
        return self.org(heading, where, type=Sourced("unit", where), unit_of=Sourced(self.city, where))

    # programmes ---------------------------------------------------------------------------
    def programme(self, ident: str, where: str, **fields: Any) -> str:
        """A programme record: known ones from FUNDS/PROGRAMMES, others from the page's words;
        a second statement fills what the first left out."""
        known = FUNDS.get(ident) or PROGRAMMES.get(ident) or {}
        records = self.draft.records["programme"]
        new = {**known, **{k: v for k, v in fields.items() if v is not None and k not in known}}
        if ident in records and _key_of(records[ident]) != _key_of(new) and not known:
            ident = self.draft.unique("programme", ident)
        record = records.setdefault(ident, {})
        for key in ("name", "level", "notation", "part_of", "fund", "managed_by", "description"):
            if key in new and key not in record:
                record[key] = Sourced(new[key], where)
            elif key in new and key in ("part_of", "fund", "managed_by") and _plain(record[key]) != new[key]:
                self.problems.append(f"{where}: programme {ident}: {key} {new[key]!r} differs from "
                                     f"{_plain(record[key])!r} ({record[key].where}); the first is kept")
        return ident

    def grant(self, name: str, where: str, managed_by: str | None = None) -> str:
        return self.programme(slug(name), where, name=name, level="grant-instrument", managed_by=managed_by)

    # amounts ------------------------------------------------------------------------------
    def amount(self, value: Decimal, line: int) -> int | float | None:
        if value > self.max_amount:
            self.problem(line, f"amount {value} is more than the ceiling of {self.max_amount} euros; not read")
            return None
        if value != value.quantize(Decimal("0.01")):
            self.problem(line, f"amount {value} has more than two decimals; not read")
            return None
        return _number(value)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _numbers(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: _number(v) if isinstance(v, Decimal) else v for k, v in mapping.items()}


def _org_key(name: str) -> str:
    key = normalise_org_name(name)
    return re.sub(r"\bely$", "ely-keskus", key)


def _short_name(city: str) -> str | None:
    """"Tornio" of "Tornion kaupunki": how the pages name the city in lists."""
    words = city.split()
    if len(words) == 2 and words[1].lower() in ("kaupunki", "kunta"):
        return nominative(words[0])
    return None


def _key_of(record: dict) -> str:
    name = _plain(record.get("name"))
    return normalise_title(name["fi"] if isinstance(name, dict) else str(name or ""))


# --- one page ------------------------------------------------------------------------------------


@dataclass
class _Value:
    """A label's value, possibly wrapped over lines: the text and the line each part starts on."""

    text: str
    parts: list[tuple[int, int]]  # (offset in text, line number)
    label_line: str  # the whole first line, label included
    year: str | None = None  # a year the label states ("Kaupungin osuus vuonna 2020")

    def line_at(self, offset: int) -> int:
        return max((n for o, n in self.parts if o <= offset), default=self.parts[0][1])

    @property
    def first(self) -> int:
        return self.parts[0][1]

    @property
    def last(self) -> int:
        return self.parts[-1][1]


class _PageReader:
    def __init__(self, reader: _Reader, file: str) -> None:
        self.r = reader
        self.file = file
        self.projects: list[_Project] = []
        self.section: Sourced | None = None
        self.department: Sourced | None = None

    def problem(self, line: int | str, what: str) -> None:
        self.r.problem(line, what)

    def where(self, first: int, last: int | None = None) -> str:
        return self.r.where(first, last)

    def read(self, lines: list[Line]) -> list[_Project]:
        paras = [piece for para in paragraphs(lines) for piece in _entries_apart(para)]
        heading_seen = False
        open_block: _Project | None = None
        i = 0
        while i < len(paras):
            para = paras[i]
            text = join_lines(para)
            nxt = paras[i + 1] if i + 1 < len(paras) else None
            if self.heading(para, text):
                heading_seen, open_block = True, None
            elif label_of(para[0].text):
                open_block = self.block(None, para)
            elif nxt and label_of(nxt[0].text) and self.is_title(text, nxt):
                open_block = self.block(para, nxt)
                i += 1
            elif self.is_entry(text):
                self.entry(para, text)
                open_block = None
            elif open_block is not None:
                self.trailer(open_block, para, text)
            elif self.projects or heading_seen:
                if len(text.split()) <= 12 and not text.endswith(".") and not _POINTER.search(text):
                    self.problem(para[0].n, "a line with no period and no labels: read as a project's name")
                    self.entry(para, text)
                else:
                    self.problem(para[0].n, f"text outside any project, not read: {_short(text)!r}")
            else:
                self.problem(para[0].n, f"page introduction (before the first heading), not read: {_short(text)!r}")
            i += 1
        return self.projects

    # classification -----------------------------------------------------------------------
    def heading(self, para: list[Line], text: str) -> bool:
        if len(para) != 1:
            return False
        key = text.casefold().rstrip(":")
        if key in SECTIONS:
            self.section = Sourced(SECTIONS[key], self.where(para[0].n))
            self.department = None
            return True
        if _DEPARTMENT.match(text) and len(text.split()) <= 7:
            self.department = Sourced(self.r.department(text, self.where(para[0].n)), self.where(para[0].n))
            return True
        return False

    @staticmethod
    def is_title(text: str, block: list[Line]) -> bool:
        """A paragraph before a label block is its title, unless it is a sentence or a
        one-line entry of its own (it states a period, and so does the block)."""
        if text.endswith(".") or _POINTER.search(text) or len(text) > 300:
            return False
        block_has_period = any((label_of(line.text) or ("",))[0] == "period" for line in block)
        return not (block_has_period and _final_period(_without_roles(text)[0]))

    @staticmethod
    def is_entry(text: str) -> bool:
        body, _ = _without_roles(text)
        return bool(_final_period(body)) or body != text or bool(re.search(r"\bkumppanina\b", text))

    # label blocks ---------------------------------------------------------------------------
    def block(self, title: list[Line] | None, lines: list[Line]) -> _Project:
        first = title[0].n if title else lines[0].n
        project = self.new_project(first, lines[-1].n)
        values: dict[str, _Value] = {}
        current: _Value | None = None
        for line in lines:
            label = label_of(line.text)
            if label:
                kind, value, year = label
                if kind in values:
                    self.problem(line.n, f"a second {kind!r} label in one block; kept as a note")
                    project.note(line.text, self.where(line.n))
                    current = None
                    continue
                current = values[kind] = _Value(value, [(0, line.n)], line.text, year)
            elif current is not None:
                sep = "\n" if (current is values.get("summary") and current.text) else (" " if current.text else "")
                current.parts.append((len(current.text) + len(sep), line.n))
                current.text += sep + line.text
            else:
                self.problem(line.n, f"not read: {_short(line.text)!r}")
                project.note(line.text, self.where(line.n))
        if title:
            self.title_line(project, title)
        for kind, value in values.items():
            getattr(self, f"f_{kind}")(project, value)
        if "title" not in project.fields:
            self.derive(project)
        self.from_summary(project)
        return project

    def new_project(self, first: int, last: int) -> _Project:
        project = _Project(self.file, first, last, order=len(self.projects))
        if self.section:
            project.fields["section"] = self.section
        if self.department:
            project.fields["department"] = self.department
        self.projects.append(project)
        return project

    def title_line(self, project: _Project, lines: list[Line]) -> None:
        stated = join_lines(lines)
        where = self.where(lines[0].n, lines[-1].n)
        text = stated
        status = re.search(r"\s*\((haettu|myönnetty)\s+(\d{1,2})/(\d{4})\)", text, re.I)
        if status and 1 <= int(status.group(2)) <= 12 and int(status.group(3)) >= 1000:
            code = "applied" if status.group(1).lower() == "haettu" else "granted"
            project.set("status", {"code": code, "date": f"{status.group(3)}-{int(status.group(2)):02d}"}, where)
            text = (text[: status.start()] + text[status.end():]).strip()
        text, role_orgs = _without_roles(text)
        for org in role_orgs:
            project.add("implementers", [self.r.org(org, where)], where)
        period = _final_period(text)
        if period:
            self.set_period(project, period, where)
            text = text[: period.start()].rstrip(" ,")
        title = mend_hyphens(text.strip(" ,"))
        project.set("title", title or stated, where)
        if title != stated:
            project.set("title_as_stated", stated, where)

    def derive(self, project: _Project) -> None:
        summary = project.fields.get("summary")
        derived = derive_title(summary.value) if summary is not None else None
        title = derived[0] if derived else fallback_title(summary.value) if summary is not None else ""
        if re.search(r"\w", title):
            words = derived[1] if derived else _words_of(title, summary.value)
            project.set("title", title, summary.where)
            project.derived_from = Sourced(words, summary.where)
            how = "named by its summary" if derived else "taken from its summary's words"
            self.problem(project.first, f"a block with no title: titled {title!r} ({how}); title_derived set")
        else:
            text = f"Hanke ({self.file}:{project.first})"
            project.set("title", text, self.where(project.first))
            project.derived_from = Sourced(f"{self.file}:{project.first}", self.where(project.first))
            self.problem(project.first, f"a block with no title and no summary: titled {text!r}")

    # the labels' values --------------------------------------------------------------------
    def f_period(self, project: _Project, value: _Value) -> None:
        where = self.where(value.first, value.last)
        text = " ".join(value.text.split()).strip(" .")
        whole = _PERIOD.fullmatch(text)
        if _ONGOING.match(text) and len(text.split()) <= 2:
            project.set("period", {"ongoing": True}, where)
        elif whole:
            self.set_period(project, whole, where, value.label_line)
        elif match := _PERIOD.search(text):
            self.problem(value.first, f"read the period {match.group(0)!r}; the line kept as a note")
            project.note(value.label_line, where)
            self.set_period(project, match, where, "")
        elif text:
            self.unread(project, value, "not a period")

    def set_period(self, project: _Project, match: re.Match, where: str, line_text: str | None = None) -> None:
        """The period, or, where its dates are impossible, the page's words in the notes
        (`line_text`, or "" where the caller keeps the line already)."""
        try:
            project.set("period", _period_of(match), where)
        except ValueError as exc:
            self.problem(where.rpartition(":")[2].split("-")[0], f"{exc}; not read, kept as a note")
            project.note(match.group(0) if line_text is None else line_text, where)

    def f_budget(self, project: _Project, value: _Value) -> None:
        where = self.where(value.first, value.last)
        found = list(_AMOUNT.finditer(value.text))
        if not found:
            try:
                found_value = read_amount(value.text)
            except ValueError:
                return self.unread(project, value, "no amount")
            amount = self.r.amount(found_value, value.first)
            if amount is None:
                project.note(value.label_line, where)
            else:
                project.set("budget", amount, where)
            return None
        if len(found) > 1:
            self.problem(value.first, "more than one amount in the budget; the first is read, the line kept as a note")
            project.note(value.label_line, where)
        amount = self.r.amount(_decimal(found[0].group("num")), value.first)
        if amount is None:
            project.note(value.label_line, where)
            return None
        year = re.search(r"vuode(?:lle|n)\s+(\d{4})\b", value.text)
        if year and int(year.group(1)) >= 1000:
            project.set("annual_budget", {"amount": amount, "year": year.group(1)}, where)
        else:
            project.set("budget", amount, where)
        return None

    def f_city_share(self, project: _Project, value: _Value) -> None:
        where = self.where(value.first, value.last)
        year = value.year
        found = list(_AMOUNT.finditer(value.text))
        try:
            number = _decimal(found[0].group("num")) if len(found) == 1 else read_amount(value.text)
        except ValueError:
            return self.unread(project, value, "no single amount")
        amount = self.r.amount(number, value.first)
        if amount is None:
            project.note(value.label_line, where)
            return None
        share: dict[str, Any] = {"amount": amount}
        if year and int(year) >= 1000:
            share["year"] = year
        if not re.match(r"kaupungin\s+osuus\b", value.label_line, re.I):
            share["stated"] = value.label_line  # "omarahoitusosuus" read as the city's share
        project.set("city_share", share, where)
        return None

    def f_staff(self, project: _Project, value: _Value) -> None:
        if not value.text:
            return
        where = self.where(value.first, value.last)
        try:
            staff = _numbers(read_staff(value.text))
        except ValueError as exc:
            return self.unread(project, value, str(exc))
        if "split" in staff:
            staff["split"] = [_numbers(s) | {"organisation": self.r.org(s["organisation"], where)} for s in staff["split"]]
        project.set("staff", staff, where)
        return None

    def f_contacts(self, project: _Project, value: _Value) -> None:
        if not value.text:
            return
        where = self.where(value.first, value.last)
        read = read_contacts(value.text)
        for remark in read.remarks:
            self.problem(value.first, remark)
        for text in read.unread:
            self.problem(value.first, f"not read as a person: {_short(text)!r}; kept as a note")
            project.note(value.label_line, where)
        contacts = []
        for name, role in read.persons:
            contact = {"person": self.r.draft.person(name, where)}
            if role:
                contact["role"] = role
            contacts.append(Sourced(contact, where))
        project.add("contacts", contacts, where)

    def f_summary(self, project: _Project, value: _Value) -> None:
        if value.text:
            project.set("summary", value.text, self.where(value.first, value.last))

    def f_funders(self, project: _Project, value: _Value) -> None:
        where = self.where(value.first, value.last)
        project.add("funders", [self.r.org(name, where) for name in self.org_list(value.text, value.first)], where)

    def f_implementers(self, project: _Project, value: _Value) -> None:
        where = self.where(value.first, value.last)
        parts = re.split(r",?\s*toiminta-alue(?:ena on|:)\s*", value.text, maxsplit=1)
        if len(parts) > 1 and parts[1].strip(" ."):
            project.set("area", parts[1].strip(" ."), where)
        project.add("implementers", [self.r.org(n, where) for n in self.org_list(parts[0], value.first)], where)

    def org_list(self, text: str, line: int) -> list[str]:
        names = []
        for item in split_list(text):
            if not item[:1].isupper():
                self.problem(line, f"not read as an organisation: {item!r}")
                continue
            if len(item.split()) == 1 and re.search(r"[aeiouyäö]n$", item) and not _ORG_WORD.search(item):
                self.problem(line, f"read {item!r} as {nominative(item)!r} (a genitive in a list of names)")
                item = nominative(item)
            names.append(item)
        return names

    def unread(self, project: _Project, value: _Value, why: str) -> None:
        self.problem(value.first, f"not read ({why}): {_short(value.label_line)!r}; kept as a note")
        project.note(value.label_line, self.where(value.first, value.last))

    # funding --------------------------------------------------------------------------------
    def f_funding(self, project: _Project, value: _Value) -> None:
        _FundingReader(self, project, value).read()

    # the summary's own statements ------------------------------------------------------------
    def from_summary(self, project: _Project) -> None:
        summary = project.fields.get("summary")
        if summary is None:
            return
        text, where = " ".join(summary.value.split()), summary.where
        for match in re.finditer(r"\byhteistyössä (?P<list>.+?) kanssa\b", text):
            names = [nominative(i) for i in split_list(match.group("list")) if i[:1].isupper()]
            project.add("cooperation", [self.r.org(n, where) for n in names], where)
        together = re.match(r"^(?P<list>[A-ZÄÖÅ][^.]*?) (?:kehittävät|toteuttavat|tekevät|järjestävät) yhdessä\b", text)
        if together:
            names = [i for i in split_list(together.group("list")) if i[:1].isupper()]
            project.add("cooperation", [self.r.org(n, where) for n in names], where)
        organiser = re.match(r"^(?P<org>[A-ZÄÖÅ][\w\- ]*?) (?:organisoima|hallinnoima|toteuttama)\b", text)
        if organiser and len(organiser.group("org").split()) <= 5:
            project.add("implementers", [self.r.org(nominative(organiser.group("org")), where)], where)
        continues = re.search(r"\bjatka\w*\b[^.]*?\b(?P<name>[A-ZÄÖÅ][^.,;:]*?)\s?[-–]\s?hank(?:keen|etta)\b", text)
        if continues:
            project.continues_name = Sourced(continues.group("name").strip(), where)

    # trailing paragraphs of a block -------------------------------------------------------------
    def trailer(self, project: _Project, para: list[Line], text: str) -> None:
        where = self.where(para[0].n, para[-1].n)
        project.last = max(project.last, para[-1].n)
        together = re.search(r"yhteistyötahoina toimiv\w+ (?P<list>.+?)\.?$", text)
        if together:
            items = split_list(together.group("list"))
            orgs = [i for i in items if i[:1].isupper()]
            project.add("cooperation", [self.r.org(n, where) for n in orgs], where)
            rest = [i for i in items if not i[:1].isupper()]
            if rest:
                start = together.group("list").find(rest[0])
                project.set("cooperation_note", together.group("list")[start:].strip(" ."), where)
            return
        if _POINTER.search(text) or "summary" not in project.fields:
            project.note(text, where)
            if not _POINTER.search(text):
                self.problem(para[0].n, f"text after a block, kept as a note: {_short(text)!r}")
            return
        old = project.fields["summary"]
        project.set("summary", old.value + "\n" + join_lines(para, "\n"), old.where.split("-")[0] + f"-{para[-1].n}")

    # one-line entries ----------------------------------------------------------------------------
    def entry(self, para: list[Line], stated: str) -> None:
        where = self.where(para[0].n, para[-1].n)
        project = self.new_project(para[0].n, para[-1].n)
        text, role_orgs = _without_roles(_BULLET.sub("", stated))
        for org in role_orgs:
            project.add("implementers", [self.r.org(org, where)], where)
        period = _final_period(text)
        if period:
            self.set_period(project, period, where)
            text = text[: period.start()]
        elif _ONGOING.search(text.split(",")[-1].strip()):
            project.set("period", {"ongoing": True}, where)
        text = text.strip(" ,")
        if not text.strip(" ,.;:-–"):
            self.problem(para[0].n, "an entry with a period but no name: named by its whole text")
            text = stated
        fund = re.search(r"\s*\((?P<fund>[A-Z]{2,6})\)", text)
        if fund and any(p.search(fund.group("fund")) for p, _ in _FUND_WORDS):
            ident = next(i for p, i in _FUND_WORDS if p.search(fund.group("fund")))
            contribution = {"fund": self.r.programme(ident, where), "stated": fund.group(0).strip()}
            project.add("funding", [Sourced(contribution, where)], where)
            text = (text[: fund.start()] + text[fund.end():]).strip()
        title = mend_hyphens(self.entry_parts(project, text.rstrip(" ,.") or text, where)).strip() or stated
        project.set("title", title, where)
        if title != stated:
            project.set("title_as_stated", stated, where)

    def entry_parts(self, project: _Project, text: str, where: str) -> str:
        """The entry's name, with its description, area, partners and grant read off."""
        named = re.match(r"^(?P<desc>[A-ZÄÖÅ]\w*(?: [a-zäöå][\w-]*)* \w*hanke) (?P<name>[A-ZÄÖÅ].*)$", text)
        if named:
            project.set("summary", named.group("desc"), where)
            return named.group("name")
        sentences = [s for s in re.split(r"(?<=\.)\s+(?=[A-ZÄÖÅ])|:\s+(?=[A-ZÄÖÅ])", text) if s.strip(" .")] or [text]
        first_parts = sentences[0].rstrip(".").split(", ")
        grant_first = any(pattern.match(sentences[0]) for pattern, _, _ in _GRANTS)
        if len(first_parts) > 1 and len(first_parts[0].split()) <= 6 and not grant_first:
            return self.comma_entry(project, sentences, where)
        name = sentences[-1].rstrip(".") if len(sentences) > 1 else text
        described = sentences[:-1] if len(sentences) > 1 else []
        summary = [s for s in described if not self.grant(project, s, where, stated=True)]
        if summary:
            project.set("summary", " ".join(summary), where)
        if not described:
            self.grant(project, name, where, stated=False)
        programme = re.search(r"\bosana (?P<name>.+?) kehittämisohjelmaa\b", text)
        if programme:
            ident = self.r.programme(slug(programme.group("name") + "-kehittamisohjelma"), where,
                                     name=f"{programme.group('name')} -kehittämisohjelma", level="programme")
            project.add("programmes", [ident], where)
        return name

    def comma_entry(self, project: _Project, sentences: list[str], where: str) -> str:
        parts = sentences[0].rstrip(".").split(", ")
        name, rest = parts[0], parts[1:]
        later = " ".join(sentences[1:]).rstrip(".")
        if rest and _PLACE_WORD.search(rest[0]) and not _ORG_WORD.search(rest[0]):
            area = ", ".join(rest) if later else rest[0]
            project.set("area", area, where)
            rest = [] if later else rest[1:]
        summary = []
        for part in rest:
            partner = re.fullmatch(r"(?P<org>.+?) kumppanina", part)
            joint = re.fullmatch(r"(?P<list>.+?) yhteinen .+", part)
            if partner or (_ORG_WORD.search(part) and part[:1].isupper() and len(part.split()) <= 4):
                if not partner:
                    self.problem(where.rpartition(":")[2].split("-")[0],
                                 f"read {part!r} as a partner (the entry names an organisation, not its role)")
                project.add("partners", [self.r.org(partner.group("org") if partner else part, where)], where)
            elif joint:
                orgs = [nominative(i) for i in split_list(joint.group("list"))]
                project.add("implementers", [self.r.org(o, where) for o in orgs], where)
                summary.append(part)
            else:
                summary.append(part)
        text = ", ".join(summary + ([later] if later else []))
        if text:
            project.set("summary", text, where)
        return name

    def grant(self, project: _Project, sentence: str, where: str, stated: bool) -> bool:
        for pattern, name, group in _GRANTS:
            if pattern.match(sentence):
                contribution: dict[str, Any] = {"group": group} if group else {}
                contribution["fund"] = self.r.grant(name, where)
                if stated:
                    contribution["stated"] = sentence.rstrip(":")
                project.add("funding", [Sourced(contribution, where)], where)
                return True
        return False


_BULLET = re.compile(r"^(?:[•·▪◦‣*]|[-–](?=\s))\s*")


def _entries_apart(para: list[Line]) -> list[list[Line]]:
    """A paragraph of bulleted lines, or of lines that each end with a period, is one entry a
    line; any other paragraph is one text (a title wrapped over lines stays whole)."""
    if len(para) < 2 or label_of(para[0].text):
        return [para]
    if all(_BULLET.match(line.text) for line in para) or all(_final_period(line.text) for line in para):
        return [[line] for line in para]
    return [para]


def _without_roles(text: str) -> tuple[str, list[str]]:
    """The text without a run-in implementer ("…, hankkeen toteuttajana X", "… Hankkeen
    toteuttaja X"), and the implementers it names."""
    match = re.search(r"[,\s]+hankkeen toteuttaj(?:a|ana|ina)\s+(?P<org>[A-ZÄÖÅ].*)$", text, re.I)
    if not match:
        return text, []
    return text[: match.start()].strip(" ,"), [o for o in split_list(match.group("org"))]


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- funding and programme lines -------------------------------------------------------------------

_PROGRAMME = re.compile(r"(?P<name>[A-ZÄÖÅ][^.]*?-ohjelma)\.?(?=\s|$)")
_AXIS = re.compile(
    r"(?:(?P<fund>Euroopan \w+rahaston|[A-Z]{2,5}:n)\s+)?[Tt]oimintalinja\s+(?P<num>\d+)\.?\s+"
    r"(?P<name>.+?)(?=,?\s+[Ee]rityistavoite\b|\.\s|\.?$)")
_OBJECTIVE = re.compile(r"[Ee]rityistavoite\s+(?P<num>\d+(?:\.\d+)+)\.?\s+(?P<name>[^.]+?)(?=\.\s|\.?$)")
_SHARE = re.compile(
    r"^Hank(?:e|etta) rahoitetaan (?P<pct>\d+(?:,\d+)?\s*(?:%|prosentin)) osuudella (?P<org>.+?) "
    r"(?P<fund>[\wÄÖÅäöå]+)-rahoituksella", re.I)
_GRANTED = re.compile(r"^(?P<org>[A-ZÄÖÅ].*?) on myöntänyt (?P<rest>.+)$")
_MAX_SHARE = re.compile(r"enintään (?P<pct>\d+(?:,\d+)?\s*(?:%|prosent\w*))", re.I)
_FUNDED_BY = re.compile(r"^(?P<list>[A-ZÄÖÅ].*?) rahoittama$")
_GRANT_OF = re.compile(r"^(?P<org>[A-ZÄÖÅ][\w-]*):n (?P<grant>[\w\s-]*avustus)$")


class _FundingReader:
    """One "Rahoitus…:" value: the programme chain, then the contributions, then the rest."""

    def __init__(self, page: _PageReader, project: _Project, value: _Value) -> None:
        self.page, self.r, self.project, self.value = page, page.r, project, value
        self.text = value.text
        self.consumed: list[tuple[int, int]] = []
        self.contributions: list[Sourced] = []

    def where(self, offset: int = 0) -> str:
        return self.page.where(self.value.line_at(offset))

    def read(self) -> None:
        self.programmes()
        rest = self.rest()
        for start, sentence in rest:
            self.sentence(sentence, start)
        self.project.add("funding", self.contributions, self.page.where(self.value.first, self.value.last))

    def rest(self) -> list[tuple[int, str]]:
        """The sentences not read as programmes, with their offsets."""
        chars = list(self.text)
        for a, b in self.consumed:
            chars[a:b] = [" "] * (b - a)
        text = "".join(chars)
        out = []
        for match in re.finditer(r"[^.]+(?:\.(?!\s|$)[^.]*)*\.?", text):
            sentence = match.group(0).strip(" ,.")
            if re.search(r"\w", sentence):
                out.append((match.start() + len(match.group(0)) - len(match.group(0).lstrip(" ,.")), sentence))
        return out

    def programmes(self) -> None:
        where = self.page.where(self.value.first, self.value.last)
        programme = axis = objective = None
        match = _PROGRAMME.search(self.text)
        if match:
            name = match.group("name")
            ident = next((k for k, v in PROGRAMMES.items() if _catalogue_key(v["name"]) == _catalogue_key(name)), None)
            programme = self.r.programme(ident or slug(name), where, name=mend_hyphens(name), level="programme")
            self.consumed.append(match.span())
        match = _AXIS.search(self.text)
        if match:
            name = mend_hyphens(match.group("name").strip(" ,"))
            fund = _fund_in(match.group("fund") or "") or _fund_in(name)
            axis = self.r.programme(f"toimintalinja-{match.group('num')}", where, name=name, level="priority-axis",
                                    notation=match.group("num"), part_of=programme,
                                    fund=self.r.programme(fund, where) if fund else None)
            self.consumed.append(match.span())
        match = _OBJECTIVE.search(self.text)
        if match:
            num = match.group("num")
            objective = self.r.programme(f"erityistavoite-{num.replace('.', '-')}", where,
                                         name=mend_hyphens(match.group("name").strip()), level="specific-objective",
                                         notation=num, part_of=axis)
            self.consumed.append(match.span())
        most_specific = objective or axis or programme
        if most_specific:
            self.project.add("programmes", [most_specific], where)

    def sentence(self, sentence: str, start: int) -> None:
        line = self.value.line_at(start)
        where = self.page.where(line)
        share = _SHARE.match(sentence)
        if share and not _percent_ok(share.group("pct")):
            self.page.problem(line, f"a share of more than 100 % ({share.group('pct')!r}): not read; kept as a note")
            self.project.note(sentence, where)
            return
        if share:
            fund = _fund_in(share.group("fund"))
            org = self.r.org(nominative(share.group("org")), where)
            ident = self.r.programme(fund, where, managed_by=org) if fund else self.r.grant(
                f"{share.group('fund')}-rahoitus", where, managed_by=org)
            if fund and "managed_by" not in self.r.draft.records["programme"][ident]:
                self.r.draft.records["programme"][ident]["managed_by"] = Sourced(org, where)
            self.contributions.append(Sourced({"funder": org, "fund": ident,
                                               "share_percent": _number(read_percent(share.group("pct")))}, where))
            self.project.add("programmes", [ident], where)
            sentence = sentence[share.end():].strip(" ,")
            if not sentence:
                return
        granted = _GRANTED.match(sentence)
        if granted:
            self.project.set("granted_by", self.r.org(granted.group("org"), where), where)
            sentence = granted.group("rest")
        if self.whole_sentence(sentence, where):
            return
        for clause in re.split(r",\s+", sentence):
            if clause.strip() and not self.clause(clause.strip(), where):
                self.page.problem(line, f"funding not read: {_short(clause)!r}; kept as a note")
                self.project.note(clause.strip(), where)

    def whole_sentence(self, sentence: str, where: str) -> bool:
        maximum = _MAX_SHARE.search(sentence)
        if maximum and _percent_ok(maximum.group("pct")):
            target = next((c for c in reversed(self.contributions) if "fund" in c.value or "group" in c.value), None)
            if target is not None:
                target.value["max_share_percent"] = _number(read_percent(maximum.group("pct")))
            self.project.note(sentence.rstrip(".") + ".", where)  # its wording says more than the number
            return True
        definition = re.match(r"^(?P<name>[\w-]+)-rahoitus on (?P<desc>.+)$", sentence)
        if definition and _fund_in(definition.group("name")):
            ident = self.r.programme(_fund_in(definition.group("name")), where)
            self.r.draft.records["programme"][ident].setdefault("description", Sourced(sentence.rstrip(".") + ".", where))
            return True
        funded = _FUNDED_BY.match(sentence)
        if funded:
            names = [nominative(i) for i in split_list(funded.group("list"))]
            self.project.add("funders", [self.r.org(n, where) for n in names], where)
            return True
        grant = _GRANT_OF.match(sentence)
        if grant:
            org = self.r.org(grant.group("org"), where)
            name, mended = _mend_typos(f"{grant.group('org')}:n {grant.group('grant')}")
            contribution = {"funder": org, "fund": self.r.grant(name, where, managed_by=org)}
            if mended:
                contribution["stated"] = sentence
                self.page.problem(where.rpartition(":")[2], f"mended {sentence!r} to {name!r} (stated kept)")
            self.contributions.append(Sourced(contribution, where))
            return True
        if len(sentence.split()) <= 5 and sentence[:1].isupper() and _ORG_WORD.search(sentence) \
                and not _AMOUNT.search(sentence):
            self.project.add("funders", [self.r.org(sentence, where)], where)
            return True
        return False

    def clause(self, clause: str, where: str) -> bool:
        budget = re.match(r"^(?:hankkeen )?kokonaisbudjetti on (?P<amount>.+)$", clause, re.I)
        if budget:
            try:
                amount = self.r.amount(read_amount(budget.group("amount")), self.value.first)
            except ValueError:
                return False
            if amount is None:
                self.project.note(clause, where)
            else:
                self.project.set("budget", amount, where)
            return True
        contribution = self.contribution(clause, where)
        if contribution is None:
            return False
        self.contributions.append(Sourced(contribution, where))
        return True

    def contribution(self, clause: str, where: str) -> dict[str, Any] | None:
        amounts = list(_AMOUNT.finditer(clause))
        if len(amounts) > 1:
            return None
        words = (clause[: amounts[0].start()] + clause[amounts[0].end():]).strip() if amounts else clause
        out: dict[str, Any] = {}
        fund = _fund_in(words)
        if (fund or any(p.search(words) for p, _ in _GROUP_WORDS)) and re.search(r"\w", _FILLER.sub(" ", words)):
            return None  # words the reader does not understand: reported, not half-read
        if fund:
            out["fund"] = self.r.programme(fund, where)
        groups = [g for pattern, g in _GROUP_WORDS if pattern.search(words)]
        if fund and re.search(r"\bja valtion\b", words):
            out["group"] = "eu-and-state"
        elif groups:
            out["group"] = groups[-1]
        if not out:
            name = re.sub(r"\s*(rahoitus\w*|myöntämä\w*)$", "", words).strip(" :")
            if not (name[:1].isupper() and len(name.split()) <= 6 and amounts):
                return None
            out["funder"] = self.r.org(name, where)
            if _STATE_AGENCY.search(name):
                out = {"group": "state", **out}
        if amounts:
            amount = self.r.amount(_decimal(amounts[0].group("num")), int(where.rpartition(":")[2]))
            if amount is None:
                self.project.note(clause, where)
            else:
                out["amount"] = amount
        typo = _mend_typos(clause)[1]
        if typo or len(set(groups)) > 1:
            out["stated"] = clause.strip(" ,.")
            what = "a typo mended" if typo else f"read as {out.get('group')}"
            self.page.problem(where.rpartition(":")[2], f"funding {clause.strip(' ,.')!r}: {what} (stated kept)")
        return out


_GROUP_WORDS = (
    (re.compile(r"\bvaltion rahoitu", re.I), "state"),
    (re.compile(r"\bkuntien rahoitu|\bkunnan rahoitu|\bkuntarahoitu", re.I), "municipal"),
    (re.compile(r"\bmuu\w* julki\w* rahoitu", re.I), "other-public"),
    (re.compile(r"\byksityi\w* rahoitu", re.I), "private"),
    (re.compile(r"omarahoitu", re.I), "own-funding"),
)


_FILLER = re.compile(
    r"\b(ja|valtion|rahoitu\w*|tuensaajan|euroopan|\w+rahaston|kuntien|kunnan|kuntarahoitu\w*|yksityi\w*|muu\w*|"
    r"julki\w*|omarahoitu\w*|EAKR|EARK|ESR|AKKE)\b|:n\b|[-–:()]", re.I)


def _percent_ok(text: str) -> bool:
    try:
        read_percent(text)
    except ValueError:
        return False
    return True


def _fund_in(text: str) -> str | None:
    return next((ident for pattern, ident in _FUND_WORDS if pattern.search(text)), None)


def _mend_typos(text: str) -> tuple[str, bool]:
    mended = text
    for typo, right in TYPOS.items():
        mended = re.sub(rf"\b{re.escape(typo)}\b", right, mended)
    return mended, mended != text


def _catalogue_key(name: Any) -> str:
    return normalise_title(name["fi"] if isinstance(name, dict) else name)


# --- pages -> records ------------------------------------------------------------------------------


def import_pages(files: list[Path], urls: dict[str, str] | None = None, *, city: str,
                 max_amount: Decimal = DEFAULT_MAX_AMOUNT) -> PageImport:
    """Read the pages (in file-name order: an earlier name is an earlier state) into draft
    records. `urls` gives each page's address by file name; `city` is the name of the city whose
    pages they are ("Tornion kaupunki"). Never raises on the pages' text."""
    reader = _Reader(city, max_amount)
    result = PageImport(reader.draft, reader.problems)
    merged: list[_Project] = []
    for path in sorted(files, key=lambda p: p.name):
        reader.file = path.name
        source = _source(reader, result, path.name, (urls or {}).get(path.name))
        lines, problem = read_lines(path)
        if problem:
            reader.problems.append(problem)
        projects = _PageReader(reader, path.name).read(lines)
        for project in projects:
            project.fields["sources"] = Sourced(
                [{"source": source, "lines": f"{project.first}-{project.last}" if project.last != project.first
                  else str(project.first)}], reader.where(project.first, project.last))
        merged = _merge_page(reader, merged, projects, source)
    _emit(reader, merged)
    return result


def _source(reader: _Reader, result: PageImport, name: str, url: str | None) -> str:
    ident = reader.draft.unique("source", slug(Path(name).stem))
    if not url:
        url = f"https://example.invalid/{name}"
        reader.problem(0, f"no URL given; the source's url is the placeholder {url}")
    elif re.search(r'[\x00-\x20<>"{}|\\^`]', url) or not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
        reader.problem(0, f"the URL {url!r} is not an IRI; the placeholder is used")
        url = f"https://example.invalid/{name}"
    reader.draft.records["source"][ident] = {
        "title": Sourced(name, name), "url": Sourced(url, ""), "publisher": Sourced(reader.city, ""),
        "file": Sourced(name, name),
    }
    result.sources[name] = ident
    return ident


def _identity(project: _Project) -> tuple[str, str]:
    title = "" if project.derived_from else normalise_title(_plain(project.fields["title"]))
    summary = normalise_title(_plain(project.fields.get("summary", Sourced("", ""))))
    return title, summary if len(summary) >= 40 else ""


def _merge_page(reader: _Reader, earlier: list[_Project], page: list[_Project], source: str) -> list[_Project]:
    """Projects of a later page join the earlier pages' projects they restate (same title, or
    the same summary); the later page's values are current, differing earlier ones history."""
    out = list(earlier)
    taken: set[int] = set()
    for project in page:
        title, summary = _identity(project)
        match = next((i for i, old in enumerate(earlier) if i not in taken and (
            (title and _identity(old)[0] == title) or (summary and _identity(old)[1] == summary))), None)
        if match is None:
            out.append(project)
            continue
        taken.add(match)
        out[match] = _merge(reader, earlier[match], project)
    return out


def _merge(reader: _Reader, old: _Project, new: _Project) -> _Project:
    merged = _Project(new.file, new.first, new.last, order=old.order)
    merged.notes = old.notes + [n for n in new.notes if n.value not in [o.value for o in old.notes]]
    merged.continues_name = new.continues_name or old.continues_name
    history: list[Sourced] = list(old.fields["history"].value) if "history" in old.fields else []
    for name in dict.fromkeys([*old.fields, *new.fields]):
        if name == "history":
            continue
        a, b = old.fields.get(name), new.fields.get(name)
        if name == "sources":
            merged.fields[name] = Sourced(a.value + b.value, a.where)
        elif b is None:
            merged.fields[name] = a
        elif a is None or _plain(a) == _plain(b):
            merged.fields[name] = b
        elif name == "title":
            merged.fields[name], merged.derived_from = _merged_title(old, new)
            if merged.fields[name] is b and old.derived_from is None and normalise_title(a.value) != normalise_title(b.value):
                history.append(_history(name, a))
        else:
            merged.fields[name] = b
            history.append(_history(name, a))
    if "title_as_stated" in old.fields and "title_as_stated" not in new.fields:
        history.append(_history("title_as_stated", old.fields["title_as_stated"]))
        merged.fields.pop("title_as_stated", None)
    if history:
        merged.fields["history"] = Sourced(history, history[0].where)
    return merged


def _merged_title(old: _Project, new: _Project) -> tuple[Sourced, Sourced | None]:
    a, b = old.fields["title"], new.fields["title"]
    if new.derived_from and not old.derived_from:
        return a, None  # a title the page stated wins over one derived from a summary
    if old.derived_from and not new.derived_from:
        return b, None
    if normalise_title(a.value) == normalise_title(b.value) and " -" in a.value and " -" not in b.value:
        return a, None  # spelled apart only around a hyphen: the compound of a name keeps its space
    return b, new.derived_from


def _history(name: str, value: Sourced) -> Sourced:
    file, _, lines = value.where.partition(":")
    item: dict[str, Any] = {"field": name, "value": value.value, "source": file}
    if lines:
        item["lines"] = lines
    return Sourced(item, value.where)


_ORDER = ("title", "title_derived", "title_as_stated", "sources", "department", "section", "status", "programmes",
          "funding", "funding_complete", "funders", "granted_by", "budget", "annual_budget", "city_share", "period",
          "staff", "contacts", "implementers", "partners", "cooperation", "cooperation_note", "area", "summary",
          "continues", "notes", "history")


def _emit(reader: _Reader, projects: list[_Project]) -> None:
    ids: dict[int, str] = {}
    sources = {name: ident for ident, rec in reader.draft.records["source"].items() for name in [_plain(rec["file"])]}
    for project in projects:
        ids[id(project)] = reader.draft.unique("project", slug(_plain(project.fields["title"])))
        reader.draft.records["project"][ids[id(project)]] = {}
    for project in projects:
        ident = ids[id(project)]
        fields = dict(project.fields)
        if project.derived_from is not None:
            fields["title_derived"] = Sourced({"from": project.derived_from.value}, project.derived_from.where)
        if project.notes:
            fields["notes"] = Sourced(list(project.notes), project.notes[0].where)
        if project.continues_name is not None:
            _continues(reader, project, projects, ids, fields)
        _complete(fields)
        _source_ids(fields, sources)
        reader.draft.records["project"][ident] = {k: _fit(reader, fields[k]) for k in _ORDER if k in fields}


def _continues(reader: _Reader, project: _Project, projects: list[_Project], ids: dict, fields: dict) -> None:
    key = normalise_title(project.continues_name.value)
    found = [p for p in projects if p is not project and not p.derived_from
             and normalise_title(_plain(p.fields["title"])).startswith(key)]
    if len(found) == 1:
        fields["continues"] = Sourced(ids[id(found[0])], project.continues_name.where)
    else:
        where = project.continues_name.where
        reader.problems.append(f"{where}: continues {project.continues_name.value!r}, which is "
                               f"{'no' if not found else 'more than one'} project of the pages; not linked")


def _complete(fields: dict[str, Sourced]) -> None:
    """`funding_complete` where the contributions' amounts add up to the stated budget."""
    funding, budget = fields.get("funding"), fields.get("budget")
    if funding is None or budget is None:
        return
    amounts = [_plain(c).get("amount") for c in funding.value]
    if amounts and None not in amounts and Decimal(str(sum(Decimal(str(a)) for a in amounts))) == Decimal(str(budget.value)):
        fields["funding_complete"] = Sourced(True, funding.where)


def _source_ids(fields: dict[str, Sourced], sources: dict[str, str]) -> None:
    """History items name their page by file while reading; records name the source record."""
    if "history" not in fields:
        return
    for item in fields["history"].value:
        item.value["source"] = sources.get(item.value["source"], item.value["source"])


def _fit(reader: _Reader, value: Any, where: str = "") -> Any:
    """A value the loader accepts: no text longer than its limit."""
    if isinstance(value, Sourced):
        return Sourced(_fit(reader, value.value, value.where or where), value.where)
    if isinstance(value, str) and len(value) > MAX_TEXT:
        reader.problems.append(f"{where}: a text of {len(value)} characters was cut to {MAX_TEXT}")
        return value[: MAX_TEXT - 1].rstrip() + "…"
    if isinstance(value, dict):
        return {k: _fit(reader, v, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_fit(reader, v, where) for v in value]
    return value


def write_page_import(imported: PageImport, out: Path) -> list[Path]:
    """Write the records under out/<folder>/<id>.yaml (out is the publication's data folder)."""
    return write_draft(imported.draft, out)


# --- a new page version against the curated records ------------------------------------------------

_REFS = {"department": "org", "funders": "org", "granted_by": "org", "implementers": "org", "partners": "org",
         "cooperation": "org", "programmes": "programme", "continues": "project"}
_SKIP_DIFF = ("title_derived",)  # how a derived title was found is not a change of the project


@dataclass
class _Side:
    """One set of records as plain values, with a readable label for every referenced id."""

    records: dict[str, dict[str, dict[str, Any]]]
    files: dict[str, str]  # source id -> page file name

    def names(self, kind: str, ident: str) -> set[str]:
        record = self.records.get(kind, {}).get(ident, {})
        names = [record.get("name")] + list(record.get("alt_names") or [])
        out = set()
        for name in names:
            for text in (name.values() if isinstance(name, dict) else [name]):
                if isinstance(text, str):
                    out.add(_org_key(text) if kind == "org" else normalise_title(text))
        if kind == "programme" and record.get("notation"):
            out.add(f"#{record['level']}:{record['notation']}")
        return out

    def label(self, kind: str, ident: str) -> str:
        record = self.records.get(kind, {}).get(ident)
        if record is None:
            return ident
        name = record.get("name")
        return str(name.get("fi") or next(iter(name.values()))) if isinstance(name, dict) else str(name)


def _read_curated(data_dir: Path) -> tuple[_Side, list[str]]:
    from kemi_lod.records.load import KINDS

    records: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in KINDS.values()}
    problems = []
    for folder, kind in KINDS.items():
        for path in sorted((data_dir / folder).glob("*.yaml")):
            try:
                value = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
                problems.append(f"{path}: cannot read: {exc}")
                continue
            if isinstance(value, dict):
                records[kind][path.stem] = value
    files = {ident: str(rec.get("file", ident)) for ident, rec in records["source"].items()}
    return _Side(records, files), problems


def diff_against(data_dir: Path, imported: PageImport) -> list[str]:
    """What the imported pages change against the records in data_dir: projects added and
    removed, and each field that differs (references shown by name), as readable lines.
    Projects are matched by title, then by summary, then by the lines they cite on a page;
    line numbers themselves are not compared (they shift with any edit above them)."""
    old, lines = _read_curated(data_dir)
    new = _Side({k: _plain(v) for k, v in imported.draft.records.items()},
                {ident: name for name, ident in imported.sources.items()})
    pairs = _match_projects(old, new)
    to_old = {kind: _match_names(old, new, kind) for kind in ("org", "programme")}
    to_old["project"] = {n: o for o, n in pairs.items()}
    for ident, record in sorted(new.records["project"].items()):
        if ident not in to_old["project"]:
            lines.append(f"added project {ident}: {record.get('title')!r} ({_cited(new, record)})")
    pages = set(imported.sources)
    for ident, record in sorted(old.records["project"].items()):
        cites_pages = {old.files.get(str(c.get("source"))) for c in record.get("sources") or [] if isinstance(c, dict)}
        if ident not in pairs and cites_pages & pages:
            lines.append(f"removed project {ident}: {record.get('title')!r} ({_cited(old, record)})")
    for ident, new_id in sorted(pairs.items()):
        lines.extend(_field_changes(ident, old, new, old.records["project"][ident], new.records["project"][new_id], to_old))
    return lines


def _cited(side: _Side, record: dict) -> str:
    return ", ".join(f"{side.files.get(str(c.get('source')), c.get('source'))}:{c.get('lines')}"
                     for c in record.get("sources") or [] if isinstance(c, dict))


def _match_projects(old: _Side, new: _Side) -> dict[str, str]:
    """curated id -> imported id."""
    pairs: dict[str, str] = {}

    def keys(record: dict) -> tuple[set[str], str, set[tuple[str, int, int]]]:
        titles = set() if record.get("title_derived") else {
            normalise_title(str(record.get(k))) for k in ("title", "title_as_stated") if record.get(k)}
        summary = normalise_title(str(record.get("summary") or ""))
        return titles, summary if len(summary) >= 40 else "", set()

    def cites(side: _Side, record: dict) -> list[tuple[str, int, int]]:
        out = []
        for c in record.get("sources") or []:
            try:
                out.append((side.files.get(str(c["source"]), ""), *_line_range(c["lines"])))
            except (KeyError, TypeError, ValueError):
                continue
        return out

    olds, news = old.records["project"], new.records["project"]
    tests = (
        lambda a, b: bool(keys(a)[0] & keys(b)[0]),
        lambda a, b: bool(keys(a)[1]) and keys(a)[1] == keys(b)[1],
        lambda a, b: any(f == g and x <= w and v <= y for f, v, w in cites(old, a) for g, x, y in cites(new, b)),
    )
    for test in tests:
        for o in sorted(olds):
            if o in pairs:
                continue
            found = [n for n in sorted(news) if n not in pairs.values() and test(olds[o], news[n])]
            if len(found) == 1:
                pairs[o] = found[0]
    return pairs


def _match_names(old: _Side, new: _Side, kind: str) -> dict[str, str]:
    """imported id -> curated id of the same organisation or programme (a shared name)."""
    out = {}
    for ident in new.records.get(kind, {}):
        names = new.names(kind, ident)
        same = [o for o in sorted(old.records.get(kind, {})) if o == ident or names & old.names(kind, o)]
        if same:
            out[ident] = ident if ident in same else same[0]
    return out


def _field_changes(ident: str, old: _Side, new: _Side, a: dict, b: dict, to_old: dict) -> list[str]:
    out = []
    for name in dict.fromkeys([*a, *b]):
        if name in _SKIP_DIFF:
            continue
        before = _resolved(name, a.get(name), old, None)
        after = _resolved(name, b.get(name), new, to_old)
        if before == after:
            continue
        if name not in a:
            out.append(f"{ident}: {name} added: {_shown(after)}")
        elif name not in b:
            out.append(f"{ident}: {name} removed (was {_shown(before)})")
        else:
            out.append(f"{ident}: {name}: {_shown(before)} -> {_shown(after)}")
    return out


def _resolved(name: str, value: Any, side: _Side, to_old: dict | None) -> Any:
    """A field's value with every reference replaced by a label both sides share."""

    def ref(kind: str, ident: Any) -> Any:
        if not isinstance(ident, str):
            return ident
        if kind == "person":
            return side.label("person", ident)
        if kind == "source":
            return side.files.get(ident, ident)
        if kind == "project":
            return (to_old or {}).get("project", {}).get(ident, f"new project {ident}") if to_old is not None else ident
        if to_old is not None and ident in to_old.get(kind, {}):
            return f"{kind}:{to_old[kind][ident]}"
        return f"{kind}:{ident}" if to_old is None else f"new {kind} {side.label(kind, ident)!r}"

    def items(v: Any, keys: dict[str, str]) -> Any:
        if isinstance(v, list):
            return [items(i, keys) for i in v]
        if isinstance(v, dict):
            return {k: (ref(keys[k], x) if k in keys else items(x, keys) if k == "split" else _canon(x)) for k, x in v.items()}
        return _canon(v)

    if name in _REFS:
        return [ref(_REFS[name], v) for v in value] if isinstance(value, list) else ref(_REFS[name], value)
    nested = {"funding": {"funder": "org", "fund": "programme"}, "contacts": {"person": "person"},
              "staff": {"organisation": "org"}}
    if name == "sources" and isinstance(value, list):  # lines shift when a page changes: pages count
        return [ref("source", c.get("source")) if isinstance(c, dict) else c for c in value]
    if name in nested:
        return items(value, nested[name])
    if name == "history" and isinstance(value, list):  # a set of earlier values: order is no change
        resolved = [{**{k: _canon(x) for k, x in item.items() if k != "lines"}, "source": ref("source", item.get("source")),
                     "value": _resolved(str(item.get("field")), item.get("value"), side, to_old)}
                    if isinstance(item, dict) else item for item in value]
        return sorted(resolved, key=repr)
    return _canon(value)


def _canon(value: Any) -> Any:
    """Numbers as numbers, lines and dates as text, text with its spaces made single."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value)).normalize()
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canon(v) for v in value]
    return str(value)


def _shown(value: Any) -> str:
    def plain(v: Any) -> Any:
        if isinstance(v, Decimal):
            return int(v) if v == v.to_integral_value() else float(v)
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v

    text = yaml.safe_dump(plain(value), default_flow_style=True, allow_unicode=True, width=10**9, sort_keys=False)
    text = text.strip().removesuffix("...").strip()
    return text if len(text) <= 200 else text[:199] + "…"
