"""Property-based tests (hypothesis) of the YAML loader, the record loader and the IRI minting.

The loader and the importers must never fail with an unexpected exception, whatever they read;
every IRI the tool mints must be a valid IRI, and distinct records must get distinct IRIs. (The
importers have their own any-input properties in test_import_page.py and test_import_register.py;
the importers' ids are checked here, where the IRIs are minted from them.)
"""

from __future__ import annotations

import re
from decimal import Decimal

import pyoxigraph as ox
import rdflib
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from support import FIXTURE, REPO
from kemi_lod.config import load_settings
from kemi_lod.records.fields import ID_PATTERN
from kemi_lod.importers.common import normalise_org_name, slug
from kemi_lod.mapping import map_records, resource_iri
from kemi_lod.records.load import KINDS, PROJECT_FIELDS, RecordFile, Records, contacts_in, load_record
from kemi_lod.vocabulary.files import codes
from kemi_lod.records.yamldoc import parse_yaml

SETTINGS = load_settings(FIXTURE / "kemi-lod.yaml")
CODES = codes()
# RFC 3987 IRI: no spaces, controls or these delimiters anywhere; a scheme first
IRI_OK = re.compile(r'^[a-z][a-z0-9+.-]*:[^\x00-\x20<>"{}|\\^`\x7f-\x9f]+$')

# --- the YAML loader ----------------------------------------------------------------------------

_YAML_PIECES = [
    "title:", "sources:", "budget:", "period:", "funding:", "- ", "  ", "\t", "\n", ":", "{", "}", "[", "]", ",", "'", '"',
    "&a", "*a", "!!python/object:os.system", "!x", "<<:", "? ", "---", "...", "#", "|", ">", "-1", "1e9", ".nan",
    "2021-02-30", "\ufeff", "\x00", "\x1b", "\u2028", "\\", "%YAML 1.2", "@", "`", "~", "null", "yes", "0x1F", "🎉",
]
YAMLISH = st.lists(st.sampled_from(_YAML_PIECES) | st.text(max_size=6), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=400) | YAMLISH.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_the_yaml_loader_never_raises_and_locates_its_problems(data):
    doc = parse_yaml(data, "x.yaml")
    assert doc.root is not None or doc.problems  # a document, or the reason there is none
    # YAML also breaks lines at U+0085, U+2028 and U+2029, as str.splitlines does
    lines = len(data.decode("utf-8", "replace").splitlines()) + 1
    for p in doc.problems:
        assert p.path == "x.yaml" and 0 <= p.line <= lines + 1 and p.message


_CONTACT_PIECES = ["contacts:", "\ncontacts:", "\n  - person: p1", "\n- {person: p2, role: x}", "\n  - person: 'p3'",
                   "\ntitle: \"a", "\ntitle: 'b", "\n  title: [c", "\n...", "\n---\n", "\nperson: p4", "\n#", "\\"]
CONTACTY = st.lists(st.sampled_from(_CONTACT_PIECES + _YAML_PIECES) | st.text(max_size=4), max_size=30).map("".join)


