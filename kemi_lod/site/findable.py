"""What makes the publication findable on the web: the schema.org `Dataset` JSON-LD the home page
embeds (made by `outputs.catalog.dataset_markup`), `sitemap.xml` and `robots.txt`.

The sitemap lists every page by its canonical URL (a resource's page by its IRI where the IRI is
under the base IRI), each with the data's last change as `lastmod`; past 50,000 pages it is an
index of sitemaps of 50,000 each, as the sitemap protocol asks. Person pages are never listed
(they carry `noindex`), and `robots.txt` asks crawlers to leave them alone. `robots.txt` only
counts at the root of a host: with a base IRI that has a path, the host's own file must point
at this sitemap.
"""

from __future__ import annotations

import json
from typing import Iterable
from urllib.parse import urlsplit
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
        entries = "".join(f"<url><loc>{escape(u)}</loc>{when}</url>\n" for u in chunk)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_SITEMAP_NS}">\n{entries}</urlset>\n'.encode()

    if len(chunks) == 1:
        return {SITEMAP: urlset(chunks[0])}
    files = {f"sitemap-{n}.xml": urlset(chunk) for n, chunk in enumerate(chunks, 1)}
    entries = "".join(f"<sitemap><loc>{escape(settings.base_iri + name)}</loc>{when}</sitemap>\n" for name in files)
    index = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_SITEMAP_NS}">\n{entries}</sitemapindex>\n'
    return {SITEMAP: index.encode(), **files}


def robots(settings: Settings) -> bytes:
    """`robots.txt`: every crawler welcome but on person pages, and where the sitemap is."""
    base = urlsplit(settings.base_iri).path or "/"
    persons = f"Disallow: {base}id/person/\n" if settings.persons == "names" else ""
    return (f"# {settings.dataset}: open data, made by kemi-lod; person pages are for people, not for indexes\n"
            f"User-agent: *\n{persons}Allow: {base}\n\nSitemap: {settings.base_iri}{SITEMAP}\n").encode()
