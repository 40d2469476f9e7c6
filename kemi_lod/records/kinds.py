"""The one table of resource kinds and the id pattern.

A record's folder under data/ names its kind, the kind is the IRI segment
(`{base}id/<kind>/<id>`), and the id is the file stem. Everything that reads or writes those
paths (the loader, the site, the server, the web-server configuration) takes them from here.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Mapping

# folder under data/ -> resource kind (the IRI segment)
KINDS: Mapping[str, str] = MappingProxyType({
    "projects": "project",
    "organisations": "org",
    "persons": "person",
    "programmes": "programme",
    "sources": "source",
    "places": "place",
})
FOLDER_OF: Mapping[str, str] = MappingProxyType({kind: folder for folder, kind in KINDS.items()})
ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"  # lower-case letters, digits, single hyphens inside
ID_PATTERN = re.compile(rf"^{ID}$")
MAX_ID_LENGTH = 100  # an id names files (x.jsonld, x.ttl.gz…) and a file name has at most 255 bytes


def id_problem(value: str) -> str | None:
    """Why `value` cannot be an id, or None."""
    if not ID_PATTERN.match(value):
        return f"{value[:60]!r}{'…' if len(value) > 60 else ''} is not an id (lower-case letters, digits and -)"
    if len(value) > MAX_ID_LENGTH:
        return f"{value[:60]!r}… is longer than {MAX_ID_LENGTH} characters: too long for an id"
    return None
KIND = "|".join(KINDS.values())  # an alternation of the kinds, for patterns
# A resource's path under the web root, without extension (what its IRI serves).
RESOURCE_PATH = re.compile(rf"^id/(?P<kind>{KIND})/(?P<id>{ID})$")
# The same with an extension: its page or one of its documents.
RESOURCE_FILE = re.compile(rf"^id/(?P<kind>{KIND})/(?P<id>{ID})\.(?P<ext>[a-z]+)$")
# A resource's IRI: a base, then the path.
RESOURCE_IRI = re.compile(rf"^(?P<base>.*)id/(?P<kind>{KIND})/(?P<id>{ID})$")
