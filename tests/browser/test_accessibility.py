"""Accessibility in the real browser: axe-core's WCAG 2.2 A/AA rules on every kind of page, in
Dutch and in English, for a visitor, a researcher with data, an account manager and CBS staff;
forms with their errors shown; keyboard-only tasks; visible focus, skip link, lang, errors tied
to fields.

Pages are discovered from the URL resolver: every route without parameters, and routes with a
project ``number`` filled with the signed-in person's own project (demo data: ``load_demo``,
which every app extends), and in the back office from the admin's registry and the demo's
objects. axe runs once per kind of page (see "The crawl" below); the kinds to reach are derived
from the same resolver and registry, so a new page is checked, or the test says it was not,
without touching this file.
"""

import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib import admin
from django.core.cache import cache
from django.core.management import call_command
from django.urls import resolve, reverse
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError

from accounts.demo import DEMO_PASSWORD
from tests.quality.discovery import routes

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()
RESEARCHER = "piet.bakker@example.nl"  # Externe projectleider of 10014, with actions
ACCOUNT_MANAGER = "gerro.dejager@example.nl"  # Accountbeheerder and Tekenbevoegde of AFAS
STAFF = "medewerker@cbs.example.nl"
# Routes that are no page of their own: they act, sign out, or answer with JSON or a file.
NOT_PAGES = {
    "account_logout", "healthz", "readyz", "metrics", "portal:cookie_notice_seen", "admin:logout",
}  # fmt: skip


def axe_violations(page) -> list[str]:
    results = AXE.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    found = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
        summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")
        found.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"        at {targets}\n        {summary[:300]}"
        )
    return found


def page_urls(own: dict, *, admin: bool = False) -> list[str]:
    urls = []
    for route in routes():
        if route.name is None or route.name in NOT_PAGES or route.is_admin != admin:
            continue
        if any(p not in own for p in route.params):
            continue
        urls.append(reverse(route.name, kwargs={p: own[p] for p in route.params}))
    return urls


def open_page(page, path):
    """``page.goto(path)``; None for a file served as an attachment (a download, not a page)."""
    try:
        return page.goto(path)
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return None
        raise


def visit_all(page, urls, language, *, at_least: int) -> dict[str, list[str]]:
    """axe on every page (in ``language``) that answers with HTML; {final url: violations}."""
    seen, report = set(), {}
    for url in urls:
        path = f"/en{url}" if language == "en" else url
        response = open_page(page, path)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        final = page.url
        if final in seen:
            continue
        seen.add(final)
        lang = page.locator("html").get_attribute("lang")
        problems = axe_violations(page)
        if lang != language:
            problems.append(f"<html lang> is {lang!r}, expected {language!r}")
        if problems:
            report[f"{final} (from {path}, HTTP {response.status})"] = problems
    assert len(seen) >= at_least, f"only {len(seen)} pages reached: {sorted(seen)}"
    return report


def readable(report: dict) -> str:
    lines = []
    for url, problems in report.items():
        lines.append(f"\n{url}")
        lines += [f"  - {p}" for p in problems]
    return "\n".join(lines)


@pytest.fixture
def demo(db):
    # Rate limits (logins per minute) live in the cache: start each test with a fresh count.
    cache.clear()
    call_command("load_demo", stdout=io.StringIO())


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, (
        f"could not sign in as {email}: " + page.locator("main").inner_text()[:300]
    )


# --- The crawl: each kind of page once per language ----------------------------------------------
#
# A kind of page is its view and the state it shows: a portal page per person who looks at it
# (a visitor, a researcher, an account manager: each sees other panels); in the back office the
# changelist, the add page and the change page of each model (its columns, fields and inlines are
# the model's own), the change page once per status whose buttons differ, each confirmation page
# of a move or an action, and the pages that look the same for every model once: an app's index,
# an object's history, the delete confirmation and its refusal ("cannot be deleted"). A page that
# refuses (403) or is not found (404) is one kind whatever was asked. axe runs once per kind; the
# other addresses of a kind are still opened (a redirect or an error shows up as another kind).

