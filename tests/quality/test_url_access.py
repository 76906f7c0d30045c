"""Security walk: every URL of the portal and the admin, with every kind of person.

Each named route of the URL resolver is requested with GET and with an empty POST by:
anonymous, a researcher, the leader of another project, the account manager of another
institution, CBS staff ("Microdata medewerker") and read-only staff ("Alleen lezen"). Path
parameters are filled with objects of SOMEBODY ELSE (see ``tests/quality/conftest.py``: the
victim). The rules:

- an URL naming somebody else's object answers 404 (403 and 405 are tolerated; anonymous may be
  redirected to the login): never 200, never a redirect into the page;
- the admin is only for staff: others get the login redirect, 403 or 404;
- a page without such parameters may answer 200, but never shows the victim's private texts;
- no 500 anywhere (the test client re-raises the exception);
- a POST that is refused changes nothing in the database (every table is fingerprinted before
  and after; only sessions are left out). Read-only staff change nothing anywhere.

HOW TO ADD A URL PARAMETER
Every path parameter must be known here, or the walk fails with "unknown URL parameter".
- A parameter named ``pk``, ``id``, ``object_id`` or ending in ``_pk`` / ``_id`` needs nothing:
  every table holds a victim row with primary key ``VICTIM_PK``, so it points at an object
  that exists and is not yours.
- Otherwise add an entry to ``PARAMS`` below: the parameter name -> a ``Param`` with a function
  of the victim world giving the values to try, and ``owned=True`` when the value is somebody
  else's object (the URL must then answer 404), ``owned=False`` for opaque tokens or public
  things (any non-500 answer is fine). Example: ``"number": Param(lambda w: [w.project.number])``.
- A POST that legitimately changes the caller's OWN rows even when empty (e.g. "start the test")
  goes into ``SELF_SERVICE_POSTS`` with a comment why.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from tests.quality.conftest import LEAK_MARKERS, PERSONAS, sign_in
from tests.quality.discovery import (
    VICTIM_PK,
    Fingerprints,
    Route,
    model_for_admin_route,
    routes,
    victim_pk,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Param:
    values: Callable  # (victim world) -> list of values to try
    owned: bool = True  # True: the values are somebody else's objects


def _uidb64(user) -> str:
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return urlsafe_base64_encode(force_bytes(user.pk))


def _admin_app_label(world) -> list[str]:
    labels = sorted({m._meta.app_label for m in admin.site._registry})
    return labels[:1]


PARAMS: dict[str, Param] = {
    # Projects by number: one of another institution, one of the researcher's own institution
    # that the researcher is not on.
    "number": Param(lambda w: [w.project.number, w.neighbour_project.number]),
    "project_number": Param(lambda w: [w.project.number, w.neighbour_project.number]),
    # Bijlage 1, 2 or 3 of a project: the project decides whose it is.
    "kind": Param(lambda w: [1], owned=False),
    # A kind of change request (changes/kinds.py): the project decides whose it is.
    "change_kind": Param(lambda w: ["extend_end_date", "bestaat-niet"], owned=False),
    # allauth: keys of emailed links (nonsense keys must be refused, but are nobody's object).
    "key": Param(lambda w: ["nonsense-key"], owned=False),
    "uidb36": Param(lambda w: ["zz"], owned=False),
    # Invitation links: the victim's own uid with a forged token (must be refused without
    # showing anything of the victim) and a uid that decodes to nothing.
    "uidb64": Param(lambda w: [_uidb64(w.user), "zz"], owned=False),
    "token": Param(lambda w: ["forged-token"], owned=False),
    # The admin: app index pages and "view on site" (staff only; the walk checks that).
    "app_label": Param(_admin_app_label, owned=False),
    "content_type_id": Param(
        lambda w: [ContentType.objects.get_for_model(type(w.project)).pk], owned=False
    ),
    "url": Param(lambda w: ["bestaat-niet/"], owned=False),
    # The admin's lifecycle buttons: a CBS move by name (and one that does not exist).
    "move": Param(lambda w: ["take_into_review", "bestaat-niet"], owned=False),
    # Rapportages: a chart's SVG or CSV by its series' name (and one that does not exist).
    "chart": Param(lambda w: ["on-time", "bestaat-niet"], owned=False),
}
# Bare primary keys and <model>_pk / <model>_id: the victim's row of every table.
PK_SUFFIXES = ("_pk", "_id")
PK_NAMES = {"pk", "id", "object_id"}

# POSTs that may change the caller's own rows even when sent empty. {route name: why}
SELF_SERVICE_POSTS: dict[str, str] = {}
# Routes anybody may open: the admin's own sign-in and sign-out pages.
OPEN_ROUTES = {"admin:login", "admin:logout"}
# Sessions change on every request; they are nobody's data.
VOLATILE_TABLES = {"django_session", "usersessions_usersession"}


def param_values(route: Route, name: str, world) -> tuple[list, bool]:
    if name in PARAMS:
        param = PARAMS[name]
        return list(param.values(world)), param.owned
    if name in PK_NAMES or name.endswith(PK_SUFFIXES):
        model = model_for_admin_route(route)
        return [victim_pk(model) if model is not None else VICTIM_PK], True
    raise LookupError(
        f"unknown URL parameter {name!r} in {route.name} ({route.pattern}): "
        "add it to PARAMS in tests/quality/test_url_access.py (see its docstring)"
    )


def urls_to_visit(world) -> list[tuple[Route, str, bool]]:
    """(route, url, names somebody else's object) for every named route and parameter value."""
    result = []
    for route in routes():
        if route.name is None:
            continue
        if not route.params:
            result.append((route, reverse(route.name), False))
            continue
        choices, owned = [], False
        for name in route.params:
            values, is_owned = param_values(route, name, world)
            choices.append(values)
            owned = owned or is_owned
        for combo in itertools.product(*choices):
            kwargs = dict(zip(route.params, combo, strict=True))
            try:
                url = reverse(route.name, kwargs=kwargs)
            except NoReverseMatch as exc:
                raise AssertionError(
                    f"{route.name}: the registry's values {kwargs} do not fit {route.pattern}"
                ) from exc
            result.append((route, url, owned))
    return result


def _is_login_redirect(response) -> bool:
    if response.status_code not in (301, 302, 303):
        return False
    location = response["Location"]
    return location.startswith((reverse("account_login"), reverse("admin:login")))


def judge(persona_name, route, method, url, owned, response, changes) -> list[str]:
    status = response.status_code
    where = f"{persona_name} {method} {url} ({route.name})"
    problems = []
    is_staff = persona_name in ("staff_member", "readonly_member")
    staff_may_change = persona_name == "staff_member" and route.is_admin
    own_change = route.name in SELF_SERVICE_POSTS and persona_name != "anonymous" and not owned
    if changes and not staff_may_change and not own_change:
        problems.append(f"{where}: changed the database: {', '.join(changes)}")
    disposition = response.get("Content-Disposition", "")
    if disposition:
        problems += [f"{where}: {p}" for p in document_header_problems(response)]
    if route.name in OPEN_ROUTES:
        return problems
    if route.is_admin:
        if not is_staff and not (_is_login_redirect(response) or status in (403, 404, 405)):
            problems.append(f"{where}: admin answered {status} to somebody who is not staff")
        return problems
    if owned:
        allowed = status in (403, 404, 405) or (
            persona_name == "anonymous" and _is_login_redirect(response)
        )
        if not allowed:
            problems.append(f"{where}: somebody else's object answered {status}, expected 404")
    elif status == 200:
        text = response.content.decode(errors="replace")
        leaked = [marker for marker in LEAK_MARKERS if marker in text]
        if leaked:
            problems.append(f"{where}: shows somebody else's private data ({leaked})")
    return problems


def document_header_problems(response) -> list[str]:
    """A served document: an attachment, or an inline PDF that only our own pages may frame."""
    problems = []
    disposition = response.get("Content-Disposition", "")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("document served without X-Content-Type-Options: nosniff")
    csp = response.get("Content-Security-Policy", "")
    if disposition.startswith("inline"):
        if response.get("Content-Type") != "application/pdf":
            problems.append(f"inline document that is not a PDF: {response.get('Content-Type')}")
        if "frame-ancestors 'self'" not in csp:
            problems.append("inline PDF without frame-ancestors 'self'")
    elif not disposition.startswith("attachment"):
        problems.append(f"document neither attachment nor inline PDF: {disposition}")
    return problems


def test_every_route_is_named_so_the_walk_reaches_it():
    # The admin's own unnamed patterns (its catch-all and the old "<id>/" redirect) are Django's.
    unnamed = [r.pattern for r in routes() if r.name is None and not r.pattern.startswith("admin/")]
    assert not unnamed, (
        f"Give these URL patterns a name (the security walk reverses names): {unnamed}"
    )


def test_registry_knows_every_url_parameter(victim):
    """Fails with a pointer to PARAMS when somebody adds an URL parameter the walk cannot fill."""
    assert urls_to_visit(victim)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_nobody_reads_or_changes_what_is_not_theirs(request, persona, victim, client):
    persona_name = request.node.callspec.params["persona"]
    visits = urls_to_visit(victim)
    problems = []
    with Fingerprints(VOLATILE_TABLES) as prints:
        for route, url, owned in visits:
            for method in ("GET", "POST"):
                client.logout()
                if persona is not None:
                    sign_in(client, persona)
                if method == "GET":
                    response, changes = client.get(url), []
                else:
                    prints.changes()  # what the GET and signing in wrote are not the POST's
                    response = client.post(url, {})
                    changes = prints.changes()
                problems += judge(persona_name, route, method, url, owned, response, changes)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_document_header_check_tells_safe_from_unsafe(tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.http import FileResponse

    from portal.uploads import document_response

    path = default_storage.save("x.pdf", ContentFile(b"%PDF-1.4\n"))
    for inline in (False, True):
        safe = document_response(
            default_storage.open(path), filename="x.pdf", content_type="application/pdf",
            inline=inline,
        )  # fmt: skip
        assert document_header_problems(safe) == []
        safe.close()
    unsafe = FileResponse(default_storage.open(path), filename="x.html", content_type="text/html")
    unsafe["Content-Disposition"] = "inline"
    assert len(document_header_problems(unsafe)) >= 2
    unsafe.close()


def test_every_table_holds_a_victim_row(victim):
    """So that any ``pk`` in any URL points at something that exists and is somebody else's."""
    from tests.quality.discovery import admin_models, own_models

    missing = [
        model._meta.label
        for model in {*own_models(), *admin_models()}
        if victim_pk(model) != VICTIM_PK and isinstance(victim_pk(model), int)
    ]
    assert not missing, f"no row with pk {VICTIM_PK} in {missing}"


def test_fingerprints_tell_every_write_and_only_writes(victim):
    """The walk's check that a refused POST changed nothing sees every kind of write, through
    the ORM and in plain SQL, and nothing else: a gate that cannot fail is a defect."""
    from django.db import connection

    from accounts.models import Institution
    from projects.models import Project

    with Fingerprints(VOLATILE_TABLES) as prints:
        assert prints.changes() == []
        Project.objects.filter(pk=victim.project.pk).update(title="Anders")
        assert [name.split(" ")[0] for name in prints.changes()] == ["projects_project"]
        list(Project.objects.all())
        assert prints.changes() == []
        Institution.objects.create(name="Nieuw instituut")
        victim.action.delete()  # and its attachment, by cascade
        assert [name.split(" ")[0] for name in prints.changes()] == [
            "accounts_institution",
            "requests_inbox_action",
            "requests_inbox_actionattachment",
        ]
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_session")
            cursor.execute("UPDATE reports_day SET date = date WHERE 1 = 0")
            assert prints.changes() == []  # sessions are left out; an update of no row
            cursor.execute(
                "DELETE FROM reports_day WHERE date = (SELECT MIN(date) FROM reports_day)"
            )
        assert [name.split(" ")[0] for name in prints.changes()] == ["reports_day"]
