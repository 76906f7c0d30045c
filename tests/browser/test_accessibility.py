"""Accessibility in the real browser: axe-core's WCAG 2.2 A/AA rules on every page, in Dutch and
in English, for a visitor, a researcher with data, an account manager and CBS staff; forms with
their errors shown; keyboard-only tasks; visible focus, skip link, lang, errors tied to fields.

Pages are discovered from the URL resolver: every route without parameters, and routes with a
project ``number`` filled with the signed-in person's own project (demo data: ``load_demo``,
which every app extends). A new page is checked without touching this file.
"""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
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


@pytest.mark.parametrize("language", ["nl", "en"])
def test_public_pages(page, demo, language):
    report = visit_all(page, page_urls({}), language, at_least=8)
    assert not report, "axe found violations:" + readable(report)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_researcher_pages(page, demo, language):
    sign_in(page, RESEARCHER)
    own = {"number": 10014, "project_number": 10014}
    report = visit_all(page, page_urls(own), language, at_least=10)
    assert not report, "axe found violations:" + readable(report)


def test_account_manager_pages(page, demo):
    sign_in(page, ACCOUNT_MANAGER)
    own = {"number": 10013, "project_number": 10013}
    report = visit_all(page, page_urls(own), "nl", at_least=10)
    assert not report, "axe found violations:" + readable(report)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_staff_admin_pages(page, demo, language):
    """The back office: the index with its work queue (and "Mijn werk"), every changelist and
    every add page (the admin routes without parameters), and the change page (with its
    inlines) of the first demo object of every model in the admin."""
    from django.contrib import admin

    sign_in(page, STAFF)
    urls = [reverse("admin:index"), reverse("admin:index") + "?werk=mijn"]
    urls += [url for url in page_urls({}, admin=True) if url not in urls]
    for model in admin.site._registry:
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            meta = model._meta
            urls.append(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            )
    urls += [url for url in admin_object_pages(STAFF) if url not in urls]
    report = visit_all(page, urls, language, at_least=60)
    assert not report, "axe found violations:" + readable(report)


def admin_object_pages(email) -> list[str]:
    """The admin pages staff reach from an object rather than from the URL resolver: the change
    page of a demo object in every state (one per status, where the model has one) whose object
    tools differ from the pages already taken (the lifecycle moves, cost overview
    propose/preview/send, agreement send/countersign, take/approve/reject, answer/note/assign
    are buttons and links there), and every page those links and the work queue lead to (the
    moves' confirmation pages, the answer and note forms, comments, history), one page per kind
    of link: its address with the numbers taken out. Also each app's index (the breadcrumbs'
    second step) and the delete page of those objects where staff may open it, one per model
    and template (the confirmation, or "cannot be deleted" for an object that is kept)."""
    from django.contrib import admin
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    pages, links, shapes = [], {}, set()

    def tools_of(url) -> str:
        html = client.get(url).content.decode()
        tools = " ".join(re.findall(r'<ul class="object-tools">(.*?)</ul>', html, re.S))
        tools += " ".join(re.findall(r'<section class="work-queue".*?</section>', html, re.S))
        for href in re.findall(r'href="(/admin/[^"#?]*)"', tools):
            links.setdefault(re.sub(r"\d+", "N", href), href)
        return tools

    tools_of(reverse("admin:index"))
    for model in admin.site._registry:
        meta = model._meta
        app_index = reverse("admin:app_list", kwargs={"app_label": meta.app_label})
        if app_index not in pages:
            pages.append(app_index)
        objects = model._default_manager.order_by("pk")
        if any(field.name == "status" for field in meta.get_fields()):
            first = {}
            for pk, status in objects.values_list("pk", "status"):
                first.setdefault(status, pk)
            pks = list(first.values())
        else:
            pks = list(objects.values_list("pk", flat=True)[:3])
        for pk in pks:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])
            shape = re.sub(r'\d+|value="[^"]*"', "", tools_of(url))
            if (meta.label, shape) not in shapes:
                shapes.add((meta.label, shape))
                pages.append(url)
            delete = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[pk])
            answer = client.get(delete)
            refused = any(t.name == "admin/delete_refused.html" for t in answer.templates)
            kind = (meta.label, "delete", refused)
            if answer.status_code == 200 and kind not in shapes:
                shapes.add(kind)
                pages.append(delete)
    return pages + [url for url in links.values() if url not in pages]


def test_axe_itself_finds_violations(page):
    """A gate that cannot fail is a defect: axe must flag a page without lang and alt text."""
    page.set_content('<html><head><title>x</title></head><body><img src="x.png"></body></html>')
    found = " ".join(axe_violations(page))
    assert "image-alt" in found and "html-has-lang" in found


def _forms_in_main(page) -> int:
    return page.locator("main form[method=post], main form[method=POST]").count()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_forms_with_errors_shown(page, demo, language):
    """Every form in a page's main content, sent empty: errors shown, accessible, tied to fields."""
    sign_in(page, RESEARCHER)
    own = {"number": 10014, "project_number": 10014}
    report, checked = {}, 0
    for url in page_urls(own):
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
            for field in form.locator(
                "input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]),"
                " textarea, [contenteditable=true]"
            ).all():
                # A textarea turned into a rich-text editor is hidden: empty the editor instead.
                if field.is_visible():
                    field.fill("")
            form.locator("[type=submit]").first.click()
            page.wait_for_load_state()
            invalid = page.locator("[aria-invalid=true]")
            if invalid.count() == 0:
                continue
            checked += 1
            problems = axe_violations(page) + tied_errors_problems(page)
            if problems:
                report[f"{path} form {index + 1} sent empty"] = problems
    assert not report, "Forms with errors:" + readable(report)
    if checked == 0:
        pytest.skip("no form shows field errors yet (the apps' forms arrive with their branches)")


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
