"""Fidelity to the source pages, fact by fact (tests/facts.yaml).

Each fact names a project, what is stated, the value and where (page, line). It becomes a
SPARQL ASK against the built graph: the value must be on that project, as its current value,
or, with `earlier: true`, as an earlier value whose source is that page. Every non-blank line
of both pages must be cited by a fact or listed under `not_facts` with a reason, and a line
that looks like a fact (an amount, a date, a "Label:" line) may not be waved through that way.
"""

from __future__ import annotations

import json
import re
from functools import cache

import pyoxigraph as ox
import pytest
import yaml

from support import REPO, source_pages
from kemi_lod.config import load_settings
from kemi_lod.build.pipeline import check
from kemi_lod.mapping import resource_iri

FACTS = yaml.safe_load((REPO / "tests" / "facts.yaml").read_text())
SEEDS = {p.name: p for p in source_pages()}
PAGES = {"000": "000_6b667cc038ef175e.txt", "001": "001_b7f3f3df64e32f38.txt"}
PREFIXES = """
PREFIX hanke: <https://w3id.org/hanke/vocab#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def lit(value) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def dec(value) -> str:
    return f"{float(value)}"  # compared numerically: FILTER(?x = 80.0)


# --- object patterns: (variable, value) -> SPARQL graph pattern constraining the variable --------


def text_equals(o, v):
    return f"FILTER(STR({o}) = {lit(v)})"


def text_contains(o, v):
    return f"FILTER(CONTAINS(REPLACE(STR({o}), '\\\\s+', ' '), {lit(' '.join(str(v).split()))}))"


def label_equals(o, v):
    return f"{o} skos:prefLabel|skos:altLabel ?label . FILTER(STR(?label) = {lit(v)})"


def notation_equals(o, v):
    return f"{o} skos:notation {lit(v)} ."


def title_equals(o, v):
    return f"{o} dct:title ?t . FILTER(STR(?t) = {lit(v)})"


def programme_matches(o, v):
    return f"{o} dct:isPartOf* ?level . ?level skos:prefLabel|skos:notation ?name . FILTER(STR(?name) = {lit(v)})"


def amount_matches(a: str, v: dict) -> str:
    """`a` is an amount of v["amount"] euros with the fact's status (planned where it names none),
    its year and status date, or none where it names none (an amount without a year concerns
    the whole period)."""
    n = a.lstrip("?")
    out = (
        f"{a} a schema:MonetaryAmount ; schema:value ?{n}_value ; schema:currency \"EUR\" ;"
        f" hanke:amountStatus ?{n}_status . FILTER(?{n}_value = {dec(v['amount'])})"
        f" ?{n}_status skos:inScheme <https://w3id.org/hanke/code/amount-status> ;"
        f" skos:notation {lit(v.get('status', 'planned'))} ."
    )
    for field, prop in (("year", "hanke:year"), ("status_date", "dct:date")):
        if field in v:
            out += f" {a} {prop} ?{n}_{field} . FILTER(STR(?{n}_{field}) = {lit(v[field])})"
        else:
            out += f" FILTER NOT EXISTS {{ {a} {prop} ?{n}_no_{field} }}"
    return out


def budget_matches(o, v):
    """A budget: a number for the whole period (planned), or {amount, year, status}."""
    return amount_matches(o, v if isinstance(v, dict) else {"amount": v})


def cited_on(o: str, cites: list) -> str:
    """`o` cites each (page, line) of `cites` (hanke:citation)."""
    return " ".join(
        f"{o} hanke:citation ?cite{i} . ?cite{i} dct:source ?cited{i} ; hanke:firstLine ?first{i} ; hanke:lastLine ?last{i} ."
        f" ?cited{i} dct:identifier {lit(PAGES[page])} . FILTER(?first{i} <= {line} && {line} <= ?last{i})"
        for i, (page, line) in enumerate(cites)
    )


def contribution_matches(o, v):
    """A contribution with the fact's group, fund, funder and percentages; its amount (none where
    the fact names none) as amount_matches; part of the contribution of `part_of` euros (of no
    other where the fact names none); citing the lines of `cites`."""
    parts = []
    if "group" in v:
        parts.append(f"{o} hanke:funderGroup/skos:notation {lit(v['group'])} .")
    if "fund" in v:
        parts.append(f"{o} hanke:fund/(skos:prefLabel|skos:notation) ?fund . FILTER(STR(?fund) = {lit(v['fund'])})")
    if "funder" in v:
        parts.append(f"{o} schema:funder/(skos:prefLabel|skos:altLabel) ?funder . FILTER(STR(?funder) = {lit(v['funder'])})")
    for key, prop in (("share_percent", "hanke:sharePercentage"), ("max_share_percent", "hanke:maximumSharePercentage")):
        if key in v:
            parts.append(f"{o} {prop} ?{key} . FILTER(?{key} = {dec(v[key])})")
    if "amount" in v:
        parts.append(f"{o} schema:amount ?money . {amount_matches('?money', v)}")
    else:
        parts.append(f"FILTER NOT EXISTS {{ {o} schema:amount ?anyAmount }}")
    if "part_of" in v:
        parts.append(f"{o} dct:isPartOf ?whole . ?whole schema:amount/schema:value ?wholeValue . FILTER(?wholeValue = {dec(v['part_of'])})")
    else:
        parts.append(f"FILTER NOT EXISTS {{ {o} dct:isPartOf ?anyWhole }}")
    parts.append(cited_on(o, v.get("cites", [])))
    return " ".join(parts)


def city_share_matches(o, v):
    """The city's own share: a contribution whose funder is the publisher (the city)."""
    return f"{o} schema:funder <{city()}> . {contribution_matches(o, v)}"


