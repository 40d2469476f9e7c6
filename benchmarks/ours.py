"""One `kemi-lod build` (or `validate`) in this process, its stage timings as JSON."""

from __future__ import annotations

import json
from dataclasses import replace
import sys
import time
from pathlib import Path

from kemi_lod.build import pipeline
from kemi_lod.config import load_settings


def main() -> None:
    # mode: cold | warm | cold-pages | validate | validate-pyshacl. The build targets do
    # not count per-resource pages, so cold and warm builds run with pages off; cold-pages
    # measures a build with them, pages being its own stage.
    pub, mode = Path(sys.argv[1]), sys.argv[2]
    settings = load_settings(pub / "kemi-lod.yaml")
    settings = replace(settings, pages=mode == "cold-pages")
    start = time.perf_counter()
    if mode.startswith("validate"):
        engine = "pyshacl" if mode == "validate-pyshacl" else "compiled"
        checked = pipeline.check(settings, pub / "data", engine=engine, use_cache=False)
        problems = [str(p).replace(str(pub), "") for p in (checked.report.problems if checked.report else checked.problems)]
        print(json.dumps({"seconds": time.perf_counter() - start, "problems": problems}))
        return
    result = pipeline.build(settings, pub / "data", pub / "build", use_cache=(mode == "warm"))
    assert result.ok, result.checked.problems[:5]
    print(json.dumps({"seconds": time.perf_counter() - start, "timings": result.checked.timings,
                      "triples": result.checked.triples, "rebuilt": result.checked.rebuilt}))


if __name__ == "__main__":
    main()