PORTAL_PEOPLE = {  # who: (email, the URL parameters of their own project)
    "visitor": (None, {}),
    "researcher": (RESEARCHER, {"number": 10014, "project_number": 10014}),
    "account manager": (ACCOUNT_MANAGER, {"number": 10013, "project_number": 10013}),
}
# Parameters that name one object among many of its kind: not part of a page's kind. Other
# parameters (a move, a chart) choose what the page shows: they are.
OBJECT_PARAMS = {"pk", "id", "object_id", "number", "project_number"}
# Routes of the portal the crawl does not reach as their own page, and why. Every other route
# without parameters or with a project number must be shown to somebody, or the test fails.
PORTAL_NOT_REACHED: dict[str, str] = {
    "account_confirm_login_code": "allauth's step of a sign-in by code, only during one",
    "account_email_verification_sent": "allauth's step after signing up, only during one",
    "account_set_password": "for an account without a password; the demo's all have one",
    "api-v1": "the institutions' API answers JSON to a token (tests/institutions)",
    "changes:output_new": "a running project's page: test_phase3_flow.py runs axe on 10021's",
    "projects:closure_request": "a running project's page: 10014 of the crawl is a draft",
    **dict.fromkeys(
        [
            "mfa_activate_totp",
            "mfa_add_webauthn",
            "mfa_authenticate",
            "mfa_deactivate_totp",
            "mfa_download_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_reauthenticate",
            "mfa_reauthenticate_webauthn",
            "mfa_view_recovery_codes",
        ],
        "allauth's two-factor steps, each only in its own state; mfa_index is checked",
    ),  # fmt: skip
}
# Back-office views that are no page to check in the browser, and why. Every other custom view
# (the moves, the approvals, the answer and note forms…) must be reached from a demo object.
ADMIN_NOT_REACHED: dict[str, str] = {
    "login": "staff are signed in: it leads to the index",
    "view_on_site": "a redirect to the object's portal page",
    "autocomplete": "JSON for the select widgets",
    **dict.fromkeys(
        [
            "requests_inbox_action_document",
            "requests_inbox_costoverview_sent_pdf",
            "agreements_agreement_signed_pdf",
            "messaging_thread_attachment",
            "reports_report_chart",
            "reports_report_csv",
        ],
        "a file (a document, a PDF, an attachment, a chart's SVG or CSV)",
    ),  # fmt: skip
    **dict.fromkeys(
        [
            "accounts_userdeclarationsignature_change",
            "awareness_answer_change",
            "django_tasks_database_dbtaskresult_change",
            "institutions_apicall_change",
            "institutions_apitoken_change",
            "mfa_authenticator_change",
            "portal_jobrun_change",
            "portal_servicelevel_change",
            "portal_worksummary_change",
            "reports_report_change",
        ],
        "the demo has no such object (its changelist is checked)",
    ),  # fmt: skip
}


def page_kind(path: str, *, who: str, language: str = "nl", status: int = 200, state: str = ""):
    """(who or "admin", view, state): what tells this page apart for the accessibility rules."""
    if status != 200:
        return ("answer", str(status), "")
    with translation.override(language):
        match = resolve(urlsplit(path).path)
    name = match.view_name
    chosen = [f"{k}={v}" for k, v in sorted(match.kwargs.items()) if k not in OBJECT_PARAMS]
    state = "&".join(filter(None, [state, *chosen]))
    if not name.startswith("admin:"):
        return (who, name, state)
    short = name.removeprefix("admin:")
    if short == "app_list":
        return ("admin", "app_list", "")
    if short.endswith(("_history", "_delete")) and "object_id" in match.kwargs:
        return ("admin", short.rsplit("_", 1)[1], state)
    return ("admin", short, state)