def period_matches(o, v):
    parts = []
    for key, prop in (("start", "dcat:startDate"), ("end", "dcat:endDate")):
        if key in v:
            parts.append(f"{o} {prop} ?{key} . FILTER(STR(?{key}) = {lit(v[key])})")
    if v.get("ongoing"):
        parts.append(f"{o} hanke:ongoing true .")
    return " ".join(parts)


def staff_matches(o, v):
    parts = []
    for key, prop in (("headcount", "hanke:headcount"), ("person_years", "hanke:personYears")):
        if key in v:
            parts.append(f"{o} {prop} ?{key} . FILTER(?{key} = {dec(v[key])})")
    for i, share in enumerate(v.get("split", [])):
        key = "headcount" if "headcount" in share else "person_years"
        prop = "hanke:headcount" if key == "headcount" else "hanke:personYears"
        parts.append(
            f"{o} hanke:staffShare ?share{i} . ?share{i} {prop} ?n{i} ; hanke:organisation/(skos:prefLabel|skos:altLabel) ?org{i} ."
            f" FILTER(?n{i} = {dec(share[key])} && STR(?org{i}) = {lit(share['organisation'])})"
        )
    return " ".join(parts)


def contact_matches(o, v):
    out = f"{o} prov:agent/foaf:name {lit(v['name'])} ."
    if "title" in v:  # the job title as the page gives it (the generic role is the vocabulary's)
        out += f" {o} schema:roleName ?title . FILTER(STR(?title) = {lit(v['title'])})"
    return out


def stated_contains(o, v):
    return f"{o} hanke:statedText ?stated . {text_contains('?stated', v)}"


def programme_fund(o, v):
    return f"{o} dct:isPartOf*/hanke:fund ?fund . ?fund skos:prefLabel|skos:notation ?fundname . FILTER(STR(?fundname) = {lit(v)})"


WHAT = {
    "title": ("dct:title", text_equals),
    "title-as-stated": ("hanke:titleAsStated", text_equals),
    "title-derived-from": ("hanke:titleDerivedFrom", text_contains),
    "summary": ("dct:description", text_contains),
    "department": ("hanke:department", label_equals),
    "section": ("hanke:listSection", notation_equals),
    "programme": ("hanke:programme", programme_matches),
    "contribution": ("schema:funding", contribution_matches),
    "funder": ("schema:funder", label_equals),
    "granted-by": ("hanke:grantingAuthority", label_equals),
    "budget": ("hanke:budget", budget_matches),
    "annual-budget": ("hanke:budget", budget_matches),
    "city-share": ("schema:funding", city_share_matches),
    "period": ("dct:temporal", period_matches),
    "staff": ("hanke:staffing", staff_matches),
    "contact": ("hanke:contact", contact_matches),
    "implementer": ("hanke:implementer", label_equals),
    "partner": ("hanke:partner", label_equals),
    "cooperation": ("hanke:cooperationPartner", label_equals),
    "cooperation-note": ("hanke:cooperationNote", text_contains),
    "note": ("hanke:note", text_contains),
    "continues": ("hanke:continues", title_equals),
    # the page's literal words kept where the value mends or interprets them
    "stated": ("schema:funding|hanke:staffing|hanke:budget", stated_contains),
    # the fund a programme level of the project belongs to ("Euroopan sosiaalirahaston toimintalinja 5")
    "programme-fund": ("hanke:programme", programme_fund),
}
KINDS = sorted([*WHAT, "source", "places"])


@cache
def settings():
    return load_settings(REPO / "kemi-lod.yaml")


def city() -> str:
    """The publisher's IRI: the city whose own share a `city-share` fact states."""
    return resource_iri(settings(), "org", settings().publisher.id)


@cache
def store() -> tuple[ox.Store, str]:
    checked = check(settings(), settings().root / "data")
    assert checked.ok, checked.problems
    s = ox.Store()
    s.extend(ox.Quad(t.subject, t.predicate, t.object) for t in checked.graph())
    return s, settings().base_iri


