"""The SPARQL 1.1 Service Description `kemi-lod serve` answers at /sparql (GET, no query, RDF).

Against the real server on loopback: the description parses in every RDF format offered, names
the endpoint, the language, the result formats, the default dataset with the build's VoID
statistics, and the limits the server was started with, in terms the vocabulary defines.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from dataclasses import replace

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.compare import isomorphic

from support import REPO
from kemi_lod.commands.serve import close_server, make_server
from kemi_lod.config import load_settings

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
HANKE = rdflib.Namespace("https://w3id.org/hanke/vocab#")
FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")
XSD = rdflib.XSD
LIMITS = {"query_timeout": 2.5, "max_results": 321, "max_response_bytes": 4_000_000,
          "max_query_memory_bytes": 700_000_000, "max_query_bytes": 12_345}


def _start(root, **settings):
    server = make_server(root, replace(load_settings(REPO / "kemi-lod.yaml"), **settings), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def server(kemi_build):
    server, url = _start(kemi_build, **LIMITS)
    yield url
    server.shutdown()
    close_server(server)


def get(url: str, accept: str | None = None, host: str | None = None):
    headers = {"Accept": accept} if accept else {}
    if host:
        headers["Host"] = host
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def described(server: str, accept: str = "text/turtle", rdf_format: str = "turtle") -> rdflib.Graph:
    status, headers, body = get(server + "/sparql", accept)
    assert status == 200, body
    assert headers["Content-Type"].split(";")[0] == accept
    assert headers["Vary"] == "Accept"
    return rdflib.Graph().parse(data=body, format=rdf_format)


def test_the_description_names_the_endpoint_language_and_result_formats(server):
    g = described(server)
    (service,) = g.subjects(RDF.type, SD.Service)
    assert g.value(service, SD.endpoint) == URIRef("https://data.kemi.fi/sparql")
    assert set(g.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert set(g.objects(service, SD.resultFormat)) == {
        FORMATS[n] for n in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                             "Turtle", "JSON-LD", "N-Triples", "RDF_XML")}


def test_the_default_dataset_carries_the_builds_void_statistics(server, kemi_build):
    g = described(server)
    (service,) = g.subjects(RDF.type, SD.Service)
    dataset = g.value(service, SD.defaultDataset)
    assert (dataset, RDF.type, SD.Dataset) in g
    graph = g.value(dataset, SD.defaultGraph)
    assert (graph, RDF.type, SD.Graph) in g
    assert g.value(dataset, RDFS.seeAlso) == URIRef("https://data.kemi.fi/.well-known/void")
    void = rdflib.Graph().parse(kemi_build / ".well-known" / "void", format="turtle")
    (main,) = set(void.subjects(VOID.dataDump, None))  # the publication's dataset; the others are link targets
    for statistic in ("triples", "entities", "classes", "properties", "distinctSubjects", "distinctObjects"):
        assert g.value(graph, VOID[statistic]) == void.value(main, VOID[statistic]), statistic
    dump = rdflib.Graph().parse(kemi_build / "kemi.nt", format="nt")
    assert g.value(graph, VOID.triples).toPython() == len(dump)


def test_the_limits_are_the_servers_and_the_vocabulary_defines_their_terms(server):
    g = described(server)
    (service,) = g.subjects(RDF.type, SD.Service)
    stated = {p: o for p, o in g.predicate_objects(service) if str(p).startswith(str(HANKE))}
    assert stated == {
        HANKE.queryTimeLimit: Literal("2.5", datatype=XSD.decimal),
        HANKE.resultLimit: Literal("321", datatype=XSD.nonNegativeInteger),
        HANKE.responseSizeLimit: Literal("4000000", datatype=XSD.nonNegativeInteger),
        HANKE.queryMemoryLimit: Literal("700000000", datatype=XSD.nonNegativeInteger),
        HANKE.queryLengthLimit: Literal("12345", datatype=XSD.nonNegativeInteger),
    }
    ontology = rdflib.Graph().parse(REPO / "ontology" / "hanke.ttl")
    for term in stated:
        assert (term, RDFS.domain, SD.Service) in ontology
        assert sorted(label.language for label in ontology.objects(term, RDFS.label)) == ["en", "fi"]
        assert sorted(c.language for c in ontology.objects(term, RDFS.comment)) == ["en", "fi"]


@pytest.mark.parametrize("accept, rdf_format", [("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
                                                ("application/rdf+xml", "xml")])
def test_every_rdf_format_offered_says_the_same(server, accept, rdf_format):
    assert isomorphic(described(server, accept, rdf_format), described(server))


def test_a_browser_gets_the_query_page_and_a_results_type_without_query_a_clear_error(server):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for accept in (browser, None, "*/*"):
        status, headers, body = get(server + "/sparql", accept)
        assert status == 200 and headers["Content-Type"].startswith("text/html"), accept
    status, headers, body = get(server + "/sparql?format=ttl")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert (None, RDF.type, SD.Service) in rdflib.Graph().parse(data=body, format="turtle")
    status, _, body = get(server + "/sparql", "application/sparql-results+json")
    assert (status, body) == (400, b"give a SPARQL query as the 'query' parameter")


def test_the_host_header_never_names_the_service(server):
    """A shared cache must not be able to keep a description naming another server."""
    status, _, body = get(server + "/sparql", "text/turtle", host="attacker.example")
    assert status == 200 and b"attacker" not in body


def test_the_endpoint_setting_names_the_service(kemi_build):
    server, url = _start(kemi_build, endpoint="https://sparql.example.org/kemi")
    try:
        g = described(url)
    finally:
        server.shutdown()
        close_server(server)
    (service,) = g.subjects(RDF.type, SD.Service)
    assert g.value(service, SD.endpoint) == URIRef("https://sparql.example.org/kemi")
