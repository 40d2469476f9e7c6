"""YAML text -> a tree of located nodes (value + line), rejecting what YAML silently accepts.

PyYAML's loaders drop line numbers and let a duplicate key overwrite the first. We compose
the document with the C composer (fast) and convert the node tree ourselves, keeping the
line of every value and the raw text of every scalar (amounts are read as exact decimals
from it, dates keep their written precision).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Union

import yaml

from kemi_lod.errors import Problem

try:  # the C composer is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]
YAML_LOADER = _Loader

# XML-based formats (and so RDF/XML, HTML) cannot carry C0 controls other than tab, LF, CR.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_YAML_TAG = "tag:yaml.org,2002:"
_CORE_TAGS = frozenset(_YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp"))
# Records nest a few levels deep; far deeper input is hostile or broken, and would exhaust
# Python's recursion limit below.
MAX_DEPTH = 64

Scalar = Union[str, int, float, bool, None]


@dataclass(frozen=True)
class YNode:
    """A YAML value with the line it starts on (1-based)."""

    value: "Scalar | dict[str, YNode] | list[YNode]"
    line: int
    raw: str = ""  # the scalar as written (empty for collections)
    kind: str = "scalar"  # scalar | mapping | sequence

    def is_mapping(self) -> bool:
        return self.kind == "mapping"

    def is_sequence(self) -> bool:
        return self.kind == "sequence"


@dataclass(frozen=True)
class YDoc:
    path: str
    root: YNode | None
    problems: tuple[Problem, ...]


def read_yaml(path: Path, shown: str) -> YDoc:
    """Read and compose one YAML file; problems are returned, never raised."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return YDoc(shown, None, (Problem.unreadable(shown, exc),))
    return parse_yaml(data, shown)


def parse_yaml(data: bytes, shown: str) -> YDoc:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return YDoc(shown, None, (Problem(shown, line, "", "file is not valid UTF-8 text"),))
    if text.startswith("\ufeff"):
        text = text[1:]
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        code = f"U+{ord(control.group()):04X}"
        return YDoc(shown, None, (Problem(shown, line, "", f"control character {code} is not allowed"),))
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return YDoc(shown, None, (Problem(shown, 1, "", "file is empty"),))
    try:
        root = yaml.compose(text, Loader=_Loader)
    except RecursionError:
        return YDoc(shown, None, (Problem(shown, 1, "", f"invalid YAML: nested more than {MAX_DEPTH} levels deep"),))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        message = exc.problem or str(exc)
        if exc.context:
            message = f"{exc.context}: {message}"
        if mark and text.splitlines()[mark.line:mark.line + 1] and "\t" in text.splitlines()[mark.line][: mark.column + 1]:
            message = "a tab cannot indent YAML; indent with spaces"
        return YDoc(shown, None, (Problem(shown, line, "", f"invalid YAML: {message}"),))
    except yaml.YAMLError as exc:
        return YDoc(shown, None, (Problem(shown, 0, "", f"invalid YAML: {exc}"),))
    if root is None:
        return YDoc(shown, None, (Problem(shown, 1, "", "file is empty"),))
    problems: list[Problem] = []
    try:
        tree = _convert(root, shown, problems, set(), 0)
    except _TooDeep as exc:
        return YDoc(shown, None, (Problem(shown, exc.line, "", f"invalid YAML: nested more than {MAX_DEPTH} levels deep"),))
    # an alias used twice on one line is one message
    return YDoc(shown, tree, tuple(dict.fromkeys(problems)))


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _convert(node: yaml.Node, shown: str, problems: list[Problem], seen: set[int], depth: int,
             used_at: int = 0, field: str = "") -> YNode | None:
    """The located tree; None (with a problem) for a value that is refused, which is then left out."""
    line = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        raise _TooDeep(line)
    if id(node) in seen:
        # An alias (*name) is the anchored node itself: expanding aliases of aliases grows
        # exponentially (a "billion laughs" file), and records never need them.
        problems.append(Problem(shown, used_at or line, field, "aliases (*name) are not supported; write the value out"))
        return None
    seen.add(id(node))
    if node.tag not in _CORE_TAGS:
        # never constructed anyway (only composed), but a !!python/… tag is a sign of a hostile
        # or foreign file, and a silently ignored tag would change what the value means
        tag = "!!" + node.tag[len(_YAML_TAG):] if node.tag.startswith(_YAML_TAG) else node.tag
        problems.append(Problem(shown, line, field if used_at else "", f"the YAML tag {tag} is not supported"))
        return None
    if isinstance(node, yaml.MappingNode):
        items: dict[str, YNode] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(shown, key_line, "", "a key must be a plain name"))
                continue
            key = key_node.value
            if key == "<<":
                problems.append(Problem(shown, key_line, key, "merge keys are not supported"))
                continue
            if key in items:
                problems.append(
                    Problem(shown, key_line, key, f"duplicate key (first on line {items[key].line})")
                )
                continue
            value = _convert(value_node, shown, problems, seen, depth + 1, key_line, key)
            if value is not None:
                items[key] = value
        return YNode(items, line, kind="mapping")
    if isinstance(node, yaml.SequenceNode):
        converted = (_convert(item, shown, problems, seen, depth + 1, line) for item in node.value)
        return YNode([item for item in converted if item is not None], line, kind="sequence")
    control = _CONTROL.search(node.value)
    if control:  # written as a YAML escape ("\a", "\0", "\e"): the raw text had none
        code = f"U+{ord(control.group()):04X}"
        problems.append(Problem(shown, line, field, f"control character {code} is not allowed (written as an escape)"))
    return YNode(_scalar(node), line, raw=node.value)


def _scalar(node: yaml.ScalarNode) -> Scalar:
    if node.style:  # quoted or block scalars are strings whatever they look like
        return node.value
    tag, text = node.tag, node.value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return text.lower() in ("true", "yes", "on")
    if tag == _INT:
        try:
            return int(text.replace("_", ""))
        except ValueError:
            return text  # 0x.., 0o..: left as text, rejected where a number is expected
    if tag == _FLOAT:
        try:
            return float(text.replace("_", ""))
        except ValueError:
            return text
    return text  # strings, and timestamps kept as written
