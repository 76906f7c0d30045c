from django import forms

from portal.refusals import Refusal


class _Form(forms.Form):
    name = forms.CharField()


def test_refusal_goes_beside_its_field_and_keeps_input():
    form = _Form(data={"name": "Piet"})
    assert form.is_valid()
    Refusal("Niet toegestaan.", field="name").add_to_form(form)
    assert form.errors == {"name": ["Niet toegestaan."]}
    assert form["name"].value() == "Piet"


def test_refusal_without_a_known_field_goes_above_the_form():
    form = _Form(data={"name": "Piet"})
    form.is_valid()
    Refusal(["Een.", "Twee."], field="elsewhere").add_to_form(form)
    assert form.non_field_errors() == ["Een.", "Twee."]


def test_refusal_as_validation_error():
    error = Refusal("Nee.", field="name").as_validation_error()
    assert error.message_dict == {"name": ["Nee."]}
    assert Refusal("Nee.").message == "Nee."


class _TwoFields(forms.Form):
    name = forms.CharField(required=False)
    city = forms.CharField(required=False)


def test_refusal_of_several_fields_goes_beside_each():
    form = _TwoFields(data={"name": "", "city": ""})
    form.is_valid()
    refusal = Refusal({"name": "Vul de naam in.", "city": "Vul de plaats in.", "x": "Elders."})
    refusal.add_to_form(form)
    assert form.errors["name"] == ["Vul de naam in."]
    assert form.errors["city"] == ["Vul de plaats in."]
    assert form.non_field_errors() == ["Elders."]
    assert refusal.messages == ["Vul de naam in.", "Vul de plaats in.", "Elders."]
    assert refusal.as_validation_error().message_dict["city"] == ["Vul de plaats in."]
