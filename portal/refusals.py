"""The one refusal type: the rules say no.

Services raise ``Refusal`` when a write is not allowed (a lifecycle guard, a stale form, a person
who may not join, a second decision). It carries the messages for the user (already translated)
and, where it applies, the form field they belong to. Views show it beside that field (or above
the form) with ``add_to_form``; the admin shows it as an error message with ``message_user``.
"""

from django.core.exceptions import ValidationError


class Refusal(Exception):
    def __init__(self, messages, *, field: str | None = None):
        if isinstance(messages, str | bytes) or not hasattr(messages, "__iter__"):
            messages = [messages]
        self.messages = [str(message) for message in messages]
        self.field = field
        super().__init__("; ".join(self.messages))

    @property
    def message(self) -> str:
        return " ".join(self.messages)

    def as_validation_error(self) -> ValidationError:
        if self.field:
            return ValidationError({self.field: self.messages})
        return ValidationError(self.messages)

    def add_to_form(self, form) -> None:
        """Show the refusal beside its field (or above the form) and keep what was typed."""
        field = self.field if self.field in getattr(form, "fields", {}) else None
        for message in self.messages:
            form.add_error(field, message)
