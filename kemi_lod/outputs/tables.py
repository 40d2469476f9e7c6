"""The built graph -> the projects' table (`<dataset>-projects.csv`), one row per project, its
CSVW description, and the facts every table and list is joined from (`sheets` writes the files).

Computed from the triples of the graph (never from the YAML), so the table says exactly what
the graph says, in two steps: `table_facts` reads what a row needs from one record's triples
(the project and its hash nodes: funding, amounts, period, contacts; and the labels and
names the record gives), in the record stage, where it is cached with the record's
chunk; `Joined` joins the facts of all records, looking up the labels of linked
resources (funders, department, programme, roles, persons) in the other records. Text is
taken in the publication's first language that has it; amounts are as stated, in the
currency of the `currency` column (sums of the amounts of a funder group's contributions that
are not part of another contribution, paid amounts apart; the publisher's own contributions,
a part of another of its own not counted again); lists are joined with "; ", and the CSVW
description names the separator of the lists of codes and years.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable


from kemi_lod.config import Settings
from kemi_lod.rdf.nodes import Nodes, node_key
from kemi_lod.records.kinds import RESOURCE_IRI
from kemi_lod.outputs.files import Reuse
from kemi_lod.vocabulary.terms import ADMS, AMOUNT_STATUSES, DCAT, DCT, FOAF, HANKE, ORG, PAID as PAID_STATUS, PROV, RDF, SCHEMA, SKOS, code

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"


@dataclass(frozen=True)
class Column:
    name: str
    datatype: str
    en: str
    fi: str
    format: str = ""  # a regular expression every value (every item of a list) matches
    separator: str = ""  # a list's separator: each item is a value of the datatype
    headings: tuple[str, str] = ("", "")  # the workbook's Finnish and English headings (`sheets`)


LIST = "; "


COLUMNS = (
    Column("id", "string", "the project's identifier (the last part of its IRI)", "hankkeen tunniste (IRI:n viimeinen osa)", headings=("tunniste", "identifier")),
    Column("iri", "anyURI", "the project's IRI in the linked data", "hankkeen IRI linkitetyssä datassa", headings=("IRI", "IRI")),
    Column("title", "string", "the project's title", "hankkeen nimi", headings=("nimi", "title")),
    Column("department", "string", "the department that runs the project", "hanketta hallinnoiva toimiala", headings=("toimiala", "department")),
    Column("start", "string", "when the project starts, at the precision stated (year, month or day)", "hankkeen alku ilmoitetulla tarkkuudella", headings=("alku", "start")),
    Column("end", "string", "when the project ends, at the precision stated", "hankkeen loppu ilmoitetulla tarkkuudella", headings=("loppu", "end")),
    Column("currency", "string", "the currency of the row's amounts (ISO 4217), joined with '; ' if they differ", "rivin summien valuutta (ISO 4217)",
           "^[A-Z]{3}$", LIST, headings=("valuutta", "currency")),
    Column("total_budget", "decimal", "the budget for the whole period", "budjetti koko toiminta-ajalle", headings=("kokonaisbudjetti", "total budget")),
    Column("eu_and_state_funding", "decimal", "EU and state funding stated as one figure (EU money and its national co-financing together, never EU money alone)", "EU:n ja valtion rahoitus yhtenä lukuna (EU-raha ja kansallinen vastinrahoitus yhdessä, ei pelkkää EU-rahaa)", headings=("EU- ja valtionrahoitus", "EU and state funding")),
    Column("municipal_funding", "decimal", "municipal funding (sum of the amounts stated)", "kuntarahoitus (ilmoitettujen summien summa)", headings=("kuntarahoitus", "municipal funding")),
    Column("private_funding", "decimal", "private funding (sum of the amounts stated)", "yksityinen rahoitus (ilmoitettujen summien summa)", headings=("yksityinen rahoitus", "private funding")),
    Column("city_share", "decimal", "the publishing municipality's own contributions (sum of the amounts stated, paid amounts apart; a part of another of its contributions is not counted again)", "julkaisevan kunnan omat rahoitusosuudet (ilmoitettujen summien summa ilman maksettuja summia; toisen oman osuuden osaa ei lasketa uudelleen)", headings=("kaupungin osuus", "city's share")),
    Column("city_share_year", "gYear", "the years the municipality's contributions are stated for, where stated, joined with '; '", "vuodet, joita kunnan osuudet koskevat, jos ilmoitettu",
           separator=LIST, headings=("kaupungin osuuden vuosi", "city's share year")),
    Column("amount_statuses", "string", "the statuses of the row's amounts (applied, granted, planned, paid), joined with '; '", "rivin summien tilat (applied = haettu, granted = myönnetty, planned = suunniteltu, paid = maksettu)",
           f"^({'|'.join(AMOUNT_STATUSES)})$", LIST, headings=("summien tilat", "amount statuses")),
    Column("funders", "string", "the funders named, joined with '; '", "nimetyt rahoittajat puolipisteellä eroteltuina", headings=("rahoittajat", "funders")),
    Column("programme", "string", "the funding programme", "rahoitusohjelma", headings=("ohjelma", "programme")),
    Column("contact_roles", "string", "contact persons' roles (and names, where published)", "yhteyshenkilöiden tehtävät (ja nimet, jos julkaistu)", headings=("yhteyshenkilöt", "contact roles")),
    Column("first_day", "date", "the first day the project can have started, its start at the precision stated", "ensimmäinen päivä, jona hanke on voinut alkaa", headings=("ensimmäinen päivä", "first day")),
    Column("last_day", "date", "the last day the project can end, its end at the precision stated", "viimeinen päivä, jona hanke voi päättyä", headings=("viimeinen päivä", "last day")),
)

GROUP_COLUMNS = {"eu-and-state": "eu_and_state_funding", "municipal": "municipal_funding", "private": "private_funding"}


def table_names(settings: Settings) -> tuple[str, str]:
    """The CSV file and its CSVW metadata file, under the web root."""
    name = f"{settings.dataset}-projects.csv"
    return name, f"{name}-metadata.json"


def _amount(value: str | Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def resource_id(iri: str) -> str:
    """A resource's identifier in the tables: the last part of its IRI."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def natural(iri: str) -> tuple:
    """contact-2 before contact-10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", iri))


Label = tuple[str, str]  # (language, text); "" for a literal without a language


@dataclass(frozen=True, slots=True)  # 100,000 of them are held while the lists are made
class ProjectFacts:
    """What one project's row says, with linked resources as IRIs (labels are joined later)."""

    iri: str
    titles: tuple[Label, ...] = ()
    departments: tuple[str, ...] = ()
    start: str = ""
    end: str = ""
    total_budget: str = ""
    groups: tuple[tuple[str, str], ...] = ()  # funder group IRI, the sum of its stated amounts
    funded: tuple[tuple[str, str, str, str], ...] = ()  # contribution, funder IRI, amount, year ("" for none)
    currencies: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # the codes of the amounts' statuses
    funders: tuple[str, ...] = ()  # directly or through a contribution
    programmes: tuple[str, ...] = ()
    contacts: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()  # node, roles, agents
    citations: tuple[tuple[str, str, str], ...] = ()  # source IRI, first line, last line (build.duplicates)
    codes: tuple[str, ...] = ()  # the project's codes in its sources: dct:identifier other than its id, register codes
    # what the site's project list shows besides (`site.lists`)
    funds: tuple[str, ...] = ()  # the funds of its contributions
    period: tuple[str, str, bool] | None = None  # its first period: start, end (as stated; "" for none), ongoing
    bounds: tuple[str, str] | None = None  # the computed start and end of its first period that has either
    budgets: tuple[tuple[str, str, str, str, str], ...] = ()  # value, currency, status, year, date of each hanke:budget
    # each funder it names, once per contribution (and once if named by the project itself), with
    # the money that counts for it: the contribution's financing-plan amounts (paid apart), "" where
    # none is stated or where it is part of a contribution of the same funder (the site's funders)
    funder_amounts: tuple[tuple[str, str], ...] = ()
    # each contact with a person: node, person, role ("" for none), whether an earlier value (the site's persons)
    person_roles: tuple[tuple[str, str, str, bool], ...] = ()
    # each contribution as the workbook's rows give it (`sheets`), as a JSON array: node, funder
    # group, funders, funds, the contribution it is part of ("" for none), its amounts (node,
    # value, currency, status, year, date); the nodes of the record as their `hash_part`
    contributions: str = "[]"


