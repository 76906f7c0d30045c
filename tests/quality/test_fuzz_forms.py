"""Forms fuzzed with hypothesis: random and hostile strings, huge inputs, odd unicode.

1. Every Form/ModelForm class of our apps' forms.py (discovered): ``is_valid()`` never raises
   and every error it reports is a message for a field of the form (or the whole form).
2. Every page with a form (discovered from the URL resolver, as a project leader with data):
   the form's own field names (read from the HTML) are posted with fuzzed values: never a 500,
   and when the page answers with the form again (invalid input), nothing was saved.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.quality.conftest import sign_in
from tests.quality.discovery import (
    Fingerprints,
    form_classes,
    instantiate_form,
    routes,
)
from tests.quality.test_xss import PAYLOADS

pytestmark = pytest.mark.django_db

HOSTILE = [
    *PAYLOADS[:8],
    "' OR 1=1 --",
    "'); DROP TABLE accounts_person; --",
    "%(name)s %s {0} {{ 7*7 }} ${7*7}",
    "\x00",
    "\u202eevil",
    "\ud7ff\ue000\uffff",
    "🧪" * 50,
    "A" * 100_000,
    "  ",
    "-1",
    "99999999999999999999999999",
    "1e308",
    "NaN",
    "2026-02-30",
    "31-12-9999",
    "0000-00-00",
    "true",
    "[]",
    "{}",
    "../../etc/passwd",
    "ä" * 5000,
]
FUZZ_TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.integers().map(str),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
)
FUZZ_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
# Rows a refused form may still write: sessions, and the mail outbox (a refused sign-in that
# pauses the account mails its owner, issue 14 item 13); never what the user typed.
VOLATILE = {"django_session", "usersessions_usersession", "portal_outgoingmail"}
# A wrong password where one is asked again is recorded as an audit event (accounts.reauth).
WRONG_PASSWORD_EVENTS = {"portal_event": ("verb", "user.reauthentication_failed")}


def _context(leader, project, institution):
    return {"user": leader, "person": leader.person, "project": project, "institution": institution}


FORMS = form_classes()


@pytest.mark.skipif(not FORMS, reason="no forms.py in any app yet (they arrive with the apps)")
@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_form_never_raises_on_hostile_input(form_class, leader, project, institution):
    context = _context(leader, project, institution)
    names = list(form_class.base_fields)

    @FUZZ_SETTINGS
    @given(st.fixed_dictionaries(dict.fromkeys(names, FUZZ_TEXT)))
    def check(data):
        form = instantiate_form(form_class, data, context)
        form.is_valid()
        for field, errors in form.errors.items():
            assert field == "__all__" or field in form.fields, field
            assert all(str(e).strip() for e in errors), f"empty message for {field}"

    check()


class _FormFields(HTMLParser):
    """The field names of each POST form on a page."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = {"action": attrs.get("action") or "", "fields": {}}
        elif self._current is not None and tag in ("input", "textarea", "select"):
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken":
                self._current["fields"][name] = (tag, attrs.get("type", ""), attrs.get("value"))

    def handle_endtag(self, tag):
        if tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None


SKIP_ACTIONS = ("logout", "cookies/gezien", "/i18n/")


def routes_with_pages() -> list[str]:
    """The portal's routes a project leader can open with their own project's number: every
    route without parameters or with a project number (not the admin, Django's own; not MFA,
    which needs real codes; not the sessions list)."""
    names = []
    for route in routes():
        if route.name is None or route.is_admin or route.name.startswith("mfa_"):
            continue
        if route.name.startswith("usersessions"):
            continue
        if set(route.params) <= {"number", "project_number"}:
            names.append(route.name)
    return sorted(set(names))


def forms_of(client, name: str, own_params: dict) -> list[tuple[str, str, dict]]:
    """(route name, action, {field: (tag, type, value)}) of each POST form on the route's page."""
    found = []
    for route in routes():
        if route.name != name or not set(route.params) <= own_params.keys():
            continue
        url = reverse(route.name, kwargs={p: own_params[p] for p in route.params})
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _FormFields()
        parser.feed(response.content.decode())
        for form in parser.forms:
            action = form["action"] or url
            if any(s in action for s in SKIP_ACTIONS) or not form["fields"]:
                continue
            found.append((route.name, action, form["fields"]))
    return found


def test_the_discovery_finds_pages_with_forms(client, leader, project):
    sign_in(client, leader)
    own = {"number": project.number, "project_number": project.number}
    pages = [form for name in routes_with_pages() for form in forms_of(client, name, own)]
    assert len(pages) > 10, f"only {len(pages)} forms found: the discovery is broken"


@pytest.mark.parametrize("route_name", routes_with_pages())
def test_pages_with_forms_never_500_and_never_half_save(client, leader, project, route_name):
    """Each route's page is a test of its own, so the workers share the fuzzing."""
    sign_in(client, leader)
    own = {"number": project.number, "project_number": project.number}
    problems = []
    for name, action, fields in forms_of(client, route_name, own):
        try:
            _fuzz_post(client, leader, name, action, fields)
        except AssertionError as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)


def _fuzz_post(client, leader, name, action, fields):
    @FUZZ_SETTINGS
    @given(st.fixed_dictionaries(dict.fromkeys(fields, FUZZ_TEXT)))
    def post(data):
        sign_in(client, leader)
        prints.changes()  # what signing in and the examples before wrote
        response = client.post(action, data)
        assert response.status_code < 500, f"{name}: {response.status_code}"
        if response.status_code in (200, 400, 409):
            # Shown again: refused, so nothing saved and the errors shown; our own pages
            # (namespaced; allauth's are not) answer it 400 (docs/adr/0015), 409 on a conflict.
            changed = prints.changes()
            assert not changed, f"{name} {action}: form shown again but saved {changed}"
            assert re.search(
                r"cbs-form-errors|role=\"alert\"|errorlist", response.content.decode()
            ), f"{name} {action}: invalid input but no error message shown"
            if ":" in name:
                assert response.status_code != 200, f"{name} {action}: refused input answered 200"

    with Fingerprints(VOLATILE, exclude_rows=WRONG_PASSWORD_EVENTS) as prints:
        post()