@dataclass
class Crawl:
    """One language's crawl: every address opened, axe run once per kind of page."""

    browser: object
    base_url: str
    language: str
    reached: dict = field(default_factory=dict)  # kind -> the address that showed it first
    report: dict = field(default_factory=dict)

    @contextmanager
    def signed_in(self, email):
        context = self.browser.new_context(base_url=self.base_url, locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            if email:
                sign_in(page, email)
            yield page
        finally:
            context.close()

    def visit(self, page, url, *, who, state=""):
        path = f"/en{url}" if self.language == "en" else url
        response = open_page(page, path)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            return
        final = urlsplit(page.url)
        if final.path != urlsplit(path).path:
            state = ""  # sent elsewhere: the page it shows is of that page's own kind
        kind = page_kind(
            final.path, who=who, language=self.language, status=response.status, state=state
        )
        if kind in self.reached:
            return
        self.reached[kind] = path
        problems = axe_violations(page)
        lang = page.locator("html").get_attribute("lang")
        if lang != self.language:
            problems.append(f"<html lang> is {lang!r}, expected {self.language!r}")
        if problems:
            self.report[f"{page.url} (from {path}, HTTP {response.status})"] = problems

    def routes_reached(self) -> set[str]:
        return {kind[1] for kind in self.reached}


def admin_pages(email) -> list[tuple[str, str]]:
    """(address, state) of one back-office page of each kind: the index and "Mijn werk", every
    route without parameters (the changelists, the add pages), the change page of a demo object
    of every model, and of one per status where its buttons differ (the lifecycle moves, cost
    overview propose/preview/send, agreement send/countersign, take/approve/reject,
    answer/note/assign), every page those buttons and the work queue lead to, an app's index,
    an object's history, and the delete page as a confirmation and as a refusal."""
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    pages = [(reverse("admin:index"), ""), (reverse("admin:index") + "?werk=mijn", "werk=mijn")]
    pages += [(url, "") for url in page_urls({}, admin=True)]
    links, shapes, deletes = [], set(), set()

    def tools_of(url) -> str:
        html = client.get(url).content.decode()
        tools = " ".join(re.findall(r'<ul class="object-tools">(.*?)</ul>', html, re.S))
        tools += " ".join(re.findall(r'<section class="work-queue".*?</section>', html, re.S))
        links.extend(re.findall(r'href="(/admin/[^"#?]*)"', tools))
        return tools

    tools_of(reverse("admin:index"))
    for model in admin.site._registry:
        meta = model._meta
        pages.append((reverse("admin:app_list", kwargs={"app_label": meta.app_label}), ""))
        objects = model._default_manager.order_by("pk")
        if any(field.name == "status" for field in meta.get_fields()):
            first = {}
            for pk, status in objects.values_list("pk", "status"):
                first.setdefault(status, pk)
            states = [(f"status={status}", pk) for status, pk in first.items()]
        else:
            states = [("", pk) for pk in objects.values_list("pk", flat=True)[:1]]
        for state, pk in states:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])
            shape = re.sub(r'\d+|value="[^"]*"', "", tools_of(url))
            if (meta.label, shape) not in shapes:
                shapes.add((meta.label, shape))
                pages.append((url, state))
        for _state, pk in states:
            if {"confirm", "refused"} <= deletes:
                break  # the confirmation and the refusal: each one kind, whatever the model
            delete = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[pk])
            answer = client.get(delete)
            if answer.status_code == 200:
                refused = any(t.name == "admin/delete_refused.html" for t in answer.templates)
                state = "refused" if refused else "confirm"
                if state not in deletes:
                    deletes.add(state)
                    pages.append((delete, state))
    pages += [(url, "") for url in links]
    unique, kinds = [], set()
    for url, state in pages:
        kind = page_kind(url, who="staff", state=state)
        if kind not in kinds:
            kinds.add(kind)
            unique.append((url, state))
    return unique


def kinds_to_reach(staff) -> tuple[set, list, set]:
    """What every language's crawl must reach, from the URL resolver and the admin's registry
    (a new page or model is checked, or the test says why not): the back office's kinds; the
    routes that must show a page of their own; the models whose change page must be shown."""
    from django.test import RequestFactory

    kinds = {
        ("admin", "index", ""), ("admin", "index", "werk=mijn"), ("admin", "app_list", ""),
        ("admin", "history", ""), ("admin", "delete", "confirm"),
        ("admin", "delete", "refused"),
    }  # fmt: skip
    request = RequestFactory().get("/admin/")
    request.user = staff
    models = set()
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}"
        kinds.add(("admin", f"{prefix}_changelist", ""))
        if model_admin.has_add_permission(request):
            kinds.add(("admin", f"{prefix}_add", ""))
        if f"{prefix}_change" not in ADMIN_NOT_REACHED:
            models.add(f"{prefix}_change")
    crud = ("_changelist", "_add", "_change", "_history", "_delete", "app_list", "index")
    pages = []
    for route in routes():
        if route.name is None or route.name in NOT_PAGES:
            continue
        if route.is_admin:
            short = route.name.removeprefix("admin:")
            generic = short.endswith(crud) and short != "password_change"
            if not generic and short not in ADMIN_NOT_REACHED:
                pages.append(route)
        elif set(route.params) <= {"number", "project_number"} and not (
            route.name in PORTAL_NOT_REACHED or route.namespace in PORTAL_NOT_REACHED
        ):
            pages.append(route)
    return kinds, pages, models


