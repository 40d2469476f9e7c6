"""The SPARQL 1.1 Service Description `kemi-lod serve` answers at /sparql.

A GET of the endpoint without a query, asking for RDF, gets what a client needs to use it: the
endpoint, the query language, the result formats, the default dataset with the build's VoID
statistics, and the limits one query may take. SPARQL-SD has no terms for limits; they are
stated with the hanke vocabulary's (`hanke:queryTimeLimit`, `hanke:resultLimit`, ...).

The service is named by the publication's public address (the `endpoint` setting, else
`sparql` under the base IRI), never by the request's Host header, so a shared cache cannot be
made to hand others a description naming someone else's server.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from kemi_lod.commands.serve.endpoint import Limits
from kemi_lod.config import Settings
from kemi_lod.rdf import formats
from kemi_lod.vocabulary.terms import HANKE, RDF, RDFS, XSD, ClosedNamespace

SD = ClosedNamespace(
    "http://www.w3.org/ns/sparql-service-description#",
    "Service Dataset Graph endpoint supportedLanguage SPARQL11Query resultFormat defaultDataset defaultGraph",
)
VOID = ClosedNamespace(
    "http://rdfs.org/ns/void#",
    "Dataset dataDump triples entities classes properties distinctSubjects distinctObjects",
)
VOID_FILE = ".well-known/void"
# The statistics of the build's VoID description copied onto the default graph.
_STATISTICS = (VOID.triples, VOID.entities, VOID.classes, VOID.properties, VOID.distinctSubjects, VOID.distinctObjects)
# W3C's IRIs for the formats the endpoint answers in (https://www.w3.org/ns/formats/)
_FORMAT_IRIS = {
    formats.SPARQL_JSON: "SPARQL_Results_JSON", formats.SPARQL_XML: "SPARQL_Results_XML",
    formats.CSV: "SPARQL_Results_CSV", formats.TSV: "SPARQL_Results_TSV",
    formats.TURTLE: "Turtle", formats.JSON_LD: "JSON-LD", formats.N_TRIPLES: "N-Triples", formats.RDF_XML: "RDF_XML",
}


def endpoint_iri(settings: Settings) -> str:
    """The public address of the publication's endpoint."""
    return settings.endpoint or f"{settings.base_iri}sparql"


def service_description(settings: Settings, root: Path) -> list[ox.Triple]:
    """The description of the endpoint serving the build at `root` (its VoID file read for the
    statistics; without one, the dataset is described without them)."""
    endpoint = endpoint_iri(settings)
    service, dataset, graph = (ox.NamedNode(f"{endpoint}#{name}") for name in ("service", "dataset", "default-graph"))
    limits = Limits.of(settings)
    triples = [
        ox.Triple(service, RDF.type, SD.Service),
        ox.Triple(service, SD.endpoint, ox.NamedNode(endpoint)),
        ox.Triple(service, SD.supportedLanguage, SD.SPARQL11Query),
        *(ox.Triple(service, SD.resultFormat, ox.NamedNode(f"http://www.w3.org/ns/formats/{name}"))
          for name in _FORMAT_IRIS.values()),
        ox.Triple(service, SD.defaultDataset, dataset),
        ox.Triple(dataset, RDF.type, SD.Dataset),
        ox.Triple(dataset, SD.defaultGraph, graph),
        ox.Triple(graph, RDF.type, SD.Graph),
        ox.Triple(service, HANKE.queryTimeLimit, ox.Literal(str(Decimal(str(limits.timeout))), datatype=XSD.decimal)),
        *(ox.Triple(service, term, ox.Literal(str(value), datatype=XSD.nonNegativeInteger)) for term, value in (
            (HANKE.resultLimit, limits.results), (HANKE.responseSizeLimit, limits.response_bytes),
            (HANKE.queryMemoryLimit, limits.memory_bytes), (HANKE.queryLengthLimit, settings.max_query_bytes))),
    ]
    void = root / VOID_FILE
    if void.is_file():
        triples.append(ox.Triple(dataset, RDFS.seeAlso, ox.NamedNode(settings.base_iri + VOID_FILE)))
        triples += [ox.Triple(graph, p, o) for p, o in _statistics(void)]
    return triples


def _statistics(void: Path) -> list[tuple[ox.NamedNode, ox.Literal]]:
    """The VoID statistics of the publication's dataset (the one with dumps; the others are the
    targets of its links)."""
    parsed = list(ox.parse(path=str(void), format=ox.RdfFormat.TURTLE))
    main = {t.subject for t in parsed if t.predicate == VOID.dataDump}
    return sorted(((t.predicate, t.object) for t in parsed if t.subject in main and t.predicate in _STATISTICS),
                  key=lambda po: po[0].value)
