"""The built graph and the written files -> the DCAT-AP catalogue and the VoID description.

Everything comes from the settings (`kemi-lod.yaml`), from the built graph (queried with
SPARQL on an oxigraph store of the dump just written) and from the files of the build itself:
byte sizes and checksums are those of the bytes on disk. The catalogue is written last, so
every file it describes is complete.

Two catalogues are written: `catalog.ttl` (and `.jsonld`) for DCAT-AP 3.0.1, and
`catalog-avoindata.ttl` for the avoindata.fi harvester, whose shapes derive from DCAT-AP 2
and want `dcat:byteSize` as `xsd:decimal` and SHA-1 checksums. Nothing else differs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.records.fields import Text
from kemi_lod.rdf.graphstats import GraphFacts
from kemi_lod.outputs.sheets import listed_files
from kemi_lod.outputs.files import Reuse, Written
from kemi_lod.outputs.void import CATALOG, VOID_FILE, Graph, licence_node, void_triples
from kemi_lod.rdf.formats import FILE_TYPES
from kemi_lod.rdf.serialize import jsonld_document, sort_triples
from kemi_lod.sparql.queries import select_rows
from kemi_lod.vocabulary.files import ontology_triples, ontology_version, shapes_triples, version_iri
from kemi_lod.vocabulary.terms import (
    ADMS_LICENCE_TYPE, ADMS_LICENCE_TYPE_LABELS, ADMS_PUBLISHER_TYPE, CATALOG_PREFIXES, LICENCE_TYPES, DATA_THEMES, DCAT_AP, DCATAP, DCT_AP,
    FOAF_AP, IANA_MEDIA_TYPES, LANGUAGE_AUTHORITY, LICENCE_AUTHORITY,
    ONTOLOGY_IRI, OWL, PUBLISHER_TYPES, RDF, RDFS, RDFS_AP, SKOS_AP, SPDX, VCARD, XSD_AP,
    authority, authority_table, licence_key,
)

CATALOG_JSONLD = "catalog.jsonld"
CATALOG_AVOINDATA = "catalog-avoindata.ttl"
WELL_KNOWN_VOID = ".well-known/void"
SHAPES_IRI = "https://w3id.org/hanke/shapes"
# The publication's public SPARQL endpoint (setting `endpoint`), described as a dcat:DataService.
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
SPARQL_PROTOCOL_TITLE = Text((("en", "SPARQL 1.1 Protocol"),))
ENDPOINT_TITLE = {"fi": "{title}: SPARQL-rajapinta", "en": "{title}: SPARQL endpoint"}
ENDPOINT_DESCRIPTION = Text((
    ("en", "A read-only SPARQL 1.1 endpoint on the whole graph: the same triples as the dumps."),
    ("fi", "Vain luettava SPARQL 1.1 -rajapinta koko graafiin: samat kolmikot kuin tiedostoissa."),
))


@dataclass(frozen=True)
class Profile:
    """What a catalogue's target profile wants for byte sizes and checksums."""

    byte_size: ox.NamedNode
    algorithm: ox.NamedNode
    hash_name: str


DCAT_AP_3 = Profile(XSD_AP.nonNegativeInteger, SPDX.checksumAlgorithm_sha256, "sha256")
AVOINDATA = Profile(XSD_AP.decimal, SPDX.checksumAlgorithm_sha1, "sha1")


@dataclass(frozen=True)
class FileFacts:
    """A file of the build as written: its path under the web root, size and digests."""

    path: str
    size: int
    digests: dict[str, str]

    @property
    def extension(self) -> str:
        return self.path.rsplit(".", 1)[-1]


def file_facts(out: Path, path: str) -> FileFacts:
    """Size and digests of the bytes actually on disk."""
    hashes = {"sha1": hashlib.sha1(), "sha256": hashlib.sha256()}
    size = 0
    with open(out / path, "rb") as handle:
        while block := handle.read(1 << 20):
            size += len(block)
            for h in hashes.values():
                h.update(block)
    return FileFacts(path, size, {name: h.hexdigest() for name, h in hashes.items()})


def source_date_epoch(environ: dict[str, str] | None = None) -> dt.date | None:
    """The reproducible-builds date (SOURCE_DATE_EPOCH), if set to a valid number."""
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).date()


# --- what the built graph says ----------------------------------------------------------------


