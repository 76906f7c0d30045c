"""The one refusal type: the rules say no.

Services raise ``Refusal`` when a write is not allowed (a lifecycle guard, a stale form, a person
who may not join, a second decision). It carries the messages for the user (already translated)
and, where it applies, the form field they belong to. Views show it beside that field (or above
the form) with ``add_to_form``; the admin shows it as an error message with ``message_user``.
"""

from django.core.exceptions import ValidationError


class Refusal(Exception):
    """``Refusal(message_or_messages, field=...)``, or ``Refusal({field: message, ...})`` when
    the rules refuse several fields at once (e.g. each empty required section)."""

    def __init__(self, messages, *, field: str | None = None):
        self.by_field: dict[str, list[str]] = {}
        if isinstance(messages, dict):
            self.by_field = {
                name: [str(m) for m in (value if isinstance(value, list | tuple) else [value])]
                for name, value in messages.items()
            }
            messages = [m for texts in self.by_field.values() for m in texts]
        elif isinstance(messages, str | bytes) or not hasattr(messages, "__iter__"):
            messages = [messages]
        self.messages = [str(message) for message in messages]
        self.field = field
        if field and not self.by_field:
            self.by_field = {field: self.messages}
        super().__init__("; ".join(self.messages))

    @property
    def message(self) -> str:
        return " ".join(self.messages)

    def as_validation_error(self) -> ValidationError:
        if self.by_field:
            return ValidationError(self.by_field)
        return ValidationError(self.messages)

    def add_to_form(self, form) -> None:
        """Show the refusal beside its field (or above the form) and keep what was typed."""
        fields = getattr(form, "fields", {})
        if not self.by_field:
            for message in self.messages:
                form.add_error(None, message)
            return
        for name, messages in self.by_field.items():
            for message in messages:
                form.add_error(name if name in fields else None, message)
