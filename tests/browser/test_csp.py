"""The Content-Security-Policy holds on the real site: key pages (GOV.UK layout, the
agreement document with its own style, the API's Swagger page, Django's admin) load in
Chromium with the policy in force and no violation reported."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PUBLIC = ["/", "/sign-in", "/indicators/", "/indicators/NI%201", "/areas/", "/sign-off/published",
          "/api/v1/docs"]
SIGNED_IN = {
    "officer": ["/", "/agreements/", "/agreements/E2221/document", "/account/tokens"],
    "admin": ["/audit/", "/admin/"],
}


def visit(page, path: str) -> list[str]:
    """Load `path` and return the CSP violations seen: console errors and the
    securitypolicyviolation events the page fired."""
    problems: list[str] = []

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(message.text)

    page.on("console", on_console)
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    try:
        response = page.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy, policy
        page.wait_for_load_state("networkidle")
        problems += page.evaluate("window.__csp")
    finally:
        page.remove_listener("console", on_console)
    return problems


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_keep_to_the_policy(page, path):
    assert visit(page, path) == []
    if path == "/":
        # GOV.UK's inline script ran (with the nonce): the body says JavaScript is on.
        assert "js-enabled" in page.evaluate("document.body.className")
    if path == "/api/v1/docs":
        page.get_by_text("Local Area Agreements API").first.wait_for()


@pytest.mark.parametrize(("username", "path"), [(u, p) for u, paths in SIGNED_IN.items() for p in paths])
def test_signed_in_pages_keep_to_the_policy(signed_in_pages, username, path):
    page = signed_in_pages(username)
    assert visit(page, path) == []
    if path.endswith("/document"):
        # The document's own style (nonce) applied: the title page has its blue rule.
        border = page.evaluate(
            "getComputedStyle(document.querySelector('.laa-title-page')).borderLeftWidth")
        assert border == "10px"