@dataclass(frozen=True)
class TableFacts:
    """One record's share of the table: its projects, and the labels and names it gives."""

    projects: tuple[ProjectFacts, ...] = ()
    labels: tuple[tuple[str, Label], ...] = ()  # subject, skos:prefLabel
    names: tuple[tuple[str, str], ...] = ()  # subject, foaf:name
    # organisations: IRI, whether a unit of another, business IDs, what it is a unit of, homepages
    organisations: tuple[tuple[str, bool, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = ()
    # programmes: IRI, notations, level code, managing organisations, what it is part of
    programmes: tuple[tuple[str, tuple[str, ...], str, tuple[str, ...], tuple[str, ...]], ...] = ()


def _label(literal) -> Label:
    return (getattr(literal, "language", None) or "", literal.value)


TYPE, TITLE, DEPARTMENT = RDF.type.value, DCT.title.value, HANKE.department.value
START, END, TEMPORAL = DCAT.startDate.value, DCAT.endDate.value, DCT.temporal.value
BUDGET, FUNDING, GROUP = HANKE.budget.value, SCHEMA.funding.value, HANKE.funderGroup.value
FUND, ONGOING, COMPUTED = HANKE.fund.value, HANKE.ongoing.value, (HANKE.computedStart.value, HANKE.computedEnd.value)
DATE, EARLIER, HISTORY_VALUE = DCT.date.value, HANKE.earlierValue.value, HANKE.value.value
AMOUNT, FUNDER, YEAR, PART_OF = SCHEMA.amount.value, SCHEMA.funder.value, HANKE.year.value, DCT.isPartOf.value
VALUE, CURRENCY, STATUS = SCHEMA.value.value, SCHEMA.currency.value, HANKE.amountStatus.value
PAID = PAID_STATUS.value
PROGRAMME, CONTACT, ROLE, AGENT = HANKE.programme.value, HANKE.contact.value, PROV.hadRole.value, PROV.agent.value
LABEL, NAME, PROJECT = SKOS.prefLabel.value, FOAF.name.value, HANKE.Project.value
CITATION, SOURCE, FIRST_LINE, LAST_LINE = HANKE.citation.value, DCT.source.value, HANKE.firstLine.value, HANKE.lastLine.value
IDENTIFIER, ADMS_IDENTIFIER, NOTATION, DCT_TYPE = DCT.identifier.value, ADMS.identifier.value, SKOS.notation.value, DCT.type.value
REGISTER_CODE = code("identifier-scheme", "register-code").value
BUSINESS_ID = code("identifier-scheme", "business-id").value
ORGANISATION, UNIT, UNIT_OF, HOMEPAGE = ORG.Organization.value, ORG.OrganizationalUnit.value, ORG.unitOf.value, FOAF.homepage.value
PROGRAMME_CLASS, LEVEL, MANAGED_BY = HANKE.FundingProgramme.value, HANKE.programmeLevel.value, HANKE.managedBy.value


def _first(values: list) -> str:
    return min((v.value for v in values), default="")


def _where_from(subject: str, props: dict, objects) -> dict:
    """A project's cited source lines and its codes in its sources (what build.duplicates compares)."""
    citations = {(node_key(src), _first(objects(c, FIRST_LINE)), _first(objects(c, LAST_LINE)))
                 for c in props.get(CITATION, ()) for src in objects(c, SOURCE)}
    codes = {i.value for i in props.get(IDENTIFIER, ()) if i.value != subject.rsplit("/", 1)[-1]}
    codes |= {n.value for i in props.get(ADMS_IDENTIFIER, ()) for n in objects(i, NOTATION)
              if any(t.value == REGISTER_CODE for t in objects(i, DCT_TYPE))}
    return {"citations": tuple(sorted(citations)), "codes": tuple(sorted(codes))}


def hash_part(iri: str) -> str:
    """A hash node's IRI as "#" and what follows (its record's IRI is the project's: 100,000
    projects' facts are held while a build writes), any other IRI as it is."""
    return iri[iri.index("#"):] if "#" in iri else iri


def _listed(props: dict, objects) -> dict:
    """What the site's project list and funders' list show of a project beyond the table's columns."""
    periods = sorted(props.get(TEMPORAL, []), key=str)
    bounds = next(((_first(objects(p, COMPUTED[0])), _first(objects(p, COMPUTED[1]))) for p in periods
                   if objects(p, COMPUTED[0]) or objects(p, COMPUTED[1])), None)
    budgets = [(_first(objects(b, VALUE)), _first(objects(b, CURRENCY)), _first(objects(b, STATUS)), _first(objects(b, YEAR)),
                _first(objects(b, DATE))) for b in props.get(BUDGET, ()) if objects(b, VALUE)]
    return {
        "funds": tuple(sorted({node_key(o) for f in props.get(FUNDING, ()) for o in objects(f, FUND)})),
        "period": (_first(objects(periods[0], START)), _first(objects(periods[0], END)),
                   any(v.value == "true" for v in objects(periods[0], ONGOING))) if periods else None,
        "bounds": bounds,
        "budgets": tuple(sorted(budgets)),
        "funder_amounts": tuple(sorted([(node_key(o), "") for o in props.get(FUNDER, ())] + [
            (node_key(who), _planned(f, who, objects)) for f in props.get(FUNDING, ()) for who in objects(f, FUNDER)])),
        "contributions": json.dumps(sorted(  # one string: 100,000 projects' facts are held while a build writes
            (hash_part(node_key(f)), _first(objects(f, GROUP)).rsplit("/", 1)[-1],
             tuple(sorted(node_key(o) for o in objects(f, FUNDER))), tuple(sorted(node_key(o) for o in objects(f, FUND))),
             hash_part(_first(objects(f, PART_OF))),
             tuple(sorted((hash_part(node_key(a)), _first(objects(a, VALUE)), _first(objects(a, CURRENCY)),
                           _first(objects(a, STATUS)).rsplit("/", 1)[-1], _first(objects(a, YEAR)), _first(objects(a, DATE)))
                          for a in objects(f, AMOUNT))))
            for f in props.get(FUNDING, ())), ensure_ascii=False, separators=(",", ":")),
        "person_roles": tuple(sorted(
            (node_key(c), node_key(a), _first(objects(c, ROLE)), earlier)
            for contacts, earlier in ((props.get(CONTACT, ()), False),
                                      ([v for h in props.get(EARLIER, ()) for v in objects(h, HISTORY_VALUE)], True))
            for c in contacts for a in objects(c, AGENT))),
    }


def _planned(contribution, funder, objects) -> str:
    """The euros of a contribution's financing-plan amounts (paid amounts apart) as they count
    for `funder`: "" where none is stated or where its whole (`dct:isPartOf`) names the same funder."""
    wholes = sorted(objects(contribution, PART_OF), key=str)
    if wholes and any(o == funder for o in objects(wholes[0], FUNDER)):
        return ""
    values = [Decimal(v.value) for a in objects(contribution, AMOUNT) if all(st.value != PAID for st in objects(a, STATUS))
              for v in objects(a, VALUE)]
    return str(sum(values, Decimal(0))) if values else ""


def table_facts(nodes: Nodes) -> TableFacts:
    """The table's facts in these triples (nodes.by_subject). Every node a row reads through
    (contribution, period, share, contact) must be among them: true of a record's triples (its
    hash nodes are its own) and of the whole graph."""

    def objects(node, predicate: str) -> list:
        return nodes.get(node_key(node), {}).get(predicate, [])

    def amounts(owner, predicate: str) -> list:
        return [a for a in objects(owner, predicate) if all(st.value != PAID for st in objects(a, STATUS))]

    def value(amount) -> Decimal:
        return sum((Decimal(v.value) for v in objects(amount, VALUE)), Decimal(0))

    def year(amount) -> str:
        return min((y.value for y in objects(amount, YEAR)), default="")

    projects = []
    for subject, props in nodes.items():
        if not any(t.value == PROJECT for t in props.get(TYPE, ())):
            continue
        funding = props.get(FUNDING, [])
        sums: dict[str, Decimal] = {}
        for f in funding:
            if objects(f, PART_OF):
                continue  # counted within the contribution it is part of
            for group in objects(f, GROUP):
                for amount in amounts(f, AMOUNT):
                    sums[group.value] = sums.get(group.value, Decimal(0)) + value(amount)
        funded = {  # a part of a contribution of the same funder is in that one's amounts already
            (node_key(f), node_key(who), _amount(value(a)), year(a)) for f in funding for who in objects(f, FUNDER)
            if who not in [o for w in objects(f, PART_OF) for o in objects(w, FUNDER)] for a in amounts(f, AMOUNT)
        }
        every = [a for f in funding for a in objects(f, AMOUNT)] + list(props.get(BUDGET, ()))
        periods = props.get(TEMPORAL, [])
        funders = {node_key(o) for o in props.get(FUNDER, ())} | {node_key(o) for f in funding for o in objects(f, FUNDER)}
        contacts = {
            (node_key(c), tuple(sorted({node_key(r) for r in objects(c, ROLE)})),
             tuple(sorted({node_key(a) for a in objects(c, AGENT)})))
            for c in props.get(CONTACT, ())
        }
        projects.append(ProjectFacts(
            iri=subject,
            titles=tuple(sorted(_label(t) for t in props.get(TITLE, ()))),
            departments=tuple(sorted({node_key(d) for d in props.get(DEPARTMENT, ())})),
            start=min((v.value for p in periods for v in objects(p, START)), default=""),
            end=min((v.value for p in periods for v in objects(p, END)), default=""),
            total_budget=min((_amount(value(b)) for b in props.get(BUDGET, ()) if not year(b)), default=""),
            groups=tuple(sorted((g, _amount(v)) for g, v in sums.items())),
            funded=tuple(sorted(funded)),
            currencies=tuple(sorted({c.value for a in every for c in objects(a, CURRENCY)})),
            statuses=tuple(sorted({st.value.rsplit("/", 1)[-1] for a in every for st in objects(a, STATUS)})),
            funders=tuple(sorted(funders)),
            programmes=tuple(sorted({node_key(o) for o in props.get(PROGRAMME, ())})),
            contacts=tuple(sorted(contacts)),
            **_where_from(subject, props, objects), **_listed(props, objects),
        ))
    labels = tuple(sorted((s, _label(l)) for s, props in nodes.items() for l in props.get(LABEL, ())))
    names = tuple(sorted((s, n.value) for s, props in nodes.items() for n in props.get(NAME, ())))
    return TableFacts(tuple(sorted(projects, key=lambda p: p.iri)), labels, names, *_others(nodes, objects))


def _others(nodes: Nodes, objects) -> tuple[tuple, tuple]:
    """The organisations' and programmes' facts among the nodes (the workbook's sheets)."""
    def iris(props: dict, predicate: str) -> tuple[str, ...]:
        return tuple(sorted(node_key(o) for o in props.get(predicate, ())))

    orgs, programmes = [], []
    for subject, props in sorted(nodes.items()):
        types = {t.value for t in props.get(TYPE, ())}
        if ORGANISATION in types or UNIT in types:
            ids = tuple(sorted(n.value for i in props.get(ADMS_IDENTIFIER, ()) for n in objects(i, NOTATION)
                               if any(t.value == BUSINESS_ID for t in objects(i, DCT_TYPE))))
            orgs.append((subject, UNIT in types, ids, iris(props, UNIT_OF), iris(props, HOMEPAGE)))
        if PROGRAMME_CLASS in types:
            programmes.append((subject, tuple(sorted(n.value for n in props.get(NOTATION, ()))),
                               _first(props.get(LEVEL, ())).rsplit("/", 1)[-1], iris(props, MANAGED_BY), iris(props, PART_OF)))
    return tuple(orgs), tuple(programmes)


class Joined:
    """The facts of every record, with the labels and names they give looked up by subject:
    the table's rows (`row`), by project IRI (`projects`)."""

    def __init__(self, projects: list[ProjectFacts], labels: dict[str, list[Label]], names: dict[str, set[str]],
                 settings: Settings, organisations: list[tuple] | None = None, programmes: list[tuple] | None = None) -> None:
        self.projects, self.labels, self.names, self.settings = projects, labels, names, settings
        self.organisations, self.programmes = organisations or [], programmes or []  # the workbook's (`sheets`)
        self.rank = {lang: i for i, lang in enumerate(settings.languages)}

    @classmethod
    def of(cls, facts: Iterable[TableFacts], settings: Settings) -> "Joined":
        projects: list[ProjectFacts] = []
        labels: dict[str, list[Label]] = {}
        names: dict[str, set[str]] = {}
        organisations: list[tuple] = []
        programmes: list[tuple] = []
        for f in facts:
            projects.extend(f.projects)
            organisations.extend(f.organisations)
            programmes.extend(f.programmes)
            for subject, label in f.labels:
                labels.setdefault(subject, []).append(label)
            for subject, name in f.names:
                names.setdefault(subject, set()).add(name)
        return cls(sorted(projects, key=lambda p: p.iri), labels, names, settings, sorted(organisations), sorted(programmes))

    def best(self, candidates: Iterable[Label]) -> str:
        return min(candidates, key=lambda l: (self.rank.get(l[0], len(self.rank)), l[0], l[1]), default=("", ""))[1]

    def joined(self, iris: Iterable[str]) -> str:
        return "; ".join(sorted(self.best(self.labels.get(iri, ())) or iri.removeprefix("_:") for iri in iris))

    def contact(self, node: str, roles: tuple[str, ...], agents: tuple[str, ...]) -> str:
        role = self.best(label for r in roles for label in self.labels.get(r, ()))
        who = sorted({n for a in agents for n in self.names.get(a, ())})
        return f"{role} ({', '.join(who)})" if who else role

    def reads(self, p: ProjectFacts) -> frozenset[str]:
        """The subjects whose labels or names `row(p)` shows, and the project: what its row is made from."""
        return frozenset((p.iri, *p.departments, *p.funders, *p.programmes,
                          *(iri for _, roles, agents in p.contacts for iri in (*roles, *agents))))

    def row(self, p: ProjectFacts) -> dict[str, str]:
        sums = dict(p.groups)
        publisher = self.settings.publisher.id
        city = [f for f in p.funded if (m := RESOURCE_IRI.match(f[1])) and m["kind"] == "org" and m["id"] == publisher]
        row = {
            "id": resource_id(p.iri),
            "iri": p.iri,
            "title": self.best(p.titles),
            "department": self.best(label for d in p.departments for label in self.labels.get(d, ())),
            "start": p.start,
            "end": p.end,
            "total_budget": p.total_budget,
            **{column: sums.get(code("funder-group", group).value, "") for group, column in GROUP_COLUMNS.items()},
            "currency": LIST.join(p.currencies),
            "city_share": _amount(sum(Decimal(a) for _, _, a, _ in city)) if city else "",
            "city_share_year": LIST.join(sorted({y for _, _, _, y in city if y})),
            "amount_statuses": LIST.join(p.statuses),
            "funders": self.joined(p.funders),
            "programme": self.joined(p.programmes),
            "contact_roles": "; ".join(self.contact(*c) for c in sorted(p.contacts, key=lambda c: natural(c[0]))),
            "first_day": p.bounds[0] if p.bounds else "",
            "last_day": p.bounds[1] if p.bounds else "",
        }
        return {c.name: row[c.name] for c in COLUMNS}


def _header() -> bytes:
    return _line({c.name: c.name for c in COLUMNS})


def _line(row: dict[str, str]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.DictWriter(buffer, fieldnames=[c.name for c in COLUMNS], lineterminator="\r\n").writerow(row)
    return buffer.getvalue().encode("utf-8")


def csvw_metadata(settings: Settings, csv_name: str, columns: tuple[Column, ...] = COLUMNS,
                  table: tuple[str, str] | None = None, key: str = "id", about: str = "{+iri}") -> bytes:
    """The CSV on the Web (W3C) description of a table (default: the projects'): its dialect
    and columns; `table`: its Finnish and English title, after the publication's."""
    titles = [(lang, f"{v}: {table[0] if lang == 'fi' else table[1]}" if table else v) for lang, v in settings.title.items]
    doc = {
        "@context": [CSVW_CONTEXT, {"@language": "en"}],
        "url": csv_name,
        "dc:title": [{"@value": v, "@language": lang} for lang, v in titles],
        "dc:license": {"@id": settings.licence},
        "dialect": {"encoding": "utf-8", "header": True, "delimiter": ",", "lineTerminators": ["\r\n"]},
        "tableSchema": {
            "columns": [
                {
                    "name": c.name,
                    "titles": c.name,
                    "datatype": {"base": c.datatype, "format": c.format} if c.format else c.datatype,
                    **({"separator": c.separator} if c.separator else {}),
                    "dc:description": [{"@value": c.en, "@language": "en"}, {"@value": c.fi, "@language": "fi"}],
                    **({"required": True} if c.name == key or about == "{+" + c.name + "}" else {}),
                }
                for c in columns
            ],
            **({"primaryKey": key} if key else {}),
            **({"aboutUrl": about} if about else {}),
        },
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def project_lines(joined: Joined, reuse: Reuse, changed: frozenset[str] | None = None) -> list[bytes]:
    """The projects' table as CSV lines, the header first (of every record's facts, `Joined.of`).
    With `changed` (the subjects whose triples changed since the previous version), a row made
    from none of them is the previous build's (kept with its reads among the outputs' entries,
    as a page's parts are)."""
    lines = [_header()]
    for p in joined.projects:
        reads = joined.reads(p)
        deps = "\n".join(sorted(reads)).encode()
        before = reuse.fragment(f"table {p.iri}") if changed is not None else None
        line = before[0] if before is not None and before[1] == deps and changed.isdisjoint(reads) else _line(joined.row(p))
        reuse.keep(f"table {p.iri}", line, deps)
        lines.append(line)
    return lines