def no_page_of_its_own(route, people) -> bool:
    """True for an action (GET answers 405: its buttons POST) or a file (an answer that is not
    HTML) for one of ``people`` ({email: own project number}), asked with the test client."""
    from django.test import Client

    from accounts.models import User
    from tests.quality.discovery import model_for_admin_route

    for email, number in people.items():
        kwargs = dict.fromkeys(set(route.params) & {"number", "project_number"}, number)
        if None in kwargs.values():
            continue
        model = model_for_admin_route(route)
        if set(route.params) - kwargs.keys():
            first = model._default_manager.order_by("pk").first() if model else None
            if first is None or not set(route.params) - kwargs.keys() <= {"pk", "object_id"}:
                continue
            kwargs.update(dict.fromkeys(set(route.params) - kwargs.keys(), first.pk))
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        answer = client.get(reverse(route.name, kwargs=kwargs))
        if answer.status_code == 405 or "html" not in answer.get("Content-Type", ""):
            return True
    return False


def missing_kinds(crawl, staff, *, admin: bool) -> list[str]:
    """The kinds of the portal (``admin=False``) or of the back office that the crawl missed."""
    kinds, pages, models = kinds_to_reach(staff)
    if not admin:
        kinds, models = set(), set()
    reached = crawl.routes_reached()
    people = {None: None, RESEARCHER: 10014, ACCOUNT_MANAGER: 10013, STAFF: 10014}
    missing = [" ".join(filter(None, k)) for k in sorted(kinds - crawl.reached.keys())]
    for route in pages:
        if route.is_admin != admin:
            continue
        name = route.name.removeprefix("admin:")
        if name not in reached and not no_page_of_its_own(route, people):
            missing.append(route.name)
    missing += [f"admin:{name} (no demo object)" for name in sorted(models - reached)]
    return missing


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("part", ["portal", "back office"])
def test_every_kind_of_page_passes_axe(browser, live_server, demo, language, part):
    """Every kind of page (see above) with axe's WCAG 2.2 A/AA rules and ``<html lang>``. The
    portal part: a visitor, a researcher with data and an account manager, then every form of
    the researcher's pages sent empty; in English the account manager's crawl opens only the
    pages the researcher has not (the pages of their institution). The back-office part: CBS
    staff. Each part fails on a kind of its own not reached (the two parts are two tests, so
    two workers share the crawl of a language)."""
    from accounts.models import User

    crawl = Crawl(browser, live_server.url, language)
    forms_report, checked = {}, 0
    if part == "portal":
        for who, (email, own) in PORTAL_PEOPLE.items():
            urls = page_urls(own)
            if language == "en" and who == "account manager":
                reached = crawl.routes_reached()
                urls = [url for url in urls if resolve(url).view_name not in reached]
            with crawl.signed_in(email) as page:
                for url in urls:
                    crawl.visit(page, url, who=who)
        with crawl.signed_in(RESEARCHER) as page:
            forms_report, checked = forms_with_errors(
                page, page_urls(PORTAL_PEOPLE["researcher"][1]), language
            )
    else:
        with crawl.signed_in(STAFF) as page:
            for url, state in admin_pages(STAFF):
                crawl.visit(page, url, who="staff", state=state)
    missing = missing_kinds(crawl, User.objects.get(email=STAFF), admin=part == "back office")
    assert not crawl.report, "axe found violations:" + readable(crawl.report)
    assert not forms_report, "Forms with errors:" + readable(forms_report)
    assert checked or part != "portal", "no form of the researcher's pages showed field errors"
    assert not missing, (
        f"{len(missing)} kinds of page not reached (give the demo an object in that state, or "
        "say why in PORTAL_NOT_REACHED / ADMIN_NOT_REACHED):\n" + "\n".join(missing)
    )


