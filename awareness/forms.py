from django import forms
from django.utils.translation import gettext_lazy as _

from awareness.models import Question


class AttemptForm(forms.Form):
    """One radio group per question, in the user's language; required as the question says."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[self.field_name(question)] = forms.TypedChoiceField(
                label=question.localized_text,
                choices=[
                    (c.pk, c.localized_text)
                    for c in getattr(question, "ordered_choices", None) or question.choices.all()
                ],
                coerce=int,
                empty_value=None,
                required=question.required,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Answer this question."),
                    "invalid_choice": _("Choose one of the answers."),
                },
            )

    @staticmethod
    def field_name(question: Question) -> str:
        return f"question_{question.pk}"

    def answers(self) -> dict[int, int | None]:
        return {q.pk: self.cleaned_data.get(self.field_name(q)) for q in self.questions}

    def rows(self):
        """(question, bound field) pairs, for the template."""
        return [(q, self[self.field_name(q)]) for q in self.questions]
