"""What the publication links to: the VoID linksets' counts and the linking coverage the build
prints, both counted on the store of the built graph."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.linking import LinkTarget, link_targets
from kemi_lod.vocabulary.terms import CODE_IRI, PREFIXES

_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(PREFIXES.items()))


def targets(settings: Settings) -> tuple[LinkTarget, ...]:
    register = settings.register
    return link_targets(
        settings.municipality_codes, settings.region_codes,
        register.page if register else None, register.publication if register else None,
        dict(register.name.items) if register else None,
    )


def link_query(target: LinkTarget) -> str:
    """The SPARQL that counts a linkset's triples (the test recounts with it on the dump)."""
    space = target.uri_space.replace("\\", "\\\\").replace('"', '\\"')
    return (f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{target.predicate}> ?o "
            f'FILTER(isIRI(?o) && STRSTARTS(STR(?o), "{space}")) }}')


def link_counts(store: ox.Store, settings: Settings) -> tuple[tuple[LinkTarget, int], ...]:
    """Each link target with the number of links into it; targets without links are left out."""
    out = []
    for target in targets(settings):
        n = int(next(iter(store.query(link_query(target))))["n"].value)
        if n:
            out.append((target, n))
    return tuple(out)


@dataclass(frozen=True)
class Coverage:
    organisations: int  # organisations that are not units of another
    with_business_id: int
    official_places: int  # municipalities and regions
    with_code: int
    programmes_with_cci: int
    projects: int
    with_register_code: int

    def line(self) -> str:
        share = f" ({100 * self.with_business_id // self.organisations} %)" if self.organisations else ""
        return (f"links: {self.with_business_id} of {self.organisations} organisations with a business ID{share}, "
                f"{self.with_code} of {self.official_places} municipalities and regions with their official codes, "
                f"{self.programmes_with_cci} programme{'s' if self.programmes_with_cci != 1 else ''} with a CCI code, "
                f"{self.with_register_code} of {self.projects} projects with a register code")


COVERAGE_QUERY = _PREFIXES + f"""
SELECT
  (COUNT(DISTINCT ?org) AS ?organisations) (COUNT(DISTINCT ?identified) AS ?withBusinessId)
  (COUNT(DISTINCT ?place) AS ?places) (COUNT(DISTINCT ?coded) AS ?withCode)
  (COUNT(DISTINCT ?programme) AS ?programmes) (COUNT(DISTINCT ?project) AS ?projects) (COUNT(DISTINCT ?coded_project) AS ?withRegisterCode)
WHERE {{
  {{ ?org a org:Organization FILTER NOT EXISTS {{ ?org a org:OrganizationalUnit }}
     OPTIONAL {{ ?org adms:identifier/dct:type <{CODE_IRI}identifier-scheme/business-id> BIND(?org AS ?identified) }} }}
  UNION
  {{ ?place a schema:AdministrativeArea
     OPTIONAL {{ ?place adms:identifier/dct:type ?scheme
                FILTER(?scheme IN (<{CODE_IRI}identifier-scheme/municipality-code>, <{CODE_IRI}identifier-scheme/region-code>))
                BIND(?place AS ?coded) }} }}
  UNION
  {{ ?programme a hanke:FundingProgramme ; adms:identifier/dct:type <{CODE_IRI}identifier-scheme/cci> }}
  UNION
  {{ ?project a hanke:Project
     OPTIONAL {{ ?project adms:identifier/dct:type <{CODE_IRI}identifier-scheme/register-code> BIND(?project AS ?coded_project) }} }}
}}"""


def coverage(store: ox.Store) -> Coverage:
    row = next(iter(store.query(COVERAGE_QUERY)))
    names = ("organisations", "withBusinessId", "places", "withCode", "programmes", "projects", "withRegisterCode")
    return Coverage(*(int(row[name].value) for name in names))
