"""Addresses in record fields: only http and https, well formed, or a located error (a page
links them, so a javascript: or data: address would run in a visitor's browser)."""

from __future__ import annotations

import pytest

from support import run_cli


@pytest.mark.parametrize("url, why", [
    ("javascript:alert(1)", "expected an http or https address, found 'javascript:alert(1)'"),
    ("data:text/html,<b>x</b>", "IRI contains '<', which IRIs cannot hold"),
    ("file:///etc/passwd", "expected an http or https address, found 'file:///etc/passwd'"),
    ("http://[::1", "not a well-formed http(s) address (its host): 'http://[::1'"),
    ("https://", "not a well-formed http(s) address (its host): 'https://'"),
])
def test_a_homepage_that_is_no_web_address_is_a_located_error(publication, url, why):
    org = publication / "data" / "organisations" / "yliopisto.yaml"
    org.write_text(org.read_text(encoding="utf-8") + f'homepage: "{url}"\n', encoding="utf-8")
    result = run_cli("build")
    assert result.exit_code == 1
    assert f"data/organisations/yliopisto.yaml:" in result.stderr and f"homepage: {why}" in result.stderr
    assert "Traceback" not in result.stderr and not (publication / "build").exists()


@pytest.mark.parametrize("url", ["https://example.org/", "http://[::1]:8080/x", "HTTPS://EXAMPLE.ORG", "http://127.0.0.1/a?b#c"])
def test_web_addresses_pass(publication, url):
    org = publication / "data" / "organisations" / "yliopisto.yaml"
    org.write_text(org.read_text(encoding="utf-8") + f'homepage: "{url}"\n', encoding="utf-8")
    result = run_cli("validate")
    assert result.exit_code == 0, result.stderr