def test_axe_itself_finds_violations(page):
    """A gate that cannot fail is a defect: axe must flag a page without lang and alt text."""
    page.set_content('<html><head><title>x</title></head><body><img src="x.png"></body></html>')
    found = " ".join(axe_violations(page))
    assert "image-alt" in found and "html-has-lang" in found


def _forms_in_main(page) -> int:
    return page.locator("main form[method=post], main form[method=POST]").count()


def forms_with_errors(page, urls, language) -> tuple[dict, int]:
    """Every form in a page's main content, sent empty: errors shown, accessible, tied to fields.
    ({page and form: problems}, how many forms showed errors)."""
    report, checked = {}, 0
    for url in urls:
        path = f"/en{url}" if language == "en" else url
        response = open_page(page, path)
        if response is None or response.status != 200:
            continue
        for index in range(_forms_in_main(page)):
            if index:
                page.goto(path)
            form = page.locator("main form[method=post], main form[method=POST]").nth(index)
            if form.locator("input:not([type=hidden]), textarea, select").count() == 0:
                continue  # a single button (e.g. "Akkoord"): no fields to get wrong
            form.evaluate("f => { f.noValidate = true; }")
            for field_ in form.locator(
                "input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]),"
                " textarea, [contenteditable=true]"
            ).all():
                # A textarea turned into a rich-text editor is hidden: empty the editor instead.
                if field_.is_visible():
                    field_.fill("")
            form.locator("[type=submit]").first.click()
            page.wait_for_load_state()
            invalid = page.locator("[aria-invalid=true]")
            if invalid.count() == 0:
                continue
            checked += 1
            problems = axe_violations(page) + tied_errors_problems(page)
            if problems:
                report[f"{path} form {index + 1} sent empty"] = problems
    return report, checked


def tied_errors_problems(page) -> list[str]:
    return page.evaluate(
        """() => {
        const problems = [];
        for (const el of document.querySelectorAll('[aria-invalid=true]')) {
            const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
            const texts = ids.map(id => document.getElementById(id)).filter(Boolean)
                .map(e => e.textContent.trim()).filter(Boolean);
            if (!texts.length) problems.push(
                `field ${el.name || el.id} is invalid but no error is tied to it`);
            const label = el.labels && el.labels.length
                ? el.labels[0].textContent.trim() : el.getAttribute('aria-label');
            if (!label) problems.push(`field ${el.name || el.id} has no label`);
        }
        return problems;
    }"""
    )


