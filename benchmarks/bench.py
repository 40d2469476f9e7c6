"""kemi-lod benchmark: builds synthetic publications of growing size and prints one table.

For each size: our build (cold, no cache) stage by stage, an incremental rebuild after one
record changed, the floor (b), and at the smaller sizes the plain rdflib + pySHACL pipeline
(a), capped. Then the validation check: a publication seeded with one error per shape rule
gives the same report at every size, and the same as pySHACL. Results go to
benchmarks/results/latest.md (and .json) so runs can be compared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
from datetime import datetime, timezone
from pathlib import Path

from measure import Run, disk_mb, run
from synthetic import generate

HERE = Path(__file__).resolve().parent


def fmt(n: float) -> str:
    return f"{n:,.0f}" if n >= 100 else f"{n:,.2f}"


def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next(int(l.split()[1]) // 1024 // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    return f"{os.cpu_count()} cores ({cpu}), {mem} GiB, Python {platform.python_version()}"


def publication(work: Path, n: int, errors: bool = False) -> Path:
    target = work / (f"n{n}-errors" if errors else f"n{n}")
    marker = target / ".complete"
    if not marker.exists():
        generate(target, n, seed=1, errors=errors)
        marker.write_text("")
    return target


def stage_rows(r: Run) -> list[tuple[str, float, float]]:
    triples = r.report.get("triples", 0)
    rows = []
    for stage, seconds in r.report.get("timings", {}).items():
        # a rate is shown only for a stage that took measurable time (pages off: a few milliseconds)
        rows.append((stage, seconds, triples / seconds if seconds >= 0.01 and "(" not in stage else 0))
    return rows


def table(title: str, rows: list[tuple[str, float, float]], lines: list[str]) -> None:
    lines += [f"\n**{title}**\n", "| stage | seconds | triples/s |", "| --- | ---: | ---: |"]
    lines += [f"| {s} | {fmt(sec)} | {fmt(tps) if tps else ''} |" for s, sec, tps in rows]


def kemi_publication(work: Path) -> Path:
    """A copy of the curated publication (configuration and records) to build outside the checkout."""
    target = work / "kemi"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy(HERE.parent / "kemi-lod.yaml", target / "kemi-lod.yaml")
    shutil.copytree(HERE.parent / "data", target / "data")
    return target


def rebuilds(pub: Path, n: int, mode: str) -> tuple[Run, Run]:
    """A rebuild with nothing changed, then one after one project's title changed (undone after)."""
    nochange = run("ours.py", str(pub), mode)
    edited = pub / "data" / "projects" / f"hanke-{n // 2:06d}.yaml"
    edited.write_text(edited.read_text().replace("title: ", "title: Muutettu ", 1))
    one = run("ours.py", str(pub), mode)
    edited.write_text(edited.read_text().replace("title: Muutettu ", "title: ", 1))
    for r in (nochange, one):
        if r.error:
            raise SystemExit(r.error)
    one.report["disk_mb"] = disk_mb(pub)  # after the timed run, not in it
    return nochange, one


def rebuild_lines(lines: list[str], full: Run, nochange: Run, one: Run) -> None:
    files = full.report.get("files", 0)
    lines.append(f"\nRebuild, nothing changed: **{fmt(nochange.seconds)} s** ({nochange.seconds / full.seconds:.0%} of the "
                 f"full build), {nochange.report.get('made', 0):,} of {files:,} files made, the others linked. "
                 f"One record changed: **{fmt(one.seconds)} s** ({one.seconds / full.seconds:.0%}; "
                 f"{one.report.get('rebuilt')} record processed again), {one.report.get('made', 0):,} files made, "
                 f"peak {one.peak_mb:,.0f} MB; the publication's versions and cache take {one.report.get('disk_mb', 0):,.0f} MB on disk.")


def query_table(title: str, r: Run, lines: list[str]) -> dict:
    """Each example query's best time on one dump (see queries.py)."""
    queries = r.report.get("queries", {})
    lines += [f"\n**{title}** (store loaded in {fmt(r.report.get('load_s', 0))} s; best of 3 runs)\n",
              "| example | seconds | rows |", "| --- | ---: | ---: |"]
    lines += [f"| {name} | {seconds:.3f} | {rows:,} |" for name, (seconds, rows) in queries.items()]
    slowest = max(queries.items(), key=lambda kv: kv[1][0], default=("", (0, 0)))
    lines.append(f"\nSlowest: {slowest[0]}, **{slowest[1][0]:.3f} s**.")
    if "baseline" in r.report:
        seconds, rows = r.report["baseline"]
        lines.append(f"For scale, the smallest listing on the same store (every project with its title: "
                     f"one join, no sorting, {rows:,} rows) takes {seconds:.3f} s.")
    return {name: seconds for name, (seconds, _) in queries.items()}


