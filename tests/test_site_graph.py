"""The site's view model: relative links, and the reads a page notes (what its key is made of)."""

from __future__ import annotations

import itertools
import posixpath

import pyoxigraph as ox

from support import REPO
from kemi_lod.config import load_settings
from kemi_lod.site.graph import SiteGraph
from kemi_lod.site.layout import href

PATHS = ["index.html", "sparql.html", "id/project/a.html", "id/project/index.html", "id/org/x.html",
         "id/a", "id", "id/project", "vocab/index.html", "a/b/c/d.html", "a/b"]


def test_a_relative_link_is_what_posixpath_relpath_gives():
    for here, target in itertools.product(PATHS, repeat=2):
        assert href(here, target) == posixpath.relpath(target, posixpath.dirname(here) or "."), (here, target)


def test_a_label_or_value_looked_up_again_is_still_noted_as_read():
    """Labels and a subject's values are cached after the first look-up; a page made later that shows
    them must still note the read, or its key would miss the label it shows."""
    settings = load_settings(REPO / "kemi-lod.yaml")
    title = ox.NamedNode("http://purl.org/dc/terms/title")
    a, b = ox.NamedNode(settings.base_iri + "project/a"), ox.NamedNode(settings.base_iri + "project/b")
    g = SiteGraph.of(settings, [ox.Triple(a, title, ox.Literal("Aa", language="fi")),
                                ox.Triple(b, title, ox.Literal("Bb", language="fi"))])
    assert g.label(a.value) == "Aa" and g.label_lang(a.value) == "fi"  # fills the caches, not recording
    for look_up in (lambda: g.label(a.value), lambda: g.label_lang(a.value), lambda: g.values(a.value, title)):
        g.reads.start()
        look_up()
        assert g.reads.stop() == [("out", a.value)]
    g.reads.start()
    assert g.values(b.value, title) == [ox.Literal("Bb", language="fi")]  # first look-up: noted too
    assert g.reads.stop() == [("out", b.value)]


