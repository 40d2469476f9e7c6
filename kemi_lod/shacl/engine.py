"""A compiled SHACL engine for the shapes of this tool: fast, per record, and parallel.

The shapes graph is read once into `Shape` objects. SHACL Core constraints are evaluated in
Python on the small graph of one record (a project and its hash nodes); a value node that
belongs to another record (an organisation, a code) is looked up in a `Context` holding the
classes of every record's resource and the code lists. Each record's triples all have
subjects inside the record, so this gives the same results as validating the whole graph.
SHACL-SPARQL constraints are compiled to one SPARQL query per target class and run on an
oxigraph store of the whole graph.

Supported: sh:targetClass; property shapes with an IRI path; sh:minCount, sh:maxCount,
sh:datatype, sh:class, sh:nodeKind, sh:node, sh:not, sh:or, sh:xone, sh:hasValue, sh:minInclusive,
sh:maxInclusive, sh:uniqueLang, sh:pattern (without sh:flags), sh:severity, sh:message; sh:sparql with sh:select and
sh:prefixes. Anything else in a shapes graph is refused when it is compiled, so a shape the
engine cannot check is never silently ignored. `kemi-lod validate --engine pyshacl` runs
pySHACL on the whole graph instead; the tests require both engines to agree.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal, InvalidOperation
from typing import Iterable, Mapping, Sequence

import pyoxigraph as ox

from kemi_lod.progress import SILENT, Progress, counted
from kemi_lod.shacl.reports import SEVERITY, SH
from kemi_lod.vocabulary.terms import RDF, XSD, shorten

SHAPES_IRI = "https://w3id.org/hanke/shapes#"
RDF_TYPE = RDF.type.value
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_NUMERIC = {XSD.decimal.value, XSD.integer.value, XSD.positiveInteger.value, XSD.nonNegativeInteger.value}
_LEXICAL = {
    XSD.decimal.value: re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    XSD.integer.value: re.compile(r"^[+-]?\d+$"),
    XSD.positiveInteger.value: re.compile(r"^\+?0*[1-9]\d*$"),
    XSD.nonNegativeInteger.value: re.compile(r"^\+?\d+$"),
    XSD.boolean.value: re.compile(r"^(true|false|1|0)$"),
    XSD.date.value: re.compile(r"^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d\d:\d\d)?$"),
    XSD.gYearMonth.value: re.compile(r"^-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d\d:\d\d)?$"),
    XSD.gYear.value: re.compile(r"^-?\d{4,}(Z|[+-]\d\d:\d\d)?$"),
}
_KNOWN = {SH + k for k in (
    "targetClass path minCount maxCount datatype class nodeKind node not or xone hasValue minInclusive "
    "maxInclusive uniqueLang pattern severity message property sparql select prefixes declare prefix namespace"
).split()} | {RDF_TYPE, "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2000/01/rdf-schema#comment"}

Graph = Mapping[str, Mapping[str, Sequence[ox.NamedNode | ox.Literal]]]


class UnsupportedShape(Exception):
    """The shapes use a SHACL feature this engine does not implement."""


@dataclass(frozen=True)
class Result:
    """One validation result, shaped like a sh:ValidationResult."""

    focus: str
    path: str | None
    value: ox.NamedNode | ox.Literal | None
    component: str  # e.g. sh:MinCountConstraintComponent
    severity: str  # error | warning | info
    shape: str  # sh:sourceShape: the shape with the constraint (the nearest named one)
    message: str

    def key(self) -> tuple:
        return (self.focus, self.path or "", str(self.value) if self.value is not None else "", self.component, self.severity, self.shape)


@dataclass
class Shape:
    node: str  # the shape's IRI or blank-node label
    named: str  # the named shape reported for it
    path: str | None = None
    targets: tuple[str, ...] = ()
    severity: str = "error"
    messages: dict[str, str] = field(default_factory=dict)
    constraints: list[tuple[str, object]] = field(default_factory=list)  # (component, parameter)
    properties: list["Shape"] = field(default_factory=list)
    sparql: list["SparqlConstraint"] = field(default_factory=list)

    @cached_property
    def checks_absence(self) -> bool:
        """Whether a property shape can report on a focus node without values of its path
        (sh:minCount above 0, sh:hasValue); the others have nothing to check there."""
        return any((name == "minCount" and param > 0) or name == "hasValue" for name, param in self.constraints)


@dataclass
class SparqlConstraint:
    shape: str
    target: str
    query: str
    severity: str
    messages: dict[str, str]


@dataclass(frozen=True)
class Context:
    """What a record's validation may look up outside the record."""

    classes: Mapping[str, frozenset[str]]  # resource IRI -> its classes
    graph: Graph  # triples of shared resources (the code lists), by subject and predicate

    def types_of(self, iri: str, local: Graph) -> frozenset[str] | set[str]:
        if iri in local:
            return set(o.value for o in local[iri].get(RDF_TYPE, ()))
        if iri in self.graph:
            return set(o.value for o in self.graph[iri].get(RDF_TYPE, ()))
        return self.classes.get(iri, frozenset())


