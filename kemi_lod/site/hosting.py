"""Hosting configuration shipped with the build: content negotiation for nginx and Apache.

The files name no absolute path (the admin's configuration gives the web root), so builds stay
byte-identical wherever they are made. They do what `kemi-lod serve` does for a resource IRI
`/id/<kind>/<id>`: answer directly (200) with the document `Accept` prefers by RFC 9110 (q-values,
wildcards, q=0 as "not acceptable"; 406 where none is acceptable), `Vary: Accept`, the
document's `Content-Type` and `Content-Location: <id>.<ext>`.

- Apache negotiates itself: the build writes a type map per resource (`<id>.var`, mod_negotiation),
  whose source qualities break ties in the order `kemi-lod serve` does (`formats.NEGOTIATED`).
- nginx has no negotiation of its own: `hosting/negotiate.js` does it in nginx's JavaScript
  module (njs), the same algorithm as `commands.serve.negotiation`; `hosting/nginx-http-plain.conf`
  is the fallback for an nginx without the module (the first type named, in a fixed order).
"""

from __future__ import annotations

from kemi_lod.rdf.formats import DESCRIPTIONS, FILE_TYPES, HTML, NEGOTIATED, OCTET_STREAM, TURTLE
from kemi_lod.records.kinds import ID, KIND

# Sent with every response, by `kemi-lod serve` and by the nginx and Apache configurations: no
# script but the site's own files, no framing, no referrer to other sites, no type sniffing; the
# query editor's requests go to the site's own endpoint only.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                           "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
}
# Open data: any web page may read the files and the endpoint's answers (a script that loads a
# project's JSON-LD and the vocabulary's context from another site).
OPEN_HEADERS = {"Access-Control-Allow-Origin": "*"}
_NGINX_SECURITY = "".join(f'add_header {k} "{v}" always;\n' for k, v in {**SECURITY_HEADERS, **OPEN_HEADERS}.items())
_APACHE_SECURITY = "".join(f'Header always set {k} "{v}"\n' for k, v in {**SECURITY_HEADERS, **OPEN_HEADERS}.items())
_CHARSET = [t for t in FILE_TYPES.values() if t.charset]
TYPE_MAP = "var"  # the extension of a resource's Apache type map
# the Content-Location of a resource IRI's answer: none where nothing was acceptable
_CONTENT_LOCATION = """map $kemi_lod_ext $kemi_lod_location {
    ""                          "";
    default                     "$kemi_lod_id.$kemi_lod_ext";
}
"""
_OFFERS = ", ".join(f'["{media}", "{t.extension}"]' for media, t in NEGOTIATED.items())
_MAP = "".join(f'    "~*{t.media_type.replace("+", chr(92) + "+")}"'.ljust(32) + f"{t.extension};\n" for t in DESCRIPTIONS)
_TYPES = "".join(f"    {(t.media_type + ' ').ljust(24)}{t.extension};\n" for t in FILE_TYPES.values())
_ADD_TYPES = "".join(f"AddType {t.media_type} .{t.extension}\n" for t in FILE_TYPES.values() if t.extension != HTML.extension)

NEGOTIATE_JS = f"""\
// kemi-lod: content negotiation for nginx's JavaScript module (njs), the steps `kemi-lod serve`
// takes (kemi_lod/commands/serve/negotiation.py) and Apache's type maps give: a q-value is 0 to 1
// with at most three decimals (else 0); where the header gives no q-value at all, */* counts 0.01
// and type/* 0.02; an offer takes the q-value of the most specific range that names it; the
// highest wins, among equals the first offered. Returns the extension of the document a resource
// IRI answers with, "" where none is acceptable (nginx-server.conf answers 406).
var OFFERS = [{_OFFERS}];
var Q_VALUE = /^(0(\\.\\d{{0,3}})?|1(\\.0{{0,3}})?)$/;

function ranges(header) {{
    if (!header) {{
        return [["*/*", 1]];
    }}
    var found = [], weighted = false;
    header.split(",").forEach(function (part, i) {{
        var fields = part.split(";").map(function (f) {{ return f.trim(); }});
        if (!fields[0]) {{
            return;
        }}
        var q = null;
        fields.slice(1).forEach(function (f) {{
            if (f.toLowerCase().indexOf("q=") === 0) {{
                weighted = true;
                q = Q_VALUE.test(f.slice(2)) ? Number(f.slice(2)) : 0;
            }}
        }});
        found.push([fields[0].toLowerCase(), q, i]);
    }});
    found.forEach(function (r) {{
        if (r[1] === null) {{
            r[1] = !weighted && r[0] === "*/*" ? 0.01 : !weighted && /\\/\\*$/.test(r[0]) ? 0.02 : 1;
        }}
    }});
    found.sort(function (a, b) {{ return b[1] - a[1] || a[2] - b[2]; }});
    return found;
}}

function quality(found, offer) {{
    var wanted = [offer, offer.split("/")[0] + "/*", "*/*"];
    for (var w = 0; w < wanted.length; w++) {{
        for (var i = 0; i < found.length; i++) {{
            if (found[i][0] === wanted[w]) {{
                return found[i][1];
            }}
        }}
    }}
    return 0;
}}

function extension(r) {{
    var found = ranges(r.headersIn.Accept), best = null, bestQ = 0;
    OFFERS.forEach(function (offer) {{
        var q = quality(found, offer[0]);
        if (q > bestQ) {{
            best = offer;
            bestQ = q;
        }}
    }});
    return best === null ? "" : best[1];
}}

export default {{extension}};
"""

