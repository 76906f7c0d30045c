"""The shared form templates: errors and help tied to every input, also in radio groups."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db


class ChoiceForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="Pick"
    )


def test_every_radio_of_an_invalid_group_names_the_error_and_help():
    form = ChoiceForm(data={})
    assert not form.is_valid()
    html = render_to_string("components/field.html", {"field": form["kind"]})
    radios = re.findall(r"<input[^>]*type=\"radio\"[^>]*>", html)
    assert len(radios) == 2
    for radio in radios:
        assert 'aria-invalid="true"' in radio
        assert 'aria-describedby="id_kind_helptext id_kind_error"' in radio
    assert 'id="id_kind_error"' in html and 'id="id_kind_helptext"' in html
    assert "<legend>" in html


def test_a_valid_radio_group_has_no_dangling_description():
    form = ChoiceForm(data={"kind": "a"})
    assert form.is_valid()
    html = render_to_string("components/field.html", {"field": form["kind"]})
    assert "_error" not in html
    assert 'aria-describedby="id_kind_helptext"' in html


def test_email_page_shows_the_current_address_as_text_not_as_a_disabled_field(
    client_of, researcher
):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=researcher, email=researcher.email, defaults={"primary": True, "verified": True}
    )
    response = client_of(researcher).get(reverse("account_email"))
    assert response.status_code == 200
    text = response.content.decode()
    assert researcher.email in text
    assert "Huidig e-mailadres" in text
    assert "disabled" not in text