def index(triples: Iterable[ox.Triple]) -> dict[str, dict[str, list]]:
    graph: dict[str, dict[str, list]] = {}
    for t in triples:
        graph.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    return graph


# --- compiling the shapes graph -------------------------------------------------------------


class Shapes:
    """The shapes graph, compiled."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.g = index(triples)
        self.by_target: dict[str, list[Shape]] = {}
        self.sparql: list[SparqlConstraint] = []
        self._compiled: dict[str, Shape] = {}
        for subject, props in sorted(self.g.items()):
            if SH + "targetClass" in props:
                shape = self.compile(subject, subject)
                for target in shape.targets:
                    self.by_target.setdefault(target, []).append(shape)
                self.sparql.extend(shape.sparql)

    def _key(self, term) -> str:
        return term.value

    def _list(self, head) -> list:
        items = []
        node = head.value
        while node != RDF.iri + "nil":
            props = self.g[node]
            items.append(props[RDF.iri + "first"][0])
            node = props[RDF.iri + "rest"][0].value
        return items

    def compile(self, node: str, named: str) -> Shape:
        if node in self._compiled:
            return self._compiled[node]
        props = self.g.get(node, {})
        unknown = sorted(set(props) - _KNOWN)
        if unknown:
            raise UnsupportedShape(f"shape {node}: unsupported SHACL feature {unknown[0]}")
        one = lambda p: props[SH + p][0] if SH + p in props else None  # noqa: E731
        shape = Shape(node=node, named=named)
        self._compiled[node] = shape
        if one("path") is not None:
            if not isinstance(one("path"), ox.NamedNode):
                raise UnsupportedShape(f"shape {node}: only IRI paths are supported")
            shape.path = one("path").value
        shape.targets = tuple(sorted(t.value for t in props.get(SH + "targetClass", ())))
        if one("severity") is not None:
            shape.severity = SEVERITY[one("severity").value]
        shape.messages = {m.language or "": m.value for m in props.get(SH + "message", ())}
        for name in ("minCount", "maxCount"):
            if one(name) is not None:
                shape.constraints.append((name, int(one(name).value)))
        for name in ("minInclusive", "maxInclusive"):
            if one(name) is not None:
                shape.constraints.append((name, Decimal(one(name).value)))
        for name in ("datatype", "class", "nodeKind", "hasValue"):
            for value in props.get(SH + name, ()):
                shape.constraints.append((name, value.value if isinstance(value, ox.NamedNode) else value))
        if one("uniqueLang") is not None and one("uniqueLang").value == "true":
            shape.constraints.append(("uniqueLang", True))
        if one("pattern") is not None:  # XPath regular expressions: the subset Python reads alike
            shape.constraints.append(("pattern", re.compile(one("pattern").value)))
        for value in props.get(SH + "node", ()):
            shape.constraints.append(("node", self.compile(value.value, value.value)))
        for value in props.get(SH + "not", ()):
            shape.constraints.append(("not", self.compile(self._key(value), named)))
        for name in ("or", "xone"):
            for head in props.get(SH + name, ()):
                members = [self.compile(self._key(m), named) for m in self._list(head)]
                shape.constraints.append((name, members))
        for prop in props.get(SH + "property", ()):
            # a property shape with an IRI is the sh:sourceShape of its results, as SHACL says
            shape.properties.append(self.compile(prop.value, prop.value if isinstance(prop, ox.NamedNode) else named))
        for sparql in props.get(SH + "sparql", ()):
            shape.sparql.extend(self._sparql(sparql.value, shape))
        return shape

    def _sparql(self, node: str, shape: Shape) -> list[SparqlConstraint]:
        props = self.g[node]
        prefixes = "".join(
            f"PREFIX {self.g[d.value][SH + 'prefix'][0].value}: <{self.g[d.value][SH + 'namespace'][0].value}>\n"
            for p in props.get(SH + "prefixes", ()) for d in self.g.get(p.value, {}).get(SH + "declare", ())
        )
        select = props[SH + "select"][0].value
        severity = SEVERITY[props[SH + "severity"][0].value] if SH + "severity" in props else "error"
        messages = {m.language or "": m.value for m in props.get(SH + "message", ())}
        out = []
        for target in shape.targets:
            # $this pre-bound to each focus node == ?this joined with the target pattern
            body = re.sub(r"\$this\b", "?this", select)
            where = re.search(r"\bWHERE\s*\{", body, re.I)
            if where is None:
                raise UnsupportedShape(f"{shape.node}: SPARQL constraint without WHERE")
            query = f"{prefixes}{body[:where.end()]} ?this a <{target}> . {body[where.end():]}"
            out.append(SparqlConstraint(shape.named, target, query, severity, messages))
        return out

    def predicates_for_sparql(self) -> frozenset[str] | None:
        """The predicates the SPARQL constraints can read (None: any, a variable predicate)."""
        found = {RDF_TYPE}
        for c in self.sparql:
            prefixes = dict(re.findall(r"PREFIX\s+(\w*):\s*<([^>]*)>", c.query))
            body = re.sub(r"PREFIX\s+\w*:\s*<[^>]*>", "", c.query)
            body = re.sub(r'"[^"]*"', "", body)
            body = body[re.search(r"\bWHERE\s*\{", body, re.I).end():]  # the patterns, not the projection
            if re.search(r"[?$]\w+\s+[?$]\w+\s+[?$<\w\"]", re.sub(r"FILTER\s*\([^)]*\)", "", body)):
                return None  # a variable in predicate position: any triple may matter
            found.update(re.findall(r"<([^>]+)>", body))
            for prefix, local in re.findall(r"\b(\w+):(\w+)", body):
                if prefix in prefixes:
                    found.add(prefixes[prefix] + local)
        return frozenset(found)


# --- evaluating SHACL Core on a record ---------------------------------------------------------

_COMPONENT = {
    "minCount": "MinCountConstraintComponent", "maxCount": "MaxCountConstraintComponent",
    "datatype": "DatatypeConstraintComponent", "class": "ClassConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent", "hasValue": "HasValueConstraintComponent",
    "node": "NodeConstraintComponent", "not": "NotConstraintComponent", "or": "OrConstraintComponent", "xone": "XoneConstraintComponent",
    "minInclusive": "MinInclusiveConstraintComponent", "maxInclusive": "MaxInclusiveConstraintComponent",
    "uniqueLang": "UniqueLangConstraintComponent", "pattern": "PatternConstraintComponent",
}


short = shorten


def _shown(v) -> str:
    return short(v.value) if isinstance(v, ox.NamedNode) else str(v)


def _well_formed(value: ox.Literal, datatype: str) -> bool:
    pattern = _LEXICAL.get(datatype)
    return pattern is None or bool(pattern.match(value.value))


def _as_number(value) -> Decimal | None:
    if isinstance(value, ox.Literal) and value.datatype.value in _NUMERIC:
        try:
            return Decimal(value.value)
        except InvalidOperation:
            return None
    return None


class Evaluator:
    def __init__(self, shapes: Shapes, context: Context) -> None:
        self.shapes = shapes
        self.context = context

    def validate(self, graph: Graph) -> list[Result]:
        results: list[Result] = []
        for subject in sorted(graph):
            for cls in sorted(o.value for o in graph[subject].get(RDF_TYPE, ())):
                for shape in self.shapes.by_target.get(cls, ()):
                    results.extend(self.node_results(shape, subject, graph))
        return results

    def conforms(self, shape: Shape, focus, graph: Graph) -> bool:
        return not self.node_results(shape, focus, graph, first_only=True)

    def node_results(self, shape: Shape, focus, graph: Graph, first_only: bool = False) -> list[Result]:
        """Results of `shape` on `focus` (a node shape; a property shape is run on its values)."""
        focus_iri = focus if isinstance(focus, str) else None
        focus_key = focus_iri if focus_iri is not None else str(focus)
        described = graph.get(focus_iri, {}) if focus_iri is not None else {}
        if shape.path is not None:
            return self._property_results(shape, focus_key, described, graph, first_only)
        focus_term = ox.NamedNode(focus) if focus_iri is not None else focus
        out = self.constraint_results(shape, focus_key, None, [focus_term], graph, first_only)
        for prop in shape.properties:
            if first_only and out:
                break
            out.extend(self._property_results(prop, focus_key, described, graph, first_only))
        return out

    def _property_results(self, shape: Shape, focus_key: str, described, graph: Graph, first_only: bool) -> list[Result]:
        """A property shape on the focus node's values of its path (`described`: the focus
        node's triples by predicate)."""
        values = described.get(shape.path)
        if not values and not shape.checks_absence:  # nothing that could be reported
            return []
        return self.constraint_results(shape, focus_key, shape.path, values or [], graph, first_only)

    def constraint_results(self, shape: Shape, focus_key: str, path, values, graph, first_only) -> list[Result]:
        """Results of the shape's own constraints; `focus_key`: the focus IRI, or the focus node
        as N-Triples."""
        out: list[Result] = []

        def result(name: str, value, message: str) -> None:
            text = shape.messages.get("en") or shape.messages.get("") or message
            out.append(Result(focus_key, path, value, "sh:" + _COMPONENT[name], shape.severity, shape.named, text))

        for name, param in shape.constraints:
            if first_only and out:
                return out
            if name == "minCount":
                if len(values) < param:
                    result(name, None, f"needs at least {param} value{'s' if param > 1 else ''}, has {len(values)}")
            elif name == "maxCount":
                if len(values) > param:
                    result(name, None, f"has {len(values)} values, at most {param} allowed")
            elif name == "hasValue":
                if not any(v == param or getattr(v, "value", None) == param for v in values):
                    result(name, None, f"lacks the value {short(param) if isinstance(param, str) else _shown(param)}")
            elif name == "uniqueLang":
                seen: dict[str, int] = {}
                for v in values:
                    if isinstance(v, ox.Literal) and v.language:
                        seen[v.language] = seen.get(v.language, 0) + 1
                for lang, count in sorted(seen.items()):
                    if count > 1:
                        result(name, None, f"has {count} values in language '{lang}', at most one allowed")
            else:
                for v in values:
                    message = self.value_problem(name, param, v, graph)
                    if message:
                        result(name, v, message)
        return out

    def value_problem(self, name: str, param, v, graph) -> str | None:
        """None when `v` satisfies the constraint, else the message (built only then)."""
        if name == "datatype":
            if isinstance(v, ox.Literal) and (
                (v.language and param == _LANG_STRING) or (not v.language and v.datatype.value == param and _well_formed(v, param))
            ):
                return None
            return f"value {_shown(v)} is not a valid {short(param)}"
        if name == "class":
            if isinstance(v, ox.NamedNode) and param in self.context.types_of(v.value, graph):
                return None
            return f"value {_shown(v)} is not a {short(param)}"
        if name == "nodeKind":
            kinds = {SH + "IRI": ox.NamedNode, SH + "Literal": ox.Literal, SH + "BlankNode": ox.BlankNode}
            return None if isinstance(v, kinds[param]) else f"value {_shown(v)} is not a {short(param)}"
        if name in ("minInclusive", "maxInclusive"):
            number = _as_number(v)
            if number is not None and (number >= param if name == "minInclusive" else number <= param):
                return None
            return f"value {_shown(v)} is {'less' if name == 'minInclusive' else 'more'} than {param}"
        if name == "pattern":  # SHACL: a blank node fails; any other value is matched as its string
            if not isinstance(v, ox.BlankNode) and param.search(v.value):
                return None
            return f"value {_shown(v)} does not match the pattern {param.pattern}"
        if name == "node":
            if self.conforms(param, self._focus(v), self._graph_for(v, graph)):
                return None
            return f"value {_shown(v)} does not conform to {short(param.node)}"
        if name == "not":
            if not self.conforms(param, self._focus(v), self._graph_for(v, graph)):
                return None
            return f"value {_shown(v)} conforms to {short(param.node)}, which it must not"
        if name == "or":
            if any(self.conforms(m, self._focus(v), self._graph_for(v, graph)) for m in param):
                return None
            return f"value {_shown(v)} conforms to none of the alternatives"
        if name == "xone":
            n = sum(self.conforms(m, self._focus(v), self._graph_for(v, graph)) for m in param)
            return None if n == 1 else f"conforms to {n} of the alternatives, exactly one required"
        raise UnsupportedShape(name)

    @staticmethod
    def _focus(v):
        return v.value if isinstance(v, ox.NamedNode) else v

    def _graph_for(self, v, graph):
        if isinstance(v, ox.NamedNode) and v.value not in graph and v.value in self.context.graph:
            return self.context.graph
        return graph