NGINX_HTTP = f"""\
# kemi-lod: content negotiation, part 1 of 2, with nginx's JavaScript module (njs; Debian's
# libnginx-mod-http-js, loaded in the main context). Include in the http block, with js_path
# naming the folder of this file:
#   http {{ js_path <web root>/hosting/; include <web root>/hosting/nginx-http.conf; ... }}
# Without the module, include nginx-http-plain.conf instead.
js_import kemi_lod from negotiate.js;
# The document a resource IRI answers with ("" where Accept accepts none: 406).
js_set $kemi_lod_ext kemi_lod.extension;
{_CONTENT_LOCATION}"""

NGINX_HTTP_PLAIN = f"""\
# kemi-lod: content negotiation, part 1 of 2, for an nginx without its JavaScript module. Include
# in the http block (map is only allowed there):
#   http {{ include <web root>/hosting/nginx-http-plain.conf; ... }}
# The document a resource IRI answers with, by Accept: the first of the RDF formats named, in a
# fixed order, else HTML. It does not weigh q-values: nginx-http.conf (njs) does.
map $http_accept $kemi_lod_ext {{
    default                     {HTML.extension};
{_MAP}}}
{_CONTENT_LOCATION}"""

NGINX_SERVER = f"""\
# kemi-lod: content negotiation, part 2 of 2. Include in the server block that serves the build:
#   server {{ listen 80; server_name data.example.org; root <web root>;
#            include <web root>/hosting/nginx-server.conf; }}
types {{
{_TYPES}}}
default_type {OCTET_STREAM};
charset utf-8;
charset_types {" ".join(t.media_type for t in _CHARSET)};
index index.html;
disable_symlinks if_not_owner;
# security headers (as kemi-lod serve sends them); nginx drops them in a location that adds
# headers of its own, so that location repeats them
{_NGINX_SECURITY}
# A resource IRI: the document Accept prefers, answered directly (no redirect); 406 where it
# accepts none.
location ~ "^/id/(?:{KIND})/(?<kemi_lod_id>{ID})$" {{
    add_header Vary Accept always;
    add_header Content-Location $kemi_lod_location always;
{_NGINX_SECURITY.replace("add_header", "    add_header")}    if ($kemi_lod_ext = "") {{
        return 406;
    }}
    try_files $uri.$kemi_lod_ext =404;
}}

# VoID at its well-known address (a file without extension).
location = /.well-known/void {{
    default_type {TURTLE.media_type};
}}
"""

HTACCESS = f"""\
# kemi-lod: content negotiation for Apache 2.4 (mod_negotiation, mod_rewrite, mod_headers,
# mod_mime). Put the build at the document root (this file is build/.htaccess) with
#   AllowOverride FileInfo Indexes Options=Indexes
# FileInfo: the types, the type maps, the rewriting and the headers; Indexes: DirectoryIndex;
# Options=Indexes: no folder listings.
Options -Indexes
DirectoryIndex index.html
{_APACHE_SECURITY}{_ADD_TYPES}AddCharset utf-8 {" ".join("." + t.extension for t in _CHARSET)}
<Files "void">
    ForceType "{TURTLE.content_type}"
</Files>

# A resource IRI: Apache's own negotiation (q-values, wildcards, q=0; 406 where nothing is
# acceptable) among the documents its type map lists, answered directly (no redirect).
AddHandler type-map .{TYPE_MAP}
RewriteEngine On
RewriteRule ^id/({KIND})/({ID})$ id/$1/$2.{TYPE_MAP} [L,E=KEMI_LOD:$2]
"""


def hosting_files() -> dict[str, bytes]:
    return {
        ".htaccess": HTACCESS.encode(),
        "hosting/negotiate.js": NEGOTIATE_JS.encode(),
        "hosting/nginx-http.conf": NGINX_HTTP.encode(),
        "hosting/nginx-http-plain.conf": NGINX_HTTP_PLAIN.encode(),
        "hosting/nginx-server.conf": NGINX_SERVER.encode(),
    }


def type_map(resource_id: str) -> bytes:
    """The Apache type map (`<id>.var`) of a resource's documents: each with its type and a
    source quality a millionth below the one before (well under a q-value's thousandth), so
    only equal q-values go to the first offered."""
    return "".join(f"URI: {resource_id}.{t.extension}\nContent-Type: {t.content_type}; qs={1 - i / 10**6:.6f}\n\n"
                   for i, t in enumerate(NEGOTIATED.values())).encode()
