from django import forms
from django.utils.translation import gettext_lazy as _


class SignAgreementForm(forms.Form):
    """Sign: the document read (its hash), the full name typed and the password confirmed."""

    document_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(
        label=_("I have read the project agreement and I sign it for my institution."),
        error_messages={"required": _("Confirm that you have read the agreement and sign it.")},
    )
    typed_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        help_text=_("Type your full name as your signature: %(name)s."),
        error_messages={"required": _("Type your full name as your signature.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        max_length=200,
        strip=False,
        help_text=_("Confirm that it is you: the password you sign in with."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type your password to confirm that it is you.")},
    )

    def __init__(self, *args, full_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["typed_name"].help_text = self.fields["typed_name"].help_text % {
            "name": full_name
        }
        self.fields["typed_name"].widget.attrs["autocomplete"] = "name"


class DeclineAgreementForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        help_text=_("Required when you do not sign: tell CBS what should change."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give a reason why you do not sign.")},
    )
