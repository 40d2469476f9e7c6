"""The static site: a page per resource and the index pages, from the written dump.

May import `rdf`, `vocabulary`, `sparql` (the example queries' titles), `outputs.hosting`, `config`,
`progress`.

The modules, in the order data flows; each imports only those before it (and what is named):

    format.py      Finnish numbers, euros, dates and alphabetical order        (nothing)
    graph.py       the view model: SiteGraph, Resource, labels, read_triples   format; config, rdf, vocabulary
    layout.py      the one page layout, the menu, relative links, scroll_table (config)
    page.py        one page being written: links, literals, facts as HTML      format, graph, layout; vocabulary
    schema_org.py  a resource as schema.org JSON-LD                            graph; vocabulary
    resource.py    a resource's page and its sections                          format, graph, layout, page, schema_org; vocabulary
    indexes.py     the home page, the index pages, the static query page       format, graph, layout, page; config, vocabulary, sparql
    write.py       every file of the site, written under build/                graph, indexes, layout, resource; config, rdf,
                                                                               outputs.hosting, progress

`assets/site.css` and `assets/sort.js` are package files, copied to the site as they are.
"""
