import os

from django import forms
from django.utils.translation import gettext_lazy as _

from messaging.services import MAX_ATTACHMENTS, MAX_BODY
from portal.uploads import validate_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text; web addresses become links."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("At most %(max)s files: PDF, Word, Excel, CSV, text or an image.")
        % {"max": MAX_ATTACHMENTS},
    )

    def clean_attachments(self):
        """Every attachment a real document of an allowed type; one message per refused file."""
        uploads = self.cleaned_data["attachments"]
        if len(uploads) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("At most %(max)s attachments per message.") % {"max": MAX_ATTACHMENTS}
            )
        refused = []
        for upload in uploads:
            try:
                validate_upload(upload)
            except forms.ValidationError as error:
                name = os.path.basename((upload.name or "").replace("\\", "/"))[:120]
                refused.append(f"{name}: {error.messages[0]}")
        if refused:
            raise forms.ValidationError(refused)
        return uploads


class QuestionForm(MessageForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    field_order = ["subject", "body", "attachments"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Your question")
