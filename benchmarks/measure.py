"""Run one benchmark step in a fresh process: its wall time, peak memory and JSON report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Run:
    seconds: float
    peak_mb: float
    report: dict
    capped: bool = False
    error: str = ""


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return pids


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def run(script: str, *args: str, cap: float | None = None) -> Run:
    """python benchmarks/<script> args…; the script prints one JSON object on its last line.
    Timed once the removal of old build versions that an earlier run left going has finished
    (a build does not wait for it; measured beside it, a build took a third longer)."""
    _settle([Path(a) for a in args])
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(HERE / script), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _rss_mb(_tree(proc.pid)))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=cap)
        capped = False
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        capped = True
    stop.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if capped:
        return Run(seconds, peak, {}, capped=True)
    if proc.returncode != 0:
        return Run(seconds, peak, {}, error=(err or out)[-2000:])
    return Run(seconds, peak, json.loads(out.strip().splitlines()[-1]))


def disk_mb(pub: Path) -> float:
    """What the publication's outputs and cache take on disk (a file linked into two versions
    once). Measured apart from the build: walking 100,000 files takes seconds no user waits for;
    and once the removal of old versions that the build left going has finished."""
    _settle([pub])
    seen, total = set(), 0
    for folder in (pub / ".build.versions", pub / ".kemi-lod-cache"):
        for path in folder.rglob("*") if folder.is_dir() else ():
            st = path.lstat()
            if path.is_file() and (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total / 2**20


def _settle(paths: list[Path], limit: float = 300) -> None:
    """Wait until no build versions are being removed under the publications among `paths`."""
    deadline = time.monotonic() + limit
    for versions in (v for p in paths if p.is_dir() for v in p.glob(".*.versions")):
        while any(e.name.startswith("pruned-") for e in versions.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.1)