def distinct_objects(store: ox.Store) -> int:
    """The one figure of the description that records share (the rest is added up from the
    records by graphstats.combine), counted on the store of the whole graph."""
    objects = select_rows(store, "SELECT (COUNT(DISTINCT ?o) AS ?objects) WHERE { ?s ?p ?o }")[0]
    return int(objects["objects"].value)


# --- the catalogue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """A file described in the catalogue."""

    slug: str  # its name in the catalogue's IRIs
    file: FileFacts
    title: Text
    description: Text
    conforms_to: ox.NamedNode | None
    licence_iri: str  # as configured or stated; the catalogue gives its EU authority IRI
    served: bool = False  # its triples are also served by the SPARQL endpoint (dcat:accessService)


FORMAT_NAMES = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "csv": "CSV", "html": "HTML"}
DUMP_DESCRIPTION = Text((
    ("en", "The whole graph as {format}; the three RDF dumps hold the same triples."),
    ("fi", "Koko graafi {format}-muodossa; kolme RDF-tiedostoa sisältävät samat kolmikot."),
))
# a distribution's rights statement (dct:rights), beside its licence
RIGHTS = Text((
    ("en", "Open data: anyone may access it without restriction, and use it on the terms of the licence {licence}."),
    ("fi", "Avointa dataa: kuka tahansa saa käyttää sitä rajoituksetta lisenssin {licence} ehdoin."),
))
ATTRIBUTION = Text((
    ("en", " Name the source: {publisher}."),
    ("fi", " Lähde on mainittava: {publisher}."),
))
TOOLFILE_DESCRIPTION = Text((
    ("en", "{name} as {format}."),
    ("fi", "{name} ({format})."),
))


def _fill(text: Text, **values: str) -> Text:
    return Text(tuple((lang, s.format(**values)) for lang, s in text.items))


def _suffixed(text: Text, suffix: str) -> Text:
    return Text(tuple((lang, f"{s} ({suffix})") for lang, s in text.items))


@dataclass(frozen=True)
class Described:
    """A dataset of the catalogue: the project data, the vocabulary or the shapes."""

    slug: str
    title: Text
    description: Text
    distributions: tuple[Distribution, ...]
    landing_page: str | None = None
    keywords: tuple[Text, ...] | None = None  # None: the configured keywords


