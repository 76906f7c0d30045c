from django import forms
from django.utils.translation import gettext_lazy as _

from messaging.services import MAX_BODY
from portal.uploads import MESSAGE_ATTACHMENTS, UploadField


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text; web addresses become links."),
    )
    attachments = UploadField(
        label=_("Attachments"),
        policy=MESSAGE_ATTACHMENTS,
        required=False,
        help_text=_("At most %(max)s files: PDF, Word, Excel, CSV, text or an image.")
        % {"max": MESSAGE_ATTACHMENTS.file_limit},
    )


class QuestionForm(MessageForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    field_order = ["subject", "body", "attachments"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Your question")