def _contacts_of_whole_text(data: bytes) -> list[str] | None:
    """The current contacts' persons as composing the whole text gives them (None: no YAML)."""
    try:
        root = yaml.compose(data, Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return None
    pairs = root.value if isinstance(root, yaml.MappingNode) else []
    contacts = next((v for k, v in pairs if isinstance(k, yaml.ScalarNode) and k.value == "contacts"), None)
    if not isinstance(contacts, yaml.SequenceNode):
        return []
    return [v.value for item in contacts.value if isinstance(item, yaml.MappingNode) for k, v in item.value
            if isinstance(k, yaml.ScalarNode) and k.value == "person" and isinstance(v, yaml.ScalarNode)]


@settings(max_examples=600, deadline=None)
@given(CONTACTY)
def test_the_contacts_read_from_their_block_alone_are_those_of_the_whole_record(text):
    data = text.encode("utf-8", "surrogatepass")
    whole = _contacts_of_whole_text(data)
    if whole is not None:  # the text is YAML (otherwise loading the record reports it)
        assert contacts_in(data) == whole


def test_the_contacts_read_from_their_block_alone_are_those_of_the_whole_record_in_the_data():
    for path in sorted((REPO / "data").rglob("*.yaml")) + sorted((FIXTURE / "data").rglob("*.yaml")):
        data = path.read_bytes()
        assert contacts_in(data) == (_contacts_of_whole_text(data) or []), path
    quoted = b'title: "two\ncontacts:\n- person: hidden\n"\ncontacts:\n- person: shown\n'
    assert contacts_in(quoted) == ["shown"]  # a `contacts:` line inside a quoted title is not the key
    assert contacts_in(b'title: "two\ncontacts:\n- person: hidden\n"\n') == []


def _project_file() -> RecordFile:
    return RecordFile("project", "koe", "koe.yaml", "data/projects/koe.yaml")


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_any_text_as_a_record_is_loaded_or_reported(text):
    record, problems, refs = load_record(_project_file(), text.encode("utf-8", "surrogatepass"), CODES, Decimal("1e10"))
    assert record is not None or problems
    assert all(p.path == "data/projects/koe.yaml" for p in problems)


# --- records that load map to valid IRIs -------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30)
SCALAR = st.one_of(TEXT, st.integers(-10, 10**12), st.decimals(-1, 10**9, places=3, allow_nan=False).map(float), st.booleans(),
                   st.sampled_from(["2020", "2020-02", "2020-02-29", "2021-02-29", "7-17", "sivu", "rahoittaja",
                                    "municipal", "coordinator", "p-0a1b", "https://example.org/x y",
                                    "applied", "granted", "planned", "paid"]))
VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["amount", "group", "funder", "source", "lines", "start", "end", "ongoing", "fi", "en", "person",
                     "role", "year", "headcount", "code", "x",
                     # the money fields of record format 2 (contributions, budgets, public funding)
                     "status", "status_date", "paid", "part_of", "sources", "planned", "realised"]), inner, max_size=4),
    max_leaves=10)
PROJECT = st.fixed_dictionaries(
    {"title": TEXT, "sources": st.just([{"source": "sivu", "lines": "3"}])},
    optional={k: VALUE for k in ("summary", "budget", "period", "funding", "contacts", "staff", "public_funding",
                                 "notes", "area", "annual_budget", "funding_complete", "identifier",
                                 "city_share", "status")},  # the last two retired: always refused
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROJECT)
def test_a_record_that_loads_maps_to_valid_triples(fields):
    data = yaml.safe_dump(fields, allow_unicode=True).encode("utf-8")
    record, problems, refs = load_record(_project_file(), data, CODES, Decimal("1e10"))
    if problems or record is None:
        assert all(p.message for p in problems)
        return
    mapped = map_records(Records({"project": (record,)}), SETTINGS)
    for t in mapped.triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                assert IRI_OK.match(term.value), term.value
            assert not isinstance(term, ox.BlankNode)
    # the serialized record reads back in an independent parser
    nt = ox.serialize(mapped.triples, format=ox.RdfFormat.N_TRIPLES)
    assert len(rdflib.Graph().parse(data=nt.decode(), format="nt")) == len(set(mapped.triples))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROJECT, st.sampled_from(["city_share", "status"]), VALUE.filter(lambda v: v is not None))
def test_a_record_with_a_retired_field_never_loads(fields, retired, value):
    """Record format 2 refuses `city_share` and the project's `status`, whatever their value,
    and says what to write instead."""
    data = yaml.safe_dump({**fields, retired: value}, allow_unicode=True).encode("utf-8")
    record, problems, refs = load_record(_project_file(), data, CODES, Decimal("1e10"))
    hint = f"this field was retired in record format 2 (vocabulary 2.0.0): {PROJECT_FIELDS[retired].retired}"
    assert hint in [p.message for p in problems if p.field == retired]  # beside any other problem of its text


# --- IRI minting -------------------------------------------------------------------------------

IDS = st.from_regex(ID_PATTERN, fullmatch=True).filter(lambda s: len(s) <= 80)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(KINDS.values())), IDS), max_size=30, unique=True))
def test_minted_iris_are_valid_and_distinct_for_distinct_records(keys):
    iris = [resource_iri(SETTINGS, kind, ident) for kind, ident in keys]
    assert len(set(iris)) == len(iris)
    for iri in iris:
        assert IRI_OK.match(iri), iri
        assert ox.NamedNode(iri).value == iri
        assert str(rdflib.URIRef(iri)) == iri
        assert iri.startswith((SETTINGS.base_iri, SETTINGS.organisations_base))


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=120))
def test_importer_ids_are_ids_whatever_the_name(name):
    ident = slug(name)
    assert ID_PATTERN.match(ident), ident
    assert len(ident) <= 60
    assert IRI_OK.match(resource_iri(SETTINGS, "org", ident))
    key = normalise_org_name(name)
    assert normalise_org_name(key) == key  # a key is its own key: two spellings meet in one id
    assert ID_PATTERN.match(slug(key))
