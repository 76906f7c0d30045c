"""No page is half English: every .po entry is translated and none is fuzzy, no English msgid
reaches a Dutch page, migrations complete.

Every page rendered in Dutch: the pages come from the URL walk's discovery (``routes()``), their
parameters from the demo data (``load_demo``'s loaders: Piet, Gerro, Patricia, Jan of CBS, and a
visitor). Each page is asked with GET and, where it shows a form, with an empty POST (the page
with its error messages). The text people see (text nodes and the attributes read out or shown:
``title``, ``aria-label``, ``placeholder``, ``alt``, ``value`` of buttons, ``data-label``) must
not contain the English of:

- a msgid of our .po catalogues (the English differs from its Dutch, and does not occur in
  any Dutch translation itself, so "Status" or "Project" do not count);
- a message of Django, the admin or allauth of two words or more (their English catalogues),
  e.g. Django 6.1's "- Select an option -", which Django's Dutch catalogue lacks.

A msgid with placeholders is looked for by its longest literal part. Fix a finding by
translating the msgid in the .po, by marking the string for translation where it is not
(``_()`` inside an f-string is not extracted), or, for a Django string our pages show and
Django's catalogue lacks, in ``accounts/django_strings.py``.
"""

import io
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from portal.demo import load_demo_data
from tests.quality.discovery import routes
from tests.quality.test_html_valid import vnu_available, vnu_errors

