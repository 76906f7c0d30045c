"""The active CBS staff as choices (a project's CBS contact in the back office), kept until a
login, person or institution is written (``portal.kept``): what ``User.objects.cbs_staff()``
selects and how each reads (``User.__str__``: the person's name and institution, else the login
address). Read on every change page of a project, the query and its rows took an eighth of the
page's CPU in-process: 96.7 -> 91.9 million instructions a request at scale 1 (benchmarks/
README.md). What is posted is still checked against the queryset itself."""

from accounts.models import Institution, Person, User
from portal.kept import forget, forget_on_writes, kept

_STAMP = "accounts.staff_choices.stamp"


def cbs_staff_choices() -> list[tuple[int, str]]:
    """(pk, text) of each active CBS staff login, in ``cbs_staff()``'s order."""
    return kept(
        "accounts.staff_choices",
        lambda: [(user.pk, str(user)) for user in User.objects.cbs_staff()],
        stamps=[_STAMP],
    )


def _written(sender, instance, update_fields=None, **kwargs) -> None:
    # A sign-in saves the login's last_login only, which no choice shows.
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    forget([_STAMP])


def connect() -> None:
    """From accounts' ready(): a login, person or institution written forgets the choices."""
    forget_on_writes([User, Person, Institution], _written, "accounts.staff_choices")
