"""`kemi-lod.yaml` -> frozen `Settings`, loaded once and passed down; nothing global."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kemi_lod.records import fields as f
from kemi_lod.errors import Problem, UsageError, display_path
from kemi_lod.linking import CODE_LIST, DEFAULT_MUNICIPALITY_CODES, DEFAULT_REGION_CODES
from kemi_lod.vocabulary.terms import DATA_THEMES, LANGUAGE_AUTHORITY, LICENCE_AUTHORITY, PUBLISHER_TYPES, licence_key
from kemi_lod.records.yamldoc import read_yaml

CONFIG_NAME = "kemi-lod.yaml"
PERSONS_SETTINGS = ("names", "roles", "none")


@dataclass(frozen=True)
class Publisher:
    id: str
    name: f.Text
    business_id: str | None
    homepage: str | None
    type: str | None = None  # an ADMS publisher type code (LocalAuthority, ...)


@dataclass(frozen=True)
class ContactPoint:
    name: f.Text
    email: str | None
    url: str | None


@dataclass(frozen=True)
class Spatial:
    name: f.Text
    iri: str | None


@dataclass(frozen=True)
class Register:
    """The project register a publication's projects carry codes of (linking)."""

    name: f.Text
    page: str  # a project's public page, with {code} where its code goes
    publication: str | None = None  # the base IRI of the register's own kemi-lod publication


@dataclass(frozen=True)
class Settings:
    root: Path
    dataset: str
    base_iri: str
    organisations_base: str
    title: f.Text
    description: f.Text
    publisher: Publisher
    contact_point: ContactPoint
    licence: str
    spatial: Spatial
    languages: tuple[str, ...]
    persons: str
    max_amount: Decimal
    themes: tuple[str, ...] = ()  # EU data-theme codes
    keywords: tuple[f.Text, ...] = ()
    issued: f.PartialDate | None = None
    homepage: str | None = None  # the publication's web page (default: base_iri)
    catalogue_title: f.Text | None = None  # default: title
    catalogue_description: f.Text | None = None  # default: description
    # --- the site and the server (site, commands.serve) ---
    pages: bool = True  # a page and documents per resource; off for very large publications
    query_timeout: float = 10.0  # seconds a SPARQL query of `kemi-lod serve` may run
    max_results: int = 10000  # result rows (or triples) a SPARQL query of `kemi-lod serve` may return
    # --- the endpoint's request limits (commands.serve refusals) ---
    max_query_bytes: int = 100_000  # a SPARQL query's text
    max_body_bytes: int = 1_000_000  # a POST body (a form-encoded query is longer than its text)
    max_clients: int = 512  # connections open at once (each a socket, not a thread); more wait in the listen queue
    max_clients_per_address: int = 16  # connections from one client address; more are answered 503 at once
    max_response_bytes: int = 20_000_000  # the text of one SPARQL result
    max_query_memory_bytes: int = 1_000_000_000  # memory one SPARQL query may add to its worker
    request_deadline: float = 10.0  # seconds a request's head and body may take to arrive, in all
    # --- the public SPARQL endpoint (outputs.catalog: a dcat:DataService) ---
    endpoint: str | None = None  # the public URL of the publication's SPARQL endpoint, if it has one
    endpoint_description: str | None = None  # a document describing it (SPARQL service description, OpenAPI…)
    publish_timeout: float = 60.0  # seconds kemi-lod publish waits for the store to connect or answer
    # persons named only as earlier contacts (a project's history): published with `names` only if true
    earlier_contacts: bool = False
    # --- links to other data (linking) ---
    municipality_codes: str = DEFAULT_MUNICIPALITY_CODES  # the version of the municipality code list linked to
    region_codes: str = DEFAULT_REGION_CODES
    register: Register | None = None


def _base(node, ctx, where):
    value = f.iri(node, ctx, where)
    if not value.startswith(("http://", "https://")):
        raise f.Invalid(f"expected an http(s) IRI, found {value!r}")
    if not value.endswith("/"):
        raise f.Invalid(f"must end with '/', found {value!r}")
    return value


def _email(node, ctx, where):
    value = f.string(node, ctx, where)
    if "@" not in value or " " in value:
        raise f.Invalid(f"not an e-mail address: {value!r}")
    return value


def _language(node, ctx, where):
    value = f.string(node, ctx, where)
    if not f.LANG_TAG.match(value):
        raise f.Invalid(f"not a language tag: {value!r}")
    if value not in LANGUAGE_AUTHORITY:
        raise f.Invalid(f"no EU language authority code is known for {value!r}; known: {', '.join(sorted(LANGUAGE_AUTHORITY))}")
    return value


