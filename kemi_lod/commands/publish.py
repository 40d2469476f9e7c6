"""`kemi-lod publish`: a built publication -> named graphs of a SPARQL 1.1 Graph Store.

Four graphs, named from the base IRI (`{base_iri}graph/<name>`):

  data        the dump (`<dataset>.nt`)
  vocabulary  `ontology/*.ttl` (the vocabulary and the code lists)
  shapes      `shapes/*.ttl`
  catalogue   `catalog.ttl`

Each graph is sent whole in one HTTP PUT (Graph Store Protocol, indirect graph
identification `?graph=IRI`), which replaces the graph in the store: there is no
clear-then-append step that a failure could leave half done. The catalogue goes last, so the
store never holds a catalogue announcing data that was not loaded: when any PUT fails, the
catalogue graph is the previous one.

Before the first PUT the store's query endpoint is asked how many triples each graph holds,
so a store that is down fails before anything is sent, and the graphs that did not exist are
reported as new; afterwards the same query checks that every graph holds exactly the triples
sent. Credentials come from the environment (`KEMI_LOD_STORE_USER`,
`KEMI_LOD_STORE_PASSWORD`; `KEMI_LOD_STORE_AUTH=digest` for stores that want HTTP Digest),
never from the command line, where other users of the machine could read them.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.errors import KemiLodError, display_path
from kemi_lod.progress import SILENT, Progress
from kemi_lod.rdf import formats
from kemi_lod.rdf.results import RESULT_FORMATS

USER_VARIABLE = "KEMI_LOD_STORE_USER"
PASSWORD_VARIABLE = "KEMI_LOD_STORE_PASSWORD"
AUTH_VARIABLE = "KEMI_LOD_STORE_AUTH"  # basic (default) or digest
GRAPH_ORDER = ("data", "vocabulary", "shapes", "catalogue")  # the catalogue last
# seconds the store may take to accept a connection or to send anything (each read and write
# waits at most this long); the setting publish_timeout changes it
TIMEOUT = 60.0
BATCH = 65536  # triples read between two reports of progress


class StoreError(KemiLodError):
    """The store could not be reached, refused a request or holds other triples: exit code 2."""

    exit_code = 2


@dataclass(frozen=True)
class GraphPayload:
    name: str  # data, vocabulary, shapes, catalogue
    iri: str
    files: tuple[str, ...]  # relative to the build, for messages
    body: bytes  # N-Triples
    triples: int


@dataclass(frozen=True)
class GraphOutcome:
    name: str
    iri: str
    triples: int  # sent, and found in the store afterwards
    new: bool  # the store held no triples in this graph before


@dataclass(frozen=True)
class PushResult:
    graphs: tuple[GraphOutcome, ...]


def graph_iris(settings: Settings) -> dict[str, str]:
    """The named graphs of a publication, in the order they are sent."""
    return {name: f"{settings.base_iri}graph/{name}" for name in GRAPH_ORDER}


def derive_query_endpoint(store_url: str) -> str | None:
    """The SPARQL query endpoint beside a Graph Store endpoint, for stores whose layout is known.

    Oxigraph `…/store` -> `…/query`; Fuseki `…/<dataset>/data` -> `…/<dataset>/sparql`;
    GraphDB `…/repositories/<id>/rdf-graphs/service` -> `…/repositories/<id>`.
    """
    parts = urllib.parse.urlsplit(store_url)
    path = parts.path.rstrip("/")
    for suffix, replacement in (("/store", "/query"), ("/rdf-graphs/service", ""), ("/data", "/sparql")):
        if path.endswith(suffix):
            return urllib.parse.urlunsplit(parts._replace(path=path[: -len(suffix)] + replacement, query=""))
    return None


def _files_of(build: Path, name: str, dataset: str) -> list[Path]:
    if name == "data":
        return [build / f"{dataset}.nt"]
    if name == "catalogue":
        return [build / "catalog.ttl"]
    folder = build / ("ontology" if name == "vocabulary" else "shapes")
    return sorted(folder.glob("*.ttl"))


def read_graphs(build: Path, settings: Settings, progress: Progress = SILENT) -> list[GraphPayload]:
    """Each graph's triples from the built files, as one N-Triples body (duplicates dropped)."""
    payloads = []
    progress.stage("read", None, "triples")
    for name, iri in graph_iris(settings).items():
        files = _files_of(build, name, settings.dataset)
        missing = [f for f in files if not f.is_file()]
        if not files or missing:
            shown = display_path(missing[0] if missing else build / name)
            raise StoreError(f"{shown}: not in the build (run kemi-lod build first); nothing was sent")
        triples: set[ox.Triple] = set()
        for f in files:
            fmt = ox.RdfFormat.N_TRIPLES if f.suffix == ".nt" else ox.RdfFormat.TURTLE
            try:
                _add_counted(triples, ox.parse(path=str(f), format=fmt), progress)
            except (SyntaxError, OSError) as exc:
                raise StoreError(f"{display_path(f)}: cannot read the built file ({exc}); nothing was sent") from None
        body = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES)
        rel = tuple(str(f.relative_to(build)) for f in files)
        payloads.append(GraphPayload(name, iri, rel, body, len(triples)))
    return payloads


def _add_counted(triples: set[ox.Triple], quads: Iterable[ox.Quad], progress: Progress) -> None:
    quads = iter(quads)
    while batch := [q.triple for q in itertools.islice(quads, BATCH)]:
        triples.update(batch)
        progress.advance(len(batch))


