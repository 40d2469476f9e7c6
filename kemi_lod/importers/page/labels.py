"""The values of a label block's labels ("Toiminta-aika: …", "Budjetti: …", "Yhteyshenkilö: …"),
one reader a label kind, each setting the project's fields or reporting what it cannot read
and keeping the line as a note; and the period and implementer a title or an entry ends with."""

from __future__ import annotations

import re
from typing import Any, Callable

from kemi_lod.importers.common import Sourced
from kemi_lod.importers.page.draft import LabelValue, PageDraft, PageProject, plain_numbers
from kemi_lod.importers.page.funding import read_funding
from kemi_lod.importers.page.lexicon import ORGANISATION_WORD
from kemi_lod.importers.page.lines import excerpt
from kemi_lod.importers.page.notation import (
    AMOUNT, ONGOING, PERIOD, decimal_of, final_period, nominative, period_of, read_amount, read_contacts, read_staff,
    split_list, without_roles,
)


def read_labels(draft: PageDraft, project: PageProject, values: dict[str, LabelValue]) -> None:
    """Each label's value into the project, in the block's order."""
    for kind, value in values.items():
        _READERS[kind](draft, project, value)


def set_period(draft: PageDraft, project: PageProject, match: re.Match, where: str, line_text: str | None = None) -> None:
    """The period, or, where its dates are impossible, the page's words in the notes
    (`line_text`, or "" where the caller keeps the line already)."""
    try:
        project.set("period", period_of(match), where)
    except ValueError as exc:
        draft.problem(where.rpartition(":")[2].split("-")[0], f"{exc}; not read, kept as a note")
        project.note(match.group(0) if line_text is None else line_text, where)


def read_implementers_and_period(draft: PageDraft, project: PageProject, text: str, where: str) -> tuple[str, re.Match | None]:
    """The run-in implementer and the final period of a title or an entry, read into the
    project; returns the text before them and the period found."""
    text, role_orgs = without_roles(text)
    for org in role_orgs:
        project.add("implementers", [draft.org(org, where)], where)
    period = final_period(text)
    if period:
        set_period(draft, project, period, where)
        text = text[: period.start()]
    return text, period


def _unread(draft: PageDraft, project: PageProject, value: LabelValue, why: str) -> None:
    draft.problem(value.first, f"not read ({why}): {excerpt(value.label_line)!r}; kept as a note")
    project.note(value.label_line, draft.where(value.first, value.last))


def _period(draft: PageDraft, project: PageProject, value: LabelValue) -> None:
    where = draft.where(value.first, value.last)
    text = " ".join(value.text.split()).strip(" .")
    whole = PERIOD.fullmatch(text)
    if ONGOING.match(text) and len(text.split()) <= 2:
        project.set("period", {"ongoing": True}, where)
    elif whole:
        set_period(draft, project, whole, where, value.label_line)
    elif match := PERIOD.search(text):
        draft.problem(value.first, f"read the period {match.group(0)!r}; the line kept as a note")
        project.note(value.label_line, where)
        set_period(draft, project, match, where, "")
    elif text:
        _unread(draft, project, value, "not a period")


def _budget(draft: PageDraft, project: PageProject, value: LabelValue) -> None:
    where = draft.where(value.first, value.last)
    found = list(AMOUNT.finditer(value.text))
    if not found:
        return _bare_budget(draft, project, value)
    if len(found) > 1:
        draft.problem(value.first, "more than one amount in the budget; the first is read, the line kept as a note")
        project.note(value.label_line, where)
    amount = draft.amount(decimal_of(found[0].group("num")), value.first)
    if amount is None:
        project.note(value.label_line, where)
        return None
    year = re.search(r"vuode(?:lle|n)\s+(\d{4})\b", value.text)
    if year and int(year.group(1)) >= 1000:
        project.set("annual_budget", {"amount": amount, "year": year.group(1)}, where)
    else:
        project.set("budget", amount, where)
    return None


def _bare_budget(draft: PageDraft, project: PageProject, value: LabelValue) -> None:
    """A budget with no unit ("442 000")."""
    try:
        found_value = read_amount(value.text)
    except ValueError:
        return _unread(draft, project, value, "no amount")
    where = draft.where(value.first, value.last)
    amount = draft.amount(found_value, value.first)
    if amount is None:
        project.note(value.label_line, where)
    else:
        project.set("budget", amount, where)
    return None