def _ontology_header(triples: Sequence[ox.Triple], subject: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for t in triples:
        if t.subject.value == subject:
            out.setdefault(t.predicate.value, []).append(t.object)
    return out


def _text_of(header: dict[str, list], *predicates: ox.NamedNode) -> Text | None:
    for p in predicates:
        literals = sorted((o.language or "", o.value) for o in header.get(p.value, []) if isinstance(o, ox.Literal))
        if literals:
            return Text(tuple(literals))
    return None


class CatalogBuilder:
    """Builds the catalogue graph for one profile."""

    def __init__(self, settings: Settings, facts: GraphFacts, modified: ox.Literal | None, profile: Profile) -> None:
        self.s = settings
        self.facts = facts
        self.modified = modified
        # when the data was first published (the setting), else its last change: the catalogue's,
        # each dataset's and each distribution's dct:issued
        self.issued = ox.Literal(settings.issued.earliest().isoformat(), datatype=XSD_AP.date) if settings.issued else modified
        self.profile = profile
        self.g = Graph()
        self.base = f"{settings.base_iri}{CATALOG}#"
        self.service = self.iri("sparql-endpoint") if settings.endpoint else None

    def iri(self, local: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + local)

    def url(self, path: str) -> ox.NamedNode:
        return ox.NamedNode(self.s.base_iri + path)

    def build(self, datasets: Sequence[Described]) -> list[ox.Triple]:
        s, g = self.s, self.g
        catalog = self.iri("catalog")
        g.add(catalog, RDF.type, DCAT_AP.Catalog)
        g.texts(catalog, DCT_AP.title, s.catalogue_title or s.title)
        g.texts(catalog, DCT_AP.description, s.catalogue_description or s.description)
        g.add(catalog, DCT_AP.publisher, self.publisher())
        g.add(catalog, FOAF_AP.homepage, self.document(s.homepage or s.base_iri))
        g.add(catalog, DCT_AP.license, self.licence(s.licence))
        g.add(catalog, DCAT_AP.themeTaxonomy, self.theme_scheme())
        self.common(catalog)
        for d in datasets:
            g.add(catalog, DCAT_AP.dataset, self.dataset(d))
        if self.service is not None:
            g.add(catalog, DCAT_AP.service, self.data_service(self.iri("dataset")))
        return sort_triples(g.triples)

    def data_service(self, dataset: ox.NamedNode) -> ox.NamedNode:
        """The public SPARQL endpoint serving the project data (setting `endpoint`)."""
        s, g, node = self.s, self.g, self.service
        g.add(node, RDF.type, DCAT_AP.DataService)
        g.texts(node, DCT_AP.title, [ox.Literal(ENDPOINT_TITLE.get(lang, ENDPOINT_TITLE["en"]).format(title=text), language=lang)
                                     for lang, text in s.title.items])
        g.texts(node, DCT_AP.description, ENDPOINT_DESCRIPTION)
        g.add(node, DCAT_AP.endpointURL, ox.NamedNode(s.endpoint))
        # by default the endpoint itself: a GET without a query answers with its SPARQL 1.1
        # service description (kemi-lod serve does, as the SPARQL-SD recommendation asks)
        g.add(node, DCAT_AP.endpointDescription, ox.NamedNode(s.endpoint_description or s.endpoint))
        g.add(node, DCAT_AP.servesDataset, dataset)
        g.add(node, DCT_AP.conformsTo, self.standard(SPARQL_PROTOCOL, SPARQL_PROTOCOL_TITLE))
        g.add(node, DCT_AP.license, self.licence(s.licence))
        g.add(node, DCT_AP.publisher, self.publisher())
        g.add(node, DCAT_AP.contactPoint, self.contact_point())
        for code in s.themes:
            g.add(node, DCAT_AP.theme, authority("data-theme", code))
        for keyword in s.keywords:
            g.texts(node, DCAT_AP.keyword, keyword)
        return node

    def common(self, subject: ox.NamedNode, spatial: bool = True) -> None:
        """Language, spatial coverage and dates: the catalogue's and each dataset's."""
        for lang in self.s.languages:
            language = authority("language", LANGUAGE_AUTHORITY[lang])
            self.g.add(subject, DCT_AP.language, language)
            self.g.add(language, RDF.type, DCT_AP.LinguisticSystem)
        if spatial and self.s.spatial.iri:
            place = ox.NamedNode(self.s.spatial.iri)
            self.g.add(subject, DCT_AP.spatial, place)
            self.g.add(place, RDF.type, DCT_AP.Location)
            self.g.texts(place, SKOS_AP.prefLabel, self.s.spatial.name)
        if self.issued is not None:
            self.g.add(subject, DCT_AP.issued, self.issued)
        if self.modified is not None:
            self.g.add(subject, DCT_AP.modified, self.modified)

    def publisher(self) -> ox.NamedNode:
        p = self.s.publisher
        agent = ox.NamedNode(f"{self.s.organisations_base}id/org/{p.id}")
        self.g.add(agent, RDF.type, FOAF_AP.Agent)
        self.g.texts(agent, FOAF_AP.name, p.name)
        if p.type:
            kind = ox.NamedNode(ADMS_PUBLISHER_TYPE + p.type)
            self.g.add(agent, DCT_AP.type, kind)
            self.concept(kind, PUBLISHER_TYPES[p.type], ox.NamedNode(ADMS_PUBLISHER_TYPE + "1.0"))
        if p.homepage:
            self.g.add(agent, FOAF_AP.homepage, self.document(p.homepage))
        return agent

    def concept(self, node: ox.NamedNode, label: str, scheme: ox.NamedNode) -> None:
        self.g.add(node, RDF.type, SKOS_AP.Concept)
        self.g.add(node, SKOS_AP.prefLabel, ox.Literal(label, language="en"))
        self.g.add(node, SKOS_AP.inScheme, scheme)

    def theme_scheme(self) -> ox.NamedNode:
        scheme = authority_table("data-theme")
        self.g.add(scheme, RDF.type, SKOS_AP.ConceptScheme)
        self.g.add(scheme, DCT_AP.title, ox.Literal("Data theme", language="en"))
        return scheme

    def document(self, iri: str) -> ox.NamedNode:
        node = ox.NamedNode(iri)
        self.g.add(node, RDF.type, FOAF_AP.Document)
        return node

    def licence(self, iri: str) -> ox.NamedNode:
        node = licence_node(iri)
        self.g.add(node, RDF.type, DCT_AP.LicenseDocument)
        if node.value != iri:
            self.g.add(node, RDFS_AP.seeAlso, ox.NamedNode(iri))
        for kind in LICENCE_TYPES.get(licence_key(iri), ()):
            concept = ox.NamedNode(ADMS_LICENCE_TYPE + kind)
            self.g.add(node, DCT_AP.type, concept)
            self.concept(concept, ADMS_LICENCE_TYPE_LABELS[kind], ox.NamedNode(ADMS_LICENCE_TYPE + "1.1"))
        return node

    def rights(self, licence: str) -> ox.NamedNode:
        """The rights statement of the files under `licence`: open access on its terms, and
        whom to name where it asks for attribution."""
        code = LICENCE_AUTHORITY.get(licence_key(licence))
        node = self.iri("rights-" + (code.lower().replace("_", "-") if code else hashlib.sha1(licence.encode()).hexdigest()[:12]))
        self.g.add(node, RDF.type, DCT_AP.RightsStatement)
        text = _fill(RIGHTS, licence=licence)
        if "Attribution" in LICENCE_TYPES.get(licence_key(licence), ()):
            names, credit = dict(self.s.publisher.name.items), dict(ATTRIBUTION.items)
            text = Text(tuple((lang, s + credit[lang].format(publisher=names.get(lang) or next(iter(names.values()), "")))
                              for lang, s in text.items))
        self.g.texts(node, RDFS_AP.label, text)
        return node

    def contact_point(self) -> ox.NamedNode:
        c = self.s.contact_point
        node = self.iri("contact-point")
        self.g.add(node, RDF.type, VCARD.Kind)
        self.g.add(node, RDF.type, VCARD.Organization)
        self.g.texts(node, VCARD.fn, c.name)
        if c.email:
            self.g.add(node, VCARD.hasEmail, ox.NamedNode(f"mailto:{c.email}"))
        if c.url:
            self.g.add(node, VCARD.hasURL, ox.NamedNode(c.url))
        return node

    def standard(self, iri: str, title: Text | None) -> ox.NamedNode:
        node = ox.NamedNode(iri)
        self.g.add(node, RDF.type, DCT_AP.Standard)
        if title:
            self.g.texts(node, DCT_AP.title, title)
        return node

    def dataset(self, d: Described) -> ox.NamedNode:
        g, s = self.g, self.s
        node = self.iri(d.slug)
        g.add(node, RDF.type, DCAT_AP.Dataset)
        g.texts(node, DCT_AP.title, d.title)
        g.texts(node, DCT_AP.description, d.description)
        g.add(node, DCT_AP.publisher, self.publisher())
        g.add(node, DCAT_AP.contactPoint, self.contact_point())
        for code in s.themes:
            theme = authority("data-theme", code)
            g.add(node, DCAT_AP.theme, theme)
            self.concept(theme, DATA_THEMES[code], authority_table("data-theme"))
        for keyword in s.keywords if d.keywords is None else d.keywords:
            g.texts(node, DCAT_AP.keyword, keyword)
        # open data: no access restriction (the EU access-right table's PUBLIC)
        access = authority("access-right", "PUBLIC")
        g.add(node, DCT_AP.accessRights, access)
        g.add(access, RDF.type, DCT_AP.RightsStatement)
        self.concept(access, "public", authority_table("access-right"))
        # the vocabulary and the shapes name no place: only the data covers one
        self.common(node, spatial=d.slug == "dataset")
        if d.slug == "dataset":
            self.temporal(node)
        if d.landing_page:
            g.add(node, DCAT_AP.landingPage, self.document(d.landing_page))
        if d.slug == "dataset":  # the data follows the vocabulary (each file also its own format)
            g.add(node, DCT_AP.conformsTo, _vocabulary_version())
        for dist in d.distributions:
            g.add(node, DCAT_AP.distribution, self.distribution(dist))
        return node

    def temporal(self, dataset: ox.NamedNode) -> None:
        if self.facts.start is None and self.facts.end is None:
            return
        period = self.iri("temporal")
        self.g.add(dataset, DCT_AP.temporal, period)
        self.g.add(period, RDF.type, DCT_AP.PeriodOfTime)
        if self.facts.start is not None:
            self.g.add(period, DCAT_AP.startDate, self.facts.start)
        if self.facts.end is not None:
            self.g.add(period, DCAT_AP.endDate, self.facts.end)

    def distribution(self, d: Distribution) -> ox.NamedNode:
        g = self.g
        node = self.iri(f"distribution-{d.slug}")
        url = self.url(d.file.path)
        known = FILE_TYPES[d.file.extension]
        file_type, media_type = known.eu_file_type, known.media_type
        g.add(node, RDF.type, DCAT_AP.Distribution)
        g.texts(node, DCT_AP.title, d.title)
        g.texts(node, DCT_AP.description, d.description)
        g.add(node, DCAT_AP.accessURL, url)
        g.add(node, DCAT_AP.downloadURL, url)
        media = ox.NamedNode(IANA_MEDIA_TYPES + media_type)
        g.add(node, DCAT_AP.mediaType, media)
        g.add(media, RDF.type, DCT_AP.MediaType)
        fmt = authority("file-type", file_type)
        g.add(node, DCT_AP.format, fmt)
        g.add(fmt, RDF.type, DCT_AP.MediaTypeOrExtent)
        g.add(node, DCAT_AP.byteSize, ox.Literal(str(d.file.size), datatype=self.profile.byte_size))
        checksum = self.iri(f"distribution-{d.slug}-checksum")
        g.add(node, SPDX.checksum, checksum)
        g.add(checksum, RDF.type, SPDX.Checksum)
        g.add(checksum, SPDX.algorithm, self.profile.algorithm)
        g.add(checksum, SPDX.checksumValue, ox.Literal(d.file.digests[self.profile.hash_name], datatype=XSD_AP.hexBinary))
        g.add(node, DCT_AP.license, self.licence(d.licence_iri))
        g.add(node, DCT_AP.rights, self.rights(d.licence_iri))
        if self.issued is not None:
            g.add(node, DCT_AP.issued, self.issued)
        availability = authority("planned-availability", "STABLE")
        g.add(node, DCATAP.availability, availability)
        self.concept(availability, "stable", authority_table("planned-availability"))
        if d.conforms_to is not None:
            g.add(node, DCT_AP.conformsTo, d.conforms_to)
        if self.modified is not None:
            g.add(node, DCT_AP.modified, self.modified)
        if d.served and self.service is not None:
            g.add(node, DCAT_AP.accessService, self.service)
        return node


def project_datasets(settings: Settings, files: dict[str, FileFacts]) -> Described:
    vocab = _vocabulary_version()
    licence = settings.licence
    dists = []
    for ext in ("ttl", "jsonld", "nt"):
        f = files[f"{settings.dataset}.{ext}"]
        dists.append(Distribution(
            ext, f, _suffixed(settings.title, FORMAT_NAMES[ext]),
            _fill(DUMP_DESCRIPTION, format=FORMAT_NAMES[ext]), vocab, licence, served=True))
    for f in listed_files(settings):  # the tables, the workbook and the kinds' JSON, where written
        if f.path in files:
            fi, en = (f"{what[:1].upper()}{what[1:]}" + (f" ({form})" if form else "") for what, form in zip(f.what, f.form))
            schema = f": {settings.base_iri}{f.schema}" if f.schema else ""
            conforms = ox.NamedNode(settings.base_iri + f.schema) if f.schema else vocab if f.path.endswith(".jsonld") else None
            dists.append(Distribution(
                f.slug, files[f.path], Text(tuple((lang, f"{t} ({f.what[0] if lang == 'fi' else f.what[1]}, "
                                                           f"{FILE_TYPES[files[f.path].extension].label})")
                                                    for lang, t in settings.title.items)),
                Text((("en", f"{en}, computed from the graph; described in CSV on the Web{schema}." if schema
                       else f"{en}, computed from the graph."),
                      ("fi", f"{fi}, laskettu graafista; kuvattu CSV on the Web -muodossa{schema}." if schema
                       else f"{fi}, laskettu graafista."))),
                conforms, licence))
    return Described("dataset", settings.title, settings.description, tuple(dists))


def tool_datasets(settings: Settings, files: dict[str, FileFacts]) -> list[Described]:
    """The vocabulary and the shapes, titled and licensed as their own files say."""
    onto = _ontology_header(ontology_triples(), ONTOLOGY_IRI)
    shapes = _ontology_header(shapes_triples(), SHAPES_IRI)
    onto_title = _text_of(onto, DCT_AP.title, RDFS.label) or settings.title
    onto_description = _text_of(onto, DCT_AP.description, RDFS.comment) or onto_title
    licences = onto.get(DCT_AP.license.value, [])
    licence = licences[0].value if licences else settings.licence
    shapes_licences = shapes.get(DCT_AP.license.value, [])
    shapes_licence = shapes_licences[0].value if shapes_licences else licence
    shapes_title = _text_of(shapes, DCT_AP.title, RDFS.label) or onto_title
    shapes_description = _text_of(shapes, DCT_AP.description, RDFS.comment) or shapes_title
    vocab = _vocabulary_version()
    keywords = _class_labels(ontology_triples())

    def dist(path: str, title: Text, lic: str, conforms: ox.NamedNode | None) -> Distribution:
        f = files[path]
        name = path.rsplit("/", 1)[-1]
        fmt = FORMAT_NAMES.get(f.extension, f.extension)
        return Distribution(
            name.replace(".", "-"), f, _suffixed(title, name),
            _fill(TOOLFILE_DESCRIPTION, name=name, format=fmt), conforms, lic)

    # the documentation page is the vocabulary's landing page, not one of its files
    onto_files = sorted(p for p in files if p.startswith("ontology/") and "/releases/" not in p and not p.endswith(".html"))
    shape_files = sorted(p for p in files if p.startswith("shapes/"))
    return [
        Described("vocabulary", onto_title, onto_description,
                  tuple(dist(p, onto_title, licence, None) for p in onto_files),
                  landing_page=settings.base_iri + "ontology/", keywords=keywords),
        Described("shapes", shapes_title, shapes_description,
                  tuple(dist(p, shapes_title, shapes_licence, vocab) for p in shape_files), keywords=keywords),
    ]


def _class_labels(triples: Sequence[ox.Triple]) -> tuple[Text, ...]:
    """The vocabulary's keywords: the labels of its classes."""
    classes = {t.subject.value for t in triples if t.predicate == RDF.type and t.object == OWL.Class}
    labels: dict[str, list[tuple[str, str]]] = {}
    for t in triples:
        if t.subject.value in classes and t.predicate == RDFS.label and isinstance(t.object, ox.Literal):
            labels.setdefault(t.subject.value, []).append((t.object.language or "", t.object.value))
    return tuple(Text(tuple(sorted(v))) for _, v in sorted(labels.items()))


def catalog_triples(settings: Settings, facts: GraphFacts, files: dict[str, FileFacts],
                    modified: ox.Literal | None, profile: Profile) -> list[ox.Triple]:
    builder = CatalogBuilder(settings, facts, modified, profile)
    datasets = [project_datasets(settings, files), *tool_datasets(settings, files)]
    triples = builder.build(datasets)
    onto = _ontology_header(ontology_triples(), ONTOLOGY_IRI)
    extra = Graph()
    vocab = _vocabulary_version()
    extra.add(vocab, RDF.type, DCT_AP.Standard)
    extra.texts(vocab, DCT_AP.title, _text_of(onto, DCT_AP.title, RDFS.label) or settings.title)
    # the tables' CSVW descriptions, each a standard its CSV conforms to
    schemas = {d.conforms_to for ds in datasets for d in ds.distributions if d.conforms_to is not None} - {vocab}
    csv_standard = [ox.Triple(node, RDF.type, DCT_AP.Standard) for node in schemas]
    return sort_triples([*triples, *extra.triples, *csv_standard])


def modified_date(facts: GraphFacts, epoch: dt.date | None) -> ox.Literal | None:
    """SOURCE_DATE_EPOCH if set, else the latest date of the source documents in the data.

    Harvesters want an xsd:date (avoindata.fi rejects a year), so a source date stated as a
    year or month is given as its first day: the data is known to be at least that recent.
    """
    if epoch is not None:
        return ox.Literal(epoch.isoformat(), datatype=XSD_AP.date)
    if facts.latest_source is None:
        return None
    parts = facts.latest_source.value[:10].split("-")
    return ox.Literal("-".join(parts + ["01"] * (3 - len(parts))), datatype=XSD_AP.date)


def dataset_markup(settings: Settings, facts: GraphFacts, epoch: dt.date | None) -> dict:
    """The project data as a schema.org `Dataset`, the JSON-LD the home page embeds for dataset
    search engines: what the catalogue says of it, in their terms (names in the publication's
    first language, coverage, licence, the dumps and the table as downloads)."""
    s = settings

    def first(text: Text) -> str:
        found = dict(text.items)
        return next((found[lang] for lang in s.languages if lang in found), next(iter(found.values()), ""))

    publisher = {"@type": "Organization", "@id": f"{s.organisations_base}id/org/{s.publisher.id}", "name": first(s.publisher.name)}
    if s.publisher.homepage:
        publisher["url"] = s.publisher.homepage
    downloads = [(f"{s.dataset}.{t.extension}", t.media_type) for t in (FILE_TYPES["ttl"], FILE_TYPES["jsonld"], FILE_TYPES["nt"])]
    downloads.append((f"{s.dataset}-projects.csv", FILE_TYPES["csv"].media_type))
    doc = {
        "@context": "https://schema.org", "@type": "Dataset", "@id": f"{s.base_iri}{CATALOG}#dataset",
        "name": first(s.title), "description": first(s.description), "url": s.homepage or s.base_iri,
        "license": s.licence, "isAccessibleForFree": True, "inLanguage": list(s.languages),
        "creator": publisher, "publisher": publisher,
        "keywords": [first(k) for k in s.keywords],
        "includedInDataCatalog": {"@type": "DataCatalog", "@id": f"{s.base_iri}{CATALOG}#catalog",
                                  "name": first(s.catalogue_title or s.title)},
        "distribution": [{"@type": "DataDownload", "contentUrl": s.base_iri + path, "encodingFormat": media}
                         for path, media in downloads],
    }
    if facts.start is not None or facts.end is not None:  # an ISO 8601 interval, ".." where open
        doc["temporalCoverage"] = "/".join(d.value if d is not None else ".." for d in (facts.start, facts.end))
    if s.spatial.name:
        doc["spatialCoverage"] = {"@type": "Place", "name": first(s.spatial.name), **({"sameAs": s.spatial.iri} if s.spatial.iri else {})}
    modified, issued = modified_date(facts, epoch), s.issued.earliest().isoformat() if s.issued else None
    if modified is not None:
        doc["dateModified"] = modified.value
    if issued or modified is not None:
        doc["datePublished"] = issued or modified.value
    return doc


def _vocabulary_version() -> ox.NamedNode:
    """The version of the vocabulary the data follows (its owl:versionIRI): what it conforms to."""
    return ox.NamedNode(version_iri(ontology_version()))


# --- writing ------------------------------------------------------------------------------------


def turtle(triples: Sequence[ox.Triple]) -> bytes:
    used = {p: ns for p, ns in CATALOG_PREFIXES.items()}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(sorted(used.items())))


