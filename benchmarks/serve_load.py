"""Load on `kemi-lod serve`: concurrent clients mixing pages and example queries, on loopback.

    .venv/bin/python benchmarks/serve_load.py [--clients 50] [--seconds 30] [--root build]

Starts `kemi-lod serve` on a free loopback port (a subprocess, so its memory can be measured
apart from the clients), runs the clients for the given time and prints requests per second,
p50/p99 latency, errors, and the server's resident memory (the server process and its query
workers) at the start and the peak. tests/test_server_load.py runs the same code for a
shorter time.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Load:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    rss_start: int = 0  # bytes
    rss_peak: int = 0
    rss_end: int = 0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0

    def summary(self) -> str:
        return (f"{self.requests} requests in {self.seconds:.1f} s: {self.requests / self.seconds:.0f} requests/s, "
                f"p50 {self.percentile(50) * 1000:.1f} ms, p99 {self.percentile(99) * 1000:.1f} ms, "
                f"{len(self.errors)} errors; server memory {self.rss_start / 2**20:.0f} MiB at the start, "
                f"{self.rss_peak / 2**20:.0f} MiB at the peak, {self.rss_end / 2**20:.0f} MiB at the end")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(root: Path, config: Path, port: int, log: Path | None = None) -> subprocess.Popen:
    # the log goes to a file: a pipe nobody reads would fill up and block the server's threads
    log_file = open(log or os.devnull, "wb")
    proc = subprocess.Popen([sys.executable, "-m", "kemi_lod", "serve", "--config", str(config), "--root", str(root),
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=log_file)
    log_file.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
            # the query workers load the dump when the first query comes: warm them up
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}),
                         headers={"Accept": "application/sparql-results+json"})
            conn.getresponse().read()
            conn.close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("kemi-lod serve did not start" + (f": {log.read_text()}" if log else ""))
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("kemi-lod serve did not answer within 60 s")


def rss(pid: int) -> int:
    """Resident memory of a process and its children (the query workers), in bytes."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def requests_for(root: Path) -> list[tuple[str, str, dict]]:
    """Page requests (the site's pages, negotiated resources, dumps) and every example query."""
    mix: list[tuple[str, str, dict]] = [("GET", "/", {}), ("GET", "/id/project/", {}), ("GET", "/id/org/", {}),
                                        ("GET", "/sparql", {"Accept": "text/html"})]
    pages = [p for p in sorted((root / "id" / "project").glob("*.html")) if p.stem != "index"]
    for i, page in enumerate(pages[:20]):
        resource = "/id/project/" + page.stem
        accept = ("text/html", "text/turtle", "application/ld+json", "application/n-triples")[i % 4]
        mix.append(("GET", resource, {"Accept": accept}))
    names = sorted(p.stem for p in (root / "queries").glob("*.rq"))
    for name in names:
        text = (root / "queries" / f"{name}.rq").read_text()
        mix.append(("POST", "/sparql", {"Content-Type": "application/sparql-query",
                                         "Accept": "application/sparql-results+json", "_body": text}))
    return mix


def run_load(port: int, mix: list[tuple[str, str, dict]], clients: int, seconds: float, pid: int | None = None) -> Load:
    """`clients` threads, each on its own keep-alive connection from its own loopback address
    (127.0.0.10, .11, …: the server limits connections per address), cycling through the mix."""
    load = Load()
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    if pid:
        load.rss_start = load.rss_peak = rss(pid)

    def client(n: int) -> None:
        def connect() -> http.client.HTTPConnection:
            return http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(f"127.0.0.{10 + n % 240}", 0))

        conn = connect()
        i = n
        mine: list[float] = []
        errors: list[str] = []
        while time.monotonic() < stop:
            method, path, headers = mix[i % len(mix)]
            i += 7  # clients walk the mix at different offsets
            headers = dict(headers)
            body = headers.pop("_body", None)
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body.encode() if body else None, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(f"{method} {path}: {response.status}")
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{method} {path}: {exc!r}")
                conn.close()
                conn = connect()
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            load.latencies.extend(mine)
            load.errors.extend(errors)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        if pid:
            load.rss_peak = max(load.rss_peak, rss(pid))
        time.sleep(0.25)
    for t in threads:
        t.join()
    load.seconds = time.monotonic() - started
    load.requests = len(load.latencies)
    if pid:
        load.rss_end = rss(pid)
    return load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--root", type=Path, default=Path("build"))
    parser.add_argument("--config", type=Path, default=Path("kemi-lod.yaml"))
    parser.add_argument("--log", type=Path, help="Keep the server's log (standard error) in this file.")
    args = parser.parse_args()
    root = args.root.resolve()
    port = free_port()
    server = start_server(root, args.config, port, args.log)
    try:
        mix = requests_for(root)
        load = run_load(port, mix, args.clients, args.seconds, server.pid)
    finally:
        server.terminate()
        server.wait(10)
    print(f"{args.clients} clients, {len(mix)} kinds of request ({sum(m == 'POST' for m, _, _ in mix)} example queries), "
          f"loopback port {port}, {os.cpu_count()} cores")
    print(load.summary())
    for e in sorted(set(load.errors))[:20]:
        print("  error:", e)
    sys.exit(1 if load.errors else 0)


if __name__ == "__main__":
    main()