def _licence(node, ctx, where):
    value = f.iri(node, ctx, where)
    if licence_key(value) not in LICENCE_AUTHORITY:
        known = ", ".join(f"https://{k}/" for k in LICENCE_AUTHORITY)
        raise f.Invalid(f"no EU licence authority IRI is known for {value!r}; known: {known}")
    return value


def _theme(node, ctx, where):
    value = f.string(node, ctx, where)
    if value not in DATA_THEMES:
        raise f.Invalid(f"not an EU data theme: {value!r}; expected one of {', '.join(DATA_THEMES)}")
    return value


PUBLISHER = {
    "id": f.Field(f.identifier, required=True),
    "name": f.Field(f.text, required=True),
    "business_id": f.Field(f.business_id),
    "homepage": f.Field(f.web_iri),
    "type": f.Field(f.choice(*PUBLISHER_TYPES)),
}
CONTACT = {
    "name": f.Field(f.text, required=True),
    "email": f.Field(_email),
    "url": f.Field(f.web_iri),
}
CATALOGUE = {"title": f.Field(f.text, required=True), "description": f.Field(f.text, required=True)}
SPATIAL = {"name": f.Field(f.text, required=True), "iri": f.Field(f.web_iri)}
CONFIG = {
    "dataset": f.Field(f.identifier, required=True),
    "base_iri": f.Field(_base, required=True),
    "organisations_base": f.Field(_base),
    "title": f.Field(f.text, required=True),
    "description": f.Field(f.text, required=True),
    "publisher": f.Field(f.mapping(PUBLISHER), required=True),
    "contact_point": f.Field(f.mapping(CONTACT), required=True),
    "licence": f.Field(_licence, required=True),
    "spatial": f.Field(f.mapping(SPATIAL), required=True),
    "languages": f.Field(f.listof(_language), required=True),
    "persons": f.Field(f.choice(*PERSONS_SETTINGS)),
    "earlier_contacts": f.Field(f.boolean),
    "publish_timeout": f.Field(f.number(Decimal("0.1"), Decimal(86400))),
    "max_amount": f.Field(f.number(Decimal(1))),
    "themes": f.Field(f.listof(_theme)),
    "keywords": f.Field(f.listof(f.text)),
    "issued": f.Field(f.date),
    "homepage": f.Field(f.web_iri),
    "catalogue": f.Field(f.mapping(CATALOGUE)),
}


# --- the site and the server (site, commands.serve) ---
SERVER = {
    "query_timeout": f.Field(f.number(Decimal("0.1"), Decimal(3600))),
    "max_results": f.Field(f.number(Decimal(1))),
}
CONFIG["pages"] = f.Field(f.boolean)
CONFIG["server"] = f.Field(f.mapping(SERVER))


# --- the endpoint's request limits (commands.serve refusals) ---
LIMITS = ("max_query_bytes", "max_body_bytes", "max_clients", "max_clients_per_address", "max_response_bytes",
          "max_query_memory_bytes")
SERVER.update({name: f.Field(f.number(Decimal(1), Decimal(10**12))) for name in LIMITS})
SERVER["request_deadline"] = f.Field(f.number(Decimal("0.1"), Decimal(3600)))


def _limit_settings(e: f.Entry) -> dict:
    server = e.get("server")
    out = {name: int(server.get(name)) for name in LIMITS if server is not None and name in server}
    if server is not None and "request_deadline" in server:
        out["request_deadline"] = float(server.get("request_deadline"))
    return out


def _site_settings(e: f.Entry) -> dict:
    server = e.get("server")
    out: dict = {"pages": e.get("pages", True)}
    if server is not None and "query_timeout" in server:
        out["query_timeout"] = float(server.get("query_timeout"))
    if server is not None and "max_results" in server:
        out["max_results"] = int(server.get("max_results"))
    return out


# --- the public SPARQL endpoint (outputs.catalog: a dcat:DataService) ---
def _http_iri(node, ctx, where):
    value = f.iri(node, ctx, where)
    if not value.startswith(("http://", "https://")):
        raise f.Invalid(f"expected an http(s) URL, found {value!r}")
    return value


CONFIG["endpoint"] = f.Field(_http_iri)
CONFIG["endpoint_description"] = f.Field(_http_iri)