def test_skip_link_lang_and_visible_focus(page, demo):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent.trim()")
    assert skip.lower().endswith("naar de inhoud"), skip
    box = page.evaluate(
        "(() => { const r = document.activeElement.getBoundingClientRect();"
        " return [r.width, r.height, r.top]; })()"
    )
    assert box[0] > 1 and box[1] > 1 and box[2] >= 0, f"skip link not visible on focus: {box}"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Every element reached with Tab shows where the focus is.
    page.goto("/")
    missing = []
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
            return {tag: el.tagName, text: (el.textContent || '').trim().slice(0, 30),
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                    shadow: s.boxShadow !== 'none'}; }"""
        )
        if style["tag"] == "BODY":
            break
        if not (style["outline"] or style["shadow"]):
            missing.append(f"{style['tag']} {style['text']!r}")
    assert not missing, f"no visible focus on: {missing}"


KEYBOARD_VALUES = {
    "Voorletters": "J.",
    "Voornaam": "Jan",
    "Voorvoegsel": "van",
    "Achternaam": "Toetsenbord",
    "Geboortedatum": "17-05-1985",
    "E-mail": "jan.toetsenbord@example.nl",
}
CHOICE_LABELS = {"Geslacht", "Taal", "Instelling"}


def focused_label(page) -> str:
    return page.evaluate(
        """() => { const el = document.activeElement;
        if (el.labels && el.labels.length) return el.labels[0].textContent.replace('*', '').trim();
        const fs = el.closest('fieldset'); if (fs && fs.querySelector('legend'))
            return fs.querySelector('legend').textContent.replace('*', '').trim();
        return (el.getAttribute('aria-label') || el.textContent || '').trim(); }"""
    )


def test_account_request_with_the_keyboard_only(page, demo):
    from accounts.models import AccountRequest

    page.goto(reverse("accounts:request_account"))
    if page.get_by_label("Voorletters").count() == 0:
        pytest.skip(
            "accounts:request_account shows no form yet (it comes with the accounts branch)"
        )
    filled = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        label = focused_label(page)
        kind = page.evaluate("[document.activeElement.tagName, document.activeElement.type]")
        name = next(
            (key for key in [*KEYBOARD_VALUES, *CHOICE_LABELS] if label.startswith(key)), None
        )
        if name and name not in filled:
            if name in KEYBOARD_VALUES:
                value = KEYBOARD_VALUES[name]
                if kind[1] == "date":
                    value = value.replace("-", "")
                page.keyboard.type(value)
            elif kind[0] == "SELECT":
                page.keyboard.press("ArrowDown")  # the first real choice
                if name == "Instelling":
                    page.keyboard.type("AFAS")
            else:  # a radio group: arrow to a choice, which also selects it
                page.keyboard.press("ArrowDown")
            filled.add(name)
        on_button = kind[0] == "BUTTON" or kind[1] == "submit"
        if on_button and filled >= set(KEYBOARD_VALUES) | CHOICE_LABELS:
            # Wait for the answer to the POST: wait_for_load_state() alone returns at once
            # (the form's page is already loaded) and the database was read mid-request.
            with page.expect_navigation():
                page.keyboard.press("Enter")
            break
    page.wait_for_load_state()
    assert filled >= set(KEYBOARD_VALUES) | CHOICE_LABELS, f"reached only {filled}"
    assert AccountRequest.objects.filter(email="jan.toetsenbord@example.nl").exists(), re.sub(
        r"\s+", " ", page.locator("main").inner_text()
    )[:500]


def test_project_submission_with_the_keyboard_only(page, demo):
    from accounts.demo import person
    from projects.models import Bijlage, BijlageStatus, Project, Role, TeamMember

    project = Project.objects.get(number=10014)
    Bijlage.objects.filter(project=project).update(status=BijlageStatus.FINAL)
    TeamMember.objects.get_or_create(
        project=project, person=person("Gerro", "Jager"), defaults={"role": Role.SIGNATORY}
    )
    sign_in(page, RESEARCHER)
    page.goto(reverse("projects:detail", kwargs={"number": 10014}))
    # A button or link, or (as in the mock-up) a choice in "Wijzig projectstatus" and its button.
    submit = (
        page.get_by_role("button", name="Indienen ter beoordeling")
        .or_(page.get_by_role("link", name="Indienen ter beoordeling"))
        .or_(page.locator("main select option", has_text="Indienen ter beoordeling"))
    )
    if submit.count() == 0:
        pytest.skip("the project page offers no 'Indienen ter beoordeling' yet (projects branch)")
    for _ in range(3):  # the page, then possibly a confirmation step
        chosen = False
        for _ in range(150):
            page.keyboard.press("Tab")
            if chosen and page.evaluate("document.activeElement.type === 'submit'"):
                break  # the button of the form whose choice we just made
            if page.evaluate(
                """() => { const el = document.activeElement; return el.tagName === 'SELECT'
                && [...el.options].some(o => o.text.trim() === 'Indienen ter beoordeling'); }"""
            ):
                page.keyboard.type("Indienen")  # type-ahead picks the choice
                chosen = True
                continue
            if focused_label(page).startswith(("Indienen", "Bevestigen", "Ja")):
                break
        try:
            # Wait for the answer, not only the key press, before reading the database.
            with page.expect_navigation(timeout=5_000):
                page.keyboard.press("Enter")
        except PlaywrightError:
            pass  # nothing was sent: the assertion below tells
        project.refresh_from_db()
        if project.status == "submitted":
            break
    assert project.status == "submitted"
