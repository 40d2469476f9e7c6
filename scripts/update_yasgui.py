"""Vendor the YASGUI SPARQL editor into the site's assets from its npm package.

    python scripts/update_yasgui.py [VERSION]      # default: the version in VERSION beside the files

Needs `npm` and the npm registry (nothing else is fetched). Writes, under
kemi_lod/site/assets/vendor/yasgui/:

- `yasgui.min.js`, `yasgui.min.css`: the package's own browser bundle and style sheet, as
  published (the source-map comment is left out: the map is not shipped);
- `VERSION`: the package and version;
- `LICENSES.md`: YASGUI's licence, and every package its bundle holds (read from the bundle's
  source map) with the licence the npm registry states for it.

The pages load these files from the publication itself (no CDN), so the query page works offline
and under the site's Content-Security-Policy. Review the diff and run the browser tests
(`pytest tests/test_browser.py`) before committing an update.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@zazuko/yasgui"
TARGET = Path(__file__).resolve().parent.parent / "kemi_lod" / "site" / "assets" / "vendor" / "yasgui"
_BUNDLED = re.compile(r"node_modules/((?:@[^/]+/)?[^/]+)/")
_MAP_COMMENT = re.compile(rb"\n?//# sourceMappingURL=\S+\s*$")
MIT = """Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def npm(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["npm", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def _licence_file(name: str) -> str:
    """The licence of a package whose registry entry states none, read from its LICENSE file."""
    with tempfile.TemporaryDirectory() as tmp:
        tarball = npm("pack", name, "--silent", cwd=Path(tmp)).splitlines()[-1]
        with tarfile.open(Path(tmp) / tarball) as archive:
            texts = [archive.extractfile(m).read().decode("utf-8", "replace") for m in archive.getmembers()
                     if m.isfile() and Path(m.name).name.upper().startswith(("LICENSE", "LICENCE"))]
    if any("Permission is hereby granted, free of charge" in t for t in texts):
        return "MIT (its LICENSE file; the registry states none)"
    return "(the registry states none; read its LICENSE file)"


def current_version() -> str:
    return (TARGET / "VERSION").read_text(encoding="utf-8").split("@")[-1].strip()


def main() -> None:
    version = sys.argv[1] if len(sys.argv) > 1 else current_version()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        tarball = npm("pack", f"{PACKAGE}@{version}", "--silent", cwd=work).splitlines()[-1]
        with tarfile.open(work / tarball) as archive:
            archive.extractall(work, filter="data")
        build = work / "package" / "build"
        meta = json.loads((work / "package" / "package.json").read_text(encoding="utf-8"))
        sources = json.loads((build / "yasgui.min.js.map").read_text(encoding="utf-8"))["sources"]
        TARGET.mkdir(parents=True, exist_ok=True)
        (TARGET / "yasgui.min.js").write_bytes(_MAP_COMMENT.sub(b"\n", (build / "yasgui.min.js").read_bytes()))
        (TARGET / "yasgui.min.css").write_bytes((build / "yasgui.min.css").read_bytes())
    bundled = sorted({m.group(1) for s in sources if (m := _BUNDLED.search(s))})
    rows = [f"| `{name}` | {npm('view', name, 'license') or _licence_file(name)} |" for name in bundled]
    (TARGET / "VERSION").write_text(f"{PACKAGE}@{meta['version']}\n", encoding="utf-8")
    (TARGET / "LICENSES.md").write_text(
        f"# {PACKAGE} {meta['version']}: licences\n\n"
        f"`yasgui.min.js` and `yasgui.min.css` are the browser bundle of the npm package `{PACKAGE}`\n"
        f"{meta['version']} ({meta.get('homepage', '')}), copied unchanged by `scripts/update_yasgui.py`\n"
        "but for the source-map comment.\n\n"
        f"## YASGUI\n\n{meta['license']} licence. Copyright (c) {meta['author']} and "
        f"{', '.join(c['name'] for c in meta.get('contributors', []))}.\n\n{MIT}\n"
        "## Packages in the bundle\n\n"
        "Read from the bundle's source map; each licence as the npm registry states it for the package.\n\n"
        "| package | licence |\n| --- | --- |\n" + "\n".join(rows) + "\n",
        encoding="utf-8")
    print(f"{PACKAGE}@{meta['version']}: {len(bundled)} bundled packages, written to {TARGET}")


if __name__ == "__main__":
    main()
