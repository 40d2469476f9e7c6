"""The resources' JSON-LD in plain terms (issue 27): framed around the resource, and exactly the
triples of its Turtle, as two independent JSON-LD processors read it: pyld (Python) and
jsonld.js (JavaScript, from npm; JSONLD_JS names the package's folder, `.ci/run` installs it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from support import REPO

CONTEXT = "ontology/releases/{version}/hanke-context.jsonld"
BASE = "https://data.kemi.fi/"


def _version() -> str:
    from kemi_lod.vocabulary.files import ontology_version

    return ontology_version()


def _context_url() -> str:
    return BASE + CONTEXT.format(version=_version())


def _documents(build: Path) -> list[Path]:
    found = sorted(p for p in build.glob("id/*/*.jsonld") if p.name != "index.jsonld")  # each resource's
    assert len(found) > 100
    return found


def _triples(data: bytes, fmt) -> set[str]:
    return {str(q.triple) for q in ox.parse(data, format=fmt)}


def _turtle(document: Path) -> set[str]:
    return _triples(document.with_suffix(".ttl").read_bytes(), ox.RdfFormat.TURTLE)


def test_a_project_reads_in_plain_terms(kemi_build):
    doc = json.loads((kemi_build / "id/project/kaupunkiviljely.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == _context_url()
    assert doc["id"] == f"{BASE}id/project/kaupunkiviljely"
    assert doc["title"]["fi"] == "Ympärivuotinen kaupunkiviljely ja lähiruoan tuottaminen Kemissä"
    assert doc["period"]["start"] == "2020-01-01" and doc["period"]["end"] == "2022-06-30"
    # the contributions nested, each with its amount, currency, status and funder or fund
    funding = {f["id"].rsplit("#", 1)[1]: f for f in doc["funding"]}
    assert sorted(funding) == ["funding-1", "funding-2", "funding-3"]
    amount = funding["funding-1"]["amount"][0]
    assert (amount["value"], amount["currency"], amount["status"]["label"]["en"]) == ("359904.0", "EUR", "planned")
    assert funding["funding-1"]["fund"][0]["label"]["fi"] == "Euroopan aluekehitysrahasto"
    city = funding["funding-3"]
    assert city["funder"][0] == {"id": f"{BASE}id/org/kemin-kaupunki", "type": ["Organization"],
                                 "label": {"en": "City of Kemi", "fi": "Kemin kaupunki"}}
    assert city["amount"][0]["year"] == 2020  # a year is a number
    assert city["isPartOf"] == {"id": funding["funding-2"]["id"]}  # nested once, referred to elsewhere
    # contacts, sources and the department as linked resources: id, type, label
    contact = doc["contact"][0]
    assert contact["role"]["label"]["fi"] and contact["agent"]["type"] == ["Person"] and contact["agent"]["label"]["@none"]
    assert {s["label"]["fi"] for s in doc["source"]} == {"Elinvoimahankkeet", "Hankeluettelo"}
    assert doc["department"]["type"] == ["Organization", "OrganizationalUnit"] and doc["department"]["label"]["fi"]
    assert doc["citation"][0]["firstLine"] == 7 and doc["fundingComplete"] is True
    assert doc["earlierValue"][0]["ofProperty"] == "staffing"


def test_no_document_falls_back_to_prefixed_names(kemi_build):
    """Every property of the repository's data has a plain term that fits its values: no
    `prefix:name` key, no value object in any document (only classes without a term, such as
    schema:Project beside Project, keep a prefixed name)."""
    def keys(node, found):
        if isinstance(node, dict):
            found.update(k for k in node if ":" in k or k in ("@value", "@type", "@language"))
            for v in node.values():
                keys(v, found)
        elif isinstance(node, list):
            for v in node:
                keys(v, found)
        return found

    assert {d.name: k for d in _documents(kemi_build) if (k := keys(json.loads(d.read_bytes()), set()))} == {}


def _pyld_triples(document: Path, context: dict) -> set[str]:
    from pyld import jsonld

    def loader(url, options=None):
        assert url == _context_url(), f"{document.name} loads {url}"
        return {"contextUrl": None, "documentUrl": url, "document": context}

    nquads = jsonld.to_rdf(json.loads(document.read_bytes()), {"format": "application/n-quads", "documentLoader": loader})
    return _triples(nquads.encode(), ox.RdfFormat.N_QUADS)


def test_every_document_expands_to_its_turtle_in_pyld(kemi_build):
    context = json.loads((kemi_build / CONTEXT.format(version=_version())).read_bytes())
    wrong = [d.name for d in _documents(kemi_build) if _pyld_triples(d, context) != _turtle(d)]
    assert wrong == []


JSONLD_JS_SCRIPT = r"""
const jsonld = require(process.env.JSONLD_JS);
const fs = require('fs');
const [contextUrl, contextFile, ...docs] = process.argv.slice(2);
const context = JSON.parse(fs.readFileSync(contextFile, 'utf8'));
const documentLoader = async (url) => {
  if (url !== contextUrl) throw new Error('no network in the test: ' + url);
  return {contextUrl: null, documentUrl: url, document: context};
};
(async () => {
  const out = {};
  for (const f of docs) {
    out[f] = await jsonld.toRDF(JSON.parse(fs.readFileSync(f, 'utf8')), {format: 'application/n-quads', documentLoader});
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
"""


@pytest.fixture(scope="module")
def jsonld_js(tmp_path_factory) -> Path:
    folder = os.environ.get("JSONLD_JS")
    node = shutil.which("node")
    if not folder or not Path(folder, "package.json").is_file() or not node:
        reason = "set JSONLD_JS to the folder of npm's jsonld package (npm install jsonld; .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    script = tmp_path_factory.mktemp("jsonld-js") / "expand.js"
    script.write_text(JSONLD_JS_SCRIPT, encoding="utf-8")
    return script


def test_every_document_expands_to_its_turtle_in_jsonld_js(kemi_build, jsonld_js):
    documents = _documents(kemi_build)
    context = kemi_build / CONTEXT.format(version=_version())
    run = subprocess.run(["node", str(jsonld_js), _context_url(), str(context), *map(str, documents)],
                         capture_output=True, text=True, timeout=300, env={**os.environ})
    assert run.returncode == 0, run.stderr
    expanded = json.loads(run.stdout)
    assert len(expanded) == len(documents)
    wrong = [d.name for d in documents if _triples(expanded[str(d)].encode(), ox.RdfFormat.N_QUADS) != _turtle(d)]
    assert wrong == []


def test_the_context_is_published_where_the_documents_name_it(kemi_build):
    source = (REPO / "ontology" / "hanke-context.jsonld").read_bytes()
    assert (kemi_build / "ontology" / "hanke-context.jsonld").read_bytes() == source  # the current one
    assert (kemi_build / CONTEXT.format(version=_version())).read_bytes() == source  # this release's
    context = json.loads(source)["@context"]
    assert context["@version"] == 1.1
    for term in ("title", "description", "funding", "funder", "amount", "currency", "status", "period", "start", "end"):
        assert term in context, term
    assert context["title"] == {"@id": "dct:title", "@container": "@language"}
    assert context["funder"]["@type"] == "@id" and context["funder"]["@context"] == {"type": None, "label": None}
    assert context["value"]["@type"] == "xsd:decimal" and context["start"]["@type"] == "xsd:date"


def test_every_term_names_a_term_of_the_vocabulary_or_of_a_reused_one():
    """The context's IRIs are the vocabulary's own terms (defined in hanke.ttl) or terms of the
    vocabularies it reuses; each property term is used by some record or defined by the vocabulary."""
    from kemi_lod.vocabulary.context import Context
    from kemi_lod.vocabulary.files import context_file, ontology_triples
    from kemi_lod.vocabulary.terms import HANKE_IRI

    context = Context.read(json.loads(context_file().data), "x")
    defined = {t.subject.value for t in ontology_triples()}
    own = [t.iri for t in context.terms if t.iri.startswith(HANKE_IRI)] + \
        [c for c in context.class_terms if c.startswith(HANKE_IRI)]
    assert [iri for iri in own if iri not in defined] == []
    names = [t.name for t in context.terms] + list(context.class_terms.values())
    assert len(names) == len(set(names))


# --- the framing itself, on triples made for it -----------------------------------------------


def _framed(triples, linked=lambda iri: None):
    """The document framed around P, checked: pyld reads exactly `triples` from it."""
    from pyld import jsonld

    from kemi_lod.rdf.framing import frame
    from kemi_lod.vocabulary.context import Context
    from kemi_lod.vocabulary.files import context_file

    context = json.loads(context_file().data)
    doc = frame(triples, P, Context.read(context, "ctx"), linked)
    expanded = jsonld.to_rdf(json.loads(json.dumps({**doc, "@context": context["@context"]})), {"format": "application/n-quads"})
    got = {str(q.triple) for q in ox.parse(expanded.encode(), format=ox.RdfFormat.N_QUADS)}
    want = {str(ox.Triple(t.subject, t.predicate, t.object)) for t in triples}
    assert got == want
    return doc


def _t(s, p, o):
    return ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o)


P, H = "https://x.test/id/project/p", "https://w3id.org/hanke/vocab#"
DCT, DCAT, XSD = "http://purl.org/dc/terms/", "http://www.w3.org/ns/dcat#", "http://www.w3.org/2001/XMLSchema#"


def test_values_no_term_fits_keep_their_datatype_and_unreached_nodes_are_included():
    triples = [
        _t(P, f"{DCT}title", ox.Literal("Nimi", language="fi")),
        _t(P, f"{DCT}title", ox.Literal("Toinen", language="fi")),
        _t(P, f"{DCT}temporal", ox.NamedNode(P + "#period")),
        _t(P + "#period", f"{DCAT}startDate", ox.Literal("2020", datatype=ox.NamedNode(f"{XSD}gYear"))),
        _t(P + "#period", f"{DCAT}endDate", ox.Literal("2021-05-01T00:00:00", datatype=ox.NamedNode(f"{XSD}dateTime"))),
        _t(P, f"{DCT}identifier", ox.Literal("p", datatype=ox.NamedNode(f"{XSD}token"))),
        _t(P, f"{H}headcount", ox.Literal("2.50", datatype=ox.NamedNode(f"{XSD}decimal"))),
        _t(P + "#lonely", f"{H}note", ox.Literal("yksin", language="fi")),
        _t(P, "https://example.org/unknown", ox.Literal("?")),
    ]
    doc = _framed(triples)
    assert doc["title"] == {"fi": ["Nimi", "Toinen"]}
    assert doc["period"]["startYear"] == 2020  # the term for a year
    assert doc["period"]["dcat:endDate"] == {"@value": "2021-05-01T00:00:00", "@type": "xsd:dateTime"}  # no term fits
    assert doc["dct:identifier"] == {"@value": "p", "@type": "xsd:token"}
    assert doc["headcount"] == "2.50"  # decimals as their exact text
    assert doc["https://example.org/unknown"] == {"@value": "?"}
    assert doc["@included"] == [{"id": P + "#lonely", "note": {"fi": "yksin"}}]


def test_a_node_is_nested_under_its_nearest_referrer_once():
    a, b = P + "#funding-1", P + "#funding-2"
    triples = [
        _t(P, "https://schema.org/funding", ox.NamedNode(a)),
        _t(P, "https://schema.org/funding", ox.NamedNode(b)),
        _t(b, f"{DCT}isPartOf", ox.NamedNode(a)),
        _t(a, f"{H}citation", ox.NamedNode(P + "#c")),
        _t(b, f"{H}citation", ox.NamedNode(P + "#c")),
        _t(P + "#c", f"{H}firstLine", ox.Literal("10", datatype=ox.NamedNode(f"{XSD}positiveInteger"))),
        _t(P + "#c", f"{H}lastLine", ox.Literal("010", datatype=ox.NamedNode(f"{XSD}positiveInteger"))),
    ]
    doc = _framed(triples, lambda iri: None)
    first, second = doc["funding"]
    assert first["citation"] == [{"id": P + "#c", "firstLine": 10, "lastLine": "010"}]  # not canonical: its text
    assert second["citation"] == [P + "#c"] and second["isPartOf"] == {"id": a}


def test_linked_resources_carry_their_labels_outside_the_triples():
    org = "https://x.test/id/org/o"
    doc = _framed([_t(P, f"{H}department", ox.NamedNode(org))],
                  lambda iri: (["http://www.w3.org/ns/org#OrganizationalUnit"], {"fi": ["Toimiala"]}))
    assert doc["department"] == {"id": org, "type": ["OrganizationalUnit"], "label": {"fi": "Toimiala"}}


def test_a_kind_s_framed_documents_in_one_file_expand_to_all_their_triples(kemi_build):
    """`id/<kind>/index.jsonld`: each resource's node object under one context, in IRI order."""
    context = json.loads((kemi_build / CONTEXT.format(version=_version())).read_bytes())
    for kind in ("project", "org", "programme", "place", "source"):
        bundle = kemi_build / "id" / kind / "index.jsonld"
        doc = json.loads(bundle.read_bytes())
        documents = sorted((kemi_build / "id" / kind).glob("*.jsonld"))
        documents.remove(bundle)
        assert doc["@context"] == _context_url() and [n["id"] for n in doc["@graph"]] == sorted(n["id"] for n in doc["@graph"])
        assert len(doc["@graph"]) == len(documents) == json.loads((kemi_build / "id" / kind / "index.json").read_bytes())["count"]
        assert _pyld_triples(bundle, context) == set().union(*(_turtle(d) for d in documents)), kind


def test_a_node_referred_to_by_a_link_term_too_is_nested_once_under_the_nesting_term():
    """A link term's scoped context drops `type` and `label`: a node of the record is never
    nested under one, and never twice (checked by expansion in `_framed`)."""
    history, value = P + "#history-1", P + "#history-1-staffing"
    triples = [
        _t(P, f"{H}earlierValue", ox.NamedNode(history)),
        _t(history, f"{DCT}isPartOf", ox.NamedNode(value)),  # a link term, first in the record's order
        _t(history, f"{H}value", ox.NamedNode(value)),  # the nesting term
        _t(value, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode(f"{H}Staffing")),
        _t(value, "http://www.w3.org/2004/02/skos/core#prefLabel", ox.Literal("nimi", language="fi")),
    ]
    doc = _framed(triples)
    earlier = doc["earlierValue"][0]
    assert earlier["isPartOf"] == {"id": value}
    assert earlier["valueNode"] == {"id": value, "type": ["Staffing"], "label": {"fi": "nimi"}}


def test_blank_nodes_and_terms_by_name_expand_as_they_were():
    triples = [
        ox.Triple(ox.NamedNode(P), ox.NamedNode(f"{H}earlierValue"), ox.BlankNode("b0")),
        ox.Triple(ox.BlankNode("b0"), ox.NamedNode(f"{H}ofProperty"), ox.NamedNode(f"{H}staffing")),
        ox.Triple(ox.BlankNode("b0"), ox.NamedNode(f"{H}ofProperty"), ox.NamedNode("https://example.org/other")),
        _t(P, f"{H}fundingComplete", ox.Literal("1", datatype=ox.NamedNode(f"{XSD}boolean"))),  # not canonical: text
        _t(P, f"{H}ongoing", ox.Literal("true", datatype=ox.NamedNode(f"{XSD}boolean"))),
        _t(P, f"{H}year", ox.Literal("0999", datatype=ox.NamedNode(f"{XSD}gYear"))),
    ]
    doc = _framed(triples)
    assert doc["earlierValue"][0]["ofProperty"] == ["staffing", "https://example.org/other"]
    assert (doc["fundingComplete"], doc["ongoing"], doc["year"]) == ("1", True, "0999")


def test_the_documentation_lists_every_term_of_the_context():
    """docs/json.md's table of terms is the context's: each term with its IRI, in its order."""
    import re

    from kemi_lod.vocabulary.context import Context
    from kemi_lod.vocabulary.files import context_file

    context = Context.read(json.loads(context_file().data), "x")
    table = re.findall(r"^\| `([A-Za-z]+)` \| `([^`]+)` \|", (REPO / "docs" / "json.md").read_text(encoding="utf-8"), re.M)
    assert table == [(t.name, context.compact_iri(t.iri)) for t in context.terms]
