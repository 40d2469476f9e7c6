"""Label blocks: a run of "Label: value" lines (values may wrap), with the title line before it
and the paragraphs after it; and what a block's summary itself states (cooperation, the
organiser, the project it continues)."""

from __future__ import annotations

import re

from kemi_lod.importers.common import Sourced
from kemi_lod.importers.page.draft import LabelValue, PageDraft, PageProject
from kemi_lod.importers.page.labels import read_implementers_and_period, read_labels
from kemi_lod.importers.page.lexicon import POINTER, label_of
from kemi_lod.importers.page.lines import Line, excerpt, join_lines
from kemi_lod.importers.page.money import place_money
from kemi_lod.importers.page.notation import nominative, split_list
from kemi_lod.importers.page.titles import derive_title, fallback_title, mend_hyphens, sentence_of


def read_block(draft: PageDraft, project: PageProject, title: list[Line] | None, lines: list[Line]) -> PageProject:
    """A label block (and its title line, if any) into the project."""
    values = _label_values(draft, project, lines)
    if title:
        _title_line(draft, project, title)
    read_labels(draft, project, values)
    if "title" not in project.fields:
        _derive_title(draft, project)
    _summary_statements(draft, project)
    place_money(draft, project)
    return project


def _label_values(draft: PageDraft, project: PageProject, lines: list[Line]) -> dict[str, LabelValue]:
    """The block's values by label kind; a line under no label, or a label stated twice, is
    reported and kept as a note."""
    values: dict[str, LabelValue] = {}
    current: LabelValue | None = None
    for line in lines:
        label = label_of(line.text)
        if label:
            kind, value, year = label
            if kind in values:
                draft.problem(line.n, f"a second {kind!r} label in one block; kept as a note")
                project.note(line.text, draft.where(line.n))
                current = None
                continue
            current = values[kind] = LabelValue(value, [(0, line.n)], line.text, year)
        elif current is not None:
            sep = "\n" if (current is values.get("summary") and current.text) else (" " if current.text else "")
            current.parts.append((len(current.text) + len(sep), line.n))
            current.text += sep + line.text
        else:
            draft.problem(line.n, f"not read: {excerpt(line.text)!r}")
            project.note(line.text, draft.where(line.n))
    return values


def _title_line(draft: PageDraft, project: PageProject, lines: list[Line]) -> None:
    """The block's title, with the status (of the block's amounts), implementer and period it
    may state read off."""
    stated = join_lines(lines)
    where = draft.where(lines[0].n, lines[-1].n)
    text = stated
    status = re.search(r"\s*\((haettu|myönnetty)\s+(\d{1,2})/(\d{4})\)", text, re.I)
    if status and 1 <= int(status.group(2)) <= 12 and int(status.group(3)) >= 1000:
        code = "applied" if status.group(1).lower() == "haettu" else "granted"
        project.status = Sourced({"status": code, "status_date": f"{status.group(3)}-{int(status.group(2)):02d}"}, where)
        text = (text[: status.start()] + text[status.end():]).strip()
    text, _ = read_implementers_and_period(draft, project, text, where)
    title = mend_hyphens(text.strip(" ,"))
    project.set("title", title or stated, where)
    if title != stated:
        project.set("title_as_stated", stated, where)


def _derive_title(draft: PageDraft, project: PageProject) -> None:
    """A title for a block that states none: from its summary, or from where it stands."""
    summary = project.fields.get("summary")
    derived = derive_title(summary.value) if summary is not None else None
    title = derived[0] if derived else fallback_title(summary.value) if summary is not None else ""
    if re.search(r"\w", title):
        words = derived[1] if derived else sentence_of(title, summary.value)
        project.set("title", title, summary.where)
        project.derived_from = Sourced(words, summary.where)
        how = "named by its summary" if derived else "taken from its summary's words"
        draft.problem(project.first, f"a block with no title: titled {title!r} ({how}); title_derived set")
    else:
        text = f"Hanke ({draft.file}:{project.first})"
        project.set("title", text, draft.where(project.first))
        project.derived_from = Sourced(f"{draft.file}:{project.first}", draft.where(project.first))
        draft.problem(project.first, f"a block with no title and no summary: titled {text!r}")


def read_trailer(draft: PageDraft, project: PageProject, para: list[Line], text: str) -> None:
    """A paragraph after a block: its cooperation partners, more of its summary, or a note."""
    where = draft.where(para[0].n, para[-1].n)
    project.last = max(project.last, para[-1].n)
    together = re.search(r"yhteistyötahoina toimiv\w+ (?P<list>.+?)\.?$", text)
    if together:
        items = split_list(together.group("list"))
        orgs = [i for i in items if i[:1].isupper()]
        project.add("cooperation", [draft.org(n, where) for n in orgs], where)
        rest = [i for i in items if not i[:1].isupper()]
        if rest:
            start = together.group("list").find(rest[0])
            project.set("cooperation_note", together.group("list")[start:].strip(" ."), where)
        return
    if POINTER.search(text) or "summary" not in project.fields:
        project.note(text, where)
        if not POINTER.search(text):
            draft.problem(para[0].n, f"text after a block, kept as a note: {excerpt(text)!r}")
        return
    old = project.fields["summary"]
    project.set("summary", old.value + "\n" + join_lines(para, "\n"), old.where.split("-")[0] + f"-{para[-1].n}")


def _summary_statements(draft: PageDraft, project: PageProject) -> None:
    """What the summary itself states: who the project works with or is organised by, and
    which project it continues."""
    summary = project.fields.get("summary")
    if summary is None:
        return
    text, where = " ".join(summary.value.split()), summary.where
    for match in re.finditer(r"\byhteistyössä (?P<list>.+?) kanssa\b", text):
        names = [nominative(i) for i in split_list(match.group("list")) if i[:1].isupper()]
        project.add("cooperation", [draft.org(n, where) for n in names], where)
    together = re.match(r"^(?P<list>[A-ZÄÖÅ][^.]*?) (?:kehittävät|toteuttavat|tekevät|järjestävät) yhdessä\b", text)
    if together:
        names = [i for i in split_list(together.group("list")) if i[:1].isupper()]
        project.add("cooperation", [draft.org(n, where) for n in names], where)
    organiser = re.match(r"^(?P<org>[A-ZÄÖÅ][\w\- ]*?) (?:organisoima|hallinnoima|toteuttama)\b", text)
    if organiser and len(organiser.group("org").split()) <= 5:
        project.add("implementers", [draft.org(nominative(organiser.group("org")), where)], where)
    continues = re.search(r"\bjatka\w*\b[^.]*?\b(?P<name>[A-ZÄÖÅ][^.,;:]*?)\s?[-–]\s?hank(?:keen|etta)\b", text)
    if continues:
        project.continues_name = Sourced(continues.group("name").strip(), where)