def goals(sizes: dict) -> list[tuple[str, bool, str]]:
    """Each goal the measured sizes allow to judge: (goal, met, figure)."""
    checks = []
    s10, s100 = sizes.get(10000), sizes.get(100000)
    if s10 and "pages_build_s" in s10:
        full = s10["pages_build_s"]
        checks += [
            ("10,000, pages on: one record changed ≤ 10 % of the full build", s10["pages_incremental_s"] <= 0.10 * full,
             f"{s10['pages_incremental_s']:.1f} s of {full:.1f} s ({s10['pages_incremental_s'] / full:.0%})"),
            ("10,000, pages on: nothing changed ≤ 5 % of the full build", s10["pages_nochange_s"] <= 0.05 * full,
             f"{s10['pages_nochange_s']:.1f} s ({s10['pages_nochange_s'] / full:.0%})"),
        ]
    if s100:
        checks += [
            ("100,000, pages off: full build ≤ 120 s", s100["build_s"] <= 120, f"{s100['build_s']:.1f} s"),
            ("100,000, pages off: peak memory ≤ 4 GB", s100["peak_mb"] <= 4096, f"{s100['peak_mb']:,.0f} MB"),
            ("100,000, pages off: one record changed ≤ 15 s", s100["incremental_s"] <= 15, f"{s100['incremental_s']:.1f} s"),
            ("100,000: every example query < 1 s", max(s100["queries"].values()) < 1,
             f"{max(s100['queries'].values()):.2f} s (slowest)"),
        ]
        if "pages_build_s" in s100:
            checks.append(("stretch: 100,000, pages on ≤ 1.5 × pages off", s100["pages_build_s"] <= 1.5 * s100["build_s"],
                           f"{s100['pages_build_s'] / s100['build_s']:.2f}×"))
    if s10 and s100:
        checks.append(("100,000 build ≤ 12 × the 10,000 build", s100["build_s"] <= 12 * s10["build_s"],
                       f"{s100['build_s'] / s10['build_s']:.1f}×"))
    if s10:
        checks.append(("10,000: ≤ 3 × the floor", s10["floor_ratio"] <= 3, f"{s10['floor_ratio']:.2f}×"))
        plain = s10.get("plain_ratio", s10.get("plain_ratio_at_least"))
        if plain is not None:
            checks.append(("10,000: ≥ 20 × faster than plain rdflib + pySHACL", plain >= 20,
                           f"{plain:.1f}×" + (" (at least; capped)" if "plain_ratio_at_least" in s10 else "")))
    return checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--plain-sizes", default="1000,10000", help="sizes to run the plain rdflib + pySHACL pipeline at")
    parser.add_argument("--pages-sizes", default="1000,10000", help="sizes to build with per-resource pages at too")
    parser.add_argument("--cap", type=float, default=600, help="seconds before the plain pipeline is stopped")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kemi-lod-bench"))
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    plain_sizes = {int(s) for s in args.plain_sizes.split(",") if s}
    pages_sizes = {int(s) for s in args.pages_sizes.split(",") if s}
    args.work.mkdir(parents=True, exist_ok=True)
    lines = [f"# kemi-lod benchmark, {datetime.now(timezone.utc):%Y-%m-%d}", "", f"Machine: {machine()}."]
    summary: dict = {"machine": machine(), "sizes": {}}
    kemi = kemi_publication(args.work)
    if run("ours.py", str(kemi), "cold").error:
        raise SystemExit("the curated publication does not build")
    lines.append("\n## Example queries on the curated data\n")
    summary["queries_kemi"] = query_table("example queries, curated data", run("queries.py", str(kemi / "build" / "kemi.nt")), lines)
    for n in sizes:
        pub = publication(args.work, n)
        shutil.rmtree(pub / ".kemi-lod-cache", ignore_errors=True)
        cold = run("ours.py", str(pub), "cold")
        if cold.error:
            raise SystemExit(cold.error)
        nochange, warm = rebuilds(pub, n, "warm")
        floor = run("floor.py", str(pub))
        triples = cold.report["triples"]
        entry = {"triples": triples, "build_s": cold.seconds, "peak_mb": cold.peak_mb, "incremental_s": warm.seconds,
                 "nochange_s": nochange.seconds, "made_one": warm.report.get("made"), "made_none": nochange.report.get("made"),
                 "files": cold.report.get("files"), "disk_mb": warm.report.get("disk_mb"),
                 "floor_s": floor.seconds, "timings": cold.report["timings"], "floor": floor.report.get("timings", {})}
        lines.append(f"\n## {n:,} projects, {triples:,} triples\n")
        rows = stage_rows(cold) + [("**total, wall** (fresh process, peak memory " + f"{cold.peak_mb:,.0f} MB)", cold.seconds, triples / cold.seconds)]
        table("kemi-lod build, pages off, no cache (stages marked cpu: summed over the worker processes)", rows, lines)
        rebuild_lines(lines, cold, nochange, warm)
        table("floor (b)", stage_rows(floor) + [("**total, wall**", floor.seconds, triples / floor.seconds)], lines)
        lines.append(f"\nkemi-lod / floor: **{cold.seconds / floor.seconds:.2f}×**")
        entry["queries"] = query_table(f"example queries, {n:,} projects", run("queries.py", str(pub / "build" / "synthetic.nt")), lines)
        entry["floor_ratio"] = cold.seconds / floor.seconds
        if n in pages_sizes:
            with_pages = run("ours.py", str(pub), "cold-pages")
            nochange_p, warm_p = rebuilds(pub, n, "warm-pages")
            entry |= {"pages_build_s": with_pages.seconds, "pages_s": with_pages.report.get("timings", {}).get("pages"),
                      "pages_nochange_s": nochange_p.seconds, "pages_incremental_s": warm_p.seconds,
                      "pages_made_one": warm_p.report.get("made"), "pages_files": with_pages.report.get("files"),
                      "pages_peak_mb": with_pages.peak_mb, "pages_disk_mb": warm_p.report.get("disk_mb")}
            lines.append(f"\n**With per-resource pages on**: the whole build {fmt(with_pages.seconds)} s (the pages "
                         f"stage {fmt(entry['pages_s'] or 0)} s), {with_pages.report.get('files'):,} files, peak "
                         f"{with_pages.peak_mb:,.0f} MB.")
            rebuild_lines(lines, with_pages, nochange_p, warm_p)
        else:
            lines.append("\nPer-resource pages are not built at this size in this run (`--pages-sizes`).")
        if n in plain_sizes:
            plain = run("plain.py", str(pub), cap=args.cap)
            if plain.capped:
                lines.append(f"\nPlain rdflib + pySHACL (a): **capped at {args.cap:.0f} s**, not finished: kemi-lod is more than **{args.cap / cold.seconds:.1f}×** faster.")
                entry["plain_ratio_at_least"] = args.cap / cold.seconds
            elif plain.error:
                lines.append(f"\nPlain rdflib + pySHACL (a) failed: {plain.error[-300:]}")
            else:
                table("plain rdflib + pySHACL (a)", stage_rows(plain) + [("**total, wall**", plain.seconds, triples / plain.seconds)], lines)
                lines.append(f"\nplain / kemi-lod: **{plain.seconds / cold.seconds:.0f}×**")
                entry["plain_ratio"] = plain.seconds / cold.seconds
            entry["plain_s"] = plain.seconds
        summary["sizes"][n] = entry

    lines.append("\n## Validation finds the same problems at every size and on every path\n")
    reports = {}
    for n in (min(sizes), max(sizes)):
        seeded = publication(args.work, n, errors=True)
        reports[n] = run("ours.py", str(seeded), "validate").report["problems"]
    reference = run("ours.py", str(publication(args.work, min(sizes), errors=True)), "validate-pyshacl").report["problems"]
    same_sizes = reports[min(sizes)] == reports[max(sizes)]
    same_engines = sorted(p.rsplit(" [", 1)[0].split(": ")[0] for p in reports[min(sizes)]) == sorted(p.rsplit(" [", 1)[0].split(": ")[0] for p in reference)
    lines.append(f"Seeded publication ({len(reports[min(sizes)])} problems, one per rule): "
                 f"{min(sizes):,} vs {max(sizes):,} projects identical: **{'yes' if same_sizes else 'NO'}**; "
                 f"compiled engine vs pySHACL on the whole graph at {min(sizes):,}, same problems at the same lines: **{'yes' if same_engines else 'NO'}**.")
    lines += ["", "```", *reports[min(sizes)], "```"]
    summary["validation"] = {"same_across_sizes": same_sizes, "same_as_pyshacl": same_engines}

    checks = goals(summary["sizes"])
    if checks:
        lines += ["\n## Goals\n", "| goal | measured | met |", "| --- | ---: | --- |"]
        lines += [f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, ok, value in checks]
        summary["targets"] = {name: ok for name, ok, _ in checks}
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".md").write_text(text)
    args.out.with_suffix(".json").write_text(json.dumps(summary, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
