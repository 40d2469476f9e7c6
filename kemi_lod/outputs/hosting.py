"""Hosting configuration shipped with the build: content negotiation for nginx and Apache.

The files name no absolute path (the admin's configuration gives the web root), so builds stay
byte-identical wherever they are made. They do what `kemi-lod serve` does for a resource IRI
`/id/<kind>/<id>`: answer directly (200) with the document `Accept` prefers, `Vary: Accept`, the
document's `Content-Type` and `Content-Location: <id>.<ext>`. nginx and Apache pick the format by
the first matching media type in a fixed order (Turtle, JSON-LD, N-Triples, else HTML) rather
than by q-values; `kemi-lod serve` weighs q-values.
"""

from __future__ import annotations

KINDS = "project|org|programme|person|source"

NGINX_HTTP = """\
# kemi-lod: content negotiation, part 1 of 2. Include in the http block (map is only allowed there):
#   http { include <web root>/hosting/nginx-http.conf; ... }
# The document a resource IRI answers with, by Accept: RDF formats in a fixed order, else HTML.
map $http_accept $kemi_lod_ext {
    default                     html;
    "~*text/turtle"             ttl;
    "~*application/ld\\+json"    jsonld;
    "~*application/n-triples"   nt;
}
"""

NGINX_SERVER = f"""\
# kemi-lod: content negotiation, part 2 of 2. Include in the server block that serves the build:
#   server {{ listen 80; server_name data.example.org; root <web root>;
#            include <web root>/hosting/nginx-server.conf; }}
types {{
    text/html               html;
    text/turtle             ttl;
    application/ld+json     jsonld;
    application/n-triples   nt;
    text/csv                csv;
    application/json        json;
    text/css                css;
    text/javascript         js;
}}
default_type application/octet-stream;
charset utf-8;
charset_types text/html text/turtle text/csv text/css text/javascript;
index index.html;
disable_symlinks if_not_owner;

# A resource IRI: the document Accept prefers, answered directly (no redirect).
location ~ "^/id/(?:{KINDS})/(?<kemi_lod_id>[A-Za-z0-9_-]+)$" {{
    add_header Vary Accept always;
    add_header Content-Location "$kemi_lod_id.$kemi_lod_ext" always;
    try_files $uri.$kemi_lod_ext =404;
}}

# VoID at its well-known address (a file without extension).
location = /.well-known/void {{
    default_type text/turtle;
}}
"""

HTACCESS = f"""\
# kemi-lod: content negotiation for Apache (mod_rewrite, mod_headers, mod_mime). Put the build at
# the document root with AllowOverride FileInfo Options Indexes (this file is build/.htaccess).
Options -MultiViews -Indexes
DirectoryIndex index.html
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType text/csv .csv
AddCharset utf-8 .html .ttl .csv .css .js
<Files "void">
    ForceType "text/turtle; charset=utf-8"
</Files>

# A resource IRI: the document Accept prefers, answered directly (no redirect), in a fixed
# order (Turtle, JSON-LD, N-Triples, else HTML).
RewriteEngine On
RewriteCond %{{HTTP_ACCEPT}} text/turtle [NC]
RewriteRule ^id/({KINDS})/([A-Za-z0-9_-]+)$ id/$1/$2.ttl [L,E=KEMI_LOD:$2.ttl]
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json [NC]
RewriteRule ^id/({KINDS})/([A-Za-z0-9_-]+)$ id/$1/$2.jsonld [L,E=KEMI_LOD:$2.jsonld]
RewriteCond %{{HTTP_ACCEPT}} application/n-triples [NC]
RewriteRule ^id/({KINDS})/([A-Za-z0-9_-]+)$ id/$1/$2.nt [L,E=KEMI_LOD:$2.nt]
RewriteRule ^id/({KINDS})/([A-Za-z0-9_-]+)$ id/$1/$2.html [L,E=KEMI_LOD:$2.html]
Header always set Vary Accept env=REDIRECT_KEMI_LOD
Header always set Content-Location %{{REDIRECT_KEMI_LOD}}e env=REDIRECT_KEMI_LOD
"""


def hosting_files() -> dict[str, bytes]:
    return {
        ".htaccess": HTACCESS.encode(),
        "hosting/nginx-http.conf": NGINX_HTTP.encode(),
        "hosting/nginx-server.conf": NGINX_SERVER.encode(),
    }