ROOT = Path(__file__).resolve().parents[2]
PO_FILES = sorted(
    p for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def test_there_are_po_files():
    assert ROOT / "locale/nl/LC_MESSAGES/django.po" in PO_FILES
    assert len(PO_FILES) >= 2


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_translated(po_path):
    po = polib.pofile(str(po_path))
    if not po.translated_entries() and po_path.parts[-5] != "portal":
        # Self-expiring: an app whose .po holds no translation at all is an app whose engineer
        # has not started yet (its branch brings the Dutch). Once one entry is translated,
        # every entry must be.
        pytest.xfail(f"{po_path.parts[-5]}: no translations yet (the app's branch brings them)")
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{po_path}: untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{po_path}: fuzzy (check and remove the flag): {fuzzy[:20]}"


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_placeholders_survive_translation(po_path):
    """'%(name)s' and '{name}' in the English must also be in the Dutch, or rendering breaks."""
    import re

    pattern = re.compile(r"%\(\w+\)[sdf]|\{\w*\}")
    problems = []
    for entry in polib.pofile(str(po_path)).translated_entries():
        pairs = (
            [(entry.msgid, entry.msgstr)]
            if not entry.msgid_plural
            else [(entry.msgid_plural, s) for s in entry.msgstr_plural.values()]
        )
        for english, dutch in pairs:
            if sorted(set(pattern.findall(english))) != sorted(set(pattern.findall(dutch))):
                problems.append(f"{entry.msgid!r} -> {dutch!r}")
    assert not problems, f"{po_path}:\n" + "\n".join(problems)


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_makemigrations_check_in_a_fresh_process():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env={**__import__("os").environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- Rendered pages ------------------------------------------------------------------------------


OUR_CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/nl/LC_MESSAGES/django.po") if ".venv" not in p.parts
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}")
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-label"}
PEOPLE = {
    "visitor": None,
    "leader": "piet.bakker@example.nl",
    "account manager": "gerro.dejager@example.nl",
    "researcher": "patricia.bouwer@example.nl",
    "CBS staff": "medewerker@cbs.example.nl",
}
SKIP = ("account_logout", "account_reauthenticate", "portal:cookie_notice_seen")
# Routes the walk fills that show no page of their own to anybody of the demo, and why (an action
# answering GET with 405, or a file, needs no entry).
NOT_RENDERED: dict[str, str] = {
    "account_confirm_login_code": "allauth's step of a sign-in by code, only during one",
    "account_email_verification_sent": "allauth's step after signing up, only during one",
    "account_set_password": "for an account without a password; the demo's all have one",
    "api-v1:api-root": "the API's root: the API answers JSON to a token",
    "awareness:attempt": "``pk`` is an action here; an attempt is started by a POST",
    "institutions:leave": "``pk`` is an action here, not a person of the institution",
    "accounts:person_photo": "a photo (a file); ``pk`` is an action here",
    "messaging:attachment": "a file; ``pk`` is an action here",
    "requests_inbox:uploaded_document": "a file, of an action with an upload",
    # ``pk`` is an action in this walk; these take another thing's (an action's number reaches
    # one only by chance, which depends on the database's sequences).
    "accounts:reject_request": "``pk`` is an account request here, not an action",
    "agreements:signed_pdf": "``pk`` is an agreement here (a file), not an action",
    "messaging:question": "``pk`` is a Klantenservice question here, not an action",
}
OWN_APPS = ("portal", "accounts", "projects", "requests_inbox", "awareness", "reports")
# The admin: its index and the lists of our own models (the pages of other apps' models and the
# add/change forms show Django's permission names and third-party fields, English by design).
ADMIN_PAGES = re.compile(rf"admin:(index|({'|'.join(OWN_APPS)})_\w+_changelist)$")


def _fragments(entry) -> list[str]:
    """The longest literal part of the msgid (and plural) without its placeholders."""
    found = []
    for text in filter(None, [entry.msgid, entry.msgid_plural]):
        parts = [" ".join(p.split()) for p in PLACEHOLDER.split(text)]
        longest = max(parts, key=len).strip(" .,:;–-") if parts else ""
        if re.search(r"[A-Za-z]{2}", longest):
            found.append(longest)
    return found


def _dutch_texts() -> str:
    texts = []
    for path in OUR_CATALOGUES:
        for entry in polib.pofile(str(path)):
            texts.append(entry.msgstr)
            texts.extend(entry.msgstr_plural.values())
    return "\n".join(" ".join(t.split()) for t in texts)


def _django_catalogue(package: str) -> list[str]:
    """English msgids of a package's own catalogue (its en .po lists every message)."""
    module = __import__(package, fromlist=["__file__"])
    base = Path(module.__file__).parent
    paths = [*base.glob("conf/locale/en/LC_MESSAGES/django.po"),
             *base.glob("locale/en/LC_MESSAGES/django.po")]  # fmt: skip
    messages = []
    for path in paths:
        for entry in polib.pofile(str(path)):
            messages += [f for f in _fragments(entry) if len(f.split()) >= 2]
    return messages


def english_messages() -> dict[str, str]:
    """Fragment -> where it comes from, for every English message a Dutch page must not show."""
    dutch = _dutch_texts()
    wanted: dict[str, str] = {}
    for path in OUR_CATALOGUES:
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.msgstr == entry.msgid:
                continue
            for fragment in _fragments(entry):
                wanted.setdefault(fragment, str(path.relative_to(ROOT)))
    for package in ("django", "django.contrib.admin", "allauth"):
        for fragment in _django_catalogue(package):
            wanted.setdefault(fragment, package)
    return {
        fragment: origin
        for fragment, origin in wanted.items()
        if not re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", dutch)
    }


class _ShownText(HTMLParser):
    """Text nodes and shown attributes, without scripts and without parts in another language
    (the EN/NL switch says "English" in English, on purpose)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._hidden = 0
        self._foreign: tuple[str, int] | None = None  # (tag, depth) of a lang="en" element

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._foreign is not None:
            if tag == self._foreign[0]:
                self._foreign = (tag, self._foreign[1] + 1)
            return
        lang = attrs.get("lang")
        if lang and not lang.startswith("nl") and tag != "html":
            self._foreign = (tag, 1)
            return
        if tag in ("script", "style", "template"):
            self._hidden += 1
        for name in SHOWN_ATTRIBUTES & attrs.keys():
            self.texts.append(attrs[name] or "")
        if tag in ("input", "button") and attrs.get("type") in ("submit", "button", "reset"):
            self.texts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if self._foreign is not None:
            if tag == self._foreign[0]:
                depth = self._foreign[1] - 1
                self._foreign = (tag, depth) if depth else None
            return
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and self._foreign is None:
            self.texts.append(data)


def shown_text(html: str) -> str:
    parser = _ShownText()
    parser.feed(html)
    return "\n".join(" ".join(t.split()) for t in parser.texts if t.strip())


def untranslated(text: str, messages: dict[str, str]) -> list[str]:
    """The messages found in the shown text: a message of one word, or one starting in lower
    case (a model's name, which users' texts also use), only as a whole text (a button, a
    heading, a column); one of more words anywhere in it."""
    lines = {line.strip(" .,:;–-*") for line in text.split("\n")}
    words = set(re.findall(r"\w+", text))
    found = []
    for fragment, origin in messages.items():
        if " " not in fragment or fragment[0].islower():
            if fragment in lines:
                found.append(f"{fragment!r} ({origin})")
            continue
        first = re.match(r"\w+", fragment)
        if first and first.group() not in words:
            continue
        if re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text):
            found.append(f"{fragment!r} ({origin})")
    return found


def test_the_check_finds_an_english_msgid_and_passes_dutch():
    messages = {"Required to make final": "projects", "Select an option": "django"}
    page = '<p title="x">Doel. Required to make final.</p><option>- Select an option -</option>'
    assert len(untranslated(shown_text(page), messages)) == 2
    assert untranslated(shown_text("<th>Search</th>"), {"Search": "admin"})
    assert not untranslated(shown_text("<p>Research</p>"), {"Search": "admin"})
    switch = '<a lang="en" href="/en/"><span>EN</span><span>English</span></a><p>Nederlands</p>'
    assert not untranslated(shown_text(switch), {"English": "accounts"})
    assert not untranslated(shown_text("<p>Verplicht voor Definitief maken.</p>"), messages)
    assert not untranslated(shown_text("<script>'Required to make final'</script>"), messages)


def test_the_english_messages_are_found():
    messages = english_messages()
    assert "Required to make final" in messages
    assert "Select an option" in messages
    assert "Status" not in messages  # the same in Dutch
    assert len(messages) > 500


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo_data(io.StringIO())


def _params(user) -> dict[str, dict]:
    """Values to try for each URL parameter, the person's own things in the demo data, each
    with its state: {parameter: {value: state}}. Pages of one route whose parameters are in the
    same states are one kind of page, rendered once."""
    from projects.models import TeamMember
    from requests_inbox.models import Action

    values: dict[str, dict] = {"kind": {kind: kind for kind in (1, 2, 3)}}
    if user is None:
        return values
    person = user.person
    if person is not None:
        members = TeamMember.objects.filter(person=person).select_related("project")
        projects = {m.project.number: (m.project.status, m.role) for m in members}
        values["number"] = values["project_number"] = dict(sorted(projects.items()))
        team = TeamMember.objects.filter(project__number__in=projects).select_related("project")
        values["member_id"] = {m.pk: (m.role, m.person_id == person.pk) for m in team}
        # A team member is asked within its own project (another project's answers 404).
        values["project of member"] = {m.pk: m.project.number for m in team}
        actions = Action.objects.filter(person=person).order_by("pk")
        values["pk"] = {a.pk: (a.kind, a.status) for a in actions}
    return values


def _urls(user) -> list[tuple[str, str]]:
    """(route name, url): every route the person's things can fill, once per kind of page (the
    route, and the states of the objects in its parameters: a project's status and the person's
    role in it, a bijlage's number, a team member's role, an action's kind and status)."""
    values = _params(user)
    urls, kinds = [], set()
    for route in routes():
        if route.name is None or route.name in SKIP or route.name.startswith("mfa_"):
            continue
        if route.is_admin and not ADMIN_PAGES.match(route.name):
            continue
        if any(p not in values for p in route.params):
            continue
        combos = [{}]
        for param in route.params:
            combos = [{**c, param: v} for c in combos for v in values[param]]
        for kwargs in combos:
            member = kwargs.get("member_id")
            if member and values["project of member"][member] != kwargs.get("number"):
                continue
            kind = (route.name, *(values[p][v] for p, v in kwargs.items()))
            if kind not in kinds:
                kinds.add(kind)
                urls.append((route.name, reverse(route.name, kwargs=kwargs)))
    return urls


def routes_to_render() -> set[str]:
    """Every route the walk can fill (no parameters, or a project, a bijlage, a team member or
    an action of the demo people): each must be rendered as a page for one of them at least,
    unless it is listed in NOT_RENDERED with why."""
    names = set()
    for route in routes():
        if route.name is None or route.name in SKIP or route.name in NOT_RENDERED:
            continue
        if route.name.startswith("mfa_") or (route.is_admin and not ADMIN_PAGES.match(route.name)):
            continue
        if set(route.params) <= {"kind", "number", "project_number", "member_id", "pk"}:
            names.add(route.name)
    return names


def _posts_to_itself(html: str, url: str) -> bool:
    for form in re.findall(r"<form\b[^>]*>", html):
        if 'method="post"' in form:
            action = re.search(r'action="([^"]*)"', form)
            if action is None or action.group(1) in ("", url):
                return True
    return False


@pytest.mark.django_db
def test_no_english_reaches_a_dutch_page_and_every_page_is_valid_html(client, demo, tmp_path):
    """The walk renders each page once for both gates: no English msgid on it, and (when the W3C
    checker is there, always in CI: see tests/quality/test_html_valid.py) no HTML error."""
    from accounts.models import User
    from accounts.tokens import invitation_path

    assert settings.LANGUAGE_CODE == "nl"
    messages = english_messages()
    problems: dict[str, list[str]] = {}
    rendered: set[str] = set()
    pages: dict[str, str] = {}  # {label: html}: what the W3C checker reads
    for who, email in PEOPLE.items():
        client.logout()
        user = User.objects.get(email=email) if email else None
        if user is not None:
            client.force_login(user)
        for name, url in _urls(user):
            response = client.get(url)
            if response.status_code == 405 or "html" not in response.get("Content-Type", ""):
                rendered.add(name)  # an action taking a POST, or a file: no page of its own
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            rendered.add(name)
            html = response.content.decode()
            responses = [("GET", html)]
            if _posts_to_itself(html, url) and not url.startswith(("/admin/", "/accounts/")):
                posted = client.post(url, {})
                if posted.status_code in (200, 400):
                    responses.append(("POST", posted.content.decode()))
            for method, page in responses:
                pages[f"{method} {url} ({who})"] = page
                for finding in untranslated(shown_text(page), messages):
                    problems.setdefault(finding, []).append(f"{method} {url} ({who})")
    missing = sorted(routes_to_render() - rendered)
    assert not missing, (
        "Routes no demo person saw as a page, an action or a file (give the demo an object "
        f"for them, or say why in NOT_RENDERED): {missing}"
    )
    report = [f"{finding}: {', '.join(where[:3])}" for finding, where in sorted(problems.items())]
    assert not problems, "English on Dutch pages:\n" + "\n".join(report)
    assert len(pages) > 60, f"only {len(pages)} pages rendered: the walk or the demo data broke"
    assert reverse("portal:home") in " ".join(pages)
    if not vnu_available():
        return  # test_html_valid.py says it was skipped, and how to install the checker
    # The invitation page (a new person's first page: the password rules) is reached by token.
    client.logout()
    invited = User.objects.filter(person__isnull=False).first()
    pages["GET invitation"] = client.get(invitation_path(invited)).content.decode()
    pages["POST invitation"] = client.post(invitation_path(invited), {}).content.decode()
    (tmp_path / "pages").mkdir()
    errors = vnu_errors(pages, tmp_path / "pages")
    report = [f"{page}:\n  " + "\n  ".join(found[:5]) for page, found in sorted(errors.items())]
    assert not errors, f"{len(errors)} pages with HTML errors:\n" + "\n".join(report)
