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


class ClosedNamespace:
    """A namespace whose terms are fixed; any other attribute is an error."""

    def __init__(self, iri: str, terms: str) -> None:
        self._iri = iri
        self._terms = {name: ox.NamedNode(iri + name) for name in terms.split()}
        # as plain attributes, found without calling __getattr__ (the mapping reads them per triple)
        self.__dict__.update({name: term for name, term in self._terms.items() if not hasattr(type(self), name)})

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
    projectStatus plannedPublicFunding realisedPublicFunding paidAmount
    amountStatus budget publicFunding
    queryTimeLimit resultLimit responseSizeLimit queryMemoryLimit queryLengthLimit
    """,
)

# Concept schemes of the vocabulary's code lists; concepts are CODE_IRI + scheme + "/" + code.
def code(scheme: str, value: str) -> ox.NamedNode:
    return ox.NamedNode(f"{CODE_IRI}{scheme}/{value}")


# The amount-status code list (codelists.ttl) in the order money moves through it; the paid
# amount is the one every financing-plan sum leaves out.
AMOUNT_STATUSES = ("planned", "applied", "granted", "paid")
PAID = code("amount-status", "paid")


RDF = ClosedNamespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "type langString")
RDFS = ClosedNamespace(
    "http://www.w3.org/2000/01/rdf-schema#",
    "label comment Class subClassOf subPropertyOf domain range Literal Resource isDefinedBy seeAlso",
)
XSD = ClosedNamespace(
    "http://www.w3.org/2001/XMLSchema#",
    "string boolean decimal integer nonNegativeInteger positiveInteger double float date gYearMonth gYear anyURI dateTime",
)
OWL = ClosedNamespace(
    "http://www.w3.org/2002/07/owl#",
    "Ontology Class ObjectProperty DatatypeProperty versionIRI versionInfo priorVersion imports deprecated sameAs",
)
DCT = ClosedNamespace(
    "http://purl.org/dc/terms/",
    """title description identifier source temporal isPartOf date publisher license
    PeriodOfTime created modified creator relation spatial type Location""",
)
DCAT = ClosedNamespace("http://www.w3.org/ns/dcat#", "startDate endDate")
SCHEMA = ClosedNamespace(
    "https://schema.org/", "Project MonetaryGrant MonetaryAmount funding funder amount value currency url Place AdministrativeArea "
    "containedInPlace roleName Role"
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
    "Concept ConceptScheme prefLabel altLabel notation inScheme definition topConceptOf hasTopConcept exactMatch",
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


SHACL_IRI = "http://www.w3.org/ns/shacl#"
SHAPES_IRI = "https://w3id.org/hanke/shapes#"
_SHORT = sorted({**PREFIXES, "sh": SHACL_IRI, "hsh": SHAPES_IRI}.items(), key=lambda kv: -len(kv[1]))


def shorten(iri: str) -> str:
    """A prefixed name for messages (`hanke:Project`), or the IRI in angle brackets."""
    for prefix, ns in _SHORT:
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


# --- the catalogue, VoID, the CSV and the vocabulary page (outputs.catalog, outputs.tables, site.vocabulary) ---
# Terms of the shared namespaces that only these modules use are kept in their own closed
# namespaces here, so the blocks above stay as the data model needs them.

DCAT_AP = ClosedNamespace(
    DCAT.iri,
    """Catalog Dataset Distribution dataset distribution accessURL downloadURL mediaType
    byteSize theme themeTaxonomy keyword contactPoint landingPage startDate endDate
    DataService endpointURL endpointDescription servesDataset accessService service""",
)
DCT_AP = ClosedNamespace(
    DCT.iri,
    """title description publisher license language spatial temporal issued modified format
    conformsTo type identifier LicenseDocument LinguisticSystem Location MediaType
    MediaTypeOrExtent Standard PeriodOfTime isReplacedBy accessRights rights RightsStatement""",
)
DCATAP = ClosedNamespace("http://data.europa.eu/r5r/", "availability applicableLegislation")
FOAF_AP = ClosedNamespace(FOAF.iri, "Agent Document name homepage")
VCARD = ClosedNamespace("http://www.w3.org/2006/vcard/ns#", "Organization Kind fn hasEmail hasURL")
SPDX = ClosedNamespace(
    "http://spdx.org/rdf/terms#",
    "Checksum ChecksumAlgorithm checksum algorithm checksumValue checksumAlgorithm_sha1 checksumAlgorithm_sha256",
)
VOID = ClosedNamespace(
    "http://rdfs.org/ns/void#",
    """Dataset triples entities distinctSubjects distinctObjects classes properties classPartition
    propertyPartition class property dataDump exampleResource vocabulary uriSpace feature
    sparqlEndpoint rootResource Linkset linkPredicate subjectsTarget objectsTarget target subset""",
)
FORMATS_W3C = ClosedNamespace("http://www.w3.org/ns/formats/", "Turtle N-Triples JSON-LD")
SH_DOC = ClosedNamespace(
    SH.iri,
    """NodeShape PropertyShape targetClass property path node sparql severity message
    minCount maxCount datatype class name description""",
)
SKOS_AP = ClosedNamespace(SKOS.iri, "Concept ConceptScheme prefLabel inScheme changeNote")
# EU Publications Office authority lists (the "NALs" DCAT-AP asks for) and IANA media types.
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"


def authority(table: str, code: str) -> ox.NamedNode:
    """A concept of an EU authority table: authority("licence", "CC_BY_4_0")."""
    return ox.NamedNode(f"{EU_AUTHORITY}{table}/{code}")


def authority_table(table: str) -> ox.NamedNode:
    return ox.NamedNode(f"{EU_AUTHORITY}{table}")


# Licence IRIs as publishers write them (scheme, "www." and a trailing "/" or "legalcode"
# dropped) -> the EU licence authority code.
LICENCE_AUTHORITY: dict[str, str] = {
    "creativecommons.org/licenses/by/4.0": "CC_BY_4_0",
    "creativecommons.org/licenses/by-sa/4.0": "CC_BYSA_4_0",
    "creativecommons.org/licenses/by-nd/4.0": "CC_BYND_4_0",
    "creativecommons.org/licenses/by-nc/4.0": "CC_BYNC_4_0",
    "creativecommons.org/licenses/by-nc-sa/4.0": "CC_BYNCSA_4_0",
    "creativecommons.org/licenses/by-nc-nd/4.0": "CC_BYNCND_4_0",
    "creativecommons.org/publicdomain/zero/1.0": "CC0",
}


# The ADMS licence types of those licences (DCAT-AP recommends dct:type on a licence).
ADMS_LICENCE_TYPE = "http://purl.org/adms/licencetype/"
ADMS_LICENCE_TYPE_LABELS = {
    "Attribution": "Attribution",
    "ShareAlike": "Share alike",
    "NoDerivativeWork": "No derivative work",
    "NonCommercialUseOnly": "Non-commercial use only",
    "PublicDomain": "Public domain",
}
LICENCE_TYPES: dict[str, tuple[str, ...]] = {
    "creativecommons.org/licenses/by/4.0": ("Attribution",),
    "creativecommons.org/licenses/by-sa/4.0": ("Attribution", "ShareAlike"),
    "creativecommons.org/licenses/by-nd/4.0": ("Attribution", "NoDerivativeWork"),
    "creativecommons.org/licenses/by-nc/4.0": ("Attribution", "NonCommercialUseOnly"),
    "creativecommons.org/licenses/by-nc-sa/4.0": ("Attribution", "NonCommercialUseOnly", "ShareAlike"),
    "creativecommons.org/licenses/by-nc-nd/4.0": ("Attribution", "NonCommercialUseOnly", "NoDerivativeWork"),
    "creativecommons.org/publicdomain/zero/1.0": ("PublicDomain",),
}


def licence_key(iri: str) -> str:
    key = iri.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    for suffix in ("/legalcode", "/deed.en", "/deed.fi", "/deed.sv"):
        key = key.removesuffix(suffix)
    return key


# ISO 639-1 language tags -> EU language authority codes (ISO 639-3 based).
LANGUAGE_AUTHORITY: dict[str, str] = {
    "fi": "FIN", "sv": "SWE", "en": "ENG", "se": "SME", "smn": "SMN", "sms": "SMS",
    "de": "DEU", "fr": "FRA", "et": "EST", "ru": "RUS", "no": "NOR", "nb": "NOB", "nn": "NNO",
    "da": "DAN", "is": "ISL", "es": "SPA", "it": "ITA", "nl": "NLD", "pl": "POL", "pt": "POR",
    "lv": "LAV", "lt": "LIT", "uk": "UKR", "ar": "ARA", "so": "SOM",
}

# The EU data-theme authority list: code -> English label.
DATA_THEMES: dict[str, str] = {
    "AGRI": "Agriculture, fisheries, forestry and food",
    "ECON": "Economy and finance",
    "EDUC": "Education, culture and sport",
    "ENER": "Energy",
    "ENVI": "Environment",
    "GOVE": "Government and public sector",
    "HEAL": "Health",
    "INTR": "International issues",
    "JUST": "Justice, legal system and public safety",
    "OP_DATPRO": "Provisional data",
    "REGI": "Regions and cities",
    "SOCI": "Population and society",
    "TECH": "Science and technology",
    "TRAN": "Transport",
}

# The ADMS publisher types (DCAT-AP recommends dct:type on the publisher): code -> label.
PUBLISHER_TYPES: dict[str, str] = {
    "Academia-ScientificOrganisation": "Academia/Scientific organisation",
    "Company": "Company",
    "IndustryConsortium": "Industry consortium",
    "LocalAuthority": "Local Authority",
    "NationalAuthority": "National authority",
    "NonGovernmentalOrganisation": "Non-Governmental Organisation",
    "NonProfitOrganisation": "Non-Profit Organisation",
    "PrivateIndividual(s)": "Private Individual(s)",
    "RegionalAuthority": "Regional authority",
    "StandardisationBody": "Standardisation body",
    "SupraNationalAuthority": "Supra-national authority",
}

XSD_AP = ClosedNamespace(XSD.iri, "hexBinary nonNegativeInteger integer decimal date gYear gYearMonth")
RDFS_AP = ClosedNamespace(RDFS.iri, "label comment domain range seeAlso subClassOf subPropertyOf")
# Prefixes of the catalogue and VoID files (the dump prefixes and the vocabularies they add).
CATALOG_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "dcatap": DCATAP.iri,
    "spdx": SPDX.iri,
    "vcard": VCARD.iri,
    "void": VOID.iri,
}
