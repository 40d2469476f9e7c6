"""The words the pages use and what they mean: section and department headings, the labels of
label blocks, role titles, the funds, programmes and grants they name, their typos, and the
words that mark an organisation, a place or a pointer elsewhere."""

from __future__ import annotations

import re
from typing import Any

from kemi_lod.importers.common import EU_FUNDS, PROGRAMME_2014_2020_ID, PROGRAMME_2014_2020_NAME

SECTIONS = {
    "kaupungin hallinnoimat hankkeet": "run-by-city",
    "hankkeet, joihin kaupunki antaa omarahoituksen tai muuta rahoitusta": "co-funded-by-city",
}
DEPARTMENT_HEADING = re.compile(r"^[A-ZÄÖÅ][\w\- ]*?(toimiala|toimialan [\w\- ]+|palvelut|virasto|keskus)$")

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

# job titles (singular and plural) -> the generic role (the role list of the vocabulary) and the
# title in the singular, kept as the contact's own title; longest first, so that
# "projektikoordinaattori" is not read as "koordinaattori"
ROLES: dict[str, tuple[str, str]] = {
    "yrityskehittämisen asiantuntijat": ("expert", "yrityskehittämisen asiantuntija"),
    "yrityskehittämisen asiantuntija": ("expert", "yrityskehittämisen asiantuntija"),
    "projektikoordinaattorit": ("coordinator", "projektikoordinaattori"),
    "projektikoordinaattori": ("coordinator", "projektikoordinaattori"),
    "projektipäälliköt": ("project-manager", "projektipäällikkö"),
    "projektipäällikkö": ("project-manager", "projektipäällikkö"),
    "hankepäällikkö": ("project-manager", "hankepäällikkö"),
    "vapaa-aikapäällikkö": ("responsible-person", "vapaa-aikapäällikkö"),
    "elinkeinopäällikkö": ("responsible-person", "elinkeinopäällikkö"),
    "hanketyöntekijät": ("project-worker", "hanketyöntekijä"),
    "hanketyöntekijä": ("project-worker", "hanketyöntekijä"),
    "hankesihteerit": ("project-assistant", "hankesihteeri"),
    "hankesihteeri": ("project-assistant", "hankesihteeri"),
    "liikunnanohjaajat": ("project-worker", "liikunnanohjaaja"),
    "liikunnanohjaaja": ("project-worker", "liikunnanohjaaja"),
    "johtava rehtori": ("responsible-person", "johtava rehtori"),
    "koordinaattorit": ("coordinator", "koordinaattori"),
    "koordinaattori": ("coordinator", "koordinaattori"),
}
ROLE_TITLE = re.compile("|".join(re.escape(r) for r in sorted(ROLES, key=len, reverse=True)), re.I)

# the EU funds and programmes the pages name by abbreviation or by a well-known name
FUNDS: dict[str, dict[str, Any]] = {
    **EU_FUNDS,
    "akke": {"name": "AKKE-rahoitus", "level": "grant-instrument", "notation": "AKKE"},
}
_FUND_WORDS = (
    (re.compile(r"\bEAKR\b|Euroopan aluekehitysrahasto", re.I), "erdf"),
    (re.compile(r"\bEARK\b"), "erdf"),  # a typo of the page for EAKR, kept as stated
    (re.compile(r"\bESR\b|Euroopan sosiaalirahasto", re.I), "esf"),
    (re.compile(r"\bAKKE\b"), "akke"),
)
PROGRAMMES: dict[str, dict[str, Any]] = {
    PROGRAMME_2014_2020_ID: {"name": PROGRAMME_2014_2020_NAME, "level": "programme"},
}
# typos of the pages, mended where they name something; the page's words are kept as stated
TYPOS = {"EARK": "EAKR", "kohdenettu": "kohdennettu"}
# grant words at the start of a one-line entry -> (grant instrument, funder group)
GRANT_WORDS = (
    (re.compile(r"^Valtion erityisavustus\w*", re.I), "Valtion erityisavustus", "state"),
    (re.compile(r"^Valtionavustu(?:s|kset)\b", re.I), "Valtionavustus", "state"),
    (re.compile(r"^Erityisavustu(?:s|kset)\b", re.I), "Erityisavustus", None),
    (re.compile(r"^Avustu(?:s|kset)\b", re.I), "Avustus", None),
)
# funders that are state agencies, so their contribution is state funding
STATE_AGENCY = re.compile(r"aluehallintovirasto|\bely\b|ely-keskus|opetushallitus|ministeriö|te-toimisto", re.I)
ORGANISATION_WORD = re.compile(
    r"(\b(oy|oyj|ry|ab|ky)\b|opisto|yliopisto|säätiö|kaupunki|kunta|keskus|liitto|virasto|hallitus|toimisto|"
    r"seura|yhdistys|setlementti|\bSTEA\b|\bELY\b|toimiala)", re.I)
PLACE_WORD = re.compile(r"alue|ranta|rannat|niity|saari|saaret|kylä|keskusta|kaupunginosa", re.I)
POINTER = re.compile(r"linki|lisätieto|\btieto(?:ja|a)\b|löytyy|sivulle|sivulta|sivuilta|https?://|www\.", re.I)
SMALL_WORDS = {"ja", "tai", "sekä", "eli", "että", "kuin", "tahi"}


def label_of(text: str) -> tuple[str, str, str | None] | None:
    """(kind, value, year) of a "Label: value" line, or None."""
    match = _LABEL.match(text)
    if not match:
        return None
    kind = next(k for k in LABELS if match.group(k) is not None)
    return kind, match.group("value").strip(), match.group("year")


def fund_in(text: str) -> str | None:
    """The id of the first fund the text names, or None."""
    return next((ident for pattern, ident in _FUND_WORDS if pattern.search(text)), None)


def mend_typos(text: str) -> tuple[str, bool]:
    """The text with the pages' known typos mended, and whether any was."""
    mended = text
    for typo, right in TYPOS.items():
        mended = re.sub(rf"\b{re.escape(typo)}\b", right, mended)
    return mended, mended != text
