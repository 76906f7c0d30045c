"""How Remote Access readiness is shown: each step said as a thing still to do.

The steps' own labels (``agreements.readiness``) say the step is done ("Gebruikersverklaring
ondertekend"); where a step is missing, the person reads what to do instead, under "Nog te doen".
"""

from django.utils.translation import gettext_lazy as _

TODO_LABELS = {
    "user_declaration": _("Sign the user declaration"),
    "confidentiality": _("Have a confidentiality declaration approved (or renewed)"),
    "awareness": _("Pass the awareness test"),
    "pid_code": _("Receive a PID code from CBS"),
    "rsa_token": _("Receive a valid RSA token from CBS"),
}


def todo_label(step) -> str:
    """What is still to do for a missing step (its own label where none is written here)."""
    return str(TODO_LABELS.get(step.key, step.label))


def done_steps(readiness) -> list:
    """The steps the person has done, in their order."""
    return [step for step in readiness.steps if step.done]