class StoreClient:
    """HTTP to one store: Graph Store PUTs and SPARQL count queries, with optional credentials."""

    def __init__(self, store_url: str, query_url: str, env: Mapping[str, str], timeout: float = TIMEOUT) -> None:
        self.store_url, self.query_url, self.timeout = store_url, query_url, timeout
        user, password = env.get(USER_VARIABLE), env.get(PASSWORD_VARIABLE)
        if (user is None) != (password is None):
            raise StoreError(f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither")
        scheme = (env.get(AUTH_VARIABLE) or "basic").lower()
        if scheme not in ("basic", "digest"):
            raise StoreError(f"{AUTH_VARIABLE} must be basic or digest, found {scheme!r}")
        handlers: list = []
        self._basic: str | None = None
        if user is not None and scheme == "digest":
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, [store_url, query_url], user, password)
            handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
        elif user is not None:  # sent with the first request, so a body is never sent twice
            self._basic = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        # redirects would resend credentials elsewhere: the store's URL must be the final one
        handlers.append(_NoRedirect())
        self._opener = urllib.request.build_opener(*handlers)

    def _request(self, url: str, method: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, bytes]:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        if self._basic:
            request.add_header("Authorization", self._basic)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace").strip()
            reason = f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
            raise _Failed(reason) from None
        except TimeoutError:
            raise _Failed(f"no answer within {self.timeout:g} s (the setting publish_timeout)") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise _Failed(f"no answer within {self.timeout:g} s (the setting publish_timeout)") from None
            raise _Failed(f"cannot connect ({reason})") from None

    def counts(self, iris: list[str]) -> dict[str, int]:
        """Triples in each named graph (0 for a graph the store does not hold)."""
        values = " ".join(f"<{iri}>" for iri in iris)
        query = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
        body = urllib.parse.urlencode({"query": query}).encode()
        _, answer = self._request(self.query_url, "POST", body, {
            "Content-Type": formats.FORM,
            "Accept": RESULT_FORMATS["json"].media_type,
        })
        try:
            rows = json.loads(answer)["results"]["bindings"]
            found = {row["g"]["value"]: int(row["n"]["value"]) for row in rows}
        except (ValueError, KeyError, TypeError):
            raise _Failed("the query endpoint did not answer with SPARQL JSON results") from None
        return {iri: found.get(iri, 0) for iri in iris}

    def put(self, graph_iri: str, body: bytes) -> None:
        separator = "&" if urllib.parse.urlsplit(self.store_url).query else "?"
        url = f"{self.store_url}{separator}{urllib.parse.urlencode({'graph': graph_iri})}"
        self._request(url, "PUT", body, {"Content-Type": formats.N_TRIPLES.media_type})


class _Failed(Exception):
    """One request failed; the caller says what that means for the publication."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        raise urllib.error.HTTPError(req.full_url, code, f"redirect to {newurl} (give the final URL)", headers, fp)


def publish_to_store(build: Path, settings: Settings, store_url: str, query_url: str | None = None,
                     env: Mapping[str, str] | None = None, progress: Progress = SILENT) -> PushResult:
    """PUT the build's four graphs (the catalogue last), then check the store's counts.

    `progress` hears of the triples read (in batches) and of those sent (a graph at a time)."""
    if not store_url.startswith(("http://", "https://")):
        raise StoreError(f"{store_url!r}: the Graph Store endpoint must be an http(s) URL")
    query_url = query_url or derive_query_endpoint(store_url)
    if query_url is None:
        raise StoreError(f"{store_url}: give --query-endpoint (the store's SPARQL query URL); "
                         "it is derived only for …/store (Oxigraph), …/data (Fuseki) and …/rdf-graphs/service (GraphDB)")
    payloads = read_graphs(build, settings, progress)
    client = StoreClient(store_url, query_url, os.environ if env is None else env, settings.publish_timeout)
    iris = [p.iri for p in payloads]
    try:
        before = client.counts(iris)
    except _Failed as exc:
        raise StoreError(f"{query_url}: the store cannot be queried: {exc}; nothing was sent") from None
    done: list[str] = []
    progress.stage("send", sum(p.triples for p in payloads), "triples")
    for p in payloads:
        try:
            client.put(p.iri, p.body)
        except _Failed as exc:
            replaced = ", ".join(done) if done else "none"
            raise StoreError(
                f"{store_url}: PUT of the {p.name} graph <{p.iri}> failed: {exc}; graphs replaced before it: "
                f"{replaced}; the catalogue graph was not sent, so the store's catalogue is still the previous one"
            ) from None
        done.append(p.name)
        progress.advance(p.triples)
    try:
        after = client.counts(iris)
    except _Failed as exc:
        raise StoreError(f"{query_url}: every graph was sent, but the store cannot be queried to check them: {exc}") from None
    wrong = [f"{p.name} <{p.iri}> holds {after[p.iri]} triples, the build has {p.triples}"
             for p in payloads if after[p.iri] != p.triples]
    if wrong:
        raise StoreError(f"{store_url}: the store does not hold what was sent: " + "; ".join(wrong))
    return PushResult(tuple(GraphOutcome(p.name, p.iri, p.triples, before[p.iri] == 0) for p in payloads))
