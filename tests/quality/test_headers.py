"""Security headers on every page, and the production settings (HSTS, cookies, check --deploy).

Pages are discovered from the URL resolver: every route without parameters that a visitor or a
signed-in researcher can GET (200), plus the admin index for staff.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key
from django.urls import reverse

from tests.quality.conftest import sign_in
from tests.quality.discovery import routes

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def csp_directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            result[words[0].lower()] = words[1:]
    return result


def pages_for(client, own: dict | None = None) -> list[str]:
    """Pages without parameters, and those with parameters in ``own`` (the user's objects)."""
    own = own or {}
    urls = []
    for route in routes():
        if route.name is None or route.is_admin or any(p not in own for p in route.params):
            continue
        url = reverse(route.name, kwargs={p: own[p] for p in route.params})
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            urls.append(url)
    return urls


def header_problems(url: str, response, *, signed_in: bool = False) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy", "")
    directives = csp_directives(csp)
    script_src = directives.get("script-src", directives.get("default-src", []))
    if not csp:
        problems.append("no Content-Security-Policy")
    if "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src:
        problems.append(f"script-src allows inline or eval: {script_src}")
    # Django adds the nonce to the header only when the page used it; then they must match.
    nonces = [s for s in script_src if s.startswith("'nonce-")]
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append(f"frame-ancestors is {directives.get('frame-ancestors')}, not 'none'")
    if "'unsafe-inline'" in directives.get("style-src", []):
        problems.append("style-src allows inline styles")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if not response.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    if response.get("X-Frame-Options") != "DENY":
        problems.append("X-Frame-Options is not DENY")
    if response.get("Cross-Origin-Resource-Policy") != "same-origin":
        problems.append("no Cross-Origin-Resource-Policy: same-origin")
    policy = response.get("Permissions-Policy", "")
    if not all(f"{feature}=()" in policy for feature in ("camera", "microphone", "geolocation")):
        problems.append(f"Permissions-Policy leaves camera/microphone/geolocation on: {policy!r}")
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    if signed_in and not {"private", "no-store"} <= cache_control:
        problems.append(f"signed-in page without Cache-Control private, no-store: {cache_control}")
    html = response.content.decode()
    # The page itself must keep to the policy: no inline script without the nonce, no inline
    # styles, no event handler attributes.
    nonce = nonces[0][len("'nonce-") : -1] if nonces else None
    for tag in re.findall(r"<script\b[^>]*>", html, re.I):
        if "src=" not in tag and f'nonce="{nonce}"' not in tag:
            problems.append(f"inline script without the nonce: {tag}")
    for used in re.findall(r'nonce="([^"]+)"', html):
        if used != nonce:
            problems.append("a nonce in the page is not the one in the header")
    if re.search(r"<[^>]+\sstyle\s*=", html, re.I):
        problems.append("inline style attribute (blocked by the CSP)")
    handlers = re.findall(r"<[^>]+\s(on[a-z]+)\s*=", html, re.I)
    if handlers:
        problems.append(f"inline event handlers {set(handlers)} (blocked by the CSP)")
    return [f"{url}: {p}" for p in problems]


def test_every_public_page_sends_the_security_headers(client):
    pages = pages_for(client)
    assert reverse("portal:home") in pages and len(pages) >= 5
    problems = []
    for url in pages:
        problems += header_problems(url, client.get(url))
        problems += header_problems("/en" + url, client.get("/en" + url))
    assert not problems, "\n".join(problems)


def test_every_signed_in_page_sends_the_security_headers(client, researcher, project, staff_member):
    sign_in(client, researcher)
    problems = []
    for url in pages_for(client, own={"number": project.number, "project_number": project.number}):
        problems += header_problems(url, client.get(url), signed_in=True)
    sign_in(client, staff_member)
    problems += header_problems("/admin/", client.get(reverse("admin:index")), signed_in=True)
    assert not problems, "\n".join(problems)


def _nonce_page(request):
    from django.http import HttpResponse
    from django.template import RequestContext, Template

    html = Template('<script nonce="{{ csp_nonce }}"></script>').render(RequestContext(request))
    return HttpResponse(html)


def test_a_template_using_the_nonce_gets_it_in_the_header():
    """The nonce mechanism: {{ csp_nonce }} in a template appears in script-src, new each time."""
    from django.conf import settings
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.test import RequestFactory
    from django.utils.csp import CSP

    assert CSP.NONCE in settings.SECURE_CSP["script-src"]
    nonces = []
    for _ in range(2):
        request = RequestFactory().get("/")
        response = ContentSecurityPolicyMiddleware(_nonce_page)(request)
        used = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
        script_src = csp_directives(response["Content-Security-Policy"])["script-src"]
        assert f"'nonce-{used}'" in script_src and "'unsafe-inline'" not in script_src
        nonces.append(used)
    assert nonces[0] != nonces[1]


def production_env() -> dict[str, str]:
    # A clean environment: only what a server has (PATH, HOME, ...), then the example file.
    dropped = {
        "DEBUG",
        "DATABASE_URL",
        "TESTING",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DJANGO_SETTINGS_MODULE",
    }
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    for line in (ROOT / ".env.production.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            env[key] = value.strip().strip('"')
    env["TESTING"] = "0"
    env["DATABASE_URL"] = "sqlite:///:memory:"
    # The example's SECRET_KEY is a placeholder that fails the check until replaced (as .ci/run
    # does); a per-process cache, as this probe has no Redis to talk to.
    env["SECRET_KEY"] = get_random_secret_key()
    env["CACHE_URL"] = "locmem://"
    return env


PRODUCTION_PROBE = r"""
import json
import django
django.setup()
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

# Static files are collected at build time in production; here the plain storage will do.
plain_static = override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}})
plain_static.enable()
client = Client(HTTP_HOST="portal.example.nl", headers={"X-Forwarded-Proto": "https"})
home = client.get("/", secure=True)
insecure = Client(HTTP_HOST="portal.example.nl").get("/")

def cookie(morsel):
    return {"name": morsel.key, "secure": bool(morsel["secure"]),
            "httponly": bool(morsel["httponly"]), "samesite": morsel["samesite"],
            "path": morsel["path"], "domain": morsel["domain"]}

with override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cache"):
    def view(request):
        request.session["probe"] = 1
        return HttpResponse()
    request = RequestFactory().get("/", secure=True)
    session_response = SessionMiddleware(view)(request)

from django.contrib.messages.storage import default_storage
request = RequestFactory().get("/", secure=True)
request.session = {}
storage = default_storage(request)
storage.add(20, "probe")
messages_response = HttpResponse()
storage.update(messages_response)

print(json.dumps({
    "status": home.status_code,
    "hsts": home.get("Strict-Transport-Security", ""),
    "insecure_status": insecure.status_code,
    "insecure_location": insecure.get("Location", ""),
    "csrf": [cookie(m) for m in home.cookies.values()],
    "session": [cookie(m) for m in session_response.cookies.values()],
    "messages": [cookie(m) for m in messages_response.cookies.values()],
}))
"""


def test_production_settings_send_hsts_and_host_prefixed_secure_cookies():
    result = subprocess.run(  # noqa: S603 - our own probe script
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env={**production_env(), "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["status"] == 200
    assert "max-age=31536000" in probe["hsts"] and "includeSubDomains" in probe["hsts"]
    assert probe["insecure_status"] == 301 and probe["insecure_location"].startswith("https://")
    cookies = probe["csrf"] + probe["session"] + probe["messages"]
    names = {c["name"] for c in cookies}
    assert {"__Host-csrftoken", "__Host-sessionid", "__Host-messages"} <= names, names
    for c in cookies:
        assert c["name"].startswith("__Host-"), c
        assert c["secure"] and c["httponly"], c
        assert c["samesite"] in ("Lax", "Strict"), c
        # The __Host- prefix demands Path=/ and no Domain.
        assert c["path"] == "/" and not c["domain"], c


def test_check_deploy_is_clean_with_the_production_example():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
