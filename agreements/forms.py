from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.reauth import ReauthenticationForm


class SignAgreementForm(ReauthenticationForm):
    """Sign: the document read (its hash), the full name typed and the password confirmed
    (the portal's one re-authentication, with the login's limits)."""

    purpose = "agreement.sign"
    field_order = ["document_hash", "confirm", "typed_name", "password"]

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
