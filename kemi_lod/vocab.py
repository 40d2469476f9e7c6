"""Every IRI the code spells: the `hanke:` vocabulary, the code lists, the reused vocabularies.

Namespaces are closed: a term not listed here raises AttributeError where it is used, so a
typo fails on import of the module that spells it (the idea of rdflib's DefinedNamespace with
``_fail=True``). Terms are pyoxigraph NamedNodes, created once.
"""

from __future__ import annotations

import pyoxigraph as ox

HANKE_IRI = "https://w3id.org/hanke/vocab#"
CODE_IRI = "https://w3id.org/hanke/code/"
ONTOLOGY_IRI = "https://w3id.org/hanke/vocab"
ONTOLOGY_VERSION = "1.0.0"
ONTOLOGY_VERSION_IRI = f"https://w3id.org/hanke/vocab/{ONTOLOGY_VERSION}"


class ClosedNamespace:
    """A namespace whose terms are fixed; any other attribute is an error."""

    def __init__(self, iri: str, terms: str) -> None:
        self._iri = iri
        self._terms = {name: ox.NamedNode(iri + name) for name in terms.split()}

    def __getattr__(self, name: str) -> ox.NamedNode:
        try:
            return self.__dict__["_terms"][name]
        except KeyError:
            raise AttributeError(f"{name!r} is not a term of <{self._iri}>") from None

    def __getitem__(self, name: str) -> ox.NamedNode:
        return self.__getattr__(name)

    def __iter__(self):
        return iter(self._terms.values())

    @property
    def iri(self) -> str:
        return self._iri

    def names(self) -> list[str]:
        return list(self._terms)


HANKE = ClosedNamespace(
    HANKE_IRI,
    """
    Project FundingContribution FundingProgramme Staffing StaffShare ContactRole
    MunicipalShare AnnualBudget EarlierValue SourceCitation
    titleDerived titleDerivedFrom titleAsStated statedText note
    department listSection applicationStatus applicationDate programme fund funderGroup
    sharePercentage maximumSharePercentage grantingAuthority fundingComplete
    totalBudget annualBudget municipalShare year
    ongoing computedStart computedEnd
    staffing headcount personYears staffShare organisation
    contact
    implementer partner cooperationPartner cooperationNote areaOfOperation continues
    citation firstLine lastLine
    earlierValue ofProperty value
    programmeLevel managedBy
    """,
)

# Concept schemes of the vocabulary's code lists; concepts are CODE_IRI + scheme + "/" + code.
CODE_SCHEMES = ("role", "funder-group", "programme-level", "list-section", "application-status")


def code(scheme: str, value: str) -> ox.NamedNode:
    return ox.NamedNode(f"{CODE_IRI}{scheme}/{value}")


def scheme_iri(scheme: str) -> ox.NamedNode:
    return ox.NamedNode(f"{CODE_IRI}{scheme}")


RDF = ClosedNamespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "type langString")
RDFS = ClosedNamespace(
    "http://www.w3.org/2000/01/rdf-schema#",
    "label comment Class subClassOf subPropertyOf domain range Literal Resource isDefinedBy seeAlso",
)
XSD = ClosedNamespace(
    "http://www.w3.org/2001/XMLSchema#",
    "string boolean decimal integer nonNegativeInteger positiveInteger date gYearMonth gYear anyURI dateTime",
)
OWL = ClosedNamespace(
    "http://www.w3.org/2002/07/owl#",
    "Ontology Class ObjectProperty DatatypeProperty versionIRI versionInfo imports deprecated",
)
DCT = ClosedNamespace(
    "http://purl.org/dc/terms/",
    """title description identifier source temporal isPartOf date publisher license
    PeriodOfTime created modified creator relation spatial""",
)
DCAT = ClosedNamespace("http://www.w3.org/ns/dcat#", "startDate endDate")
SCHEMA = ClosedNamespace(
    "https://schema.org/", "Project MonetaryGrant funding funder amount url"
)
ORG = ClosedNamespace(
    "http://www.w3.org/ns/org#",
    "Organization FormalOrganization OrganizationalUnit unitOf Role",
)
FOAF = ClosedNamespace("http://xmlns.com/foaf/0.1/", "Person Document name homepage")
PROV = ClosedNamespace(
    "http://www.w3.org/ns/prov#", "Activity Association Entity agent hadRole wasDerivedFrom"
)
SKOS = ClosedNamespace(
    "http://www.w3.org/2004/02/skos/core#",
    "Concept ConceptScheme prefLabel altLabel notation inScheme definition topConceptOf hasTopConcept",
)
ADMS = ClosedNamespace("http://www.w3.org/ns/adms#", "Identifier identifier schemaAgency")
SH = ClosedNamespace("http://www.w3.org/ns/shacl#", "NodeShape")

# Prefixes written in the dumps and in the JSON-LD context: the vocabulary namespaces the
# publication uses. Resource and code IRIs are written in full (their local parts hold "/",
# which Turtle could only write escaped).
PREFIXES: dict[str, str] = {
    "hanke": HANKE_IRI,
    "adms": ADMS.iri,
    "dcat": DCAT.iri,
    "dct": DCT.iri,
    "foaf": FOAF.iri,
    "org": ORG.iri,
    "owl": OWL.iri,
    "prov": PROV.iri,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "schema": SCHEMA.iri,
    "skos": SKOS.iri,
    "xsd": XSD.iri,
}

# Namespaces whose terms the built graph may use besides `hanke:` (checked by a test).
EXTERNAL_VOCABULARIES = tuple(iri for prefix, iri in PREFIXES.items() if prefix != "hanke")


SHACL_IRI = "http://www.w3.org/ns/shacl#"
SHAPES_IRI = "https://w3id.org/hanke/shapes#"
_SHORT = sorted({**PREFIXES, "sh": SHACL_IRI, "hsh": SHAPES_IRI}.items(), key=lambda kv: -len(kv[1]))


def shorten(iri: str) -> str:
    """A prefixed name for messages (`hanke:Project`), or the IRI in angle brackets."""
    for prefix, ns in _SHORT:
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"
