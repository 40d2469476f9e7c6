"""Every file format and media type the tool writes or negotiates, in one table.

The build's files, the server's answers, the hosting configuration, the catalogue's
distributions and the site's links all look their media types up here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class FileType:
    extension: str  # without the dot
    media_type: str
    label: str
    charset: bool = False  # a text type served with "; charset=utf-8"
    rdf: ox.RdfFormat | None = None
    eu_file_type: str | None = None  # its code in the EU file-type list (the catalogue's dct:format)

    @property
    def content_type(self) -> str:
        """The Content-Type header a server sends for it."""
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type


HTML = FileType("html", "text/html", "HTML", charset=True, eu_file_type="HTML")
TURTLE = FileType("ttl", "text/turtle", "Turtle", charset=True, rdf=ox.RdfFormat.TURTLE, eu_file_type="RDF_TURTLE")
JSON_LD = FileType("jsonld", "application/ld+json", "JSON-LD", rdf=ox.RdfFormat.JSON_LD, eu_file_type="JSON_LD")
N_TRIPLES = FileType("nt", "application/n-triples", "N-Triples", rdf=ox.RdfFormat.N_TRIPLES, eu_file_type="RDF_N_TRIPLES")
RDF_XML = FileType("rdf", "application/rdf+xml", "RDF/XML", rdf=ox.RdfFormat.RDF_XML)
CSV = FileType("csv", "text/csv", "CSV", charset=True, eu_file_type="CSV")
JSON = FileType("json", "application/json", "JSON", eu_file_type="JSON")
CSS = FileType("css", "text/css", "CSS", charset=True)
JAVASCRIPT = FileType("js", "text/javascript", "JavaScript", charset=True)
SVG = FileType("svg", "image/svg+xml", "SVG", charset=True)  # the charts (site/charts.py)
SPARQL_QUERY = FileType("rq", "application/sparql-query", "SPARQL")
PLAIN = FileType("conf", "text/plain", "text", charset=True)  # the web-server snippets under hosting/
TEXT = FileType("txt", "text/plain", "text", charset=True)  # robots.txt
SITEMAP = FileType("xml", "application/xml", "XML", charset=True)  # sitemap.xml
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", eu_file_type="XLSX")

# The files of a build, by extension (what a static server must send them as).
FILE_TYPES: dict[str, FileType] = {t.extension: t for t in (HTML, TURTLE, JSON_LD, N_TRIPLES, CSV, JSON, CSS, JAVASCRIPT,
                                                             SVG, SPARQL_QUERY, PLAIN, TEXT, SITEMAP, XLSX)}
# A resource's representations: its page and its description in each RDF format, in the order
# a server prefers them when the client has no preference.
DOCUMENTS: tuple[FileType, ...] = (HTML, TURTLE, JSON_LD, N_TRIPLES)
DESCRIPTIONS: tuple[FileType, ...] = (TURTLE, JSON_LD, N_TRIPLES)
# What a SPARQL CONSTRUCT or DESCRIBE can be answered in.
GRAPH_TYPES: tuple[FileType, ...] = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
# SPARQL 1.1 query results (rdf/results.py writes them)
SPARQL_JSON = FileType("srj", "application/sparql-results+json", "SPARQL JSON results")
SPARQL_XML = FileType("srx", "application/sparql-results+xml", "SPARQL XML results")
TSV = FileType("tsv", "text/tab-separated-values", "TSV", charset=True)
XML = "application/xml"  # what some clients ask for instead of SPARQL XML results
OCTET_STREAM = "application/octet-stream"
FORM = "application/x-www-form-urlencoded"  # an HTML form's body, and the SPARQL protocol's POST
SPARQL_UPDATE = "application/sparql-update"
PLAIN_TEXT = PLAIN.content_type
# What a resource IRI is negotiated among (media type -> the document answered), in the order
# that breaks ties: by `kemi-lod serve`, the nginx script and the Apache type maps alike. A page
# is HTML only (Apache would send an XHTML variant as XML; every browser accepts text/html).
NEGOTIATED: dict[str, FileType] = {t.media_type: t for t in DOCUMENTS}


def file_type(name: str) -> FileType | None:
    """The type of a file by its extension (None: unknown)."""
    return FILE_TYPES.get(name.rsplit(".", 1)[-1]) if "." in name.rsplit("/", 1)[-1] else None