def jsonld(triples: Sequence[ox.Triple]) -> bytes:
    return jsonld_document(triples)


def write_catalog(out: Path, settings: Settings, facts: GraphFacts, described: Iterable[str],
                  epoch: dt.date | None, reuse: Reuse | None = None,
                  measured: Mapping[str, FileFacts] | None = None) -> list[Written]:
    """Write the catalogues and VoID, describing the files `described` as they are on disk
    (`measured`: the facts of some of them, already read by `file_facts`)."""
    reuse = reuse if reuse is not None else Reuse()
    measured = measured or {}
    files = {path: measured[path] if path in measured else file_facts(out, path) for path in described}
    # the tables and the kinds' JSON (`sheets.listed_files`) that this build wrote
    files |= {f.path: file_facts(out, f.path) for f in listed_files(settings) if f.path not in files and (out / f.path).is_file()}
    modified = modified_date(facts, epoch)
    main = catalog_triples(settings, facts, files, modified, DCAT_AP_3)
    avoindata = catalog_triples(settings, facts, files, modified, AVOINDATA)
    void = turtle(void_triples(settings, facts, modified))
    return [
        reuse.write(out, CATALOG, turtle(main)),
        reuse.write(out, CATALOG_JSONLD, jsonld(main)),
        reuse.write(out, CATALOG_AVOINDATA, turtle(avoindata)),
        reuse.write(out, VOID_FILE, void),
        reuse.write(out, WELL_KNOWN_VOID, void),
    ]

