"""Hosting configuration shipped with the build: content negotiation for nginx and Apache.

The files name no absolute path (the admin's configuration gives the web root), so builds stay
byte-identical wherever they are made. They do what `kemi-lod serve` does for a resource IRI
`/id/<kind>/<id>`: answer directly (200) with the document `Accept` prefers, `Vary: Accept`, the
document's `Content-Type` and `Content-Location: <id>.<ext>`. nginx and Apache pick the format by
the first matching media type in a fixed order (Turtle, JSON-LD, N-Triples, else HTML) rather
than by q-values; `kemi-lod serve` weighs q-values.
"""

from __future__ import annotations

from kemi_lod.rdf.formats import DESCRIPTIONS, FILE_TYPES, HTML, OCTET_STREAM, TURTLE
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
_NGINX_SECURITY = "".join(f'add_header {k} "{v}" always;\n' for k, v in SECURITY_HEADERS.items())
_APACHE_SECURITY = "".join(f'Header always set {k} "{v}"\n' for k, v in SECURITY_HEADERS.items())
_CHARSET = [t for t in FILE_TYPES.values() if t.charset]
_MAP = "".join(f'    "~*{t.media_type.replace("+", chr(92) + "+")}"'.ljust(32) + f"{t.extension};\n" for t in DESCRIPTIONS)
_TYPES = "".join(f"    {(t.media_type + ' ').ljust(24)}{t.extension};\n" for t in FILE_TYPES.values())
_ADD_TYPES = "".join(f"AddType {t.media_type} .{t.extension}\n" for t in FILE_TYPES.values() if t.extension != HTML.extension)
_REWRITES = "".join(
    f"RewriteCond %{{HTTP_ACCEPT}} {t.media_type.replace('+', chr(92) + '+')} [NC]\n"
    f"RewriteRule ^id/({KIND})/({ID})$ id/$1/$2.{t.extension} [L,E=KEMI_LOD:$2.{t.extension}]\n" for t in DESCRIPTIONS)

NGINX_HTTP = f"""\
# kemi-lod: content negotiation, part 1 of 2. Include in the http block (map is only allowed there):
#   http {{ include <web root>/hosting/nginx-http.conf; ... }}
# The document a resource IRI answers with, by Accept: RDF formats in a fixed order, else HTML.
map $http_accept $kemi_lod_ext {{
    default                     {HTML.extension};
{_MAP}}}
"""

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
# A resource IRI: the document Accept prefers, answered directly (no redirect).
location ~ "^/id/(?:{KIND})/(?<kemi_lod_id>{ID})$" {{
    add_header Vary Accept always;
    add_header Content-Location "$kemi_lod_id.$kemi_lod_ext" always;
{_NGINX_SECURITY.replace("add_header", "    add_header")}    try_files $uri.$kemi_lod_ext =404;
}}

# VoID at its well-known address (a file without extension).
location = /.well-known/void {{
    default_type {TURTLE.media_type};
}}
"""

HTACCESS = f"""\
# kemi-lod: content negotiation for Apache (mod_rewrite, mod_headers, mod_mime). Put the build at
# the document root with AllowOverride FileInfo Options Indexes (this file is build/.htaccess).
Options -MultiViews -Indexes
DirectoryIndex index.html
{_APACHE_SECURITY}{_ADD_TYPES}AddCharset utf-8 {" ".join("." + t.extension for t in _CHARSET)}
<Files "void">
    ForceType "{TURTLE.content_type}"
</Files>

# A resource IRI: the document Accept prefers, answered directly (no redirect), in a fixed
# order (Turtle, JSON-LD, N-Triples, else HTML).
RewriteEngine On
{_REWRITES}RewriteRule ^id/({KIND})/({ID})$ id/$1/$2.html [L,E=KEMI_LOD:$2.html]
Header always set Vary Accept env=REDIRECT_KEMI_LOD
Header always set Content-Location %{{REDIRECT_KEMI_LOD}}e env=REDIRECT_KEMI_LOD
"""


def hosting_files() -> dict[str, bytes]:
    return {
        ".htaccess": HTACCESS.encode(),
        "hosting/nginx-http.conf": NGINX_HTTP.encode(),
        "hosting/nginx-server.conf": NGINX_SERVER.encode(),
    }
