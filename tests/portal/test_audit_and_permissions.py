import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from portal.audit import field_changes, record
from portal.models import Event
from portal.permissions import has_permission, registered_permissions, require_permission
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_events_are_append_only(project, leader):
    event = record(verb="test.happened", by=leader, target=project, project=project, reason="x")
    assert event.actor_name == "Piet Bakker"
    assert event.target_type == "projects.project"
    event.reason = "rewritten"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        Event.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(ValidationError):
        Event.objects.all().delete()
    assert Event.objects.get(pk=event.pk).reason == "x"


def test_field_changes_lists_only_changed_fields():
    assert field_changes({"a": 1, "b": "x"}, {"a": 2, "b": "x"}) == {"a": [1, 2]}


def test_unknown_permission_is_denied(leader, project):
    assert not has_permission(leader, "projects.does_not_exist", project)


def test_anonymous_and_inactive_are_denied(project, leader):
    from django.contrib.auth.models import AnonymousUser

    assert has_permission(leader, "projects.view", project)
    assert not has_permission(AnonymousUser(), "projects.view", project)
    leader.is_active = False
    assert not has_permission(leader, "projects.view", project)


def test_require_permission_gives_404_not_403(outsider, project):
    with pytest.raises(Http404):
        require_permission(outsider, "projects.view", project)


def test_permissions_are_registered():
    perms = registered_permissions()
    assert "projects.view" in perms and "projects.change_settings" in perms


def test_user_without_person_sees_no_project(project):
    assert not has_permission(UserFactory(person=None), "projects.view", project)
