from django import forms
from django.utils.translation import gettext_lazy as _

from portal.uploads import SIGNED_FORM, UploadField


class SignUserDeclarationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I have read the user declaration and I agree to it."),
        error_messages={"required": _("Confirm that you have read the declaration and agree.")},
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


class UploadSignedPdfForm(forms.Form):
    document = UploadField(
        label=_("Signed form (PDF)"),
        policy=SIGNED_FORM,
        help_text=_("A PDF of at most %(max)s MB."),
        error_messages={"required": _("Choose the signed PDF to upload.")},
    )

    def __init__(self, *args, max_mb: int = 10, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = self.fields["document"].help_text % {"max": max_mb}


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Type your answer.")},
    )


class DisagreeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        help_text=_("Required when you do not agree: tell CBS what should change."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give a reason why you do not agree.")},
    )
