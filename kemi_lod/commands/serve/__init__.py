"""`kemi-lod serve`: the web root with content negotiation, and a read-only SPARQL endpoint.

`server` holds the connections (waitress, with a total request deadline and a limit per client
address), `handler` answers each complete request, `negotiation` weighs Accept, `endpoint` runs
the queries in worker processes, `query_page` is the page at /sparql.
"""

from __future__ import annotations

from pathlib import Path

from kemi_lod.commands.serve.endpoint import QueryPool
from kemi_lod.commands.serve.handler import Site
from kemi_lod.commands.serve.server import Server
from kemi_lod.config import Settings


def make_server(root: Path, settings: Settings, host: str = "127.0.0.1", port: int = 8000, workers: int = 2,
                verbose: bool = False) -> Server:
    """A ready server (port 0 picks a free port); call serve_forever(), then shutdown() and close_server()."""
    def new_pool(dump: Path) -> QueryPool:
        return QueryPool(dump, workers, settings)

    dump = Path(root).resolve() / f"{settings.dataset}.nt"
    pool = new_pool(dump) if dump.is_file() else None
    return Server(Site(Path(root), settings, pool, new_pool), host, port, verbose)


def close_server(server: Server) -> None:
    server.site.close()


def run_serve(root: Path, settings: Settings, host: str, port: int, verbose: bool = True) -> None:
    """Serve until interrupted."""
    server = make_server(root, settings, host, port, verbose=verbose)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        close_server(server)
