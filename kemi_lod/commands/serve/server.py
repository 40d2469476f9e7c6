"""The connections of `kemi-lod serve`: waitress for HTTP, and the two defences it lacks.

waitress (the Pylons project's pure-Python WSGI server) does what a kept server does well: one
I/O thread reads each request whole (head and body, the body buffered, its size capped) before
a worker thread sees it, so a client that trickles bytes costs a socket, never a thread; it
speaks HTTP/1.1 with keep-alive and pipelining, caps the head's size, writes responses without
holding a thread for a slow reader, and closes connections silent for too long.

What it lacks, written here:
- a **total deadline** for a request's head and body: waitress's timeout is for silence, so a
  client sending one byte every few seconds would keep its connection for ever;
- a **limit per client address**: waitress's connection limit is for all clients together, so one
  client opening many connections would take them all; over the limit a client's new connection
  is answered 503 at once and closed.
"""

from __future__ import annotations

import http
import logging
import socket
import sys
import threading
import time

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge, RequestHeaderFieldsTooLarge
from waitress import wasyncore

from kemi_lod.commands.serve.handler import Request, Site, respond
from kemi_lod.rdf import formats
from kemi_lod.site.hosting import SECURITY_HEADERS

THREADS = 16  # requests answered at once (a SPARQL query holds one while its worker runs it)
IDLE_TIMEOUT = 30  # seconds a connection may stay silent between requests
MAX_HEAD_BYTES = 65_536 + 8_192  # a request line of 64 KiB (a long GET query) and its headers
_BUSY_TEXT = b"too many connections from your address at once; try again shortly"
BUSY = b"\r\n".join([
    b"HTTP/1.1 503 Service Unavailable", f"Content-Type: {formats.PLAIN_TEXT}".encode(), b"Retry-After: 1",
    *(f"{name}: {value}".encode() for name, value in SECURITY_HEADERS.items()),
    b"Connection: close", b"Content-Length: %d" % len(_BUSY_TEXT), b"", _BUSY_TEXT])


# "Task queue depth is N" on every request that waits for a thread: noise under load, and
# printing it costs the server time (the clients' view is the benchmark's latency)
logging.getLogger("waitress.queue").setLevel(logging.ERROR)


class _ErrorTask(ErrorTask):
    """waitress's answer to a request it refuses itself (too large, malformed), in our words and headers."""

    def execute(self):
        error, settings = self.request.error, self.channel.server.settings
        if isinstance(error, RequestEntityTooLarge):
            message = (f"the request body is larger than {settings.max_body_bytes} bytes "
                       "(the endpoint's limit, server.max_body_bytes)")
        elif isinstance(error, RequestHeaderFieldsTooLarge):
            message = f"the request line and headers are longer than {MAX_HEAD_BYTES} bytes"
        else:
            message = f"{error.reason}: {error.body}"
        body = message.encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.extend([("Content-Type", formats.PLAIN_TEXT), *SECURITY_HEADERS.items()])
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _Channel(HTTPChannel):
    """A connection that remembers when the request it is receiving began."""

    error_task_class = _ErrorTask
    started = 0.0  # time.time() (waitress's clock) of the first byte of the request being received

    def received(self, data):
        if self.request is None and data:
            self.started = time.time()
        return super().received(data)

    def handle_close(self):
        """Close after reading what the client has sent already: closing a socket with unread
        data resets the connection, and the client would lose the answer (a 413 or 431)."""
        if self.socket is not None:
            _drain(self.socket)
        super().handle_close()


def _open_channel(server: Server, sock: socket.socket, addr, adj, map=None) -> _Channel | None:  # noqa: A002
    """A new connection, or None after answering 503 when its address has too many already."""
    host = addr[0] if isinstance(addr, tuple) else addr
    same = sum(1 for c in list(server.active_channels.values()) if isinstance(c.addr, tuple) and c.addr[0] == host)
    if same >= server.settings.max_clients_per_address:
        _refuse(sock)
        return None
    return _Channel(server, sock, addr, adj, map=map)


def _refuse(sock: socket.socket) -> None:
    try:
        sock.setblocking(False)
        sock.send(BUSY)
    except OSError:
        pass
    _drain(sock)
    sock.close()


def _drain(sock: socket.socket, most: int = 1 << 20) -> None:
    """End the sending side and read (without waiting) what the client has sent, up to `most` bytes."""
    try:
        sock.shutdown(socket.SHUT_WR)
        while most > 0:
            data = sock.recv(65_536)
            if not data:
                return
            most -= len(data)
    except OSError:  # nothing more to read now (BlockingIOError), or the client has gone
        pass


def _allow_files(count: int) -> None:
    """Raise this process's limit of open files to `count` where the hard limit allows."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = count if hard == resource.RLIM_INFINITY else min(count, hard)
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ImportError, OSError, ValueError):
        pass


class Server(TcpWSGIServer):
    """waitress's TCP server with the two defences; serve_forever() in one thread, shutdown() from another."""

    channel_class = staticmethod(_open_channel)

    def __init__(self, site: Site, host: str, port: int, verbose: bool = False) -> None:
        self.settings, self.site, self.verbose = site.settings, site, verbose
        self._stopping, self._stopped = threading.Event(), threading.Event()
        adj = Adjustments(
            host=host, port=port, threads=THREADS, ident="kemi-lod",
            connection_limit=site.settings.max_clients + 2,  # the listening socket and waitress's trigger count
            channel_timeout=IDLE_TIMEOUT, cleanup_interval=1,
            max_request_header_size=MAX_HEAD_BYTES, max_request_body_size=site.settings.max_body_bytes + 1,
            asyncore_use_poll=True, log_socket_errors=False, backlog=128, expose_tracebacks=False)
        _allow_files(site.settings.max_clients + 64)  # the connections, the files served, the workers' pipes
        super().__init__(self._wsgi, map={}, adj=adj)

    @property
    def server_address(self) -> tuple[str, int]:
        return self.effective_host, self.effective_port

    def maintenance(self, now: float) -> None:
        """waitress's closing of idle connections, and of requests still arriving after the deadline."""
        super().maintenance(now)
        cutoff = now - self.settings.request_deadline
        for channel in list(self.active_channels.values()):
            if isinstance(channel, _Channel) and channel.request is not None and channel.started < cutoff:
                channel.will_close = True

    def serve_forever(self) -> None:
        try:
            while not self._stopping.is_set():
                wasyncore.loop(timeout=0.5, map=self._map, use_poll=True, count=1)
        finally:
            wasyncore.close_all(self._map, ignore_all=True)
            self.task_dispatcher.shutdown(timeout=2)
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop serve_forever() (running in another thread) and wait for it."""
        self._stopping.set()
        try:
            self.pull_trigger()
        except OSError:
            pass
        self._stopped.wait(10)

    def _wsgi(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(key):
                headers[key.replace("_", "-").lower()] = environ[key]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        response = respond(self.site, Request(method, environ.get("REQUEST_URI") or "/", headers, body))
        if self.verbose:
            print(f'{environ.get("REMOTE_ADDR", "-")} "{method} {environ.get("REQUEST_URI")}" {response.status} '
                  f"{len(response.body)}", file=sys.stderr)
        start_response(f"{response.status} {http.HTTPStatus(response.status).phrase}", response.all_headers())
        return [b"" if method == "HEAD" else response.body]
