"""What makes the publication findable on the web: the schema.org `Dataset` JSON-LD the home page
embeds (made by `outputs.catalog.dataset_markup`), `sitemap.xml` and `robots.txt`.

The sitemap lists every page by the URL it names as canonical (a resource's page by its IRI),
where that is on this site (under the base IRI: not the vocabulary page, whose home is its
w3id.org IRI, nor an organisation under another IRI space), each with the data's last change as
`lastmod`; past 50,000 pages it is an index of sitemaps of 50,000 each, as the sitemap protocol
asks. Person pages are never listed and carry `noindex`; `robots.txt` does not bar them, or a
crawler could not see the `noindex` and might index their addresses from the links' text.
`robots.txt` only counts at the root of a host: with a base IRI that has a path, the host's own
file must point at this sitemap.
"""

from __future__ import annotations

import json
from typing import Iterable
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

from kemi_lod.config import Settings
from kemi_lod.rdf.formats import JSON_LD

SITEMAP, ROBOTS = "sitemap.xml", "robots.txt"
URLS_PER_SITEMAP = 50_000  # the sitemap protocol's limit
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_ld_script(doc: dict) -> str:
    """A JSON-LD script element. "<", ">" and "&" are escaped (JSON allows \\u003c): no text can
    close the script or open a comment in it ("</script>", "<!--<script>"), which would swallow
    the page."""
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1).translate(_SCRIPT_ESCAPES)
    return f'<script type="{JSON_LD.media_type}">\n{text}\n</script>\n'


def sitemap_files(settings: Settings, urls: Iterable[str], lastmod: str | None) -> dict[str, bytes]:
    """`sitemap.xml` (and `sitemap-<n>.xml` past URLS_PER_SITEMAP) listing `urls`, sorted."""
    ordered = sorted(set(urls))
    chunks = [ordered[i:i + URLS_PER_SITEMAP] for i in range(0, len(ordered), URLS_PER_SITEMAP)] or [[]]
    when = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""

    def urlset(chunk: list[str]) -> bytes:
        entries = "".join(f"<url><loc>{escape(_ascii(u))}</loc>{when}</url>\n" for u in chunk)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_SITEMAP_NS}">\n{entries}</urlset>\n'.encode()

    if len(chunks) == 1:
        return {SITEMAP: urlset(chunks[0])}
    files = {f"sitemap-{n}.xml": urlset(chunk) for n, chunk in enumerate(chunks, 1)}
    entries = "".join(f"<sitemap><loc>{escape(_ascii(settings.base_iri + name))}</loc>{when}</sitemap>\n" for name in files)
    index = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_SITEMAP_NS}">\n{entries}</sitemapindex>\n'
    return {SITEMAP: index.encode(), **files}


def robots(settings: Settings) -> bytes:
    """`robots.txt`: every crawler welcome, and where the sitemap is."""
    base = urlsplit(settings.base_iri).path or "/"
    return (f"# {settings.dataset}: open data, made by kemi-lod (person pages carry noindex)\n"
            f"User-agent: *\nAllow: {base}\n\nSitemap: {_ascii(settings.base_iri + SITEMAP)}\n").encode()


def _ascii(url: str) -> str:
    """The URL with anything beyond ASCII percent-encoded, as the sitemap protocol wants it."""
    return quote(url, safe="".join(chr(c) for c in range(33, 127)))
