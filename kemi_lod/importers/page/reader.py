"""One page: its paragraphs classified in order (a section or department heading, a label
block with or without its title, a one-line entry, text trailing a block, or text outside any
project) and each read into the projects the page states."""

from __future__ import annotations

import re

from kemi_lod.importers.common import Sourced
from kemi_lod.importers.page.blocks import read_block, read_trailer
from kemi_lod.importers.page.draft import PageDraft, PageProject
from kemi_lod.importers.page.entries import read_entry
from kemi_lod.importers.page.lexicon import DEPARTMENT_HEADING, POINTER, SECTIONS, label_of
from kemi_lod.importers.page.lines import Line, entries_apart, excerpt, join_lines, paragraphs
from kemi_lod.importers.page.notation import final_period, without_roles


def read_page(draft: PageDraft, lines: list[Line]) -> list[PageProject]:
    """The projects one page states, in its order (`draft.file` names the page)."""
    return PageReader(draft).read(lines)


class PageReader:
    """Walks one page's paragraphs; holds the heading they stand under and the projects read."""

    def __init__(self, draft: PageDraft) -> None:
        self.r = draft
        self.projects: list[PageProject] = []
        self.section: Sourced | None = None
        self.department: Sourced | None = None

    def read(self, lines: list[Line]) -> list[PageProject]:
        paras = [piece for para in paragraphs(lines) for piece in entries_apart(para)]
        heading_seen = False
        open_block: PageProject | None = None
        i = 0
        while i < len(paras):
            para = paras[i]
            text = join_lines(para)
            nxt = paras[i + 1] if i + 1 < len(paras) else None
            if self.heading(para, text):
                heading_seen, open_block = True, None
            elif label_of(para[0].text):
                open_block = read_block(self.r, self.new_project(para[0].n, para[-1].n), None, para)
            elif nxt and label_of(nxt[0].text) and is_title(text, nxt):
                open_block = read_block(self.r, self.new_project(para[0].n, nxt[-1].n), para, nxt)
                i += 1
            elif is_entry(text):
                read_entry(self.r, self.new_project(para[0].n, para[-1].n), para, text)
                open_block = None
            elif open_block is not None:
                read_trailer(self.r, open_block, para, text)
            else:
                self.outside(para, text, heading_seen)
            i += 1
        return self.projects

    def heading(self, para: list[Line], text: str) -> bool:
        """Whether the paragraph is a section or department heading (then it is the current one)."""
        if len(para) != 1:
            return False
        key = text.casefold().rstrip(":")
        where = self.r.where(para[0].n)
        if key in SECTIONS:
            self.section = Sourced(SECTIONS[key], where)
            self.department = None
            return True
        if DEPARTMENT_HEADING.match(text) and len(text.split()) <= 7:
            self.department = Sourced(self.r.department(text, where), where)
            return True
        return False

    def outside(self, para: list[Line], text: str, heading_seen: bool) -> None:
        """Text outside any block: a project's name alone, or text that is not read."""
        if not (self.projects or heading_seen):
            self.r.problem(para[0].n, f"page introduction (before the first heading), not read: {excerpt(text)!r}")
        elif len(text.split()) <= 12 and not text.endswith(".") and not POINTER.search(text):
            self.r.problem(para[0].n, "a line with no period and no labels: read as a project's name")
            read_entry(self.r, self.new_project(para[0].n, para[-1].n), para, text)
        else:
            self.r.problem(para[0].n, f"text outside any project, not read: {excerpt(text)!r}")

    def new_project(self, first: int, last: int) -> PageProject:
        """A project of this page, under the current section and department."""
        project = PageProject(self.r.file, first, last, order=len(self.projects))
        if self.section:
            project.fields["section"] = self.section
        if self.department:
            project.fields["department"] = self.department
        self.projects.append(project)
        return project


def is_title(text: str, block: list[Line]) -> bool:
    """A paragraph before a label block is its title, unless it is a sentence or a
    one-line entry of its own (it states a period, and so does the block)."""
    if text.endswith(".") or POINTER.search(text) or len(text) > 300:
        return False
    block_has_period = any((label_of(line.text) or ("",))[0] == "period" for line in block)
    return not (block_has_period and final_period(without_roles(text)[0]))


def is_entry(text: str) -> bool:
    """Whether the paragraph is a one-line entry: it ends with a period, or names its
    implementer or a partner."""
    body, _ = without_roles(text)
    return bool(final_period(body)) or body != text or bool(re.search(r"\bkumppanina\b", text))