def _endpoint_settings(e: f.Entry) -> dict:
    return {"endpoint": e.get("endpoint"), "endpoint_description": e.get("endpoint_description")}


# --- links to other data (linking) ---
def _code_list(name: str):
    def parse(node, ctx, where):
        value = f.iri(node, ctx, where)
        match = CODE_LIST.match(value)
        if match is None or match["name"] != name:
            raise f.Invalid(f"expected a version of the {name} code list, http://uri.suomi.fi/codelist/jhs/{name}_1_<yyyymmdd>; found {value!r}")
        return value

    return parse


def _page_pattern(node, ctx, where):
    value = f.string(node, ctx, where)
    if value.count("{code}") != 1:
        raise f.Invalid(f"a project page's URL with {{code}} once where the project's code goes; found {value!r}")
    filled = value.replace("{code}", "A00000")
    problem = f.iri_problem(filled)
    if problem or not filled.startswith(("http://", "https://")):
        raise f.Invalid(f"expected an http(s) URL with {{code}} in it, found {value!r}")
    return value


REGISTER = {
    "name": f.Field(f.text, required=True),
    "page": f.Field(_page_pattern, required=True),
    "publication": f.Field(_base),
}
LINKS = {"municipality_codes": f.Field(_code_list("kunta")), "region_codes": f.Field(_code_list("maakunta"))}
CONFIG["links"] = f.Field(f.mapping(LINKS))
CONFIG["register"] = f.Field(f.mapping(REGISTER))


def _link_settings(e: f.Entry) -> dict:
    links, register = e.get("links"), e.get("register")
    out: dict = {}
    for name in LINKS:
        if links is not None and name in links:
            out[name] = links.get(name)
    if register is not None:
        out["register"] = Register(register.get("name"), register.get("page"), register.get("publication"))
    return out


def find_config(config: Path | None) -> Path:
    path = config if config is not None else Path(CONFIG_NAME)
    if not path.is_file():
        hint = "" if config is not None else " (run it in a publication folder, or give --config)"
        raise UsageError(f"{display_path(path)}: configuration file not found{hint}")
    return path


def load_settings(config: Path | None = None) -> Settings:
    """Read and check the configuration; raises UsageError with every problem found."""
    path = find_config(config)
    shown = display_path(path)
    doc = read_yaml(path, shown)
    problems: list[Problem] = list(doc.problems)
    entry = None
    if doc.root is not None:
        ctx = f.Context(shown, {}, problems, [])
        entry = f.read_mapping(doc.root, CONFIG, ctx)
        if entry is not None and "endpoint_description" in entry and "endpoint" not in entry:
            problems.append(Problem(shown, entry.line_of("endpoint_description"), "endpoint_description",
                                    "describes the SPARQL endpoint, so it needs 'endpoint' (the endpoint's URL)"))
    if problems or entry is None:
        raise UsageError(f"{shown}: invalid configuration", tuple(sorted(problems)))
    return _settings(entry, path)


def _settings(e: f.Entry, path: Path) -> Settings:
    pub, contact, spatial = e.get("publisher"), e.get("contact_point"), e.get("spatial")
    catalogue = e.get("catalogue")
    return Settings(
        root=path.resolve().parent,
        dataset=e.get("dataset"),
        base_iri=e.get("base_iri"),
        organisations_base=e.get("organisations_base", e.get("base_iri")),
        title=e.get("title"),
        description=e.get("description"),
        publisher=Publisher(pub.get("id"), pub.get("name"), pub.get("business_id"), pub.get("homepage"), pub.get("type")),
        contact_point=ContactPoint(contact.get("name"), contact.get("email"), contact.get("url")),
        licence=e.get("licence"),
        spatial=Spatial(spatial.get("name"), spatial.get("iri")),
        languages=e.get("languages"),
        persons=e.get("persons", "roles"),  # privacy by default: role titles, no names
        earlier_contacts=e.get("earlier_contacts", False),
        publish_timeout=float(e.get("publish_timeout", 60)),
        max_amount=e.get("max_amount", Decimal("1e10")),
        themes=e.get("themes", ()),
        keywords=e.get("keywords", ()),
        issued=e.get("issued"),
        homepage=e.get("homepage"),
        catalogue_title=catalogue.get("title") if catalogue else None,
        catalogue_description=catalogue.get("description") if catalogue else None,
        **_site_settings(e),
        **_endpoint_settings(e),
        **_limit_settings(e),
        **_link_settings(e),
    )