# --- SHACL-SPARQL on a store ------------------------------------------------------------------


def _canonical(term):
    """Decimals as the dumps write them ("1000.0"): stores differ in the form they return."""
    if isinstance(term, ox.Literal) and term.datatype == XSD.decimal:
        number = Decimal(term.value).normalize()
        text = format(number, "f")
        return ox.Literal(text if "." in text else text + ".0", datatype=XSD.decimal)
    return term


def run_sparql(shapes: Shapes, store: ox.Store, focus: Iterable[str] | None = None,
               progress: Progress = SILENT) -> list[Result]:
    """Results of every SPARQL constraint; `focus` restricts them to those focus nodes.
    `progress` is advanced by one for each constraint solved (from the calling thread)."""
    values = ""
    if focus is not None:
        nodes = sorted(set(focus))
        if not nodes:
            return []
        values = "VALUES ?this { " + " ".join(f"<{n}>" for n in nodes) + " } "

    def solve(c) -> tuple[list[str], list]:
        query = c.query
        if values:
            where = re.search(r"\bWHERE\s*\{", query, re.I)
            query = query[:where.end()] + values + query[where.end():]
        solutions = store.query(query)
        return [v.value for v in solutions.variables], list(solutions)

    # the store releases the interpreter while it evaluates: one thread per core
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        solved = list(counted(pool.map(solve, shapes.sparql), progress))
    out: list[Result] = []
    for c, (names, rows) in zip(shapes.sparql, solved):
        for row in rows:
            binding = {n: _canonical(row[n]) for n in names if row[n] is not None}
            text = c.messages.get("en") or c.messages.get("") or "does not conform"
            text = re.sub(r"\{[?$](\w+)\}", lambda m: binding[m.group(1)].value if m.group(1) in binding else m.group(0), text)
            path = binding.get("path")
            out.append(Result(binding["this"].value, path.value if path is not None else None, binding.get("value"),
                              "sh:SPARQLConstraintComponent", c.severity, c.shape, text))
    return out