def _city_share(draft: PageDraft, project: PageProject, value: LabelValue) -> None:
    """"Kaupungin osuus (vuonna 2020): …": the city's own share, a contribution of the city."""
    where = draft.where(value.first, value.last)
    year = value.year
    found = list(AMOUNT.finditer(value.text))
    try:
        number = decimal_of(found[0].group("num")) if len(found) == 1 else read_amount(value.text)
    except ValueError:
        return _unread(draft, project, value, "no single amount")
    line = value.line_at(found[0].start()) if len(found) == 1 else value.first  # the amount's line
    amount = draft.amount(number, line)
    if amount is None:
        project.note(value.label_line, where)
        return None
    share: dict[str, Any] = {"group": "municipal", "funder": draft.city, "amount": amount}
    if year and int(year) >= 1000:
        share["year"] = year
    if not re.match(r"kaupungin\s+osuus\b", value.label_line, re.I):
        share["stated"] = value.label_line  # "omarahoitusosuus" read as the city's share
    share["sources"] = [draft.cite(line)]
    project.city_share = Sourced(share, where)  # placed among the contributions with the block (money.py)
    return None


def _staff(draft: PageDraft, project: PageProject, value: LabelValue) -> None:
    if not value.text:
        return
    where = draft.where(value.first, value.last)
    try:
        staff = plain_numbers(read_staff(value.text))
    except ValueError as exc:
        return _unread(draft, project, value, str(exc))
    if "split" in staff:
        staff["split"] = [plain_numbers(s) | {"organisation": draft.org(s["organisation"], where)} for s in staff["split"]]
    project.set("staff", staff, where)
    return None


def _contacts(draft: PageDraft, project: PageProject, value: LabelValue) -> None:
    if not value.text:
        return
    where = draft.where(value.first, value.last)
    read = read_contacts(value.text)
    for remark in read.remarks:
        draft.problem(value.first, remark)
    for text in read.unread:
        draft.problem(value.first, f"not read as a person: {excerpt(text)!r}; kept as a note")
        project.note(value.label_line, where)
    contacts = []
    for name, role in read.persons:
        contact = {"person": draft.draft.person(name, where)}
        if role:  # the generic role, and the page's job title
            contact["role"], contact["title"] = role
        contacts.append(Sourced(contact, where))
    project.add("contacts", contacts, where)


def _summary(draft: PageDraft, project: PageProject, value: LabelValue) -> None:
    if value.text:
        project.set("summary", value.text, draft.where(value.first, value.last))


def _funders(draft: PageDraft, project: PageProject, value: LabelValue) -> None:
    where = draft.where(value.first, value.last)
    project.add("funders", [draft.org(name, where) for name in _org_list(draft, value.text, value.first)], where)


def _implementers(draft: PageDraft, project: PageProject, value: LabelValue) -> None:
    where = draft.where(value.first, value.last)
    parts = re.split(r",?\s*toiminta-alue(?:ena on|:)\s*", value.text, maxsplit=1)
    if len(parts) > 1 and parts[1].strip(" ."):
        project.add("places", draft.places(parts[1].strip(" ."), where), where)
    project.add("implementers", [draft.org(n, where) for n in _org_list(draft, parts[0], value.first)], where)


def _org_list(draft: PageDraft, text: str, line: int) -> list[str]:
    """The organisations a list names, in the nominative."""
    names = []
    for item in split_list(text):
        if not item[:1].isupper():
            draft.problem(line, f"not read as an organisation: {item!r}")
            continue
        if len(item.split()) == 1 and re.search(r"[aeiouyäö]n$", item) and not ORGANISATION_WORD.search(item):
            draft.problem(line, f"read {item!r} as {nominative(item)!r} (a genitive in a list of names)")
            item = nominative(item)
        names.append(item)
    return names


# label kind (lexicon.LABELS) -> its reader
_READERS: dict[str, Callable[[PageDraft, PageProject, LabelValue], None]] = {
    "funding": read_funding,
    "funders": _funders,
    "implementers": _implementers,
    "period": _period,
    "budget": _budget,
    "city_share": _city_share,
    "staff": _staff,
    "contacts": _contacts,
    "summary": _summary,
}
