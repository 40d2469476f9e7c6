"""`kemi-lod remove-person ID`: a person taken out of the records, the build and what it keeps.

The person's record (`data/persons/<ID>.yaml`) is deleted; every contact that names the person
is taken out of the project records, in the current fields and in their history (a history
item that kept only this person goes whole; a list left empty goes with its key). The other
lines of each file stay as they were written: the edit removes exactly the text of those items
(their places are read from the YAML parser's marks). The CLI then rebuilds, deletes the build
versions kept beside the current one and the cache's copy of the old data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kemi_lod.errors import UsageError, display_path
from kemi_lod.records.kinds import FOLDER_OF, ID_PATTERN


@dataclass
class Removal:
    person: Path
    edited: dict[Path, int] = field(default_factory=dict)  # project file -> contacts taken out


def _scalar(node: yaml.Node | None) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _get(mapping: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in mapping.value if _scalar(k) == key), None)


def _names_person(item: yaml.Node, person: str) -> bool:
    pair = _get(item, "person")
    return pair is not None and _scalar(pair[1]) == person


@dataclass(frozen=True)
class _Cut:
    start: int  # character offsets into the text
    end: int


def _item_cut(text: str, seq: yaml.SequenceNode, i: int) -> _Cut:
    """The text of a sequence's i-th item, with its separator (flow) or its whole lines (block)."""
    items = seq.value
    node = items[i]
    if seq.flow_style:
        if len(items) == 1:
            return _Cut(node.start_mark.index, node.end_mark.index)
        if i + 1 < len(items):  # up to the next item, the comma with it
            return _Cut(node.start_mark.index, items[i + 1].start_mark.index)
        return _Cut(items[i - 1].end_mark.index, node.end_mark.index)  # the comma before the last
    start = text.rfind("\n", 0, node.start_mark.index) + 1  # the line of its "- "
    end = text.find("\n", node.end_mark.index - 1 if node.end_mark.index else 0)
    end = len(text) if end < 0 else end + 1
    return _Cut(start, end)


def _key_cut(text: str, key: yaml.Node, value: yaml.Node) -> _Cut:
    """A whole `key: value` entry of a block mapping, its lines included."""
    start = text.rfind("\n", 0, key.start_mark.index) + 1
    end = text.find("\n", max(value.end_mark.index - 1, key.end_mark.index))
    return _Cut(start, len(text) if end < 0 else end + 1)


def _contact_cuts(text: str, root: yaml.MappingNode, person: str) -> tuple[list[_Cut], int]:
    cuts: list[_Cut] = []
    removed = 0
    contacts = _get(root, "contacts")
    if contacts is not None and isinstance(contacts[1], yaml.SequenceNode):
        hits = [i for i, item in enumerate(contacts[1].value) if _names_person(item, person)]
        removed += len(hits)
        if hits and len(hits) == len(contacts[1].value):
            cuts.append(_key_cut(text, *contacts))
        else:
            cuts += [_item_cut(text, contacts[1], i) for i in hits]
    history = _get(root, "history")
    if history is not None and isinstance(history[1], yaml.SequenceNode):
        whole = []
        for i, item in enumerate(history[1].value):
            field_, value = _get(item, "field"), _get(item, "value")
            if field_ is None or _scalar(field_[1]) != "contacts" or value is None:
                continue
            if not isinstance(value[1], yaml.SequenceNode):
                continue
            hits = [k for k, c in enumerate(value[1].value) if _names_person(c, person)]
            removed += len(hits)
            if hits and len(hits) == len(value[1].value):
                whole.append(i)
            else:
                cuts += [_item_cut(text, value[1], k) for k in hits]
        if whole and len(whole) == len(history[1].value):
            cuts.append(_key_cut(text, *history))
        else:
            cuts += [_item_cut(text, history[1], i) for i in whole]
    return cuts, removed


def _apply(text: str, cuts: list[_Cut]) -> str:
    for cut in sorted(cuts, key=lambda c: c.start, reverse=True):
        text = text[: cut.start] + text[cut.end:]
    return text


def remove_person(data_dir: Path, person: str) -> Removal:
    """Take the person out of the records in `data_dir` (files are rewritten in place)."""
    if not ID_PATTERN.match(person):
        raise UsageError(f"{person!r} is not a record id")
    record = data_dir / FOLDER_OF["person"] / f"{person}.yaml"
    if not record.is_file():
        raise UsageError(f"{display_path(record)}: no such person record")
    planned: dict[Path, tuple[str, int]] = {}
    for path in sorted((data_dir / FOLDER_OF["project"]).glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if person not in text:
            continue
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            raise UsageError(f"{display_path(path)}: not valid YAML, nothing was changed: {exc}") from None
        if not isinstance(root, yaml.MappingNode):
            continue
        cuts, removed = _contact_cuts(text, root, person)
        if removed:
            planned[path] = (_apply(text, cuts), removed)
    # every file was read and planned before any is written: a bad file changes nothing
    for path, (text, _) in planned.items():
        path.write_text(text, encoding="utf-8")
    record.unlink()
    return Removal(record, {path: n for path, (_, n) in planned.items()})
