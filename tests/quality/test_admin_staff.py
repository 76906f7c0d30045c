"""The back office is for CBS staff: every admin page opens for a "Microdata medewerker", none for
anybody else, and an "Alleen lezen" member sees everything and changes nothing.

Admin pages are discovered from ``admin.site._registry``: a model registered later is covered.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from portal.staff import EDITOR_GROUP, OWN_APPS, READONLY_GROUP, sync_staff_groups
from tests.quality.conftest import sign_in
from tests.quality.discovery import Fingerprints, victim_pk

pytestmark = pytest.mark.django_db
VOLATILE = {"django_session", "usersessions_usersession"}


def admin_entries():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def admin_url(model, view, *args):
    """The admin's page ``view`` of ``model``; None where its admin has no such page (a page
    of its own such as Rapportages, whose model has a changelist only)."""
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)
    except NoReverseMatch:
        if view == "changelist":
            raise
        return None


def _request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_groups_hold_the_permissions_of_every_model_of_our_apps():
    editor = set(
        Group.objects.get(name=EDITOR_GROUP).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    readonly = Group.objects.get(name=READONLY_GROUP).permissions.all()
    for perm in Permission.objects.filter(content_type__app_label__in=OWN_APPS):
        assert (perm.content_type.app_label, perm.codename) in editor
    assert readonly.exists()
    assert all(p.codename.startswith("view_") for p in readonly)
    assert (
        not Group.objects.get(name=EDITOR_GROUP)
        .permissions.filter(
            content_type__app_label="auth",
            codename__in=["add_group", "change_group", "add_permission"],
        )
        .exists()
    ), "staff must not be able to give themselves permissions"


def test_permissions_of_a_model_added_later_join_the_groups():
    content_type = ContentType.objects.get_or_create(app_label="projects", model="laterthing")[0]
    view = Permission.objects.create(
        content_type=content_type, codename="view_laterthing", name="v"
    )
    change = Permission.objects.create(
        content_type=content_type, codename="change_laterthing", name="c"
    )
    sync_staff_groups()
    assert (
        Group.objects.get(name=EDITOR_GROUP).permissions.filter(pk__in=[view.pk, change.pk]).count()
        == 2
    )
    readonly = Group.objects.get(name=READONLY_GROUP).permissions
    assert readonly.filter(pk=view.pk).exists() and not readonly.filter(pk=change.pk).exists()


def test_every_admin_page_opens_for_a_microdata_medewerker(client, staff_member, victim):
    sign_in(client, staff_member)
    failures = []
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin_entries():
        pk = victim_pk(model)
        urls = [admin_url(model, "changelist"), admin_url(model, "change", pk)]
        if model_admin.has_add_permission(_request_for(staff_member)):
            urls.append(admin_url(model, "add"))
        if model_admin.has_delete_permission(_request_for(staff_member)):
            urls.append(admin_url(model, "delete", pk))
        for url in filter(None, urls):
            status = client.get(url).status_code
            if status != 200:
                failures.append(f"{url}: {status}")
    assert not failures, "Admin pages that do not open for staff:\n" + "\n".join(failures)


@pytest.mark.parametrize("who", ["anonymous", "researcher", "other_account_manager"])
def test_no_admin_page_opens_for_anybody_who_is_not_staff(request, client, who, victim):
    if who != "anonymous":
        sign_in(client, request.getfixturevalue(who))
    failures = []
    for model, _model_admin in admin_entries():
        for url in filter(
            None,
            [
                admin_url(model, "changelist"),
                admin_url(model, "add"),
                admin_url(model, "change", victim_pk(model)),
            ],
        ):
            response = client.get(url)
            location = response.get("Location", "")
            redirected_to_login = response.status_code == 302 and "login" in location
            if not (redirected_to_login or response.status_code in (403, 404)):
                failures.append(f"{url}: {response.status_code}")
    assert client.get(reverse("admin:index")).status_code in (302, 403)
    assert not failures, "Admin pages open for somebody who is not staff:\n" + "\n".join(failures)


def test_readonly_staff_sees_everything_and_changes_nothing(
    client, readonly_member, staff_member, victim
):
    sign_in(client, readonly_member)
    failures = []
    with Fingerprints(VOLATILE) as prints:
        for model, model_admin in admin_entries():
            pk = victim_pk(model)
            offered = model_admin.get_actions(_request_for(readonly_member))
            if offered:
                failures.append(
                    f"{model._meta.label}: actions {list(offered)} offered to read-only staff"
                )
            changelist = client.get(admin_url(model, "changelist"))
            if changelist.status_code != 200:
                failures.append(f"{model._meta.label} changelist: {changelist.status_code}")
            elif changelist.context.get("action_form") is not None:
                failures.append(
                    f"{model._meta.label} changelist offers admin actions to read-only staff"
                )
            change_url = admin_url(model, "change", pk)
            if change_url and client.get(change_url).status_code != 200:
                failures.append(f"{model._meta.label} change view does not open")
            prints.changes()  # what opening the pages wrote
            writes = {
                "add": (admin_url(model, "add"), {}),
                "change": (change_url, {"_save": "1"}),
                "delete": (admin_url(model, "delete", pk), {"post": "yes"}),
            }
            attempts = {what: client.post(url, data) for what, (url, data) in writes.items() if url}
            # Every action a Microdata medewerker has, tried by read-only staff: nothing may happen.
            for action in model_admin.get_actions(_request_for(staff_member)):
                attempts[f"action {action}"] = client.post(
                    admin_url(model, "changelist"),
                    {"action": action, "_selected_action": [pk], "post": "yes"},
                )
            changed = prints.changes()
            if changed:
                failures.append(f"{model._meta.label}: read-only staff changed {changed}")
            for what, response in attempts.items():
                if not what.startswith("action") and response.status_code != 403:
                    failures.append(
                        f"{model._meta.label} {what}: {response.status_code}, expected 403"
                    )
    assert not failures, "\n".join(failures)


ESCALATION_FIELDS = {"is_superuser", "user_permissions", "groups", "permissions"}


def test_staff_cannot_give_themselves_more_rights(client, staff_member, victim):
    """No admin form lets a Microdata medewerker (not a superuser) edit rights: that would let
    staff make themselves superuser. Superusers (developers) keep the full forms."""
    sign_in(client, staff_member)
    problems = []
    for model, model_admin in admin_entries():
        if not model_admin.has_change_permission(_request_for(staff_member)):
            continue
        response = client.get(admin_url(model, "change", victim_pk(model)))
        if response.status_code != 200:
            continue
        editable = set(response.context["adminform"].form.fields) & ESCALATION_FIELDS
        if editable:
            problems.append(f"{model._meta.label}: staff can edit {sorted(editable)}")
    assert not problems, "\n".join(problems)
