"""`kemi-lod serve`: the web root with content negotiation, and a read-only SPARQL endpoint.

Standard library only (`http.server.ThreadingHTTPServer`): every request has its own thread, so
a long query never holds up other clients. `negotiation` weighs Accept, `endpoint` runs the
queries in worker processes, `handler` answers the requests, `query_page` is the page at /sparql.
"""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

from kemi_lod.commands.serve.endpoint import QueryPool
from kemi_lod.commands.serve.handler import Handler, Site
from kemi_lod.config import Settings


class _Server(ThreadingHTTPServer):
    # the listen backlog: socketserver's 5 resets connections when many clients connect at once
    request_queue_size = 128


def make_server(root: Path, settings: Settings, host: str = "127.0.0.1", port: int = 8000, workers: int = 2,
                verbose: bool = False) -> ThreadingHTTPServer:
    """A ready server (port 0 picks a free port); call serve_forever(), then shutdown() and close_server()."""
    def new_pool(dump: Path) -> QueryPool:
        return QueryPool(dump, workers, settings.query_timeout, settings.max_results)

    dump = Path(root).resolve() / f"{settings.dataset}.nt"
    pool = new_pool(dump) if dump.is_file() else None
    site = Site(Path(root), settings, pool, new_pool)
    handler = type("BoundHandler", (Handler,), {"site": site})
    server = _Server((host, port), handler)
    server.daemon_threads = True
    server.slots = threading.BoundedSemaphore(settings.max_clients)  # type: ignore[attr-defined]
    server.verbose = verbose  # type: ignore[attr-defined]
    server.site = site  # type: ignore[attr-defined]
    return server


def close_server(server: ThreadingHTTPServer) -> None:
    server.server_close()
    site = getattr(server, "site", None)
    if site is not None and site.pool is not None:
        site.pool.close()


def run_serve(root: Path, settings: Settings, host: str, port: int, verbose: bool = True) -> None:
    """Serve until interrupted."""
    server = make_server(root, settings, host, port, verbose=verbose)
    try:
        server.serve_forever()
    finally:
        close_server(server)