# --- when the SPARQL rules may be checked record by record ---------------------------------------


def external_predicates(nodes: Mapping[str, Mapping[str, list]]) -> frozenset[str]:
    """Predicates that link a node of one record to a node outside it (classes, codes, other
    records), in its triples indexed by subject (nodes.by_subject)."""
    out = set()
    named = ox.NamedNode
    for s, props in nodes.items():
        resource = s.split("#", 1)[0]
        for p, objects in props.items():
            if p not in out and any(type(o) is named and o.value.split("#", 1)[0] != resource for o in objects):
                out.add(p)
    return frozenset(out)


def _patterns(query: str) -> list[tuple] | None:
    """(subject, steps, object) of every triple pattern; steps: [(predicate, inverse)]. None: unsure."""
    from rdflib import URIRef, Variable
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    def steps(p, inverse=False):
        if isinstance(p, URIRef):
            return [(str(p), inverse)]
        if isinstance(p, InvPath):
            return steps(p.arg, not inverse)
        if isinstance(p, SequencePath):
            parts = [steps(a, inverse) for a in (reversed(p.args) if inverse else p.args)]
            return None if any(x is None for x in parts) else [s for part in parts for s in part]
        if isinstance(p, (AlternativePath, MulPath)):
            inner = [steps(a, inverse) for a in (p.args if isinstance(p, AlternativePath) else [p.path])]
            if any(x is None for x in inner):
                return None
            return [("*", sorted({pred for part in inner for pred, _ in part}))]  # any of them, any number
        return None  # a variable predicate or a negated path

    found: list[tuple] = []
    unsure = False

    def walk(node) -> None:
        nonlocal unsure
        if isinstance(node, CompValue):
            if node.name == "BGP":
                triples = list(node["triples"])
            elif node.name == "TriplesBlock":  # patterns inside FILTER (NOT) EXISTS stay untranslated
                triples = [tuple(block[i:i + 3]) for block in node["triples"] for i in range(0, len(block), 3)]
            else:
                triples = []
            for s, p, o in triples:
                st = steps(p)
                if st is None:
                    unsure = True
                found.append((s, st, o))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    try:
        walk(prepareQuery(query).algebra)
    except Exception:  # a query rdflib cannot parse: do not claim anything about it
        return None
    if unsure:
        return None
    return [(s if isinstance(s, Variable) else None, st, o if isinstance(o, Variable) else None) for s, st, o in found]


def rule_is_local(query: str, external: frozenset[str]) -> bool:
    """True when every triple the rule reads has its subject in the focus node's record.

    Starting from ?this, a variable is known to be in the record when a pattern links it to a
    known one by predicates that never leave a record in this graph. A pattern whose subject is
    not known (a constant, or reached only through an external predicate) could read another
    record: then the rule is not local and must run on the whole graph.
    """
    patterns = _patterns(query)
    if patterns is None:
        return False
    known = {"this"}

    def internal(st) -> bool:
        return all((p not in external) if p != "*" else not (set(inv) & external) for p, inv in st)

    changed = True
    while changed:
        changed = False
        for s, st, o in patterns:
            if not internal(st):
                continue
            s_name, o_name = (str(s) if s is not None else None), (str(o) if o is not None else None)
            if s_name in known and o_name and o_name not in known:
                known.add(o_name)
                changed = True
            elif o_name in known and s_name and s_name not in known:
                known.add(s_name)
                changed = True
    for s, st, o in patterns:
        first_inverse = st and st[0][0] != "*" and st[0][1]
        reader = o if first_inverse else s  # the subject of the first triple the pattern reads
        if reader is None or str(reader) not in known:
            return False
        if len(st) > 1 and not internal(st):
            return False
    return True