def source_of(page: str) -> str:
    return f"?source dct:identifier {lit(PAGES[page])} ."


def ask(fact: dict) -> str:
    store_, base = store()
    return fact_pattern(fact, f"<{base}id/project/{fact['project']}>")


def fact_pattern(fact: dict, project: str) -> str:
    """The graph pattern that holds when `project` states the fact."""
    what, value, page, line = fact["what"], fact.get("value"), str(fact["page"]), fact["line"]
    if isinstance(value, dict) and "cites" in value:  # lines of the fact's page
        value = {**value, "cites": [(page, n) for n in value["cites"]]}
    if what == "source":
        return (
            f"{project} dct:source ?source ; hanke:citation ?c . {source_of(page)}"
            f" ?c dct:source ?source ; hanke:firstLine ?first ; hanke:lastLine ?last ."
            f" FILTER(?first <= {line} && {line} <= ?last)"
        )
    if what == "places":  # the area as place resources, by their names (an area lies within its municipality)
        return " ".join(f"{project} dct:spatial ?p{i} . ?p{i} skos:prefLabel|skos:altLabel ?n{i} . FILTER(STR(?n{i}) = {lit(name)})"
                        for i, name in enumerate(value))
    predicate, pattern = WHAT[what]
    if fact.get("earlier") and what == "contact" and not settings().earlier_contacts:
        # an earlier contact keeps its role and title, not the person (docs/privacy.md)
        value = {k: v for k, v in value.items() if k != "name"}
        return (
            f"{project} hanke:earlierValue ?h . ?h hanke:ofProperty {predicate} ; hanke:value ?o ; dct:source ?source ."
            f" {source_of(page)} FILTER NOT EXISTS {{ ?o prov:agent ?person }} ?o schema:roleName ?title ."
            f" FILTER(STR(?title) = {lit(value['title'])})"
        )
    if fact.get("earlier"):
        return (
            f"{project} hanke:earlierValue ?h . ?h hanke:ofProperty {predicate} ; hanke:value ?o ; dct:source ?source ."
            f" {source_of(page)} {pattern('?o', value)}"
        )
    return f"{project} {predicate} ?o . {pattern('?o', value)}"


def fact_id(fact: dict) -> str:
    return f"{fact['page']}:{fact['line']}:{fact['project']}:{fact['what']}"


def page_lines(page: str) -> list[str]:
    return SEEDS[PAGES[page]].read_text(encoding="utf-8").splitlines()


LOOKS_LIKE_FACT = re.compile(
    r"\d[\d\s\u00a0.,]*\s*(euroa|€|%|prosent)"  # an amount or a percentage
    r"|\d{1,2}\.\d{1,2}\.\d{4}|\b(19|20)\d\d\b"  # a date or a year
    r"|^[A-ZÄÖÅ][\w\s/()-]{1,40}:"  # a "Label:" line
)


def test_the_checklist_is_well_formed():
    assert set(FACTS) == {"facts", "not_facts"}
    projects = {p.stem for p in (REPO / "data" / "projects").glob("*.yaml")}
    for fact in FACTS["facts"]:
        assert set(fact) <= {"project", "what", "value", "page", "line", "earlier"}, fact
        assert fact["project"] in projects, fact
        assert fact["what"] in KINDS, fact
        assert str(fact["page"]) in PAGES and 1 <= fact["line"] <= len(page_lines(str(fact["page"]))), fact
        assert (fact["what"] == "source") == ("value" not in fact), fact
    assert {f["project"] for f in FACTS["facts"] if f["what"] == "source"} == projects


@pytest.mark.parametrize("fact", FACTS["facts"], ids=fact_id)
def test_the_fact_holds_in_the_published_graph(fact):
    s, _ = store()
    query = PREFIXES + "ASK { " + ask(fact) + " }"
    assert s.query(query), f"not in the graph: {fact}\n{query}"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_line_is_cited_or_declared_not_a_fact(page):
    cited = {f["line"] for f in FACTS["facts"] if str(f["page"]) == page}
    waived = {n["line"]: n for n in FACTS["not_facts"] if str(n["page"]) == page}
    for n in waived.values():
        assert n.get("why"), f"{page}:{n['line']}: a not_facts entry needs a reason"
    missing = [
        f"{page}:{i}: {text[:70]}" for i, text in enumerate(page_lines(page), start=1)
        if text.strip() and i not in cited and i not in waived
    ]
    assert missing == [], "lines cited by no fact:\n" + "\n".join(missing)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_no_line_that_looks_like_a_fact_is_waived(page):
    lines = page_lines(page)
    waived = [n for n in FACTS["not_facts"] if str(n["page"]) == page]
    looks = [f"{page}:{n['line']}: {lines[n['line'] - 1][:70]}" for n in waived
             if LOOKS_LIKE_FACT.search(lines[n["line"] - 1].replace("\u202f", " ")) and not n.get("page_level")]
    assert looks == []
