"""The password rules are read out: on the invitation page (a new person's first page) and the
password change page, the new password's field is described by the element with its rules."""

import pytest

from accounts.tokens import invitation_path
from tests.factories import PersonFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def described_by(page, name: str) -> str:
    """The text of the elements the input's aria-describedby names, as a screen reader has it."""
    field = page.locator(f"input[name={name}]")
    ids = (field.get_attribute("aria-describedby") or "").split()
    assert ids, f"{name} has no aria-describedby"
    return " ".join(page.locator(f"[id='{pk}']").inner_text() for pk in ids)


def test_invitation_page_describes_the_password_with_its_rules(page):
    user = UserFactory(person=PersonFactory(), email="sanne@example.nl")
    user.set_unusable_password()
    user.save()
    page.goto(invitation_path(user))
    rules = described_by(page, "new_password1")
    assert "12 tekens" in rules, rules


def test_password_change_page_describes_the_password_with_its_rules(page, login):
    UserFactory(person=PersonFactory(), email="piet@example.nl")
    login("piet@example.nl", PASSWORD)
    page.goto("/accounts/password/change/")
    rules = described_by(page, "password1")
    assert "12 tekens" in rules, rules
