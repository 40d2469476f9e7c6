"""One-line entries ("Name, partner 1.8.2020-30.6.2022", "Valtionavustus: Name"): the period,
fund, implementer, description, area, partners and grant an entry states, read off its name."""

from __future__ import annotations

import re
from typing import Any

from kemi_lod.importers.common import Sourced, slug
from kemi_lod.importers.page.draft import PageDraft, PageProject
from kemi_lod.importers.page.labels import read_implementers_and_period
from kemi_lod.importers.page.lexicon import GRANT_WORDS, ORGANISATION_WORD, PLACE_WORD, fund_in
from kemi_lod.importers.page.lines import BULLET, Line
from kemi_lod.importers.page.notation import ONGOING, nominative, split_list
from kemi_lod.importers.page.titles import mend_hyphens


def read_entry(draft: PageDraft, project: PageProject, para: list[Line], stated: str) -> None:
    """A one-line entry (`stated`, the paragraph's text) into the project."""
    where = draft.where(para[0].n, para[-1].n)
    text, period = read_implementers_and_period(draft, project, BULLET.sub("", stated), where)
    if not period and ONGOING.search(text.split(",")[-1].strip()):
        project.set("period", {"ongoing": True}, where)
    text = text.strip(" ,")
    if not text.strip(" ,.;:-–"):
        draft.problem(para[0].n, "an entry with a period but no name: named by its whole text")
        text = stated
    fund = re.search(r"\s*\((?P<fund>[A-Z]{2,6})\)", text)
    if fund and (ident := fund_in(fund.group("fund"))):
        contribution = {"fund": draft.programme(ident, where), "stated": fund.group(0).strip()}
        project.add("funding", [Sourced(contribution, where)], where)
        text = (text[: fund.start()] + text[fund.end():]).strip()
    title = mend_hyphens(_entry_name(draft, project, text.rstrip(" ,.") or text, where)).strip() or stated
    project.set("title", title, where)
    if title != stated:
        project.set("title_as_stated", stated, where)


def _entry_name(draft: PageDraft, project: PageProject, text: str, where: str) -> str:
    """The entry's name, with its description, area, partners and grant read off."""
    named = re.match(r"^(?P<desc>[A-ZÄÖÅ]\w*(?: [a-zäöå][\w-]*)* \w*hanke) (?P<name>[A-ZÄÖÅ].*)$", text)
    if named:
        project.set("summary", named.group("desc"), where)
        return named.group("name")
    sentences = [s for s in re.split(r"(?<=\.)\s+(?=[A-ZÄÖÅ])|:\s+(?=[A-ZÄÖÅ])", text) if s.strip(" .")] or [text]
    first_parts = sentences[0].rstrip(".").split(", ")
    grant_first = any(pattern.match(sentences[0]) for pattern, _, _ in GRANT_WORDS)
    if len(first_parts) > 1 and len(first_parts[0].split()) <= 6 and not grant_first:
        return _comma_entry(draft, project, sentences, where)
    name = sentences[-1].rstrip(".") if len(sentences) > 1 else text
    described = sentences[:-1] if len(sentences) > 1 else []
    summary = [s for s in described if not _grant(draft, project, s, where, stated=True)]
    if summary:
        project.set("summary", " ".join(summary), where)
    if not described:
        _grant(draft, project, name, where, stated=False)
    programme = re.search(r"\bosana (?P<name>.+?) kehittämisohjelmaa\b", text)
    if programme:
        ident = draft.programme(slug(programme.group("name") + "-kehittamisohjelma"), where,
                                name=f"{programme.group('name')} -kehittämisohjelma", level="programme")
        project.add("programmes", [ident], where)
    return name


def _comma_entry(draft: PageDraft, project: PageProject, sentences: list[str], where: str) -> str:
    """"Name, area, partner kumppanina, …": the name, with the parts after it read off."""
    parts = sentences[0].rstrip(".").split(", ")
    name, rest = parts[0], parts[1:]
    later = " ".join(sentences[1:]).rstrip(".")
    if rest and PLACE_WORD.search(rest[0]) and not ORGANISATION_WORD.search(rest[0]):
        area = ", ".join(rest) if later else rest[0]
        project.add("places", draft.places(area, where), where)
        rest = [] if later else rest[1:]
    summary = [part for part in rest if not _partner(draft, project, part, where)]
    text = ", ".join(summary + ([later] if later else []))
    if text:
        project.set("summary", text, where)
    return name


def _partner(draft: PageDraft, project: PageProject, part: str, where: str) -> bool:
    """A part of a comma entry naming a partner (True), or one that stays in the summary
    (False; a joint project's implementers are read off it first)."""
    partner = re.fullmatch(r"(?P<org>.+?) kumppanina", part)
    if partner or (ORGANISATION_WORD.search(part) and part[:1].isupper() and len(part.split()) <= 4):
        if not partner:
            draft.problem(where.rpartition(":")[2].split("-")[0],
                          f"read {part!r} as a partner (the entry names an organisation, not its role)")
        project.add("partners", [draft.org(partner.group("org") if partner else part, where)], where)
        return True
    joint = re.fullmatch(r"(?P<list>.+?) yhteinen .+", part)
    if joint:
        orgs = [nominative(i) for i in split_list(joint.group("list"))]
        project.add("implementers", [draft.org(o, where) for o in orgs], where)
    return False


def _grant(draft: PageDraft, project: PageProject, sentence: str, where: str, stated: bool) -> bool:
    """Whether the sentence names a grant (then its contribution is added)."""
    for pattern, name, group in GRANT_WORDS:
        if pattern.match(sentence):
            contribution: dict[str, Any] = {"group": group} if group else {}
            contribution["fund"] = draft.grant(name, where)
            if stated:
                contribution["stated"] = sentence.rstrip(":")
            project.add("funding", [Sourced(contribution, where)], where)
            return True
    return False
